//! Objects an environment owns on its own, shared by its apps: ConfigMaps, ServiceAccounts,
//! PersistentVolumeClaims and Services that point outside the cluster. Apps refer to them
//! through typed references built from the declaration (`config.key("X")`), and validation
//! checks every reference like an app's own.

use super::Origin;
use super::origin::located_default;
use std::collections::BTreeMap;

use super::{Config, Storage};

/// A ConfigMap several apps read, e.g. settings shared by every service of a stack.
/// Renders as a ConfigMap named `<prefix><name>` (with `-<hash>` when hashed).
///
/// ```
/// use rustomize::{Config, Env, EnvFrom, SharedConfig};
///
/// let common = SharedConfig::new("common", Config::hashed().set("LOG_LEVEL", "info"));
/// let env = Env::new().set("LOG_LEVEL", common.key("LOG_LEVEL"));
/// let from = common.env_from();
/// assert_eq!(from, EnvFrom::Shared(common.handle()));
/// # let _ = env;
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SharedConfig {
    /// The ConfigMap's name (before the environment's prefix, suffix and content hash).
    pub name: String,
    /// Its data; `Config::hashed()` names it with Kustomize's content hash.
    pub config: Config,
    /// Labels of its own (`app.kubernetes.io/part-of`), beside the environment's.
    pub labels: BTreeMap<String, String>,
    /// Annotations of its own (a `description`), beside the environment's.
    pub annotations: BTreeMap<String, String>,
    /// Where it was declared; set by [`SharedConfig::new`], read by messages.
    #[doc(hidden)]
    pub at: Origin,
}

impl SharedConfig {
    /// A shared ConfigMap called `name` holding `config`, remembering where it was declared.
    #[track_caller]
    pub fn new(name: &str, config: Config) -> SharedConfig {
        SharedConfig {
            name: name.into(),
            config,
            labels: BTreeMap::new(),
            annotations: BTreeMap::new(),
            at: Origin::here(),
        }
    }

    /// The handle apps use to mount it ([`VolumeSource::shared_config`](super::VolumeSource::shared_config),
    /// [`FileSource::SharedConfig`](super::FileSource::SharedConfig)) or read all of it
    /// ([`EnvFrom::Shared`](super::EnvFrom::Shared)).
    pub fn handle(&self) -> SharedConfigRef {
        SharedConfigRef(self.name.clone())
    }

    /// A reference to one key, for [`EnvValue::SharedConfig`](super::EnvValue::SharedConfig).
    #[track_caller]
    pub fn key(&self, key: &str) -> ConfigKeyRef {
        ConfigKeyRef { config: self.name.clone(), key: key.into(), ..ConfigKeyRef::default() }
    }

    /// Every key as an environment variable.
    pub fn env_from(&self) -> super::EnvFrom {
        super::EnvFrom::Shared(self.handle())
    }
}

/// One key of a [`SharedConfig`].
/// Renders as `valueFrom: {configMapKeyRef: {name: …, key: …}}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigKeyRef {
    /// The shared ConfigMap's name.
    pub config: String,
    /// The key inside it.
    pub key: String,
    /// The pod starts even when the key is missing.
    pub optional: bool,
    /// Where it was written; set by its constructor or `Default`, read by messages.
    #[doc(hidden)]
    pub at: Origin,
}

located_default!(ConfigKeyRef { config, key, optional });

