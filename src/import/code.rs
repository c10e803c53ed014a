//! The typed model as Rust source: struct literals that name only what differs from the
//! defaults, so the generated code reads like code a person wrote.

use std::collections::BTreeMap;

use crate::model::{
    App, Autoscale, Compute, Config, Container, ContainerOverlay, DisruptionBudget, Egress,
    EgressRule, EnvFrom, EnvValue, Expose, ExposeType, ExternalService, FileSource, Files, Image,
    ImageRef, Ingress, IngressPath, IngressRule, Job, Mount, Overlay, PathType, Peer, PodSettings,
    Policy, Port, Probe, ProbeAction, Probes, Protocol, Resources, RestartPolicy, Rollout,
    SecretSpec, Security, ServiceAccount, ServiceAccountSpec, ServicePort, SharedConfig, Storage,
    Strategy, Traffic, Volume, VolumeSource, Waiver, Workload,
};

thread_local! {
    /// Long texts of the file being printed, hoisted into named constants: rustfmt leaves an
    /// expression unformatted when a literal in it overflows the line, and a config file
    /// reads better as a raw string of its own.
    static TEXTS: std::cell::RefCell<Vec<(String, String)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A typed app a peer may name: its pod selector, its namespace and its module.
pub(super) type KnownApp = (BTreeMap<String, String>, Option<String>, String);

thread_local! {
    /// The typed apps of the project, so a peer that selects one is written as
    /// `Peer::app(&crate::apps::<app>::app())`.
    static APPS: std::cell::RefCell<Vec<KnownApp>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Sets the apps peers may name.
pub(super) fn set_apps(apps: Vec<KnownApp>) {
    APPS.with(|a| *a.borrow_mut() = apps);
}

/// Texts longer than this become constants.
const LONG: usize = 48;

/// The constants hoisted since the last call that `body` uses, as Rust items.
pub(super) fn take_constants(body: &str) -> String {
    let words: std::collections::BTreeSet<&str> =
        body.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).collect();
    TEXTS.with(|t| {
        t.borrow_mut()
            .drain(..)
            .filter(|(name, _)| words.contains(name.as_str()))
            .map(|(name, text)| {
                let literal =
                    if text.contains('\n') && !text.contains("\"#") && !text.contains('\r') {
                        format!("r#\"{text}\"#")
                    } else {
                        format!("{text:?}")
                    };
                format!("const {name}: &str = {literal};\n")
            })
            .collect()
    })
}

/// A string literal, or the name of the constant holding a long one.
pub(super) fn q(text: &str) -> String {
    if text.len() <= LONG && !text.contains('\n') {
        return format!("{text:?}");
    }
    TEXTS.with(|t| {
        let mut t = t.borrow_mut();
        if let Some((name, _)) = t.iter().find(|(_, x)| x == text) {
            return name.clone();
        }
        let words: Vec<String> = text
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty() && !w.starts_with(|c: char| c.is_ascii_digit()))
            .take(3)
            .map(str::to_uppercase)
            .collect();
        let stem = if words.is_empty() { "TEXT".to_owned() } else { words.join("_") };
        let mut name = stem.clone();
        let mut n = 1;
        while t.iter().any(|(x, _)| *x == name) {
            n += 1;
            name = format!("{stem}_{n}");
        }
        t.push((name.clone(), text.to_owned()));
        name
    })
}

/// A `String` value.
pub(super) fn s(v: &str) -> String {
    format!("{}.into()", q(v))
}

/// `T { changed fields, ..T::default() }`.
fn with_default<T: Default>(x: &T, lit: impl Fn(&T) -> Lit, path: &str) -> String {
    lit(x).print(&lit(&T::default()), &format!("{path}::default()"))
}

fn opt<T>(v: &Option<T>, f: impl Fn(&T) -> String) -> String {
    v.as_ref().map_or_else(|| "None".into(), |x| format!("Some({})", f(x)))
}

fn opt_s(v: &Option<String>) -> String {
    opt(v, |x| s(x))
}

fn opt_n<T: std::fmt::Display>(v: &Option<T>) -> String {
    opt(v, |x| x.to_string())
}

fn list<T>(items: &[T], f: impl Fn(&T) -> String) -> String {
    format!("vec![{}]", items.iter().map(f).collect::<Vec<_>>().join(", "))
}

fn strings(items: &[String]) -> String {
    list(items, |x| s(x))
}

/// `labels(&[("k", "v"), …])`.
pub(super) fn labels(m: &BTreeMap<String, String>) -> String {
    let pairs: Vec<String> = m.iter().map(|(k, v)| format!("({}, {})", q(k), q(v))).collect();
    format!("labels(&[{}])", pairs.join(", "))
}

