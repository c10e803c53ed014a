//! Containers, probes, resources and volumes as the model's.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1 as core;

use super::*;
use crate::model::{
    Compute, Container, Env, EnvFrom, EnvValue, FileSource, Files, Handler, Image, ImageRef, Mount,
    Port, Probe, ProbeAction, Probes, Protocol, PullPolicy, ResourceRef, Resources, SecretKeyRef,
    Volume, VolumeSource,
};

/// A name for an unnamed container port (the model refers to ports by name): the name a
/// Service gives the port that targets it, else `port-N`; never from what differs between
/// environments (a probe an overlay adds), so every environment names the port the same.
/// Adding a name changes nothing that reaches the port.
pub(crate) fn port_name(
    number: i32,
    protocol: &str,
    hints: &BTreeMap<i32, String>,
    taken: &[String],
) -> String {
    let valid = |n: &str| {
        n.len() <= 15
            && n.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && n.chars().any(|c| c.is_ascii_lowercase())
            && !n.starts_with('-')
            && !n.ends_with('-')
            && !n.contains("--")
    };
    match hints.get(&number) {
        Some(n) if valid(n) && !taken.contains(n) => n.clone(),
        _ => match protocol {
            "UDP" => format!("udp-{number}"),
            "SCTP" => format!("sctp-{number}"),
            _ => format!("port-{number}"),
        },
    }
}

/// Port number → a name for it, from the Services over the pods.
pub(crate) fn port_hints(services: &[&core::Service]) -> BTreeMap<i32, String> {
    use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
    let mut hints = BTreeMap::new();
    for s in services {
        for p in s.spec.iter().flat_map(|s| s.ports.iter().flatten()) {
            let target = match &p.target_port {
                Some(IntOrString::Int(n)) => Some(*n),
                None => Some(p.port),
                Some(IntOrString::String(_)) => None,
            };
            if let (Some(name), Some(n)) = (&p.name, target) {
                hints.insert(n, name.clone());
            }
        }
    }
    hints
}

