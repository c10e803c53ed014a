//! Containers and pod templates.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::Names;
use super::labels::{app_labels, non_empty};
use crate::model::{
    App, Compute, Container, EnvFrom, EnvValue, Probe, ProbeAction, Protocol, ServiceAccount,
    VolumeSource, Workload,
};

/// The pod template every workload kind shares.
pub(super) fn template(
    app: &App,
    names: &Names,
    claims: &BTreeMap<String, String>,
) -> core::PodTemplateSpec {
    let mut labels = app_labels(app);
    labels.extend(app.pod_labels.clone());
    let mut volumes: Vec<core::Volume> =
        app.volumes.iter().map(|v| volume(names, &v.name, &v.source)).collect();
    // StatefulSets get storage from volumeClaimTemplates; every other workload mounts the
    // PVC that was rendered for it, so the claim name is looked up, never rebuilt.
    for s in &app.storage {
        if let Some(claim) = claims.get(&s.name) {
            volumes.push(core::Volume {
                name: s.name.clone(),
                persistent_volume_claim: Some(core::PersistentVolumeClaimVolumeSource {
                    claim_name: claim.clone(),
                    read_only: None,
                }),
                ..core::Volume::default()
            });
        }
    }
    // Writable scratch space for software that writes under a read-only root filesystem.
    for path in &app.security.writable_paths {
        volumes.push(core::Volume {
            name: writable_volume(path),
            empty_dir: Some(core::EmptyDirVolumeSource::default()),
            ..core::Volume::default()
        });
    }
    let restart_policy = match &app.workload {
        Workload::Job(job) => Some(job.restart_policy.as_str().to_owned()),
        _ => None,
    };
    core::PodTemplateSpec {
        metadata: Some(ObjectMeta {
            labels: Some(labels),
            annotations: non_empty(app.pod_annotations.clone()),
            ..ObjectMeta::default()
        }),
        spec: Some(core::PodSpec {
            containers: app.containers.iter().map(|c| container(app, names, c)).collect(),
            init_containers: none_if_empty(
                app.init_containers.iter().map(|c| container(app, names, c)).collect(),
            ),
            volumes: none_if_empty(volumes),
            security_context: Some(core::PodSecurityContext {
                run_as_non_root: Some(true),
                run_as_user: Some(app.security.run_as_user),
                run_as_group: Some(app.security.run_as_group),
                fs_group: Some(app.security.fs_group),
                seccomp_profile: Some(core::SeccompProfile {
                    type_: "RuntimeDefault".into(),
                    localhost_profile: None,
                }),
                ..core::PodSecurityContext::default()
            }),
            automount_service_account_token: Some(app.security.service_account_token),
            service_account_name: match &app.service_account {
                ServiceAccount::Default => None,
                ServiceAccount::Own => Some(names.object.clone()),
                ServiceAccount::Existing(name) => Some(name.clone()),
            },
            restart_policy,
            ..core::PodSpec::default()
        }),
    }
}

fn volume(names: &Names, name: &str, source: &VolumeSource) -> core::Volume {
    let mut v = core::Volume { name: name.into(), ..core::Volume::default() };
    match source {
        VolumeSource::EmptyDir => v.empty_dir = Some(core::EmptyDirVolumeSource::default()),
        VolumeSource::Memory(size) => {
            v.empty_dir = Some(core::EmptyDirVolumeSource {
                medium: Some("Memory".into()),
                size_limit: Some(Quantity(size.clone())),
            });
        }
        VolumeSource::Config => {
            v.config_map = Some(core::ConfigMapVolumeSource {
                name: names.config_map.clone(),
                ..core::ConfigMapVolumeSource::default()
            });
        }
        VolumeSource::Secret(secret) => {
            v.secret = Some(core::SecretVolumeSource {
                secret_name: Some(secret.clone()),
                ..core::SecretVolumeSource::default()
            });
        }
    }
    v
}

/// The emptyDir volume backing a writable path: `/var/run/postgresql` → `writable-var-run-postgresql`.
pub(super) fn writable_volume(path: &str) -> String {
    let slug: Vec<&str> =
        path.split(|c: char| !c.is_ascii_alphanumeric()).filter(|s| !s.is_empty()).collect();
    format!("writable-{}", slug.join("-").to_ascii_lowercase())
}

