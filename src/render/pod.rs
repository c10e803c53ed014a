//! Containers and pod templates.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};

use super::Names;
use super::container::container;
use super::labels::{app_labels, non_empty};
use crate::model::{App, FileSource, Files, VolumeSource, Workload};

/// The pod template every workload kind shares.
pub(super) fn template(
    app: &App,
    names: &Names<'_>,
    claims: &BTreeMap<String, String>,
) -> core::PodTemplateSpec {
    let mut labels = app_labels(app);
    labels.extend(app.pod_labels.clone());
    let restart_policy = match &app.workload {
        Workload::Job(job) => Some(job.restart_policy.as_str().to_owned()),
        Workload::CronJob(cron) => Some(cron.job.restart_policy.as_str().to_owned()),
        _ => None,
    };
    let s = &app.security;
    let p = &app.pod;
    let sidecars = app.sidecars.iter().map(|c| {
        // A native sidecar is an init container that keeps running.
        core::Container { restart_policy: Some("Always".into()), ..container(app, names, c) }
    });
    let init: Vec<core::Container> =
        sidecars.chain(app.init_containers.iter().map(|c| container(app, names, c))).collect();
    core::PodTemplateSpec {
        metadata: Some(ObjectMeta {
            labels: Some(labels),
            annotations: non_empty(app.pod_annotations.clone()),
            ..ObjectMeta::default()
        }),
        spec: Some(core::PodSpec {
            containers: app.containers.iter().map(|c| container(app, names, c)).collect(),
            init_containers: none_if_empty(init),
            volumes: none_if_empty(volumes(app, names, claims)),
            security_context: Some(core::PodSecurityContext {
                run_as_non_root: super::container::non_root(s),
                run_as_user: s.ids().map(|(uid, _, _)| uid),
                run_as_group: s.ids().map(|(_, gid, _)| gid),
                fs_group: s.ids().map(|(_, _, fs)| fs),
                fs_group_change_policy: (s.fs_group_on_mismatch && !s.image_user)
                    .then(|| "OnRootMismatch".to_owned()),
                seccomp_profile: Some(core::SeccompProfile {
                    type_: "RuntimeDefault".into(),
                    localhost_profile: None,
                }),
                supplemental_groups: none_if_empty(p.supplemental_groups.clone()),
                sysctls: none_if_empty(
                    low_port(app)
                        .map(|port| core::Sysctl {
                            name: "net.ipv4.ip_unprivileged_port_start".into(),
                            value: port.to_string(),
                        })
                        .into_iter()
                        .chain(p.sysctls.iter().map(|(name, value)| core::Sysctl {
                            name: name.clone(),
                            value: value.clone(),
                        }))
                        .collect(),
                ),
                ..core::PodSecurityContext::default()
            }),
            automount_service_account_token: Some(s.service_account_token),
            service_account_name: names.service_account(&app.service_account),
            restart_policy,
            termination_grace_period_seconds: p.termination_grace_period_seconds,
            node_selector: non_empty(p.node_selector.clone()),
            tolerations: none_if_empty(p.tolerations.iter().map(toleration).collect()),
            affinity: affinity(app),
            topology_spread_constraints: none_if_empty(
                p.spread
                    .iter()
                    .map(|s| core::TopologySpreadConstraint {
                        topology_key: s.topology_key.clone(),
                        max_skew: s.max_skew,
                        when_unsatisfiable: if s.required {
                            "DoNotSchedule"
                        } else {
                            "ScheduleAnyway"
                        }
                        .into(),
                        label_selector: Some(own_pods(app)),
                        match_label_keys: none_if_empty(s.match_label_keys.clone()),
                        min_domains: s.min_domains,
                        ..core::TopologySpreadConstraint::default()
                    })
                    .collect(),
            ),
            priority_class_name: p.priority_class_name.clone(),
            image_pull_secrets: none_if_empty(
                p.image_pull_secrets
                    .iter()
                    .map(|name| core::LocalObjectReference { name: name.clone() })
                    .collect(),
            ),
            host_aliases: none_if_empty(
                p.host_aliases
                    .iter()
                    .map(|(ip, hosts)| core::HostAlias {
                        ip: ip.clone(),
                        hostnames: Some(hosts.clone()),
                    })
                    .collect(),
            ),
            subdomain: p.subdomain.clone(),
            dns_policy: p.dns_policy.clone(),
            dns_config: p.dns_config.clone(),
            enable_service_links: p.enable_service_links,
            share_process_namespace: p.share_process_namespace,
            runtime_class_name: p.runtime_class_name.clone(),
            scheduler_name: p.scheduler_name.clone(),
            hostname: p.hostname.clone(),
            set_hostname_as_fqdn: p.hostname_as_fqdn,
            preemption_policy: p.preemption_policy.clone(),
            os: p.os.as_ref().map(|name| core::PodOS { name: name.clone() }),
            host_users: p.host_users,
            readiness_gates: none_if_empty(
                p.readiness_gates
                    .iter()
                    .map(|c| core::PodReadinessGate { condition_type: c.clone() })
                    .collect(),
            ),
            ..core::PodSpec::default()
        }),
    }
}