pub(crate) fn container(
    k: &core::Container,
    names: &ConfigNames<'_>,
    services: &[&core::Service],
) -> Result<Container, String> {
    let hints = port_hints(services);
    let image = image(k.image.as_deref().unwrap_or_default())
        .ok_or_else(|| format!("container `{}` has an image rustomize cannot read", k.name))?;
    let mut ports = Vec::new();
    for p in k.ports.iter().flatten() {
        let protocol = p.protocol.as_deref().unwrap_or("TCP");
        let taken: Vec<String> = k.ports.iter().flatten().filter_map(|p| p.name.clone()).collect();
        ports.push(Port {
            name: p.name.clone().unwrap_or_else(|| {
                let mine: Vec<String> =
                    ports.iter().map(|p: &Port| p.name.clone()).chain(taken).collect();
                port_name(p.container_port, protocol, &hints, &mine)
            }),
            number: u16::try_from(p.container_port).map_err(|_| "a port outside 1–65535")?,
            protocol: match protocol {
                "UDP" => Protocol::Udp,
                "SCTP" => Protocol::Sctp,
                _ => Protocol::Tcp,
            },
            host_port: p
                .host_port
                .filter(|p| *p != 0)
                .map(u16::try_from)
                .transpose()
                .map_err(|_| "a host port outside 1–65535")?,
        });
        if p.host_ip.is_some() {
            return Err(format!("container `{}` binds a host port to one address", k.name));
        }
    }
    let mut env = Env::new();
    for e in k.env.iter().flatten() {
        let value = match (&e.value, &e.value_from) {
            (v, None) => EnvValue::Literal(v.clone().unwrap_or_default()),
            (_, Some(from)) => {
                if let Some(r) = &from.config_map_key_ref {
                    names.env(&r.name, &r.key, r.optional.unwrap_or(false))?
                } else if let Some(r) = &from.secret_key_ref {
                    EnvValue::Secret(SecretKeyRef {
                        secret: r.name.clone(),
                        key: r.key.clone(),
                        optional: r.optional.unwrap_or(false),
                        ..SecretKeyRef::default()
                    })
                } else if let Some(r) = &from.field_ref {
                    EnvValue::Field(r.field_path.clone())
                } else if let Some(r) = &from.resource_field_ref {
                    EnvValue::Resource(ResourceRef {
                        resource: r.resource.clone(),
                        container: r.container_name.clone(),
                        divisor: r.divisor.as_ref().map(|q| q.0.clone()),
                    })
                } else {
                    return Err(format!("variable `{}` reads a source rustomize lacks", e.name));
                }
            }
        };
        env = env.set(&e.name, value);
    }
    let mut env_from = Vec::new();
    for f in k.env_from.iter().flatten() {
        let (from, optional) = if let Some(r) = &f.config_map_ref {
            let from = match names.source(&r.name)? {
                FileSource::Config => EnvFrom::Config,
                FileSource::SharedConfig(s) => EnvFrom::Shared(s),
                FileSource::Secret(s) => EnvFrom::Secret(s),
            };
            (from, r.optional.unwrap_or(false))
        } else if let Some(r) = &f.secret_ref {
            (EnvFrom::Secret(r.name.clone()), r.optional.unwrap_or(false))
        } else {
            continue;
        };
        let from = if optional { from.optional() } else { from };
        env_from.push(match &f.prefix {
            Some(p) => from.prefixed(p),
            None => from,
        });
    }
    let resources = k.resources.as_ref().map(resources).transpose()?.unwrap_or_default();
    let pull_policy = match k.image_pull_policy.as_deref() {
        Some("Always") => PullPolicy::Always,
        Some("Never") => PullPolicy::Never,
        Some(_) => PullPolicy::IfNotPresent,
        // The API server's default, so the pods pull as they did.
        None if matches!(image.reference, ImageRef::Unpinned)
            || matches!(&image.reference, ImageRef::Tag(t) if t == "latest") =>
        {
            PullPolicy::Always
        }
        None => PullPolicy::IfNotPresent,
    };
    let lifecycle = k.lifecycle.clone().unwrap_or_default();
    if lifecycle.stop_signal.is_some() {
        return Err(format!("container `{}` sets a stop signal", k.name));
    }
    let hook = |h: Option<&core::LifecycleHandler>| -> Result<Option<Handler>, String> {
        handler(h, &ports).map_err(|why| format!("container `{}`: {why}", k.name))
    };
    let pre_stop = hook(lifecycle.pre_stop.as_ref())?;
    let post_start = hook(lifecycle.post_start.as_ref())?;
    let probe = |p: &Option<core::Probe>| -> Result<Option<Probe>, String> {
        p.as_ref().map(|p| probe(p, &ports)).transpose()
    };
    Ok(Container {
        name: k.name.clone(),
        image,
        pull_policy,
        command: k.command.clone().unwrap_or_default(),
        args: k.args.clone().unwrap_or_default(),
        env,
        env_from,
        probes: Probes {
            liveness: probe(&k.liveness_probe)?,
            readiness: probe(&k.readiness_probe)?,
            startup: probe(&k.startup_probe)?,
        },
        resources,
        mounts: k
            .volume_mounts
            .iter()
            .flatten()
            .map(|m| Mount {
                volume: m.name.clone(),
                path: m.mount_path.clone(),
                sub_path: m.sub_path.clone(),
                read_only: m.read_only.unwrap_or(false),
                sub_path_expr: m.sub_path_expr.clone(),
                propagation: m.mount_propagation.clone(),
                ..Mount::default()
            })
            .collect(),
        working_dir: k.working_dir.clone(),
        logs_on_failure: k.termination_message_policy.as_deref() == Some("FallbackToLogsOnError"),
        // The API server's default path is left out, as a team writes it.
        termination_message_path: k
            .termination_message_path
            .clone()
            .filter(|p| p != "/dev/termination-log"),
        stdin: k.stdin.unwrap_or(false),
        stdin_once: k.stdin_once.unwrap_or(false),
        tty: k.tty.unwrap_or(false),
        resize_policy: k
            .resize_policy
            .iter()
            .flatten()
            .map(|p| (p.resource_name.clone(), p.restart_policy.clone()))
            .collect(),
        pre_stop,
        post_start,
        ports,
        ..Container::default()
    })
}

/// A lifecycle hook as the model's: a command, an HTTP GET of a named port, or a sleep.
fn handler(h: Option<&core::LifecycleHandler>, ports: &[Port]) -> Result<Option<Handler>, String> {
    use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
    let Some(h) = h else { return Ok(None) };
    match (&h.exec, &h.http_get, &h.sleep, &h.tcp_socket) {
        (Some(e), None, None, None) => {
            Ok(Some(Handler::Exec(e.command.clone().unwrap_or_default())))
        }
        (None, None, Some(s), None) => Ok(Some(Handler::Sleep(s.seconds))),
        (None, Some(g), None, None)
            if g.host.is_none() && g.http_headers.is_none() && g.scheme.is_none() =>
        {
            let port = match &g.port {
                IntOrString::String(n) => n.clone(),
                IntOrString::Int(n) => ports
                    .iter()
                    .find(|p| i32::from(p.number) == *n)
                    .map(|p| p.name.clone())
                    .ok_or("a hook on a port the container does not declare")?,
            };
            Ok(Some(Handler::Http { path: g.path.clone().unwrap_or_default(), port }))
        }
        _ => Err("a lifecycle hook rustomize does not model".into()),
    }
}

