//! The user-level unit: an [`App`] is one workload with everything that belongs to it.

use super::{
    Autoscale, Config, Container, DisruptionBudget, Expose, Ingress, Security, Storage, Volume,
    Waiver,
};

/// One workload (Deployment, StatefulSet or Job) with its Service, config, storage and scaling.
///
/// Every object an app renders is named after [`App::name`], and every reference between them
/// (selector, target port, claim, scale target) is derived from that one value.
///
/// ```
/// use rustomize::{App, Container, Expose, Image, Port};
///
/// let api = App {
///     containers: vec![Container {
///         name: "api".into(),
///         image: Image::tag("ghcr.io/acme/api", "1.4.2"),
///         ports: vec![Port::http(8080)],
///         ..Container::default()
///     }],
///     // The Service's port 80 targets the container port named `http`.
///     expose: Some(Expose::cluster_ip(&[("http", 80)])),
///     ..App::new("api")
/// };
/// assert_eq!(api.config_map_name(), "api-config");
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct App {
    /// The app's name: a DNS-1123 label, used for every object it renders.
    pub name: String,
    /// Value of the `app.kubernetes.io/component` label; `None` leaves it out.
    pub component: Option<String>,
    /// The app's own namespace, overriding the environment's (for stacks split across
    /// namespaces); its Namespace object is rendered too.
    pub namespace: Option<String>,
    /// Extra labels on every object the app renders and on its pods (never on selectors).
    pub labels: std::collections::BTreeMap<String, String>,
    /// Which controller runs the pods. Defaults to a Deployment.
    pub workload: Workload,
    /// The containers; the first one is the main container that overlays edit.
    pub containers: Vec<Container>,
    /// Containers that run to completion before the main ones start.
    pub init_containers: Vec<Container>,
    /// Desired pod count. Ignored for Jobs and when [`App::autoscale`] is set.
    pub replicas: u32,
    /// The Service in front of the pods; `None` renders no Service.
    pub expose: Option<Expose>,
    /// The app's own ConfigMap, named `<app>-config`; rendered only when it has data.
    pub config: Config,
    /// Persistent storage: a volume claim template for StatefulSets, a PVC otherwise.
    pub storage: Vec<Storage>,
    /// Pod volumes other than storage, mounted by name from [`Container::mounts`].
    pub volumes: Vec<Volume>,
    /// Horizontal autoscaling (`autoscaling/v2`); `None` keeps a fixed replica count.
    pub autoscale: Option<Autoscale>,
    /// A PodDisruptionBudget (`policy/v1`) over the app's pods.
    pub disruption_budget: Option<DisruptionBudget>,
    /// An Ingress (`networking.k8s.io/v1`) routing to the app's Service.
    pub ingress: Option<Ingress>,
    /// Which ServiceAccount the pods run as.
    pub service_account: ServiceAccount,
    /// Security context, token mounting and network policy; restricted unless relaxed.
    pub security: Security,
    /// Linter findings accepted for this app's objects, with reasons.
    pub waivers: Vec<Waiver>,
    /// Extra labels on the pods only (never on selectors).
    pub pod_labels: std::collections::BTreeMap<String, String>,
    /// Extra annotations on the pods only.
    pub pod_annotations: std::collections::BTreeMap<String, String>,
    /// Where the app was defined and each overlay applied (from [`App::new`] and
    /// [`App::with`]), for `render --provenance`.
    pub origins: Vec<&'static std::panic::Location<'static>>,
}

impl App {
    /// An app called `name` with one replica, remembering where it was defined.
    #[track_caller]
    pub fn new(name: &str) -> App {
        App {
            name: name.into(),
            replicas: 1,
            origins: vec![std::panic::Location::caller()],
            ..App::default()
        }
    }

    /// The name of the ConfigMap holding [`App::config`].
    pub fn config_map_name(&self) -> String {
        format!("{}-config", self.name)
    }

    /// The app's Service name before an environment's name prefix and suffix; the address
    /// pods in the same namespace use when the environment has neither. Use
    /// [`Environment::host`](crate::Environment::host) otherwise (validation reports a value
    /// that uses this one where a prefix makes it wrong).
    pub fn host(&self) -> &str {
        &self.name
    }

    /// The DNS name pods in another namespace use to reach this app's Service, given the
    /// namespace the app runs in when it does not set its own.
    pub fn host_in(&self, namespace: &str) -> String {
        let namespace = self.namespace.as_deref().unwrap_or(namespace);
        format!("{}.{namespace}.svc.cluster.local", self.name)
    }

    /// The main container, which overlays edit; `None` when the app declares none.
    pub fn main_container(&self) -> Option<&Container> {
        self.containers.first()
    }

    /// The main container, mutably.
    pub fn main_container_mut(&mut self) -> Option<&mut Container> {
        self.containers.first_mut()
    }
}

/// The controller that runs an app's pods.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Workload {
    /// A `apps/v1` Deployment: stateless, interchangeable replicas.
    #[default]
    Deployment,
    /// A `apps/v1` StatefulSet: stable identities and per-pod storage; needs [`App::expose`].
    StatefulSet,
    /// A `batch/v1` Job: pods that run to completion.
    Job(Job),
}

/// Settings of a run-to-completion workload.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    /// Retries before the Job is marked failed.
    pub backoff_limit: i32,
    /// Seconds after finishing before the Job is garbage-collected; `None` keeps it.
    pub ttl_seconds_after_finished: Option<i32>,
    /// What the kubelet does when a container exits.
    pub restart_policy: RestartPolicy,
}

impl Default for Job {
    fn default() -> Self {
        Job {
            backoff_limit: 6,
            ttl_seconds_after_finished: None,
            restart_policy: RestartPolicy::OnFailure,
        }
    }
}

/// Restart policy of a Job's pods.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RestartPolicy {
    /// Restart failed containers in place.
    #[default]
    OnFailure,
    /// Never restart; the Job creates a new pod instead.
    Never,
}

impl RestartPolicy {
    /// The spelling Kubernetes uses.
    pub fn as_str(self) -> &'static str {
        match self {
            RestartPolicy::OnFailure => "OnFailure",
            RestartPolicy::Never => "Never",
        }
    }
}

/// Which ServiceAccount an app's pods run as.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ServiceAccount {
    /// The namespace's `default` account.
    #[default]
    Default,
    /// A ServiceAccount named after the app, rendered with it.
    Own,
    /// An account managed elsewhere, by name.
    Existing(String),
}
