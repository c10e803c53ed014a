//! A synthetic stack for benchmarks: the stack is in `stack.rs`.
//!
//! `cargo run --release --example scale -- render prod`

mod stack;

// The same allocator as the repository's own binary, so benchmarks measure what users run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use rustomize::Project;

/// How many apps, from `SCALE_APPS` (default 200).
fn apps_from_env() -> usize {
    std::env::var("SCALE_APPS").ok().and_then(|v| v.parse().ok()).unwrap_or(200)
}

/// The example's project; its tree is scratch output under `target/`, not committed.
fn project() -> Project {
    Project::new(
        concat!(env!("CARGO_MANIFEST_DIR"), "/target/scale-generated"),
        vec![stack::prod(apps_from_env())],
    )
    .command("cargo run --release --example scale --")
}

fn main() -> std::process::ExitCode {
    rustomize::cli::run(project)
}
