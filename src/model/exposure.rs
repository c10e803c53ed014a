//! How an app is reached and scaled: its Services, Ingress, autoscaler and disruption budget.

use super::Origin;
use super::origin::located_default;
use std::collections::BTreeMap;

/// A Service in front of an app's pods. Its selector is always the app's pod selector.
/// Renders as a Service: `spec: {type: ClusterIP, selector: {…}, ports: [{port: 80, targetPort: http}]}`.
///
/// ```
/// use rustomize::{Expose, LoadBalancer};
///
/// let public = Expose {
///     name: Some("frontend-external".into()),
///     load_balancer: LoadBalancer {
///         source_ranges: vec!["203.0.113.0/24".into()],
///         external_traffic_policy_local: true,
///         ..LoadBalancer::default()
///     },
///     ..Expose::load_balancer(&[("http", 80)])
/// };
/// assert_eq!(public.port("http").map(|p| p.port), Some(80));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expose {
    /// The Service's name, before the environment's prefix and suffix; `None` is the app's
    /// name (required for [`App::services`](super::App::services)).
    pub name: Option<String>,
    /// ClusterIP, NodePort, LoadBalancer or headless.
    pub type_: ExposeType,
    /// The ports the Service offers.
    pub ports: Vec<ServicePort>,
    /// Annotations, e.g. a cloud load balancer's settings.
    pub annotations: BTreeMap<String, String>,
    /// Labels of the Service's own (a scraper's `monitoring: "true"`), beside the app's.
    pub labels: BTreeMap<String, String>,
    /// Settings of a `LoadBalancer` Service.
    pub load_balancer: LoadBalancer,
    /// Send a client's requests to the same pod (`sessionAffinity: ClientIP`).
    pub sticky_sessions: bool,
    /// List pods in DNS before they are ready, as a StatefulSet's peers need to find each
    /// other while starting (`publishNotReadyAddresses`).
    pub publish_not_ready: bool,
    /// How long a client sticks to its pod with [`Expose::sticky_sessions`], when not
    /// Kubernetes' three hours: 1 to 86,400 seconds.
    pub sticky_timeout_seconds: Option<i32>,
    /// Traffic from inside the cluster goes only to pods on the caller's node
    /// (`internalTrafficPolicy: Local`), as a node-local cache or agent wants.
    pub internal_traffic_local: bool,
    /// `SingleStack`, `PreferDualStack` or `RequireDualStack`: the IP families the Service
    /// gets on a dual-stack cluster.
    pub ip_family_policy: Option<String>,
    /// `PreferClose`: route to endpoints in the caller's zone first.
    pub traffic_distribution: Option<String>,
    /// Where it was written; set by its constructor or `Default`, read by messages.
    #[doc(hidden)]
    pub at: Origin,
}

located_default!(Expose {
    name,
    type_,
    ports,
    annotations,
    labels,
    load_balancer,
    sticky_sessions,
    publish_not_ready,
    sticky_timeout_seconds,
    internal_traffic_local,
    ip_family_policy,
    traffic_distribution
});

/// Settings of a `LoadBalancer` Service.
/// Renders as `loadBalancerClass`, `loadBalancerSourceRanges` and `externalTrafficPolicy: Local`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadBalancer {
    /// The load balancer implementation (`loadBalancerClass`); `None` is the cloud's default.
    pub class: Option<String>,
    /// Client CIDR blocks allowed to connect; empty allows every client.
    pub source_ranges: Vec<String>,
    /// Route external traffic only to pods on the receiving node, keeping the client's
    /// source address (`externalTrafficPolicy: Local`).
    pub external_traffic_policy_local: bool,
}

impl Expose {
    /// A ClusterIP Service offering the named container ports on the given numbers.
    #[track_caller]
    pub fn cluster_ip(ports: &[(&str, u16)]) -> Expose {
        // A loop, not a closure: the caller's line reaches each port only through calls.
        let mut list = Vec::with_capacity(ports.len());
        for &(target, port) in ports {
            list.push(ServicePort::new(target, port));
        }
        Expose { type_: ExposeType::ClusterIp, ports: list, ..Expose::default() }
    }

    /// A LoadBalancer Service offering the named container ports on the given numbers.
    #[track_caller]
    pub fn load_balancer(ports: &[(&str, u16)]) -> Expose {
        Expose { type_: ExposeType::LoadBalancer, ..Expose::cluster_ip(ports) }
    }

    /// The same Service under its own name (for a second Service of an app).
    #[must_use]
    pub fn named(mut self, name: &str) -> Expose {
        self.name = Some(name.into());
        self
    }

    /// A headless Service (stable per-pod DNS names, no virtual IP), as StatefulSets want.
    #[track_caller]
    pub fn headless(ports: &[(&str, u16)]) -> Expose {
        Expose { type_: ExposeType::Headless, ..Expose::cluster_ip(ports) }
    }

