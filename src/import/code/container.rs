//! Containers as Rust: images, ports, variables, probes, resources and mounts.

use super::*;
use crate::model::{
    Compute, ConfigKeyRef, Container, ContainerSecurity, Env, EnvFrom, EnvValue, Handler, Image,
    ImageRef, Mount, Port, Probe, ProbeAction, Probes, Protocol, ResourceRef, Resources,
    SecretKeyRef,
};

/// The image of container `owner`; a long repository or digest is a constant named after
/// the container (`FRONTEND_IMAGE`, `FRONTEND_DIGEST`).
pub(crate) fn image(cx: &Printer, i: &Image, owner: &str) -> String {
    let Image { repository, reference } = i;
    let repository = cx.q_named(repository, &format!("{owner} image"));
    let digest = |d: &str| cx.q_named(d, &format!("{owner} digest"));
    match reference {
        ImageRef::Tag(t) => format!("Image::tag({repository}, {})", cx.q(t)),
        ImageRef::Digest(d) => format!("Image::digest({repository}, {})", digest(d)),
        ImageRef::TagAndDigest(t, d) => format!(
            "Image {{ repository: {repository}.into(), reference: ImageRef::TagAndDigest({}, {}.into()) }}",
            cx.s(t),
            digest(d)
        ),
        ImageRef::Unpinned => {
            format!("Image {{ repository: {repository}.into(), reference: ImageRef::Unpinned }}")
        }
    }
}

fn container_lit(cx: &Printer, c: &Container) -> Lit {
    let Container {
        name,
        image: img,
        pull_policy,
        command,
        args,
        ports,
        env,
        env_from,
        probes: p,
        resources,
        mounts,
        working_dir,
        pre_stop,
        post_start,
        health_command,
        logs_on_failure,
        termination_message_path,
        stdin,
        stdin_once,
        tty,
        resize_policy,
        security,
    } = c;
    Lit::new("Container")
        .field("name", cx.s(name))
        .field("image", image(cx, img, name))
        .field("pull_policy", format!("PullPolicy::{}", pull_policy.as_str()))
        .field("command", script_lines(cx, command, name))
        .field("args", script_lines(cx, args, name))
        .field("ports", cx.vec(ports))
        .field("env", env.code(cx))
        .field("env_from", cx.vec(env_from))
        .field("probes", probes(cx, p, name))
        .field("resources", resources.code(cx))
        .field("mounts", cx.vec(mounts))
        .field("working_dir", cx.opt_s(working_dir))
        .field("logs_on_failure", logs_on_failure.to_string())
        .field("termination_message_path", cx.opt_s(termination_message_path))
        .field("stdin", stdin.to_string())
        .field("stdin_once", stdin_once.to_string())
        .field("tty", tty.to_string())
        .field("resize_policy", cx.vec(resize_policy))
        .field("pre_stop", cx.option(pre_stop))
        .field("post_start", cx.option(post_start))
        .field("health_command", cx.vec(health_command))
        .field("security", security.code(cx))
}

impl Code for Container {
    fn code(&self, cx: &Printer) -> String {
        container_lit(cx, self)
            .print(&container_lit(cx, &Container::default()), "Container::default()")
    }
}

impl Code for ContainerSecurity {
    fn code(&self, _: &Printer) -> String {
        let lit = |x: &ContainerSecurity| {
            let ContainerSecurity { run_as_user, run_as_group, privilege_escalation } = x;
            Lit::new("ContainerSecurity")
                .field("run_as_user", opt_n(run_as_user))
                .field("run_as_group", opt_n(run_as_group))
                .field("privilege_escalation", opt_n(privilege_escalation))
        };
        with_default(self, lit, "ContainerSecurity")
    }
}

/// A command line; a long argument in it becomes a constant named after the container
/// (`TRIGGER_SCRIPT` for a script of several lines, `TRIGGER_ARGUMENT` otherwise), not after
/// its first words.
fn script_lines(cx: &Printer, items: &[String], container: &str) -> String {
    list(items, |x| {
        let what = if x.contains('\n') { "script" } else { "argument" };
        format!("{}.into()", cx.q_named(x, &format!("{container} {what}")))
    })
}

impl Code for Handler {
    fn code(&self, cx: &Printer) -> String {
        match self {
            Handler::Exec(command) => format!("Handler::Exec({})", cx.vec(command)),
            Handler::Http { path, port } => {
                format!("Handler::Http {{ path: {}, port: {} }}", cx.s(path), cx.s(port))
            }
            Handler::Sleep(n) => format!("Handler::Sleep({n})"),
        }
    }
}

