# rustomize: typed Kubernetes manifests. `just` lists the recipes.

# list the recipes
default:
    @just --list --unsorted

# print one target's YAML stream, e.g. `just render prod`
render target:
    cargo run --quiet -- render {{target}}

# write every tree under generated/ from environments/
generate:
    cargo run --quiet -- generate

# fail with a diff when generated/ differs from the code
check:
    cargo run --quiet -- check

# run every test (the README's command)
test:
    cargo test

# accept changed snapshots, then review them with `git diff snapshots/`
accept:
    INSTA_UPDATE=always cargo test
    rm -f snapshots/*.snap.new

# formatting and clippy, as CI runs them
lint:
    cargo fmt --all -- --check
    cargo clippy --all-targets -- -D warnings

# run the drift check before every commit
install-hook:
    ln -sf ../../hooks/pre-commit "$(git rev-parse --git-path hooks)/pre-commit"
    @echo "installed: .git/hooks/pre-commit runs \`cargo run -- check\`"

# everything CI runs
ci:
    bash .ci/run

# benchmarks: per-stage (divan), then rustomize against kubectl kustomize into BENCHMARKS.md
bench:
    cargo bench --bench render
    bench/compare.sh
