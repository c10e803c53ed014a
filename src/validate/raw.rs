//! Workloads included as raw YAML or typed custom resources meet the same *restricted* Pod
//! Security profile as the apps, unless their inclusion names an exception.

use serde_json::Value;

use crate::error::Diagnostic;
use crate::model::RawYaml;
use crate::object::RawObject;

/// Every way a raw workload's pods fall short of the *restricted* profile.
pub(crate) fn raw_workloads(target: &str, raw: &RawYaml, objects: &[RawObject]) -> Vec<Diagnostic> {
    if raw.exception.is_some() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for object in objects {
        let Some((path, pod)) = pod_spec(object) else { continue };
        let what =
            format!("{} `{}`", object.kind, object.metadata.name.as_deref().unwrap_or_default());
        let mut report = |field: String, message: String| {
            out.push(Diagnostic {
                target: target.to_owned(),
                object: format!("raw YAML `{}`, {what}", raw.source),
                field,
                message,
                expected: None,
                help: Some("write the workload as an `App`, which is restricted by default, or include it with `RawYaml::with_exception(\"<why>\")`".into()),
            });
        };
        for host in ["hostNetwork", "hostPID", "hostIPC"] {
            if pod[host] == Value::Bool(true) {
                report(
                    format!("{path}.{host}"),
                    format!("the pods share the node's namespace (`{host}: true`)"),
                );
            }
        }
        for v in pod["volumes"].as_array().into_iter().flatten() {
            if v.get("hostPath").is_some() {
                report(
                    format!("{path}.volumes[{}]", v["name"].as_str().unwrap_or_default()),
                    "a hostPath volume exposes the node's filesystem".into(),
                );
            }
        }
        let pod_ctx = &pod["securityContext"];
        for list in ["initContainers", "containers", "ephemeralContainers"] {
            for c in pod[list].as_array().into_iter().flatten() {
                let at = format!(
                    "{path}.{list}[{}].securityContext",
                    c["name"].as_str().unwrap_or_default()
                );
                for problem in container_problems(&c["securityContext"], pod_ctx) {
                    report(at.clone(), problem);
                }
            }
        }
    }
    out
}

/// The pod spec of a workload kind, and where it sits.
fn pod_spec(object: &RawObject) -> Option<(&'static str, &Value)> {
    let spec = object.rest.get("spec")?;
    match object.kind.as_str() {
        "Pod" => Some(("spec", spec)),
        "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "Job" => {
            Some(("spec.template.spec", &spec["template"]["spec"]))
        }
        "CronJob" => Some((
            "spec.jobTemplate.spec.template.spec",
            &spec["jobTemplate"]["spec"]["template"]["spec"],
        )),
        _ => None,
    }
}

fn container_problems(c: &Value, pod: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if c["privileged"] == Value::Bool(true) {
        out.push("the container is privileged".into());
    }
    if c["allowPrivilegeEscalation"] != Value::Bool(false) {
        out.push("`allowPrivilegeEscalation` is not `false`".into());
    }
    let drops: Vec<&str> = c["capabilities"]["drop"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    if !drops.contains(&"ALL") {
        out.push("capabilities are not dropped (`drop: [ALL]`)".into());
    }
    for added in c["capabilities"]["add"].as_array().into_iter().flatten().filter_map(Value::as_str)
    {
        if added != "NET_BIND_SERVICE" {
            out.push(format!("capability `{added}` is added"));
        }
    }
    let either = |key: &str| if c[key].is_null() { &pod[key] } else { &c[key] };
    if *either("runAsNonRoot") != Value::Bool(true) {
        out.push("`runAsNonRoot` is not `true` on the container or the pod".into());
    }
    if either("runAsUser").as_i64() == Some(0) {
        out.push("the container runs as UID 0".into());
    }
    let seccomp = either("seccompProfile")["type"].as_str().unwrap_or_default();
    if !matches!(seccomp, "RuntimeDefault" | "Localhost") {
        out.push(
            "no `RuntimeDefault` or `Localhost` seccomp profile on the container or the pod".into(),
        );
    }
    out
}