/// The lowest port the app binds, when [`Security::bind_low_ports`] lets it bind below 1024.
fn low_port(app: &App) -> Option<u16> {
    if !app.security.bind_low_ports {
        return None;
    }
    app.all_containers().flat_map(|c| &c.ports).map(|p| p.number).filter(|n| *n < 1024).min()
}

fn own_pods(app: &App) -> LabelSelector {
    LabelSelector { match_labels: Some(app.pod_selector()), match_expressions: None }
}

fn toleration(t: &crate::model::Toleration) -> core::Toleration {
    core::Toleration {
        key: (!t.key.is_empty()).then(|| t.key.clone()),
        operator: Some(if t.value.is_some() { "Equal" } else { "Exists" }.into()),
        value: t.value.clone(),
        effect: t.effect.clone(),
        toleration_seconds: t.toleration_seconds,
    }
}

/// The declared affinity, plus one anti-affinity term per [`PodSettings::anti_affinity`]
/// entry that selects the app's own pods.
///
/// [`PodSettings::anti_affinity`]: crate::PodSettings::anti_affinity
fn affinity(app: &App) -> Option<core::Affinity> {
    let mut affinity = app.pod.affinity.clone();
    for spread in &app.pod.anti_affinity {
        let term = core::PodAffinityTerm {
            label_selector: Some(own_pods(app)),
            topology_key: spread.topology_key.clone(),
            match_label_keys: none_if_empty(spread.match_label_keys.clone()),
            ..core::PodAffinityTerm::default()
        };
        let anti = affinity
            .get_or_insert_with(core::Affinity::default)
            .pod_anti_affinity
            .get_or_insert_with(core::PodAntiAffinity::default);
        if spread.required {
            anti.required_during_scheduling_ignored_during_execution
                .get_or_insert_with(Vec::new)
                .push(term);
        } else {
            anti.preferred_during_scheduling_ignored_during_execution
                .get_or_insert_with(Vec::new)
                .push(core::WeightedPodAffinityTerm { pod_affinity_term: term, weight: 100 });
        }
    }
    affinity
}