fn container(app: &App, names: &Names, c: &Container) -> core::Container {
    let writable = app.security.writable_paths.iter().map(|path| core::VolumeMount {
        name: writable_volume(path),
        mount_path: path.clone(),
        ..core::VolumeMount::default()
    });
    core::Container {
        name: c.name.clone(),
        image: Some(c.image.to_string()),
        image_pull_policy: Some(c.pull_policy.as_str().to_owned()),
        // Always on, with no way to turn them off: nothing an app needs requires them.
        security_context: Some(core::SecurityContext {
            allow_privilege_escalation: Some(false),
            privileged: Some(false),
            read_only_root_filesystem: Some(app.security.read_only_root_filesystem),
            run_as_non_root: Some(true),
            capabilities: Some(core::Capabilities { drop: Some(vec!["ALL".into()]), add: None }),
            ..core::SecurityContext::default()
        }),
        command: none_if_empty(c.command.clone()),
        args: none_if_empty(c.args.clone()),
        ports: none_if_empty(
            c.ports
                .iter()
                .map(|p| core::ContainerPort {
                    name: Some(p.name.clone()),
                    container_port: i32::from(p.number),
                    protocol: protocol(p.protocol),
                    ..core::ContainerPort::default()
                })
                .collect(),
        ),
        env: none_if_empty(
            c.env.0.iter().map(|(name, value)| env_var(names, name, value)).collect(),
        ),
        env_from: none_if_empty(
            c.env_from
                .iter()
                .map(|from| match from {
                    EnvFrom::Config => core::EnvFromSource {
                        config_map_ref: Some(core::ConfigMapEnvSource {
                            name: names.config_map.clone(),
                            optional: None,
                        }),
                        ..core::EnvFromSource::default()
                    },
                    EnvFrom::Secret(name) => core::EnvFromSource {
                        secret_ref: Some(core::SecretEnvSource {
                            name: name.clone(),
                            optional: None,
                        }),
                        ..core::EnvFromSource::default()
                    },
                })
                .collect(),
        ),
        liveness_probe: c.probes.liveness.as_ref().map(probe),
        readiness_probe: c.probes.readiness.as_ref().map(probe),
        startup_probe: c.probes.startup.as_ref().map(probe),
        resources: resources(&c.resources.requests, &c.resources.limits),
        volume_mounts: none_if_empty(
            c.mounts
                .iter()
                .map(|m| core::VolumeMount {
                    name: m.volume.clone(),
                    mount_path: m.path.clone(),
                    sub_path: m.sub_path.clone(),
                    read_only: m.read_only.then_some(true),
                    ..core::VolumeMount::default()
                })
                .chain(writable)
                .collect(),
        ),
        ..core::Container::default()
    }
}

/// `None` for TCP, the Kubernetes default, so manifests stay as short as hand-written ones.
pub(super) fn protocol(p: Protocol) -> Option<String> {
    (p != Protocol::Tcp).then(|| p.as_str().to_owned())
}

fn env_var(names: &Names, name: &str, value: &EnvValue) -> core::EnvVar {
    let mut var = core::EnvVar { name: name.into(), ..core::EnvVar::default() };
    match value {
        EnvValue::Literal(v) => var.value = Some(v.clone()),
        EnvValue::Config(key) => {
            var.value_from = Some(core::EnvVarSource {
                config_map_key_ref: Some(core::ConfigMapKeySelector {
                    name: names.config_map.clone(),
                    key: key.clone(),
                    optional: None,
                }),
                ..core::EnvVarSource::default()
            });
        }
        EnvValue::Secret(r) => {
            var.value_from = Some(core::EnvVarSource {
                secret_key_ref: Some(core::SecretKeySelector {
                    name: r.secret.clone(),
                    key: r.key.clone(),
                    optional: None,
                }),
                ..core::EnvVarSource::default()
            });
        }
        EnvValue::Field(path) => {
            var.value_from = Some(core::EnvVarSource {
                field_ref: Some(core::ObjectFieldSelector {
                    field_path: path.clone(),
                    api_version: None,
                }),
                ..core::EnvVarSource::default()
            });
        }
    }
    var
}

fn probe(p: &Probe) -> core::Probe {
    let mut out = core::Probe {
        initial_delay_seconds: p.initial_delay_seconds,
        period_seconds: p.period_seconds,
        timeout_seconds: p.timeout_seconds,
        failure_threshold: p.failure_threshold,
        ..core::Probe::default()
    };
    match &p.action {
        ProbeAction::Http { path, port } => {
            out.http_get = Some(core::HTTPGetAction {
                path: Some(path.clone()),
                port: IntOrString::String(port.clone()),
                ..core::HTTPGetAction::default()
            });
        }
        ProbeAction::Tcp { port } => {
            out.tcp_socket =
                Some(core::TCPSocketAction { port: IntOrString::String(port.clone()), host: None });
        }
        ProbeAction::Exec { command } => {
            out.exec = Some(core::ExecAction { command: Some(command.clone()) });
        }
    }
    out
}

fn resources(requests: &Compute, limits: &Compute) -> Option<core::ResourceRequirements> {
    let map = |c: &Compute| {
        let mut m = BTreeMap::new();
        if let Some(cpu) = &c.cpu {
            m.insert("cpu".to_owned(), Quantity(cpu.clone()));
        }
        if let Some(memory) = &c.memory {
            m.insert("memory".to_owned(), Quantity(memory.clone()));
        }
        non_empty(m)
    };
    let (requests, limits) = (map(requests), map(limits));
    (requests.is_some() || limits.is_some()).then_some(core::ResourceRequirements {
        requests,
        limits,
        ..Default::default()
    })
}

/// `None` for an empty list, so absent fields are omitted rather than printed as `[]`.
pub(super) fn none_if_empty<T>(v: Vec<T>) -> Option<Vec<T>> {
    (!v.is_empty()).then_some(v)
}
