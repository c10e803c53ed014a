//! Validation: every problem in an environment, collected before anything is rendered.
//!
//! `render` relies on what is checked here (declared ports, keys, volumes), so it can build
//! references without failing half-way.

mod access;
mod app;
mod cel;
mod container;
pub(crate) mod credentials;
mod fleet;
mod names;
mod network;
pub(crate) mod quantity;
mod raw;
pub(crate) mod references;
pub(crate) mod schema;
mod shared;
pub(crate) mod versions;
mod volumes;
mod workload;

use std::borrow::Cow;
use std::collections::BTreeSet;

use names::{check_dns_label, check_label_value, check_qualified_name};

use std::collections::BTreeMap;

use crate::error::{Code, Diagnostic, Subject};
use crate::model::Environment;

/// What validation hands on to render: the final config data of every app and of every
/// shared ConfigMap, each computed once, by name.
#[derive(Clone, Debug, Default)]
pub(crate) struct Resolved {
    apps: BTreeMap<String, BTreeMap<String, String>>,
    shared: BTreeMap<String, BTreeMap<String, String>>,
}

impl Resolved {
    /// The config data of the app called `name` (empty for an app validation never saw).
    pub(crate) fn app(&self, name: &str) -> &BTreeMap<String, String> {
        static EMPTY: BTreeMap<String, String> = BTreeMap::new();
        self.apps.get(name).unwrap_or(&EMPTY)
    }

    /// The data of the shared ConfigMap called `name`.
    pub(crate) fn shared(&self, name: &str) -> &BTreeMap<String, String> {
        static EMPTY: BTreeMap<String, String> = BTreeMap::new();
        self.shared.get(name).unwrap_or(&EMPTY)
    }
}

/// Every problem in `env` (empty when it can be rendered), and its resolved configs.
pub(crate) fn validate(env: &Environment) -> (Vec<Diagnostic>, Resolved) {
    let mut v = Validator::new(env, Cow::Owned(Vec::new()));
    v.environment();
    v.shared();
    v.access();
    // Apps are checked independently of each other, so runs of them are checked on every
    // core, each with its own validator; problems and configs come back in app order.
    let size = crate::parallel::run_size(env.apps.len(), 64);
    let shared = std::mem::take(&mut v.shared);
    let runs = crate::parallel::runs(&env.apps, size, |apps| {
        let mut run = Validator::new(env, Cow::Borrowed(&shared));
        for app in apps {
            // Where the app was defined, so a typo is found in the code, not the tree.
            run.object =
                crate::error::declared("app", &app.name, app.trace.origins.first().copied());
            run.subject = Subject::App(app.name.clone());
            run.app(app);
        }
        Ok::<_, std::convert::Infallible>((run.out, run.configs))
    });
    for (out, configs) in runs.unwrap_or_else(|never| match never {}) {
        v.out.extend(out);
        v.configs.extend(configs);
    }
    v.shared = shared;
    v.object = "environment".into();
    v.subject = Subject::Environment;
    v.environment_credentials();
    v.hosts();
    v.service_names();
    v.order();
    // Keyed where both lists are still in declaration order; read by name from here on.
    let apps = env.apps.iter().map(|a| a.name.clone()).zip(v.configs).collect();
    let shared = env.configs.iter().map(|c| c.name.clone()).zip(v.shared.into_owned()).collect();
    (v.out, Resolved { apps, shared })
}

pub(crate) use credentials::waived as credentials_waived;
pub(crate) use raw::{credentials_in, raw_credentials, raw_workloads};
pub(crate) use workload::SAFE_SYSCTLS;

