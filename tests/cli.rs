//! The command line: exit codes and what it prints.

use crate::{rustomize, text};

#[test]
fn render_prod_prints_the_stream_in_legacy_order() {
    let out = rustomize(&["render", "prod"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.starts_with("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: begbot-prod\n"),
        "{stdout}"
    );
    let kinds: Vec<&str> = stdout.lines().filter_map(|l| l.strip_prefix("kind: ")).collect();
    let first = |k: &str| kinds.iter().position(|x| *x == k).unwrap_or_else(|| panic!("no {k}"));
    assert!(first("Namespace") < first("ConfigMap"));
    assert!(first("ConfigMap") < first("Service"));
    assert!(first("Service") < first("Deployment"));
    assert!(first("Deployment") < first("PodDisruptionBudget"));
    assert!(first("PodDisruptionBudget") < first("HorizontalPodAutoscaler"));
    assert_eq!(
        stdout.matches("\n---\n").count() + 1,
        kinds.len(),
        "documents are separated by ---"
    );
}

#[test]
fn render_accepts_the_tree_path() {
    let by_name = rustomize(&["render", "prod"]);
    let by_tree = rustomize(&["render", "overlays/prod"]);
    assert!(by_tree.status.success());
    assert_eq!(by_name.stdout, by_tree.stdout);
}

#[test]
fn unknown_target_exits_2_with_a_suggestion_and_the_targets() {
    let out = rustomize(&["render", "prd"]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout.is_empty());
    // Every target is listed, whatever targets a team adds.
    let names: Vec<String> =
        crate::environments::all().iter().map(|e| format!("`{}`", e.name)).collect();
    assert_eq!(
        stderr,
        format!(
            "error: unknown target `prd`\nhelp: did you mean `prod`?\n  = expected one of: {}\n",
            names.join(", ")
        )
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(rustomize(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(rustomize(&["render"]).status.code(), Some(2));
}

#[test]
fn help_explains_every_command() {
    let out = rustomize(&["--help"]);
    let (stdout, _) = text(&out);
    assert!(out.status.success());
    for command in ["render", "generate", "check", "list", "Exit status"] {
        assert!(stdout.contains(command), "--help does not mention {command}:\n{stdout}");
    }
}

#[test]
fn list_shows_targets_trees_and_object_counts() {
    let out = rustomize(&["list"]);
    let (stdout, _) = text(&out);
    assert!(out.status.success());
    let project = crate::environments::project();
    let rows: Vec<Vec<&str>> = stdout
        .lines()
        .skip(1)
        .take(project.environments.len())
        .map(|l| l.split_whitespace().collect())
        .collect();
    for (row, env) in rows.iter().zip(&project.environments) {
        let count =
            rustomize::render(env).unwrap_or_else(|e| panic!("{e}")).objects.len().to_string();
        let version = match &env.kubernetes {
            Some(v) => vec![v.as_str()],
            None => vec![rustomize::KUBERNETES_VERSION, "(default)"],
        };
        let mut want = vec![env.name.as_str(), env.tree.as_str()];
        want.extend(version);
        want.push(count.as_str());
        assert_eq!(row, &want);
    }
}

#[test]
fn check_passes_on_the_committed_tree() {
    let out = rustomize(&["check"]);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}
