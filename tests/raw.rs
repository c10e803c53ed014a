//! Raw YAML includes: checked strictly, then given the environment's namespace and labels.

use rustomize::RawYaml;
use rustomize::{Environment, render};

use crate::{copy_of_generated, environments};

const CRD: &str = "apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: api
spec:
  selector: {matchLabels: {app.kubernetes.io/name: api}}
  endpoints: [{port: http}]
";

fn env_with(raw: RawYaml) -> Environment {
    let mut env = environments::overlays::prod::prod();
    env.raw = vec![raw];
    env
}

fn error(text: &str) -> String {
    let env = env_with(RawYaml::inline("third-party.yaml", text));
    let found = match render(&env) {
        Ok(_) => "(rendered)".into(),
        Err(e) => e.to_string(),
    };
    // The CLI and `generate` render to documents, not typed objects: the same problems.
    let project = rustomize::Project::new("generated", vec![env]);
    let trees =
        rustomize::render_all(&project).map_or_else(|e| e.to_string(), |_| "(rendered)".into());
    assert_eq!(found, trees, "render and render_all disagree");
    found
}

#[test]
fn raw_objects_join_the_tree_with_namespace_and_labels_where_they_belong() {
    let r = render(&env_with(RawYaml::inline("monitoring.yaml", CRD)))
        .unwrap_or_else(|e| panic!("{e}"));
    let crd = r
        .objects
        .iter()
        .find(|o| o.kind() == "CustomResourceDefinition")
        .unwrap_or_else(|| panic!("no CRD"));
    assert_eq!(crd.namespace(), None, "a CRD is cluster-scoped");
    let sm = r
        .objects
        .iter()
        .find(|o| o.kind() == "ServiceMonitor")
        .unwrap_or_else(|| panic!("no ServiceMonitor"));
    assert_eq!(sm.namespace(), Some("begbot-prod"));
    assert_eq!(
        sm.metadata().labels.as_ref().and_then(|l| l.get("environment")).map(String::as_str),
        Some("prod")
    );
    let yaml = rustomize::output::stream(&r).unwrap_or_else(|e| panic!("{e}"));
    // Legacy order: Namespace, then the CRD, before any built-in kind that is not ranked first.
    let kinds: Vec<&str> = yaml.lines().filter_map(|l| l.strip_prefix("kind: ")).collect();
    assert_eq!(&kinds[..2], ["Namespace", "CustomResourceDefinition"]);
    assert!(
        yaml.contains("  endpoints:\n  - port: http\n"),
        "the rest is kept as written:\n{yaml}"
    );
}

#[test]
fn bad_raw_yaml_is_located() {
    let cases: &[(&str, &str)] = &[
        (
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [x\n",
            "raw YAML `third-party.yaml:4:9`",
        ),
        (
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  name: y\n",
            "duplicate mapping key: name",
        ),
        ("---\n# nothing here\n---\n", "the file holds no object"),
        ("- a\n- b\n", "expected a mapping (a Kubernetes object), found a list"),
        ("apiVersion: v1\nmetadata:\n  name: x\n", "`kind` is missing"),
        (
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n",
            "ConfigMap: `metadata.name` is missing",
        ),
        (
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  k: dg==\n",
            "Secret `s` carries values",
        ),
        (
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n",
            "Service `api` is declared twice in namespace `begbot-prod`",
        ),
    ];
    for (text, expected) in cases {
        let err = error(text);
        assert!(err.contains(expected), "{expected:?} not in:\n{err}");
    }
    assert!(
        error("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  name: y\n")
            .contains("`third-party.yaml:5:3`")
    );
}

#[test]
fn an_alias_bomb_fails_fast_and_an_oversized_file_is_refused() {
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (prev, name) in
        ["a", "b", "c", "d", "e", "f", "g"].iter().zip(["b", "c", "d", "e", "f", "g", "h"])
    {
        bomb.push_str(&format!("{name}: &{name} [{}]\n", vec![format!("*{prev}"); 9].join(", ")));
    }
    // The budget, not the clock, is the guard: 9^8 nodes are never expanded.
    let err = error(&bomb);
    assert!(err.contains("budget breached"), "{err}");
    let big = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  k: {}\n",
        "x".repeat(rustomize::MAX_RAW_BYTES)
    );
    assert!(error(&big).contains("at most 5242880 are accepted"));
}

