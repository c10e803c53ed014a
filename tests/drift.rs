//! The drift gate: in a temporary copy of `generated/`, each kind of drift makes `check` exit 1
//! and name the file; `generate` repairs it.

use std::fs;

use crate::{copy_of_generated, git, rustomize, text};

fn check(dir: &std::path::Path) -> (Option<i32>, String) {
    let out = rustomize(&["check", "--dir", &dir.display().to_string()]);
    (out.status.code(), text(&out).1)
}

#[test]
fn a_modified_file_is_reported_with_a_diff() {
    let (_tmp, dir) = copy_of_generated();
    let file = dir.join("overlays/prod/18-deployment-api.yaml");
    let body = fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}"));
    // Whatever tag is deployed today (`set-image` bumps it), so a release never breaks this.
    let image = body
        .lines()
        .find_map(|l| l.trim().strip_prefix("image: "))
        .unwrap_or_else(|| panic!("no image in {body}"))
        .to_owned();
    fs::write(&file, body.replace(&format!("image: {image}"), "image: ghcr.io/begbot/api:6.6.6"))
        .unwrap_or_else(|e| panic!("{e}"));
    let (code, stderr) = check(&dir);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("changed:  ") && stderr.contains("overlays/prod/18-deployment-api.yaml"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "-        image: ghcr.io/begbot/api:6.6.6\n+        image: {image}\n"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("help: run `cargo run -- generate` and commit the result"), "{stderr}");
}

#[test]
fn a_deleted_file_is_reported_missing() {
    let (_tmp, dir) = copy_of_generated();
    fs::remove_file(dir.join("services/db/19-statefulset-db.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let (code, stderr) = check(&dir);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("missing:  ") && stderr.contains("services/db/19-statefulset-db.yaml"),
        "{stderr}"
    );
}

#[test]
fn a_stray_file_is_reported_orphaned() {
    let (_tmp, dir) = copy_of_generated();
    fs::write(dir.join("overlays/dev/99-stray.yaml"), "kind: ConfigMap\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let (code, stderr) = check(&dir);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("orphaned: ") && stderr.contains("overlays/dev/99-stray.yaml"),
        "{stderr}"
    );
}

#[test]
fn generate_repairs_every_kind_of_drift_and_check_passes_again() {
    let (_tmp, dir) = copy_of_generated();
    fs::write(dir.join("base/13-service-api.yaml"), "tampered\n").unwrap_or_else(|e| panic!("{e}"));
    fs::remove_file(dir.join("base/13-service-frontend.yaml")).unwrap_or_else(|e| panic!("{e}"));
    fs::create_dir_all(dir.join("overlays/staging")).unwrap_or_else(|e| panic!("{e}"));
    fs::write(dir.join("overlays/staging/00-namespace-x.yaml"), "x\n")
        .unwrap_or_else(|e| panic!("{e}"));
    // Hand-written files (no generated header) are not replaced without `--force`.
    let refused = rustomize(&["generate", "--dir", &dir.display().to_string()]);
    assert_eq!(refused.status.code(), Some(1));
    let stderr = text(&refused).1;
    assert!(
        stderr.contains("2 files rustomize did not write") && stderr.contains("--force"),
        "{stderr}"
    );
    assert!(dir.join("overlays/staging/00-namespace-x.yaml").exists(), "nothing was written");
    let out = rustomize(&["generate", "--force", "--dir", &dir.display().to_string()]);
    assert!(out.status.success(), "{}", text(&out).1);
    assert_eq!(check(&dir).0, Some(0));
    assert!(!dir.join("overlays/staging").exists(), "a tree no target produces is removed");
    let copy = crate::root().join("generated/base/13-service-api.yaml");
    assert_eq!(fs::read(dir.join("base/13-service-api.yaml")).ok(), fs::read(copy).ok());
}

/// The hooks run `check --staged`: it passes only when what git would commit is what was
/// checked, in a real repository.
#[test]
fn check_staged_fails_on_untracked_or_unstaged_generated_files() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    git(tmp.path(), &["init", "-q"]);
    let mut project = crate::environments::project();
    project.generated_dir = tmp.path().join("generated");
    let run = |p: &rustomize::Project, args: &[&str]| {
        rustomize::cli::run_args(
            p.clone(),
            std::iter::once("rustomize").chain(args.iter().copied()),
        )
    };
    assert_eq!(run(&project, &["generate"]), 0);
    assert_eq!(run(&project, &["check"]), 0, "the working tree matches the code");
    assert_eq!(run(&project, &["check", "--staged"]), 1, "but nothing is in git yet");
    git(tmp.path(), &["add", "generated"]);
    assert_eq!(run(&project, &["check", "--staged"]), 0);
    git(tmp.path(), &["commit", "-qm", "trees"]);
    // A config change renames a hashed ConfigMap: `generate`, then `commit -a` would leave
    // the new file out.
    let prod = &mut project.environments[2];
    for app in prod.apps.iter_mut().filter(|a| a.name == "api") {
        app.config.data.insert("FEATURE".into(), "on".into());
    }
    assert_eq!(run(&project, &["generate"]), 0);
    assert_eq!(run(&project, &["check", "--staged"]), 1, "the new ConfigMap is untracked");
    git(tmp.path(), &["add", "-u"]);
    assert_eq!(run(&project, &["check", "--staged"]), 1, "still untracked after `add -u`");
    git(tmp.path(), &["add", "generated"]);
    assert_eq!(run(&project, &["check", "--staged"]), 0);
    for hook in ["hooks/pre-commit", ".pre-commit-hooks.yaml"] {
        let text = fs::read_to_string(crate::root().join(hook)).unwrap_or_default();
        assert!(text.contains("check --staged"), "{hook} must run `check --staged`");
    }
    let config =
        fs::read_to_string(crate::root().join(".pre-commit-config.yaml")).unwrap_or_default();
    assert!(config.contains("entry: hooks/pre-commit"), "pre-commit must run the same hook");
}
