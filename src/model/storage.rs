//! Configuration, secrets and storage an app consumes.

use super::Origin;
use super::origin::located_default;
use std::collections::BTreeMap;

/// Configuration data: environment-style keys and whole files, rendered as one ConfigMap.
///
/// ```
/// use rustomize::Config;
///
/// let config = Config::hashed()
///     .set("LOG_LEVEL", "info")
///     .set("nginx.conf", "server { listen 8080; }\n")
///     .env_file("app.env", "FEATURE_X=on\n");
/// assert_eq!(config.keys(), ["FEATURE_X", "LOG_LEVEL", "nginx.conf"]);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// Key to value; file contents keep their trailing newline.
    pub data: BTreeMap<String, String>,
    /// Keys whose value is a rendered [`Template`].
    pub templates: BTreeMap<String, Template>,
    /// Env files (`KEY=VALUE` lines) whose keys join the data, like a Kustomize generator's
    /// `envs:`; each is `(name for messages, text)`, usually `include_str!`-ed. A key set
    /// directly or by a template replaces the same key from an env file; a later env file
    /// replaces an earlier one's.
    pub env_files: Vec<(String, String)>,
    /// Append Kustomize's content hash to the ConfigMap's name, so a change rolls the pods
    /// (every reference follows the new name).
    pub hashed: bool,
    /// Mark the ConfigMap immutable; with `hashed`, each change creates a new one.
    pub immutable: bool,
    /// The ConfigMap's name, before the environment's prefix and suffix (and the content
    /// hash); `None` is `<app>-config`. Set it to keep a live stack's name.
    pub name: Option<String>,
}

/// A config file written as a minijinja template and filled with per-environment values.
/// Renders as one key of its ConfigMap, the template filled in.
///
/// Rendering is strict: a variable the values do not define is an error naming the template,
/// the line and the variable, never an empty string. The trailing newline is kept.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Template {
    /// The template's name in messages, e.g. `nginx.conf.j2`.
    pub name: String,
    /// The template text, usually `include_str!`-ed from a file beside the code.
    pub source: String,
    /// The variables it may use.
    pub values: BTreeMap<String, String>,
}

impl Template {
    /// A template called `name` with no values yet.
    pub fn new(name: &str, source: &str) -> Template {
        Template { name: name.into(), source: source.into(), values: BTreeMap::new() }
    }

    /// Sets one variable.
    #[must_use]
    pub fn value(mut self, name: &str, value: impl Into<String>) -> Template {
        self.values.insert(name.into(), value.into());
        self
    }
}

impl Config {
    /// An empty config.
    pub fn new() -> Config {
        Config::default()
    }

    /// An empty config whose ConfigMap name carries Kustomize's content hash, so a change
    /// creates a new ConfigMap and rolls the pods that use it.
    pub fn hashed() -> Config {
        Config { hashed: true, ..Config::default() }
    }

    /// Sets one key.
    #[must_use]
    pub fn set(mut self, key: &str, value: impl Into<String>) -> Config {
        self.data.insert(key.into(), value.into());
        self
    }

    /// Adds the keys of an env file, e.g. `.env_file("app.env", include_str!("app.env"))`.
    #[must_use]
    pub fn env_file(mut self, source: &str, text: &str) -> Config {
        self.env_files.push((source.into(), text.into()));
        self
    }

    /// Sets one key to a rendered template.
    #[must_use]
    pub fn template(mut self, key: &str, template: Template) -> Config {
        self.templates.insert(key.into(), template);
        self
    }

    /// Applies every key of `other` on top of this config; a key set either way replaces both.
    /// `other`'s env files come after this config's, and `hashed` and `immutable` hold when
    /// either config asks for them.
    pub fn merge(&mut self, other: &Config) {
        // A key from one of `other`'s env files must win over this config's direct keys, which
        // would otherwise take precedence over every env file.
        for (source, text) in &other.env_files {
            for key in env_file_keys(source, text) {
                self.data.remove(&key);
                self.templates.remove(&key);
            }
        }
        self.env_files.extend(other.env_files.iter().cloned());
        self.hashed |= other.hashed;
        self.immutable |= other.immutable;
        if other.name.is_some() {
            self.name.clone_from(&other.name);
        }
        for (k, v) in &other.data {
            self.templates.remove(k);
            self.data.insert(k.clone(), v.clone());
        }
        for (k, t) in &other.templates {
            self.data.remove(k);
            self.templates.insert(k.clone(), t.clone());
        }
    }

