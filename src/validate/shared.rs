//! Checks of what an environment owns on its own (shared ConfigMaps, ServiceAccounts, claims,
//! ExternalName Services), of names that must be unique across its apps, and of components.

use std::collections::BTreeMap;

use super::Validator;
use crate::error::Code;
use crate::error::{Diagnostic, did_you_mean, one_of};
use crate::model::Environment;

/// The most a ConfigMap may hold, keys and values together.
const MAX_CONFIG_BYTES: usize = 1024 * 1024;

impl Validator<'_> {
    /// The environment's own objects; resolves each shared ConfigMap's data once.
    pub(super) fn shared(&mut self) {
        let env = self.env;
        let mut seen = BTreeMap::new();
        for shared in &env.configs {
            self.object = crate::error::declared("config", &shared.name, shared.at.location());
            self.subject = crate::error::Subject::Config(shared.name.clone());
            self.dns_label("name", "ConfigMap", &shared.name);
            if seen.insert(shared.name.as_str(), ()).is_some() {
                self.report(
                    Code::Duplicate,
                    "configs",
                    format!("config `{}` is declared twice", shared.name),
                    None,
                    None,
                );
            }
            self.label_map("labels", &shared.labels);
            self.annotation_keys("annotations", &shared.annotations);
            let resolved = crate::template::resolve(&shared.config);
            for (field, message) in &resolved.problems {
                self.report(Code::InvalidValue, field.clone(), message.clone(), None, None);
            }
            self.config_data("config", &resolved.data);
            self.shared.to_mut().push(resolved.data);
        }
        self.object = "environment".into();
        self.subject = crate::error::Subject::Environment;
        let mut seen = BTreeMap::new();
        for account in &env.service_accounts {
            self.dns_label("service_accounts", "ServiceAccount", &account.name);
            let field = format!("service_accounts[{}]", account.name);
            self.label_map(&format!("{field}.labels"), &account.labels);
            self.annotation_keys(&format!("{field}.annotations"), &account.annotations);
            for secret in account.image_pull_secrets.iter().chain(&account.secrets) {
                self.dns_label(&format!("{field}.secrets"), "Secret", secret);
            }
            if seen.insert(account.name.as_str(), ()).is_some() {
                self.report(
                    Code::Duplicate,
                    "service_accounts",
                    format!("ServiceAccount `{}` is declared twice", account.name),
                    None,
                    None,
                );
            }
        }
        let mut seen = BTreeMap::new();
        for claim in &env.claims {
            let name = claim.claim_name.as_deref().unwrap_or(&claim.name);
            self.dns_label("claims", "PersistentVolumeClaim", name);
            self.label_map(&format!("claims[{}].labels", claim.name), &claim.labels);
            if seen.insert(claim.name.as_str(), ()).is_some() {
                self.report(
                    Code::Duplicate,
                    "claims",
                    format!("claim `{}` is declared twice", claim.name),
                    None,
                    None,
                );
            }
            if let Err(why) = super::quantity::bytes(&claim.size) {
                self.report(
                    Code::InvalidValue,
                    format!("claims[{}].size", claim.name),
                    format!("size `{}` is not a quantity: {why}", claim.size),
                    Some("a quantity like `10Gi`".into()),
                    None,
                );
            }
        }
        for external in &env.external_services {
            self.service_name(
                &format!("external_services[{}]", external.name),
                &env.object_name(&external.name),
            );
            if external.external_name.is_empty()
                || super::names::check_dns_subdomain(&external.external_name).is_err()
            {
                self.report(
                    Code::InvalidValue,
                    format!("external_services[{}].external_name", external.name),
                    format!("`{}` is not a DNS name", external.external_name),
                    Some("a host name like `db.example.com`".into()),
                    None,
                );
            }
        }
        for s in &env.services {
            let field = format!("services[{}]", crate::safe::shown(s.name()));
            match &s.expose.name {
                Some(name) => self.service_name(&field, &env.object_name(name)),
                None => self.report(
                    Code::InvalidValue,
                    field.clone(),
                    "a Service of the environment needs a name".into(),
                    None,
                    Some("build it with `ServiceSpec::new(name, …)`".into()),
                ),
            }
            self.label_map(&format!("{field}.selector"), &s.selector);
            self.label_map(&format!("{field}.labels"), &s.expose.labels);
            self.annotation_keys(&format!("{field}.annotations"), &s.expose.annotations);
            self.expose_ports(&field, &s.expose, None);
        }
        for api in &env.api_services {
            self.api_service(api);
        }
        for class in &env.storage_classes {
            let field = format!("storage_classes[{}]", crate::safe::shown(&class.name));
            self.dns_subdomain(&field, "StorageClass", &class.name);
            if let Err(why) = super::names::check_qualified_name(&class.provisioner) {
                self.report(
                    Code::InvalidValue,
                    format!("{field}.provisioner"),
                    format!(
                        "provisioner `{}` is not valid: {why}",
                        crate::safe::shown(&class.provisioner)
                    ),
                    Some(
                        "a qualified name, e.g. `ebs.csi.aws.com` or `kubernetes.io/aws-ebs`"
                            .into(),
                    ),
                    None,
                );
            }
            self.label_map(&format!("{field}.labels"), &class.labels);
            self.annotation_keys(&format!("{field}.annotations"), &class.annotations);
            self.known(
                &format!("{field}.reclaim_policy"),
                &class.reclaim_policy,
                &["Delete", "Retain"],
            );
            self.known(
                &format!("{field}.volume_binding_mode"),
                &class.volume_binding_mode,
                &["Immediate", "WaitForFirstConsumer"],
            );
        }
        for class in &env.priority_classes {
            let field = format!("priority_classes[{}]", crate::safe::shown(&class.name));
            self.dns_subdomain(&field, "PriorityClass", &class.name);
            self.label_map(&format!("{field}.labels"), &class.labels);
            // Above a billion is the system's own (`system-cluster-critical`).
            if class.value > 1_000_000_000 {
                self.report(
                    Code::InvalidValue,
                    format!("{field}.value"),
                    format!("priority {} is reserved for the system's classes", class.value),
                    Some("at most 1000000000".into()),
                    None,
                );
            }
            self.known(
                &format!("{field}.preemption_policy"),
                &class.preemption_policy,
                super::workload::PREEMPTION_POLICIES,
            );
        }
        for policy in &env.policies {
            self.dns_label("policies", "NetworkPolicy", &policy.name);
            self.label_map(&format!("policies[{}].pods", policy.name), &policy.pods);
            self.label_map(&format!("policies[{}].labels", policy.name), &policy.labels);
            let field = format!("policies[{}].from", policy.name);
            for peer in &policy.from {
                self.peer(&field, peer);
            }
            for (i, rule) in policy.also.iter().enumerate() {
                let field = format!("policies[{}].also[{i}]", policy.name);
                for peer in &rule.from {
                    self.peer(&format!("{field}.from"), peer);
                }
                if rule.ports.is_empty() && !rule.all_ports {
                    self.report(
                        Code::Conflict,
                        field.clone(),
                        "the rule admits no port".into(),
                        Some("`ports`, or `all_ports: true`".into()),
                        None,
                    );
                }
                if rule.ports.iter().any(|(n, _)| *n == 0) {
                    self.report(
                        Code::InvalidValue,
                        format!("{field}.ports"),
                        "port 0 is not valid".into(),
                        Some("1 to 65535".into()),
                        None,
                    );
                }
            }
            if let crate::model::Egress::To(rules) = &policy.egress {
                let field = format!("policies[{}].egress", policy.name);
                for peer in rules.iter().flat_map(|r| &r.to) {
                    self.peer(&field, peer);
                }
            }
            if policy.ports.iter().any(|(n, _)| *n == 0) {
                self.report(
                    Code::InvalidValue,
                    format!("policies[{}].ports", policy.name),
                    "port 0 is not valid".into(),
                    Some("1 to 65535".into()),
                    None,
                );
            }
        }
    }

    /// An aggregated API: its name parts, priorities, and the app and Service port it is
    /// answered on.
    fn api_service(&mut self, api: &crate::model::ApiService) {
        let env = self.env;
        let field = format!("api_services[{}]", crate::safe::shown(&api.name()));
        if let Err(why) = super::names::check_dns_subdomain(&api.group) {
            self.report(
                Code::InvalidValue,
                format!("{field}.group"),
                format!("API group `{}` is not valid: {why}", crate::safe::shown(&api.group)),
                Some("a DNS subdomain like `metrics.k8s.io`".into()),
                None,
            );
        }
        self.dns_label(&format!("{field}.version"), "version", &api.version);
        for (what, value) in [
            ("group_priority_minimum", api.group_priority_minimum),
            ("version_priority", api.version_priority),
        ] {
            if value <= 0 {
                self.report(
                    Code::InvalidValue,
                    format!("{field}.{what}"),
                    format!("priority {value} is not positive"),
                    Some("a positive number, e.g. 100".into()),
                    None,
                );
            }
        }
        self.label_map(&format!("{field}.labels"), &api.labels);
        let Some(app) = env.apps.iter().find(|a| a.name == api.app.name()) else {
            self.report(
                Code::UnknownReference,
                format!("{field}.app"),
                format!("app `{}` is not in the environment", crate::safe::shown(api.app.name())),
                None,
                did_you_mean(api.app.name(), env.apps.iter().map(|a| a.name.as_str())),
            );
            return;
        };
        match env.service(app) {
            None => self.report(
                Code::Conflict,
                format!("{field}.app"),
                format!("app `{}` has no Service to answer the API on", app.name),
                None,
                Some("give the app an `expose`".into()),
            ),
            Some(service) => {
                let port = api.port.unwrap_or(443);
                let ports: Vec<u16> =
                    app.expose.iter().flat_map(|e| &e.ports).map(|p| p.port).collect();
                if !ports.contains(&port) {
                    let listed: Vec<String> = ports.iter().map(u16::to_string).collect();
                    self.report(
                        Code::UnknownReference,
                        format!("{field}.port"),
                        format!("Service `{}` has no port {port}", service.name),
                        Some(one_of(&listed)),
                        None,
                    );
                }
            }
        }
    }

    /// A ConfigMap's keys (what Kubernetes accepts as file names) and size (at most 1 MiB).
    pub(super) fn config_data(&mut self, field: &str, data: &BTreeMap<String, String>) {
        for key in data.keys() {
            let valid = !key.is_empty()
                && key.len() <= 253
                && key != "."
                && key != ".."
                && key.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
            if !valid {
                self.report(
                    Code::InvalidValue,
                    format!("{field}.{key}"),
                    format!("config key `{key}` is not valid"),
                    Some("letters, digits, `-`, `_` and `.`, at most 253 characters".into()),
                    None,
                );
            }
        }
        let size: usize = data.iter().map(|(k, v)| k.len() + v.len()).sum();
        if size > MAX_CONFIG_BYTES {
            self.report(
                Code::InvalidValue,
                field,
                format!("the config holds {size} bytes"),
                Some(format!(
                    "at most {MAX_CONFIG_BYTES} bytes (1 MiB), Kubernetes' limit for a ConfigMap"
                )),
                Some("mount large files from an image or a volume instead".into()),
            );
        }
    }

    /// A Service's name as it will be after the prefix and suffix: a DNS-1035 label, since
    /// Services become DNS names.
    pub(super) fn service_name(&mut self, field: &str, name: &str) {
        if let Err(why) = super::names::check_dns_1035(name) {
            self.report(Code::InvalidValue,
                field,
                format!("Service name `{name}` is not valid: {why}"),
                Some("a DNS-1035 label: at most 63 lowercase letters, digits and `-`, starting with a letter".into()),
                None,
            );
        }
    }

    /// Every Service of the environment has its own name in its namespace (two apps of two
    /// namespaces may each have a Service `web`).
    pub(super) fn service_names(&mut self) {
        let env = self.env;
        let mut owners: BTreeMap<(Option<String>, String), String> = BTreeMap::new();
        let here = env.namespace.as_deref();
        let mut claim = |v: &mut Validator<'_>, ns: Option<&str>, name: String, owner: String| {
            let key = (ns.map(str::to_owned), name.clone());
            if let Some(other) = owners.insert(key, owner.clone()) {
                v.report(
                    crate::error::Code::Duplicate,
                    "services",
                    format!("Service `{name}` is declared by both {other} and {owner}"),
                    Some("one Service per name in a tree".into()),
                    Some("give one of them its own `Expose::name`".into()),
                );
            }
        };
        for app in &env.apps {
            for expose in app.expose.iter().chain(&app.services) {
                let name = env.object_name(expose.name.as_deref().unwrap_or(&app.name));
                let ns = app.namespace.as_deref().or(here);
                claim(self, ns, name, format!("app `{}`", app.name));
            }
        }
        for s in &env.services {
            claim(self, here, env.object_name(s.name()), format!("service `{}`", s.name()));
        }
        for external in &env.external_services {
            claim(
                self,
                here,
                env.object_name(&external.name),
                format!("external service `{}`", external.name),
            );
        }
    }
}