/// Image overrides (the environment's and its image file's) that deploy `latest`, which
/// changes under you, unless the environment or an app running the image waives it.
pub(crate) fn image_overrides(
    env: &Environment,
    images: &[crate::model::ImageOverride],
) -> Vec<Diagnostic> {
    let waived = |repository: &str| {
        env.waivers.iter().any(|w| w.covers(container::LATEST_CHECK))
            || env.apps.iter().any(|a| {
                a.all_containers().any(|c| c.image.repository == repository)
                    && (a.security.unpinned_images
                        || a.waivers.iter().any(|w| w.covers(container::LATEST_CHECK)))
            })
    };
    images
        .iter()
        .filter(|o| o.new_tag.as_deref() == Some("latest") && !waived(&o.name))
        .map(|o| Diagnostic {
            targets: vec![env.name.clone()],
            code: crate::error::Code::InvalidValue,
            subject: crate::error::Subject::Edit,
            object: format!("image `{}`", o.name),
            field: "images".into(),
            message: format!(
                "image `{}` would run the `latest` tag, which changes under you",
                o.name
            ),
            expected: Some("a version tag or a digest".into()),
            help: Some(format!(
                "pin a version, or waive it with `Waiver::new(\"{}\", \"<why>\")` on the app",
                container::LATEST_CHECK
            )),
        })
        .collect()
}
pub(crate) use shared::{components, project};

struct Validator<'a> {
    env: &'a Environment,
    out: Vec<Diagnostic>,
    object: String,
    /// What `object` shows, as data; an app is named again at a value's own line.
    subject: Subject,
    /// The line of the value being checked, when known: problems are reported there.
    at: crate::model::Origin,
    /// The apps' resolved config data, in app order (the current app's last).
    configs: Vec<BTreeMap<String, String>>,
    /// The shared ConfigMaps' resolved data, in declaration order; borrowed by the
    /// validators of runs of apps.
    shared: Cow<'a, [BTreeMap<String, String>]>,
}

impl<'a> Validator<'a> {
    /// A validator of `env` that has found nothing yet.
    fn new(env: &'a Environment, shared: Cow<'a, [BTreeMap<String, String>]>) -> Self {
        Validator {
            env,
            out: Vec::new(),
            object: "environment".into(),
            subject: Subject::Environment,
            at: crate::model::Origin::default(),
            configs: Vec::new(),
            shared,
        }
    }

    fn report(
        &mut self,
        code: Code,
        field: impl Into<String>,
        message: String,
        expected: Option<String>,
        help: Option<String>,
    ) {
        let object = match (&self.subject, self.at.location()) {
            (Subject::App(name), Some(at)) => crate::error::declared("app", name, Some(at)),
            _ => self.object.clone(),
        };
        self.out.push(Diagnostic {
            code,
            targets: vec![self.env.name.clone()],
            subject: self.subject.clone(),
            object,
            field: field.into(),
            message,
            expected,
            help,
        });
    }

    /// Locates the problems reported next at `at` (a value's own line), when known; returns
    /// the location to restore when the value is done.
    fn enter(&mut self, at: crate::model::Origin) -> crate::model::Origin {
        let inner = at.or(self.at);
        std::mem::replace(&mut self.at, inner)
    }