    /// Whether no key is set.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty() && self.templates.is_empty() && self.env_files.is_empty()
    }

    /// Whether `key` is set, directly, by a template or by an env file.
    pub fn contains(&self, key: &str) -> bool {
        self.data.contains_key(key)
            || self.templates.contains_key(key)
            || self
                .env_files
                .iter()
                .any(|(source, text)| env_file_keys(source, text).iter().any(|k| k == key))
    }

    /// Every key, sorted (an env file that does not parse contributes none; validation
    /// reports it).
    pub fn keys(&self) -> Vec<String> {
        let mut keys: Vec<&str> =
            self.data.keys().chain(self.templates.keys()).map(String::as_str).collect();
        let mut owned: Vec<String> = Vec::new();
        for (source, text) in &self.env_files {
            owned.extend(env_file_keys(source, text));
        }
        keys.extend(owned.iter().map(String::as_str));
        keys.sort_unstable();
        keys.dedup();
        keys.into_iter().map(str::to_owned).collect()
    }
}

/// The keys of an env file, by the one strict parser; none when it does not parse.
fn env_file_keys(source: &str, text: &str) -> Vec<String> {
    crate::envfile::parse(std::path::Path::new(source), text.as_bytes())
        .map(|file| file.entries.into_keys().collect())
        .unwrap_or_default()
}

/// A Secret the environment needs, declared by its keys; values never live in code or git.
/// Renders no Secret (values live outside git): a line per key in `secrets.env.example`, and the
/// Secret itself only with `render --secrets-from`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SecretSpec {
    /// The Secret's name.
    pub name: String,
    /// The keys it must hold.
    pub keys: Vec<String>,
    /// What it is for and where its values come from, for whoever provisions it.
    pub description: String,
    /// Keys that may be left empty; every other key needs a value, so an unfilled copy of
    /// `secrets.env.example` is refused rather than deployed.
    pub optional: Vec<String>,
    /// The Secret's type, e.g. `kubernetes.io/tls`; `None` is `Opaque`.
    pub type_: Option<String>,
    /// The controller that creates it in the cluster (cert-manager for a Certificate's
    /// Secret), when nobody provisions it by hand: it is then left out of
    /// `secrets.env.example` and of `render --secrets-from`, and apps still refer to its keys.
    pub issued_by: Option<String>,
    /// Labels of its own (`app.kubernetes.io/part-of`), beside the environment's.
    pub labels: BTreeMap<String, String>,
    /// Where it was declared; set by [`SecretSpec::new`], read by messages.
    #[doc(hidden)]
    pub at: Origin,
}

impl SecretSpec {
    /// A Secret called `name` holding `keys`, remembering where it was declared.
    #[track_caller]
    pub fn new(name: &str, keys: &[&str]) -> SecretSpec {
        SecretSpec {
            name: name.into(),
            keys: keys.iter().map(|k| (*k).into()).collect(),
            description: String::new(),
            optional: Vec::new(),
            type_: None,
            issued_by: None,
            labels: BTreeMap::new(),
            at: Origin::here(),
        }
    }

    /// The `kubernetes.io/tls` Secret that `controller` (e.g. cert-manager, for a
    /// Certificate whose `secretName` is `name`) creates: an Ingress's TLS or a volume can use
    /// it like any declared Secret, and nobody is asked for its values.
    ///
    /// ```
    /// let tls = rustomize::SecretSpec::issued_tls("shop-tls", "cert-manager");
    /// assert_eq!(tls.keys, ["tls.crt", "tls.key", "ca.crt"]);
    /// assert_eq!(tls.issued_by.as_deref(), Some("cert-manager"));
    /// ```
    #[track_caller]
    pub fn issued_tls(name: &str, controller: &str) -> SecretSpec {
        SecretSpec {
            type_: Some("kubernetes.io/tls".into()),
            issued_by: Some(controller.into()),
            optional: vec!["ca.crt".into()],
            ..SecretSpec::new(name, &["tls.crt", "tls.key", "ca.crt"])
        }
    }

