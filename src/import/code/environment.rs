//! What an environment declares as Rust: traffic rules and policies, waivers, Secrets,
//! ServiceAccounts, external Services and shared config.

use super::*;
use crate::model::{
    ApiService, Egress, EgressRule, ExternalService, Peer, Policy, PolicyRule, PriorityClassSpec,
    Protocol, SecretSpec, ServiceAccountSpec, ServiceSpec, SharedConfig, StorageClassSpec, Traffic,
    Waiver,
};

impl Code for Peer {
    fn code(&self, cx: &Printer) -> String {
        match self {
            Peer::Pods { selector, namespace, app } => match cx.known_app(selector, namespace) {
                Some(module) => format!("Peer::app(&crate::apps::{module}::app())"),
                None => format!(
                    "Peer::Pods {{ selector: {}, namespace: {}, app: {} }}",
                    cx.labels(selector),
                    cx.opt_s(namespace),
                    cx.s(app)
                ),
            },
            Peer::Labels(m) => format!("Peer::Labels({})", cx.labels(m)),
            Peer::Namespaces(m) => match m.iter().next() {
                Some((k, ns)) if m.len() == 1 && k == "kubernetes.io/metadata.name" => {
                    format!("Peer::namespace({})", cx.q(ns))
                }
                _ => format!("Peer::Namespaces({})", cx.labels(m)),
            },
            Peer::Cidr { cidr, except } if except.is_empty() => {
                format!("Peer::cidr({})", cx.q(cidr))
            }
            Peer::Cidr { cidr, except } => {
                format!("Peer::Cidr {{ cidr: {}, except: {} }}", cx.s(cidr), cx.vec(except))
            }
        }
    }
}

fn protocol_ports(ports: &[(u16, Protocol)]) -> String {
    list(ports, |(n, p)| format!("({n}, Protocol::{p:?})"))
}

impl Code for EgressRule {
    fn code(&self, cx: &Printer) -> String {
        let EgressRule { to, ports } = self;
        format!("EgressRule {{ to: {}, ports: {} }}", cx.vec(to), protocol_ports(ports))
    }
}

impl Code for Egress {
    fn code(&self, cx: &Printer) -> String {
        match self {
            Egress::Unrestricted => "Egress::Unrestricted".into(),
            Egress::AllowAll => "Egress::AllowAll".into(),
            Egress::To(rules) => format!("Egress::To({})", cx.vec(rules)),
        }
    }
}

impl Code for Traffic {
    fn code(&self, cx: &Printer) -> String {
        let lit = |t: &Traffic| {
            let Traffic { from, ports, all_ports, ingress_unrestricted, egress } = t;
            Lit::new("Traffic")
                .field("from", cx.vec(from))
                .field("ports", cx.vec(ports))
                .field("all_ports", all_ports.to_string())
                .field("ingress_unrestricted", ingress_unrestricted.to_string())
                .field("egress", egress.code(cx))
        };
        with_default(self, lit, "Traffic")
    }
}

impl Code for PolicyRule {
    /// One more ingress rule of an environment's NetworkPolicy.
    fn code(&self, cx: &Printer) -> String {
        let lit = |x: &PolicyRule| {
            let PolicyRule { from, ports, all_ports } = x;
            Lit::new("PolicyRule")
                .field("from", cx.vec(from))
                .field("ports", protocol_ports(ports))
                .field("all_ports", all_ports.to_string())
        };
        with_default(self, lit, "PolicyRule")
    }
}

impl Code for Policy {
    /// An environment's NetworkPolicy.
    fn code(&self, cx: &Printer) -> String {
        if *self == Policy::deny_all(&self.name) {
            return format!("Policy::deny_all({})", cx.q(&self.name));
        }
        let lit = |x: &Policy| {
            // The name and pods are `Policy::new`'s arguments.
            let Policy { name: _, pods: _, from, ports, egress, all_ports, labels: own, also } = x;
            Lit::new("Policy")
                .field("from", cx.vec(from))
                .field("ports", protocol_ports(ports))
                .field("egress", egress.code(cx))
                .field("all_ports", all_ports.to_string())
                .field("labels", cx.map(own))
                .field("also", cx.vec(also))
        };
        let base = Policy::new(&self.name, self.pods.clone());
        let call = format!("Policy::new({}, {})", cx.q(&self.name), cx.map(&self.pods));
        lit(self).print(&lit(&base), &call)
    }
}

