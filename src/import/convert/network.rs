//! Services, Ingresses and NetworkPolicies as the model's: exposure, routes and traffic.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1 as core;
use k8s_openapi::api::networking::v1 as net;

use super::*;
use crate::model::{
    App, Egress, EgressRule, Expose, ExposeType, LoadBalancer, Peer, Policy, PolicyRule, Port,
    Protocol, ServicePort, Traffic,
};

/// Pod selector → app name, for every workload of the environment that becomes an app: a
/// peer in the same namespace must name one (validation holds references to apps).
pub(crate) type Apps = Vec<(BTreeMap<String, String>, String)>;

/// A peer of a NetworkPolicy as the model's, when it is one the model writes.
pub(crate) fn peer(p: &net::NetworkPolicyPeer, apps: &Apps) -> Option<Peer> {
    let labels = |s: &k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector| {
        s.match_expressions.is_none().then(|| s.match_labels.clone().unwrap_or_default())
    };
    match (&p.pod_selector, &p.namespace_selector, &p.ip_block) {
        (None, None, Some(b)) => {
            Some(Peer::Cidr { cidr: b.cidr.clone(), except: b.except.clone().unwrap_or_default() })
        }
        (Some(pods), None, None) => {
            let selector = labels(pods)?;
            // Pods of no app (a kept workload's) by their labels.
            Some(match apps.iter().find(|(s, _)| *s == selector) {
                Some((_, app)) => Peer::Pods { selector, namespace: None, app: app.clone() },
                None => Peer::Labels(selector),
            })
        }
        (Some(pods), Some(ns), None) => {
            let selector = labels(pods)?;
            let ns = labels(ns)?;
            let [(key, namespace)] = ns.into_iter().collect::<Vec<_>>().try_into().ok()?;
            if key != "kubernetes.io/metadata.name" {
                return None;
            }
            let app = selector.values().next().cloned().unwrap_or_default();
            Some(Peer::Pods { selector, namespace: Some(namespace), app })
        }
        (None, Some(ns), None) => Some(Peer::Namespaces(labels(ns)?)),
        _ => None,
    }
}

/// Egress rules as the model's.
pub(crate) fn egress(
    types: &[String],
    rules: Option<&Vec<net::NetworkPolicyEgressRule>>,
    apps: &Apps,
) -> Option<Egress> {
    if !types.iter().any(|t| t == "Egress") {
        return rules.is_none_or(Vec::is_empty).then_some(Egress::Unrestricted);
    }
    let rules = rules.cloned().unwrap_or_default();
    if let [only] = rules.as_slice()
        && only.to.is_none()
        && only.ports.is_none()
    {
        return Some(Egress::AllowAll);
    }
    let mut out = Vec::new();
    for r in rules {
        let to = r.to.iter().flatten().map(|p| peer(p, apps)).collect::<Option<Vec<_>>>()?;
        let mut ports = Vec::new();
        for p in r.ports.iter().flatten() {
            use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
            let Some(IntOrString::Int(n)) = p.port else { return None };
            if p.end_port.is_some() {
                return None;
            }
            ports.push((u16::try_from(n).ok()?, protocol(p.protocol.as_deref())));
        }
        if to.is_empty() && ports.is_empty() {
            return None;
        }
        out.push(EgressRule { to, ports });
    }
    Some(Egress::To(out))
}

pub(crate) fn protocol(p: Option<&str>) -> Protocol {
    match p {
        Some("UDP") => Protocol::Udp,
        Some("SCTP") => Protocol::Sctp,
        _ => Protocol::Tcp,
    }
}

pub(crate) fn policy_types(spec: &net::NetworkPolicySpec) -> Vec<String> {
    spec.policy_types.clone().unwrap_or_else(|| {
        let mut t = vec!["Ingress".to_owned()];
        if spec.egress.is_some() {
            t.push("Egress".to_owned());
        }
        t
    })
}