#[test]
fn a_raw_error_writes_nothing() {
    let (_tmp, dir) = copy_of_generated();
    let before = rustomize::output::read_tree(&dir).unwrap_or_else(|e| panic!("{e}"));
    let mut project = environments::project();
    project.generated_dir = dir.clone();
    project.environments[2].raw = vec![RawYaml::file("/nonexistent/crds.yaml")];
    assert_eq!(rustomize::cli::run_args(project.clone(), ["rustomize", "generate"]), 1);
    assert_eq!(rustomize::output::read_tree(&dir).unwrap_or_else(|e| panic!("{e}")), before);
    let err = rustomize::render_all(&project).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains("raw YAML `/nonexistent/crds.yaml`"), "{err}");
}

/// A typed custom resource, as a team would write one for the Prometheus operator.
#[derive(serde::Serialize)]
struct ServiceMonitor {
    metadata: rustomize::k8s::apimachinery::pkg::apis::meta::v1::ObjectMeta,
    spec: serde_json::Value,
}

impl rustomize::k8s::Resource for ServiceMonitor {
    const API_VERSION: &'static str = "monitoring.coreos.com/v1";
    const GROUP: &'static str = "monitoring.coreos.com";
    const KIND: &'static str = "ServiceMonitor";
    const VERSION: &'static str = "v1";
    const URL_PATH_SEGMENT: &'static str = "servicemonitors";
    type Scope = rustomize::k8s::NamespaceResourceScope;
}

#[test]
fn typed_custom_resources_join_the_tree() {
    let monitor = ServiceMonitor {
        metadata: rustomize::k8s::apimachinery::pkg::apis::meta::v1::ObjectMeta {
            name: Some("api".into()),
            ..Default::default()
        },
        spec: serde_json::json!({"selector": {"matchLabels": {"app.kubernetes.io/name": "api"}}, "endpoints": [{"port": "http"}]}),
    };
    let mut env = environments::overlays::prod::prod();
    env.raw = vec![RawYaml::typed(&monitor)];
    let r = render(&env).unwrap_or_else(|e| panic!("{e}"));
    let sm = r
        .objects
        .iter()
        .find(|o| o.kind() == "ServiceMonitor")
        .unwrap_or_else(|| panic!("no ServiceMonitor"));
    assert_eq!(
        (sm.api_version(), sm.name(), sm.namespace()),
        ("monitoring.coreos.com/v1", "api", Some("begbot-prod"))
    );
    let missing_name =
        ServiceMonitor { metadata: Default::default(), spec: serde_json::Value::Null };
    env.raw = vec![RawYaml::typed(&missing_name)];
    let err = render(&env).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        err.contains("raw YAML `ServiceMonitor at tests/raw.rs:")
            && err.contains("`metadata.name` is missing"),
        "{err}"
    );
}

/// A custom resource whose serialisation fails, as a `Serialize` impl may.
#[derive(Debug)]
struct Unserialisable;

impl rustomize::k8s::Resource for Unserialisable {
    const API_VERSION: &'static str = "example.com/v1";
    const GROUP: &'static str = "example.com";
    const KIND: &'static str = "Widget";
    const VERSION: &'static str = "v1";
    const URL_PATH_SEGMENT: &'static str = "widgets";
    type Scope = rustomize::k8s::NamespaceResourceScope;
}

impl serde::Serialize for Unserialisable {
    fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom("the widget cannot be written"))
    }
}

#[test]
fn a_typed_resource_that_cannot_serialise_is_an_error_naming_it() {
    let mut env = environments::overlays::dev::dev();
    env.raw = vec![RawYaml::typed(&Unserialisable)];
    let err = render(&env).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        err.contains("error: cannot serialise the object: the widget cannot be written"),
        "{err}"
    );
    assert!(err.contains("raw YAML `Widget at tests/raw.rs:"), "{err}");
}
