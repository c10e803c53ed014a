//! Does the typed render do what the original did? Every field the original sets must be in
//! the render with the same value (lists matched by their Kubernetes merge key), or be spelled
//! another way by one of a few named rules: the API server's default, a port name that
//! resolves to the original number, an equal quantity. Fields the render adds (the secure
//! defaults, rustomize's labels) are allowed; the report lists what they change.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// An object's identity: API group (empty for the core group), kind, namespace, name.
pub(super) type Key = (String, String, String, String);

/// The identity of an object as JSON: API group, kind, namespace, name.
pub(super) fn key(v: &Value) -> Key {
    let s = |p: &str| v.pointer(p).and_then(Value::as_str).unwrap_or_default().to_owned();
    let api_version = s("/apiVersion");
    let group = api_version.rsplit_once('/').map_or("", |(g, _)| g).to_owned();
    (group, s("/kind"), s("/metadata/namespace"), s("/metadata/name"))
}

/// Container port name → the numbers it stands for, over every rendered object, so a
/// Service's or probe's named port can be checked against the original's number.
pub(super) type Ports = BTreeMap<String, BTreeSet<i64>>;

/// The first field where `got` fails to reproduce `orig`, as `path: what`, or `None`.
pub(super) fn difference(orig: &Value, got: &Value, ports: &Ports) -> Option<String> {
    let ctx = Ctx { kind: key(orig).1, ports };
    let mut path = Vec::new();
    walk(&ctx, orig, Some(got), &mut path)
}

struct Ctx<'a> {
    kind: String,
    ports: &'a Ports,
}

