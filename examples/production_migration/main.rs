//! Seed 003, the production migration: the stack is in `stack.rs`.
//!
//! `cargo run --example production_migration -- render production`

mod stack;

fn main() -> std::process::ExitCode {
    rustomize::cli::run(stack::project)
}