/// A ServiceAccount of the environment, which several apps may run as
/// ([`ServiceAccount::Shared`](super::ServiceAccount::Shared)).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServiceAccountSpec {
    /// Its name, before the environment's prefix and suffix.
    pub name: String,
    /// Annotations, e.g. a cloud IAM binding (`iam.gke.io/gcp-service-account`).
    pub annotations: BTreeMap<String, String>,
    /// Labels of its own (`app.kubernetes.io/component`), beside the environment's.
    pub labels: BTreeMap<String, String>,
    /// Registry credentials every pod of the account pulls with (`imagePullSecrets`), by
    /// Secret name.
    pub image_pull_secrets: Vec<String>,
    /// Secrets its pods may mount (`secrets`; deprecated since Kubernetes 1.24, still written
    /// by some stacks), by name.
    pub secrets: Vec<String>,
    /// `automountServiceAccountToken` on the account itself; `None` leaves it to the pods
    /// (rustomize's pods set it, off unless an app needs the API).
    pub automount_token: Option<bool>,
}

impl ServiceAccountSpec {
    /// The handle an app runs as ([`ServiceAccount::Shared`](super::ServiceAccount::Shared)).
    pub fn handle(&self) -> SharedAccountRef {
        SharedAccountRef(self.name.clone())
    }

    /// A ServiceAccount called `name`.
    pub fn new(name: &str) -> ServiceAccountSpec {
        ServiceAccountSpec {
            name: name.into(),
            annotations: BTreeMap::new(),
            labels: BTreeMap::new(),
            image_pull_secrets: Vec::new(),
            secrets: Vec::new(),
            automount_token: None,
        }
    }
}

/// A PersistentVolumeClaim of the environment, mounted by name from any app
/// ([`VolumeSource::Claim`](super::VolumeSource::Claim)).
pub type ClaimSpec = Storage;

/// A Service that names something outside the cluster (`type: ExternalName`), so apps use one
/// in-cluster name whether the database runs in the cluster or is managed elsewhere.
///
/// ```
/// let mongo = rustomize::ExternalService::new("mongodb", "cluster0.abcde.mongodb.net");
/// assert_eq!(mongo.external_name, "cluster0.abcde.mongodb.net");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExternalService {
    /// The Service's name (what apps connect to), before the prefix and suffix.
    pub name: String,
    /// The DNS name it resolves to.
    pub external_name: String,
    /// Ports to document on the Service: `(name, number)`.
    pub ports: Vec<(String, u16)>,
}

impl ExternalService {
    /// A Service called `name` that resolves to `external_name`.
    pub fn new(name: &str, external_name: &str) -> ExternalService {
        ExternalService {
            name: name.into(),
            external_name: external_name.into(),
            ports: Vec::new(),
        }
    }
}

/// What an app's ServiceAccount may do through the Kubernetes API: rendered as a Role and a
/// RoleBinding (or, cluster-wide, a ClusterRole and a ClusterRoleBinding) for that account.
///
/// ```
/// let read_pods = rustomize::Permission::namespaced(&[""], &["pods"], &["get", "list", "watch"]);
/// assert!(!read_pods.cluster_wide);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Permission {
    /// API groups (`""` is the core group).
    pub api_groups: Vec<String>,
    /// Resources, e.g. `pods`, `configmaps`.
    pub resources: Vec<String>,
    /// Verbs, e.g. `get`, `list`, `watch`.
    pub verbs: Vec<String>,
    /// Only these objects; empty for all of them.
    pub resource_names: Vec<String>,
    /// Grant it in every namespace (ClusterRole) rather than the app's own.
    pub cluster_wide: bool,
}

impl Permission {
    /// `verbs` on `resources` of `api_groups` in the app's namespace.
    pub fn namespaced(api_groups: &[&str], resources: &[&str], verbs: &[&str]) -> Permission {
        let owned = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect();
        Permission {
            api_groups: owned(api_groups),
            resources: owned(resources),
            verbs: owned(verbs),
            ..Permission::default()
        }
    }

    /// The same permission in every namespace.
    #[must_use]
    pub fn cluster_wide(mut self) -> Permission {
        self.cluster_wide = true;
        self
    }

    /// The rule it renders as.
    pub fn rule(&self) -> super::Rule {
        super::Rule {
            api_groups: self.api_groups.clone(),
            resources: self.resources.clone(),
            verbs: self.verbs.clone(),
            resource_names: self.resource_names.clone(),
            non_resource_urls: Vec::new(),
        }
    }
}

