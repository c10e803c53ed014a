//! One app as Compose services: its main container, and a service per init container that the
//! main one waits for.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::{runs_once, units};
use crate::error::Diagnostic;
use crate::model::{
    App, Container, EnvFrom, EnvValue, Environment, ExposeType, FileSource, ImageOverride,
    ProbeAction, RestartPolicy, VolumeSource, Workload,
};
use crate::validate::Resolved;

/// What the services of one environment share while they are built.
pub(super) struct Context<'a> {
    env: &'a Environment,
    resolved: &'a Resolved,
    images: &'a [ImageOverride],
    pub(super) problems: Vec<Diagnostic>,
    pub(super) left_out: Vec<String>,
    pub(super) volumes: Map<String, Value>,
    pub(super) configs: Map<String, Value>,
    pub(super) files: BTreeMap<String, String>,
    /// Host ports already published, by the app publishing them.
    published: BTreeMap<u16, String>,
}

impl<'a> Context<'a> {
    pub(super) fn new(
        env: &'a Environment,
        resolved: &'a Resolved,
        images: &'a [ImageOverride],
    ) -> Context<'a> {
        Context {
            env,
            resolved,
            images,
            problems: Vec::new(),
            left_out: Vec::new(),
            volumes: Map::new(),
            configs: Map::new(),
            files: BTreeMap::new(),
            published: BTreeMap::new(),
        }
    }

    fn error(&mut self, object: String, field: &str, message: String, help: Option<&str>) {
        self.problems.push(Diagnostic {
            target: self.env.name.clone(),
            object,
            field: field.into(),
            message,
            expected: None,
            help: help.map(str::to_owned),
        });
    }

    /// What the environment declares beyond its apps.
    pub(super) fn environment_checks(&mut self) {
        let env = self.env;
        if !env.raw.is_empty() {
            self.error(
                "environment".into(),
                "raw",
                "raw Kubernetes YAML has no Compose meaning".into(),
                Some("include it in a Kubernetes environment"),
            );
        }
        if !env.patches.is_empty() {
            self.error(
                "environment".into(),
                "patches",
                "patches edit Kubernetes objects, which a Compose target does not render".into(),
                None,
            );
        }
        for external in &env.external_services {
            self.error(
                format!("external service `{}`", external.name),
                "external_services",
                "Compose cannot alias a name to an outside host".into(),
                Some("give the apps the outside host name in their config"),
            );
        }
        for policy in &env.policies {
            self.left_out.push(format!(
                "NetworkPolicy `{}` (Compose puts every service on one network)",
                policy.name
            ));
        }
        for account in &env.service_accounts {
            self.left_out.push(format!("ServiceAccount `{}`", account.name));
        }
    }

    /// The services of `app` (the `i`th app), added to `services`.
    pub(super) fn app(&mut self, i: usize, app: &App, services: &mut Map<String, Value>) {
        let object = format!("app `{}`", app.name);
        self.unsupported(&object, app);
        let [main] = app.containers.as_slice() else {
            self.error(
                object,
                "containers",
                format!(
                    "the app has {} containers; Compose runs one per service",
                    app.containers.len()
                ),
                Some("split the others into apps of their own"),
            );
            return;
        };
        let name = self.env.object_name(&app.name);
        let mut waits = Vec::new();
        for init in &app.init_containers {
            let init_name = format!("{name}-{}", init.name);
            let mut service = self.container(i, app, init);
            service.insert("restart".into(), json!("no"));
            services.insert(init_name.clone(), Value::Object(service));
            waits.push((init_name, "service_completed_successfully"));
        }
        let mut service = self.container(i, app, main);
        self.ports(app, &object, &mut service);
        let health = self.healthcheck(app, main);
        for dependency in &app.depends_on {
            match self.env.app(dependency) {
                Some(other) => {
                    let condition = if runs_once(&other.workload) {
                        "service_completed_successfully"
                    } else if self.has_health(other) {
                        "service_healthy"
                    } else {
                        "service_started"
                    };
                    waits.push((self.env.object_name(dependency), condition));
                }
                None => {
                    let names: Vec<&str> = self.env.apps.iter().map(|a| a.name.as_str()).collect();
                    let help = crate::error::did_you_mean(dependency, names.iter().copied());
                    self.error(
                        object.clone(),
                        "depends_on",
                        format!("app `{dependency}` is not in the environment"),
                        help.as_deref(),
                    );
                }
            }
        }
        if !waits.is_empty() {
            let map: Map<String, Value> =
                waits.into_iter().map(|(n, c)| (n, json!({ "condition": c }))).collect();
            service.insert("depends_on".into(), Value::Object(map));
        }
        if let Some(health) = health {
            service.insert("healthcheck".into(), health);
        }
        service.insert("restart".into(), json!(restart(&app.workload)));
        if let Some(deploy) = self.deploy(app, main) {
            service.insert("deploy".into(), deploy);
        }
        services.insert(name, Value::Object(service));
    }

    /// What Compose cannot run (an error) or has no meaning for (listed).
    fn unsupported(&mut self, object: &str, app: &App) {
        match &app.workload {
            Workload::CronJob(_) => self.error(
                object.into(),
                "workload",
                "Compose has no schedule for a CronJob".into(),
                Some("run it from the host's cron, or leave it to a Kubernetes environment"),
            ),
            Workload::DaemonSet => self.error(
                object.into(),
                "workload",
                "Compose has no nodes to run a DaemonSet on".into(),
                None,
            ),
            _ => {}
        }
        if !app.sidecars.is_empty() {
            self.error(
                object.into(),
                "sidecars",
                "a sidecar shares the pod's network, which Compose services do not".into(),
                Some("make the sidecar an app of its own"),
            );
        }
        if !app.permissions.is_empty() {
            self.error(
                object.into(),
                "permissions",
                "the app calls the Kubernetes API, which a Compose deployment has none of".into(),
                None,
            );
        }
        let mut listed = |what: &str, set: bool| {
            if set {
                self.left_out.push(format!("{what} of `{}`", app.name));
            }
        };
        listed("autoscaling", app.autoscale.is_some());
        listed("disruption budget", app.disruption_budget.is_some());
        listed("Ingress", app.ingress.is_some());
        listed(
            "NetworkPolicy",
            app.security.network_policy && app.traffic != crate::model::Traffic::default(),
        );
        listed("scheduling settings", app.pod != crate::model::PodSettings::default());
        listed("own ServiceAccount", app.service_account != crate::model::ServiceAccount::Default);
    }

    /// A container as a service: image, command, user, security, environment, volumes.
    fn container(&mut self, i: usize, app: &App, c: &Container) -> Map<String, Value> {
        let object = format!("app `{}`, container `{}`", app.name, c.name);
        let mut s = Map::new();
        let image = c.image.to_string();
        let image = self.images.iter().find_map(|o| o.apply_to(&image)).unwrap_or(image);
        s.insert("image".into(), json!(image));
        // Kubernetes' `command` replaces the entrypoint and `args` the command.
        if !c.command.is_empty() {
            s.insert("entrypoint".into(), json!(self.strings(&object, &c.command)));
        }
        if !c.args.is_empty() {
            s.insert("command".into(), json!(self.strings(&object, &c.args)));
        }
        if let Some(dir) = &c.working_dir {
            s.insert("working_dir".into(), json!(dir));
        }
        let sec = &app.security;
        if !sec.run_as_root {
            s.insert("user".into(), json!(format!("{}:{}", sec.run_as_user, sec.run_as_group)));
        }
        s.insert("read_only".into(), json!(sec.read_only_root_filesystem));
        s.insert("cap_drop".into(), json!(["ALL"]));
        s.insert("security_opt".into(), json!(["no-new-privileges:true"]));
        if sec.bind_low_ports
            && let Some(port) = app
                .all_containers()
                .flat_map(|c| &c.ports)
                .map(|p| p.number)
                .filter(|n| *n < 1024)
                .min()
        {
            s.insert(
                "sysctls".into(),
                json!({ "net.ipv4.ip_unprivileged_port_start": port.to_string() }),
            );
        }
        let environment = self.environment(i, c, &object);
        if !environment.is_empty() {
            s.insert("environment".into(), Value::Object(environment));
        }
        self.volumes(app, c, &object, &mut s);
        s
    }

    /// Strings Compose would interpolate: `$` doubled, and Kubernetes' `$(NAME)` refused.
    fn strings(&mut self, object: &str, values: &[String]) -> Vec<String> {
        values.iter().map(|v| self.literal(object, v)).collect()
    }

    fn literal(&mut self, object: &str, value: &str) -> String {
        if value.contains("$(") {
            self.error(object.into(), "env", format!("`{value}` refers to a variable as `$(NAME)`, which Kubernetes expands and Compose does not"), Some("write the value out"));
        }
        value.replace('$', "$$")
    }

    fn environment(&mut self, i: usize, c: &Container, object: &str) -> Map<String, Value> {
        let config = self.resolved.apps.get(i).cloned().unwrap_or_default();
        let mut out = Map::new();
        for from in &c.env_from {
            let (source, prefix, _) = from.parts();
            let prefix = prefix.unwrap_or_default();
            let data: Vec<(String, Value)> = match source {
                EnvFrom::Config => {
                    config.iter().map(|(k, v)| (k.clone(), json!(v.replace('$', "$$")))).collect()
                }
                EnvFrom::Shared(name) => self
                    .shared(name)
                    .iter()
                    .map(|(k, v)| (k.clone(), json!(v.replace('$', "$$"))))
                    .collect(),
                EnvFrom::Secret(name) => self
                    .env
                    .secret(name)
                    .map(|s| s.keys.clone())
                    .unwrap_or_default()
                    .into_iter()
                    .map(|k| {
                        let v = from_dotenv(&k);
                        (k, v)
                    })
                    .collect(),
                EnvFrom::Prefixed { .. } | EnvFrom::Optional(_) => Vec::new(),
            };
            // As in Kubernetes, keys that are not valid variable names are skipped.
            for (key, value) in data.into_iter().filter(|(k, _)| is_env_name(k)) {
                out.insert(format!("{prefix}{key}"), value);
            }
        }
        for (name, value) in &c.env.0 {
            let value = match value {
                EnvValue::Literal(v) => json!(self.literal(object, v)),
                EnvValue::Config(key) => {
                    json!(config.get(key).cloned().unwrap_or_default().replace('$', "$$"))
                }
                EnvValue::SharedConfig(r) => json!(
                    self.shared(&r.config)
                        .get(&r.key)
                        .cloned()
                        .unwrap_or_default()
                        .replace('$', "$$")
                ),
                EnvValue::Secret(r) => from_dotenv(&r.key),
                EnvValue::Field(path) => {
                    self.error(object.into(), "env", format!("`{name}` reads the pod field `{path}`, which Compose has no meaning for"), None);
                    continue;
                }
                EnvValue::Resource(r) => {
                    self.error(
                        object.into(),
                        "env",
                        format!(
                            "`{name}` reads the container's `{}`, which Compose cannot pass in",
                            r.resource
                        ),
                        Some("set the value as a literal for this environment"),
                    );
                    continue;
                }
            };
            out.insert(name.clone(), value);
        }
        out
    }

    fn shared(&self, name: &str) -> BTreeMap<String, String> {
        let at = self.env.configs.iter().position(|c| c.name == name);
        at.and_then(|i| self.resolved.shared.get(i)).cloned().unwrap_or_default()
    }

    /// Storage as named volumes, scratch space and writable paths as tmpfs, config files as
    /// Compose configs (files beside the Compose file).
    fn volumes(&mut self, app: &App, c: &Container, object: &str, s: &mut Map<String, Value>) {
        let mut mounts = Vec::new();
        let mut tmpfs: Vec<String> = app.security.writable_paths.clone();
        let mut configs = Vec::new();
        for m in &c.mounts {
            if let Some(storage) = app.storage.iter().find(|st| st.name == m.volume) {
                let volume = self.env.object_name(&format!("{}-{}", app.name, storage.name));
                self.volumes.insert(volume.clone(), json!({}));
                mounts.push(mount(&volume, &m.path, m.read_only));
                continue;
            }
            let Some(volume) = app.volumes.iter().find(|v| v.name == m.volume) else { continue };
            match &volume.source {
                VolumeSource::EmptyDir | VolumeSource::Memory(_) | VolumeSource::Scratch(_) => {
                    // Shared with an init container, scratch space must outlive one service.
                    if app
                        .init_containers
                        .iter()
                        .any(|i| i.mounts.iter().any(|im| im.volume == m.volume))
                    {
                        let name = self.env.object_name(&format!("{}-{}", app.name, volume.name));
                        self.volumes.insert(name.clone(), json!({}));
                        mounts.push(mount(&name, &m.path, m.read_only));
                    } else {
                        tmpfs.push(m.path.clone());
                    }
                }
                VolumeSource::Claim(claim) => {
                    let name = self.env.object_name(claim);
                    self.volumes.insert(name.clone(), json!({}));
                    mounts.push(mount(&name, &m.path, m.read_only));
                }
                VolumeSource::ExistingClaim(claim) => {
                    self.volumes.insert(claim.clone(), json!({ "external": true }));
                    mounts.push(mount(claim, &m.path, m.read_only));
                }
                VolumeSource::Config => configs.extend(self.config_files(
                    app,
                    None,
                    &[],
                    &m.path,
                    m.sub_path.as_deref(),
                )),
                VolumeSource::SharedConfig(name) => configs.extend(self.config_files(
                    app,
                    Some(name),
                    &[],
                    &m.path,
                    m.sub_path.as_deref(),
                )),
                VolumeSource::Files(files) => match &files.source {
                    FileSource::Config => configs.extend(self.config_files(
                        app,
                        None,
                        &files.items,
                        &m.path,
                        m.sub_path.as_deref(),
                    )),
                    FileSource::SharedConfig(name) => configs.extend(self.config_files(
                        app,
                        Some(name),
                        &files.items,
                        &m.path,
                        m.sub_path.as_deref(),
                    )),
                    FileSource::Secret(_) => self.secret_volume(object, &m.volume),
                },
                VolumeSource::Secret(_) => self.secret_volume(object, &m.volume),
                VolumeSource::PodFields(_) => self.error(
                    object.into(),
                    "mounts",
                    format!("the pod-field volume `{}` has no Compose meaning", m.volume),
                    None,
                ),
                VolumeSource::Projected(_) => self.error(
                    object.into(),
                    "mounts",
                    format!("the projected volume `{}` has no Compose form", m.volume),
                    Some("mount its sources one by one"),
                ),
            }
        }
        if !mounts.is_empty() {
            s.insert("volumes".into(), json!(mounts));
        }
        if !tmpfs.is_empty() {
            s.insert("tmpfs".into(), json!(tmpfs));
        }
        if !configs.is_empty() {
            s.insert("configs".into(), Value::Array(configs));
        }
    }

    fn secret_volume(&mut self, object: &str, volume: &str) {
        self.error(object.into(), "mounts", format!("volume `{volume}` mounts Secret values as files, which Compose can only read from files in the project"), Some("read the keys as environment variables in this environment; values stay in `.env`, out of git"));
    }

    /// Each key of a ConfigMap (the app's own, or a shared one) as a Compose config, its file
    /// written beside the Compose file; `items` chooses keys and paths.
    fn config_files(
        &mut self,
        app: &App,
        shared: Option<&str>,
        items: &[(String, String)],
        dir: &str,
        sub_path: Option<&str>,
    ) -> Vec<Value> {
        let (owner, data) = match shared {
            Some(name) => (name.to_owned(), self.shared(name)),
            None => {
                let i = self.env.apps.iter().position(|a| a.name == app.name).unwrap_or_default();
                (app.config_map_name(), self.resolved.apps.get(i).cloned().unwrap_or_default())
            }
        };
        let chosen: Vec<(String, String)> = if items.is_empty() {
            data.keys().map(|k| (k.clone(), k.clone())).collect()
        } else {
            items.to_vec()
        };
        let mut out = Vec::new();
        for (key, path) in chosen {
            if sub_path.is_some_and(|p| p != path) {
                continue;
            }
            let Some(text) = data.get(&key) else { continue };
            let config = format!(
                "{}-{}",
                self.env.object_name(&owner),
                key.replace(['.', '_'], "-").to_ascii_lowercase()
            );
            let file = format!("config/{}/{key}", self.env.object_name(&owner));
            self.files.insert(file.clone(), text.clone());
            self.configs.insert(config.clone(), json!({ "file": format!("./{file}") }));
            let target = if sub_path.is_some() {
                dir.to_owned()
            } else {
                format!("{}/{path}", dir.trim_end_matches('/'))
            };
            out.push(json!({ "source": config, "target": target }));
        }
        out
    }

    /// Published ports for NodePort and LoadBalancer Services, `expose` for the rest. Inside
    /// the Compose network services reach each other on container ports, so a ClusterIP
    /// Service port must be its container port.
    fn ports(&mut self, app: &App, object: &str, s: &mut Map<String, Value>) {
        let mut published = Vec::new();
        let mut expose = Vec::new();
        for e in app.expose.iter().chain(&app.services) {
            for p in &e.ports {
                let Some(container) = app.all_containers().find_map(|c| c.port(&p.target)) else {
                    continue;
                };
                match e.type_ {
                    ExposeType::NodePort | ExposeType::LoadBalancer => {
                        let host = if e.type_ == ExposeType::NodePort {
                            p.node_port.unwrap_or(p.port)
                        } else {
                            p.port
                        };
                        if let Some(other) = self.published.insert(host, app.name.clone()) {
                            self.error(
                                object.into(),
                                "expose",
                                format!(
                                    "host port {host} is published by both `{other}` and `{}`",
                                    app.name
                                ),
                                None,
                            );
                        }
                        if app.replicas > 1 {
                            self.error(
                                object.into(),
                                "replicas",
                                format!(
                                    "{} replicas cannot all publish host port {host}",
                                    app.replicas
                                ),
                                Some("run one replica in Compose, or put a proxy in front"),
                            );
                        }
                        published.push(format!("{host}:{}", container.number));
                    }
                    ExposeType::ClusterIp | ExposeType::Headless => {
                        if p.port != container.number {
                            self.error(object.into(), "expose", format!("the Service port {} differs from the container port {}; other Compose services reach `{}` on {}", p.port, container.number, app.name, container.number), Some("use the container port as the Service port in this environment, or publish it with `Expose::node_port`"));
                        }
                        expose.push(container.number.to_string());
                    }
                }
            }
        }
        if !published.is_empty() {
            s.insert("ports".into(), json!(published));
        }
        expose.dedup();
        if !expose.is_empty() {
            s.insert("expose".into(), json!(expose));
        }
    }

    fn has_health(&self, app: &App) -> bool {
        app.containers.first().is_some_and(|c| check_command(c).is_some())
    }

    /// A Compose health check from an exec probe or the declared check command; an HTTP,
    /// TCP or gRPC probe is not guessed at (the image may lack the tools) but listed.
    fn healthcheck(&mut self, app: &App, c: &Container) -> Option<Value> {
        let Some((command, probe)) = check_command(c) else {
            let probed = [&c.probes.readiness, &c.probes.liveness, &c.probes.startup]
                .into_iter()
                .any(Option::is_some);
            if probed {
                self.left_out.push(format!(
                    "network probes of `{}` (declare `health_command` to check it in Compose)",
                    app.name
                ));
            }
            return None;
        };
        let mut h = Map::new();
        let mut test = vec!["CMD".to_owned()];
        test.extend(command);
        h.insert("test".into(), json!(test));
        if let Some(p) = probe {
            if let Some(s) = p.period_seconds {
                h.insert("interval".into(), json!(units::seconds(s)));
            }
            if let Some(s) = p.timeout_seconds {
                h.insert("timeout".into(), json!(units::seconds(s)));
            }
            if let Some(n) = p.failure_threshold {
                h.insert("retries".into(), json!(n));
            }
            if let Some(s) = p.initial_delay_seconds {
                h.insert("start_period".into(), json!(units::seconds(s)));
            }
        }
        Some(Value::Object(h))
    }

    /// Replicas, and requests and limits as reservations and limits.
    fn deploy(&mut self, app: &App, c: &Container) -> Option<Value> {
        let mut deploy = Map::new();
        let replicas =
            self.env.replicas.iter().find(|r| r.name == app.name).map_or(app.replicas, |r| r.count);
        if replicas != 1 && !runs_once(&app.workload) {
            deploy.insert("replicas".into(), json!(replicas));
        }
        let mut resources = Map::new();
        for (key, compute) in
            [("limits", &c.resources.limits), ("reservations", &c.resources.requests)]
        {
            let mut r = Map::new();
            if let Some(cpu) = compute.cpu.as_deref().and_then(units::cpus) {
                r.insert("cpus".into(), json!(cpu));
            }
            if let Some(memory) = compute.memory.as_deref().and_then(units::memory) {
                r.insert("memory".into(), json!(memory));
            }
            if !compute.extended.is_empty() {
                self.error(
                    format!("app `{}`", app.name),
                    "resources",
                    "extended resources (GPUs) have no Compose form here".into(),
                    Some("run the app in a Kubernetes environment"),
                );
            }
            if compute.ephemeral_storage.is_some() {
                self.left_out.push(format!("ephemeral storage of `{}`", app.name));
            }
            if !r.is_empty() {
                resources.insert(key.into(), Value::Object(r));
            }
        }
        if !resources.is_empty() {
            deploy.insert("resources".into(), Value::Object(resources));
        }
        (!deploy.is_empty()).then_some(Value::Object(deploy))
    }
}