/// `waivers` as a list, each run of consecutive ones with one reason written as one waiver
/// of all their checks (eight checks skipped for one reason are one `Waiver`, and two that
/// together are [`Waiver::no_probes`] are that), which renders the same annotations in the
/// same order.
pub(crate) fn merged_waivers(cx: &Printer, waivers: &[Waiver]) -> Vec<String> {
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
        out.push(merged.code(cx));
        i = end;
    }
    out
}

impl Code for Waiver {
    /// `Waiver::new("CHECK", "reason")`, or the named waiver it is.
    fn code(&self, cx: &Printer) -> String {
        let named = [
            (Waiver::no_probes(), "Waiver::no_probes()"),
            (Waiver::images_by_tag(), "Waiver::images_by_tag()"),
            (Waiver::secrets_in_env(), "Waiver::secrets_in_env()"),
            (Waiver::namespace_agnostic(), "Waiver::namespace_agnostic()"),
            (Waiver::local_images(), "Waiver::local_images()"),
        ];
        if let Some((_, call)) = named.iter().find(|(n, _)| n == self) {
            return (*call).to_owned();
        }
        let Waiver { checks, reason } = self;
        if *self == Waiver::literal_credential(reason) {
            let reason = cx.q_named(reason, "credential reason");
            return format!("Waiver::literal_credential({reason})");
        }
        match checks.as_slice() {
            [check] => {
                let reason = cx.q_named(reason, "waiver reason");
                format!("Waiver::new({}, {reason})", cx.q(check))
            }
            checks => format!("Waiver {{ checks: {}, reason: {} }}", cx.vec(checks), cx.s(reason)),
        }
    }
}

impl Code for SecretSpec {
    /// A Secret declaration.
    fn code(&self, cx: &Printer) -> String {
        let SecretSpec { name, keys, description, optional, type_, issued_by, labels: own, at: _ } =
            self;
        let keys: Vec<String> = keys.iter().map(|k| cx.q(k)).collect();
        let base = format!("SecretSpec::new({}, &[{}])", cx.q(name), keys.join(", "));
        let mut extra = Vec::new();
        if !description.is_empty() {
            extra.push(format!("description: {}", cx.s(description)));
        }
        if !optional.is_empty() {
            extra.push(format!("optional: {}", cx.vec(optional)));
        }
        if let Some(t) = type_ {
            extra.push(format!("type_: Some({})", cx.s(t)));
        }
        if let Some(issuer) = issued_by {
            extra.push(format!("issued_by: Some({})", cx.s(issuer)));
        }
        if !own.is_empty() {
            extra.push(format!("labels: {}", cx.labels(own)));
        }
        update("SecretSpec", &extra, base)
    }
}

impl Code for ServiceAccountSpec {
    /// A ServiceAccount of the environment.
    fn code(&self, cx: &Printer) -> String {
        let ServiceAccountSpec {
            name,
            annotations,
            labels: own,
            image_pull_secrets,
            secrets,
            automount_token,
        } = self;
        let mut fields = Vec::new();
        if !own.is_empty() {
            fields.push(format!("labels: {}", cx.labels(own)));
        }
        if !annotations.is_empty() {
            fields.push(format!("annotations: {}", cx.labels(annotations)));
        }
        if !image_pull_secrets.is_empty() {
            fields.push(format!("image_pull_secrets: {}", cx.vec(image_pull_secrets)));
        }
        if !secrets.is_empty() {
            fields.push(format!("secrets: {}", cx.vec(secrets)));
        }
        if let Some(automount) = automount_token {
            fields.push(format!("automount_token: Some({automount})"));
        }
        update("ServiceAccountSpec", &fields, format!("ServiceAccountSpec::new({})", cx.q(name)))
    }
}

