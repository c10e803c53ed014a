//! What routes traffic to an app's pods: its Services, Ingress and NetworkPolicy, each built
//! from the objects it points at.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1 as core;
use k8s_openapi::api::networking::v1 as networking;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::labels::non_empty;
use super::{Names, match_labels, meta, pod};
use crate::model::{App, Egress, Expose, ExposeType, PathType, Peer, Protocol, Traffic};

/// The container port called `target` of any of the app's containers.
fn container_port<'a>(app: &'a App, target: &str) -> Option<&'a crate::model::Port> {
    app.all_containers().find_map(|c| c.port(target))
}

/// One Service over the app's pods; its name is [`Expose::name`] or the app's.
pub(super) fn service(
    app: &App,
    names: &Names<'_>,
    expose: &Expose,
    labels: BTreeMap<String, String>,
) -> core::Service {
    let name = expose.name.as_ref().map_or_else(|| names.object.clone(), |n| names.ctx.name(n));
    // A port's protocol is its target container port's, unless the Service says one.
    let protocol = |p: &crate::model::ServicePort| match p.protocol {
        Some(protocol) => Some(protocol.as_str().to_owned()),
        None => container_port(app, &p.target).and_then(|c| super::container::protocol(c.protocol)),
    };
    build(&name, Some(app.pod_selector()), expose, labels, protocol)
}

/// A Service of the environment over the pods its selector matches.
pub(super) fn standalone(name: &str, s: &crate::model::ServiceSpec) -> core::Service {
    let protocol = |p: &crate::model::ServicePort| p.protocol.map(|x| x.as_str().to_owned());
    let selector = (!s.selector.is_empty()).then(|| s.selector.clone());
    build(name, selector, &s.expose, BTreeMap::new(), protocol)
}

/// A port's target: the name a container declares, or a number it was given.
fn target_port(target: &str) -> IntOrString {
    match target.parse::<u16>() {
        Ok(n) => IntOrString::Int(i32::from(n)),
        Err(_) => IntOrString::String(target.to_owned()),
    }
}

fn build(
    name: &str,
    selector: Option<BTreeMap<String, String>>,
    expose: &Expose,
    labels: BTreeMap<String, String>,
    protocol: impl Fn(&crate::model::ServicePort) -> Option<String>,
) -> core::Service {
    let mut labels = labels;
    labels.extend(expose.labels.iter().map(|(k, v)| (k.clone(), v.clone())));
    let mut metadata = meta(name, labels);
    metadata.annotations = non_empty(expose.annotations.clone());
    let lb = (expose.type_ == ExposeType::LoadBalancer).then_some(&expose.load_balancer);
    core::Service {
        metadata,
        spec: Some(core::ServiceSpec {
            type_: match expose.type_ {
                ExposeType::NodePort => Some("NodePort".to_owned()),
                ExposeType::LoadBalancer => Some("LoadBalancer".to_owned()),
                ExposeType::ClusterIp | ExposeType::Headless => None,
            },
            cluster_ip: (expose.type_ == ExposeType::Headless).then(|| "None".to_owned()),
            selector,
            ports: Some(
                expose
                    .ports
                    .iter()
                    .map(|p| core::ServicePort {
                        name: p.name.clone().or_else(|| {
                            // A number is no port name: a Service of one port may have none.
                            (p.target.parse::<u16>().is_err()).then(|| p.target.clone())
                        }),
                        port: i32::from(p.port),
                        target_port: Some(target_port(&p.target)),
                        node_port: p.node_port.map(i32::from),
                        app_protocol: p.app_protocol.clone(),
                        protocol: protocol(p),
                    })
                    .collect(),
            ),
            session_affinity: expose.sticky_sessions.then(|| "ClientIP".to_owned()),
            publish_not_ready_addresses: expose.publish_not_ready.then_some(true),
            session_affinity_config: expose.sticky_timeout_seconds.map(|s| {
                core::SessionAffinityConfig {
                    client_ip: Some(core::ClientIPConfig { timeout_seconds: Some(s) }),
                }
            }),
            internal_traffic_policy: expose.internal_traffic_local.then(|| "Local".to_owned()),
            ip_family_policy: expose.ip_family_policy.clone(),
            traffic_distribution: expose.traffic_distribution.clone(),
            load_balancer_class: lb.and_then(|l| l.class.clone()),
            load_balancer_source_ranges: lb
                .and_then(|l| pod::none_if_empty(l.source_ranges.clone())),
            external_traffic_policy: lb
                .filter(|l| l.external_traffic_policy_local)
                .map(|_| "Local".to_owned()),
            ..core::ServiceSpec::default()
        }),
        ..core::Service::default()
    }
}