/// An app's NetworkPolicy as its `Traffic`: one ingress rule that admits at least the ports
/// the app's Services offer (the model always admits those), and egress the model can say.
pub(crate) fn traffic(np: &net::NetworkPolicy, app: &App, apps: &Apps) -> Option<Traffic> {
    use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
    let spec = np.spec.clone()?;
    let types = policy_types(&spec);
    let mut t =
        Traffic { egress: egress(&types, spec.egress.as_ref(), apps)?, ..Traffic::default() };
    let served: Vec<&str> = app
        .expose
        .iter()
        .chain(&app.services)
        .flat_map(|e| &e.ports)
        .map(|p| p.target.as_str())
        .collect();
    if !types.iter().any(|x| x == "Ingress") {
        t.ingress_unrestricted = true;
        return spec.ingress.is_none_or(|r| r.is_empty()).then_some(t);
    }
    let rules = spec.ingress.unwrap_or_default();
    match rules.as_slice() {
        [] if served.is_empty() => Some(t),
        [rule] => {
            t.from =
                rule.from.iter().flatten().map(|p| peer(p, apps)).collect::<Option<Vec<_>>>()?;
            let Some(ports) = &rule.ports else {
                t.all_ports = true;
                return Some(t);
            };
            let mut names = Vec::new();
            for p in ports {
                if p.end_port.is_some() {
                    return None;
                }
                let name = match p.port.as_ref()? {
                    IntOrString::String(n) => n.clone(),
                    IntOrString::Int(n) => app
                        .all_containers()
                        .flat_map(|c| &c.ports)
                        .find(|c| i32::from(c.number) == *n)
                        .map(|c| c.name.clone())?,
                };
                names.push(name);
            }
            if !served.iter().all(|s| names.iter().any(|n| n == s)) {
                return None;
            }
            t.ports = names.into_iter().filter(|n| !served.contains(&n.as_str())).collect();
            t.ports.dedup();
            Some(t)
        }
        _ => None,
    }
}

/// A NetworkPolicy of no app as an environment `Policy`, when the model can say it.
pub(crate) fn env_policy(np: &net::NetworkPolicy, common: &Common, apps: &Apps) -> Option<Policy> {
    use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
    let spec = np.spec.clone()?;
    let types = policy_types(&spec);
    if !types.iter().any(|t| t == "Ingress")
        || spec.pod_selector.as_ref().is_some_and(|s| s.match_expressions.is_some())
    {
        return None;
    }
    let full = np.metadata.name.as_deref().unwrap_or_default();
    let short = full.strip_prefix(common.prefix.as_str()).unwrap_or(full);
    let pods = spec.pod_selector.as_ref().and_then(|s| s.match_labels.clone()).unwrap_or_default();
    let mut policy = Policy {
        egress: egress(&types, spec.egress.as_ref(), apps)?,
        labels: own_labels(&np.metadata, common),
        ..Policy::new(short, pods)
    };
    let rule = |r: &net::NetworkPolicyIngressRule| {
        let mut out = PolicyRule {
            from: r.from.iter().flatten().map(|p| peer(p, apps)).collect::<Option<Vec<_>>>()?,
            // No ports: every port of those sources (with no sources, every connection).
            all_ports: r.ports.is_none(),
            ports: Vec::new(),
        };
        for p in r.ports.iter().flatten() {
            let Some(IntOrString::Int(n)) = p.port else { return None };
            if p.end_port.is_some() {
                return None;
            }
            out.ports.push((u16::try_from(n).ok()?, protocol(p.protocol.as_deref())));
        }
        Some(out)
    };
    let rules = spec.ingress.unwrap_or_default();
    if let Some((first, rest)) = rules.split_first() {
        let PolicyRule { from, ports, all_ports } = rule(first)?;
        // A rule that admits nothing is refused by the model; it means nothing anyway.
        if rest.iter().any(|r| r.ports.as_ref().is_some_and(Vec::is_empty)) {
            return None;
        }
        policy.from = from;
        policy.ports = ports;
        policy.all_ports = all_ports;
        policy.also = rest.iter().map(rule).collect::<Option<Vec<_>>>()?;
    }
    Some(policy)
}

