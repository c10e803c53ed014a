//! Configuration, secrets and storage an app consumes.

use std::collections::BTreeMap;

/// Configuration data: environment-style keys and whole files, rendered as one ConfigMap.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// Key to value; file contents keep their trailing newline.
    pub data: BTreeMap<String, String>,
}

impl Config {
    /// An empty config.
    pub fn new() -> Config {
        Config::default()
    }

    /// Sets one key.
    #[must_use]
    pub fn set(mut self, key: &str, value: impl Into<String>) -> Config {
        self.data.insert(key.into(), value.into());
        self
    }

    /// Applies every key of `other` on top of this config.
    pub fn merge(&mut self, other: &Config) {
        self.data.extend(other.data.iter().map(|(k, v)| (k.clone(), v.clone())));
    }

    /// Whether no key is set.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }
}

/// A Secret the environment needs, declared by its keys; values never live in code or git.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SecretSpec {
    /// The Secret's name.
    pub name: String,
    /// The keys it must hold.
    pub keys: Vec<String>,
    /// What it is for and where its values come from, for whoever provisions it.
    pub description: String,
}

impl SecretSpec {
    /// A Secret called `name` holding `keys`.
    pub fn new(name: &str, keys: &[&str]) -> SecretSpec {
        SecretSpec {
            name: name.into(),
            keys: keys.iter().map(|k| (*k).into()).collect(),
            description: String::new(),
        }
    }

    /// A reference to one key; `validate` reports a key the spec does not declare.
    pub fn key(&self, key: &str) -> SecretKeyRef {
        SecretKeyRef { secret: self.name.clone(), key: key.into() }
    }
}

/// One key of a declared Secret.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SecretKeyRef {
    /// The Secret's name.
    pub secret: String,
    /// The key inside it.
    pub key: String,
}

/// Persistent storage an app keeps across restarts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Storage {
    /// Volume name that containers mount.
    pub name: String,
    /// Requested size, e.g. `10Gi`.
    pub size: String,
    /// How the volume may be attached.
    pub access_mode: AccessMode,
    /// StorageClass; `None` uses the cluster default.
    pub storage_class: Option<String>,
}

impl Storage {
    /// `size` of read-write-once storage called `name`.
    pub fn new(name: &str, size: &str) -> Storage {
        Storage { name: name.into(), size: size.into(), ..Storage::default() }
    }
}

/// How a persistent volume may be attached.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AccessMode {
    /// Read-write by one node.
    #[default]
    ReadWriteOnce,
    /// Read-write by one pod.
    ReadWriteOncePod,
    /// Read-only by many nodes.
    ReadOnlyMany,
    /// Read-write by many nodes.
    ReadWriteMany,
}

impl AccessMode {
    /// The spelling Kubernetes uses.
    pub fn as_str(self) -> &'static str {
        match self {
            AccessMode::ReadWriteOnce => "ReadWriteOnce",
            AccessMode::ReadWriteOncePod => "ReadWriteOncePod",
            AccessMode::ReadOnlyMany => "ReadOnlyMany",
            AccessMode::ReadWriteMany => "ReadWriteMany",
        }
    }
}

/// A pod volume that is not persistent storage.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Volume {
    /// The name containers mount it by.
    pub name: String,
    /// What backs it.
    pub source: VolumeSource,
}

impl Volume {
    /// A volume called `name` backed by `source`.
    pub fn new(name: &str, source: VolumeSource) -> Volume {
        Volume { name: name.into(), source }
    }
}

/// What backs a [`Volume`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum VolumeSource {
    /// Scratch space that lives as long as the pod.
    #[default]
    EmptyDir,
    /// Scratch space in memory, capped at the given size.
    Memory(String),
    /// The app's own ConfigMap, one file per key.
    Config,
    /// A declared Secret, one file per key.
    Secret(String),
}