/// Declares a handle type: a reference to an object an environment declares, obtained only
/// from that declaration, so a misspelt name cannot compile.
macro_rules! handle {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// The declared object's name (before the environment's prefix and suffix).
            pub fn name(&self) -> &str {
                &self.0
            }

            /// A handle to an object declared elsewhere, by name: for code that reads
            /// declarations back (`import`), never for users.
            pub(crate) fn named(name: &str) -> $name {
                $name(name.to_owned())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

handle!(
    /// A [`SharedConfig`] of the environment, from [`SharedConfig::handle`]; renders as its
    /// ConfigMap's name (`configMap.name`, `configMapRef.name`).
    SharedConfigRef
);
handle!(
    /// A [`ServiceAccountSpec`] of the environment, from [`ServiceAccountSpec::handle`];
    /// renders as `serviceAccountName`.
    SharedAccountRef
);
handle!(
    /// A [`ClaimSpec`] of the environment, from [`Storage::handle`](super::Storage::handle);
    /// renders as `persistentVolumeClaim.claimName`.
    ClaimRef
);

/// An aggregated API the cluster's API server serves through an app's Service (the metrics
/// API `v1beta1.metrics.k8s.io` through metrics-server): an `APIService` named
/// `<version>.<group>`, cluster-scoped and never prefixed, as the API requires.
///
/// ```
/// use rustomize::{ApiService, App};
///
/// let metrics_server = App::new("metrics-server");
/// let metrics = ApiService::new("metrics.k8s.io", "v1beta1", metrics_server.handle());
/// assert_eq!(metrics.name(), "v1beta1.metrics.k8s.io");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiService {
    /// The API group it serves, e.g. `metrics.k8s.io`.
    pub group: String,
    /// The group's version, e.g. `v1beta1`.
    pub version: String,
    /// The app whose Service answers it.
    pub app: super::AppRef,
    /// The Service port it is reached on; `None` is 443.
    pub port: Option<u16>,
    /// The group's priority among groups (higher first).
    pub group_priority_minimum: i32,
    /// The version's priority within the group (higher first).
    pub version_priority: i32,
    /// Skip verifying the Service's serving certificate (no CA bundle to check it with).
    pub insecure_skip_tls_verify: bool,
    /// Labels of its own, beside the environment's.
    pub labels: BTreeMap<String, String>,
    /// Where it was declared; set by [`ApiService::new`], read by messages.
    #[doc(hidden)]
    pub at: Origin,
}

impl ApiService {
    /// The `version` of `group`, answered by `app`'s Service on port 443, at priority 100.
    #[track_caller]
    pub fn new(group: &str, version: &str, app: super::AppRef) -> ApiService {
        ApiService {
            group: group.into(),
            version: version.into(),
            app,
            port: None,
            group_priority_minimum: 100,
            version_priority: 100,
            insecure_skip_tls_verify: false,
            labels: BTreeMap::new(),
            at: Origin::here(),
        }
    }

    /// Its object name, `<version>.<group>`.
    pub fn name(&self) -> String {
        format!("{}.{}", self.version, self.group)
    }
}

/// A Service of the environment over pods it selects by label, for workloads that are not
/// apps (kept as written, run by an operator) or a second view of an app's pods with labels of
/// its own. An app's own Services are [`App::expose`](super::App::expose) and
/// [`App::services`](super::App::services), whose ports are checked against its containers.
///
/// ```
/// use rustomize::{Expose, ServiceSpec, labels};
///
/// let metrics = ServiceSpec::new("metrics", labels(&[("app", "controller")]), Expose::cluster_ip(&[("8082", 8082)]));
/// assert_eq!(metrics.expose.name.as_deref(), Some("metrics"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceSpec {
    /// The pods' labels it selects, as written; empty selects none (endpoints kept by hand).
    pub selector: BTreeMap<String, String>,
    /// Its name (required), type, ports (a port's target is a port name or a number) and
    /// labels of its own.
    pub expose: super::Expose,
}