    /// Totals over every pod that can run at once: replicas, or the autoscaler's maximum.
    fn budget(&mut self) {
        let Some(budget) = &self.env.budget else { return };
        let mut totals = [[0.0f64; 2]; 2]; // [requests, limits] × [cpu, memory]
        for app in &self.env.apps {
            let pods = f64::from(app.autoscale.as_ref().map_or(app.replicas, |a| a.max_replicas));
            for c in &app.containers {
                let r = &c.resources;
                for (i, compute) in [&r.requests, &r.limits].into_iter().enumerate() {
                    for (j, q) in [&compute.cpu, &compute.memory].into_iter().enumerate() {
                        totals[i][j] += pods
                            * q.as_deref().and_then(|q| quantity::parse(q).ok()).unwrap_or(0.0);
                    }
                }
            }
        }
        let limits = [("cpu", &budget.cpu), ("memory", &budget.memory)].map(|(what, q)| {
            (what, q, if what == "memory" { quantity::bytes(q) } else { quantity::parse(q) })
        });
        for (j, (what, declared, parsed)) in limits.into_iter().enumerate() {
            let max = match parsed {
                Ok(max) => max,
                Err(why) => {
                    self.report(
                        Code::InvalidValue,
                        format!("budget.{what}"),
                        format!("budget `{declared}` is not a quantity: {why}"),
                        None,
                        None,
                    );
                    continue;
                }
            };
            for (i, kind) in ["requests", "limits"].into_iter().enumerate() {
                if totals[i][j] > max {
                    let show = |v: f64| if j == 0 { quantity::cpu(v) } else { quantity::memory(v) };
                    self.report(Code::InvalidValue, format!("budget.{what}"), format!("{what} {kind} add up to {}, over the budget of `{declared}`", show(totals[i][j])), Some(format!("at most {} of {what} {kind} in total (replicas and autoscaling maxima included)", show(max))), Some("lower replicas, autoscaling maxima or per-container resources, or raise the budget".into()));
                }
            }
        }
    }

    /// With a name prefix or suffix, an app's Service is not called after the app; a config
    /// or env value that still names the bare app (as [`crate::App::host`] gives it) would
    /// point at a Service that does not exist.
    /// Apps that depend on each other in a cycle: nothing could start first.
    fn order(&mut self) {
        if let Err(cycle) = self.env.stages() {
            let shown: Vec<String> = cycle.iter().map(|a| format!("`{a}`")).collect();
            self.report(
                Code::Conflict,
                "depends_on",
                format!("apps depend on each other in a cycle: {}", shown.join(" → ")),
                Some("an order in which each app starts after the apps it depends on".into()),
                Some("remove one of these dependencies".into()),
            );
        }
    }

    fn hosts(&mut self) {
        let env = self.env;
        if env.name_prefix.is_empty() && env.name_suffix.is_empty() {
            return;
        }
        let served: std::collections::HashSet<&str> = env
            .apps
            .iter()
            .filter(|a| a.expose.as_ref().is_some_and(|e| e.name.is_none()))
            .map(|a| a.name.as_str())
            .collect();
        for (app, config) in env.apps.iter().zip(&self.configs) {
            let literals =
                app.containers.iter().flat_map(|c| c.env.iter()).filter_map(|(k, v)| match v {
                    crate::model::EnvValue::Literal(text) => Some((format!("env.{k}"), text)),
                    _ => None,
                });
            let values: Vec<(String, &String)> =
                config.iter().map(|(k, v)| (format!("config.{k}"), v)).chain(literals).collect();
            for (field, value) in values {
                // `api.ns.svc.cluster.local` names the Service `api` too.
                let named = hosts_in(value).into_iter().map(|h| {
                    h.split_once(".svc")
                        .map_or(h, |(head, _)| head.split('.').next().unwrap_or(head))
                });
                if let Some(host) = named.into_iter().find(|h| served.contains(h)) {
                    let host = host.to_owned();
                    self.out.push(Diagnostic {
                        targets: vec![env.name.clone()],
                        code: crate::error::Code::UnknownReference,
                        subject: crate::error::Subject::App(app.name.clone()),
                        object: format!("app `{}`", app.name),
                        field,
                        message: format!(
                            "the value names the Service `{host}`, which this environment renders as `{}`",
                            env.object_name(&host)
                        ),
                        expected: None,
                        help: Some(
                            "build the value with `Environment::host(&app)`, which applies the name prefix and suffix".into(),
                        ),
                    });
                }
            }
        }
    }

    fn dns_label(&mut self, field: &str, what: &str, value: &str) {
        if let Err(why) = check_dns_label(value) {
            self.report(Code::InvalidValue,
                field,
                format!("{what} `{value}` is not a valid name: {why}"),
                Some("a DNS-1123 label: at most 63 lowercase letters, digits and `-`, starting and ending with a letter or digit".into()),
                None,
            );
        }
    }