impl Code for Port {
    fn code(&self, cx: &Printer) -> String {
        let Port { name, number, protocol, host_port } = self;
        match (protocol, host_port) {
            (Protocol::Tcp, None) if name == "http" => format!("Port::http({number})"),
            (Protocol::Tcp, None) => format!("Port::tcp({}, {number})", cx.q(name)),
            (Protocol::Tcp, Some(host)) => {
                format!("Port {{ host_port: Some({host}), ..Port::tcp({}, {number}) }}", cx.q(name))
            }
            (other, host) => format!(
                "Port {{ name: {}, number: {number}, protocol: Protocol::{other:?}, host_port: {} }}",
                cx.s(name),
                opt_n(host)
            ),
        }
    }
}

impl Code for Env {
    /// `Env::new().set(…)…`; a long literal is a constant named after its variable.
    fn code(&self, cx: &Printer) -> String {
        let mut out = "Env::new()".to_owned();
        for (name, v) in self.iter() {
            let value = match v {
                EnvValue::Literal(l) => cx.q_named(l, name),
                EnvValue::Config(k) => format!("EnvValue::Config({})", cx.s(k)),
                EnvValue::Field(f) => format!("EnvValue::Field({})", cx.s(f)),
                EnvValue::Secret(r) => {
                    let SecretKeyRef { secret, key, optional, at: _ } = r;
                    key_ref(cx, ("SecretKeyRef", "secret"), secret, key, *optional)
                }
                EnvValue::SharedConfig(r) => {
                    let ConfigKeyRef { config, key, optional, at: _ } = r;
                    key_ref(cx, ("ConfigKeyRef", "config"), config, key, *optional)
                }
                EnvValue::Resource(r) => {
                    let ResourceRef { resource, container, divisor } = r;
                    if container.is_none() && divisor.is_none() {
                        format!("EnvValue::resource({})", cx.q(resource))
                    } else {
                        format!(
                            "EnvValue::Resource(ResourceRef {{ resource: {}, container: {}, divisor: {} }})",
                            cx.s(resource),
                            cx.opt_s(container),
                            cx.opt_s(divisor)
                        )
                    }
                }
            };
            out.push_str(&format!(".set({}, {value})", cx.q(name)));
        }
        out
    }
}

/// `Type { field: "name".into(), key: "key".into(), optional, ..Type::default() }`: a key of
/// a Secret or ConfigMap (`(type, field)` names which).
fn key_ref(
    cx: &Printer,
    (ty, field): (&str, &str),
    name: &str,
    key: &str,
    optional: bool,
) -> String {
    format!(
        "{ty} {{ {field}: {}, key: {}, optional: {optional}, ..{ty}::default() }}",
        cx.s(name),
        cx.s(key)
    )
}

impl Code for EnvFrom {
    fn code(&self, cx: &Printer) -> String {
        match self {
            EnvFrom::Config => "EnvFrom::Config".into(),
            EnvFrom::Secret(n) => format!("EnvFrom::Secret({})", cx.s(n)),
            EnvFrom::Shared(n) => {
                format!("EnvFrom::Shared({})", cx.handle(n.name(), Declared::Config))
            }
            EnvFrom::Prefixed { prefix, from } => {
                format!("{}.prefixed({})", from.code(cx), cx.q(prefix))
            }
            EnvFrom::Optional(from) => format!("{}.optional()", from.code(cx)),
        }
    }
}

/// Container `owner`'s probes; a long command is a constant named after the container and
/// the probe (`CACHE_LIVENESS_COMMAND`).
pub(crate) fn probes(cx: &Printer, p: &Probes, owner: &str) -> String {
    let lit = |p: &Probes| {
        let Probes { liveness, readiness, startup } = p;
        let one =
            |kind: &str, p: &Option<Probe>| opt(p, |p| probe(cx, p, &format!("{owner} {kind}")));
        Lit::new("Probes")
            .field("liveness", one("liveness", liveness))
            .field("readiness", one("readiness", readiness))
            .field("startup", one("startup", startup))
    };
    with_default(p, lit, "Probes")
}