/// A struct literal printing only the fields whose text differs from `base`'s.
pub(super) struct Lit {
    path: String,
    fields: Vec<(&'static str, String)>,
}

impl Lit {
    pub(super) fn new(path: &str) -> Lit {
        Lit { path: path.into(), fields: Vec::new() }
    }

    pub(super) fn field(mut self, name: &'static str, value: String) -> Lit {
        self.fields.push((name, value));
        self
    }

    /// The fields, as pairs.
    pub(super) fn fields(&self) -> &[(&'static str, String)] {
        &self.fields
    }

    /// `Path { changed fields, ..base_expr }`, comparing with `default`'s fields.
    pub(super) fn print(&self, default: &Lit, base_expr: &str) -> String {
        let changed: Vec<String> = self
            .fields
            .iter()
            .filter(|(n, v)| {
                default.fields.iter().find(|(m, _)| m == n).is_none_or(|(_, d)| d != v)
            })
            .map(|(n, v)| format!("{n}: {v}"))
            .collect();
        if changed.is_empty() {
            return base_expr.to_owned();
        }
        format!("{} {{ {}, ..{base_expr} }}", self.path, changed.join(", "))
    }
}

fn map(m: &BTreeMap<String, String>) -> String {
    if m.is_empty() { "BTreeMap::new()".into() } else { labels(m) }
}

/// An app's fields.
pub(super) fn app_lit(a: &App) -> Lit {
    Lit::new("App")
        .field("component", opt_s(&a.component))
        .field("namespace", opt_s(&a.namespace))
        .field("labels", map(&a.labels))
        .field("annotations", map(&a.annotations))
        .field("selector", map(&a.selector))
        .field("workload", workload(&a.workload))
        .field("replicas", a.replicas.to_string())
        .field("containers", list(&a.containers, container))
        .field("init_containers", list(&a.init_containers, container))
        .field("sidecars", list(&a.sidecars, container))
        .field("expose", opt(&a.expose, expose))
        .field("services", list(&a.services, expose))
        .field("config", config(&a.config))
        .field("storage", list(&a.storage, storage))
        .field("volumes", list(&a.volumes, volume))
        .field("autoscale", opt(&a.autoscale, autoscale))
        .field("ingress", opt(&a.ingress, ingress))
        .field("disruption_budget", opt(&a.disruption_budget, budget))
        .field("rollout", rollout(&a.rollout))
        .field("pod", pod(&a.pod))
        .field("service_account", account(&a.service_account))
        .field("traffic", traffic(&a.traffic))
        .field("security", security(&a.security))
        .field("waivers", list(&a.waivers, waiver))
        .field("pod_labels", map(&a.pod_labels))
        .field("pod_annotations", map(&a.pod_annotations))
}

/// The app as an expression: `App { …, ..App::new("name") }`.
pub(super) fn app(a: &App) -> String {
    let base = App::new(&a.name);
    app_lit(a).print(&app_lit(&base), &format!("App::new({})", q(&a.name)))
}

/// `a` as an environment writes it: the base app (`call`) with what differs. Changes to
/// containers become an `Overlay` (the main container's image, variables, resources and
/// probes; other containers' through `ContainerOverlay`) when applying it to the base gives
/// exactly `a`'s containers.
pub(super) fn app_in_env(base: &App, a: &App, call: &str) -> String {
    let overlay = overlay(base, a);
    let skip: &[&str] =
        if overlay.is_some() { &["containers", "init_containers", "sidecars"] } else { &[] };
    let base_lit = app_lit(base);
    let changed: Vec<String> = app_lit(a)
        .fields()
        .iter()
        .zip(base_lit.fields())
        .filter(|((n, v), (_, b))| v != b && !skip.contains(n))
        .map(|((n, v), _)| format!("{n}: {v}"))
        .collect();
    let expr = if changed.is_empty() {
        call.to_owned()
    } else {
        format!("App {{ {}, ..{call} }}", changed.join(", "))
    };
    match overlay {
        Some(o) if o != Overlay::default() => format!("{expr}.with({})", overlay_expr(&o)),
        _ => expr,
    }
}

/// What a container overlay changes in `c` to make it `to`; `None` when it cannot say it.
fn container_change(c: &Container, to: &Container) -> ContainerOverlay {
    let mut o = ContainerOverlay::new(&to.name);
    if c.image != to.image {
        match &to.image.reference {
            ImageRef::Tag(t) if to.image.repository == c.image.repository => {
                o.image_tag = Some(t.clone());
            }
            _ => o.image = Some(to.image.clone()),
        }
    }
    for (k, v) in &to.env.0 {
        if c.env.get(k) != Some(v) {
            o.env = std::mem::take(&mut o.env).set(k, v.clone());
        }
    }
    o.env_remove = c.env.0.keys().filter(|k| to.env.get(k).is_none()).cloned().collect();
    if c.resources != to.resources {
        o.resources = Some(to.resources.clone());
    }
    if c.args != to.args {
        o.args = Some(to.args.clone());
    }
    o
}

/// The overlay that turns `base`'s containers into `a`'s, if an overlay can say it.
fn overlay(base: &App, a: &App) -> Option<Overlay> {
    let names = |x: &App| x.all_containers().map(|c| c.name.clone()).collect::<Vec<_>>();
    if names(base) != names(a) {
        return None;
    }
    let mut o = Overlay::default();
    for (i, (b, c)) in base.all_containers().zip(a.all_containers()).enumerate() {
        if b == c {
            continue;
        }
        let mut change = container_change(b, c);
        if i == 0 && !base.containers.is_empty() {
            // The main container's changes read best as the overlay's own fields.
            o.image = change.image.take();
            o.image_tag = change.image_tag.take();
            o.env = std::mem::take(&mut change.env);
            o.env_remove = std::mem::take(&mut change.env_remove);
            o.resources = change.resources.take();
            if b.probes != c.probes {
                o.probes = Some(c.probes.clone());
            }
        }
        if change != ContainerOverlay::new(&c.name) {
            o.containers.push(change);
        }
    }
    // Only when applying it gives exactly `a`'s containers (order of variables included).
    let applied = App {
        containers: base.containers.clone(),
        init_containers: base.init_containers.clone(),
        sidecars: base.sidecars.clone(),
        ..App::default()
    }
    .with(o.clone());
    let same = applied.containers == a.containers
        && applied.init_containers == a.init_containers
        && applied.sidecars == a.sidecars;
    same.then_some(o)
}

fn container_overlay(o: &ContainerOverlay) -> String {
    let lit = |o: &ContainerOverlay| {
        Lit::new("ContainerOverlay")
            .field("image", opt(&o.image, image))
            .field("image_tag", opt_s(&o.image_tag))
            .field("env", env_of(&o.env))
            .field("env_remove", strings(&o.env_remove))
            .field("resources", opt(&o.resources, resources))
            .field("args", opt(&o.args, |a| strings(a)))
    };
    let base = ContainerOverlay::new(&o.name);
    lit(o).print(&lit(&base), &format!("ContainerOverlay::new({})", q(&o.name)))
}

fn overlay_expr(o: &Overlay) -> String {
    let lit = |o: &Overlay| {
        Lit::new("Overlay")
            .field("image_tag", opt_s(&o.image_tag))
            .field("image", opt(&o.image, image))
            .field("env", env_of(&o.env))
            .field("env_remove", strings(&o.env_remove))
            .field("resources", opt(&o.resources, resources))
            .field("probes", opt(&o.probes, probes))
            .field("containers", list(&o.containers, container_overlay))
    };
    with_default(o, lit, "Overlay")
}

fn workload(w: &Workload) -> String {
    match w {
        Workload::Deployment => "Workload::Deployment".into(),
        Workload::StatefulSet => "Workload::StatefulSet".into(),
        Workload::DaemonSet => "Workload::DaemonSet".into(),
        Workload::Pod => "Workload::Pod".into(),
        Workload::Job(j) => format!("Workload::Job({})", job(j)),
        Workload::CronJob(c) => {
            let lit = Lit::new("CronJob")
                .field("time_zone", opt_s(&c.time_zone))
                .field("concurrency", format!("Concurrency::{:?}", c.concurrency))
                .field("successful_jobs_history_limit", opt_n(&c.successful_jobs_history_limit))
                .field("failed_jobs_history_limit", opt_n(&c.failed_jobs_history_limit))
                .field("starting_deadline_seconds", opt_n(&c.starting_deadline_seconds))
                .field("suspend", c.suspend.to_string())
                .field("job", job(&c.job));
            let base = crate::model::CronJob::new(&c.schedule);
            let default = Lit::new("CronJob")
                .field("time_zone", opt_s(&base.time_zone))
                .field("concurrency", format!("Concurrency::{:?}", base.concurrency))
                .field("successful_jobs_history_limit", opt_n(&base.successful_jobs_history_limit))
                .field("failed_jobs_history_limit", opt_n(&base.failed_jobs_history_limit))
                .field("starting_deadline_seconds", opt_n(&base.starting_deadline_seconds))
                .field("suspend", base.suspend.to_string())
                .field("job", job(&base.job));
            format!(
                "Workload::CronJob({})",
                lit.print(&default, &format!("CronJob::new({})", q(&c.schedule)))
            )
        }
    }
}

fn job_lit(j: &Job) -> Lit {
    Lit::new("Job")
        .field("backoff_limit", j.backoff_limit.to_string())
        .field("ttl_seconds_after_finished", opt_n(&j.ttl_seconds_after_finished))
        .field(
            "restart_policy",
            format!(
                "RestartPolicy::{}",
                match j.restart_policy {
                    RestartPolicy::OnFailure => "OnFailure",
                    RestartPolicy::Never => "Never",
                }
            ),
        )
        .field("completions", opt_n(&j.completions))
        .field("parallelism", opt_n(&j.parallelism))
        .field("active_deadline_seconds", opt_n(&j.active_deadline_seconds))
}

fn job(j: &Job) -> String {
    job_lit(j).print(&job_lit(&Job::default()), "Job::default()")
}

fn image(i: &Image) -> String {
    match &i.reference {
        ImageRef::Tag(t) => format!("Image::tag({}, {})", q(&i.repository), q(t)),
        ImageRef::Digest(d) => format!("Image::digest({}, {})", q(&i.repository), q(d)),
        ImageRef::TagAndDigest(t, d) => format!(
            "Image {{ repository: {}, reference: ImageRef::TagAndDigest({}, {}) }}",
            s(&i.repository),
            s(t),
            s(d)
        ),
        ImageRef::Unpinned => {
            format!("Image {{ repository: {}, reference: ImageRef::Unpinned }}", s(&i.repository))
        }
    }
}

fn container_lit(c: &Container) -> Lit {
    Lit::new("Container")
        .field("name", s(&c.name))
        .field("image", image(&c.image))
        .field("pull_policy", format!("PullPolicy::{}", c.pull_policy.as_str()))
        .field("command", strings(&c.command))
        .field("args", strings(&c.args))
        .field("ports", list(&c.ports, port))
        .field("env", env(c))
        .field("env_from", list(&c.env_from, env_from))
        .field("probes", probes(&c.probes))
        .field("resources", resources(&c.resources))
        .field("mounts", list(&c.mounts, mount))
        .field("working_dir", opt_s(&c.working_dir))
}

fn container(c: &Container) -> String {
    container_lit(c).print(&container_lit(&Container::default()), "Container::default()")
}

fn port(p: &Port) -> String {
    match p.protocol {
        Protocol::Tcp if p.name == "http" => format!("Port::http({})", p.number),
        Protocol::Tcp => format!("Port::tcp({}, {})", q(&p.name), p.number),
        other => format!(
            "Port {{ name: {}, number: {}, protocol: Protocol::{other:?} }}",
            s(&p.name),
            p.number
        ),
    }
}

fn env(c: &Container) -> String {
    env_of(&c.env)
}

fn env_of(e: &crate::model::Env) -> String {
    let mut out = "Env::new()".to_owned();
    for (name, v) in &e.0 {
        let value = match v {
            EnvValue::Literal(l) => q(l),
            EnvValue::Config(k) => format!("EnvValue::Config({})", s(k)),
            EnvValue::Field(f) => format!("EnvValue::Field({})", s(f)),
            EnvValue::Secret(r) => format!(
                "SecretKeyRef {{ secret: {}, key: {}, optional: {} }}",
                s(&r.secret),
                s(&r.key),
                r.optional
            ),
            EnvValue::SharedConfig(r) => format!(
                "ConfigKeyRef {{ config: {}, key: {}, optional: {} }}",
                s(&r.config),
                s(&r.key),
                r.optional
            ),
            EnvValue::Resource(r) if r.container.is_none() && r.divisor.is_none() => {
                format!("EnvValue::resource({})", q(&r.resource))
            }
            EnvValue::Resource(r) => format!(
                "EnvValue::Resource(ResourceRef {{ resource: {}, container: {}, divisor: {} }})",
                s(&r.resource),
                opt_s(&r.container),
                opt_s(&r.divisor)
            ),
        };
        out.push_str(&format!(".set({}, {value})", q(name)));
    }
    out
}

fn env_from(f: &EnvFrom) -> String {
    match f {
        EnvFrom::Config => "EnvFrom::Config".into(),
        EnvFrom::Secret(n) => format!("EnvFrom::Secret({})", s(n)),
        EnvFrom::Shared(n) => format!("EnvFrom::Shared({})", s(n)),
        EnvFrom::Prefixed { prefix, from } => format!("{}.prefixed({})", env_from(from), q(prefix)),
        EnvFrom::Optional(from) => format!("{}.optional()", env_from(from)),
    }
}

fn probes(p: &Probes) -> String {
    let lit = Lit::new("Probes")
        .field("liveness", opt(&p.liveness, probe))
        .field("readiness", opt(&p.readiness, probe))
        .field("startup", opt(&p.startup, probe));
    let d = Probes::default();
    let default = Lit::new("Probes")
        .field("liveness", opt(&d.liveness, probe))
        .field("readiness", opt(&d.readiness, probe))
        .field("startup", opt(&d.startup, probe));
    lit.print(&default, "Probes::default()")
}

fn probe(p: &Probe) -> String {
    // The builders where they say it all: `Probe::http("/healthz", "http").every(10)`.
    let start = match &p.action {
        ProbeAction::Http { path, port, https, headers } => {
            let mut b = format!("Probe::http({}, {})", q(path), q(port));
            if *https {
                b.push_str(".https()");
            }
            for (k, v) in headers {
                b.push_str(&format!(".header({}, {})", q(k), q(v)));
            }
            b
        }
        ProbeAction::Grpc { port, service: None } => format!("Probe::grpc({})", q(port)),
        ProbeAction::Tcp { port } => format!("Probe::tcp({})", q(port)),
        ProbeAction::Exec { command } => {
            format!(
                "Probe::exec(&[{}])",
                command.iter().map(|c| q(c)).collect::<Vec<_>>().join(", ")
            )
        }
        ProbeAction::Grpc { port, service: Some(service) } => format!(
            "Probe {{ action: ProbeAction::Grpc {{ port: {}, service: Some({}) }}, ..Probe::default() }}",
            s(port),
            s(service)
        ),
    };
    let mut out = start;
    for (method, value) in [
        ("after", p.initial_delay_seconds),
        ("every", p.period_seconds),
        ("timeout", p.timeout_seconds),
        ("failures", p.failure_threshold),
    ] {
        if let Some(v) = value {
            out.push_str(&format!(".{method}({v})"));
        }
    }
    match p.success_threshold {
        Some(n) => format!("Probe {{ success_threshold: Some({n}), ..{out} }}"),
        None => out,
    }
}

fn compute(c: &Compute) -> String {
    let plain = c.ephemeral_storage.is_none() && c.extended.is_empty();
    match (&c.cpu, &c.memory) {
        (Some(cpu), Some(mem)) if plain => return format!("Compute::new({}, {})", q(cpu), q(mem)),
        (None, Some(mem)) if plain => return format!("Compute::memory({})", q(mem)),
        _ => {}
    }
    with_default(
        c,
        |c| {
            Lit::new("Compute")
                .field("cpu", opt_s(&c.cpu))
                .field("memory", opt_s(&c.memory))
                .field("ephemeral_storage", opt_s(&c.ephemeral_storage))
                .field("extended", map(&c.extended))
        },
        "Compute",
    )
}

fn resources(r: &Resources) -> String {
    let both = |c: &Compute| c.ephemeral_storage.is_none() && c.extended.is_empty();
    if let (Some(rc), Some(rm), Some(lc), Some(lm)) =
        (&r.requests.cpu, &r.requests.memory, &r.limits.cpu, &r.limits.memory)
        && both(&r.requests)
        && both(&r.limits)
    {
        return format!("Resources::new(({}, {}), ({}, {}))", q(rc), q(rm), q(lc), q(lm));
    }
    let lit = |r: &Resources| {
        Lit::new("Resources")
            .field("requests", compute(&r.requests))
            .field("limits", compute(&r.limits))
    };
    with_default(r, lit, "Resources")
}

fn mount(m: &Mount) -> String {
    let mut out = format!("Mount::new({}, {})", q(&m.volume), q(&m.path));
    if m.read_only {
        out.push_str(".read_only()");
    }
    if let Some(sub) = &m.sub_path {
        out = format!("Mount {{ sub_path: Some({}), ..{out} }}", s(sub));
    }
    out
}

fn service_port(p: &ServicePort) -> String {
    if p.name.is_none() && p.node_port.is_none() {
        return format!("ServicePort::new({}, {})", q(&p.target), p.port);
    }
    with_default(
        p,
        |p| {
            Lit::new("ServicePort")
                .field("name", opt_s(&p.name))
                .field("target", s(&p.target))
                .field("port", p.port.to_string())
                .field("node_port", opt_n(&p.node_port))
        },
        "ServicePort",
    )
}

fn expose(e: &Expose) -> String {
    let lit = |e: &Expose| {
        let lb = &e.load_balancer;
        Lit::new("Expose")
            .field("name", opt_s(&e.name))
            .field(
                "type_",
                format!(
                    "ExposeType::{}",
                    match e.type_ {
                        ExposeType::ClusterIp => "ClusterIp",
                        ExposeType::NodePort => "NodePort",
                        ExposeType::LoadBalancer => "LoadBalancer",
                        ExposeType::Headless => "Headless",
                    }
                ),
            )
            .field("ports", list(&e.ports, service_port))
            .field("annotations", map(&e.annotations))
            .field(
                "load_balancer",
                with_default(
                    lb,
                    |lb| {
                        Lit::new("LoadBalancer")
                            .field("class", opt_s(&lb.class))
                            .field("source_ranges", strings(&lb.source_ranges))
                            .field(
                                "external_traffic_policy_local",
                                lb.external_traffic_policy_local.to_string(),
                            )
                    },
                    "LoadBalancer",
                ),
            )
            .field("sticky_sessions", e.sticky_sessions.to_string())
            .field("publish_not_ready", e.publish_not_ready.to_string())
    };
    with_default(e, lit, "Expose")
}

/// A config's fields.
pub(super) fn config(c: &Config) -> String {
    let data =
        c.data.iter().fold(String::new(), |acc, (k, v)| format!("{acc}.set({}, {})", q(k), q(v)));
    let base = if c.hashed { "Config::hashed()" } else { "Config::new()" };
    let built = format!("{base}{data}");
    let mut extra = Vec::new();
    if c.immutable {
        extra.push("immutable: true".to_owned());
    }
    if let Some(n) = &c.name {
        extra.push(format!("name: Some({})", s(n)));
    }
    if extra.is_empty() { built } else { format!("Config {{ {}, ..{built} }}", extra.join(", ")) }
}

fn files(f: &Files) -> String {
    let source = match &f.source {
        FileSource::Config => "FileSource::Config".into(),
        FileSource::SharedConfig(n) => format!("FileSource::SharedConfig({})", s(n)),
        FileSource::Secret(n) => format!("FileSource::Secret({})", s(n)),
    };
    let rest = with_default(
        f,
        |f| {
            Lit::new("Files")
                .field("items", list(&f.items, |(k, p)| format!("({}, {})", s(k), s(p))))
                .field("default_mode", opt(&f.default_mode, |m| format!("0o{m:o}")))
        },
        "Files",
    );
    match rest.strip_prefix("Files { ") {
        Some(fields) => format!("Files {{ source: {source}, {fields}"),
        None => format!("Files::new({source})"),
    }
}

fn volume(v: &Volume) -> String {
    let source = match &v.source {
        VolumeSource::EmptyDir => "VolumeSource::EmptyDir".into(),
        VolumeSource::Memory(x) => format!("VolumeSource::Memory({})", s(x)),
        VolumeSource::Scratch(x) => format!("VolumeSource::Scratch({})", s(x)),
        VolumeSource::Config => "VolumeSource::Config".into(),
        VolumeSource::Secret(x) => format!("VolumeSource::Secret({})", s(x)),
        VolumeSource::SharedConfig(x) => format!("VolumeSource::SharedConfig({})", s(x)),
        VolumeSource::Files(f) => format!("VolumeSource::Files({})", files(f)),
        VolumeSource::Projected(fs) => format!("VolumeSource::Projected({})", list(fs, files)),
        VolumeSource::Claim(x) => format!("VolumeSource::Claim({})", s(x)),
        VolumeSource::ExistingClaim(x) => format!("VolumeSource::ExistingClaim({})", s(x)),
        VolumeSource::PodFields(items) => format!(
            "VolumeSource::PodFields({})",
            list(items, |(a, b)| format!("({}, {})", s(a), s(b)))
        ),
    };
    format!("Volume::new({}, {source})", q(&v.name))
}

fn storage(x: &Storage) -> String {
    let base = format!("Storage::new({}, {})", q(&x.name), q(&x.size));
    let lit = |x: &Storage| {
        Lit::new("Storage")
            .field("access_mode", format!("AccessMode::{:?}", x.access_mode))
            .field("storage_class", opt_s(&x.storage_class))
            .field("claim_name", opt_s(&x.claim_name))
    };
    lit(x).print(&lit(&Storage::new(&x.name, &x.size)), &base)
}

fn autoscale(a: &Autoscale) -> String {
    Lit::new("Autoscale")
        .field("min_replicas", a.min_replicas.to_string())
        .field("max_replicas", a.max_replicas.to_string())
        .field("cpu_percent", opt_n(&a.cpu_percent))
        .field("memory_percent", opt_n(&a.memory_percent))
        .print(
            &Lit::new("Autoscale")
                .field("min_replicas", "0".into())
                .field("max_replicas", "0".into())
                .field("cpu_percent", "None".into())
                .field("memory_percent", "None".into()),
            "Autoscale::default()",
        )
}

fn path_type(t: &Option<PathType>) -> String {
    opt(t, |t| format!("PathType::{t:?}"))
}

fn ingress(i: &Ingress) -> String {
    let lit = |i: &Ingress| {
        Lit::new("Ingress")
            .field("host", s(&i.host))
            .field("path", s(&i.path))
            .field("port", s(&i.port))
            .field("class_name", opt_s(&i.class_name))
            .field("tls_secret", opt_s(&i.tls_secret))
            .field("annotations", map(&i.annotations))
            .field(
                "rules",
                list(&i.rules, |r: &IngressRule| {
                    let paths = list(&r.paths, |p: &IngressPath| {
                        format!(
                            "IngressPath {{ path: {}, path_type: {}, backend: Backend {{ service: {}, port: {} }} }}",
                            s(&p.path),
                            path_type(&p.path_type),
                            s(&p.backend.service),
                            s(&p.backend.port)
                        )
                    });
                    format!("IngressRule {{ host: {}, paths: {paths} }}", s(&r.host))
                }),
            )
            .field("tls", list(&i.tls, |(hosts, secret)| format!("({}, {})", strings(hosts), s(secret))))
            .field("path_type", path_type(&i.path_type))
    };
    with_default(i, lit, "Ingress")
}

fn budget(b: &DisruptionBudget) -> String {
    format!("DisruptionBudget::{b:?}")
}

fn rollout(r: &Rollout) -> String {
    let strategy = opt(&r.strategy, |x| match x {
        Strategy::Recreate => "Strategy::Recreate".into(),
        Strategy::OnDelete => "Strategy::OnDelete".into(),
        Strategy::RollingUpdate { max_surge, max_unavailable } => format!(
            "Strategy::RollingUpdate {{ max_surge: {}, max_unavailable: {} }}",
            opt_s(max_surge),
            opt_s(max_unavailable)
        ),
    });
    let lit = |r: &Rollout, strategy: String| {
        Lit::new("Rollout")
            .field("strategy", strategy)
            .field("min_ready_seconds", opt_n(&r.min_ready_seconds))
            .field("revision_history_limit", opt_n(&r.revision_history_limit))
            .field("progress_deadline_seconds", opt_n(&r.progress_deadline_seconds))
            .field("parallel_pods", r.parallel_pods.to_string())
    };
    lit(r, strategy).print(&lit(&Rollout::default(), "None".into()), "Rollout::default()")
}

fn pod(p: &PodSettings) -> String {
    let lit = |p: &PodSettings| {
        Lit::new("PodSettings")
            .field("termination_grace_period_seconds", opt_n(&p.termination_grace_period_seconds))
            .field("node_selector", map(&p.node_selector))
            .field(
                "tolerations",
                list(&p.tolerations, |t| {
                    with_default(
                        t,
                        |t| {
                            Lit::new("Toleration")
                                .field("key", s(&t.key))
                                .field("value", opt_s(&t.value))
                                .field("effect", opt_s(&t.effect))
                                .field("toleration_seconds", opt_n(&t.toleration_seconds))
                        },
                        "Toleration",
                    )
                }),
            )
            .field("priority_class_name", opt_s(&p.priority_class_name))
            .field("image_pull_secrets", strings(&p.image_pull_secrets))
            .field("subdomain", opt_s(&p.subdomain))
    };
    lit(p).print(&lit(&PodSettings::default()), "PodSettings::default()")
}

fn peer(p: &Peer) -> String {
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

fn protocol_ports(ports: &[(u16, Protocol)]) -> String {
    list(ports, |(n, p)| format!("({n}, Protocol::{p:?})"))
}

fn egress(e: &Egress) -> String {
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

fn traffic(t: &Traffic) -> String {
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

/// An environment's NetworkPolicy.
pub(super) fn policy(p: &Policy) -> String {
    if *p == Policy::deny_all(&p.name) {
        return format!("Policy::deny_all({})", q(&p.name));
    }
    let lit = |x: &Policy| {
        Lit::new("Policy")
            .field("from", list(&x.from, peer))
            .field("ports", protocol_ports(&x.ports))
            .field("egress", egress(&x.egress))
    };
    let base = Policy::new(&p.name, p.pods.clone());
    lit(p).print(&lit(&base), &format!("Policy::new({}, {})", q(&p.name), map(&p.pods)))
}

fn account(a: &ServiceAccount) -> String {
    match a {
        ServiceAccount::Default => "ServiceAccount::Default".into(),
        ServiceAccount::Own => "ServiceAccount::Own".into(),
        ServiceAccount::Shared(n) => format!("ServiceAccount::Shared({})", s(n)),
        ServiceAccount::Existing(n) => format!("ServiceAccount::Existing({})", s(n)),
    }
}

fn security(x: &Security) -> String {
    let lit = |x: &Security| {
        Lit::new("Security")
            .field("run_as_user", x.run_as_user.to_string())
            .field("run_as_group", x.run_as_group.to_string())
            .field("fs_group", x.fs_group.to_string())
            .field("read_only_root_filesystem", x.read_only_root_filesystem.to_string())
            .field("writable_paths", strings(&x.writable_paths))
            .field("service_account_token", x.service_account_token.to_string())
            .field("network_policy", x.network_policy.to_string())
            .field("run_as_root", x.run_as_root.to_string())
            .field("bind_low_ports", x.bind_low_ports.to_string())
            .field("unpinned_images", x.unpinned_images.to_string())
            .field("image_user", x.image_user.to_string())
            .field("exception", opt_s(&x.exception))
    };
    lit(x).print(&lit(&Security::default()), "Security::default()")
}

/// `Waiver::new("CHECK", "reason")`.
pub(super) fn waiver(w: &Waiver) -> String {
    let named = [
        (Waiver::images_by_tag(), "Waiver::images_by_tag()"),
        (Waiver::secrets_in_env(), "Waiver::secrets_in_env()"),
        (Waiver::namespace_agnostic(), "Waiver::namespace_agnostic()"),
        (Waiver::local_images(), "Waiver::local_images()"),
    ];
    if let Some((_, call)) = named.iter().find(|(n, _)| n == w) {
        return (*call).to_owned();
    }
    if w == &Waiver::literal_credential(&w.reason) {
        return format!("Waiver::literal_credential({})", q(&w.reason));
    }
    format!("Waiver::new({}, {})", q(&w.check), q(&w.reason))
}

/// A Secret declaration.
pub(super) fn secret(x: &SecretSpec) -> String {
    let keys: Vec<String> = x.keys.iter().map(|k| q(k)).collect();
    let base = format!("SecretSpec::new({}, &[{}])", q(&x.name), keys.join(", "));
    let mut extra = Vec::new();
    if !x.description.is_empty() {
        extra.push(format!("description: {}", s(&x.description)));
    }
    if let Some(t) = &x.type_ {
        extra.push(format!("type_: Some({})", s(t)));
    }
    if extra.is_empty() { base } else { format!("SecretSpec {{ {}, ..{base} }}", extra.join(", ")) }
}

/// A ServiceAccount of the environment.
pub(super) fn service_account(x: &ServiceAccountSpec) -> String {
    let lit = |x: &ServiceAccountSpec| {
        Lit::new("ServiceAccountSpec")
            .field("annotations", map(&x.annotations))
            .field("automount_token", opt_n(&x.automount_token))
    };
    let base = ServiceAccountSpec::new(&x.name);
    lit(x).print(&lit(&base), &format!("ServiceAccountSpec::new({})", q(&x.name)))
}

/// A Service resolving to a name outside the cluster.
pub(super) fn external_service(x: &ExternalService) -> String {
    let base = format!("ExternalService::new({}, {})", q(&x.name), q(&x.external_name));
    if x.ports.is_empty() {
        return base;
    }
    let ports = list(&x.ports, |(n, p)| format!("({}, {p})", s(n)));
    format!("ExternalService {{ ports: {ports}, ..{base} }}")
}

/// A shared ConfigMap.
pub(super) fn shared_config(c: &SharedConfig) -> String {
    format!("SharedConfig::new({}, {})", q(&c.name), config(&c.config))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_differs_from_the_defaults_is_written() {
        let a = App { replicas: 3, ..App::new("api") };
        assert_eq!(app(&a), "App { replicas: 3, ..App::new(\"api\") }");
        assert_eq!(app(&App::new("api")), "App::new(\"api\")");
    }

    #[test]
    fn strings_are_escaped_and_long_texts_become_constants() {
        assert_eq!(s("a \"b\""), "\"a \\\"b\\\"\".into()");
        let _ = take_constants("");
        let file = "server.port=8080\nspring.datasource.url=jdbc:mysql://db:3306/app\n";
        assert_eq!(q(file), "SERVER_PORT_SPRING");
        assert_eq!(q(file), "SERVER_PORT_SPRING", "the same text is one constant");
        assert_eq!(
            take_constants("Config::new().set(\"a\", SERVER_PORT_SPRING)"),
            format!("const SERVER_PORT_SPRING: &str = r#\"{file}\"#;\n")
        );
        assert_eq!(take_constants("SERVER_PORT_SPRING"), "", "taken once");
    }
}
