//! `diff`: two targets, or a target now against its tree at a git revision; risks first,
//! Secret values never shown; exit 0 equal, 1 different, 2 error.

use std::fs;

use crate::{git, insta_settings, rustomize, text};

#[test]
fn dev_against_prod_as_text_and_markdown() {
    for (format, name) in [("text", "diff_dev_prod_text"), ("markdown", "diff_dev_prod_markdown")] {
        let out = rustomize(&["diff", "dev", "prod", "--format", format]);
        let (stdout, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        insta_settings().bind(|| insta::assert_snapshot!(name, stdout));
    }
    let same = rustomize(&["diff", "prod", "prod"]);
    assert_eq!(same.status.code(), Some(0));
}

#[test]
fn errors_exit_2() {
    for args in [
        vec!["diff", "dev", "prd"],
        vec!["diff", "dev", "--since", "--output=/tmp/x"],
        vec!["diff", "dev"],
    ] {
        let out = rustomize(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out).1);
    }
}

#[test]
fn since_a_revision_shows_what_the_change_does() {
    let (tmp, dir) = crate::copy_of_generated();
    let repo = tmp.path();
    git(repo, &["init", "-q"]);
    // The committed tree runs 2 frontend replicas and holds a hand-added Secret; the code
    // says 3 and has none.
    let frontend = dir.join("overlays/prod/18-deployment-frontend.yaml");
    let committed =
        fs::read_to_string(&frontend).unwrap_or_default().replace("replicas: 3", "replicas: 2");
    fs::write(&frontend, committed).unwrap_or_else(|e| panic!("{e}"));
    let leaked = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: leaked\n  namespace: begbot-prod\nstringData:\n  token: hunter2-never-printed\n";
    fs::write(dir.join("overlays/prod/11-secret-leaked.yaml"), leaked)
        .unwrap_or_else(|e| panic!("{e}"));
    git(repo, &["add", "."]);
    git(repo, &["commit", "-q", "-m", "before"]);
    let since = |format: &str| {
        rustomize(&[
            "diff",
            "prod",
            "--since",
            "HEAD",
            "--format",
            format,
            "--dir",
            &dir.display().to_string(),
        ])
    };
    let out = since("text");
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stdout.starts_with("diff `prod@HEAD` → `prod`: 1 changed, 0 added, 1 removed"),
        "{stdout}"
    );
    assert!(stdout.contains("~ Deployment `frontend`\n    spec.replicas: 2 → 3\n"), "{stdout}");
    assert!(stdout.contains("- Secret `leaked`"), "{stdout}");
    let markdown = text(&since("markdown")).0;
    for out in [&stdout, &markdown] {
        assert!(!out.contains("hunter2"), "{out}");
    }

    // Committed as rendered: nothing to show.
    let tree = "overlays/prod";
    fs::remove_dir_all(dir.join(tree)).unwrap_or_else(|e| panic!("{e}"));
    crate::copy_dir(&crate::root().join("generated").join(tree), &dir.join(tree));
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", "after"]);
    assert_eq!(since("text").status.code(), Some(0), "{}", text(&since("text")).0);
}
