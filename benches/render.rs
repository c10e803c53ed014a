//! Benchmarks of each stage on the `scale` example's stack at 10 to 10,000 apps.
//! `cargo bench` (divan prints the median, fastest and slowest of each).

use rustomize::output;

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
