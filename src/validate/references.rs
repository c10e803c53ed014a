//! References from custom resources to the Services the tree renders: an HTTPRoute's
//! backends (Gateway API) and a ServiceMonitor's endpoints (prometheus-operator) name a
//! Service and one of its ports. When the tree renders that Service, a port it does not
//! have is reported, as a wrong port in the model is. (A Service the tree does not render
//! may live in another tree: that is not judged.)

use std::collections::BTreeMap;

use serde_json::Value;

use crate::error::{Code, Diagnostic, Subject, did_you_mean, one_of};
use crate::object::Object;

/// A rendered Service: namespace, name, labels and ports (name, number).
#[derive(Clone, Debug)]
pub(crate) struct Service {
    namespace: Option<String>,
    name: String,
    labels: BTreeMap<String, String>,
    ports: Vec<(Option<String>, i32)>,
}

/// A port a custom resource names on a Service.
#[derive(Clone, Debug)]
pub(crate) struct Reference {
    kind: String,
    name: String,
    namespace: Option<String>,
    field: String,
    /// Which Services: one by name, or those whose labels include these.
    to: Target,
    port: Port,
}

#[derive(Clone, Debug)]
enum Target {
    Named(String),
    Selected(BTreeMap<String, String>),
}

#[derive(Clone, Debug)]
enum Port {
    Number(i64),
    Name(String),
}

/// Whether any of the raw `objects` can name a Service port: only then are Services
/// collected, so a tree without such custom resources pays nothing.
pub(crate) fn wanted(objects: &[Object]) -> bool {
    objects.iter().any(|o| match o {
        Object::Raw(raw) => matches!(
            (raw.group(), raw.kind.as_str()),
            ("gateway.networking.k8s.io", "HTTPRoute" | "GRPCRoute")
                | ("monitoring.coreos.com", "ServiceMonitor")
        ),
        _ => false,
    })
}

/// The Services among `objects`, and the references their custom resources make.
pub(crate) fn collect(objects: &[Object]) -> (Vec<Service>, Vec<Reference>) {
    let mut services = Vec::new();
    let mut references = Vec::new();
    for object in objects {
        match object {
            Object::Service(s) => services.push(Service {
                namespace: s.metadata.namespace.clone(),
                name: s.metadata.name.clone().unwrap_or_default(),
                labels: s.metadata.labels.clone().unwrap_or_default(),
                ports: s
                    .spec
                    .iter()
                    .flat_map(|spec| spec.ports.iter().flatten())
                    .map(|p| (p.name.clone(), p.port))
                    .collect(),
            }),
            Object::Raw(raw) => references.extend(references_of(
                raw.group(),
                &raw.kind,
                raw.metadata.name.as_deref().unwrap_or_default(),
                raw.metadata.namespace.as_deref(),
                raw.rest.get("spec"),
            )),
            _ => {}
        }
    }
    (services, references)
}

/// The Service ports an HTTPRoute or a ServiceMonitor names.
fn references_of(
    group: &str,
    kind: &str,
    name: &str,
    namespace: Option<&str>,
    spec: Option<&Value>,
) -> Vec<Reference> {
    let Some(spec) = spec else { return Vec::new() };
    let reference = |field: String, to: Target, port: Port| Reference {
        kind: kind.to_owned(),
        name: name.to_owned(),
        namespace: namespace.map(str::to_owned),
        field,
        to,
        port,
    };
    let mut out = Vec::new();
    match (group, kind) {
        ("gateway.networking.k8s.io", "HTTPRoute" | "GRPCRoute") => {
            let rules = spec.get("rules").and_then(Value::as_array).into_iter().flatten();
            for (i, rule) in rules.enumerate() {
                let backends = rule.get("backendRefs").and_then(Value::as_array);
                for (j, b) in backends.into_iter().flatten().enumerate() {
                    let core =
                        b.get("group").and_then(Value::as_str).unwrap_or_default().is_empty();
                    let service =
                        b.get("kind").and_then(Value::as_str).unwrap_or("Service") == "Service";
                    let here = b
                        .get("namespace")
                        .and_then(Value::as_str)
                        .is_none_or(|n| Some(n) == namespace);
                    let (Some(to), Some(port)) = (
                        b.get("name").and_then(Value::as_str),
                        b.get("port").and_then(Value::as_i64),
                    ) else {
                        continue;
                    };
                    if core && service && here {
                        let field = format!("spec.rules[{i}].backendRefs[{j}].port");
                        out.push(reference(
                            field,
                            Target::Named(to.to_owned()),
                            Port::Number(port),
                        ));
                    }
                }
            }
        }
        ("monitoring.coreos.com", "ServiceMonitor") => {
            // Only a monitor of its own namespace, selecting by labels alone, is judged.
            let selector = spec.get("selector");
            let plain = spec.get("namespaceSelector").is_none()
                && selector.and_then(|s| s.get("matchExpressions")).is_none();
            let labels: Option<BTreeMap<String, String>> = selector
                .and_then(|s| s.get("matchLabels"))
                .and_then(|m| serde_json::from_value(m.clone()).ok());
            if let (true, Some(labels)) = (plain, labels) {
                let endpoints = spec.get("endpoints").and_then(Value::as_array);
                for (i, e) in endpoints.into_iter().flatten().enumerate() {
                    if let Some(port) = e.get("port").and_then(Value::as_str) {
                        let field = format!("spec.endpoints[{i}].port");
                        out.push(reference(
                            field,
                            Target::Selected(labels.clone()),
                            Port::Name(port.to_owned()),
                        ));
                    }
                }
            }
        }
        _ => {}
    }
    out
}

/// A problem for each reference to a rendered Service that lacks the port it names.
pub(crate) fn check(
    target: &str,
    services: &[Service],
    references: &[Reference],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for r in references {
        let matched: Vec<&Service> = services
            .iter()
            .filter(|s| s.namespace == r.namespace)
            .filter(|s| match &r.to {
                Target::Named(name) => s.name == *name,
                Target::Selected(labels) => labels.iter().all(|(k, v)| s.labels.get(k) == Some(v)),
            })
            .collect();
        if matched.is_empty() {
            continue;
        }
        let has = |s: &Service| match &r.port {
            Port::Number(n) => s.ports.iter().any(|(_, p)| i64::from(*p) == *n),
            Port::Name(n) => s.ports.iter().any(|(name, _)| name.as_deref() == Some(n.as_str())),
        };
        if matched.iter().any(|s| has(s)) {
            continue;
        }
        let offered: Vec<String> = matched
            .iter()
            .flat_map(|s| &s.ports)
            .map(|(name, number)| match &r.port {
                Port::Number(_) => number.to_string(),
                Port::Name(_) => name.clone().unwrap_or_default(),
            })
            .collect();
        let (wanted, help) = match &r.port {
            Port::Number(n) => (n.to_string(), None),
            Port::Name(n) => (n.clone(), did_you_mean(n, offered.iter().map(String::as_str))),
        };
        let services: Vec<String> = matched.iter().map(|s| format!("`{}`", s.name)).collect();
        out.push(Diagnostic {
            code: Code::UnknownReference,
            targets: vec![target.to_owned()],
            subject: Subject::Object { kind: r.kind.clone(), name: r.name.clone() },
            object: format!("{} `{}`", r.kind, r.name),
            field: r.field.clone(),
            message: format!(
                "port `{wanted}` is not a port of Service {}, which the {} names",
                services.join(", "),
                r.kind
            ),
            expected: Some(one_of(&offered)),
            help: help.or(Some("take the port from `Environment::service(&app)`".into())),
        });
    }
    out
}
