//! The codegen binary: this repository's environments plus the library's command line.

use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../environments/mod.rs"]
mod environments;

fn main() -> ExitCode {
    rustomize::cli::run(environments::project)
}
