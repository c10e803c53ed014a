//! One container as Kubernetes wants it: image, security context, command, ports,
//! environment, probes, lifecycle hooks, resources and mounts.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::Names;
use super::labels::non_empty;
use super::pod::{none_if_empty, writable_volume};
use crate::model::{
    App, Compute, Container, ContainerSecurity, EnvFrom, EnvValue, Handler, Probe, ProbeAction,
    Protocol, Security,
};

/// Never privileged; no privilege escalation and no capabilities unless the app's
/// [`Security`] says which, with its reason; the user, group and escalation of a container
/// that departs from it (`own`).
fn security_context(s: &Security, own: &ContainerSecurity) -> core::SecurityContext {
    let capabilities = core::Capabilities {
        drop: none_if_empty(s.drop_capabilities.clone()),
        add: none_if_empty(s.add_capabilities.clone()),
    };
    let on_containers = s.ids().filter(|_| s.user_on_containers);
    let app_user = on_containers.map(|(uid, _, _)| uid);
    let app_group = on_containers.map(|(_, gid, _)| gid);
    core::SecurityContext {
        allow_privilege_escalation: Some(
            own.privilege_escalation.unwrap_or(s.privilege_escalation),
        ),
        privileged: Some(false),
        read_only_root_filesystem: Some(s.read_only_root_filesystem),
        run_as_non_root: own.run_as_user.map_or_else(|| non_root(s), |uid| Some(uid != 0)),
        run_as_user: own.run_as_user.or(app_user),
        run_as_group: own.run_as_group.or(app_group),
        seccomp_profile: s.user_on_containers.then(|| core::SeccompProfile {
            type_: "RuntimeDefault".into(),
            localhost_profile: None,
        }),
        capabilities: (capabilities != core::Capabilities::default()).then_some(capabilities),
        ..core::SecurityContext::default()
    }
}

pub(super) fn container(app: &App, names: &Names<'_>, c: &Container) -> core::Container {
    let writable = app.security.writable_paths.iter().map(|path| core::VolumeMount {
        name: writable_volume(path),
        mount_path: path.clone(),
        ..core::VolumeMount::default()
    });
    core::Container {
        name: c.name.clone(),
        image: Some(c.image.to_string()),
        image_pull_policy: Some(c.pull_policy.as_str().to_owned()),
        security_context: Some(security_context(&app.security, &c.security)),
        command: none_if_empty(c.command.clone()),
        args: none_if_empty(c.args.clone()),
        working_dir: c.working_dir.clone(),
        termination_message_policy: c.logs_on_failure.then(|| "FallbackToLogsOnError".to_owned()),
        termination_message_path: c.termination_message_path.clone(),
        stdin: c.stdin.then_some(true),
        stdin_once: c.stdin_once.then_some(true),
        tty: c.tty.then_some(true),
        resize_policy: none_if_empty(
            c.resize_policy
                .iter()
                .map(|(resource, restart)| core::ContainerResizePolicy {
                    resource_name: resource.clone(),
                    restart_policy: restart.clone(),
                })
                .collect(),
        ),
        ports: none_if_empty(
            c.ports
                .iter()
                .map(|p| core::ContainerPort {
                    name: Some(p.name.clone()),
                    container_port: i32::from(p.number),
                    protocol: protocol(p.protocol),
                    host_port: p.host_port.map(i32::from),
                    ..core::ContainerPort::default()
                })
                .collect(),
        ),
        env: none_if_empty(c.env.iter().map(|(name, value)| env_var(names, name, value)).collect()),
        env_from: none_if_empty(c.env_from.iter().map(|from| env_from(names, from)).collect()),
        liveness_probe: c.probes.liveness.as_ref().map(|p| probe(c, p)),
        readiness_probe: c.probes.readiness.as_ref().map(|p| probe(c, p)),
        startup_probe: c.probes.startup.as_ref().map(|p| probe(c, p)),
        lifecycle: (c.pre_stop.is_some() || c.post_start.is_some()).then(|| core::Lifecycle {
            pre_stop: c.pre_stop.as_ref().map(handler),
            post_start: c.post_start.as_ref().map(handler),
            ..core::Lifecycle::default()
        }),
        resources: resources(&c.resources.requests, &c.resources.limits),
        volume_mounts: none_if_empty(
            c.mounts
                .iter()
                .map(|m| core::VolumeMount {
                    name: m.volume.clone(),
                    mount_path: m.path.clone(),
                    sub_path: m.sub_path.clone(),
                    read_only: m.read_only.then_some(true),
                    sub_path_expr: m.sub_path_expr.clone(),
                    mount_propagation: m.propagation.clone(),
                    ..core::VolumeMount::default()
                })
                .chain(writable)
                .collect(),
        ),
        ..core::Container::default()
    }
}

