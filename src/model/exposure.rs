//! How an app is reached and scaled: its Service, Ingress, autoscaler and disruption budget.

/// The Service in front of an app's pods. Its selector is always the app's pod selector.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expose {
    /// ClusterIP, NodePort or headless.
    pub type_: ExposeType,
    /// The ports the Service offers.
    pub ports: Vec<ServicePort>,
}

impl Expose {
    /// A ClusterIP Service offering the named container ports on the given numbers.
    pub fn cluster_ip(ports: &[(&str, u16)]) -> Expose {
        Expose {
            type_: ExposeType::ClusterIp,
            ports: ports.iter().map(|&(t, p)| ServicePort::new(t, p)).collect(),
        }
    }

    /// A headless Service (stable per-pod DNS names, no virtual IP), as StatefulSets want.
    pub fn headless(ports: &[(&str, u16)]) -> Expose {
        Expose { type_: ExposeType::Headless, ..Expose::cluster_ip(ports) }
    }

    /// A NodePort Service: `(container port name, service port, node port)`.
    pub fn node_port(ports: &[(&str, u16, u16)]) -> Expose {
        let ports = ports
            .iter()
            .map(|&(t, p, n)| ServicePort { node_port: Some(n), ..ServicePort::new(t, p) })
            .collect();
        Expose { type_: ExposeType::NodePort, ports }
    }

    /// The service port that forwards to the container port called `target`.
    pub fn port(&self, target: &str) -> Option<&ServicePort> {
        self.ports.iter().find(|p| p.target == target)
    }
}

/// Kind of Service.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ExposeType {
    /// A virtual IP inside the cluster.
    #[default]
    ClusterIp,
    /// A ClusterIP plus a port on every node (30000–32767).
    NodePort,
    /// No virtual IP; DNS returns the pods (`clusterIP: None`).
    Headless,
}

/// One port of a Service.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServicePort {
    /// Name of the container port traffic goes to; also the Service port's name.
    pub target: String,
    /// The port number the Service listens on.
    pub port: u16,
    /// The node port, for NodePort Services; `None` lets Kubernetes pick.
    pub node_port: Option<u16>,
}

impl ServicePort {
    /// Service port `port` forwarding to the container port called `target`.
    pub fn new(target: &str, port: u16) -> ServicePort {
        ServicePort { target: target.into(), port, node_port: None }
    }
}

/// An Ingress routing one host and path to the app's Service.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
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
    pub annotations: std::collections::BTreeMap<String, String>,
}

/// Horizontal autoscaling on CPU and/or memory utilisation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Autoscale {
    /// Fewest replicas; also the Deployment's starting point.
    pub min_replicas: u32,
    /// Most replicas.
    pub max_replicas: u32,
    /// Target average CPU utilisation, percent of the request.
    pub cpu_percent: Option<u8>,
    /// Target average memory utilisation, percent of the request.
    pub memory_percent: Option<u8>,
}

/// How many pods voluntary disruptions (drains, upgrades) must leave running.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DisruptionBudget {
    /// At least this many pods stay available.
    MinAvailable(u32),
    /// At most this many pods may be down at once.
    MaxUnavailable(u32),
}
