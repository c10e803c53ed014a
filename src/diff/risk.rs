//! What a reviewer must see before the field list: an apply the API server will reject, a
//! rollout, a security relaxation, a Service or Ingress going away.

use serde_json::Value;

use super::{FieldChange, Key};

/// Fields the API server refuses to change in place, by kind: the object must be deleted and
/// re-created.
fn immutable(kind: &str, path: &str) -> bool {
    let under = |p: &str| {
        path == p || path.starts_with(&format!("{p}.")) || path.starts_with(&format!("{p}["))
    };
    match kind {
        "Deployment" | "ReplicaSet" | "DaemonSet" => under("spec.selector"),
        "StatefulSet" => {
            under("spec.selector")
                || under("spec.serviceName")
                || under("spec.volumeClaimTemplates")
                || under("spec.podManagementPolicy")
        }
        "Job" => under("spec.selector") || under("spec.template") || under("spec.completionMode"),
        "Service" => under("spec.clusterIP") || under("spec.clusterIPs"),
        "PersistentVolumeClaim" => {
            under("spec.accessModes")
                || under("spec.storageClassName")
                || under("spec.volumeName")
                || under("spec.selector")
        }
        "RoleBinding" | "ClusterRoleBinding" => under("roleRef"),
        _ => false,
    }
}

/// Kinds whose pod template change rolls their pods.
const ROLLED: &[&str] = &["Deployment", "StatefulSet", "DaemonSet"];

/// The risks of one object changed from `a` to `b`.
pub(super) fn changed(
    key: &Key,
    a: &Value,
    b: &Value,
    fields: &[FieldChange],
    out: &mut Vec<String>,
) {
    let (kind, name) = (key.1.as_str(), key.2.as_str());
    let object = format!("{kind} `{name}`");
    let locked: Vec<&str> =
        fields.iter().filter(|f| immutable(kind, &f.path)).map(|f| f.path.as_str()).collect();
    if !locked.is_empty() {
        out.push(format!(
            "immutable: {object}: `{}` cannot change in place; the apply will be rejected: delete the object and re-create it",
            locked.join("`, `")
        ));
    }
    if (kind == "ConfigMap" || kind == "Secret")
        && a["immutable"] == Value::Bool(true)
        && fields.iter().any(|f| {
            f.path.starts_with("data")
                || f.path.starts_with("binaryData")
                || f.path.starts_with("stringData")
        })
    {
        out.push(format!(
            "immutable: {object} is immutable and its data changes; the apply will be rejected"
        ));
    }
    if ROLLED.contains(&kind) && fields.iter().any(|f| f.path.starts_with("spec.template")) {
        out.push(format!("rollout: {object}: its pod template changes, so its pods are replaced"));
    }
    for why in relaxed(&pod_of(kind, a), &pod_of(kind, b)) {
        out.push(format!("security: {object}: {why}"));
    }
    if kind == "NetworkPolicy" && a["spec"] != b["spec"] {
        out.push(format!("security: {object}: the traffic it admits changes; review its rules"));
    }
}

/// The risks of an object that goes away.
pub(super) fn removed(key: &Key, _a: &Value, out: &mut Vec<String>) {
    let object = format!("{} `{}`", key.1, key.2);
    match key.1.as_str() {
        "Service" | "Ingress" => {
            out.push(format!("removed: {object}: traffic that reaches the apps through it stops"));
        }
        "NetworkPolicy" => {
            out.push(format!("security: {object} is removed: the traffic it held back is let in"))
        }
        "PersistentVolumeClaim" => {
            out.push(format!("removed: {object}: pruning it deletes its data"))
        }
        _ => {}
    }
}

/// The risks of an object that appears.
pub(super) fn added(key: &Key, b: &Value, out: &mut Vec<String>) {
    let object = format!("{} `{}`", key.1, key.2);
    for why in relaxed(&Value::Null, &pod_of(&key.1, b))
        .into_iter()
        .filter(|w| w.contains("privileged") || w.contains("host"))
    {
        out.push(format!("security: {object}: {why}"));
    }
}

/// The pod spec of a workload, or null.
fn pod_of(kind: &str, v: &Value) -> Value {
    match kind {
        "Pod" => v["spec"].clone(),
        "CronJob" => v["spec"]["jobTemplate"]["spec"]["template"]["spec"].clone(),
        "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "Job" => {
            v["spec"]["template"]["spec"].clone()
        }
        _ => Value::Null,
    }
}

/// How pod spec `b` is less safe than `a`.
fn relaxed(a: &Value, b: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if b.is_null() {
        return out;
    }
    for host in ["hostNetwork", "hostPID", "hostIPC"] {
        if b[host] == Value::Bool(true) && a[host] != Value::Bool(true) {
            out.push(format!("the pods now share the node's namespaces (`{host}: true`)"));
        }
    }
    if b["automountServiceAccountToken"] != Value::Bool(false)
        && a["automountServiceAccountToken"] == Value::Bool(false)
    {
        out.push("the pods now mount the ServiceAccount token".into());
    }
    let containers = |spec: &Value| -> Vec<(String, Value)> {
        ["initContainers", "containers"]
            .iter()
            .flat_map(|l| spec[*l].as_array().cloned().unwrap_or_default())
            .map(|c| (c["name"].as_str().unwrap_or_default().to_owned(), c))
            .collect()
    };
    let before = containers(a);
    for (name, c) in containers(b) {
        let was =
            before.iter().find(|(n, _)| *n == name).map(|(_, c)| c.clone()).unwrap_or(Value::Null);
        let (s, p) = (&c["securityContext"], &was["securityContext"]);
        let either = |ctx: &Value, pod: &Value, key: &str| {
            if ctx[key].is_null() { pod[key].clone() } else { ctx[key].clone() }
        };
        let (pod_b, pod_a) = (&b["securityContext"], &a["securityContext"]);
        let gained =
            |key: &str, safe: Value| either(p, pod_a, key) == safe && either(s, pod_b, key) != safe;
        if s["privileged"] == Value::Bool(true) && p["privileged"] != Value::Bool(true) {
            out.push(format!("container `{name}` becomes privileged"));
        }
        if gained("allowPrivilegeEscalation", Value::Bool(false)) {
            out.push(format!("container `{name}` may now escalate privileges"));
        }
        if gained("runAsNonRoot", Value::Bool(true)) {
            out.push(format!("container `{name}` may now run as root"));
        }
        if gained("readOnlyRootFilesystem", Value::Bool(true)) {
            out.push(format!("container `{name}` gets a writable root filesystem"));
        }
        let caps = |ctx: &Value, list: &str| -> Vec<String> {
            ctx["capabilities"][list]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|c| c.as_str().map(str::to_owned))
                .collect()
        };
        let new_caps: Vec<String> =
            caps(s, "add").into_iter().filter(|c| !caps(p, "add").contains(c)).collect();
        if !new_caps.is_empty() {
            out.push(format!("container `{name}` gains capabilities {}", new_caps.join(", ")));
        }
        if caps(p, "drop").iter().any(|c| c == "ALL") && !caps(s, "drop").iter().any(|c| c == "ALL")
        {
            out.push(format!("container `{name}` no longer drops all capabilities"));
        }
    }
    out
}
