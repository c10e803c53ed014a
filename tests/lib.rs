//! The integration test binary: one binary for every area, sharing the begbot environments.

#[path = "../environments/mod.rs"]
mod environments;

mod access;
mod adversarial;
mod api;
mod capabilities;
mod catalogue;
mod cli;
mod compose;
mod crds;
mod diff;
mod drift;
mod examples;
mod explain;
mod fixtures;
mod fleet;
mod generated;
mod hostile;
mod hostile_import;
mod import;
mod import_crds;
mod kubectl;
mod layering;
mod locations;
mod parity;
mod raw;
mod readme;
mod render;
mod safety;
mod settings;
mod transform;
mod validate;
mod versions;
mod yaml;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// insta settings: snapshots in the top-level `snapshots/`, named without a module prefix.
pub fn insta_settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots"));
    s.set_prepend_module_to_snapshot(false);
    s.set_omit_expression(true);
    s
}

/// The project of the example called `name`.
pub fn examples_project(name: &str) -> rustomize::Project {
    examples::projects()
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, p)| p)
        .unwrap_or_else(|| panic!("no example `{name}`"))
}

/// The corpus's CRD sets (`../shared/corpus/crds`), or `None` (and a note) where the corpus is
/// not beside the repository; CI always has it, so there its absence fails the test.
pub fn corpus_crds() -> Option<PathBuf> {
    let dir = root().join("../shared/corpus/crds");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(std::env::var_os("CI").is_none(), "../shared/corpus is required in CI");
    eprintln!("note: ../shared/corpus/crds is not here; skipped");
    None
}

/// The repository root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the `rustomize` binary with `args` from the repository root.
pub fn rustomize(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rustomize"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap_or_else(|e| panic!("cannot run rustomize: {e}"))
}

/// Whether the imported project in `dir` compiles and passes its own `check` (its code
/// renders the trees import wrote); every such project shares one target directory.
pub fn imported_project_checks(dir: &Path) -> bool {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    Command::new(cargo)
        .args(["run", "--quiet", "--offline", "--", "check"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", root().join("target/hostile-import"))
        .status()
        .unwrap_or_else(|e| panic!("cargo: {e}"))
        .success()
}

/// Runs `git args` in `dir` as a test user, failing the test if git fails.
pub fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("git: {e}"));
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// stdout and stderr of a finished command, as text.
pub fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// `kubectl` with no cluster configured, or `None` (and a note) where it is not installed;
/// CI always has it, so there a missing kubectl fails the test.
pub fn kubectl(what: &str) -> Option<Command> {
    let ok = Command::new("kubectl")
        .args(["version", "--client"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(std::env::var_os("CI").is_none(), "kubectl is required in CI");
        eprintln!("note: kubectl is not installed; skipping {what}");
        return None;
    }
    let mut cmd = Command::new("kubectl");
    cmd.env("KUBECONFIG", "/dev/null");
    Some(cmd)
}

/// A copy of `generated/` in a fresh temporary directory.
pub fn copy_of_generated() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let dst = tmp.path().join("generated");
    copy_dir(&root().join("generated"), &dst);
    (tmp, dst)
}

fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap_or_else(|e| panic!("create {}: {e}", dst.display()));
    for entry in std::fs::read_dir(src).unwrap_or_else(|e| panic!("read {}: {e}", src.display())) {
        let entry = entry.unwrap_or_else(|e| panic!("read entry: {e}"));
        let to = dst.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &to);
        } else {
            std::fs::copy(entry.path(), &to)
                .unwrap_or_else(|e| panic!("copy to {}: {e}", to.display()));
        }
    }
}
