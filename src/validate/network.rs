//! Checks of how an app is reached and what it may reach: its further Services, selector,
//! NetworkPolicy content, Ingress rules and API permissions.

use super::Validator;
use super::names::{check_cidr, check_label_value, check_qualified_name};
use crate::error::Code;
use crate::error::{did_you_mean, one_of};
use crate::model::{App, Egress, ExposeType, Peer, ServiceAccount};

impl Validator<'_> {
    /// Every Service of the app, the main one included: names as they will be, LB settings.
    pub(super) fn services(&mut self, app: &App, declared: &[&str]) {
        for (i, expose) in app.expose.iter().chain(&app.services).enumerate() {
            let at = if i == 0 && app.expose.is_some() {
                "expose".to_owned()
            } else {
                format!("services[{i}]")
            };
            if i > 0 || app.expose.is_none() {
                if expose.name.is_none() {
                    self.report(
                        Code::Conflict,
                        format!("{at}.name"),
                        "a further Service needs its own name".into(),
                        None,
                        Some("`Expose { name: Some(\"<app>-external\".into()), .. }`".into()),
                    );
                }
                self.expose_ports(&at, expose, Some(declared));
            }
            let name = self.env.object_name(expose.name.as_deref().unwrap_or(&app.name));
            self.service_name(&format!("{at}.name"), &name);
            let lb = &expose.load_balancer;
            if expose.type_ != ExposeType::LoadBalancer
                && *lb != crate::model::LoadBalancer::default()
            {
                self.report(
                    Code::Conflict,
                    format!("{at}.load_balancer"),
                    "load balancer settings on a Service that is not a LoadBalancer".into(),
                    None,
                    Some("use `Expose::load_balancer`".into()),
                );
            }
            for range in &lb.source_ranges {
                if let Err(why) = check_cidr(range) {
                    self.report(
                        Code::InvalidValue,
                        format!("{at}.load_balancer.source_ranges"),
                        format!("`{range}` is not a CIDR block: {why}"),
                        Some("e.g. `203.0.113.0/24`".into()),
                        None,
                    );
                }
            }
            if lb.class.as_deref().is_some_and(|c| check_qualified_name(c).is_err()) {
                self.report(
                    Code::InvalidValue,
                    format!("{at}.load_balancer.class"),
                    "the load balancer class is not a qualified name".into(),
                    Some("e.g. `service.k8s.aws/nlb`".into()),
                    None,
                );
            }
            self.known(
                &format!("{at}.ip_family_policy"),
                &expose.ip_family_policy,
                &["SingleStack", "PreferDualStack", "RequireDualStack"],
            );
            self.known(
                &format!("{at}.traffic_distribution"),
                &expose.traffic_distribution,
                &["PreferClose"],
            );
            if let Some(s) = expose.sticky_timeout_seconds {
                if !expose.sticky_sessions {
                    self.report(
                        Code::Conflict,
                        format!("{at}.sticky_timeout_seconds"),
                        "a sticky-session timeout without sticky sessions".into(),
                        None,
                        Some("set `sticky_sessions: true`".into()),
                    );
                }
                if !(1..=86_400).contains(&s) {
                    self.report(
                        Code::InvalidValue,
                        format!("{at}.sticky_timeout_seconds"),
                        format!("a sticky-session timeout of {s} seconds"),
                        Some("1 to 86400 seconds".into()),
                        None,
                    );
                }
            }
            for key in expose.annotations.keys() {
                if let Err(why) = check_qualified_name(key) {
                    self.report(
                        Code::InvalidValue,
                        format!("{at}.annotations"),
                        format!("annotation key `{key}` is not valid: {why}"),
                        None,
                        None,
                    );
                }
            }
        }
    }

    pub(super) fn selector(&mut self, app: &App) {
        for (key, value) in &app.selector {
            if check_qualified_name(key).is_err()
                || check_label_value(value).is_err()
                || value.is_empty()
            {
                self.report(
                    Code::InvalidValue,
                    format!("selector.{key}"),
                    format!("`{key}: {value}` is not a valid selector label"),
                    Some("a label key and a non-empty value".into()),
                    None,
                );
            }
        }
    }

    /// The peers, ports and egress rules of the app's NetworkPolicy.
    pub(super) fn traffic(&mut self, app: &App, declared: &[&str]) {
        let t = &app.traffic;
        if !app.security.network_policy && *t != crate::model::Traffic::default() {
            self.report(
                Code::Conflict,
                "traffic",
                "traffic rules are set but the app renders no NetworkPolicy".into(),
                None,
                Some("keep `Security::network_policy` on".into()),
            );
        }
        for port in &t.ports {
            if !declared.contains(&port.as_str()) {
                self.report(
                    Code::UnknownReference,
                    "traffic.ports",
                    format!("port `{port}` is not declared by any container"),
                    Some(one_of(declared)),
                    did_you_mean(port, declared.iter().copied()),
                );
            }
        }
        for peer in &t.from {
            self.peer("traffic.from", peer);
        }
        if let Egress::To(rules) = &t.egress {
            for rule in rules {
                for peer in &rule.to {
                    self.peer("traffic.egress", peer);
                }
                if rule.ports.iter().any(|(n, _)| *n == 0) {
                    self.report(
                        Code::InvalidValue,
                        "traffic.egress",
                        "egress port 0 is not valid".into(),
                        Some("1 to 65535".into()),
                        None,
                    );
                }
            }
        }
    }

    pub(super) fn peer(&mut self, field: &str, peer: &Peer) {
        match peer {
            Peer::Pods { app, namespace: None, .. } => {
                let apps: Vec<&str> = self.env.apps.iter().map(|a| a.name.as_str()).collect();
                if !apps.contains(&app.as_str()) {
                    self.report(
                        Code::UnknownReference,
                        field,
                        format!("app `{app}` is not in the environment"),
                        Some(one_of(&apps)),
                        did_you_mean(app, apps.iter().copied()),
                    );
                }
            }
            Peer::Pods { .. } => {}
            Peer::Labels(labels) => self.label_map(field, labels),
            Peer::Namespaces(labels) => {
                for (key, value) in labels {
                    if check_qualified_name(key).is_err() || check_label_value(value).is_err() {
                        self.report(
                            Code::InvalidValue,
                            field,
                            format!("`{key}: {value}` is not a valid namespace label"),
                            None,
                            None,
                        );
                    }
                }
            }
            Peer::Cidr { cidr, except } => {
                for block in std::iter::once(cidr).chain(except) {
                    if let Err(why) = check_cidr(block) {
                        self.report(
                            Code::InvalidValue,
                            field,
                            format!("`{block}` is not a CIDR block: {why}"),
                            Some("e.g. `10.0.0.0/8`".into()),
                            None,
                        );
                    }
                }
            }
        }
    }

    /// Ingress rules that route to other Services of the environment.
    pub(super) fn ingress_rules(&mut self, app: &App) {
        let Some(ingress) = &app.ingress else { return };
        for (i, rule) in ingress.rules.iter().enumerate() {
            if rule.host.chars().any(|c| c.is_ascii_uppercase()) {
                self.report(
                    Code::InvalidValue,
                    format!("ingress.rules[{i}].host"),
                    format!("host `{}` has capitals", rule.host),
                    Some("a lowercase host name".into()),
                    None,
                );
            }
            for path in &rule.paths {
                if !path.path.is_empty() && !path.path.starts_with('/') {
                    self.report(
                        Code::InvalidValue,
                        format!("ingress.rules[{i}].paths"),
                        format!("path `{}` is not absolute", path.path),
                        Some("a path starting with `/`".into()),
                        None,
                    );
                }
                let offered = self.offered(&path.backend.service);
                match offered {
                    None => {
                        let names = self.service_bases();
                        self.report(
                            Code::UnknownReference,
                            format!("ingress.rules[{i}].paths"),
                            format!("Service `{}` is not in the environment", path.backend.service),
                            Some(one_of(&names)),
                            did_you_mean(&path.backend.service, names.iter().map(String::as_str)),
                        );
                    }
                    Some(ports) if !ports.contains(&path.backend.port) => self.report(
                        Code::UnknownReference,
                        format!("ingress.rules[{i}].paths"),
                        format!(
                            "Service `{}` does not forward to port `{}`",
                            path.backend.service, path.backend.port
                        ),
                        Some(one_of(&ports)),
                        did_you_mean(&path.backend.port, ports.iter().map(String::as_str)),
                    ),
                    Some(_) => {}
                }
            }
        }
        for (hosts, secret) in &ingress.tls {
            self.dns_label("ingress.tls", "Secret", secret);
            if hosts.is_empty() {
                self.report(
                    Code::InvalidValue,
                    "ingress.tls",
                    format!("the certificate in `{secret}` names no host"),
                    None,
                    None,
                );
            }
        }
    }

    fn service_bases(&self) -> Vec<String> {
        self.env
            .apps
            .iter()
            .flat_map(|a| {
                a.expose
                    .iter()
                    .chain(&a.services)
                    .map(move |e| e.name.clone().unwrap_or_else(|| a.name.clone()))
            })
            .collect()
    }

    /// The target ports a Service of the environment forwards to, by its declared name.
    fn offered(&self, service: &str) -> Option<Vec<String>> {
        self.env.apps.iter().find_map(|a| {
            a.expose
                .iter()
                .chain(&a.services)
                .find(|e| e.name.as_deref().unwrap_or(&a.name) == service)
                .map(|e| e.ports.iter().map(|p| p.target.clone()).collect())
        })
    }

    pub(super) fn permissions(&mut self, app: &App) {
        if app.permissions.is_empty() {
            return;
        }
        if app.service_account == ServiceAccount::Default {
            self.report(Code::Conflict, "permissions", "permissions are granted to the app's ServiceAccount, but it runs as the namespace's default".into(), None, Some("set `service_account: ServiceAccount::Own`".into()));
        }
        if app.namespace.is_none() && self.env.namespace.is_none() {
            self.report(
                Code::InvalidValue,
                "permissions",
                "permissions need a namespace to bind the ServiceAccount in".into(),
                None,
                Some("set the environment's or the app's `namespace`".into()),
            );
        }
        if !app.security.service_account_token {
            self.report(Code::Conflict, "permissions", "the app has permissions but its pods do not mount the ServiceAccount token".into(), None, Some("set `Security::service_account_token` with an exception saying why the app calls the API".into()));
        }
        const VERBS: &[&str] =
            &["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];
        for (i, p) in app.permissions.iter().enumerate() {
            if p.resources.is_empty() || p.verbs.is_empty() || p.api_groups.is_empty() {
                self.report(
                    Code::Conflict,
                    format!("permissions[{i}]"),
                    "a permission needs API groups, resources and verbs".into(),
                    None,
                    None,
                );
            }
            for v in &p.verbs {
                if !VERBS.contains(&v.as_str()) {
                    self.report(
                        Code::InvalidValue,
                        format!("permissions[{i}].verbs"),
                        format!("verb `{v}` is not allowed"),
                        Some(one_of(VERBS)),
                        did_you_mean(v, VERBS.iter().copied()),
                    );
                }
            }
            if p.resources.iter().chain(&p.api_groups).any(|r| r == "*") {
                self.report(
                    Code::Security,
                    format!("permissions[{i}]"),
                    "a wildcard grants everything, including what does not exist yet".into(),
                    Some("the resources and API groups the app uses".into()),
                    None,
                );
            }
        }
    }
}