    /// A reference to one key; `validate` reports a key the spec does not declare.
    #[track_caller]
    pub fn key(&self, key: &str) -> SecretKeyRef {
        SecretKeyRef { secret: self.name.clone(), key: key.into(), ..SecretKeyRef::default() }
    }
}

/// One key of a declared Secret.
/// Renders as `valueFrom: {secretKeyRef: {name: …, key: …}}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecretKeyRef {
    /// The Secret's name.
    pub secret: String,
    /// The key inside it.
    pub key: String,
    /// The pod starts even when the key is missing.
    pub optional: bool,
    /// Where it was written; set by its constructor or `Default`, read by messages.
    #[doc(hidden)]
    pub at: Origin,
}

located_default!(SecretKeyRef { secret, key, optional });

impl SecretKeyRef {
    /// The same reference, allowed to be missing.
    #[must_use]
    pub fn optional(mut self) -> SecretKeyRef {
        self.optional = true;
        self
    }
}

/// Persistent storage an app keeps across restarts.
/// Renders as a PersistentVolumeClaim (or a StatefulSet's `volumeClaimTemplates` entry):
/// `resources: {requests: {storage: 5Gi}}`.
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
    /// The claim's name, before the environment's prefix and suffix; `None` is
    /// `<app>-<name>` for an app's claim and `name` for an environment's.
    pub claim_name: Option<String>,
    /// Labels of the claim's own, beside the app's (or the environment's); on a claim
    /// template they reach every claim the StatefulSet creates.
    pub labels: BTreeMap<String, String>,
}

impl Storage {
    /// `size` of read-write-once storage called `name`.
    pub fn new(name: &str, size: &str) -> Storage {
        Storage { name: name.into(), size: size.into(), ..Storage::default() }
    }

    /// The handle apps mount it by, when the environment declares it as a claim
    /// ([`Environment::claims`](super::Environment::claims), [`VolumeSource::Claim`]).
    pub fn handle(&self) -> super::ClaimRef {
        super::ClaimRef::named(&self.name)
    }
}

/// How a persistent volume may be attached.
/// Renders as `accessModes: [ReadWriteOnce]`.
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
/// Renders as a pod `volumes` entry (`emptyDir`, `configMap`, `secret`, `projected`,
/// `persistentVolumeClaim`, …).
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
/// Renders as the source of a pod `volumes` entry: `emptyDir: {}`, `configMap: {name: …}`,
/// `persistentVolumeClaim: {claimName: …}`, ….
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum VolumeSource {
    /// Scratch space that lives as long as the pod.
    #[default]
    EmptyDir,
    /// Scratch space in memory, capped at the given size.
    Memory(String),
    /// Keys of a ConfigMap or Secret as files: every key, or chosen ones with their paths,
    /// and a mode. The one way to mount a ConfigMap or a Secret; [`VolumeSource::config`],
    /// [`VolumeSource::secret`] and [`VolumeSource::shared_config`] build the common case.
    Files(Files),
    /// Several sources in one directory (`projected`).
    Projected(Vec<Files>),
    /// A claim the environment declares ([`Environment::claims`](super::Environment::claims)),
    /// by its handle ([`Storage::handle`]).
    Claim(super::ClaimRef),
    /// A PersistentVolumeClaim managed outside the tree, by its exact name.
    ExistingClaim(String),
    /// Scratch space on the node's disk, capped at the given size (`emptyDir.sizeLimit`).
    Scratch(String),
    /// Fields of the pod as files (`downwardAPI`): `(path, field path)`, e.g.
    /// `("labels", "metadata.labels")`.
    PodFields(Vec<(String, String)>),
    /// A claim made for the pod and deleted with it (a generic ephemeral volume): scratch
    /// space of a storage class, larger or faster than the node's disk.
    Ephemeral {
        /// The size requested, e.g. `10Gi`.
        size: String,
        /// How it is mounted.
        access_mode: AccessMode,
        /// The StorageClass; `None` is the cluster's default.
        storage_class: Option<String>,
    },
    /// A ServiceAccount token for one audience (a projected `serviceAccountToken`), which
    /// the kubelet rotates: how a pod proves who it is to Vault or a cloud's identity service.
    Token {
        /// The file's path in the volume, e.g. `token`.
        path: String,
        /// Who the token is for; `None` is the API server.
        audience: Option<String>,
        /// Seconds it is valid for, at least 600; `None` is Kubernetes' hour.
        expiration_seconds: Option<i64>,
    },
    /// A volume a CSI driver provides inline, e.g. a cloud secret store's
    /// (`secrets-store.csi.k8s.io` with its `secretProviderClass` attribute).
    Csi {
        /// The driver's name, a DNS subdomain.
        driver: String,
        /// Mount it read-only.
        read_only: bool,
        /// The driver's settings for this volume (`volumeAttributes`).
        attributes: BTreeMap<String, String>,
    },
    /// A StatefulSet's claim template of the same name ([`App::storage`](super::App::storage)),
    /// listed among the pod's volumes as some charts do: the StatefulSet controller mounts
    /// each pod's claim in its place. Renders as an empty directory of that name, which is
    /// what the API server stores for a volume listed by name alone.
    ClaimTemplate,
}