    /// `value`, when set, is one of the `known` spellings Kubernetes accepts.
    fn known(&mut self, field: &str, value: &Option<String>, known: &[&str]) {
        if let Some(v) = value
            && !known.contains(&v.as_str())
        {
            self.report(
                Code::InvalidValue,
                field,
                format!("`{}` is not one Kubernetes knows", crate::safe::shown(v)),
                Some(crate::error::one_of(known)),
                crate::error::did_you_mean(v, known.iter().copied()),
            );
        }
    }

    fn dns_subdomain(&mut self, field: &str, what: &str, value: &str) {
        if let Err(why) = names::check_dns_subdomain(value) {
            self.report(
                Code::InvalidValue,
                field,
                format!("{what} `{}` is not a valid name: {why}", crate::safe::shown(value)),
                Some("a DNS subdomain: lowercase letters, digits, `-` and `.`".into()),
                None,
            );
        }
    }

    /// Labels of an object's own (or a selector's): each key a qualified name, each value a
    /// label value.
    fn label_map(&mut self, field: &str, labels: &BTreeMap<String, String>) {
        for (key, value) in labels {
            let why = check_qualified_name(key).err().or_else(|| check_label_value(value).err());
            if let Some(why) = why {
                self.report(
                    Code::InvalidValue,
                    format!("{field}.{key}"),
                    format!("label `{key}: {value}` is not valid: {why}"),
                    Some(LABEL_RULE.into()),
                    None,
                );
            }
        }
    }

    /// Annotation keys (values are free text): each a qualified name.
    fn annotation_keys(&mut self, field: &str, annotations: &BTreeMap<String, String>) {
        for key in annotations.keys() {
            if let Err(why) = check_qualified_name(key) {
                self.report(
                    Code::InvalidValue,
                    field.to_owned(),
                    format!("key `{key}` is not a valid annotation key: {why}"),
                    Some(QUALIFIED_NAME_RULE.into()),
                    None,
                );
            }
        }
    }

    fn environment(&mut self) {
        let env = self.env;
        if let Err(why) = crate::safe::relative_path(&env.tree) {
            self.report(
                Code::InvalidValue,
                "tree",
                format!(
                    "tree path `{}` is not a relative path inside `generated/`: {why}",
                    crate::safe::shown(&env.tree)
                ),
                Some("a path like `overlays/prod`".into()),
                None,
            );
        }
        if let Some(ns) = &env.namespace {
            self.dns_label("namespace", "namespace", ns);
        }
        if let Some(version) = &env.kubernetes
            && let Err(why) = versions::minor(version)
        {
            self.report(
                Code::InvalidValue,
                "kubernetes",
                why,
                Some("a version such as `\"1.29\"`".into()),
                None,
            );
        }
        if let crate::model::Target::Compose(t) = &env.target {
            for (field, name) in [("target.file", &t.file), ("target.env_example", &t.env_example)]
            {
                if name.is_empty() || name.contains('/') || name == "." || name == ".." {
                    self.report(
                        Code::InvalidValue,
                        field,
                        format!("`{name}` is not a file name"),
                        Some("a name like `compose.yaml`".into()),
                        None,
                    );
                }
            }
        }
        let maps = [
            ("labels", &env.labels),
            ("namespace_labels", &env.namespace_labels),
            ("annotations", &env.annotations),
        ];
        for (field, map) in maps {
            for key in map.keys() {
                if let Err(why) = check_qualified_name(key) {
                    self.report(
                        Code::InvalidValue,
                        field,
                        format!("key `{key}` is not a valid {field} key: {why}"),
                        Some(QUALIFIED_NAME_RULE.into()),
                        None,
                    );
                }
            }
        }
        for reserved in [crate::object::NAME_LABEL, crate::object::MANAGED_BY_LABEL] {
            if env.labels.contains_key(reserved) {
                self.report(
                    Code::Conflict,
                    format!("labels.{reserved}"),
                    format!("label `{reserved}` is set by rustomize and cannot be overridden"),
                    None,
                    Some(if reserved == crate::object::NAME_LABEL {
                        "it is the pod selector; changing it would orphan running pods".into()
                    } else {
                        "remove it from the environment's labels".into()
                    }),
                );
            }
        }
        let labels = env.labels.iter().map(|kv| ("labels", kv));
        for (field, (key, value)) in
            labels.chain(env.namespace_labels.iter().map(|kv| ("namespace_labels", kv)))
        {
            if let Err(why) = check_label_value(value) {
                self.report(
                    Code::InvalidValue,
                    format!("{field}.{key}"),
                    format!("label value `{value}` is not valid: {why}"),
                    Some(LABEL_RULE.into()),
                    None,
                );
            }
        }
        self.budget();
        self.uniqueness();
    }