/// Adds the named container ports of `v` to `out`.
pub(super) fn collect_ports(v: &Value, out: &mut Ports) {
    match v {
        Value::Object(m) => {
            if let (Some(Value::String(n)), Some(Value::Number(p))) =
                (m.get("name"), m.get("containerPort"))
                && let Some(p) = p.as_i64()
            {
                out.entry(n.clone()).or_default().insert(p);
            }
            m.values().for_each(|x| collect_ports(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| collect_ports(x, out)),
        _ => {}
    }
}

/// Adds to `out` each field `got` sets that `orig` does not (list items matched as in
/// [`difference`]), as `Kind path` with list positions written `[]`.
pub(super) fn additions(orig: &Value, got: &Value, out: &mut BTreeMap<String, usize>) {
    let kind = key(orig).1;
    let mut found = BTreeSet::new();
    added(orig, got, &mut Vec::new(), &mut found);
    for path in found {
        *out.entry(format!("{kind} `{path}`")).or_default() += 1;
    }
}

fn added(orig: &Value, got: &Value, path: &mut Vec<String>, out: &mut BTreeSet<String>) {
    match (orig, got) {
        (Value::Object(o), Value::Object(g)) => {
            for (k, v) in g {
                path.push(k.clone());
                match o.get(k) {
                    Some(ov) => added(ov, v, path, out),
                    None => {
                        out.insert(path.join("."));
                    }
                }
                path.pop();
            }
        }
        (Value::Array(o), Value::Array(g)) => {
            let last = path.last().cloned().unwrap_or_default();
            for (i, item) in g.iter().enumerate() {
                let k = list_key(&last, item);
                let other = match &k {
                    Some(k) => o.iter().find(|x| list_key(&last, x).as_ref() == Some(k)),
                    None => o.get(i),
                };
                if let Some(last) = path.last_mut() {
                    last.push_str("[]");
                }
                match other {
                    Some(ov) => added(ov, item, path, out),
                    None if item.is_object() => {
                        out.insert(path.join("."));
                    }
                    None => {}
                }
                if let Some(last) = path.last_mut() {
                    last.truncate(last.len() - 2);
                }
            }
        }
        _ => {}
    }
}

fn list_key(field: &str, item: &Value) -> Option<String> {
    let s = |p: &str| item.pointer(p).map(|v| v.to_string());
    match field {
        "containers" | "initContainers" | "env" | "volumes" | "imagePullSecrets"
        | "httpHeaders" => s("/name"),
        "volumeMounts" => s("/mountPath"),
        "items" => s("/key"),
        "envFrom" => s("/configMapRef/name")
            .map(|n| format!("cm:{n}"))
            .or_else(|| s("/secretRef/name").map(|n| format!("secret:{n}"))),
        "metrics" => Some(format!("{:?}:{:?}", s("/type"), s("/resource/name"))),
        "volumeClaimTemplates" => s("/metadata/name"),
        // One port number may be listed once per protocol (DNS on TCP and UDP).
        "ports" => s("/containerPort").or_else(|| s("/port")).map(|port| {
            let protocol = item.pointer("/protocol").and_then(Value::as_str).unwrap_or("TCP");
            format!("{port}/{protocol}")
        }),
        _ => None,
    }
}

/// Defaults the API server fills in, by the field's last name: an original that spells one
/// out means the same as a render that leaves it out.
fn is_default(ctx: &Ctx, path: &[String], v: &Value) -> bool {
    let last = path.last().map(String::as_str).unwrap_or_default();
    let parent = path.iter().rev().nth(1).map(String::as_str).unwrap_or_default();
    let probe = matches!(parent, "livenessProbe" | "readinessProbe" | "startupProbe");
    match (last, v) {
        ("protocol", Value::String(s)) => s == "TCP",
        ("type", Value::String(s)) if ctx.kind == "Service" && path.len() == 2 => s == "ClusterIP",
        ("periodSeconds", Value::Number(n)) if probe => n.as_i64() == Some(10),
        ("timeoutSeconds" | "successThreshold", Value::Number(n)) if probe => n.as_i64() == Some(1),
        ("failureThreshold", Value::Number(n)) if probe => n.as_i64() == Some(3),
        ("defaultMode", Value::Number(n)) => n.as_i64() == Some(420),
        ("restartPolicy", Value::String(s)) => {
            s == "Always" && ctx.kind != "Pod" && parent == "spec"
        }
        ("terminationMessagePath", Value::String(s)) => s == "/dev/termination-log",
        ("terminationMessagePolicy", Value::String(s)) => s == "File",
        ("dnsPolicy", Value::String(s)) => s == "ClusterFirst",
        ("schedulerName", Value::String(s)) => s == "default-scheduler",
        ("sessionAffinity", Value::String(s)) => s == "None",
        ("scheme", Value::String(s)) => s == "HTTP",
        ("creationTimestamp", Value::Null) => true,
        ("replicas", Value::Number(n)) => n.as_i64() == Some(1),
        _ => false,
    }
}

/// A quantity's value, parsed as validation parses it.
fn quantity(v: &Value) -> Option<f64> {
    match v {
        Value::String(s) => crate::validate::quantity::parse(s).ok(),
        Value::Number(n) => n.as_f64(),
        _ => None,
    }
}

fn walk(ctx: &Ctx, orig: &Value, got: Option<&Value>, path: &mut Vec<String>) -> Option<String> {
    let here = |path: &[String], what: String| Some(format!("`{}`: {what}", path.join(".")));
    let last = path.last().cloned().unwrap_or_default();
    // The owner changes on import: that is the point.
    if path.len() == 3 && path[1] == "labels" && last == crate::object::MANAGED_BY_LABEL {
        return None;
    }
    match (orig, got) {
        (Value::Object(o), Some(Value::Object(g))) => {
            for (k, v) in o {
                path.push(k.clone());
                let r = walk(ctx, v, g.get(k), path);
                path.pop();
                if r.is_some() {
                    return r;
                }
            }
            None
        }
        (Value::Object(o), None) if o.is_empty() => None,
        (Value::Array(o), Some(Value::Array(g)))
            if o.iter().all(Value::is_object) && !o.is_empty() =>
        {
            let keyed = o.iter().all(|i| list_key(&last, i).is_some());
            for (i, item) in o.iter().enumerate() {
                let other = if keyed {
                    let k = list_key(&last, item);
                    g.iter().find(|x| list_key(&last, x) == k)
                } else {
                    g.get(i)
                };
                path.push(format!(
                    "[{}]",
                    if keyed { list_key(&last, item).unwrap_or_default() } else { i.to_string() }
                ));
                let r = walk(ctx, item, other, path);
                path.pop();
                if r.is_some() {
                    return r;
                }
            }
            None
        }
        (_, Some(g)) if g == orig => None,
        // A field set to `null` (Helm's empty block) is a field left out, to the API server.
        (Value::Null, None) => None,
        // `1` and `1.0` are one number (a typed `f64` field writes the second).
        (Value::Number(o), Some(Value::Number(g))) if o.as_f64() == g.as_f64() => None,
        (Value::Number(n), Some(Value::String(name)))
            if matches!(last.as_str(), "port" | "targetPort")
                && n.as_i64()
                    .is_some_and(|n| ctx.ports.get(name).is_some_and(|p| p.contains(&n))) =>
        {
            None
        }
        (_, Some(g))
            if path.iter().any(|p| p == "resources")
                && quantity(orig).is_some()
                && quantity(orig) == quantity(g) =>
        {
            None
        }
        (_, None) if is_default(ctx, path, orig) => None,
        (_, None) => here(path, format!("the original sets {orig}; the typed form leaves it out")),
        (_, Some(g)) => here(path, format!("the original sets {orig}; the typed form renders {g}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn additions_pass_and_changes_fail() {
        let orig = json!({"kind": "Service", "metadata": {"name": "a"}, "spec": {"type": "ClusterIP", "ports": [{"port": 80, "protocol": "TCP"}]}});
        let got = json!({"kind": "Service", "metadata": {"name": "a", "labels": {"x": "y"}}, "spec": {"ports": [{"port": 80, "name": "http"}]}});
        assert_eq!(difference(&orig, &got, &Ports::new()), None);
        let changed = json!({"kind": "Service", "metadata": {"name": "a"}, "spec": {"ports": [{"port": 81}]}});
        let why = difference(&orig, &changed, &Ports::new()).unwrap_or_default();
        assert!(why.contains("spec.ports.[80/TCP]"), "{why}");
    }

    #[test]
    fn one_port_on_two_protocols_and_a_null_field_are_what_they_say() {
        let policy = json!({"kind": "NetworkPolicy", "data": null, "spec": {"egress": [{"ports": [
            {"port": 53, "protocol": "UDP"}, {"port": 53, "protocol": "TCP"}]}]}});
        let same = json!({"kind": "NetworkPolicy", "spec": {"egress": [{"ports": [
            {"port": 53, "protocol": "TCP"}, {"port": 53, "protocol": "UDP"}]}]}});
        assert_eq!(difference(&policy, &same, &Ports::new()), None);
        let tcp_only = json!({"kind": "NetworkPolicy", "spec": {"egress": [{"ports": [
            {"port": 53, "protocol": "TCP"}]}]}});
        let why = difference(&policy, &tcp_only, &Ports::new()).unwrap_or_default();
        assert!(why.contains("[53/UDP]"), "{why}");
    }

    #[test]
    fn a_named_port_and_an_equal_quantity_are_the_same_value() {
        let orig = json!({"kind": "Deployment", "spec": {"c": [{"name": "a", "resources": {"limits": {"cpu": "1000m"}}, "livenessProbe": {"httpGet": {"port": 8080}}}]}});
        let got = json!({"kind": "Deployment", "spec": {"c": [{"name": "a", "ports": [{"name": "http", "containerPort": 8080}], "resources": {"limits": {"cpu": "1"}}, "livenessProbe": {"httpGet": {"port": "http"}}}]}});
        let mut ports = Ports::new();
        collect_ports(&got, &mut ports);
        assert_eq!(difference(&orig, &got, &ports), None);
        let other = json!({"kind": "Deployment", "spec": {"c": [{"name": "a", "ports": [{"name": "http", "containerPort": 9090}], "resources": {"limits": {"cpu": "1"}}, "livenessProbe": {"httpGet": {"port": "http"}}}]}});
        let mut ports = Ports::new();
        collect_ports(&other, &mut ports);
        assert!(difference(&orig, &other, &ports).is_some());
    }

    #[test]
    fn additions_name_each_new_field_once_per_object() {
        let orig =
            json!({"kind": "Deployment", "spec": {"containers": [{"name": "a", "image": "x"}]}});
        let got = json!({"kind": "Deployment", "spec": {"containers": [{"name": "a", "image": "x", "securityContext": {"privileged": false}}, {"name": "b"}], "replicas": 1}});
        let mut out = BTreeMap::new();
        additions(&orig, &got, &mut out);
        let keys: Vec<&String> = out.keys().collect();
        assert_eq!(
            keys,
            [
                "Deployment `spec.containers[].securityContext`",
                "Deployment `spec.containers[]`",
                "Deployment `spec.replicas`"
            ]
        );
    }
}
