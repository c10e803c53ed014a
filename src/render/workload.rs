//! The controller of an app's pods: Deployment, StatefulSet, DaemonSet, Job, CronJob or Pod.

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1 as apps;
use k8s_openapi::api::batch::v1 as batch;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::{Names, match_labels, meta, pod, replicas};
use crate::model::{App, Concurrency, Job, Strategy, Workload};
use crate::object::Object;

/// The app's controller; a StatefulSet names its governing Service (the first one).
pub(super) fn workload(
    app: &App,
    names: &Names<'_>,
    labels: &BTreeMap<String, String>,
    template: core::PodTemplateSpec,
    service: Option<&core::Service>,
) -> Object {
    let metadata = meta(&names.object, labels.clone());
    // With an autoscaler the HPA owns the count; a fixed one would fight it on every apply.
    let from_code = app.replicas_from == crate::model::ReplicasFrom::Code;
    let count = (app.autoscale.is_none() && from_code).then(|| replicas(app.replicas));
    let r = &app.rollout;
    match &app.workload {
        Workload::Deployment => apps::Deployment {
            metadata,
            spec: Some(apps::DeploymentSpec {
                replicas: count,
                selector: match_labels(app),
                template,
                strategy: r.strategy.as_ref().map(deployment_strategy),
                min_ready_seconds: r.min_ready_seconds,
                revision_history_limit: r.revision_history_limit,
                progress_deadline_seconds: r.progress_deadline_seconds,
                paused: r.paused.then_some(true),
            }),
            ..apps::Deployment::default()
        }
        .into(),
        Workload::StatefulSet => apps::StatefulSet {
            metadata,
            spec: Some(apps::StatefulSetSpec {
                replicas: count,
                selector: match_labels(app),
                service_name: match &r.service_name {
                    Some(name) => Some(names.ctx.name(name)),
                    None => service.and_then(|s| s.metadata.name.clone()),
                },
                template,
                // `volumeMode` and `status: {phase: Pending}` spelled out as the API server
                // stores them: client-side apply re-sends the whole list, and a missing
                // default reads as a change on every second apply.
                volume_claim_templates: pod::none_if_empty(
                    app.storage
                        .iter()
                        .map(|s| {
                            let mut claim = super::claim(&s.name, s, BTreeMap::new());
                            if let Some(spec) = claim.spec.as_mut() {
                                spec.volume_mode = Some("Filesystem".into());
                            }
                            claim.status =
                                Some(k8s_openapi::api::core::v1::PersistentVolumeClaimStatus {
                                    phase: Some("Pending".into()),
                                    ..Default::default()
                                });
                            claim
                        })
                        .collect(),
                ),
                update_strategy: r.strategy.as_ref().map(|s| apps::StatefulSetUpdateStrategy {
                    type_: Some(strategy_type(s).to_owned()),
                    rolling_update: r.partition.map(|p| apps::RollingUpdateStatefulSetStrategy {
                        partition: Some(p),
                        max_unavailable: None,
                    }),
                }),
                // Spelled out, as the API server stores it.
                pod_management_policy: Some(
                    if r.parallel_pods { "Parallel" } else { "OrderedReady" }.to_owned(),
                ),
                min_ready_seconds: r.min_ready_seconds,
                revision_history_limit: r.revision_history_limit,
                persistent_volume_claim_retention_policy: r.claim_retention.as_ref().map(
                    |(deleted, scaled)| apps::StatefulSetPersistentVolumeClaimRetentionPolicy {
                        when_deleted: Some(deleted.clone()),
                        when_scaled: Some(scaled.clone()),
                    },
                ),
                ..apps::StatefulSetSpec::default()
            }),
            ..apps::StatefulSet::default()
        }
        .into(),
        Workload::DaemonSet => apps::DaemonSet {
            metadata,
            spec: Some(apps::DaemonSetSpec {
                selector: match_labels(app),
                template,
                update_strategy: r.strategy.as_ref().map(daemon_set_strategy),
                min_ready_seconds: r.min_ready_seconds,
                revision_history_limit: r.revision_history_limit,
            }),
            ..apps::DaemonSet::default()
        }
        .into(),
        Workload::Job(job) => {
            batch::Job { metadata, spec: Some(job_spec(job, template)), ..batch::Job::default() }
                .into()
        }
        Workload::CronJob(cron) => batch::CronJob {
            metadata,
            spec: Some(batch::CronJobSpec {
                schedule: cron.schedule.clone(),
                time_zone: cron.time_zone.clone(),
                concurrency_policy: (cron.concurrency != Concurrency::Allow)
                    .then(|| cron.concurrency.as_str().to_owned()),
                successful_jobs_history_limit: cron.successful_jobs_history_limit,
                failed_jobs_history_limit: cron.failed_jobs_history_limit,
                starting_deadline_seconds: cron.starting_deadline_seconds,
                suspend: cron.suspend.then_some(true),
                job_template: batch::JobTemplateSpec {
                    metadata: Some(ObjectMeta {
                        labels: Some(labels.clone()),
                        annotations: (!cron.job_annotations.is_empty())
                            .then(|| cron.job_annotations.clone()),
                        ..ObjectMeta::default()
                    }),
                    spec: Some(job_spec(&cron.job, template)),
                },
            }),
            ..batch::CronJob::default()
        }
        .into(),
        Workload::Pod => {
            let mut metadata = metadata;
            if let Some(t) = template.metadata {
                metadata.labels = t.labels;
                metadata.annotations = t.annotations;
            }
            core::Pod { metadata, spec: template.spec, ..core::Pod::default() }.into()
        }
    }
}