    /// Names that must be unique across the environment: node ports, apps, Secrets.
    fn uniqueness(&mut self) {
        let env = self.env;
        let mut node_ports = std::collections::BTreeMap::new();
        for app in &env.apps {
            for p in app.expose.iter().flat_map(|e| &e.ports) {
                if let Some(n) = p.node_port
                    && let Some(other) = node_ports.insert(n, app.name.as_str())
                {
                    self.report(
                        Code::Duplicate,
                        "apps",
                        format!("node port {n} is used by both `{other}` and `{}`", app.name),
                        Some("node ports unique across the environment".into()),
                        None,
                    );
                }
            }
        }
        for r in &env.replicas {
            if i32::try_from(r.count).is_err() {
                self.report(
                    Code::InvalidValue,
                    format!("replicas[{}]", r.name),
                    format!("the replica count {} is more than Kubernetes can store", r.count),
                    Some(format!("at most {}", i32::MAX)),
                    None,
                );
            }
        }
        let mut seen = BTreeSet::new();
        for app in &env.apps {
            if !seen.insert(app.name.as_str()) {
                self.report(
                    Code::Duplicate,
                    "apps",
                    format!("app `{}` is declared twice", app.name),
                    Some("unique app names within an environment".into()),
                    None,
                );
            }
        }
        let mut seen = BTreeSet::new();
        for secret in &env.secrets {
            self.object = crate::error::declared("Secret", &secret.name, secret.at.location());
            self.subject = Subject::Secret(secret.name.clone());
            self.dns_label("secrets", "Secret", &secret.name);
            if !seen.insert(secret.name.as_str()) {
                self.report(
                    Code::Duplicate,
                    "secrets",
                    format!("Secret `{}` is declared twice", secret.name),
                    None,
                    None,
                );
            }
            self.label_map(&format!("secrets[{}].labels", secret.name), &secret.labels);
        }
        self.object = "environment".into();
        self.subject = Subject::Environment;
    }
}

/// What a label or annotation key must be.
const QUALIFIED_NAME_RULE: &str = "`name` or `prefix/name`, e.g. `app.kubernetes.io/part-of`";

/// What a label value must be.
const LABEL_RULE: &str =
    "at most 63 letters, digits, `-`, `_` or `.`, starting and ending with a letter or digit";

/// The host names a config value addresses: `scheme://[user@]HOST[:port][/…]` and a bare
/// `HOST:PORT`.
fn hosts_in(value: &str) -> Vec<&str> {
    fn host(rest: &str) -> &str {
        let rest = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
        rest.split([':', '/', '?', '#']).next().unwrap_or_default()
    }
    let mut out: Vec<&str> = value
        .match_indices("://")
        .map(|(i, _)| {
            let rest = &value[i + 3..];
            host(rest.split(['/', '?', '#', ' ', ',']).next().unwrap_or_default())
        })
        .collect();
    if let Some((h, port)) = value.split_once(':')
        && !port.is_empty()
        && port.chars().all(|c| c.is_ascii_digit())
    {
        out.push(h);
    }
    out
}
