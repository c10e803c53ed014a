use serde_json::json;

use super::*;

fn side(label: &str, prefix: &str, namespace: &str, objects: Vec<Value>) -> Side {
    Side {
        label: label.into(),
        objects,
        prefix: prefix.into(),
        suffix: String::new(),
        namespace: Some(namespace.into()),
    }
}

fn deployment(name: &str, ns: &str, replicas: u32, config: &str, extra: Value) -> Value {
    let mut d = json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name, "namespace": ns},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": "api"}},
            "template": {"spec": {
                "securityContext": {"runAsNonRoot": true},
                "containers": [{"name": "api", "image": "api:1",
                    "securityContext": {"allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true, "capabilities": {"drop": ["ALL"]}},
                    "envFrom": [{"configMapRef": {"name": config}}]}],
            }},
        },
    });
    if let (Some(spec), Value::Object(more)) = (d["spec"].as_object_mut(), extra) {
        spec.extend(more);
    }
    d
}

fn config(name: &str, ns: &str, level: &str) -> Value {
    json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "namespace": ns}, "data": {"LEVEL": level}})
}

#[test]
fn objects_are_matched_across_prefixes_namespaces_and_hashes() {
    let dev = side(
        "dev",
        "dev-",
        "shop-dev",
        vec![
            deployment("dev-api", "shop-dev", 1, "dev-api-config-5dk2f8m9bh", json!({})),
            config("dev-api-config-5dk2f8m9bh", "shop-dev", "debug"),
        ],
    );
    let prod = side(
        "prod",
        "prod-",
        "shop-prod",
        vec![
            deployment("prod-api", "shop-prod", 3, "prod-api-config-h7g2b4t6k8", json!({})),
            config("prod-api-config-h7g2b4t6k8", "shop-prod", "info"),
        ],
    );
    let d = diff(&dev, &prod);
    assert!(d.added.is_empty() && d.removed.is_empty(), "{d:?}");
    let fields: Vec<(String, String, Option<String>, Option<String>)> = d
        .changed
        .iter()
        .flat_map(|c| {
            c.fields
                .iter()
                .map(|f| (c.object.clone(), f.path.clone(), f.before.clone(), f.after.clone()))
        })
        .collect();
    assert_eq!(
        fields,
        [
            (
                "ConfigMap `api-config`".into(),
                "data.LEVEL".into(),
                Some("debug".into()),
                Some("info".into())
            ),
            ("Deployment `api`".into(), "spec.replicas".into(), Some("1".into()), Some("3".into())),
        ],
        "only the real differences, not the names"
    );
    assert!(d.risks.is_empty(), "{:?}", d.risks);
}

#[test]
fn risks_name_rejected_applies_rollouts_relaxations_and_removals() {
    let before = side(
        "a",
        "",
        "ns",
        vec![
            deployment("api", "ns", 1, "c", json!({})),
            json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "api"}, "spec": {"ports": [{"port": 80}]}}),
        ],
    );
    let mut after =
        deployment("api", "ns", 1, "c", json!({"selector": {"matchLabels": {"app": "api2"}}}));
    after["spec"]["template"]["spec"]["containers"][0]["securityContext"] = json!({"allowPrivilegeEscalation": true, "readOnlyRootFilesystem": true, "capabilities": {"drop": ["ALL"], "add": ["NET_ADMIN"]}});
    let d = diff(&before, &side("b", "", "ns", vec![after]));
    let risks = d.risks.join("\n");
    assert!(
        risks.contains(
            "immutable: Deployment `api`: `spec.selector.matchLabels.app` cannot change in place"
        ),
        "{risks}"
    );
    assert!(risks.contains("rollout: Deployment `api`"), "{risks}");
    assert!(
        risks.contains("security: Deployment `api`: container `api` may now escalate privileges"),
        "{risks}"
    );
    assert!(risks.contains("container `api` gains capabilities NET_ADMIN"), "{risks}");
    assert!(risks.contains("removed: Service `api`"), "{risks}");
    assert!(!d.is_empty());
}

#[test]
fn a_secret_value_never_appears() {
    let secret = |v: &str| json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}, "stringData": {"k": v}, "data": {"d": v}});
    let d = diff(
        &side("a", "", "ns", vec![secret("hunter2")]),
        &side("b", "", "ns", vec![secret("swordfish")]),
    );
    for format in [Format::Text, Format::Markdown] {
        let out = d.print(format);
        assert!(!out.contains("hunter2") && !out.contains("swordfish"), "{out}");
        assert!(out.contains("not shown"), "{out}");
    }
}

#[test]
fn equal_sides_are_empty() {
    let a = side("a", "", "ns", vec![config("c", "ns", "x")]);
    assert!(diff(&a, &a).is_empty());
    assert_eq!(diff(&a, &a).print(Format::Text), "diff `a` → `a`: 0 changed, 0 added, 0 removed\n");
}
