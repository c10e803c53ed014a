//! What an environment declares as Rust: traffic rules and policies, waivers, Secrets,
//! ServiceAccounts, external Services and shared config.

use std::collections::BTreeMap;

use super::*;
use crate::model::{
    Egress, EgressRule, ExternalService, Peer, Policy, PolicyRule, Protocol, SecretSpec,
    ServiceAccountSpec, SharedConfig, Traffic, Waiver,
};

pub(crate) fn peer(p: &Peer) -> String {
    let known = |selector: &BTreeMap<String, String>, namespace: &Option<String>| {
        APPS.with(|a| {
            let a = a.borrow();
            let mut same = a.iter().filter(|(s, ns, _)| s == selector && ns == namespace);
            match (same.next(), same.next()) {
                (Some((_, _, module)), None) => Some(module.clone()),
                _ => None,
            }
        })
    };
    match p {
        Peer::Pods { selector, namespace, .. } if known(selector, namespace).is_some() => {
            format!(
                "Peer::app(&crate::apps::{}::app())",
                known(selector, namespace).unwrap_or_default()
            )
        }
        Peer::Pods { selector, namespace, app } => format!(
            "Peer::Pods {{ selector: {}, namespace: {}, app: {} }}",
            labels(selector),
            opt_s(namespace),
            s(app)
        ),
        Peer::Labels(m) => format!("Peer::Labels({})", labels(m)),
        Peer::Namespaces(m) => match m.iter().next() {
            Some((k, ns)) if m.len() == 1 && k == "kubernetes.io/metadata.name" => {
                format!("Peer::namespace({})", q(ns))
            }
            _ => format!("Peer::Namespaces({})", labels(m)),
        },
        Peer::Cidr { cidr, except } if except.is_empty() => format!("Peer::cidr({})", q(cidr)),
        Peer::Cidr { cidr, except } => {
            format!("Peer::Cidr {{ cidr: {}, except: {} }}", s(cidr), strings(except))
        }
    }
}

pub(crate) fn protocol_ports(ports: &[(u16, Protocol)]) -> String {
    list(ports, |(n, p)| format!("({n}, Protocol::{p:?})"))
}

pub(crate) fn egress(e: &Egress) -> String {
    match e {
        Egress::Unrestricted => "Egress::Unrestricted".into(),
        Egress::AllowAll => "Egress::AllowAll".into(),
        Egress::To(rules) => format!(
            "Egress::To({})",
            list(rules, |r: &EgressRule| format!(
                "EgressRule {{ to: {}, ports: {} }}",
                list(&r.to, peer),
                protocol_ports(&r.ports)
            ))
        ),
    }
}

pub(crate) fn traffic(t: &Traffic) -> String {
    let lit = |t: &Traffic| {
        Lit::new("Traffic")
            .field("from", list(&t.from, peer))
            .field("ports", strings(&t.ports))
            .field("all_ports", t.all_ports.to_string())
            .field("ingress_unrestricted", t.ingress_unrestricted.to_string())
            .field("egress", egress(&t.egress))
    };
    with_default(t, lit, "Traffic")
}

/// One more ingress rule of an environment's NetworkPolicy.
fn policy_rule(r: &PolicyRule) -> String {
    let lit = |x: &PolicyRule| {
        let PolicyRule { from, ports, all_ports } = x;
        Lit::new("PolicyRule")
            .field("from", list(from, peer))
            .field("ports", protocol_ports(ports))
            .field("all_ports", all_ports.to_string())
    };
    with_default(r, lit, "PolicyRule")
}

/// An environment's NetworkPolicy.
pub(crate) fn policy(p: &Policy) -> String {
    if *p == Policy::deny_all(&p.name) {
        return format!("Policy::deny_all({})", q(&p.name));
    }
    let lit = |x: &Policy| {
        // Destructured whole, so a new field of `Policy` is a compile error here.
        let Policy { name: _, pods: _, from, ports, egress: out, all_ports, labels, also } = x;
        Lit::new("Policy")
            .field("from", list(from, peer))
            .field("ports", protocol_ports(ports))
            .field("egress", egress(out))
            .field("all_ports", all_ports.to_string())
            .field("labels", map(labels))
            .field("also", list(also, policy_rule))
    };
    let base = Policy::new(&p.name, p.pods.clone());
    lit(p).print(&lit(&base), &format!("Policy::new({}, {})", q(&p.name), map(&p.pods)))
}

/// `waivers` as a list, each run of consecutive ones with one reason written as one waiver
/// of all their checks (eight checks skipped for one reason are one `Waiver`, and two that
/// together are [`Waiver::no_probes`] are that), which renders the same annotations in the
/// same order.
pub(crate) fn waivers(waivers: &[Waiver]) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < waivers.len() {
        let reason = &waivers[i].reason;
        let end =
            waivers[i..].iter().position(|w| &w.reason != reason).map_or(waivers.len(), |n| i + n);
        let merged = Waiver {
            checks: waivers[i..end].iter().flat_map(|w| w.checks.clone()).collect(),
            reason: reason.clone(),
        };
        out.push(waiver(&merged));
        i = end;
    }
    out
}