fn handler(h: &Handler) -> core::LifecycleHandler {
    match h {
        Handler::Exec(command) => core::LifecycleHandler {
            exec: Some(core::ExecAction { command: Some(command.clone()) }),
            ..core::LifecycleHandler::default()
        },
        Handler::Http { path, port } => core::LifecycleHandler {
            http_get: Some(core::HTTPGetAction {
                path: Some(path.clone()),
                port: IntOrString::String(port.clone()),
                ..core::HTTPGetAction::default()
            }),
            ..core::LifecycleHandler::default()
        },
        Handler::Sleep(seconds) => core::LifecycleHandler {
            sleep: Some(core::SleepAction { seconds: *seconds }),
            ..core::LifecycleHandler::default()
        },
    }
}

fn env_from(names: &Names<'_>, from: &EnvFrom) -> core::EnvFromSource {
    let (source, prefix, optional) = from.parts();
    let optional = optional.then_some(true);
    let mut out =
        core::EnvFromSource { prefix: prefix.map(str::to_owned), ..core::EnvFromSource::default() };
    match source {
        EnvFrom::Secret(name) => {
            out.secret_ref = Some(core::SecretEnvSource { name: name.clone(), optional });
        }
        EnvFrom::Shared(shared) => {
            out.config_map_ref = Some(core::ConfigMapEnvSource {
                name: names.ctx.shared_config(shared.name()),
                optional,
            });
        }
        // `parts` never returns the wrappers; the app's own ConfigMap is the rest.
        EnvFrom::Config | EnvFrom::Prefixed { .. } | EnvFrom::Optional(_) => {
            out.config_map_ref =
                Some(core::ConfigMapEnvSource { name: names.config_map.clone(), optional });
        }
    }
    out
}

/// `None` for TCP, the Kubernetes default, so manifests stay as short as hand-written ones.
pub(super) fn protocol(p: Protocol) -> Option<String> {
    (p != Protocol::Tcp).then(|| p.as_str().to_owned())
}

fn env_var(names: &Names<'_>, name: &str, value: &EnvValue) -> core::EnvVar {
    let mut var = core::EnvVar { name: name.into(), ..core::EnvVar::default() };
    let source = |s: core::EnvVarSource| Some(s);
    var.value_from = match value {
        EnvValue::Literal(v) => {
            var.value = Some(v.clone());
            None
        }
        EnvValue::Config(key) => source(core::EnvVarSource {
            config_map_key_ref: Some(core::ConfigMapKeySelector {
                name: names.config_map.clone(),
                key: key.clone(),
                optional: None,
            }),
            ..core::EnvVarSource::default()
        }),
        EnvValue::SharedConfig(r) => source(core::EnvVarSource {
            config_map_key_ref: Some(core::ConfigMapKeySelector {
                name: names.ctx.shared_config(&r.config),
                key: r.key.clone(),
                optional: r.optional.then_some(true),
            }),
            ..core::EnvVarSource::default()
        }),
        EnvValue::Secret(r) => source(core::EnvVarSource {
            secret_key_ref: Some(core::SecretKeySelector {
                name: r.secret.clone(),
                key: r.key.clone(),
                optional: r.optional.then_some(true),
            }),
            ..core::EnvVarSource::default()
        }),
        EnvValue::Field(path) => source(core::EnvVarSource {
            field_ref: Some(core::ObjectFieldSelector {
                field_path: path.clone(),
                api_version: None,
            }),
            ..core::EnvVarSource::default()
        }),
        EnvValue::Resource(r) => source(core::EnvVarSource {
            resource_field_ref: Some(core::ResourceFieldSelector {
                resource: r.resource.clone(),
                container_name: r.container.clone(),
                // The API server stores `"0"` for an unset divisor; written as stored, so a
                // move from client-side to server-side apply meets no conflict.
                divisor: Some(Quantity(r.divisor.clone().unwrap_or_else(|| "0".into()))),
            }),
            ..core::EnvVarSource::default()
        }),
    };
    var
}