impl ServiceSpec {
    /// A Service called `name` over the pods `selector` matches.
    pub fn new(
        name: &str,
        selector: BTreeMap<String, String>,
        expose: super::Expose,
    ) -> ServiceSpec {
        ServiceSpec { selector, expose: super::Expose { name: Some(name.into()), ..expose } }
    }

    /// Its name, before the environment's prefix and suffix.
    pub fn name(&self) -> &str {
        self.expose.name.as_deref().unwrap_or_default()
    }
}

/// A StorageClass: how a provisioner makes the volumes of the claims that name it.
/// Cluster-scoped and shared by every environment of the cluster, so its name is never
/// prefixed: a claim names it as written.
///
/// ```
/// use rustomize::StorageClassSpec;
///
/// let fast = StorageClassSpec {
///     parameters: rustomize::labels(&[("type", "pd-ssd")]),
///     volume_binding_mode: Some("WaitForFirstConsumer".into()),
///     ..StorageClassSpec::new("fast", "pd.csi.storage.gke.io")
/// };
/// assert_eq!(fast.provisioner, "pd.csi.storage.gke.io");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StorageClassSpec {
    /// Its name, as claims name it.
    pub name: String,
    /// The provisioner, e.g. `ebs.csi.aws.com`.
    pub provisioner: String,
    /// The provisioner's settings (`type: gp3`).
    pub parameters: BTreeMap<String, String>,
    /// `Delete` (Kubernetes' default) or `Retain`: what happens to a volume when its claim
    /// goes.
    pub reclaim_policy: Option<String>,
    /// `Immediate` (the default) or `WaitForFirstConsumer`: make the volume where its first
    /// pod is scheduled.
    pub volume_binding_mode: Option<String>,
    /// Claims of this class may grow.
    pub allow_volume_expansion: Option<bool>,
    /// Mount options of its volumes.
    pub mount_options: Vec<String>,
    /// Labels of its own, beside the environment's.
    pub labels: BTreeMap<String, String>,
    /// Annotations (`storageclass.kubernetes.io/is-default-class`).
    pub annotations: BTreeMap<String, String>,
}

impl StorageClassSpec {
    /// A class called `name`, made by `provisioner` with its defaults.
    pub fn new(name: &str, provisioner: &str) -> StorageClassSpec {
        StorageClassSpec {
            name: name.into(),
            provisioner: provisioner.into(),
            ..StorageClassSpec::default()
        }
    }
}

/// A PriorityClass: the priority of the pods that name it
/// ([`PodSettings::priority_class_name`](super::PodSettings::priority_class_name)).
/// Cluster-scoped, so its name is never prefixed.
///
/// ```
/// use rustomize::PriorityClassSpec;
///
/// let critical = PriorityClassSpec { description: "Payment path".into(), ..PriorityClassSpec::new("critical", 100_000) };
/// assert_eq!(critical.value, 100_000);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PriorityClassSpec {
    /// Its name, as pods name it.
    pub name: String,
    /// The priority: higher is scheduled first, and may preempt lower.
    pub value: i32,
    /// The priority of pods that name no class.
    pub global_default: bool,
    /// `Never`: its pods never preempt others (`PreemptLowerPriority` is the default).
    pub preemption_policy: Option<String>,
    /// What it is for.
    pub description: String,
    /// Labels of its own, beside the environment's.
    pub labels: BTreeMap<String, String>,
}

impl PriorityClassSpec {
    /// A class called `name` of priority `value`.
    pub fn new(name: &str, value: i32) -> PriorityClassSpec {
        PriorityClassSpec { name: name.into(), value, ..PriorityClassSpec::default() }
    }
}