/// `Waiver::new("CHECK", "reason")`, or the named waiver it is.
pub(crate) fn waiver(w: &Waiver) -> String {
    let named = [
        (Waiver::no_probes(), "Waiver::no_probes()"),
        (Waiver::images_by_tag(), "Waiver::images_by_tag()"),
        (Waiver::secrets_in_env(), "Waiver::secrets_in_env()"),
        (Waiver::namespace_agnostic(), "Waiver::namespace_agnostic()"),
        (Waiver::local_images(), "Waiver::local_images()"),
    ];
    if let Some((_, call)) = named.iter().find(|(n, _)| n == w) {
        return (*call).to_owned();
    }
    if w == &Waiver::literal_credential(&w.reason) {
        return format!("Waiver::literal_credential({})", q_named(&w.reason, "credential reason"));
    }
    match w.checks.as_slice() {
        [check] => format!("Waiver::new({}, {})", q(check), q_named(&w.reason, "waiver reason")),
        checks => {
            let checks: Vec<String> = checks.iter().map(|c| s(c)).collect();
            format!("Waiver {{ checks: vec![{}], reason: {} }}", checks.join(", "), s(&w.reason))
        }
    }
}

/// A Secret declaration.
pub(crate) fn secret(x: &SecretSpec) -> String {
    let keys: Vec<String> = x.keys.iter().map(|k| q(k)).collect();
    let base = format!("SecretSpec::new({}, &[{}])", q(&x.name), keys.join(", "));
    let mut extra = Vec::new();
    if !x.description.is_empty() {
        extra.push(format!("description: {}", s(&x.description)));
    }
    if let Some(t) = &x.type_ {
        extra.push(format!("type_: Some({})", s(t)));
    }
    if !x.labels.is_empty() {
        extra.push(format!("labels: {}", labels(&x.labels)));
    }
    update("SecretSpec", &extra, base)
}

/// A ServiceAccount of the environment.
pub(crate) fn service_account(x: &ServiceAccountSpec) -> String {
    // Every field named, so a new one is a compile error here rather than dropped.
    let ServiceAccountSpec {
        name,
        annotations,
        labels: own,
        image_pull_secrets,
        secrets,
        automount_token,
    } = x;
    let mut fields = Vec::new();
    if !own.is_empty() {
        fields.push(format!("labels: {}", labels(own)));
    }
    if !annotations.is_empty() {
        fields.push(format!("annotations: {}", labels(annotations)));
    }
    if !image_pull_secrets.is_empty() {
        fields.push(format!("image_pull_secrets: {}", strings(image_pull_secrets)));
    }
    if !secrets.is_empty() {
        fields.push(format!("secrets: {}", strings(secrets)));
    }
    if let Some(automount) = automount_token {
        fields.push(format!("automount_token: Some({automount})"));
    }
    update("ServiceAccountSpec", &fields, format!("ServiceAccountSpec::new({})", q(name)))
}

/// A Service resolving to a name outside the cluster.
pub(crate) fn external_service(x: &ExternalService) -> String {
    let base = format!("ExternalService::new({}, {})", q(&x.name), q(&x.external_name));
    if x.ports.is_empty() {
        return base;
    }
    let ports = list(&x.ports, |(n, p)| format!("({}, {p})", s(n)));
    format!("ExternalService {{ ports: {ports}, ..{base} }}")
}

/// A shared ConfigMap.
pub(crate) fn shared_config(c: &SharedConfig) -> String {
    // Every field named, so a new one is a compile error here rather than dropped.
    let SharedConfig { name, config: data, labels: own, annotations, at: _ } = c;
    let new = format!("SharedConfig::new({}, {})", q(name), config(data));
    let mut fields = Vec::new();
    if !own.is_empty() {
        fields.push(format!("labels: {}", labels(own)));
    }
    if !annotations.is_empty() {
        fields.push(format!("annotations: {}", labels(annotations)));
    }
    update("SharedConfig", &fields, new)
}

/// An aggregated API, naming its app by handle.
pub(crate) fn api_service(x: &crate::model::ApiService) -> String {
    // Every field named, so a new one is a compile error here rather than dropped.
    let crate::model::ApiService {
        group,
        version,
        app,
        port,
        group_priority_minimum,
        version_priority,
        insecure_skip_tls_verify,
        labels: own,
        at: _,
    } = x;
    let base = crate::model::ApiService::new(group, version, app.clone());
    let mut fields = Vec::new();
    if let Some(port) = port {
        fields.push(format!("port: Some({port})"));
    }
    if *group_priority_minimum != base.group_priority_minimum {
        fields.push(format!("group_priority_minimum: {group_priority_minimum}"));
    }
    if *version_priority != base.version_priority {
        fields.push(format!("version_priority: {version_priority}"));
    }
    if *insecure_skip_tls_verify {
        fields.push("insecure_skip_tls_verify: true".into());
    }
    if !own.is_empty() {
        fields.push(format!("labels: {}", labels(own)));
    }
    let call = format!(
        "ApiService::new({}, {}, App::new({}).handle())",
        q(group),
        q(version),
        q(app.name())
    );
    update("ApiService", &fields, call)
}

/// A Service of the environment over pods it selects.
pub(crate) fn service(x: &crate::model::ServiceSpec) -> String {
    // Every field named, so a new one is a compile error here rather than dropped.
    let crate::model::ServiceSpec { selector, expose: e } = x;
    // `ServiceSpec::new` names it.
    let unnamed = crate::model::Expose { name: None, ..e.clone() };
    format!("ServiceSpec::new({}, {}, {})", q(x.name()), map(selector), expose(&unnamed))
}
