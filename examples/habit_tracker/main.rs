//! Seed 004, the habit tracker: the stack is in `stack.rs`.
//!
//! `cargo run --example habit_tracker -- render local`

mod stack;

fn main() -> std::process::ExitCode {
    rustomize::cli::run(stack::project)
}
