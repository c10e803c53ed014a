//! `explain`: a rendered field's value, the Rust line that set it, and each value it
//! overrode; and `check`'s warnings about overrides that change nothing.

use rustomize::k8s::api::apps::v1::Deployment;
use rustomize::{App, Container, Environment, Image, Overlay, Patch, Replicas, Select, history};

use crate::{rustomize as run, text};

/// `(line of App::new, line of App::with, line of the patch, environment)`.
fn stack(patched: bool) -> (u32, u32, u32, Environment) {
    let new_line = line!() + 1;
    let mut base = App::new("api");
    base.containers = vec![Container {
        name: "api".into(),
        image: Image::tag("ghcr.io/acme/api", "1.0.0"),
        ..Container::default()
    }];
    let with_line = line!() + 1;
    let app = base.with(Overlay { replicas: Some(2), ..Overlay::default() });
    let patch_line = line!() + 1;
    let patch = Patch::on(Select::name("api"), |d: &mut Deployment| {
        if let Some(spec) = d.spec.as_mut() {
            spec.replicas = Some(5);
        }
    });
    let env = Environment {
        name: "prod".into(),
        tree: "prod".into(),
        apps: vec![app],
        patches: if patched { vec![patch] } else { Vec::new() },
        ..Environment::default()
    };
    (new_line, with_line, patch_line, env)
}

#[test]
fn a_value_set_by_the_app_an_overlay_and_a_patch_names_each_line() {
    let ((new_line, with_line, patch_line, env), history) = history::collect(|| stack(true));
    let explained = rustomize::explain::explain(&env, &history, "deployment/api", "spec.replicas")
        .unwrap_or_else(|e| panic!("{e}"));
    let steps: Vec<(Option<&str>, &str, Option<&str>)> = explained
        .steps
        .iter()
        .map(|s| (s.value.as_deref(), s.by.as_str(), s.at.as_deref()))
        .collect();
    let here = |line: u32| format!("tests/explain.rs:{line}");
    assert_eq!(steps.len(), 3, "{steps:?}");
    assert_eq!(steps[0].0, Some("1"));
    assert_eq!(steps[0].2, Some(here(new_line).as_str()), "the app's default, at App::new");
    assert_eq!(
        (steps[1].0, steps[1].1, steps[1].2),
        (Some("2"), "App::with", Some(here(with_line).as_str()))
    );
    assert_eq!(
        (steps[2].0, steps[2].1, steps[2].2),
        (Some("5"), "patch", Some(here(patch_line).as_str()))
    );
    let printed = explained.print();
    assert!(
        printed.starts_with(
            "Deployment `api` spec.replicas: 5\n  set by   patch at tests/explain.rs:"
        ),
        "{printed}"
    );
}

#[test]
fn an_environment_override_is_a_step_of_its_own() {
    let ((_, with_line, _, mut env), history) = history::collect(|| stack(false));
    env.replicas = vec![Replicas::new("api", 4)];
    let explained = rustomize::explain::explain(&env, &history, "deployment/api", "spec.replicas")
        .unwrap_or_else(|e| panic!("{e}"));
    let last = explained.steps.last().map(|s| (s.value.clone(), s.by.clone()));
    assert_eq!(last, Some((Some("4".into()), "replica override of environment `prod`".into())));
    assert!(
        explained
            .steps
            .iter()
            .any(|s| s.at.as_deref() == Some(format!("tests/explain.rs:{with_line}").as_str()))
    );
}

#[test]
fn a_list_item_is_named_by_its_name() {
    let ((new_line, ..), history) = history::collect(|| stack(false));
    let (_, _, _, env) = stack(false);
    let explained = rustomize::explain::explain(
        &env,
        &history,
        "Deployment/api",
        "spec.template.spec.containers[api].image",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(explained.steps.len(), 1);
    assert_eq!(explained.steps[0].value.as_deref(), Some("ghcr.io/acme/api:1.0.0"));
    assert!(explained.steps[0].at.as_deref().is_some_and(|a| a.ends_with(&format!(":{new_line}"))));
    let err = rustomize::explain::explain(&env, &history, "deployment/nope", "spec.replicas")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("renders no deployment named `nope`"), "{err}");
}

#[test]
fn overrides_that_change_nothing_or_are_set_again_are_warned_about() {
    let (env, history) = history::collect(|| {
        let app = App::new("api")
            .with(Overlay { replicas: Some(1), ..Overlay::default() })
            .with(Overlay { replicas: Some(3), ..Overlay::default() });
        Environment {
            name: "t".into(),
            tree: "t".into(),
            apps: vec![app],
            ..Environment::default()
        }
    });
    let warnings = history.warnings(&env).join("\n");
    assert!(
        warnings.contains("sets `replicas` of app `api` to the value it already has"),
        "{warnings}"
    );
    assert!(
        warnings.contains("`replicas` of app `api` set by the overlay at tests/explain.rs:"),
        "{warnings}"
    );
    assert!(warnings.contains("is set again at tests/explain.rs:"), "{warnings}");
}

#[test]
fn environment_overrides_that_change_nothing_or_replace_an_overlay_are_warned_about() {
    let (mut env, history) = history::collect(|| stack(false).3);
    env.replicas = vec![Replicas::new("api", 2)];
    env.images = vec![rustomize::ImageOverride::tag("ghcr.io/acme/api", "1.0.0")];
    let warnings = history.warnings(&env).join("\n");
    assert!(warnings.contains("the replica override of `api` in environment `prod` sets the count the app already has (2)"), "{warnings}");
    assert!(warnings.contains("the image override of `ghcr.io/acme/api` in environment `prod` sets the tag `1.0.0` its apps already run"), "{warnings}");
    env.replicas = vec![Replicas::new("api", 4)];
    let warnings = history.warnings(&env).join("\n");
    assert!(
        warnings.contains("`replicas` of app `api` set by the overlay at tests/explain.rs:"),
        "{warnings}"
    );
    assert!(
        warnings.contains("is set again by environment `prod`'s replica override"),
        "{warnings}"
    );
}

#[test]
fn the_cli_explains_a_field_of_this_repository() {
    let out = run(&[
        "explain",
        "prod",
        "deployment/api",
        "spec.template.spec.containers[api].resources.limits.memory",
    ]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("set by   App::with at environments/overlays/prod.rs:"), "{stdout}");
    assert!(
        stdout.contains(
            "overrode app `api` (App::new, or the model's default) at environments/services/api.rs:"
        ),
        "{stdout}"
    );
    // This repository's overlays all change something.
    let check = run(&["check"]);
    assert!(check.status.success());
    assert!(!text(&check).1.contains("warning:"), "{}", text(&check).1);
}
