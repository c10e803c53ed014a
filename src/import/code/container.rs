//! Containers as Rust: images, ports, variables, probes, resources and mounts.

use super::*;
use crate::model::{
    Compute, Container, ContainerSecurity, EnvFrom, EnvValue, Handler, Image, ImageRef, Mount,
    Port, Probe, ProbeAction, Probes, Protocol, Resources,
};

/// The image of container `owner`; a long repository or digest is a constant named after
/// the container (`FRONTEND_IMAGE`, `FRONTEND_DIGEST`).
pub(crate) fn image(i: &Image, owner: &str) -> String {
    let repository = q_named(&i.repository, &format!("{owner} image"));
    let digest = |d: &str| q_named(d, &format!("{owner} digest"));
    match &i.reference {
        ImageRef::Tag(t) => format!("Image::tag({repository}, {})", q(t)),
        ImageRef::Digest(d) => format!("Image::digest({repository}, {})", digest(d)),
        ImageRef::TagAndDigest(t, d) => format!(
            "Image {{ repository: {repository}.into(), reference: ImageRef::TagAndDigest({}, {}.into()) }}",
            s(t),
            digest(d)
        ),
        ImageRef::Unpinned => {
            format!("Image {{ repository: {repository}.into(), reference: ImageRef::Unpinned }}")
        }
    }
}

pub(crate) fn container_lit(c: &Container) -> Lit {
    // Destructured whole, so a new field of `Container` is a compile error here.
    let Container {
        name,
        image: img,
        pull_policy,
        command,
        args,
        ports,
        env: _,
        env_from,
        probes: p,
        resources: r,
        mounts,
        working_dir,
        pre_stop,
        post_start,
        health_command,
        logs_on_failure,
        termination_message_path,
        security,
    } = c;
    Lit::new("Container")
        .field("name", s(name))
        .field("image", image(img, name))
        .field("pull_policy", format!("PullPolicy::{}", pull_policy.as_str()))
        .field("command", script_lines(command, name))
        .field("args", script_lines(args, name))
        .field("ports", list(ports, port))
        .field("env", env(c))
        .field("env_from", list(env_from, self::env_from))
        .field("probes", probes(p, name))
        .field("resources", resources(r))
        .field("mounts", list(mounts, mount))
        .field("working_dir", opt_s(working_dir))
        .field("logs_on_failure", logs_on_failure.to_string())
        .field("termination_message_path", opt_s(termination_message_path))
        .field("pre_stop", opt(pre_stop, handler))
        .field("post_start", opt(post_start, handler))
        .field("health_command", strings(health_command))
        .field("security", container_security(security))
}

fn container_security(x: &ContainerSecurity) -> String {
    let lit = |x: &ContainerSecurity| {
        let ContainerSecurity { run_as_user, run_as_group, privilege_escalation } = x;
        Lit::new("ContainerSecurity")
            .field("run_as_user", opt_n(run_as_user))
            .field("run_as_group", opt_n(run_as_group))
            .field("privilege_escalation", opt_n(privilege_escalation))
    };
    with_default(x, lit, "ContainerSecurity")
}

/// A command line; a long argument in it becomes a constant named after the container
/// (`TRIGGER_SCRIPT` for a script of several lines, `TRIGGER_ARGUMENT` otherwise), not after
/// its first words.
fn script_lines(items: &[String], container: &str) -> String {
    list(items, |x| {
        let what = if x.contains('\n') { "script" } else { "argument" };
        format!("{}.into()", q_named(x, &format!("{container} {what}")))
    })
}

pub(crate) fn container(c: &Container) -> String {
    container_lit(c).print(&container_lit(&Container::default()), "Container::default()")
}

pub(crate) fn handler(h: &Handler) -> String {
    match h {
        Handler::Exec(command) => format!("Handler::Exec({})", strings(command)),
        Handler::Http { path, port } => {
            format!("Handler::Http {{ path: {}, port: {} }}", s(path), s(port))
        }
        Handler::Sleep(n) => format!("Handler::Sleep({n})"),
    }
}

