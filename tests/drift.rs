//! The drift gate: in a temporary copy of `generated/`, each kind of drift makes `check` exit 1
//! and name the file; `generate` repairs it.

use std::fs;

use crate::{copy_of_generated, rustomize, text};

fn check(dir: &std::path::Path) -> (Option<i32>, String) {
    let out = rustomize(&["check", "--dir", &dir.display().to_string()]);
    (out.status.code(), text(&out).1)
}

#[test]
fn a_modified_file_is_reported_with_a_diff() {
    let (_tmp, dir) = copy_of_generated();
    let file = dir.join("overlays/prod/18-deployment-api.yaml");
    let body = fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}"));
    fs::write(
        &file,
        body.replace("image: ghcr.io/begbot/api:1.6.0", "image: ghcr.io/begbot/api:6.6.6"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (code, stderr) = check(&dir);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("changed:  ") && stderr.contains("overlays/prod/18-deployment-api.yaml"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "-        image: ghcr.io/begbot/api:6.6.6\n+        image: ghcr.io/begbot/api:1.6.0\n"
        ),
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
    let out = rustomize(&["generate", "--dir", &dir.display().to_string()]);
    assert!(out.status.success(), "{}", text(&out).1);
    assert_eq!(check(&dir).0, Some(0));
    assert!(!dir.join("overlays/staging").exists(), "a tree no target produces is removed");
    let copy = crate::root().join("generated/base/13-service-api.yaml");
    assert_eq!(fs::read(dir.join("base/13-service-api.yaml")).ok(), fs::read(copy).ok());
}