impl VolumeSource {
    /// The app's own ConfigMap, one file per key: `configMap: {name: <app>-config}`.
    pub fn config() -> VolumeSource {
        VolumeSource::Files(Files::new(FileSource::Config))
    }

    /// The declared Secret `name`, one file per key: `secret: {secretName: <name>}`.
    pub fn secret(name: &str) -> VolumeSource {
        VolumeSource::Files(Files::new(FileSource::Secret(name.into())))
    }

    /// A shared ConfigMap of the environment, one file per key.
    pub fn shared_config(config: super::SharedConfigRef) -> VolumeSource {
        VolumeSource::Files(Files::new(FileSource::SharedConfig(config)))
    }
}

/// Keys of a ConfigMap or Secret mounted as files.
/// Renders as `items: [{key: tls.key, path: server.key}]` and `defaultMode`.
///
/// ```
/// use rustomize::{FileSource, Files, VolumeSource};
///
/// let tls = VolumeSource::Files(Files {
///     items: vec![("tls.key".into(), "server.key".into())],
///     default_mode: Some(0o400),
///     ..Files::new(FileSource::Secret("tls".into()))
/// });
/// # let _ = tls;
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Files {
    /// Where the keys come from.
    pub source: FileSource,
    /// `(key, path)` pairs; empty mounts every key under its own name.
    pub items: Vec<(String, String)>,
    /// The files' permission bits, e.g. `0o400`; `None` is `0o644`.
    pub default_mode: Option<i32>,
    /// The pod starts without them when the source is missing (a TLS Secret another tool
    /// issues later); such a Secret need not be declared.
    pub optional: bool,
}

impl Files {
    /// Every key of `source`.
    pub fn new(source: FileSource) -> Files {
        Files { source, items: Vec::new(), default_mode: None, optional: false }
    }
}

/// The object whose keys [`Files`] mounts.
/// Renders as the `configMap` or `secret` a volume's `items` come from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum FileSource {
    /// The app's own ConfigMap.
    #[default]
    Config,
    /// A [`SharedConfig`](super::SharedConfig), by its handle.
    SharedConfig(super::SharedConfigRef),
    /// A declared Secret, by name.
    Secret(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_keeps_env_files_hashing_and_immutability() {
        let mut base = Config::new().set("LOG_LEVEL", "info").set("REGION", "eu");
        let overlay = Config {
            hashed: true,
            immutable: true,
            ..Config::hashed().env_file("prod.env", "LOG_LEVEL=warn\nFEATURE_X=on\n")
        };
        base.merge(&overlay);
        assert!(base.hashed && base.immutable);
        assert_eq!(
            base.env_files,
            [("prod.env".to_owned(), "LOG_LEVEL=warn\nFEATURE_X=on\n".to_owned())]
        );
        // The overlay's env file wins over the base's direct key of the same name.
        assert_eq!(base.data.get("LOG_LEVEL"), None);
        assert_eq!(base.keys(), ["FEATURE_X", "LOG_LEVEL", "REGION"]);
        assert!(base.contains("FEATURE_X"));
    }
}