/// One probe, named `what` where a constant needs a name.
fn probe(cx: &Printer, p: &Probe, what: &str) -> String {
    let Probe {
        action,
        initial_delay_seconds,
        period_seconds,
        timeout_seconds,
        failure_threshold,
        success_threshold,
        termination_grace_period_seconds,
        at: _,
    } = p;
    // The builders where they say it all: `Probe::http("/healthz", "http").every(10)`.
    let start = match action {
        ProbeAction::Http { path, port, https, headers } => {
            let mut b = format!("Probe::http({}, {})", cx.q(path), cx.q(port));
            if *https {
                b.push_str(".https()");
            }
            for (k, v) in headers {
                b.push_str(&format!(".header({}, {})", cx.q(k), cx.q(v)));
            }
            b
        }
        ProbeAction::Grpc { port, service: None } => format!("Probe::grpc({})", cx.q(port)),
        ProbeAction::Tcp { port } => format!("Probe::tcp({})", cx.q(port)),
        ProbeAction::Exec { command } => {
            let command: Vec<String> =
                command.iter().map(|c| cx.q_named(c, &format!("{what} command"))).collect();
            format!("Probe::exec(&[{}])", command.join(", "))
        }
        ProbeAction::Grpc { port, service: Some(service) } => format!(
            "Probe {{ action: ProbeAction::Grpc {{ port: {}, service: Some({}) }}, ..Probe::default() }}",
            cx.s(port),
            cx.s(service)
        ),
    };
    let mut out = start;
    for (method, value) in [
        ("after", initial_delay_seconds),
        ("every", period_seconds),
        ("timeout", timeout_seconds),
        ("failures", failure_threshold),
    ] {
        if let Some(v) = value {
            out.push_str(&format!(".{method}({v})"));
        }
    }
    let more: Vec<String> = [
        ("success_threshold", success_threshold.map(i64::from)),
        ("termination_grace_period_seconds", *termination_grace_period_seconds),
    ]
    .into_iter()
    .filter_map(|(field, v)| Some(format!("{field}: Some({})", v?)))
    .collect();
    if more.is_empty() { out } else { format!("Probe {{ {}, ..{out} }}", more.join(", ")) }
}

impl Code for Compute {
    fn code(&self, cx: &Printer) -> String {
        let plain = self.ephemeral_storage.is_none() && self.extended.is_empty();
        match (&self.cpu, &self.memory) {
            (Some(cpu), Some(mem)) if plain => {
                return format!("Compute::new({}, {})", cx.q(cpu), cx.q(mem));
            }
            (None, Some(mem)) if plain => return format!("Compute::memory({})", cx.q(mem)),
            _ => {}
        }
        let lit = |c: &Compute| {
            let Compute { cpu, memory, ephemeral_storage, extended } = c;
            Lit::new("Compute")
                .field("cpu", cx.opt_s(cpu))
                .field("memory", cx.opt_s(memory))
                .field("ephemeral_storage", cx.opt_s(ephemeral_storage))
                .field("extended", cx.map(extended))
        };
        with_default(self, lit, "Compute")
    }
}

impl Code for Resources {
    fn code(&self, cx: &Printer) -> String {
        let Resources { requests, limits } = self;
        let plain = |c: &Compute| c.ephemeral_storage.is_none() && c.extended.is_empty();
        if let (Some(rc), Some(rm), Some(lc), Some(lm)) =
            (&requests.cpu, &requests.memory, &limits.cpu, &limits.memory)
            && plain(requests)
            && plain(limits)
        {
            return format!(
                "Resources::requests({}, {}).limits({}, {})",
                cx.q(rc),
                cx.q(rm),
                cx.q(lc),
                cx.q(lm)
            );
        }
        let lit = |r: &Resources| {
            Lit::new("Resources")
                .field("requests", r.requests.code(cx))
                .field("limits", r.limits.code(cx))
        };
        with_default(self, lit, "Resources")
    }
}

impl Code for Mount {
    fn code(&self, cx: &Printer) -> String {
        let Mount { volume, path, sub_path, read_only, sub_path_expr, propagation, at: _ } = self;
        let mut out = format!("Mount::new({}, {})", cx.q(volume), cx.q(path));
        if *read_only {
            out.push_str(".read_only()");
        }
        let more: Vec<String> = [
            ("sub_path", sub_path),
            ("sub_path_expr", sub_path_expr),
            ("propagation", propagation),
        ]
        .into_iter()
        .filter_map(|(field, v)| Some(format!("{field}: Some({})", cx.s(v.as_ref()?))))
        .collect();
        if !more.is_empty() {
            out = format!("Mount {{ {}, ..{out} }}", more.join(", "));
        }
        out
    }
}