/// The app's Ingress: its own host and path to its main Service, then every further rule to
/// the Service it names, each port read off the Services the environment renders.
pub(super) fn ingress(
    names: &Names<'_>,
    i: &crate::model::Ingress,
    service: &core::Service,
    labels: BTreeMap<String, String>,
) -> networking::Ingress {
    // The main backend is read off the rendered Service, so a renamed Service or port follows.
    let port = service
        .spec
        .as_ref()
        .and_then(|s| s.ports.as_ref())
        .and_then(|ports| {
            ports.iter().find(|p| p.target_port == Some(IntOrString::String(i.port.clone())))
        })
        .map(|p| p.port);
    let main = path(
        if i.path.is_empty() { "/" } else { &i.path },
        i.path_type,
        service.metadata.name.clone().unwrap_or_default(),
        port,
    );
    let host = (!i.host.is_empty()).then(|| i.host.clone());
    let mut rules = vec![networking::IngressRule {
        host: host.clone(),
        http: Some(networking::HTTPIngressRuleValue { paths: vec![main] }),
    }];
    for rule in &i.rules {
        let paths = rule
            .paths
            .iter()
            .map(|p| {
                let service =
                    names.ctx.services.get(&p.backend.service).cloned().unwrap_or_default();
                let port = service.ports.get(&p.backend.port).map(|n| i32::from(*n));
                path(if p.path.is_empty() { "/" } else { &p.path }, p.path_type, service.name, port)
            })
            .collect();
        rules.push(networking::IngressRule {
            host: (!rule.host.is_empty()).then(|| rule.host.clone()),
            http: Some(networking::HTTPIngressRuleValue { paths }),
        });
    }
    let mut tls: Vec<networking::IngressTLS> = i
        .tls_secret
        .iter()
        .map(|secret| networking::IngressTLS {
            hosts: host.clone().map(|h| vec![h]),
            secret_name: Some(secret.clone()),
        })
        .collect();
    tls.extend(i.tls.iter().map(|(hosts, secret)| networking::IngressTLS {
        hosts: pod::none_if_empty(hosts.clone()),
        secret_name: Some(secret.clone()),
    }));
    let mut metadata = meta(&names.object, labels);
    metadata.annotations = non_empty(i.annotations.clone());
    networking::Ingress {
        metadata,
        spec: Some(networking::IngressSpec {
            ingress_class_name: i.class_name.clone(),
            rules: Some(rules),
            tls: pod::none_if_empty(tls),
            default_backend: None,
        }),
        ..networking::Ingress::default()
    }
}

fn path(
    path: &str,
    path_type: Option<PathType>,
    service: String,
    port: Option<i32>,
) -> networking::HTTPIngressPath {
    networking::HTTPIngressPath {
        path: Some(path.to_owned()),
        path_type: path_type.unwrap_or_default().as_str().to_owned(),
        backend: networking::IngressBackend {
            service: Some(networking::IngressServiceBackend {
                name: service,
                port: Some(networking::ServiceBackendPort { number: port, name: None }),
            }),
            resource: None,
        },
    }
}

/// The app's NetworkPolicy: by default it admits any source on the ports the app's Services
/// offer (an app with no Service admits none) and leaves egress alone; [`App::traffic`]
/// narrows the sources, adds ports and restricts egress. Ports are numbers with an explicit
/// protocol, as the API server stores them.
pub(super) fn network_policy(
    app: &App,
    names: &Names<'_>,
    labels: BTreeMap<String, String>,
) -> networking::NetworkPolicy {
    let t = &app.traffic;
    let mut port_names: Vec<&str> = app
        .expose
        .iter()
        .chain(&app.services)
        .flat_map(|e| &e.ports)
        .map(|p| p.target.as_str())
        .chain(t.ports.iter().map(String::as_str))
        .collect();
    port_names.dedup();
    let mut ports: Vec<networking::NetworkPolicyPort> = Vec::new();
    for name in port_names {
        let Some(p) = container_port(app, name) else { continue };
        let port = policy_port(p.number, p.protocol);
        if !ports.contains(&port) {
            ports.push(port);
        }
    }
    networking::NetworkPolicy {
        metadata: meta(&names.object, labels),
        spec: Some(policy_spec(match_labels(app), t, ports, names.namespace(app))),
    }
}

