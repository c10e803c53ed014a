//! The srvthreds stack (seed 001) on a fleet: three clusters in two regions, delivered by
//! Argo CD and Flux. The fleet is in `stack.rs`; the stack is srvthreds' own.
//!
//! `cargo run --example fleet -- render eu-1-prod`

#[allow(dead_code)]
#[path = "../srvthreds/stack.rs"]
mod srvthreds;
mod stack;

fn main() -> std::process::ExitCode {
    rustomize::cli::run(stack::project)
}
