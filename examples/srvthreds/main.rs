//! Seed 001, SrvThreds: the stack is in `stack.rs`.
//!
//! `cargo run --example srvthreds -- render minikube`

mod stack;

fn main() -> std::process::ExitCode {
    rustomize::cli::run(stack::project)
}