    /// A NodePort Service over `ports` (see [`ServicePort::on_node`]; a port without a node
    /// port lets Kubernetes pick one).
    #[track_caller]
    pub fn node_port(ports: Vec<ServicePort>) -> Expose {
        Expose { type_: ExposeType::NodePort, ports, ..Expose::default() }
    }

    /// The service port that forwards to the container port called `target`.
    pub fn port(&self, target: &str) -> Option<&ServicePort> {
        self.ports.iter().find(|p| p.target == target)
    }
}

/// Kind of Service.
/// Renders as the Service's `type` (`ClusterIP`, `NodePort`, `LoadBalancer`), or `clusterIP: None`
/// for `Headless`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ExposeType {
    /// A virtual IP inside the cluster.
    #[default]
    ClusterIp,
    /// A ClusterIP plus a port on every node (30000–32767).
    NodePort,
    /// A NodePort plus an external load balancer from the cloud.
    LoadBalancer,
    /// No virtual IP; DNS returns the pods (`clusterIP: None`).
    Headless,
}

/// One port of a Service.
/// Renders as `ports: [{name: http, port: 80, targetPort: http, nodePort: …}]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServicePort {
    /// The Service port's own name; `None` uses the target's.
    pub name: Option<String>,
    /// Name of the container port traffic goes to; for a [`ServiceSpec`](super::ServiceSpec)
    /// over pods that are not an app's, a port name or a number (`"8080"`).
    pub target: String,
    /// The port number the Service listens on.
    pub port: u16,
    /// The node port, for NodePort Services; `None` lets Kubernetes pick.
    pub node_port: Option<u16>,
    /// The application protocol (`appProtocol`: `https`, `kubernetes.io/h2c`), for proxies
    /// and service meshes that cannot tell it from the bytes.
    pub app_protocol: Option<String>,
    /// The transport protocol, as written; `None` takes the target container port's (an
    /// app's Service) or the API's default, TCP.
    pub protocol: Option<super::Protocol>,
    /// Where it was written; set by its constructor or `Default`, read by messages.
    #[doc(hidden)]
    pub at: Origin,
}

located_default!(ServicePort { name, target, port, node_port, app_protocol, protocol });

impl ServicePort {
    /// Service port `port` forwarding to the container port called `target`.
    #[track_caller]
    pub fn new(target: &str, port: u16) -> ServicePort {
        ServicePort { target: target.into(), port, ..ServicePort::default() }
    }

    /// The same port, reachable on every node at `port` (a NodePort Service's `nodePort`).
    ///
    /// ```
    /// use rustomize::{Expose, ServicePort};
    ///
    /// let local = Expose::node_port(vec![ServicePort::new("http", 80).on_node(30080)]);
    /// assert_eq!(local.ports[0].node_port, Some(30080));
    /// ```
    #[must_use]
    pub fn on_node(mut self, port: u16) -> ServicePort {
        self.node_port = Some(port);
        self
    }
}

/// An Ingress routing one host and path to the app's Service, and further hosts and paths to
/// any Service of the environment.
/// Renders as an Ingress (`networking.k8s.io/v1`): `rules: [{host: …, http: {paths: [{path: /, backend: {service: {name: …, port: {name: http}}}}]}}]`.
///
/// ```
/// use rustomize::{App, Backend, Ingress, IngressPath, IngressRule};
///
/// let docs = App::new("docs");
/// let ingress = Ingress {
///     host: "shop.example.com".into(),
///     port: "http".into(),
///     class_name: Some("nginx".into()),
///     rules: vec![IngressRule {
///         host: "docs.example.com".into(),
///         paths: vec![IngressPath { path: "/".into(), backend: Backend::app(&docs, "http"), ..IngressPath::default() }],
///     }],
///     tls: vec![(vec!["shop.example.com".into(), "docs.example.com".into()], "shop-tls".into())],
///     ..Ingress::default()
/// };
/// assert_eq!(ingress.rules[0].paths[0].backend.service, "docs");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ingress {
    /// The host name, e.g. `api.example.com`; empty matches every host.
    pub host: String,
    /// Path prefix; `/` when empty.
    pub path: String,
    /// Name of the container port (exposed by the app's Service) to route to.
    pub port: String,
    /// The IngressClass, e.g. `nginx`.
    pub class_name: Option<String>,
    /// A Secret holding the TLS certificate for `host`.
    pub tls_secret: Option<String>,
    /// Annotations for the ingress controller.
    pub annotations: BTreeMap<String, String>,
    /// Further hosts and paths, each routed to any Service of the environment.
    pub rules: Vec<IngressRule>,
    /// Further TLS certificates: `(hosts, Secret name)`.
    pub tls: Vec<(Vec<String>, String)>,
    /// How [`Ingress::path`] matches; `None` is a prefix match.
    pub path_type: Option<PathType>,
    /// Where it was written; set by its constructor or `Default`, read by messages.
    #[doc(hidden)]
    pub at: Origin,
}

