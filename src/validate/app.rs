//! Checks of one app: containers, ports, probes, references, workload, exposure, volumes.

use std::collections::{BTreeMap, BTreeSet};

use super::Validator;
use super::names::{check_env_name, check_port_name};
use crate::error::{did_you_mean, one_of};

/// Checkov's "image tag is not latest" check; waiving it is how an app allows `latest`.
const LATEST_CHECK: &str = "CKV_K8S_14";

/// Whether an env var name suggests a credential (kube-linter's `env-var-secret`).
fn looks_secret(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    ["SECRET", "PASSWORD", "PASSWD", "TOKEN", "API_KEY", "PRIVATE_KEY", "ACCESS_KEY"]
        .iter()
        .any(|w| upper.contains(w))
}
use crate::model::{
    App, Container, EnvFrom, EnvValue, ExposeType, ImageRef, ProbeAction, ServiceAccount,
    VolumeSource, Workload,
};

impl Validator<'_> {
    fn resources(&mut self, at: &str, c: &Container) {
        let r = &c.resources;
        for (what, request, limit) in [
            ("cpu", &r.requests.cpu, &r.limits.cpu),
            ("memory", &r.requests.memory, &r.limits.memory),
        ] {
            let mut parsed = [None, None];
            for (i, (kind, q)) in [("requests", request), ("limits", limit)].into_iter().enumerate()
            {
                let Some(q) = q else { continue };
                match super::quantity::parse(q) {
                    Ok(v) => parsed[i] = Some(v),
                    Err(why) => self.report(
                        format!("{at}.resources.{kind}.{what}"),
                        format!("quantity `{q}` is not valid: {why}"),
                        Some("a Kubernetes quantity like `250m`, `1`, `512Mi` or `2Gi`".into()),
                        None,
                    ),
                }
            }
            if let [Some(req), Some(lim)] = parsed
                && req > lim
            {
                self.report(
                    format!("{at}.resources"),
                    format!(
                        "{what} request `{}` is more than its limit `{}`",
                        request.as_deref().unwrap_or_default(),
                        limit.as_deref().unwrap_or_default()
                    ),
                    Some(format!("requests.{what} <= limits.{what}")),
                    None,
                );
            }
        }
    }

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
                crate::model::DisruptionBudget::MinAvailable(n) => ("disruption_budget", n),
                crate::model::DisruptionBudget::MaxUnavailable(n) => ("disruption_budget", n),
            });
        }
        for (field, n) in counts {
            if i32::try_from(n).is_err() {
                self.report(
                    field,
                    format!("{field} is {n}, more than Kubernetes can store"),
                    Some(format!("at most {}", i32::MAX)),
                    None,
                );
            }
        }
    }

    pub(super) fn app(&mut self, app: &App) {
        let resolved = crate::template::resolve(&app.config);
        for (field, message) in &resolved.problems {
            self.report(field.clone(), message.clone(), None, None);
        }
        self.configs.push(resolved.data);
        self.counts(app);
        if let Some(ns) = &app.namespace {
            self.dns_label("namespace", "namespace", ns);
        }
        for (key, value) in &app.labels {
            if let Err(why) = super::names::check_qualified_name(key) {
                self.report(
                    "labels",
                    format!("label key `{key}` is not valid: {why}"),
                    Some("`name` or `prefix/name`".into()),
                    None,
                );
            }
            if let Err(why) = super::names::check_label_value(value) {
                self.report(
                    format!("labels.{key}"),
                    format!("label value `{value}` is not valid: {why}"),
                    Some("at most 63 letters, digits, `-`, `_` or `.`".into()),
                    None,
                );
            }
            if key == crate::object::NAME_LABEL {
                self.report(
                    format!("labels.{key}"),
                    format!("label `{key}` is the pod selector and is set from the app's name"),
                    None,
                    None,
                );
            }
        }
        self.dns_label("name", "app name", &app.name);
        if app.containers.is_empty() {
            self.report(
                "containers",
                "the app has no containers".into(),
                Some("at least one container".into()),
                None,
            );
        }
        let mut names = BTreeSet::new();
        let mut port_names = BTreeMap::new();
        let mut port_numbers = BTreeMap::new();
        for (i, c) in app.init_containers.iter().chain(&app.containers).enumerate() {
            if !names.insert(c.name.as_str()) {
                self.report(
                    format!("containers[{i}].name"),
                    format!("container `{}` is declared twice", c.name),
                    Some("unique container names within a pod".into()),
                    None,
                );
            }
            for p in &c.ports {
                if let Some(other) = port_names.insert(p.name.as_str(), c.name.as_str()) {
                    self.report(
                        format!("containers[{}].ports", c.name),
                        format!("port name `{}` is also declared by container `{other}`", p.name),
                        Some("unique port names within a pod".into()),
                        None,
                    );
                }
                if let Some(other) = port_numbers.insert(p.number, c.name.as_str()) {
                    self.report(
                        format!("containers[{}].ports", c.name),
                        format!("port number {} is also declared by container `{other}`", p.number),
                        Some("unique port numbers within a pod".into()),
                        None,
                    );
                }
            }
        }
        let declared_ports: Vec<&str> = port_names.keys().copied().collect();
        for c in app.init_containers.iter().chain(&app.containers) {
            self.container(app, c);
        }
        self.workload(app);
        self.exposure(app, &declared_ports);
        self.volumes(app);
        if let ServiceAccount::Existing(name) = &app.service_account {
            self.dns_label("service_account", "ServiceAccount", name);
        }
    }

    fn container(&mut self, app: &App, c: &Container) {
        let at = format!("containers[{}]", c.name);
        self.dns_label(&format!("{at}.name"), "container name", &c.name);
        match &c.image.reference {
            _ if c.image.repository.is_empty() => self.report(
                format!("{at}.image"),
                "the image has no repository".into(),
                Some("e.g. `Image::tag(\"ghcr.io/acme/api\", \"1.4.2\")`".into()),
                None,
            ),
            ImageRef::Unpinned => self.report(
                format!("{at}.image"),
                format!("image `{}` is not pinned", c.image.repository),
                Some("a tag or a digest".into()),
                Some(format!("use `Image::tag(\"{}\", \"<version>\")`", c.image.repository)),
            ),
            ImageRef::Tag(t) | ImageRef::TagAndDigest(t, _) if t.is_empty() => self.report(
                format!("{at}.image"),
                format!("image `{}` has an empty tag", c.image.repository),
                Some("a tag like `1.4.2`".into()),
                None,
            ),
            ImageRef::Digest(d) | ImageRef::TagAndDigest(_, d) if !d.starts_with("sha256:") => self
                .report(
                    format!("{at}.image"),
                    format!("image digest `{d}` is not a sha256 digest"),
                    Some("`sha256:` followed by 64 hex digits".into()),
                    None,
                ),
            ImageRef::Tag(t) | ImageRef::TagAndDigest(t, _) if t == "latest" && !app.waivers.iter().any(|w| w.check == LATEST_CHECK) => self.report(format!("{at}.image"), format!("image `{}` uses the `latest` tag, which changes under you", c.image), Some("a version tag or a digest".into()), Some(format!("pin a version, or waive it with `Waiver::new(\"{LATEST_CHECK}\", \"<why>\")` on the app"))),
            _ => {}
        }
        for p in &c.ports {
            if let Err(why) = check_port_name(&p.name) {
                self.report(format!("{at}.ports"), format!("port name `{}` is not valid: {why}", p.name), Some("an IANA service name: at most 15 lowercase letters, digits and `-`, with at least one letter".into()), None);
            }
            if p.number == 0 {
                self.report(
                    format!("{at}.ports[{}]", p.name),
                    "port number 0 is not valid".into(),
                    Some("1 to 65535".into()),
                    None,
                );
            }
        }
        let own: Vec<&str> = c.ports.iter().map(|p| p.name.as_str()).collect();
        for (kind, probe) in [
            ("liveness", &c.probes.liveness),
            ("readiness", &c.probes.readiness),
            ("startup", &c.probes.startup),
        ] {
            let Some(probe) = probe else { continue };
            match &probe.action {
                ProbeAction::Http { port, .. } | ProbeAction::Tcp { port }
                    if c.port(port).is_none() =>
                {
                    let help = did_you_mean(port, own.iter().copied());
                    self.report(
                        format!("{at}.probes.{kind}.port"),
                        format!("probe port `{port}` is not declared by container `{}`", c.name),
                        Some(one_of(&own)),
                        help,
                    );
                }
                ProbeAction::Exec { command } if command.is_empty() => {
                    self.report(
                        format!("{at}.probes.{kind}"),
                        "exec probe has an empty command".into(),
                        Some("a command and its arguments".into()),
                        None,
                    );
                }
                _ => {}
            }
        }
        for (name, value) in &c.env.0 {
            if let Err(why) = check_env_name(name) {
                self.report(
                    format!("{at}.env"),
                    format!("environment variable name `{name}` is not valid: {why}"),
                    Some("letters, digits, `_`, `-` and `.`, not starting with a digit".into()),
                    None,
                );
            }
            match value {
                EnvValue::Config(key) if !app.config.contains(key) => {
                    let keys = app.config.keys();
                    let help =
                        did_you_mean(key, keys.iter().map(String::as_str));
                    self.report(
                        format!("{at}.env.{name}"),
                        format!("config key `{key}` is not in the app's config"),
                        Some(one_of(&keys)),
                        help,
                    );
                }
                EnvValue::Secret(r) => {
                    self.secret_key(&format!("{at}.env.{name}"), &r.secret, Some(&r.key))
                }
                EnvValue::Literal(v) if looks_secret(name) && !v.is_empty() => self.report(
                    format!("{at}.env.{name}"),
                    format!("`{name}` looks like a credential but has a literal value, which would be committed to git"),
                    Some("a Secret key reference".into()),
                    Some(format!("declare a `SecretSpec` and set `{name}` to `spec.key(\"{name}\")`")),
                ),
                _ => {}
            }
        }
        for from in &c.env_from {
            match from {
                EnvFrom::Config if app.config.is_empty() => self.report(
                    format!("{at}.env_from"),
                    "`EnvFrom::Config` refers to the app's config, which is empty".into(),
                    Some("config keys in `App::config`".into()),
                    None,
                ),
                EnvFrom::Secret(name) => self.secret_key(&format!("{at}.env_from"), name, None),
                EnvFrom::Config => {}
            }
        }
        self.resources(&at, c);
        for m in &c.mounts {
            let known = app
                .volumes
                .iter()
                .map(|v| v.name.as_str())
                .chain(app.storage.iter().map(|s| s.name.as_str()));
            let known: Vec<&str> = known.collect();
            if !known.contains(&m.volume.as_str()) {
                let help = did_you_mean(&m.volume, known.iter().copied());
                self.report(
                    format!("{at}.mounts"),
                    format!("volume `{}` is not declared by the app", m.volume),
                    Some(one_of(&known)),
                    help,
                );
            }
            if !m.path.starts_with('/') {
                self.report(
                    format!("{at}.mounts[{}].path", m.volume),
                    format!("mount path `{}` is not absolute", m.path),
                    Some("a path starting with `/`".into()),
                    None,
                );
            }
        }
    }

    fn secret_key(&mut self, field: &str, secret: &str, key: Option<&str>) {
        let Some(spec) = self.env.secret(secret) else {
            let names: Vec<&str> = self.env.secrets.iter().map(|s| s.name.as_str()).collect();
            let help = did_you_mean(secret, names.iter().copied()).or_else(|| {
                Some(format!(
                    "add `SecretSpec::new(\"{secret}\", &[…])` to the environment's `secrets`"
                ))
            });
            self.report(
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
                field,
                format!("key `{key}` is not declared by Secret `{secret}`"),
                Some(one_of(&spec.keys)),
                help,
            );
        }
    }

    fn security(&mut self, app: &App) {
        let s = &app.security;
        if s.is_relaxed() && s.exception.as_deref().is_none_or(|r| r.trim().is_empty()) {
            self.report(
                "security",
                "the app relaxes the restricted security profile without saying why".into(),
                Some("`exception: Some(\"<reason>\")` beside the relaxed settings".into()),
                None,
            );
        }
        for path in &s.writable_paths {
            if !path.starts_with('/') {
                self.report(
                    "security.writable_paths",
                    format!("writable path `{path}` is not absolute"),
                    Some("a path starting with `/`".into()),
                    None,
                );
            }
        }
        if s.run_as_user == 0 || s.run_as_group == 0 {
            self.report(
                "security",
                "containers would run as root (UID or GID 0)".into(),
                Some("a non-zero UID and GID".into()),
                None,
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
            };
            if blocks {
                self.report("disruption_budget", format!("the disruption budget {budget:?} allows no pod of {floor} to be evicted, so node drains would hang"), Some(format!("`MaxUnavailable(1)`, or `MinAvailable(n)` with n < {floor}")), None);
            }
        }
        match &app.workload {
            Workload::StatefulSet if app.expose.is_none() => self.report(
                "expose",
                "a StatefulSet needs a Service for its pods' network identity".into(),
                Some("`expose: Some(Expose::headless(…))`".into()),
                None,
            ),
            Workload::Job(_) if app.autoscale.is_some() || app.disruption_budget.is_some() => self
                .report(
                    "workload",
                    "a Job cannot have `autoscale` or `disruption_budget`".into(),
                    Some("a Deployment or StatefulSet".into()),
                    None,
                ),
            _ => {}
        }
        if let Some(a) = &app.autoscale {
            if a.min_replicas < 1 || a.min_replicas > a.max_replicas {
                self.report(
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
                    self.report("autoscale", format!("autoscaling on {metric} needs {metric} requests, which container `{}` does not set", unset[0]), Some(format!("`resources.requests.{metric}` on every container")), None);
                }
            }
        }
    }

    fn exposure(&mut self, app: &App, declared: &[&str]) {
        if let Some(expose) = &app.expose {
            if expose.ports.is_empty() {
                self.report(
                    "expose.ports",
                    "the Service has no ports".into(),
                    Some("at least one port".into()),
                    None,
                );
            }
            let mut numbers = BTreeSet::new();
            for p in &expose.ports {
                if !declared.contains(&p.target.as_str()) {
                    let help = did_you_mean(&p.target, declared.iter().copied());
                    self.report(
                        format!("expose.ports[{}]", p.target),
                        format!("target port `{}` is not declared by any container", p.target),
                        Some(one_of(declared)),
                        help,
                    );
                }
                if !numbers.insert(p.port) {
                    self.report(
                        format!("expose.ports[{}]", p.target),
                        format!("Service port {} is used twice", p.port),
                        None,
                        None,
                    );
                }
                match (expose.type_, p.node_port) {
                    (ExposeType::NodePort, Some(n)) if !(30000..=32767).contains(&n) => self
                        .report(
                            format!("expose.ports[{}].node_port", p.target),
                            format!("node port {n} is outside the node port range"),
                            Some("30000 to 32767".into()),
                            None,
                        ),
                    (ExposeType::ClusterIp | ExposeType::Headless, Some(n)) => self.report(
                        format!("expose.ports[{}].node_port", p.target),
                        format!("node port {n} is set on a Service that is not a NodePort"),
                        None,
                        Some("use `Expose::node_port`".into()),
                    ),
                    _ => {}
                }
            }
        }
        if let Some(ingress) = &app.ingress {
            match &app.expose {
                None => self.report(
                    "ingress",
                    "an Ingress needs the app's Service".into(),
                    Some("`expose: Some(…)`".into()),
                    None,
                ),
                Some(e) if e.type_ == ExposeType::Headless => self.report(
                    "ingress",
                    "an Ingress cannot route to a headless Service".into(),
                    None,
                    None,
                ),
                Some(e) if e.port(&ingress.port).is_none() => {
                    let offered: Vec<&str> = e.ports.iter().map(|p| p.target.as_str()).collect();
                    let help = did_you_mean(&ingress.port, offered.iter().copied());
                    self.report(
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
                    "ingress.path",
                    format!("path `{}` is not absolute", ingress.path),
                    Some("a path starting with `/`".into()),
                    None,
                );
            }
        }
    }

    fn volumes(&mut self, app: &App) {
        let mut names = BTreeSet::new();
        for name in app.storage.iter().map(|s| &s.name).chain(app.volumes.iter().map(|v| &v.name)) {
            self.dns_label("volumes", "volume name", name);
            if !names.insert(name.as_str()) {
                self.report(
                    "volumes",
                    format!("volume `{name}` is declared twice"),
                    Some("unique names across `storage` and `volumes`".into()),
                    None,
                );
            }
        }
        for s in &app.storage {
            if s.size.is_empty() {
                self.report(
                    format!("storage[{}].size", s.name),
                    "storage has no size".into(),
                    Some("a quantity like `10Gi`".into()),
                    None,
                );
            }
        }
        for v in &app.volumes {
            match &v.source {
                VolumeSource::Config if app.config.is_empty() => self.report(
                    format!("volumes[{}]", v.name),
                    "volume mounts the app's config, which is empty".into(),
                    None,
                    None,
                ),
                VolumeSource::Secret(name) => {
                    self.secret_key(&format!("volumes[{}]", v.name), name, None)
                }
                _ => {}
            }
        }
    }
}
