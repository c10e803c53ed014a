//! The user-level unit: an [`App`] is one workload with everything that belongs to it.

use std::collections::BTreeMap;

use super::{
    Autoscale, Config, Container, DisruptionBudget, Expose, Ingress, Permission, PodSettings,
    Rollout, Security, Storage, Traffic, Volume, Waiver, Workload,
};
use crate::object::NAME_LABEL;
use std::panic::Location;

/// Who sets a workload's replica count.
/// Renders as `spec.replicas: N` (`Code`) or no `spec.replicas` at all (`Cluster`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ReplicasFrom {
    /// [`App::replicas`], rendered as `spec.replicas: N`: every apply resets the count.
    #[default]
    Code,
    /// The cluster (an autoscaler such as KEDA, or `kubectl scale`): `spec.replicas` is left
    /// out, so Kubernetes starts one pod and later applies never reset the count. Like an
    /// [`App::autoscale`]d app, without the HorizontalPodAutoscaler.
    Cluster,
}

/// One workload (Deployment, StatefulSet, DaemonSet, Job, CronJob or Pod) with its Services,
/// config, storage, scaling, network policy and permissions.
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
#[derive(Clone, Debug, PartialEq)]
pub struct App {
    /// The app's name: a DNS-1123 label, used for every object it renders.
    pub name: String,
    /// Value of the `app.kubernetes.io/component` label; `None` leaves it out.
    pub component: Option<String>,
    /// The app's own namespace, overriding the environment's (for stacks split across
    /// namespaces); its Namespace object is rendered too.
    pub namespace: Option<String>,
    /// Extra labels on every object the app renders and on its pods (never on selectors).
    pub labels: BTreeMap<String, String>,
    /// Annotations on every object the app renders (not its pods: see
    /// [`App::pod_annotations`]); an object's own annotation of the same key wins.
    pub annotations: BTreeMap<String, String>,
    /// The pod selector's labels; empty selects on `app.kubernetes.io/name: <name>`. Set it to
    /// keep a live workload's selector, which Kubernetes never lets change; the labels also go
    /// on the pods and on every object the app renders.
    pub selector: BTreeMap<String, String>,
    /// Which controller runs the pods. Defaults to a Deployment.
    pub workload: Workload,
    /// The containers; the first one is the main container that overlays edit.
    pub containers: Vec<Container>,
    /// Containers that run to completion before the main ones start.
    pub init_containers: Vec<Container>,
    /// Native sidecars: init containers that keep running beside the main ones
    /// (`restartPolicy: Always`, Kubernetes 1.29 and later).
    pub sidecars: Vec<Container>,
    /// Desired pod count (`spec.replicas`). Ignored for Jobs, when [`App::autoscale`] is
    /// set, and when [`App::replicas_from`] leaves the count to the cluster.
    pub replicas: u32,
    /// Who sets the replica count: this code (the default) or the cluster.
    pub replicas_from: ReplicasFrom,
    /// The Service in front of the pods; `None` renders no Service.
    pub expose: Option<Expose>,
    /// Further Services over the same pods (an internal ClusterIP and an external
    /// LoadBalancer); each needs its own [`Expose::name`].
    pub services: Vec<Expose>,
    /// The app's own ConfigMap, named `<app>-config`; rendered only when it has data.
    pub config: Config,
    /// Persistent storage: a volume claim template for StatefulSets, a PVC otherwise.
    pub storage: Vec<Storage>,
    /// Pod volumes other than storage, mounted by name from [`Container::mounts`].
    pub volumes: Vec<Volume>,
    /// Horizontal autoscaling (`autoscaling/v2`); `None` keeps a fixed replica count. With
    /// an autoscaler the workload renders no `spec.replicas`: the autoscaler owns the count,
    /// and a fixed one would reset it on every apply.
    pub autoscale: Option<Autoscale>,
    /// A PodDisruptionBudget (`policy/v1`) over the app's pods.
    pub disruption_budget: Option<DisruptionBudget>,
    /// An Ingress (`networking.k8s.io/v1`) routing to the app's Service.
    pub ingress: Option<Ingress>,
    /// Objects the app owns beyond what the model renders, usually typed custom resources
    /// (`RawYaml::typed(&monitor)`: its ServiceMonitor, its Certificate). Renders as those
    /// objects, checked like raw YAML (against their CRDs too), with the app's labels,
    /// annotations and namespace; an environment without the app has none of them.
    pub resources: Vec<super::RawYaml>,
    /// How the controller rolls out new pods.
    pub rollout: Rollout,
    /// Scheduling and shutdown of the pods.
    pub pod: PodSettings,
    /// Which ServiceAccount the pods run as.
    pub service_account: ServiceAccount,
    /// What the app's ServiceAccount may do through the Kubernetes API.
    pub permissions: Vec<Permission>,
    /// What the app's NetworkPolicy admits.
    pub traffic: Traffic,
    /// Apps that must be running (healthy, when they declare a health check; finished, for a
    /// Job) before this one starts, taken from them (`vec![db.handle()]`). Docker Compose
    /// orders start-up by it; Kubernetes has no such order, so a tree applied with `kubectl`
    /// relies on apps retrying, while a fleet's Argo CD sync waves and Flux stages apply an
    /// app's dependencies first (its stage is its depth in this graph; a cycle is an error).
    pub depends_on: Vec<AppRef>,
    /// Security context, token mounting and network policy; restricted unless relaxed.
    pub security: Security,
    /// Linter findings accepted for this app's objects, with reasons.
    pub waivers: Vec<Waiver>,
    /// Extra labels on the pods only (never on selectors).
    pub pod_labels: BTreeMap<String, String>,
    /// Extra annotations on the pods only.
    pub pod_annotations: BTreeMap<String, String>,
    /// Where the app was defined and overlaid; set by [`App::new`] and [`App::with`].
    #[doc(hidden)]
    pub trace: Trace,
}