located_default!(Ingress {
    host,
    path,
    port,
    class_name,
    tls_secret,
    annotations,
    rules,
    tls,
    path_type
});

/// One host of an Ingress and the paths it routes.
/// Renders as one entry of the Ingress's `rules`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IngressRule {
    /// The host name; empty matches every host.
    pub host: String,
    /// The paths, each to a backend.
    pub paths: Vec<IngressPath>,
}

/// One path of an [`IngressRule`].
/// Renders as `{path: /docs, pathType: Prefix, backend: {service: …}}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IngressPath {
    /// The path, e.g. `/api`.
    pub path: String,
    /// How it matches; `None` is a prefix match.
    pub path_type: Option<PathType>,
    /// Where matching requests go.
    pub backend: Backend,
}

/// How an Ingress path matches.
/// Renders as `pathType: Prefix`, `Exact` or `ImplementationSpecific`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PathType {
    /// Element-wise prefix of the URL path.
    #[default]
    Prefix,
    /// The exact path.
    Exact,
    /// As the ingress controller decides.
    ImplementationSpecific,
}

impl PathType {
    /// The spelling Kubernetes uses.
    pub fn as_str(self) -> &'static str {
        match self {
            PathType::Prefix => "Prefix",
            PathType::Exact => "Exact",
            PathType::ImplementationSpecific => "ImplementationSpecific",
        }
    }
}

/// A Service port an Ingress routes to, taken from the app that offers it.
/// Renders as `backend: {service: {name: <app>, port: {name: http}}}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Backend {
    /// The Service's name, before the environment's prefix and suffix.
    pub service: String,
    /// The name of the container port the Service forwards to.
    pub port: String,
}

impl Backend {
    /// `app`'s main Service, on the port that forwards to its container port `port`.
    pub fn app(app: &super::App, port: &str) -> Backend {
        let service =
            app.expose.as_ref().and_then(|e| e.name.clone()).unwrap_or_else(|| app.name.clone());
        Backend { service, port: port.into() }
    }
}

/// Horizontal autoscaling on CPU and memory utilisation, and on custom or external metrics.
/// Renders as a HorizontalPodAutoscaler (`autoscaling/v2`) with `minReplicas`, `maxReplicas` and
/// `metrics`; the workload then has no `spec.replicas`.
///
/// ```
/// use rustomize::{Autoscale, Metric};
///
/// let queue = Autoscale {
///     min_replicas: 1,
///     max_replicas: 20,
///     metrics: vec![Metric::External {
///         name: "sqs_messages_visible".into(),
///         selector: rustomize::labels(&[("queue", "jobs")]),
///         average_value: "30".into(),
///     }],
///     ..Autoscale::default()
/// };
/// assert_eq!(queue.metrics.len(), 1);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Autoscale {
    /// Fewest replicas; also the Deployment's starting point.
    pub min_replicas: u32,
    /// Most replicas.
    pub max_replicas: u32,
    /// Target average CPU utilisation, percent of the request.
    pub cpu_percent: Option<u8>,
    /// Target average memory utilisation, percent of the request.
    pub memory_percent: Option<u8>,
    /// Custom (per-pod) and external metrics.
    pub metrics: Vec<Metric>,
    /// How fast it scales up and down, as Kubernetes spells it.
    pub behavior: Option<k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscalerBehavior>,
}

/// A metric an autoscaler follows besides CPU and memory.
/// Renders as one entry of the autoscaler's `metrics` (`type: Pods` or `type: External`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Metric {
    /// A metric of each pod (from a custom metrics adapter), averaged over the pods.
    Pods {
        /// The metric's name, e.g. `http_requests_per_second`.
        name: String,
        /// Target average per pod, as a quantity (`100`, `500m`).
        average_value: String,
    },
    /// A metric from outside the cluster, e.g. a queue's length.
    External {
        /// The metric's name.
        name: String,
        /// Labels selecting the series.
        selector: BTreeMap<String, String>,
        /// Target average per pod, as a quantity.
        average_value: String,
    },
}

/// How many pods voluntary disruptions (drains, upgrades) must leave running.
/// Renders as a PodDisruptionBudget (`policy/v1`) with `minAvailable` or `maxUnavailable`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DisruptionBudget {
    /// At least this many pods stay available.
    MinAvailable(u32),
    /// At most this many pods may be down at once.
    MaxUnavailable(u32),
    /// At least this percentage of the pods stays available.
    MinAvailablePercent(u8),
    /// At most this percentage of the pods may be down at once.
    MaxUnavailablePercent(u8),
}
