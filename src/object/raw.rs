//! Objects of any kind, read from YAML: identity typed, the rest kept as written.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde_json::{Map, Value};

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

/// Whether objects of `kind` live outside namespaces; a kind not listed is namespaced.
pub(crate) fn is_cluster_scoped(kind: &str) -> bool {
    CLUSTER_SCOPED.contains(&kind)
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
        !is_cluster_scoped(&self.kind)
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