/// Where an app was defined and each overlay applied (for messages, `explain` and
/// `render --provenance`), and what its overlays named that it did not have, each with the
/// overlay's line (validation reports them).
#[doc(hidden)]
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Trace {
    pub(crate) origins: Vec<&'static Location<'static>>,
    pub(crate) misses: Vec<(String, &'static Location<'static>)>,
}

/// A reference to an app, taken from the app itself ([`App::handle`]), so a dependency names
/// an app the code has; validation still reports one the environment does not include.
/// Renders as nothing of its own: the name of the app it refers to.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AppRef {
    name: String,
}

impl AppRef {
    /// The app's name.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl App {
    /// A reference to this app, for another app's [`App::depends_on`].
    ///
    /// ```
    /// use rustomize::App;
    ///
    /// let db = App::new("db");
    /// let api = App { depends_on: vec![db.handle()], ..App::new("api") };
    /// assert_eq!(api.depends_on[0].name(), "db");
    /// ```
    pub fn handle(&self) -> AppRef {
        AppRef { name: self.name.clone() }
    }

    /// An app called `name` with one replica, remembering where it was defined.
    #[track_caller]
    pub fn new(name: &str) -> App {
        App {
            name: name.into(),
            component: None,
            namespace: None,
            labels: BTreeMap::new(),
            annotations: BTreeMap::new(),
            selector: BTreeMap::new(),
            workload: Workload::default(),
            containers: Vec::new(),
            init_containers: Vec::new(),
            sidecars: Vec::new(),
            replicas: 1,
            replicas_from: ReplicasFrom::Code,
            expose: None,
            services: Vec::new(),
            config: Config::default(),
            storage: Vec::new(),
            volumes: Vec::new(),
            autoscale: None,
            disruption_budget: None,
            ingress: None,
            resources: Vec::new(),
            rollout: Rollout::default(),
            pod: PodSettings::default(),
            service_account: ServiceAccount::Default,
            permissions: Vec::new(),
            traffic: Traffic::default(),
            depends_on: Vec::new(),
            security: Security::default(),
            waivers: Vec::new(),
            pod_labels: BTreeMap::new(),
            pod_annotations: BTreeMap::new(),
            trace: Trace { origins: vec![Location::caller()], misses: Vec::new() },
        }
    }

    /// The name of the ConfigMap holding [`App::config`]: [`Config::name`], or `<app>-config`.
    pub fn config_map_name(&self) -> String {
        self.config.name.clone().unwrap_or_else(|| format!("{}-config", self.name))
    }

    /// The labels that select the app's pods: [`App::selector`], or
    /// `app.kubernetes.io/name: <name>`.
    pub fn pod_selector(&self) -> BTreeMap<String, String> {
        if self.selector.is_empty() {
            BTreeMap::from([(NAME_LABEL.to_owned(), self.name.clone())])
        } else {
            self.selector.clone()
        }
    }

    /// The container called `name`, among the main containers, sidecars and init containers.
    pub fn container_mut(&mut self, name: &str) -> Option<&mut Container> {
        self.containers
            .iter_mut()
            .chain(&mut self.sidecars)
            .chain(&mut self.init_containers)
            .find(|c| c.name == name)
    }

    /// The app's [`Security`](super::Security) loosened by what its containers depart with:
    /// what the pods' profile level, linter waivers and need for an exception follow.
    pub fn pod_security(&self) -> super::Security {
        self.security.with_containers(self.all_containers().map(|c| &c.security))
    }

    /// Every container of the pod: main containers, sidecars, then init containers.
    pub fn all_containers(&self) -> impl Iterator<Item = &Container> {
        self.containers.iter().chain(&self.sidecars).chain(&self.init_containers)
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

/// Which ServiceAccount an app's pods run as.
/// Renders as the pod's `serviceAccountName` (left out for `Default`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ServiceAccount {
    /// The namespace's `default` account.
    #[default]
    Default,
    /// A ServiceAccount named after the app, rendered with it.
    Own,
    /// A [`ServiceAccountSpec`](super::ServiceAccountSpec) the environment declares, by its
    /// handle ([`ServiceAccountSpec::handle`](super::ServiceAccountSpec::handle)); it gets
    /// the environment's prefix and suffix like every object it renders.
    Shared(super::SharedAccountRef),
    /// An account managed elsewhere, by name, used as it is.
    Existing(String),
}
