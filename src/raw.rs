//! Raw YAML: third-party manifests (CRDs, operators' objects) included as they are, parsed
//! strictly and checked before they join a tree.

use std::path::PathBuf;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde_json::{Map, Value};

/// Largest raw file accepted (Helm's per-file limit); larger input is a mistake or an attack.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;

/// Kinds that live outside namespaces; any other kind is treated as namespaced.
const CLUSTER_SCOPED: &[&str] = &[
    "APIService",
    "CSIDriver",
    "ClusterIssuer",
    "ClusterRole",
    "ClusterRoleBinding",
    "ClusterSecretStore",
    "CustomResourceDefinition",
    "GatewayClass",
    "IngressClass",
    "MutatingWebhookConfiguration",
    "Namespace",
    "Node",
    "PersistentVolume",
    "PriorityClass",
    "RuntimeClass",
    "StorageClass",
    "ValidatingWebhookConfiguration",
    "VolumeSnapshotClass",
];

/// A YAML file of Kubernetes objects to include in an environment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawYaml {
    /// The name shown in messages, usually the file's path.
    pub source: String,
    /// The text, or `None` to read [`RawYaml::source`] from disk at render time.
    pub text: Option<String>,
}

impl RawYaml {
    /// YAML compiled into the binary, e.g. `RawYaml::inline("crds/x.yaml", include_str!("crds/x.yaml"))`.
    pub fn inline(source: &str, text: &str) -> RawYaml {
        RawYaml { source: source.into(), text: Some(text.into()) }
    }

    /// A typed custom resource: any type implementing k8s-openapi's `Resource` and serde's
    /// `Serialize` (a ServiceMonitor, an ExternalSecret, a `kube` `CustomResource`). It goes
    /// through the same checks as raw YAML; `apiVersion` and `kind` come from the type.
    #[track_caller]
    pub fn typed<K: k8s_openapi::Resource + serde::Serialize>(object: &K) -> RawYaml {
        let here = std::panic::Location::caller();
        let source = format!("{} at {}:{}", K::KIND, here.file(), here.line());
        let text = serde_json::to_value(object)
            .map_err(|e| e.to_string())
            .and_then(|mut v| {
                if let Value::Object(map) = &mut v {
                    map.insert("apiVersion".into(), Value::String(K::API_VERSION.into()));
                    map.insert("kind".into(), Value::String(K::KIND.into()));
                }
                crate::output::to_yaml_value(&v)
            })
            // An unserialisable value becomes text the loader rejects, naming the source.
            .unwrap_or_else(|e| format!("serialisation failed: {e}"));
        RawYaml { source, text: Some(text) }
    }

    /// YAML read from `path` when the environment renders.
    pub fn file(path: impl Into<PathBuf>) -> RawYaml {
        RawYaml { source: path.into().display().to_string(), text: None }
    }
}

/// One object from a raw file: its identity parsed, the rest kept as it was written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawObject {
    /// `apiVersion`, e.g. `monitoring.coreos.com/v1`.
    pub api_version: String,
    /// `kind`, e.g. `ServiceMonitor`.
    pub kind: String,
    /// `metadata`, typed so transforms can edit it.
    pub metadata: ObjectMeta,
    /// Every other top-level field.
    pub rest: Map<String, Value>,
}

impl RawObject {
    /// Whether the kind lives in a namespace (every kind not known to be cluster-scoped).
    pub fn is_namespaced(&self) -> bool {
        !CLUSTER_SCOPED.contains(&self.kind.as_str())
    }

    /// The API group; empty for the core group.
    pub fn group(&self) -> &str {
        self.api_version.rsplit_once('/').map_or("", |(g, _)| g)
    }

    /// The version within the group.
    pub fn version(&self) -> &str {
        self.api_version.rsplit_once('/').map_or(self.api_version.as_str(), |(_, v)| v)
    }

    /// The object as JSON.
    pub fn to_json(&self) -> Result<Value, serde_json::Error> {
        let mut map = Map::new();
        map.insert("apiVersion".into(), Value::String(self.api_version.clone()));
        map.insert("kind".into(), Value::String(self.kind.clone()));
        map.insert("metadata".into(), serde_json::to_value(&self.metadata)?);
        map.extend(self.rest.clone());
        Ok(Value::Object(map))
    }
}

