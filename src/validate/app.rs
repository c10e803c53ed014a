//! Checks of one app: containers, ports, probes, references, workload, exposure, volumes.

use std::collections::{BTreeMap, BTreeSet};

use super::Validator;
use crate::error::Code;
use crate::error::{did_you_mean, one_of};

use crate::model::{App, ExposeType, ServiceAccount, VolumeSource, Workload};

impl Validator<'_> {
    /// Counts the API stores as 32-bit integers: a larger one would be refused by the cluster,
    /// so it is reported here rather than clamped.
    fn counts(&mut self, app: &App) {
        let mut counts = vec![("replicas", app.replicas)];
        if let Some(a) = &app.autoscale {
            counts.extend([
                ("autoscale.min_replicas", a.min_replicas),
                ("autoscale.max_replicas", a.max_replicas),
            ]);
        }
        if let Some(b) = app.disruption_budget {
            counts.push(match b {
                crate::model::DisruptionBudget::MinAvailable(n)
                | crate::model::DisruptionBudget::MaxUnavailable(n) => ("disruption_budget", n),
                crate::model::DisruptionBudget::MinAvailablePercent(p)
                | crate::model::DisruptionBudget::MaxUnavailablePercent(p) => {
                    if p > 100 {
                        self.report(
                            Code::InvalidValue,
                            "disruption_budget",
                            format!("{p}% is more than all the pods"),
                            Some("0 to 100".into()),
                            None,
                        );
                    }
                    ("disruption_budget", 0)
                }
            });
        }
        for (field, n) in counts {
            if i32::try_from(n).is_err() {
                self.report(
                    Code::InvalidValue,
                    field,
                    format!("{field} is {n}, more than Kubernetes can store"),
                    Some(format!("at most {}", i32::MAX)),
                    None,
                );
            }
        }
    }

    fn labels(&mut self, app: &App) {
        let job_annotations = match &app.workload {
            crate::model::Workload::CronJob(c) => Some(&c.job_annotations),
            _ => None,
        };
        let keys = app.annotations.keys().chain(app.pod_annotations.keys());
        for key in keys.chain(job_annotations.into_iter().flat_map(|m| m.keys())) {
            if let Err(why) = super::names::check_qualified_name(key) {
                self.report(
                    Code::InvalidValue,
                    "annotations",
                    format!("annotation key `{key}` is not valid: {why}"),
                    Some("`name` or `prefix/name`".into()),
                    None,
                );
            }
        }
        for (key, value) in &app.labels {
            if let Err(why) = super::names::check_qualified_name(key) {
                self.report(
                    Code::InvalidValue,
                    "labels",
                    format!("label key `{key}` is not valid: {why}"),
                    Some("`name` or `prefix/name`".into()),
                    None,
                );
            }
            if let Err(why) = super::names::check_label_value(value) {
                self.report(
                    Code::InvalidValue,
                    format!("labels.{key}"),
                    format!("label value `{value}` is not valid: {why}"),
                    Some("at most 63 letters, digits, `-`, `_` or `.`".into()),
                    None,
                );
            }
            if key == crate::object::NAME_LABEL {
                self.report(
                    Code::InvalidValue,
                    format!("labels.{key}"),
                    format!("label `{key}` is the pod selector and is set from the app's name"),
                    None,
                    None,
                );
            }
        }
    }

    /// Names as the cluster will see them, prefix and suffix applied: DNS labels of at most
    /// 63 characters, and 52 for StatefulSets and CronJobs, whose controllers append a suffix.
    fn final_names(&mut self, app: &App) {
        let name = self.env.object_name(&app.name);
        let max = match app.workload {
            Workload::StatefulSet | Workload::CronJob(_) => 52,
            _ => 63,
        };
        // An over-long bare name is reported by the name check already.
        if name.len() > max && !(name == app.name && name.len() > 63) {
            self.report(
                Code::InvalidValue,
                "name",
                format!(
                    "`{name}` is {} characters long; a {} name may have at most {max}",
                    name.len(),
                    kind_name(&app.workload)
                ),
                None,
                Some("shorten the app's name or the environment's prefix and suffix".into()),
            );
        }
        let maps = [
            ("annotations", &app.annotations),
            ("pod_annotations", &app.pod_annotations),
            (
                "expose.annotations",
                &app.expose.as_ref().map(|e| e.annotations.clone()).unwrap_or_default(),
            ),
            (
                "ingress.annotations",
                &app.ingress.as_ref().map(|i| i.annotations.clone()).unwrap_or_default(),
            ),
        ];
        for (field, map) in maps {
            let size: usize =
                map.iter().chain(&self.env.annotations).map(|(k, v)| k.len() + v.len()).sum();
            if size > MAX_ANNOTATION_BYTES {
                self.report(
                    Code::InvalidValue,
                    field,
                    format!("the annotations add up to {size} bytes"),
                    Some(format!("at most {MAX_ANNOTATION_BYTES} bytes per object")),
                    None,
                );
            }
        }
        if let Some(i) = &app.ingress
            && i.host.chars().any(|c| c.is_ascii_uppercase())
        {
            self.report(
                Code::InvalidValue,
                "ingress.host",
                format!("host `{}` has capitals", i.host),
                Some("a lowercase host name".into()),
                None,
            );
        }
    }

    pub(super) fn app(&mut self, app: &App) {
        let resolved = crate::template::resolve(&app.config);
        for (field, message) in &resolved.problems {
            self.report(Code::InvalidValue, field.clone(), message.clone(), None, None);
        }
        self.config_data("config", &resolved.data);
        self.configs.push(resolved.data);
        self.counts(app);
        if let Some(ns) = &app.namespace {
            self.dns_label("namespace", "namespace", ns);
        }
        self.labels(app);
        self.app_credentials(app);
        self.dns_label("name", "app name", &app.name);
        self.final_names(app);
        if app.containers.is_empty() {
            self.report(
                Code::Conflict,
                "containers",
                "the app has no containers".into(),
                Some("at least one container".into()),
                None,
            );
        }
        let mut names = BTreeSet::new();
        let mut port_names = BTreeMap::new();
        let mut port_numbers = BTreeMap::new();
        for (i, c) in app.all_containers().enumerate() {
            if !names.insert(c.name.as_str()) {
                self.report(
                    Code::Duplicate,
                    format!("containers[{i}].name"),
                    format!("container `{}` is declared twice", c.name),
                    Some("unique container names within a pod".into()),
                    None,
                );
            }
            for p in &c.ports {
                if let Some(other) = port_names.insert(p.name.as_str(), c.name.as_str()) {
                    self.report(
                        Code::Duplicate,
                        format!("containers[{}].ports", c.name),
                        format!("port name `{}` is also declared by container `{other}`", p.name),
                        Some("unique port names within a pod".into()),
                        None,
                    );
                }
                if let Some(other) = port_numbers.insert(p.number, c.name.as_str()) {
                    self.report(
                        Code::Duplicate,
                        format!("containers[{}].ports", c.name),
                        format!("port number {} is also declared by container `{other}`", p.number),
                        Some("unique port numbers within a pod".into()),
                        None,
                    );
                }
            }
        }
        let declared_ports: Vec<&str> = port_names.keys().copied().collect();
        for c in app.all_containers() {
            self.container(app, c);
        }
        self.workload(app);
        self.rollout(app);
        self.pod(app);
        self.exposure(app, &declared_ports);
        self.services(app, &declared_ports);
        self.ingress_rules(app);
        self.volumes(app);
        self.traffic(app, &declared_ports);
        self.permissions(app);
        self.selector(app);
        for dependency in app.depends_on.iter().map(crate::model::AppRef::name) {
            // Listed only when a name is wrong, so a large stack is not scanned per app.
            if self.env.app(dependency).is_none() || dependency == app.name {
                let apps: Vec<&str> = self.env.apps.iter().map(|a| a.name.as_str()).collect();
                self.report(
                    Code::UnknownReference,
                    "depends_on",
                    format!("app `{dependency}` is not another app of the environment"),
                    Some(one_of(&apps)),
                    did_you_mean(dependency, apps.iter().copied()),
                );
            }
        }
        for (what, at) in &app.trace.misses {
            let outer = self.enter((*at).into());
            self.report(
                Code::UnknownReference,
                "overlay",
                format!("the overlay names {what}, which the app does not have"),
                None,
                None,
            );
            self.at = outer;
        }
        match &app.service_account {
            ServiceAccount::Existing(name) => {
                self.dns_label("service_account", "ServiceAccount", name)
            }
            ServiceAccount::Shared(name) => {
                let declared: Vec<&str> =
                    self.env.service_accounts.iter().map(|a| a.name.as_str()).collect();
                if !declared.contains(&name.name()) {
                    self.report(Code::UnknownReference,
                        "service_account",
                        format!("ServiceAccount `{name}` is not declared by the environment"),
                        Some(one_of(&declared)),
                        Some(format!("add `{}` to `Environment::service_accounts`, the declaration this handle came from", name)),
                    );
                }
            }
            ServiceAccount::Default | ServiceAccount::Own => {}
        }
    }

    pub(super) fn secret_key(&mut self, field: &str, secret: &str, key: Option<&str>) {
        let Some(spec) = self.env.secret(secret) else {
            let names: Vec<&str> = self.env.secrets.iter().map(|s| s.name.as_str()).collect();
            let help = did_you_mean(secret, names.iter().copied()).or_else(|| {
                Some(format!(
                    "add `SecretSpec::new(\"{secret}\", &[…])` to the environment's `secrets`"
                ))
            });
            self.report(
                Code::UnknownReference,
                field,
                format!("Secret `{secret}` is not declared in the environment"),
                Some(one_of(&names)),
                help,
            );
            return;
        };
        if let Some(key) = key
            && !spec.keys.iter().any(|k| k == key)
        {
            let help = did_you_mean(key, spec.keys.iter().map(String::as_str));
            self.report(
                Code::UnknownReference,
                field,
                format!("key `{key}` is not declared by Secret `{secret}`"),
                Some(one_of(&spec.keys)),
                help,
            );
        }
    }

    fn security(&mut self, app: &App) {
        let s = &app.security;
        let pod = app.pod_security();
        if pod.is_relaxed() && s.exception.as_deref().is_none_or(|r| r.trim().is_empty()) {
            self.report(
                Code::Security,
                "security",
                "the app relaxes the restricted security profile without saying why".into(),
                Some("`exception: Some(\"<reason>\")` beside the relaxed settings".into()),
                None,
            );
        }
        let capabilities = [
            ("drop_capabilities", &s.drop_capabilities),
            ("add_capabilities", &s.add_capabilities),
        ];
        for (field, names) in capabilities {
            for name in names {
                let valid = !name.is_empty()
                    && name.len() <= 64
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if !valid {
                    self.report(
                        Code::InvalidValue,
                        format!("security.{field}"),
                        format!("`{name}` is not a capability name"),
                        Some("a name like `NET_BIND_SERVICE` or `ALL`".into()),
                        None,
                    );
                }
            }
        }
        let low: Vec<u16> = app
            .all_containers()
            .flat_map(|c| &c.ports)
            .map(|p| p.number)
            .filter(|n| (1..1024).contains(n))
            .collect();
        if let Some(port) = low.first()
            && !s.bind_low_ports
            && !s.run_as_root
            && !s.image_user
        {
            self.report(Code::Conflict,
                "security.bind_low_ports",
                format!("port {port} is below 1024, which a non-root process cannot listen on"),
                None,
                Some("set `Security::bind_low_ports` (a namespaced sysctl the restricted profile allows), or listen on a port above 1023".into()),
            );
        }
        for (c, p) in app.all_containers().flat_map(|c| c.ports.iter().map(move |p| (c, p))) {
            match p.host_port {
                Some(0) => self.report(
                    Code::InvalidValue,
                    format!("containers[{}].ports[{}].host_port", c.name, p.name),
                    "host port 0 is no port".into(),
                    Some("a port from 1 to 65535, or `None`".into()),
                    None,
                ),
                Some(port) if !s.host_ports => self.report(
                    Code::Security,
                    format!("containers[{}].ports[{}].host_port", c.name, p.name),
                    format!("port `{}` opens port {port} on the node, which the security settings do not allow", p.name),
                    None,
                    Some("set `Security::host_ports` with the app's `exception` (a node agent), or reach the pods through a Service".into()),
                ),
                _ => {}
            }
        }
        for path in &s.writable_paths {
            if !path.starts_with('/') {
                self.report(
                    Code::InvalidValue,
                    "security.writable_paths",
                    format!("writable path `{path}` is not absolute"),
                    Some("a path starting with `/`".into()),
                    None,
                );
            }
        }
        if !s.run_as_root && !s.image_user && (s.run_as_user == 0 || s.run_as_group == 0) {
            self.report(
                Code::Security,
                "security",
                "containers would run as root (UID or GID 0)".into(),
                Some("a non-zero UID and GID".into()),
                Some("if the image needs root, say so: `Security::root(\"<why>\")`".into()),
            );
        }
    }

    fn workload(&mut self, app: &App) {
        self.security(app);
        if let Some(budget) = app.disruption_budget {
            let floor = app.autoscale.as_ref().map_or(app.replicas, |a| a.min_replicas);
            let blocks = match budget {
                crate::model::DisruptionBudget::MinAvailable(n) => n >= floor,
                crate::model::DisruptionBudget::MaxUnavailable(n) => n == 0,
                crate::model::DisruptionBudget::MinAvailablePercent(p) => p >= 100,
                crate::model::DisruptionBudget::MaxUnavailablePercent(p) => p == 0,
            };
            if blocks {
                self.report(Code::Conflict, "disruption_budget", format!("the disruption budget {budget:?} allows no pod of {floor} to be evicted, so node drains would hang"), Some(format!("`MaxUnavailable(1)`, or `MinAvailable(n)` with n < {floor}")), None);
            }
        }
        match &app.workload {
            Workload::StatefulSet if app.expose.is_none() && app.rollout.service_name.is_none() => {
                self.report(
                    Code::Conflict,
                    "expose",
                    "a StatefulSet needs a Service for its pods' network identity".into(),
                    Some("`expose: Some(Expose::headless(…))`, or `rollout.service_name` naming one declared elsewhere".into()),
                    None,
                )
            }
            w if !w.is_replicated()
                && (app.autoscale.is_some()
                    || app.disruption_budget.is_some() && w.runs_to_completion()) =>
            {
                self.report(
                    Code::Conflict,
                    "workload",
                    format!(
                        "a {} cannot have `autoscale`{}",
                        kind_name(w),
                        if w.runs_to_completion() { " or `disruption_budget`" } else { "" }
                    ),
                    Some("a Deployment or StatefulSet".into()),
                    None,
                )
            }
            _ => {}
        }
        if let Some(a) = &app.autoscale {
            if a.min_replicas < 1 || a.min_replicas > a.max_replicas {
                self.report(
                    Code::InvalidValue,
                    "autoscale",
                    format!(
                        "replica range {}..={} is empty or starts at zero",
                        a.min_replicas, a.max_replicas
                    ),
                    Some("1 <= min_replicas <= max_replicas".into()),
                    None,
                );
            }
            if a.cpu_percent.is_none() && a.memory_percent.is_none() {
                self.report(
                    Code::Conflict,
                    "autoscale",
                    "autoscaling has no metric".into(),
                    Some("`cpu_percent` and/or `memory_percent`".into()),
                    None,
                );
            }
            for (metric, set, pick) in
                [("cpu", a.cpu_percent.is_some(), 0), ("memory", a.memory_percent.is_some(), 1)]
            {
                let unset: Vec<&str> = app
                    .containers
                    .iter()
                    .filter(|c| {
                        if pick == 0 {
                            c.resources.requests.cpu.is_none()
                        } else {
                            c.resources.requests.memory.is_none()
                        }
                    })
                    .map(|c| c.name.as_str())
                    .collect();
                if set && !unset.is_empty() {
                    self.report(Code::Conflict, "autoscale", format!("autoscaling on {metric} needs {metric} requests, which container `{}` does not set", unset[0]), Some(format!("`resources.requests.{metric}` on every container")), None);
                }
            }
        }
    }

    /// The ports of one Service: targets an app's containers declare (or, over pods that are
    /// no app's, `None`, a port name or number), unique numbers per protocol, node ports only
    /// where they mean something.
    pub(super) fn expose_ports(
        &mut self,
        at: &str,
        expose: &crate::model::Expose,
        declared: Option<&[&str]>,
    ) {
        let outer = self.enter(expose.at);
        if expose.ports.is_empty() {
            self.report(
                Code::Conflict,
                format!("{at}.ports"),
                "the Service has no ports".into(),
                Some("at least one port".into()),
                None,
            );
        }
        let mut numbers = BTreeSet::new();
        for p in &expose.ports {
            let outer = self.enter(p.at);
            if p.port == 0 {
                self.report(
                    Code::InvalidValue,
                    format!("{at}.ports[{}]", p.target),
                    "Service port 0 is not valid".into(),
                    Some("1 to 65535".into()),
                    None,
                );
            }
            match declared {
                Some(declared) if !declared.contains(&p.target.as_str()) => {
                    let help = did_you_mean(&p.target, declared.iter().copied());
                    self.report(
                        Code::UnknownReference,
                        format!("{at}.ports[{}]", p.target),
                        format!("target port `{}` is not declared by any container", p.target),
                        Some(one_of(declared)),
                        help,
                    );
                }
                None if !matches!(p.target.parse::<u16>(), Ok(1..))
                    && super::names::check_port_name(&p.target).is_err() =>
                {
                    self.report(
                        Code::InvalidValue,
                        format!("{at}.ports[{}]", crate::safe::shown(&p.target)),
                        format!(
                            "target port `{}` is neither a port name nor a number",
                            crate::safe::shown(&p.target)
                        ),
                        Some("a port name like `http`, or 1 to 65535".into()),
                        None,
                    );
                }
                _ => {}
            }
            if let Some(why) =
                p.app_protocol.as_deref().and_then(|a| super::names::check_qualified_name(a).err())
            {
                self.report(
                    Code::InvalidValue,
                    format!("{at}.ports[{}].app_protocol", p.target),
                    format!(
                        "app protocol `{}` is not valid: {why}",
                        p.app_protocol.as_deref().unwrap_or_default()
                    ),
                    Some(
                        "an IANA service name (`https`) or `domain/name` (`kubernetes.io/h2c`)"
                            .into(),
                    ),
                    None,
                );
            }
            // DNS listens on one number over TCP and UDP.
            if !numbers.insert((p.port, p.protocol.map(crate::model::Protocol::as_str))) {
                self.report(
                    Code::Duplicate,
                    format!("{at}.ports[{}]", p.target),
                    format!("Service port {} is used twice", p.port),
                    None,
                    None,
                );
            }
            match (expose.type_, p.node_port) {
                (ExposeType::NodePort | ExposeType::LoadBalancer, Some(n))
                    if !(30000..=32767).contains(&n) =>
                {
                    self.report(
                        Code::InvalidValue,
                        format!("{at}.ports[{}].node_port", p.target),
                        format!("node port {n} is outside the node port range"),
                        Some("30000 to 32767".into()),
                        None,
                    )
                }
                (ExposeType::ClusterIp | ExposeType::Headless, Some(n)) => self.report(
                    Code::Conflict,
                    format!("{at}.ports[{}].node_port", p.target),
                    format!("node port {n} is set on a Service that is not a NodePort"),
                    None,
                    Some("use `Expose::node_port`".into()),
                ),
                _ => {}
            }
            self.at = outer;
        }
        self.at = outer;
    }

    fn exposure(&mut self, app: &App, declared: &[&str]) {
        if let Some(expose) = &app.expose {
            self.expose_ports("expose", expose, Some(declared));
        }
        if let Some(ingress) = &app.ingress {
            let outer = self.enter(ingress.at);
            // A Service targeting an undeclared port is reported once, at the Service: an
            // Ingress naming the port the containers declare is not a second mistake.
            let service_broken = app
                .expose
                .as_ref()
                .is_some_and(|e| e.ports.iter().any(|p| !declared.contains(&p.target.as_str())));
            match &app.expose {
                None => self.report(
                    Code::Conflict,
                    "ingress",
                    "an Ingress needs the app's Service".into(),
                    Some("`expose: Some(…)`".into()),
                    None,
                ),
                Some(e) if e.type_ == ExposeType::Headless => self.report(
                    Code::Conflict,
                    "ingress",
                    "an Ingress cannot route to a headless Service".into(),
                    None,
                    None,
                ),
                Some(e)
                    if e.port(&ingress.port).is_none()
                        && !(service_broken && declared.contains(&ingress.port.as_str())) =>
                {
                    let offered: Vec<&str> = e.ports.iter().map(|p| p.target.as_str()).collect();
                    let help = did_you_mean(&ingress.port, offered.iter().copied());
                    self.report(
                        Code::UnknownReference,
                        "ingress.port",
                        format!("port `{}` is not offered by the app's Service", ingress.port),
                        Some(one_of(&offered)),
                        help,
                    );
                }
                _ => {}
            }
            if !ingress.path.is_empty() && !ingress.path.starts_with('/') {
                self.report(
                    Code::InvalidValue,
                    "ingress.path",
                    format!("path `{}` is not absolute", ingress.path),
                    Some("a path starting with `/`".into()),
                    None,
                );
            }
            self.at = outer;
        }
    }

    fn volumes(&mut self, app: &App) {
        self.volume_sources(app);
        let mut names = BTreeSet::new();
        // A claim template's stand-in carries the template's name on purpose.
        let volumes = app.volumes.iter().filter(|v| v.source != VolumeSource::ClaimTemplate);
        for name in app.storage.iter().map(|s| &s.name).chain(volumes.map(|v| &v.name)) {
            self.dns_label("volumes", "volume name", name);
            if !names.insert(name.as_str()) {
                self.report(
                    Code::Duplicate,
                    "volumes",
                    format!("volume `{name}` is declared twice"),
                    Some("unique names across `storage` and `volumes`".into()),
                    None,
                );
            }
        }
        for s in &app.storage {
            self.label_map(&format!("storage[{}].labels", s.name), &s.labels);
            if !s.size.is_empty()
                && let Err(why) = super::quantity::bytes(&s.size)
            {
                self.report(
                    Code::InvalidValue,
                    format!("storage[{}].size", s.name),
                    format!("size `{}` is not a quantity: {why}", s.size),
                    Some("a quantity like `10Gi`".into()),
                    None,
                );
            }
            if s.size.is_empty() {
                self.report(
                    Code::Conflict,
                    format!("storage[{}].size", s.name),
                    "storage has no size".into(),
                    Some("a quantity like `10Gi`".into()),
                    None,
                );
            }
        }
    }
}

/// The most an object's annotations may hold, keys and values together (Kubernetes' limit).
const MAX_ANNOTATION_BYTES: usize = 256 * 1024;

/// The kind a workload renders as, for messages.
pub(super) fn kind_name(w: &Workload) -> &'static str {
    match w {
        Workload::Deployment => "Deployment",
        Workload::StatefulSet => "StatefulSet",
        Workload::DaemonSet => "DaemonSet",
        Workload::Job(_) => "Job",
        Workload::CronJob(_) => "CronJob",
        Workload::Pod => "Pod",
    }
}