impl Code for ExternalService {
    /// A Service resolving to a name outside the cluster.
    fn code(&self, cx: &Printer) -> String {
        let ExternalService { name, external_name, ports } = self;
        let base = format!("ExternalService::new({}, {})", cx.q(name), cx.q(external_name));
        if ports.is_empty() {
            return base;
        }
        let ports = list(ports, |(n, p)| format!("({}, {p})", cx.s(n)));
        format!("ExternalService {{ ports: {ports}, ..{base} }}")
    }
}

impl Code for SharedConfig {
    /// A shared ConfigMap.
    fn code(&self, cx: &Printer) -> String {
        let SharedConfig { name, config, labels: own, annotations, at: _ } = self;
        let new = format!("SharedConfig::new({}, {})", cx.q(name), config.code(cx));
        let mut fields = Vec::new();
        if !own.is_empty() {
            fields.push(format!("labels: {}", cx.labels(own)));
        }
        if !annotations.is_empty() {
            fields.push(format!("annotations: {}", cx.labels(annotations)));
        }
        update("SharedConfig", &fields, new)
    }
}

impl Code for ApiService {
    /// An aggregated API, naming its app by handle.
    fn code(&self, cx: &Printer) -> String {
        let ApiService {
            group,
            version,
            app,
            port,
            group_priority_minimum,
            version_priority,
            insecure_skip_tls_verify,
            labels: own,
            at: _,
        } = self;
        let base = ApiService::new(group, version, app.clone());
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
            fields.push(format!("labels: {}", cx.labels(own)));
        }
        let call = format!(
            "ApiService::new({}, {}, App::new({}).handle())",
            cx.q(group),
            cx.q(version),
            cx.q(app.name())
        );
        update("ApiService", &fields, call)
    }
}

impl Code for ServiceSpec {
    /// A Service of the environment over pods it selects.
    fn code(&self, cx: &Printer) -> String {
        let ServiceSpec { selector, expose } = self;
        // `ServiceSpec::new` names it.
        let unnamed = crate::model::Expose { name: None, ..expose.clone() };
        format!(
            "ServiceSpec::new({}, {}, {})",
            cx.q(self.name()),
            cx.map(selector),
            unnamed.code(cx)
        )
    }
}

impl Code for StorageClassSpec {
    fn code(&self, cx: &Printer) -> String {
        let lit = |x: &StorageClassSpec| {
            // The name and provisioner are `StorageClassSpec::new`'s arguments.
            let StorageClassSpec {
                name: _,
                provisioner: _,
                parameters,
                reclaim_policy,
                volume_binding_mode,
                allow_volume_expansion,
                mount_options,
                labels: own,
                annotations,
            } = x;
            Lit::new("StorageClassSpec")
                .field("parameters", cx.map(parameters))
                .field("reclaim_policy", cx.opt_s(reclaim_policy))
                .field("volume_binding_mode", cx.opt_s(volume_binding_mode))
                .field("allow_volume_expansion", opt_n(allow_volume_expansion))
                .field("mount_options", cx.vec(mount_options))
                .field("labels", cx.map(own))
                .field("annotations", cx.map(annotations))
        };
        let base = StorageClassSpec::new(&self.name, &self.provisioner);
        let new =
            format!("StorageClassSpec::new({}, {})", cx.q(&self.name), cx.q(&self.provisioner));
        lit(self).print(&lit(&base), &new)
    }
}

impl Code for PriorityClassSpec {
    fn code(&self, cx: &Printer) -> String {
        let lit = |x: &PriorityClassSpec| {
            // The name and value are `PriorityClassSpec::new`'s arguments.
            let PriorityClassSpec {
                name: _,
                value: _,
                global_default,
                preemption_policy,
                description,
                labels: own,
            } = x;
            Lit::new("PriorityClassSpec")
                .field("global_default", global_default.to_string())
                .field("preemption_policy", cx.opt_s(preemption_policy))
                .field("description", cx.s(description))
                .field("labels", cx.map(own))
        };
        let base = PriorityClassSpec::new(&self.name, self.value);
        let new = format!("PriorityClassSpec::new({}, {})", cx.q(&self.name), self.value);
        lit(self).print(&lit(&base), &new)
    }
}