/// A NetworkPolicy's spec over `pods`: ingress from `t.from` on `ports` (all ports with
/// [`Traffic::all_ports`], none when `ports` is empty), egress as `t.egress` says.
pub(super) fn policy_spec(
    pods: LabelSelector,
    t: &Traffic,
    ports: Vec<networking::NetworkPolicyPort>,
    own_ns: Option<&str>,
) -> networking::NetworkPolicySpec {
    let from = pod::none_if_empty(t.from.iter().map(|p| peer(p, own_ns)).collect());
    let ingress = if t.ingress_unrestricted {
        None
    } else if t.all_ports {
        Some(vec![networking::NetworkPolicyIngressRule { from, ports: None }])
    } else if ports.is_empty() {
        None
    } else {
        Some(vec![networking::NetworkPolicyIngressRule { from, ports: Some(ports) }])
    };
    let egress = match &t.egress {
        Egress::Unrestricted => None,
        Egress::AllowAll => Some(vec![networking::NetworkPolicyEgressRule::default()]),
        Egress::To(rules) => Some(
            rules
                .iter()
                .map(|r| networking::NetworkPolicyEgressRule {
                    to: pod::none_if_empty(r.to.iter().map(|p| peer(p, own_ns)).collect()),
                    ports: pod::none_if_empty(
                        r.ports.iter().map(|(n, proto)| policy_port(*n, *proto)).collect(),
                    ),
                })
                .collect(),
        ),
    };
    let mut types = Vec::new();
    if !t.ingress_unrestricted {
        types.push("Ingress".to_owned());
    }
    if egress.is_some() {
        types.push("Egress".to_owned());
    }
    networking::NetworkPolicySpec {
        pod_selector: Some(pods),
        policy_types: Some(types),
        ingress,
        egress: egress.filter(|rules| !rules.is_empty()),
    }
}

/// One more ingress rule: its sources (none: every source) on its ports (`all_ports`: every
/// port).
pub(super) fn ingress_rule(
    rule: &crate::model::PolicyRule,
    own_ns: Option<&str>,
) -> networking::NetworkPolicyIngressRule {
    networking::NetworkPolicyIngressRule {
        from: pod::none_if_empty(rule.from.iter().map(|p| peer(p, own_ns)).collect()),
        ports: (!rule.all_ports)
            .then(|| rule.ports.iter().map(|(n, proto)| policy_port(*n, *proto)).collect()),
    }
}

pub(super) fn policy_port(number: u16, protocol: Protocol) -> networking::NetworkPolicyPort {
    networking::NetworkPolicyPort {
        port: Some(IntOrString::Int(i32::from(number))),
        protocol: Some(protocol.as_str().to_owned()),
        end_port: None,
    }
}

fn peer(p: &Peer, own_namespace: Option<&str>) -> networking::NetworkPolicyPeer {
    let selector = |labels: &BTreeMap<String, String>| LabelSelector {
        match_labels: Some(labels.clone()),
        match_expressions: None,
    };
    match p {
        Peer::Pods { selector: labels, namespace, .. } => networking::NetworkPolicyPeer {
            pod_selector: Some(selector(labels)),
            // A peer in another namespace needs that namespace selected too.
            namespace_selector: namespace.as_deref().filter(|ns| Some(*ns) != own_namespace).map(
                |ns| {
                    selector(&BTreeMap::from([(
                        "kubernetes.io/metadata.name".to_owned(),
                        ns.to_owned(),
                    )]))
                },
            ),
            ip_block: None,
        },
        Peer::Labels(labels) => networking::NetworkPolicyPeer {
            pod_selector: Some(selector(labels)),
            ..networking::NetworkPolicyPeer::default()
        },
        Peer::Namespaces(labels) => networking::NetworkPolicyPeer {
            namespace_selector: Some(selector(labels)),
            ..networking::NetworkPolicyPeer::default()
        },
        Peer::Cidr { cidr, except } => networking::NetworkPolicyPeer {
            ip_block: Some(networking::IPBlock {
                cidr: cidr.clone(),
                except: pod::none_if_empty(except.clone()),
            }),
            ..networking::NetworkPolicyPeer::default()
        },
    }
}