fn job_spec(job: &Job, template: core::PodTemplateSpec) -> batch::JobSpec {
    batch::JobSpec {
        backoff_limit: Some(job.backoff_limit),
        ttl_seconds_after_finished: job.ttl_seconds_after_finished,
        completions: job.completions,
        parallelism: job.parallelism,
        active_deadline_seconds: job.active_deadline_seconds,
        completion_mode: job.indexed.then(|| "Indexed".to_owned()),
        suspend: job.suspend.then_some(true),
        template,
        ..batch::JobSpec::default()
    }
}

fn strategy_type(s: &Strategy) -> &'static str {
    match s {
        Strategy::Recreate => "Recreate",
        Strategy::RollingUpdate { .. } => "RollingUpdate",
        Strategy::OnDelete => "OnDelete",
    }
}

/// `"25%"` stays a string; `"1"` becomes the number Kubernetes documents it as.
fn int_or_percent(v: &crate::model::IntOrPercent) -> IntOrString {
    match *v {
        // Validation refuses counts above `i32::MAX`.
        crate::model::IntOrPercent::Count(n) => {
            IntOrString::Int(i32::try_from(n).unwrap_or(i32::MAX))
        }
        crate::model::IntOrPercent::Percent(p) => IntOrString::String(format!("{p}%")),
    }
}

/// A rolling update's surge and unavailability, when either is set.
fn rolling(s: &Strategy) -> Option<(Option<IntOrString>, Option<IntOrString>)> {
    match s {
        Strategy::RollingUpdate { max_surge, max_unavailable }
            if max_surge.is_some() || max_unavailable.is_some() =>
        {
            Some((
                max_surge.as_ref().map(int_or_percent),
                max_unavailable.as_ref().map(int_or_percent),
            ))
        }
        _ => None,
    }
}

fn deployment_strategy(s: &Strategy) -> apps::DeploymentStrategy {
    apps::DeploymentStrategy {
        type_: Some(strategy_type(s).to_owned()),
        rolling_update: rolling(s).map(|(max_surge, max_unavailable)| {
            apps::RollingUpdateDeployment { max_surge, max_unavailable }
        }),
    }
}

fn daemon_set_strategy(s: &Strategy) -> apps::DaemonSetUpdateStrategy {
    apps::DaemonSetUpdateStrategy {
        type_: Some(strategy_type(s).to_owned()),
        rolling_update: rolling(s).map(|(max_surge, max_unavailable)| {
            apps::RollingUpdateDaemonSet { max_surge, max_unavailable }
        }),
    }
}