/// `repo[:tag][@digest]`.
pub(crate) fn image(s: &str) -> Option<Image> {
    let (rest, digest) = match s.split_once('@') {
        Some((r, d)) => (r, Some(d.to_owned())),
        None => (s, None),
    };
    let slash = rest.rfind('/').map_or(0, |i| i + 1);
    let (repository, tag) = match rest[slash..].rfind(':') {
        Some(i) => (&rest[..slash + i], Some(rest[slash + i + 1..].to_owned())),
        None => (rest, None),
    };
    if repository.is_empty() {
        return None;
    }
    let reference = match (tag, digest) {
        (Some(t), Some(d)) => ImageRef::TagAndDigest(t, d),
        (Some(t), None) => ImageRef::Tag(t),
        (None, Some(d)) => ImageRef::Digest(d),
        (None, None) => ImageRef::Unpinned,
    };
    Some(Image { repository: repository.to_owned(), reference })
}

pub(crate) fn resources(r: &core::ResourceRequirements) -> Result<Resources, String> {
    if r.claims.is_some() {
        return Err("resource claims".into());
    }
    let compute =
        |m: &Option<BTreeMap<String, k8s_openapi::apimachinery::pkg::api::resource::Quantity>>| {
            let mut c = Compute::default();
            for (k, q) in m.iter().flatten() {
                match k.as_str() {
                    "cpu" => c.cpu = Some(q.0.clone()),
                    "memory" => c.memory = Some(q.0.clone()),
                    "ephemeral-storage" => c.ephemeral_storage = Some(q.0.clone()),
                    _ => {
                        c.extended.insert(k.clone(), q.0.clone());
                    }
                }
            }
            c
        };
    Ok(Resources { requests: compute(&r.requests), limits: compute(&r.limits) })
}

pub(crate) fn probe(p: &core::Probe, ports: &[Port]) -> Result<Probe, String> {
    use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
    let port = |p: &IntOrString| -> Result<String, String> {
        match p {
            IntOrString::String(s) => Ok(s.clone()),
            // A port it listens on without declaring it is said by its number.
            IntOrString::Int(n) => Ok(ports
                .iter()
                .find(|x| i32::from(x.number) == *n)
                .map_or_else(|| n.to_string(), |x| x.name.clone())),
        }
    };
    let action = if let Some(h) = &p.http_get {
        if h.host.is_some() {
            return Err("an HTTP probe with a host".into());
        }
        ProbeAction::Http {
            path: h.path.clone().unwrap_or_default(),
            port: port(&h.port)?,
            https: h.scheme.as_deref() == Some("HTTPS"),
            headers: h
                .http_headers
                .iter()
                .flatten()
                .map(|x| (x.name.clone(), x.value.clone()))
                .collect(),
        }
    } else if let Some(t) = &p.tcp_socket {
        ProbeAction::Tcp { port: port(&t.port)? }
    } else if let Some(g) = &p.grpc {
        ProbeAction::Grpc { port: port(&IntOrString::Int(g.port))?, service: g.service.clone() }
    } else if let Some(e) = &p.exec {
        ProbeAction::Exec { command: e.command.clone().unwrap_or_default() }
    } else {
        return Err("a probe with no action".into());
    };
    Ok(Probe {
        action,
        initial_delay_seconds: p.initial_delay_seconds,
        period_seconds: p.period_seconds,
        timeout_seconds: p.timeout_seconds,
        failure_threshold: p.failure_threshold,
        success_threshold: p.success_threshold,
        termination_grace_period_seconds: p.termination_grace_period_seconds,
        ..Probe::default()
    })
}

