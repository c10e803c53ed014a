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
                targets: vec![target.to_owned()],
                code: crate::error::Code::InvalidValue,
                subject: crate::error::Subject::Object { kind: object.kind.clone(), name: object.metadata.name.clone().unwrap_or_default() },
                object: format!("raw YAML `{}`, {what}", raw.source),
                field,
                message,
                expected: None,
                help: Some("write the workload as an `App`, which is restricted by default, or include it with `RawYaml::exception(\"<why>\")`".into()),
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

/// Why a raw object's credential problem may be waived, and how.
const RAW_CREDENTIAL_HELP: &str = "move the value into a `SecretSpec` and refer to its key; if it is no credential, include the YAML with `.waiver(Waiver::literal_credential(\"<why>\"))`";

/// Every literal credential in raw objects, found by the same names and shapes as in apps:
/// ConfigMap data, container env values, command lines and annotations. Waived by a
/// [`Waiver::literal_credential`](crate::model::Waiver::literal_credential) on the raw YAML
/// or on the environment.
pub(crate) fn raw_credentials(
    target: &str,
    raw: &RawYaml,
    objects: &[RawObject],
    env_waived: bool,
) -> Vec<Diagnostic> {
    if env_waived || super::credentials::waived(&raw.waivers) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for object in objects {
        let what =
            format!("{} `{}`", object.kind, object.metadata.name.as_deref().unwrap_or_default());
        for (field, message) in credentials_in(object) {
            out.push(Diagnostic {
                targets: vec![target.to_owned()],
                code: crate::error::Code::Credential,
                subject: crate::error::Subject::Object {
                    kind: object.kind.clone(),
                    name: object.metadata.name.clone().unwrap_or_default(),
                },
                object: format!("raw YAML `{}`, {what}", raw.source),
                field,
                message: format!("{message}, which would be committed to git"),
                expected: Some("a Secret key reference".into()),
                help: Some(RAW_CREDENTIAL_HELP.into()),
            });
        }
    }
    out
}

/// The literal credentials in one object, as (field, what was found); what `import` lists
/// for the objects it keeps as written.
pub(crate) fn credentials_in(object: &RawObject) -> Vec<(String, String)> {
    use super::credentials::{name_looks_secret, value_looks_secret};
    let mut out = Vec::new();
    let entry = |field: String, name: &str, value: &str, what: &str| {
        if name_looks_secret(name) && !value.is_empty() && !value.starts_with("${") {
            Some((
                field,
                format!("{what} `{name}` looks like a credential but has a literal value"),
            ))
        } else {
            value_looks_secret(value)
                .map(|kind| (field, format!("the value of {what} `{name}` looks like {kind}")))
        }
    };
    if object.kind == "ConfigMap" {
        for (key, value) in object.rest.get("data").and_then(Value::as_object).into_iter().flatten()
        {
            out.extend(entry(
                format!("data.{key}"),
                key,
                value.as_str().unwrap_or_default(),
                "config key",
            ));
        }
    }
    for (key, value) in object.metadata.annotations.iter().flatten() {
        if let Some(kind) = value_looks_secret(value) {
            out.push((
                format!("metadata.annotations.{key}"),
                format!("annotation `{key}` looks like {kind}"),
            ));
        }
    }
    if let Some((path, pod)) = pod_spec(object) {
        for list in ["initContainers", "containers", "ephemeralContainers"] {
            for c in pod[list].as_array().into_iter().flatten() {
                let at = format!("{path}.{list}[{}]", c["name"].as_str().unwrap_or_default());
                for e in c["env"].as_array().into_iter().flatten() {
                    let (Some(name), Some(value)) = (e["name"].as_str(), e["value"].as_str())
                    else {
                        continue;
                    };
                    out.extend(entry(format!("{at}.env.{name}"), name, value, "variable"));
                }
                for key in ["command", "args"] {
                    for (i, arg) in c[key].as_array().into_iter().flatten().enumerate() {
                        if let Some(kind) = arg.as_str().and_then(value_looks_secret) {
                            out.push((
                                format!("{at}.{key}[{i}]"),
                                format!("an argument looks like {kind}"),
                            ));
                        }
                    }
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
