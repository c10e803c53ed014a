//! The committed `generated/` is exactly what the code renders now.

use crate::{environments, root};

#[test]
fn generated_equals_a_fresh_render() {
    let project = environments::project();
    let files = rustomize::render_all(&project).unwrap_or_else(|e| panic!("{e}"));
    let drift = rustomize::output::check(&root().join("generated"), &files)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(drift.is_clean(), "{}", drift.report("generated", "cargo run -- generate"));
}

#[test]
fn every_tree_starts_with_its_namespace() {
    let project = environments::project();
    let files = rustomize::render_all(&project).unwrap_or_else(|e| panic!("{e}"));
    for env in &project.environments {
        let first = files.keys().find(|path| path.starts_with(&format!("{}/", env.tree)));
        let first = first.unwrap_or_else(|| panic!("tree `{}` is empty", env.tree));
        match &env.namespace {
            Some(ns) => assert_eq!(first, &format!("{}/00-namespace-{ns}.yaml", env.tree)),
            None => assert!(!first.contains("namespace"), "{first}"),
        }
    }
}

#[test]
fn no_secret_with_data_under_generated() {
    let files =
        rustomize::output::read_tree(&root().join("generated")).unwrap_or_else(|e| panic!("{e}"));
    assert!(!files.is_empty());
    for (path, bytes) in files {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("\nkind: Secret\n"), "{path} holds a Secret");
        assert!(!text.contains("stringData"), "{path} holds stringData");
    }
}

#[test]
fn every_file_has_the_header_lf_and_a_trailing_newline() {
    let files =
        rustomize::output::read_tree(&root().join("generated")).unwrap_or_else(|e| panic!("{e}"));
    let header = rustomize::output::header("cargo run -- generate");
    for (path, bytes) in files {
        let text = String::from_utf8(bytes).unwrap_or_else(|_| panic!("{path} is not UTF-8"));
        assert!(text.ends_with('\n') && !text.ends_with("\n\n"), "{path}");
        assert!(!text.contains('\r'), "{path} has CR");
        if path.ends_with("/secrets.env.example") {
            // Keys only: every non-comment line is `KEY=` with nothing after it.
            assert!(
                text.lines().all(|l| l.is_empty() || l.starts_with('#') || l.ends_with('=')),
                "{path}"
            );
            continue;
        }
        assert!(text.starts_with(&header), "{path}");
        assert!(path.ends_with(".yaml"), "{path}");
    }
}