pub(crate) fn volume(v: &core::Volume, names: &ConfigNames<'_>) -> Result<Volume, String> {
    let items = |i: &Option<Vec<core::KeyToPath>>| -> Result<Vec<(String, String)>, String> {
        i.iter()
            .flatten()
            .map(|k| match k.mode {
                Some(_) => Err("a per-file mode".to_owned()),
                None => Ok((k.key.clone(), k.path.clone())),
            })
            .collect()
    };
    let source = if let Some(e) = &v.empty_dir {
        match (e.medium.as_deref(), &e.size_limit) {
            (Some("Memory"), Some(q)) => VolumeSource::Memory(q.0.clone()),
            (None | Some(""), None) => VolumeSource::EmptyDir,
            (None | Some(""), Some(q)) => VolumeSource::Scratch(q.0.clone()),
            _ => return Err(format!("volume `{}`: an emptyDir rustomize cannot express", v.name)),
        }
    } else if let Some(cm) = &v.config_map {
        let source = names.source(&cm.name)?;
        let files = Files {
            source: source.clone(),
            items: items(&cm.items)?,
            default_mode: cm.default_mode,
            optional: cm.optional == Some(true),
        };
        VolumeSource::Files(files)
    } else if let Some(s) = &v.secret {
        let secret = s.secret_name.clone().ok_or("a Secret volume without a name")?;
        let files = Files {
            source: FileSource::Secret(secret.clone()),
            items: items(&s.items)?,
            default_mode: s.default_mode,
            optional: s.optional == Some(true),
        };
        VolumeSource::Files(files)
    } else if let Some(t) = v.projected.as_ref().and_then(|p| match p.sources.as_deref() {
        // A volume of one ServiceAccount token.
        Some([only]) if p.default_mode.is_none() => {
            only.service_account_token.as_ref().filter(|_| {
                *only
                    == core::VolumeProjection {
                        service_account_token: only.service_account_token.clone(),
                        ..Default::default()
                    }
            })
        }
        _ => None,
    }) {
        VolumeSource::Token {
            path: t.path.clone(),
            audience: t.audience.clone(),
            expiration_seconds: t.expiration_seconds,
        }
    } else if let Some(e) = &v.ephemeral {
        // A claim for the pod: an access mode, a size and a class, nothing else.
        let template = e
            .volume_claim_template
            .clone()
            .ok_or_else(|| format!("ephemeral volume `{}` has no claim template", v.name))?;
        if template.metadata.is_some() {
            return Err(format!("ephemeral volume `{}` labels its claims", v.name));
        }
        let claim = core::PersistentVolumeClaim { spec: Some(template.spec), ..Default::default() };
        let storage = super::claim_template(&claim, &super::Common::default(), &BTreeMap::new())
            .map_err(|why| format!("ephemeral volume `{}`: {why}", v.name))?;
        VolumeSource::Ephemeral {
            size: storage.size,
            access_mode: storage.access_mode,
            storage_class: storage.storage_class,
        }
    } else if let Some(p) = v.projected.as_ref().filter(|p| p.default_mode.is_none()) {
        // ConfigMaps and Secrets in one directory; any other source is not the model's.
        let mut files = Vec::new();
        for s in p.sources.iter().flatten() {
            let only = |x: core::VolumeProjection| x == *s;
            if let Some(cm) = s.config_map.as_ref().filter(|cm| {
                only(core::VolumeProjection {
                    config_map: Some((*cm).clone()),
                    ..Default::default()
                })
            }) {
                files.push(Files {
                    source: names.source(&cm.name)?,
                    items: items(&cm.items)?,
                    default_mode: None,
                    optional: cm.optional == Some(true),
                });
            } else if let Some(x) = s.secret.as_ref().filter(|x| {
                only(core::VolumeProjection { secret: Some((*x).clone()), ..Default::default() })
            }) {
                files.push(Files {
                    source: FileSource::Secret(x.name.clone()),
                    items: items(&x.items)?,
                    default_mode: None,
                    optional: x.optional == Some(true),
                });
            } else {
                return Err(format!(
                    "volume `{}` projects a source other than a ConfigMap or Secret",
                    v.name
                ));
            }
        }
        VolumeSource::Projected(files)
    } else if let Some(d) = v.downward_api.as_ref().filter(|d| d.default_mode.is_none()) {
        // The pod's own fields as files: by path and field, with no mode or resource.
        let field = |f: &core::DownwardAPIVolumeFile| match (&f.field_ref, &f.resource_field_ref) {
            (Some(r), None) if f.mode.is_none() && r.api_version.is_none() => {
                Ok((f.path.clone(), r.field_path.clone()))
            }
            _ => Err(format!("volume `{}` has a downward API file the model cannot say", v.name)),
        };
        VolumeSource::PodFields(d.items.iter().flatten().map(field).collect::<Result<_, _>>()?)
    } else if let Some(c) = v.csi.as_ref().filter(|c| {
        // What the model says: a driver, read-only or not, and its attributes.
        c.fs_type.is_none() && c.node_publish_secret_ref.is_none()
    }) {
        VolumeSource::Csi {
            driver: c.driver.clone(),
            read_only: c.read_only == Some(true),
            attributes: c.volume_attributes.clone().unwrap_or_default(),
        }
    } else if let Some(c) = &v.persistent_volume_claim {
        if c.read_only.is_some() {
            return Err(format!("volume `{}` is a read-only claim", v.name));
        }
        VolumeSource::ExistingClaim(c.claim_name.clone())
    } else if *v == (core::Volume { name: v.name.clone(), ..core::Volume::default() }) {
        // No source at all: the API server defaults it to an empty directory.
        VolumeSource::EmptyDir
    } else {
        // Named by its field (`hostPath`, `nfs`, `csi`), so the reason says what it is.
        let source = serde_json::to_value(v)
            .ok()
            .and_then(|v| v.as_object()?.keys().find(|k| *k != "name").cloned())
            .unwrap_or_else(|| "another".into());
        return Err(format!(
            "volume `{}` is a `{source}` volume, a source rustomize does not model",
            v.name
        ));
    };
    Ok(Volume { name: v.name.clone(), source })
}