fn volumes(app: &App, names: &Names<'_>, claims: &BTreeMap<String, String>) -> Vec<core::Volume> {
    let mut volumes: Vec<core::Volume> =
        app.volumes.iter().map(|v| volume(names, &v.name, &v.source)).collect();
    // StatefulSets get storage from volumeClaimTemplates; every other workload mounts the
    // PVC that was rendered for it, so the claim name is looked up, never rebuilt.
    for s in &app.storage {
        if let Some(claim) = claims.get(&s.name) {
            volumes.push(claim_volume(&s.name, claim));
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
    volumes
}

fn claim_volume(name: &str, claim: &str) -> core::Volume {
    core::Volume {
        name: name.to_owned(),
        persistent_volume_claim: Some(core::PersistentVolumeClaimVolumeSource {
            claim_name: claim.to_owned(),
            read_only: None,
        }),
        ..core::Volume::default()
    }
}

fn volume(names: &Names<'_>, name: &str, source: &VolumeSource) -> core::Volume {
    let mut v = core::Volume { name: name.into(), ..core::Volume::default() };
    match source {
        VolumeSource::EmptyDir | VolumeSource::ClaimTemplate => {
            v.empty_dir = Some(core::EmptyDirVolumeSource::default());
        }
        VolumeSource::Memory(size) => {
            v.empty_dir = Some(core::EmptyDirVolumeSource {
                medium: Some("Memory".into()),
                size_limit: Some(Quantity(size.clone())),
            });
        }
        VolumeSource::Scratch(size) => {
            v.empty_dir = Some(core::EmptyDirVolumeSource {
                medium: None,
                size_limit: Some(Quantity(size.clone())),
            });
        }
        VolumeSource::Files(f) => files(names, f, &mut v),
        VolumeSource::Projected(sources) => {
            v.projected = Some(core::ProjectedVolumeSource {
                sources: Some(sources.iter().map(|f| projection(names, f)).collect()),
                default_mode: None,
            });
        }
        VolumeSource::Ephemeral { size, access_mode, storage_class } => {
            v.ephemeral = Some(core::EphemeralVolumeSource {
                volume_claim_template: Some(core::PersistentVolumeClaimTemplate {
                    metadata: None,
                    spec: core::PersistentVolumeClaimSpec {
                        access_modes: Some(vec![access_mode.as_str().to_owned()]),
                        storage_class_name: storage_class.clone(),
                        resources: Some(core::VolumeResourceRequirements {
                            requests: Some(BTreeMap::from([(
                                "storage".to_owned(),
                                Quantity(size.clone()),
                            )])),
                            limits: None,
                        }),
                        ..core::PersistentVolumeClaimSpec::default()
                    },
                }),
            });
        }
        VolumeSource::Token { path, audience, expiration_seconds } => {
            v.projected = Some(core::ProjectedVolumeSource {
                sources: Some(vec![core::VolumeProjection {
                    service_account_token: Some(core::ServiceAccountTokenProjection {
                        path: path.clone(),
                        audience: audience.clone(),
                        expiration_seconds: *expiration_seconds,
                    }),
                    ..core::VolumeProjection::default()
                }]),
                default_mode: None,
            });
        }
        VolumeSource::Csi { driver, read_only, attributes } => {
            v.csi = Some(core::CSIVolumeSource {
                driver: driver.clone(),
                read_only: read_only.then_some(true),
                volume_attributes: non_empty(attributes.clone()),
                ..core::CSIVolumeSource::default()
            });
        }
        VolumeSource::PodFields(fields) => {
            v.downward_api = Some(core::DownwardAPIVolumeSource {
                items: Some(
                    fields
                        .iter()
                        .map(|(path, field)| core::DownwardAPIVolumeFile {
                            path: path.clone(),
                            field_ref: Some(core::ObjectFieldSelector {
                                field_path: field.clone(),
                                api_version: None,
                            }),
                            ..core::DownwardAPIVolumeFile::default()
                        })
                        .collect(),
                ),
                default_mode: None,
            });
        }
        VolumeSource::Claim(claim) => return claim_volume(name, &names.ctx.name(claim.name())),
        VolumeSource::ExistingClaim(claim) => return claim_volume(name, claim),
    }
    v
}

fn key_paths(f: &Files) -> Option<Vec<core::KeyToPath>> {
    none_if_empty(
        f.items
            .iter()
            .map(|(key, path)| core::KeyToPath { key: key.clone(), path: path.clone(), mode: None })
            .collect(),
    )
}

fn files(names: &Names<'_>, f: &Files, v: &mut core::Volume) {
    match &f.source {
        FileSource::Config | FileSource::SharedConfig(_) => {
            v.config_map = Some(core::ConfigMapVolumeSource {
                name: source_name(names, &f.source),
                items: key_paths(f),
                default_mode: f.default_mode,
                optional: f.optional.then_some(true),
            });
        }
        FileSource::Secret(_) => {
            v.secret = Some(core::SecretVolumeSource {
                secret_name: Some(source_name(names, &f.source)),
                items: key_paths(f),
                default_mode: f.default_mode,
                optional: f.optional.then_some(true),
            });
        }
    }
}

/// The name of the object whose keys a volume mounts.
fn source_name(names: &Names<'_>, source: &FileSource) -> String {
    match source {
        FileSource::Config => names.config_map.clone(),
        FileSource::SharedConfig(shared) => names.ctx.shared_config(shared.name()),
        FileSource::Secret(secret) => secret.clone(),
    }
}

fn projection(names: &Names<'_>, f: &Files) -> core::VolumeProjection {
    match &f.source {
        FileSource::Secret(_) => core::VolumeProjection {
            secret: Some(core::SecretProjection {
                name: source_name(names, &f.source),
                items: key_paths(f),
                optional: f.optional.then_some(true),
            }),
            ..core::VolumeProjection::default()
        },
        FileSource::Config | FileSource::SharedConfig(_) => core::VolumeProjection {
            config_map: Some(core::ConfigMapProjection {
                name: source_name(names, &f.source),
                items: key_paths(f),
                optional: f.optional.then_some(true),
            }),
            ..core::VolumeProjection::default()
        },
    }
}

/// The emptyDir volume backing a writable path: `/var/run/postgresql` → `writable-var-run-postgresql`.
pub(super) fn writable_volume(path: &str) -> String {
    let slug: Vec<&str> =
        path.split(|c: char| !c.is_ascii_alphanumeric()).filter(|s| !s.is_empty()).collect();
    format!("writable-{}", slug.join("-").to_ascii_lowercase())
}

/// `None` for an empty list, so absent fields are omitted rather than printed as `[]`.
pub(super) fn none_if_empty<T>(v: Vec<T>) -> Option<Vec<T>> {
    (!v.is_empty()).then_some(v)
}