/// A Service as one of `app`'s: each target a port its containers declare.
pub(crate) fn service(s: &core::Service, app: &App, common: &Common) -> Result<Expose, String> {
    let full = s.metadata.name.as_deref().unwrap_or_default();
    let container_ports: Vec<&Port> = app.all_containers().flat_map(|c| &c.ports).collect();
    let target = |p: &core::ServicePort| -> Result<String, String> {
        use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
        match &p.target_port {
            Some(IntOrString::String(n)) => Ok(n.clone()),
            Some(IntOrString::Int(n)) => container_ports
                .iter()
                .find(|c| i32::from(c.number) == *n)
                .map(|c| c.name.clone())
                .ok_or_else(|| {
                    format!("Service `{full}` targets port {n}, which no container declares")
                }),
            None => container_ports
                .iter()
                .find(|c| i32::from(c.number) == p.port)
                .map(|c| c.name.clone())
                .ok_or_else(|| format!("Service `{full}` port {} has no container port", p.port)),
        }
    };
    let mut expose = exposure(s, common, target, false)?;
    let short = full.strip_prefix(common.prefix.as_str()).unwrap_or(full);
    expose.name = (short != app.name).then(|| short.to_owned());
    Ok(expose)
}

/// A Service of no app as the environment's, over the pods its selector matches: targets and
/// protocols as written.
pub(crate) fn standalone_service(
    s: &core::Service,
    common: &Common,
) -> Result<crate::model::ServiceSpec, String> {
    let target = |p: &core::ServicePort| -> Result<String, String> {
        use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
        Ok(match &p.target_port {
            Some(IntOrString::String(n)) => n.clone(),
            Some(IntOrString::Int(n)) => n.to_string(),
            None => p.port.to_string(),
        })
    };
    let expose = exposure(s, common, target, true)?;
    let full = s.metadata.name.as_deref().unwrap_or_default();
    let short = full.strip_prefix(common.prefix.as_str()).unwrap_or(full);
    let expose = Expose { labels: own_labels(&s.metadata, common), ..expose };
    let selector = s.spec.as_ref().and_then(|s| s.selector.clone()).unwrap_or_default();
    Ok(crate::model::ServiceSpec::new(short, selector, expose))
}

/// A Service's type, ports (each target by `target`; protocols when `protocols`) and
/// settings, without a name.
fn exposure(
    s: &core::Service,
    common: &Common,
    target: impl Fn(&core::ServicePort) -> Result<String, String>,
    protocols: bool,
) -> Result<Expose, String> {
    let spec = s.spec.clone().unwrap_or_default();
    let full = s.metadata.name.as_deref().unwrap_or_default();
    let type_ = match (spec.type_.as_deref(), spec.cluster_ip.as_deref()) {
        (_, Some("None")) => ExposeType::Headless,
        (Some("NodePort"), _) => ExposeType::NodePort,
        (Some("LoadBalancer"), _) => ExposeType::LoadBalancer,
        (None | Some("ClusterIP"), None) => ExposeType::ClusterIp,
        _ => return Err(format!("Service `{full}` pins a cluster IP or is of another type")),
    };
    let mut ports = Vec::new();
    for p in spec.ports.iter().flatten() {
        ports.push(ServicePort {
            name: p.name.clone(),
            target: target(p)?,
            protocol: if protocols {
                p.protocol.as_deref().map(|x| protocol(Some(x)))
            } else {
                None
            },
            port: u16::try_from(p.port).map_err(|_| "a Service port outside 1–65535")?,
            node_port: p.node_port.and_then(|n| u16::try_from(n).ok()),
            app_protocol: p.app_protocol.clone(),
            ..ServicePort::default()
        });
    }
    let annotations = own_annotations(&s.metadata, common);
    Ok(Expose {
        type_,
        ports,
        annotations,
        load_balancer: LoadBalancer {
            class: spec.load_balancer_class.clone(),
            source_ranges: spec.load_balancer_source_ranges.clone().unwrap_or_default(),
            external_traffic_policy_local: spec.external_traffic_policy.as_deref() == Some("Local"),
        },
        sticky_sessions: spec.session_affinity.as_deref() == Some("ClientIP"),
        publish_not_ready: spec.publish_not_ready_addresses.unwrap_or(false),
        sticky_timeout_seconds: spec
            .session_affinity_config
            .as_ref()
            .and_then(|c| c.client_ip.as_ref())
            .and_then(|c| c.timeout_seconds),
        internal_traffic_local: spec.internal_traffic_policy.as_deref() == Some("Local"),
        ip_family_policy: spec.ip_family_policy.clone(),
        traffic_distribution: spec.traffic_distribution.clone(),
        ..Expose::default()
    })
}