pub(crate) fn port(p: &Port) -> String {
    let Port { name, number, protocol, host_port } = p;
    match (protocol, host_port) {
        (Protocol::Tcp, None) if name == "http" => format!("Port::http({number})"),
        (Protocol::Tcp, None) => format!("Port::tcp({}, {number})", q(name)),
        (Protocol::Tcp, Some(host)) => {
            format!("Port {{ host_port: Some({host}), ..Port::tcp({}, {number}) }}", q(name))
        }
        (other, host) => format!(
            "Port {{ name: {}, number: {number}, protocol: Protocol::{other:?}, host_port: {} }}",
            s(name),
            opt_n(host)
        ),
    }
}

pub(crate) fn env(c: &Container) -> String {
    env_of(&c.env)
}

pub(crate) fn env_of(e: &crate::model::Env) -> String {
    let mut out = "Env::new()".to_owned();
    for (name, v) in e.iter() {
        let value = match v {
            EnvValue::Literal(l) => super::q_named(l, name),
            EnvValue::Config(k) => format!("EnvValue::Config({})", s(k)),
            EnvValue::Field(f) => format!("EnvValue::Field({})", s(f)),
            EnvValue::Secret(r) => format!(
                "SecretKeyRef {{ secret: {}, key: {}, optional: {}, ..SecretKeyRef::default() }}",
                s(&r.secret),
                s(&r.key),
                r.optional
            ),
            EnvValue::SharedConfig(r) => format!(
                "ConfigKeyRef {{ config: {}, key: {}, optional: {}, ..ConfigKeyRef::default() }}",
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

pub(crate) fn env_from(f: &EnvFrom) -> String {
    match f {
        EnvFrom::Config => "EnvFrom::Config".into(),
        EnvFrom::Secret(n) => format!("EnvFrom::Secret({})", s(n)),
        EnvFrom::Shared(n) => format!("EnvFrom::Shared({})", shared_config_handle(n)),
        EnvFrom::Prefixed { prefix, from } => format!("{}.prefixed({})", env_from(from), q(prefix)),
        EnvFrom::Optional(from) => format!("{}.optional()", env_from(from)),
    }
}

/// Container `owner`'s probes; a long command is a constant named after the container and
/// the probe (`CACHE_LIVENESS_COMMAND`).
pub(crate) fn probes(p: &Probes, owner: &str) -> String {
    let lit = |p: &Probes| {
        let Probes { liveness, readiness, startup } = p;
        let one = |kind: &str, p: &Option<Probe>| opt(p, |p| probe(p, &format!("{owner} {kind}")));
        Lit::new("Probes")
            .field("liveness", one("liveness", liveness))
            .field("readiness", one("readiness", readiness))
            .field("startup", one("startup", startup))
    };
    with_default(p, lit, "Probes")
}

/// One probe, named `what` where a constant needs a name.
pub(crate) fn probe(p: &Probe, what: &str) -> String {
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
                command
                    .iter()
                    .map(|c| q_named(c, &format!("{what} command")))
                    .collect::<Vec<_>>()
                    .join(", ")
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

pub(crate) fn compute(c: &Compute) -> String {
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

pub(crate) fn resources(r: &Resources) -> String {
    let both = |c: &Compute| c.ephemeral_storage.is_none() && c.extended.is_empty();
    if let (Some(rc), Some(rm), Some(lc), Some(lm)) =
        (&r.requests.cpu, &r.requests.memory, &r.limits.cpu, &r.limits.memory)
        && both(&r.requests)
        && both(&r.limits)
    {
        return format!("Resources::requests({}, {}).limits({}, {})", q(rc), q(rm), q(lc), q(lm));
    }
    let lit = |r: &Resources| {
        Lit::new("Resources")
            .field("requests", compute(&r.requests))
            .field("limits", compute(&r.limits))
    };
    with_default(r, lit, "Resources")
}

pub(crate) fn mount(m: &Mount) -> String {
    let mut out = format!("Mount::new({}, {})", q(&m.volume), q(&m.path));
    if m.read_only {
        out.push_str(".read_only()");
    }
    if let Some(sub) = &m.sub_path {
        out = format!("Mount {{ sub_path: Some({}), ..{out} }}", s(sub));
    }
    out
}
