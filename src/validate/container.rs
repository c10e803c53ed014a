//! Checks of one container: image, ports, probes, env, resources and mounts.

use super::Validator;
use super::names::{check_env_name, check_port_name};
use crate::error::Code;
use crate::error::{did_you_mean, one_of};
use crate::model::{App, Container, EnvFrom, EnvValue, Handler, ImageRef, ProbeAction};

/// Checkov's "image tag is not latest" check; waiving it is how an app allows `latest`.
pub(super) const LATEST_CHECK: &str = "CKV_K8S_14";

/// A pinned image reference as an image file spells it: `TAG`, `sha256:…` or `TAG@sha256:…`.
fn reference(r: &ImageRef) -> String {
    match r {
        ImageRef::Tag(t) | ImageRef::Digest(t) => t.clone(),
        ImageRef::TagAndDigest(t, d) => format!("{t}@{d}"),
        ImageRef::Unpinned => String::new(),
    }
}

impl Validator<'_> {
    /// A reference to a shared ConfigMap (and one of its keys): declared, key present. Returns
    /// the ConfigMap's keys when it is declared.
    pub(super) fn shared_config(
        &mut self,
        field: &str,
        name: &str,
        key: Option<&str>,
    ) -> Option<Vec<String>> {
        let names: Vec<&str> = self.env.configs.iter().map(|c| c.name.as_str()).collect();
        let Some(i) = names.iter().position(|n| *n == name) else {
            self.report(
                Code::UnknownReference,
                field,
                format!("config `{name}` is not declared by the environment"),
                Some(one_of(&names)),
                did_you_mean(name, names.iter().copied()),
            );
            return None;
        };
        let keys: Vec<String> =
            self.shared.get(i).map(|d| d.keys().cloned().collect()).unwrap_or_default();
        if let Some(key) = key
            && !keys.iter().any(|k| k == key)
        {
            self.report(
                Code::UnknownReference,
                field,
                format!("key `{key}` is not in config `{name}`"),
                Some(one_of(&keys)),
                did_you_mean(key, keys.iter().map(String::as_str)),
            );
        }
        Some(keys)
    }

    fn resource_ref(
        &mut self,
        app: &App,
        field: &str,
        c: &Container,
        r: &crate::model::ResourceRef,
    ) {
        const RESOURCES: &[&str] = &[
            "limits.cpu",
            "limits.memory",
            "limits.ephemeral-storage",
            "requests.cpu",
            "requests.memory",
            "requests.ephemeral-storage",
        ];
        if !RESOURCES.contains(&r.resource.as_str()) {
            self.report(
                Code::InvalidValue,
                field,
                format!("`{}` is not a resource a variable can read", r.resource),
                Some(one_of(RESOURCES)),
                did_you_mean(&r.resource, RESOURCES.iter().copied()),
            );
        }
        let target = r.container.as_deref().unwrap_or(&c.name);
        if app.all_containers().all(|other| other.name != target) {
            self.report(
                Code::UnknownReference,
                field,
                format!("container `{target}` is not in the app"),
                None,
                None,
            );
        }
        if let Some(d) = &r.divisor
            && super::quantity::parse(d).is_err()
        {
            self.report(
                Code::InvalidValue,
                field,
                format!("divisor `{d}` is not a quantity"),
                Some("e.g. `1Mi` or `1m`".into()),
                None,
            );
        }
    }

    pub(super) fn container(&mut self, app: &App, c: &Container) {
        let at = format!("containers[{}]", c.name);
        self.dns_label(&format!("{at}.name"), "container name", &c.name);
        self.image(app, &at, c);
        self.ports(&at, c);
        self.probes(&at, c);
        self.probe_details(&at, c);
        self.env(app, &at, c);
        self.resources(&at, c);
        self.mounts(app, &at, c);
        self.container_security(app, &at, c);
    }

    /// A container's own user and group: real IDs, and root only where the app says why
    /// (the exception itself is checked with the app's settings).
    fn container_security(&mut self, app: &App, at: &str, c: &Container) {
        let ids =
            [("run_as_user", c.security.run_as_user), ("run_as_group", c.security.run_as_group)];
        for (field, id) in ids {
            if let Some(id) = id.filter(|id| *id < 0) {
                self.report(
                    Code::InvalidValue,
                    format!("{at}.security.{field}"),
                    format!("`{id}` is not a user or group ID"),
                    Some("a number from 0 up".into()),
                    None,
                );
            }
        }
        let root_user = c.security.run_as_user == Some(0)
            || (c.security.run_as_user.is_none() && app.security.run_as_root);
        if c.security.run_as_group == Some(0) && !root_user {
            self.report(
                Code::Security,
                format!("{at}.security.run_as_group"),
                "the container would run with the root group (GID 0)".into(),
                Some("a non-zero GID".into()),
                Some(
                    "if it needs root, say so: `run_as_user: Some(0)` with the app's `exception`"
                        .into(),
                ),
            );
        }
    }

    fn image(&mut self, app: &App, at: &str, c: &Container) {
        // An explicit exception (with its reason, checked with the rest of `Security`).
        if app.security.unpinned_images && !c.image.repository.is_empty() {
            return;
        }
        match &c.image.reference {
            _ if c.image.repository.is_empty() => self.report(Code::InvalidValue,
                format!("{at}.image"),
                "the image has no repository".into(),
                Some("e.g. `Image::tag(\"ghcr.io/acme/api\", \"1.4.2\")`".into()),
                None,
            ),
            ImageRef::Unpinned => self.report(Code::InvalidValue,
                format!("{at}.image"),
                format!("image `{}` is not pinned", c.image.repository),
                Some("a tag or a digest".into()),
                Some(format!("use `Image::tag(\"{}\", \"<version>\")`", c.image.repository)),
            ),
            ImageRef::Tag(t) | ImageRef::TagAndDigest(t, _) if t.is_empty() => self.report(Code::InvalidValue,
                format!("{at}.image"),
                format!("image `{}` has an empty tag", c.image.repository),
                Some("a tag like `1.4.2`".into()),
                None,
            ),
            // The OCI grammar `set-image` and image files are held to, so code and data agree.
            r if let Err(why) = crate::load::images::check_repository(&c.image.repository)
                .and_then(|()| crate::load::images::check_reference(&reference(r))) =>
            {
                self.report(Code::InvalidValue,
                    format!("{at}.image"),
                    format!("image `{}` is not a valid reference: {why}", c.image),
                    Some("a tag, `sha256:` and 64 hex digits, or both".into()),
                    None,
                )
            }
            ImageRef::Tag(t) | ImageRef::TagAndDigest(t, _) if t == "latest" && !app.waivers.iter().any(|w| w.covers(LATEST_CHECK)) => self.report(Code::InvalidValue, format!("{at}.image"), format!("image `{}` uses the `latest` tag, which changes under you", c.image), Some("a version tag or a digest".into()), Some(format!("pin a version, or waive it with `Waiver::new(\"{LATEST_CHECK}\", \"<why>\")` on the app"))),
            _ => {}
        }
    }

    fn ports(&mut self, at: &str, c: &Container) {
        for p in &c.ports {
            if let Err(why) = check_port_name(&p.name) {
                self.report(Code::InvalidValue, format!("{at}.ports"), format!("port name `{}` is not valid: {why}", p.name), Some("an IANA service name: at most 15 lowercase letters, digits and `-`, with at least one letter".into()), None);
            }
            if p.number == 0 {
                self.report(
                    Code::InvalidValue,
                    format!("{at}.ports[{}]", p.name),
                    "port number 0 is not valid".into(),
                    Some("1 to 65535".into()),
                    None,
                );
            }
        }
    }

    fn probes(&mut self, at: &str, c: &Container) {
        let own: Vec<&str> = c.ports.iter().map(|p| p.name.as_str()).collect();
        for (kind, probe) in [
            ("liveness", &c.probes.liveness),
            ("readiness", &c.probes.readiness),
            ("startup", &c.probes.startup),
        ] {
            let Some(probe) = probe else { continue };
            let outer = self.enter(probe.at);
            match &probe.action {
                ProbeAction::Http { port, .. }
                | ProbeAction::Tcp { port }
                | ProbeAction::Grpc { port, .. }
                    if c.port(port).is_none() && port.parse::<u16>().is_err() =>
                {
                    let help = did_you_mean(port, own.iter().copied());
                    self.report(
                        Code::UnknownReference,
                        format!("{at}.probes.{kind}.port"),
                        format!("probe port `{port}` is not declared by container `{}`", c.name),
                        Some(one_of(&own)),
                        help,
                    );
                }
                ProbeAction::Exec { command } if command.is_empty() => {
                    self.report(
                        Code::InvalidValue,
                        format!("{at}.probes.{kind}"),
                        "exec probe has an empty command".into(),
                        Some("a command and its arguments".into()),
                        None,
                    );
                }
                _ => {}
            }
            self.at = outer;
        }
    }

    /// Probe details beyond the port: header names, thresholds Kubernetes fixes at 1.
    fn probe_details(&mut self, at: &str, c: &Container) {
        for (kind, probe) in [
            ("liveness", &c.probes.liveness),
            ("readiness", &c.probes.readiness),
            ("startup", &c.probes.startup),
        ] {
            let Some(probe) = probe else { continue };
            let outer = self.enter(probe.at);
            if kind == "readiness" && probe.termination_grace_period_seconds.is_some() {
                self.report(
                    Code::Conflict,
                    format!("{at}.probes.{kind}.termination_grace_period_seconds"),
                    "a readiness probe never stops the container, so it has no grace period".into(),
                    Some("a liveness or startup probe".into()),
                    None,
                );
            }
            if probe.termination_grace_period_seconds.is_some_and(|s| s < 1) {
                self.report(
                    Code::InvalidValue,
                    format!("{at}.probes.{kind}.termination_grace_period_seconds"),
                    "a grace period below 1 second".into(),
                    Some("1 or more".into()),
                    None,
                );
            }
            if kind != "readiness" && probe.success_threshold.is_some_and(|n| n != 1) {
                self.report(
                    Code::Conflict,
                    format!("{at}.probes.{kind}.success_threshold"),
                    format!("a {kind} probe's success threshold must be 1"),
                    Some("1, or leave it unset".into()),
                    None,
                );
            }
            for (field, v) in [
                ("period_seconds", probe.period_seconds),
                ("timeout_seconds", probe.timeout_seconds),
                ("failure_threshold", probe.failure_threshold),
                ("success_threshold", probe.success_threshold),
            ] {
                if v.is_some_and(|v| v < 1) {
                    self.report(
                        Code::InvalidValue,
                        format!("{at}.probes.{kind}.{field}"),
                        format!("{field} is {}", v.unwrap_or_default()),
                        Some("1 or more".into()),
                        None,
                    );
                }
            }
            if let ProbeAction::Http { headers, path, .. } = &probe.action {
                if !path.starts_with('/') {
                    self.report(
                        Code::InvalidValue,
                        format!("{at}.probes.{kind}"),
                        format!("path `{path}` is not absolute"),
                        Some("a path starting with `/`".into()),
                        None,
                    );
                }
                for (name, _) in headers {
                    if name.is_empty()
                        || !name
                            .chars()
                            .all(|ch| ch.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(ch))
                    {
                        self.report(
                            Code::InvalidValue,
                            format!("{at}.probes.{kind}"),
                            format!("`{name}` is not an HTTP header name"),
                            None,
                            None,
                        );
                    }
                }
            }
            self.at = outer;
        }
        for (hook, handler) in [("pre_stop", &c.pre_stop), ("post_start", &c.post_start)] {
            match handler {
                Some(Handler::Exec(command)) if command.is_empty() => self.report(
                    Code::InvalidValue,
                    format!("{at}.{hook}"),
                    "the hook's command is empty".into(),
                    Some("a command and its arguments".into()),
                    None,
                ),
                Some(Handler::Http { port, .. }) if c.port(port).is_none() => self.report(
                    Code::UnknownReference,
                    format!("{at}.{hook}"),
                    format!("hook port `{port}` is not declared by container `{}`", c.name),
                    None,
                    None,
                ),
                Some(Handler::Sleep(seconds)) if *seconds < 1 => self.report(
                    Code::InvalidValue,
                    format!("{at}.{hook}"),
                    format!("a sleep of {seconds} seconds"),
                    Some("1 or more seconds".into()),
                    None,
                ),
                _ => {}
            }
        }
        if c.working_dir.as_deref().is_some_and(|d| !d.starts_with('/')) {
            self.report(
                Code::InvalidValue,
                format!("{at}.working_dir"),
                "the working directory is not absolute".into(),
                Some("a path starting with `/`".into()),
                None,
            );
        }
    }

    fn env(&mut self, app: &App, at: &str, c: &Container) {
        for (name, value, origin) in c.env.located() {
            let outer = self.enter(origin);
            if let Err(why) = check_env_name(name) {
                self.report(
                    Code::InvalidValue,
                    format!("{at}.env"),
                    format!("environment variable name `{name}` is not valid: {why}"),
                    Some("letters, digits, `_`, `-` and `.`, not starting with a digit".into()),
                    None,
                );
            }
            match value {
                // The app's config as validation resolved it: env files parsed once.
                EnvValue::Config(key)
                    if !self.configs.last().is_some_and(|c| c.contains_key(key)) =>
                {
                    let keys: Vec<String> = self
                        .configs
                        .last()
                        .map(|c| c.keys().cloned().collect())
                        .unwrap_or_default();
                    let help = did_you_mean(key, keys.iter().map(String::as_str));
                    self.report(
                        Code::UnknownReference,
                        format!("{at}.env.{name}"),
                        format!("config key `{key}` is not in the app's config"),
                        Some(one_of(&keys)),
                        help,
                    );
                }
                EnvValue::Secret(r) => {
                    let inner = self.enter(r.at);
                    self.secret_key(&format!("{at}.env.{name}"), &r.secret, Some(&r.key));
                    self.at = inner;
                }
                EnvValue::SharedConfig(r) => {
                    let inner = self.enter(r.at);
                    // An optional key may be missing: the variable is then unset.
                    let key = (!r.optional).then_some(r.key.as_str());
                    self.shared_config(&format!("{at}.env.{name}"), &r.config, key);
                    self.at = inner;
                }
                EnvValue::Resource(r) => self.resource_ref(app, &format!("{at}.env.{name}"), c, r),
                _ => {}
            }
            self.at = outer;
        }
        for from in &c.env_from {
            let (source, prefix, _) = from.parts();
            if let Some(prefix) = prefix
                && check_env_name(prefix).is_err()
            {
                self.report(
                    Code::Conflict,
                    format!("{at}.env_from"),
                    format!("prefix `{prefix}` would not make valid variable names"),
                    Some("letters, digits and `_`, not starting with a digit".into()),
                    None,
                );
            }
            match source {
                EnvFrom::Config if app.config.is_empty() => self.report(
                    Code::UnknownReference,
                    format!("{at}.env_from"),
                    "`EnvFrom::Config` refers to the app's config, which is empty".into(),
                    Some("config keys in `App::config`".into()),
                    None,
                ),
                EnvFrom::Secret(name) => self.secret_key(&format!("{at}.env_from"), name, None),
                EnvFrom::Shared(name) => {
                    self.shared_config(&format!("{at}.env_from"), name.name(), None);
                }
                _ => {}
            }
        }
    }

    fn mounts(&mut self, app: &App, at: &str, c: &Container) {
        for m in &c.mounts {
            let outer = self.enter(m.at);
            let known = app
                .volumes
                .iter()
                .map(|v| v.name.as_str())
                .chain(app.storage.iter().map(|s| s.name.as_str()));
            let known: Vec<&str> = known.collect();
            if !known.contains(&m.volume.as_str()) {
                let help = did_you_mean(&m.volume, known.iter().copied());
                self.report(
                    Code::UnknownReference,
                    format!("{at}.mounts"),
                    format!("volume `{}` is not declared by the app", m.volume),
                    Some(one_of(&known)),
                    help,
                );
            }
            if !m.path.starts_with('/') {
                self.report(
                    Code::InvalidValue,
                    format!("{at}.mounts[{}].path", m.volume),
                    format!("mount path `{}` is not absolute", m.path),
                    Some("a path starting with `/`".into()),
                    None,
                );
            }
            // Bidirectional propagation reaches the host's mounts from the container, which
            // Kubernetes allows only in a privileged one, and the model has none.
            const PROPAGATION: [&str; 2] = ["None", "HostToContainer"];
            if let Some(p) = &m.propagation
                && !PROPAGATION.contains(&p.as_str())
            {
                self.report(
                    Code::InvalidValue,
                    format!("{at}.mounts[{}].propagation", m.volume),
                    format!("mount propagation `{p}` is not one an unprivileged container may use"),
                    Some(one_of(&PROPAGATION)),
                    did_you_mean(p, PROPAGATION),
                );
            }
            if m.sub_path.is_some() && m.sub_path_expr.is_some() {
                self.report(
                    Code::InvalidValue,
                    format!("{at}.mounts[{}]", m.volume),
                    "a mount with both `sub_path` and `sub_path_expr`".to_owned(),
                    Some("one of them".into()),
                    None,
                );
            }
            self.at = outer;
        }
    }

    fn resources(&mut self, at: &str, c: &Container) {
        for (resource, restart) in &c.resize_policy {
            let field = format!("{at}.resize_policy");
            self.known(&field, &Some(resource.clone()), &["cpu", "memory"]);
            self.known(&field, &Some(restart.clone()), &["NotRequired", "RestartContainer"]);
        }
        let r = &c.resources;
        for (kind, compute) in [("requests", &r.requests), ("limits", &r.limits)] {
            if let Some(q) = &compute.ephemeral_storage
                && let Err(why) = super::quantity::bytes(q)
            {
                self.report(
                    Code::InvalidValue,
                    format!("{at}.resources.{kind}.ephemeral_storage"),
                    format!("quantity `{q}` is not valid: {why}"),
                    Some("a quantity like `1Gi`".into()),
                    None,
                );
            }
            for (name, q) in &compute.extended {
                if !name.contains('/') || super::names::check_qualified_name(name).is_err() {
                    self.report(
                        Code::InvalidValue,
                        format!("{at}.resources.{kind}"),
                        format!("`{name}` is not an extended resource name"),
                        Some("a qualified name such as `nvidia.com/gpu`".into()),
                        None,
                    );
                }
                if q.is_empty() || !q.chars().all(|ch| ch.is_ascii_digit()) {
                    self.report(
                        Code::InvalidValue,
                        format!("{at}.resources.{kind}.{name}"),
                        format!("`{q}` is not a whole number"),
                        Some("extended resources are counted in whole units".into()),
                        None,
                    );
                }
            }
        }
        for (name, q) in &r.requests.extended {
            if r.limits.extended.get(name) != Some(q) {
                self.report(
                    Code::Conflict,
                    format!("{at}.resources"),
                    format!("extended resource `{name}` is requested without an equal limit"),
                    Some("`requests` and `limits` equal for extended resources".into()),
                    None,
                );
            }
        }
        for (what, request, limit) in [
            ("cpu", &r.requests.cpu, &r.limits.cpu),
            ("memory", &r.requests.memory, &r.limits.memory),
        ] {
            let mut parsed = [None, None];
            for (i, (kind, q)) in [("requests", request), ("limits", limit)].into_iter().enumerate()
            {
                let Some(q) = q else { continue };
                match if what == "memory" {
                    super::quantity::bytes(q)
                } else {
                    super::quantity::parse(q)
                } {
                    Ok(v) => parsed[i] = Some(v),
                    Err(why) => self.report(
                        Code::InvalidValue,
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
                    Code::InvalidValue,
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
}