/// Components that remove or overlay an app the environment (with the components before
/// them) does not have; checked on the environment as written, before components fold in.
pub(crate) fn components(env: &Environment) -> Vec<Diagnostic> {
    let mut apps: Vec<String> = env.apps.iter().map(|a| a.name.clone()).collect();
    let mut out = Vec::new();
    for c in &env.components {
        apps.extend(c.apps.iter().map(|a| c.added(a).name));
        let named = c
            .remove
            .iter()
            .map(|n| ("remove", n, c.at))
            .chain(c.overlays.iter().map(|(n, o)| ("overlays", n, o.at.or(c.at))));
        for (field, name, at) in named {
            if !apps.contains(name) {
                out.push(Diagnostic {
                    targets: vec![env.name.clone()],
                    code: crate::error::Code::UnknownReference,
                    subject: crate::error::Subject::Component(c.name.clone()),
                    object: crate::error::declared("component", &c.name, at.location()),
                    field: field.into(),
                    message: format!("app `{name}` is not in the environment"),
                    expected: Some(one_of(&apps)),
                    help: did_you_mean(name, apps.iter().map(String::as_str)),
                });
            }
        }
        apps.retain(|a| !c.remove.iter().any(|r| r == a));
    }
    out
}

/// Targets that would collide: two with one name (the command line could pick either), two
/// writing one tree, or a tree inside another's (generating one would delete the other).
pub(crate) fn project(project: &crate::model::Project) -> Vec<Diagnostic> {
    let envs = &project.environments;
    let mut out = Vec::new();
    let clash = |message: String, help: &str| Diagnostic {
        object: "project".into(),
        field: "environments".into(),
        message,
        help: Some(help.into()),
        ..Diagnostic::default()
    };
    for (i, a) in envs.iter().enumerate() {
        for (j, b) in envs.iter().enumerate().skip(i + 1) {
            let (ta, tb) = (a.tree.trim_end_matches('/'), b.tree.trim_end_matches('/'));
            if a.name == b.name {
                out.push(clash(
                    format!("target `{}` is defined twice (environments {} and {}, trees `{ta}` and `{tb}`)", a.name, i + 1, j + 1),
                    "give each environment its own name",
                ));
            }
            if ta == tb {
                out.push(clash(
                    format!("targets `{}` and `{}` both write the tree `{ta}`", a.name, b.name),
                    "give each environment its own `tree`, e.g. `overlays/<name>`",
                ));
            } else if tb.starts_with(&format!("{ta}/")) || ta.starts_with(&format!("{tb}/")) {
                out.push(clash(
                    format!(
                        "the tree `{ta}` of `{}` and the tree `{tb}` of `{}` are nested",
                        a.name, b.name
                    ),
                    "trees must be side by side, since each is replaced whole",
                ));
            }
        }
    }
    out.extend(super::fleet::fleet(project));
    out
}