/// An Ingress as the app's, when every path routes to one of the app's Services.
pub(crate) fn ingress(
    i: &net::Ingress,
    app: &App,
    common: &Common,
) -> Option<crate::model::Ingress> {
    use crate::model::{Backend, IngressPath, IngressRule, PathType};
    let spec = i.spec.as_ref()?;
    if spec.default_backend.is_some() {
        return None;
    }
    let services: Vec<&Expose> = app.expose.iter().chain(&app.services).collect();
    let backend = |p: &net::HTTPIngressPath| -> Option<Backend> {
        let svc = p.backend.service.as_ref()?;
        let short = svc.name.strip_prefix(common.prefix.as_str()).unwrap_or(&svc.name);
        let expose = services.iter().find(|e| e.name.as_deref().unwrap_or(&app.name) == short)?;
        let port = svc.port.as_ref()?;
        let target = expose.ports.iter().find(|sp| {
            port.number == Some(i32::from(sp.port)) || (port.name.is_some() && port.name == sp.name)
        })?;
        Some(Backend { service: short.to_owned(), port: target.target.clone() })
    };
    let path_type = |t: &str| match t {
        "Exact" => Some(Some(PathType::Exact)),
        "ImplementationSpecific" => Some(Some(PathType::ImplementationSpecific)),
        "Prefix" => Some(None),
        _ => None,
    };
    let rules = spec.rules.clone().unwrap_or_default();
    let (first, rest) = rules.split_first()?;
    let paths = first.http.as_ref()?.paths.clone();
    let (main, more) = paths.split_first()?;
    let main_backend = backend(main)?;
    let main_service = app
        .expose
        .as_ref()
        .map_or(app.name.clone(), |e| e.name.clone().unwrap_or_else(|| app.name.clone()));
    if main_backend.service != main_service {
        return None;
    }
    let mut out = crate::model::Ingress {
        host: first.host.clone().unwrap_or_default(),
        path: main.path.clone().unwrap_or_default(),
        path_type: path_type(&main.path_type)?,
        port: main_backend.port,
        class_name: spec.ingress_class_name.clone(),
        ..crate::model::Ingress::default()
    };
    let mut extra = Vec::new();
    if !more.is_empty() {
        extra.push((first.host.clone().unwrap_or_default(), more.to_vec()));
    }
    for r in rest {
        extra.push((r.host.clone().unwrap_or_default(), r.http.as_ref()?.paths.clone()));
    }
    for (host, paths) in extra {
        let mut rule = IngressRule { host, paths: Vec::new() };
        for p in &paths {
            rule.paths.push(IngressPath {
                path: p.path.clone().unwrap_or_default(),
                path_type: path_type(&p.path_type)?,
                backend: backend(p)?,
            });
        }
        out.rules.push(rule);
    }
    for (n, t) in spec.tls.iter().flatten().enumerate() {
        let hosts = t.hosts.clone().unwrap_or_default();
        let secret = t.secret_name.clone()?;
        if n == 0 && !out.host.is_empty() && hosts == [out.host.clone()] {
            out.tls_secret = Some(secret);
        } else {
            out.tls.push((hosts, secret));
        }
    }
    out.annotations = own_annotations(&i.metadata, common);
    Some(out)
}