/// The value Compose reads from `.env` for a Secret key, failing loudly when it is unset.
fn from_dotenv(key: &str) -> Value {
    json!(format!("${{{key}:?set {key} in .env}}"))
}

fn mount(volume: &str, path: &str, read_only: bool) -> String {
    if read_only { format!("{volume}:{path}:ro") } else { format!("{volume}:{path}") }
}

fn restart(w: &Workload) -> &'static str {
    match w {
        Workload::Job(job) if job.restart_policy == RestartPolicy::OnFailure => "on-failure",
        Workload::Job(_) | Workload::Pod => "no",
        _ => "unless-stopped",
    }
}

/// The command a health check runs: the declared one, or an exec probe's (readiness first).
fn check_command(c: &Container) -> Option<(Vec<String>, Option<&crate::model::Probe>)> {
    if !c.health_command.is_empty() {
        let probe = [&c.probes.readiness, &c.probes.liveness].into_iter().flatten().next();
        return Some((c.health_command.clone(), probe));
    }
    [&c.probes.readiness, &c.probes.liveness, &c.probes.startup].into_iter().flatten().find_map(
        |p| match &p.action {
            ProbeAction::Exec { command } => Some((command.clone(), Some(p))),
            _ => None,
        },
    )
}

fn is_env_name(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with(|c: char| c.is_ascii_digit())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}
