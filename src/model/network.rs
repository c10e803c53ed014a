//! What an app's NetworkPolicy admits: which peers may connect on which ports, and where the
//! pods may connect to.

use std::collections::BTreeMap;

use super::App;

/// The content of an app's NetworkPolicy (rendered while
/// [`Security::network_policy`](super::Security::network_policy) is on, the default).
///
/// By default it admits any source on the ports the app's Services offer, and leaves
/// outbound traffic alone.
///
/// ```
/// use rustomize::{App, Egress, Peer, Traffic};
///
/// let frontend = App::new("frontend");
/// let traffic = Traffic {
///     from: vec![Peer::app(&frontend)],
///     ports: vec!["metrics".into()],
///     egress: Egress::To(vec![rustomize::EgressRule::dns()]),
///     ..Traffic::default()
/// };
/// assert_eq!(traffic.from.len(), 1);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Traffic {
    /// Who may connect; empty admits every source.
    pub from: Vec<Peer>,
    /// Container ports admitted beside the Services' (a metrics port a scraper reads), by name.
    pub ports: Vec<String>,
    /// Admit every port, not only the Services' and [`Traffic::ports`].
    pub all_ports: bool,
    /// Leave inbound traffic to other policies: this one restricts egress only.
    pub ingress_unrestricted: bool,
    /// Outbound traffic.
    pub egress: Egress,
}

/// A NetworkPolicy of the environment itself, over pods chosen by labels: a namespace-wide
/// default deny, or a policy for pods the environment does not render.
///
/// ```
/// use rustomize::{Egress, Policy, Peer, Protocol};
///
/// let deny = Policy::deny_all("deny-all");
/// assert!(deny.pods.is_empty());
/// let redis = Policy {
///     from: vec![Peer::Pods { selector: rustomize::labels(&[("app", "cart")]), namespace: None, app: "cart".into() }],
///     ports: vec![(6379, Protocol::Tcp)],
///     egress: Egress::AllowAll,
///     ..Policy::new("redis", rustomize::labels(&[("app", "redis")]))
/// };
/// assert_eq!(redis.ports.len(), 1);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Policy {
    /// The NetworkPolicy's name, before the environment's prefix and suffix.
    pub name: String,
    /// Labels of the pods it applies to; empty selects every pod of the namespace.
    pub pods: BTreeMap<String, String>,
    /// Who may connect; empty admits every source on [`Policy::ports`].
    pub from: Vec<Peer>,
    /// `(port, protocol)` admitted; empty admits nothing, so the policy denies ingress.
    pub ports: Vec<(u16, super::Protocol)>,
    /// Outbound traffic of the selected pods.
    pub egress: Egress,
    /// Admit every port from [`Policy::from`] (with no `from`, every connection) rather than
    /// only [`Policy::ports`].
    pub all_ports: bool,
    /// Labels of its own, beside the environment's.
    pub labels: BTreeMap<String, String>,
    /// Further ingress rules, each admitting its own sources on its own ports (a scraper
    /// on the metrics port, the API server on another).
    pub also: Vec<PolicyRule>,
}

impl Policy {
    /// A policy called `name` over the pods with `pods` labels, denying their ingress.
    pub fn new(name: &str, pods: BTreeMap<String, String>) -> Policy {
        Policy { name: name.into(), pods, ..Policy::default() }
    }

    /// Denies all ingress and egress of every pod in the namespace, unless another policy
    /// admits it: the usual first policy of a locked-down namespace.
    pub fn deny_all(name: &str) -> Policy {
        Policy { egress: Egress::To(Vec::new()), ..Policy::new(name, BTreeMap::new()) }
    }
}

/// One more ingress rule of a [`Policy`]: its own sources on its own ports.
/// Renders as one more entry of the policy's `ingress`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PolicyRule {
    /// Who may connect; empty admits every source.
    pub from: Vec<Peer>,
    /// `(port, protocol)` admitted.
    pub ports: Vec<(u16, super::Protocol)>,
    /// Admit every port of those sources rather than only `ports`.
    pub all_ports: bool,
}

/// A source or destination of traffic.
/// Renders as a NetworkPolicy peer: `podSelector`, `namespaceSelector` or `ipBlock`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Peer {
    /// The pods of an app, by its selector (from [`Peer::app`]); in another namespace when set.
    Pods {
        /// The app's selector labels.
        selector: BTreeMap<String, String>,
        /// The app's own namespace, when it has one.
        namespace: Option<String>,
        /// The app's name, for messages.
        app: String,
    },
    /// The pods of the namespace carrying these labels that are no app's (a workload kept as
    /// written, an operator's pods); an app's are [`Peer::app`].
    Labels(BTreeMap<String, String>),
    /// Every pod of the namespaces carrying these labels (e.g.
    /// `kubernetes.io/metadata.name: monitoring`).
    Namespaces(BTreeMap<String, String>),
    /// Addresses in a CIDR block, minus some.
    Cidr {
        /// The block, e.g. `10.0.0.0/8`.
        cidr: String,
        /// Sub-blocks excluded.
        except: Vec<String>,
    },
}

impl Peer {
    /// The pods of `app`, selected the way its own Service selects them.
    pub fn app(app: &App) -> Peer {
        Peer::Pods {
            selector: app.pod_selector(),
            namespace: app.namespace.clone(),
            app: app.name.clone(),
        }
    }

    /// Every pod in the namespace called `name`.
    pub fn namespace(name: &str) -> Peer {
        Peer::Namespaces(BTreeMap::from([(
            "kubernetes.io/metadata.name".to_owned(),
            name.to_owned(),
        )]))
    }

    /// Addresses in `cidr`.
    pub fn cidr(cidr: &str) -> Peer {
        Peer::Cidr { cidr: cidr.into(), except: Vec::new() }
    }
}

/// Where an app's pods may connect to.
/// Renders as the NetworkPolicy's `egress` rules (and `policyTypes: [Egress]`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Egress {
    /// No outbound rules: the policy does not restrict egress (the default).
    #[default]
    Unrestricted,
    /// Restrict egress, then allow all of it (`egress: [{}]`), so a namespace-wide default deny
    /// does not cut the app off.
    AllowAll,
    /// Only these destinations.
    To(Vec<EgressRule>),
}

/// One allowed destination.
/// Renders as one `egress` entry: `to` peers and `ports`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EgressRule {
    /// Where to; empty allows every destination on [`EgressRule::ports`].
    pub to: Vec<Peer>,
    /// `(port number, protocol)`; empty allows every port.
    pub ports: Vec<(u16, super::Protocol)>,
}

impl EgressRule {
    /// DNS lookups: UDP and TCP port 53 to any destination.
    pub fn dns() -> EgressRule {
        EgressRule {
            to: Vec::new(),
            ports: vec![(53, super::Protocol::Udp), (53, super::Protocol::Tcp)],
        }
    }

    /// Everything `app`'s pods offer, on the given ports.
    pub fn to_app(app: &App, ports: &[u16]) -> EgressRule {
        EgressRule {
            to: vec![Peer::app(app)],
            ports: ports.iter().map(|p| (*p, super::Protocol::Tcp)).collect(),
        }
    }
}
