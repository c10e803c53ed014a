//! Custom resources checked against their CRDs' schemas offline: every upstream example in
//! the corpus (`../shared/corpus/crds/*/examples`) passes its CRD, and a broken one is refused
//! at the field that breaks it.

use std::path::{Path, PathBuf};

use rustomize::{Environment, RawYaml, render};

/// The corpus's CRD sets, or `None` (and a note) where it is not beside the repository; CI
/// always has it.
fn corpus() -> Option<PathBuf> {
    crate::corpus_crds()
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    files
}

fn env(crds: &Path, raw: Vec<RawYaml>) -> Environment {
    Environment {
        name: "t".into(),
        tree: "t".into(),
        crds: yaml_files(crds).into_iter().map(RawYaml::file).collect(),
        raw,
        ..Environment::default()
    }
}

/// The schema problems of a render, one line each; other problems (not this test's) left out.
fn schema_problems(env: &Environment) -> Vec<String> {
    match render(env) {
        Ok(_) => Vec::new(),
        Err(rustomize::Error::Invalid(problems)) => problems
            .into_iter()
            .filter(|d| d.expected.as_deref().is_some_and(|e| e.contains("CRD's schema")))
            .map(|d| format!("{} {}: {}", d.object, d.field, d.message))
            .collect(),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn every_upstream_example_passes_its_crd() {
    let Some(corpus) = corpus() else { return };
    let mut checked = 0;
    for set in ["argo-cd", "cert-manager", "flux", "gateway-api", "prometheus-operator"] {
        for example in yaml_files(&corpus.join(set).join("examples")) {
            let e = env(&corpus.join(set), vec![RawYaml::file(&example)]);
            let problems = schema_problems(&e);
            assert!(problems.is_empty(), "{}:\n{}", example.display(), problems.join("\n"));
            checked += 1;
        }
    }
    assert!(checked >= 10, "{checked} examples");
}

#[test]
fn a_broken_custom_resource_is_refused_at_its_field() {
    let Some(corpus) = corpus() else { return };
    let monitor = "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  endpoints:\n  - port: web\n    interval: 30s\n    scheme: htttp\n    honorLabels: \"yes\"\n  jobLabell: x\n";
    let e =
        env(&corpus.join("prometheus-operator"), vec![RawYaml::inline("monitor.yaml", monitor)]);
    let problems = schema_problems(&e).join("\n");
    for expected in [
        "ServiceMonitor `web` spec.endpoints[0].honorLabels: the value is a string, not a boolean",
        "ServiceMonitor `web` spec.jobLabell: the value is not a field of this schema; did you mean `jobLabel`?",
        "ServiceMonitor `web` spec.endpoints[0].scheme: the value is \"htttp\", not one of",
    ] {
        assert!(problems.contains(expected), "missing `{expected}` in:\n{problems}");
    }
    // Without the CRD it is not checked: an unknown kind is the cluster's business.
    let unchecked = Environment { crds: Vec::new(), ..e };
    assert!(schema_problems(&unchecked).is_empty());
}

#[test]
fn a_cel_rule_refuses_with_its_message() {
    let Some(corpus) = corpus() else { return };
    let route = |path: &str, backend: &str| {
        format!(
            "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: foo\nspec:\n  parentRefs:\n  - name: gw\n  rules:\n  - matches:\n    - path:\n        type: PathPrefix\n        value: {path}\n    backendRefs:\n    - name: foo-svc\n{backend}"
        )
    };
    let gateway_api = corpus.join("gateway-api");
    let ok = env(
        &gateway_api,
        vec![RawYaml::inline("route.yaml", &route("/login", "      port: 8080\n"))],
    );
    assert!(schema_problems(&ok).is_empty(), "{:?}", schema_problems(&ok));
    let bad = env(&gateway_api, vec![RawYaml::inline("route.yaml", &route("/a//b", ""))]);
    let problems = schema_problems(&bad).join("\n");
    for expected in [
        "HTTPRoute `foo` spec.rules[0].matches[0].path: the value fails the CRD's rule: must not contain '//' when type one of ['Exact', 'PathPrefix']",
        "HTTPRoute `foo` spec.rules[0].backendRefs[0]: the value fails the CRD's rule: Must have port for Service reference",
    ] {
        assert!(problems.contains(expected), "missing `{expected}` in:\n{problems}");
    }
}

#[test]
fn an_app_owns_its_custom_resources_labels_namespace_and_checks_included() {
    use rustomize::{App, Container, Expose, Image, Port};
    let Some(corpus) = corpus() else { return };
    let monitor = |interval: &str| {
        RawYaml::inline(
            "monitor.yaml",
            &format!(
                "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: web\n  labels:\n    team: shop\nspec:\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: web\n  endpoints:\n  - port: http\n    interval: {interval}\n"
            ),
        )
    };
    let web = |interval: &str| App {
        namespace: Some("shop".into()),
        annotations: [("owner".to_owned(), "team-shop".to_owned())].into(),
        containers: vec![Container {
            name: "web".into(),
            image: Image::tag("nginx", "1.27"),
            ports: vec![Port::http(8080)],
            ..Container::default()
        }],
        expose: Some(Expose::cluster_ip(&[("http", 80)])),
        resources: vec![monitor(interval)],
        ..App::new("web")
    };
    let mut e = env(&corpus.join("prometheus-operator"), Vec::new());
    e.apps = vec![web("30s")];
    let rendered = render(&e).unwrap_or_else(|err| panic!("{err}"));
    let found = rendered.objects.iter().find(|o| o.kind() == "ServiceMonitor");
    let found = found.unwrap_or_else(|| panic!("the app's ServiceMonitor is not rendered"));
    let v = found.to_json().unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(v.pointer("/metadata/namespace"), Some(&"shop".into()), "{v}");
    assert_eq!(v.pointer("/metadata/labels/app.kubernetes.io~1name"), Some(&"web".into()), "{v}");
    assert_eq!(v.pointer("/metadata/labels/team"), Some(&"shop".into()), "its own labels stay");
    assert_eq!(v.pointer("/metadata/annotations/owner"), Some(&"team-shop".into()), "{v}");
    // Checked against its CRD like raw YAML.
    e.apps = vec![web("thirty seconds")];
    let problems = schema_problems(&e).join("\n");
    assert!(problems.contains("ServiceMonitor `web` spec.endpoints[0].interval"), "{problems}");
    // An environment without the app has none of its resources.
    e.apps = Vec::new();
    let rendered = render(&e).unwrap_or_else(|err| panic!("{err}"));
    assert!(rendered.objects.iter().all(|o| o.kind() != "ServiceMonitor"));
}

#[test]
fn transition_rules_of_the_crds_in_use_are_listed_as_left_to_the_api_server() {
    let Some(corpus) = corpus() else { return };
    let class = "apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata:\n  name: public\nspec:\n  controllerName: example.com/gateway\n";
    let e = env(&corpus.join("gateway-api"), vec![RawYaml::inline("class.yaml", class)]);
    // The render accepts it: the rule cannot be judged offline, so it does not fail.
    assert!(schema_problems(&e).is_empty(), "{:?}", schema_problems(&e));
    assert_eq!(
        rustomize::transition_rules(&e),
        ["`GatewayClass` gateway.networking.k8s.io/v1 spec.controllerName: `self == oldSelf`"]
    );
    // Only the CRDs whose resources the environment includes.
    let without = Environment { raw: Vec::new(), ..e };
    assert!(rustomize::transition_rules(&without).is_empty());
}
