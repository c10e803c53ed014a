//! Benchmarks of each stage on the `scale` example's stack at 10 to 10,000 apps.
//! `cargo bench` (divan prints the median, fastest and slowest of each).

use rustomize::output;

// `environment` is the scale binary's (`bench/fleet.sh`).
#[allow(dead_code)]
#[path = "../examples/scale/stack.rs"]
mod scale;

// As in the binaries: the benchmarks measure the allocator users run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SIZES: [usize; 4] = [10, 100, 1_000, 10_000];

fn main() {
    divan::main();
}

/// Validation alone: every check over every app.
#[divan::bench(args = SIZES, sample_count = 10)]
fn validate(bencher: divan::Bencher, apps: usize) {
    let env = scale::prod(apps);
    bencher.bench(|| rustomize::validate(divan::black_box(&env)));
}

/// Model → k8s-openapi objects, with validation and every transform.
#[divan::bench(args = SIZES, sample_count = 10)]
fn render(bencher: divan::Bencher, apps: usize) {
    let env = scale::prod(apps);
    bencher.bench(|| rustomize::render(divan::black_box(&env)));
}

/// Objects → the YAML stream `render` prints (legacy order, canonical keys).
#[divan::bench(args = SIZES, sample_count = 10)]
fn serialise(bencher: divan::Bencher, apps: usize) {
    let rendered = rustomize::render(&scale::prod(apps)).unwrap_or_default();
    bencher.bench(|| output::stream(divan::black_box(&rendered)));
}

/// `check` of an unchanged tree: render, serialise, read every file back, compare bytes.
#[divan::bench(args = SIZES, sample_count = 10)]
fn check_unchanged(bencher: divan::Bencher, apps: usize) {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = tmp.path().join("generated");
    let project = rustomize::Project::new(&dir, vec![scale::prod(apps)]).command("cargo bench --");
    let files = rustomize::render_all(&project).unwrap_or_default();
    output::generate(&dir, &files).unwrap_or_else(|e| panic!("{e}"));
    bencher.bench(|| {
        let files = rustomize::render_all(&project).unwrap_or_default();
        let drift = output::check(&dir, &files).unwrap_or_default();
        assert!(drift.is_clean());
    });
}

#[allow(dead_code)]
#[path = "../examples/srvthreds/stack.rs"]
mod srvthreds;

/// Every tree of srvthreds' `dev` and `prod` on `clusters` clusters (the scale example's
/// fleet), with their Argo CD and Flux trees (checked against the corpus's CRDs when it is
/// beside the repository): what `generate` renders before it writes.
#[divan::bench(args = [1, 10, 100], sample_count = 10)]
fn fleet_srvthreds(bencher: divan::Bencher, clusters: usize) {
    let fleet =
        rustomize::Fleet { name: "srvthreds".into(), ..scale::fleet(clusters, &["dev", "prod"]) };
    let project = rustomize::Project::new("generated", vec![srvthreds::dev(), srvthreds::prod()])
        .fleet(fleet);
    bencher.bench(|| {
        let files = rustomize::render_all(divan::black_box(&project));
        assert!(files.is_ok());
        files
    });
}