fn probe(c: &Container, p: &Probe) -> core::Probe {
    let mut out = core::Probe {
        initial_delay_seconds: p.initial_delay_seconds,
        period_seconds: p.period_seconds,
        timeout_seconds: p.timeout_seconds,
        failure_threshold: p.failure_threshold,
        success_threshold: p.success_threshold,
        termination_grace_period_seconds: p.termination_grace_period_seconds,
        ..core::Probe::default()
    };
    match &p.action {
        ProbeAction::Http { path, port, https, headers } => {
            out.http_get = Some(core::HTTPGetAction {
                path: (!path.is_empty()).then(|| path.clone()),
                port: probe_port(c, port),
                // Spelled out, as the API server stores it, so a diff against a live
                // object or a chart that writes it shows no change.
                scheme: Some(if *https { "HTTPS" } else { "HTTP" }.to_owned()),
                http_headers: none_if_empty(
                    headers
                        .iter()
                        .map(|(name, value)| core::HTTPHeader {
                            name: name.clone(),
                            value: value.clone(),
                        })
                        .collect(),
                ),
                ..core::HTTPGetAction::default()
            });
        }
        ProbeAction::Grpc { port, service } => {
            // gRPC probes take a number only; validation makes sure the name is declared or
            // is a number.
            let number = match probe_port(c, port) {
                IntOrString::Int(n) => n,
                IntOrString::String(_) => c.port(port).map_or(0, |p| i32::from(p.number)),
            };
            out.grpc = Some(core::GRPCAction { port: number, service: service.clone() });
        }
        ProbeAction::Tcp { port } => {
            out.tcp_socket = Some(core::TCPSocketAction { port: probe_port(c, port), host: None });
        }
        ProbeAction::Exec { command } => {
            out.exec = Some(core::ExecAction { command: Some(command.clone()) });
        }
    }
    out
}

/// A probe's port: by the name the container declares, or the number it was given.
fn probe_port(c: &Container, port: &str) -> IntOrString {
    match port.parse::<u16>() {
        Ok(n) if c.port(port).is_none() => IntOrString::Int(i32::from(n)),
        _ => IntOrString::String(port.to_owned()),
    }
}

/// Requests and limits; `resources: {}` with neither, as the API server stores every
/// container (so a chart or a live object that spells it out shows no change).
fn resources(requests: &Compute, limits: &Compute) -> Option<core::ResourceRequirements> {
    let map = |c: &Compute| {
        let mut m = BTreeMap::new();
        if let Some(cpu) = &c.cpu {
            m.insert("cpu".to_owned(), Quantity(cpu.clone()));
        }
        if let Some(memory) = &c.memory {
            m.insert("memory".to_owned(), Quantity(memory.clone()));
        }
        if let Some(storage) = &c.ephemeral_storage {
            m.insert("ephemeral-storage".to_owned(), Quantity(storage.clone()));
        }
        m.extend(c.extended.iter().map(|(k, v)| (k.clone(), Quantity(v.clone()))));
        non_empty(m)
    };
    Some(core::ResourceRequirements {
        requests: map(requests),
        limits: map(limits),
        ..Default::default()
    })
}

/// `runAsNonRoot`: false for root, true for a set user or the image's required non-root one,
/// absent for the image's user as it is.
pub(super) fn non_root(s: &crate::model::Security) -> Option<bool> {
    if s.image_user { s.require_non_root.then_some(true) } else { Some(!s.run_as_root) }
}