/// A problem in a raw file, located as precisely as the parser allows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawError {
    /// `file:line:column`, or `file` alone.
    pub location: String,
    /// What is wrong.
    pub message: String,
}

/// Parses and checks `raw`: size, syntax, duplicate keys, alias expansion, and that every
/// document is one object with `apiVersion`, `kind` and `metadata.name`.
pub fn load(raw: &RawYaml) -> Result<Vec<RawObject>, Vec<RawError>> {
    let at = |location: String, message: String| vec![RawError { location, message }];
    let text = match &raw.text {
        Some(text) => text.clone(),
        None => std::fs::read(&raw.source)
            .map_err(|e| at(raw.source.clone(), format!("cannot read the file: {e}")))
            .and_then(|bytes| {
                String::from_utf8(bytes)
                    .map_err(|_| at(raw.source.clone(), "the file is not valid UTF-8".into()))
            })?,
    };
    if text.len() > MAX_BYTES {
        return Err(at(
            raw.source.clone(),
            format!("the file is {} bytes; at most {MAX_BYTES} are accepted", text.len()),
        ));
    }
    // Duplicate keys are refused and aliases are bounded by serde-saphyr's default budget, so
    // a billion-laughs file fails in milliseconds instead of exhausting memory.
    let docs: Vec<Value> =
        serde_saphyr::from_multiple(&text).map_err(|e| vec![parse_error(&raw.source, &e)])?;
    if docs.iter().all(Value::is_null) {
        return Err(at(
            raw.source.clone(),
            "the file holds no object (it is empty or only comments and `---`)".into(),
        ));
    }
    let mut objects = Vec::new();
    let mut errors = Vec::new();
    for (i, doc) in docs.into_iter().enumerate().filter(|(_, d)| !d.is_null()) {
        let location = format!("{} (document {})", raw.source, i + 1);
        match object(doc) {
            Ok(o) => objects.push(o),
            Err(message) => errors.push(RawError { location, message }),
        }
    }
    if errors.is_empty() { Ok(objects) } else { Err(errors) }
}

/// A serde-saphyr error as `source:line:column` and its first line, without the snippet.
pub(crate) fn parse_error(source: &str, e: &serde_saphyr::Error) -> RawError {
    let first =
        e.to_string().lines().next().unwrap_or_default().trim_start_matches("error: ").to_owned();
    let location = e
        .location()
        .map_or_else(|| source.to_owned(), |l| format!("{source}:{}:{}", l.line(), l.column()));
    // The first line repeats the position ("line 4 column 9: …"); the location has it already.
    let message = first
        .split_once(": ")
        .filter(|(head, _)| head.starts_with("line "))
        .map_or(first.clone(), |(_, m)| m.to_owned());
    RawError { location, message }
}

fn object(doc: Value) -> Result<RawObject, String> {
    let Value::Object(mut map) = doc else {
        return Err(format!("expected a mapping (a Kubernetes object), found {}", kind_of(&doc)));
    };
    let mut text = |key: &str| match map.remove(key) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s),
        Some(other) => {
            Err(format!("`{key}` must be a non-empty string, found {}", kind_of(&other)))
        }
        None => Err(format!("`{key}` is missing")),
    };
    let api_version = text("apiVersion")?;
    let kind = text("kind")?;
    let metadata: ObjectMeta = match map.remove("metadata") {
        Some(m @ Value::Object(_)) => {
            serde_json::from_value(m).map_err(|e| format!("`metadata` is not valid: {e}"))?
        }
        _ => return Err(format!("{kind}: `metadata` is missing or not a mapping")),
    };
    if metadata.name.as_deref().is_none_or(str::is_empty) {
        return Err(format!("{kind}: `metadata.name` is missing"));
    }
    if kind == "Secret"
        && ["data", "stringData"]
            .iter()
            .any(|k| map.get(*k).and_then(Value::as_object).is_some_and(|m| !m.is_empty()))
    {
        return Err(format!(
            "Secret `{}` carries values; secret values never belong in git",
            metadata.name.as_deref().unwrap_or_default()
        ));
    }
    Ok(RawObject { api_version, kind, metadata, rest: map })
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}
