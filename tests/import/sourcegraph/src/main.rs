//! The codegen binary: this project's environments plus rustomize's command line.

mod apps;
mod environments;
mod shared;

fn main() -> std::process::ExitCode {
    rustomize::cli::run(environments::project)
}
