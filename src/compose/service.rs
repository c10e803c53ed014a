//! One app as Compose services: its main container, and a service per init container that the
//! main one waits for.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::runs_once;
use crate::error::Diagnostic;
use crate::model::{App, Container, EnvFrom, EnvValue, Environment, ImageOverride, Workload};
use crate::validate::Resolved;

/// What the services of one environment share while they are built.
pub(super) struct Context<'a> {
    pub(super) env: &'a Environment,
    pub(super) resolved: &'a Resolved,
    images: &'a [ImageOverride],
    pub(super) problems: Vec<Diagnostic>,
    pub(super) left_out: Vec<String>,
    pub(super) volumes: Map<String, Value>,
    pub(super) configs: Map<String, Value>,
    pub(super) files: BTreeMap<String, String>,
    /// Host ports already published, by the app publishing them.
    pub(super) published: BTreeMap<u16, String>,
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

    pub(super) fn error(
        &mut self,
        object: String,
        field: &str,
        message: String,
        help: Option<&str>,
    ) {
        self.problems.push(Diagnostic {
            targets: vec![self.env.name.clone()],
            code: crate::error::Code::Conflict,
            subject: crate::error::Subject::Environment,
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

    /// The services of `app`, added to `services`.
    pub(super) fn app(&mut self, app: &App, services: &mut Map<String, Value>) {
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
            let mut service = self.container(app, init);
            service.insert("restart".into(), json!("no"));
            services.insert(init_name.clone(), Value::Object(service));
            waits.push((init_name, "service_completed_successfully"));
        }
        let mut service = self.container(app, main);
        self.ports(app, &object, &mut service);
        let health = self.healthcheck(app, main);
        for dependency in app.depends_on.iter().map(super::super::model::AppRef::name) {
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
        service.insert("restart".into(), json!(super::runtime::restart(&app.workload)));
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
    fn container(&mut self, app: &App, c: &Container) -> Map<String, Value> {
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
        let set = !sec.run_as_root && !sec.image_user;
        let user = c.security.run_as_user.or(set.then_some(sec.run_as_user));
        let group = c.security.run_as_group.or(set.then_some(sec.run_as_group));
        match (user, group) {
            (Some(user), Some(group)) => s.insert("user".into(), json!(format!("{user}:{group}"))),
            // Compose sets a group only with a user: the image's user keeps its own group.
            (Some(user), None) => s.insert("user".into(), json!(user.to_string())),
            (None, _) => None,
        };
        s.insert("read_only".into(), json!(sec.read_only_root_filesystem));
        if !sec.drop_capabilities.is_empty() {
            s.insert("cap_drop".into(), json!(sec.drop_capabilities));
        }
        if !sec.add_capabilities.is_empty() {
            s.insert("cap_add".into(), json!(sec.add_capabilities));
        }
        if !c.security.privilege_escalation.unwrap_or(sec.privilege_escalation) {
            s.insert("security_opt".into(), json!(["no-new-privileges:true"]));
        }
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
        let environment = self.environment(app, c, &object);
        if !environment.is_empty() {
            s.insert("environment".into(), Value::Object(environment));
        }
        self.volumes(app, c, &object, &mut s);
        s
    }

    /// Strings Compose would interpolate, with Kubernetes' `$(NAME)` refused.
    fn strings(&mut self, object: &str, values: &[String]) -> Vec<String> {
        values.iter().map(|v| self.literal(object, v)).collect()
    }

    /// A value as declared; its `$` are escaped with every other string of the file
    /// ([`super::escape`]).
    fn literal(&mut self, object: &str, value: &str) -> String {
        if value.contains("$(") {
            self.error(object.into(), "env", format!("`{value}` refers to a variable as `$(NAME)`, which Kubernetes expands and Compose does not"), Some("write the value out"));
        }
        value.to_owned()
    }

    fn environment(&mut self, app: &App, c: &Container, object: &str) -> Map<String, Value> {
        let config = self.resolved.app(&app.name).clone();
        let mut out = Map::new();
        for from in &c.env_from {
            let (source, prefix, _) = from.parts();
            let prefix = prefix.unwrap_or_default();
            let data: Vec<(String, Value)> = match source {
                EnvFrom::Config => config.iter().map(|(k, v)| (k.clone(), json!(v))).collect(),
                EnvFrom::Shared(name) => {
                    self.shared(name.name()).iter().map(|(k, v)| (k.clone(), json!(v))).collect()
                }
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
        for (name, value) in c.env.iter() {
            let value = match value {
                EnvValue::Literal(v) => json!(self.literal(object, v)),
                EnvValue::Config(key) => {
                    json!(config.get(key).cloned().unwrap_or_default())
                }
                EnvValue::SharedConfig(r) => {
                    json!(self.shared(&r.config).get(&r.key).cloned().unwrap_or_default())
                }
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

    pub(super) fn shared(&self, name: &str) -> BTreeMap<String, String> {
        self.resolved.shared(name).clone()
    }
}

/// Where the value Compose reads from `.env` for a Secret key goes: a marker no declared
/// value can spell (an object where strings stand), made a `${VAR:?…}` reference by
/// [`super::escape`] after every declared string has had its `$` escaped.
pub(super) fn from_dotenv(key: &str) -> Value {
    json!({ super::SECRET_MARKER: key })
}

fn is_env_name(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with(|c: char| c.is_ascii_digit())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}
