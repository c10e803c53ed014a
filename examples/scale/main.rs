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

/// How many clusters, from `SCALE_CLUSTERS` (default none: one `prod` tree).
fn clusters_from_env() -> usize {
    std::env::var("SCALE_CLUSTERS").ok().and_then(|v| v.parse().ok()).unwrap_or(0)
}

/// The example's project; its tree is scratch output under `target/`, not committed. With
/// `SCALE_CLUSTERS=N`, `dev`, `staging` and `prod` on N clusters (the fleet benchmark).
fn project() -> Project {
    let (apps, clusters) = (apps_from_env(), clusters_from_env());
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/target/scale-generated");
    let project = if clusters == 0 {
        Project::new(dir, vec![stack::prod(apps)])
    } else {
        let envs = ["dev", "staging", "prod"].map(|e| stack::environment(e, apps)).to_vec();
        let mut fleet = stack::fleet(clusters, &["dev", "staging", "prod"]);
        // Each cluster scales one app its own way.
        for (c, cluster) in fleet.clusters.iter_mut().enumerate() {
            cluster.replicas = vec![rustomize::Replicas::new(&stack::name(0), 2 + (c % 5) as u32)];
        }
        Project::new(dir, envs).fleet(fleet)
    };
    project.command("cargo run --release --example scale --")
}

fn main() -> std::process::ExitCode {
    rustomize::cli::run(project)
}
