//! Seed 002, the todo AI chatbot on Minikube: the stack is in `stack.rs`.
//!
//! `cargo run --example todo_chatbot -- render minikube`

mod stack;

fn main() -> std::process::ExitCode {
    rustomize::cli::run(stack::project)
}
