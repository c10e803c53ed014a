//! A workload read through its k8s-openapi type: one view over the kinds that become apps,
//! so conversion reads each controller field typed, in one place.

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1 as apps;
use k8s_openapi::api::batch::v1 as batch;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::super::read::Read;
use crate::model::{Job, RestartPolicy, Rollout, Strategy};

/// A workload's controller spec, by kind.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Spec<'a> {
    /// A Deployment's.
    Deployment(&'a apps::DeploymentSpec),
    /// A StatefulSet's.
    StatefulSet(&'a apps::StatefulSetSpec),
    /// A DaemonSet's.
    DaemonSet(&'a apps::DaemonSetSpec),
    /// A Job's.
    Job(&'a batch::JobSpec),
    /// A CronJob's.
    CronJob(&'a batch::CronJobSpec),
    /// A bare Pod: its own spec is the pod template's.
    Pod(&'a core::PodSpec),
}

/// One workload of the input, typed.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Controller<'a> {
    /// The object as read.
    pub(crate) read: &'a Read,
    /// Its spec.
    pub(crate) spec: Spec<'a>,
}

impl<'a> Controller<'a> {
    /// The workload `r` is, when it is one with a spec.
    pub(crate) fn of(r: &'a Read) -> Option<Controller<'a>> {
        let spec = if let Some(d) = r.get::<apps::Deployment>() {
            Spec::Deployment(d.spec.as_ref()?)
        } else if let Some(s) = r.get::<apps::StatefulSet>() {
            Spec::StatefulSet(s.spec.as_ref()?)
        } else if let Some(d) = r.get::<apps::DaemonSet>() {
            Spec::DaemonSet(d.spec.as_ref()?)
        } else if let Some(j) = r.get::<batch::Job>() {
            Spec::Job(j.spec.as_ref()?)
        } else if let Some(c) = r.get::<batch::CronJob>() {
            Spec::CronJob(c.spec.as_ref()?)
        } else {
            Spec::Pod(r.get::<core::Pod>()?.spec.as_ref()?)
        };
        Some(Controller { read: r, spec })
    }

    /// The workload's own metadata.
    pub(crate) fn meta(&self) -> &'a ObjectMeta {
        self.read.meta()
    }

    /// The pod template (a bare Pod is its own), when the workload has one.
    fn template(&self) -> Option<&'a core::PodTemplateSpec> {
        match self.spec {
            Spec::Deployment(s) => Some(&s.template),
            Spec::StatefulSet(s) => Some(&s.template),
            Spec::DaemonSet(s) => Some(&s.template),
            Spec::Job(s) => Some(&s.template),
            Spec::CronJob(s) => s.job_template.spec.as_ref().map(|j| &j.template),
            Spec::Pod(_) => None,
        }
    }

    /// The pods' metadata.
    pub(crate) fn pod_meta(&self) -> Option<&'a ObjectMeta> {
        match self.spec {
            Spec::Pod(_) => Some(self.read.meta()),
            _ => self.template()?.metadata.as_ref(),
        }
    }

    /// The pods' spec.
    pub(crate) fn pod_spec(&self) -> Option<&'a core::PodSpec> {
        match self.spec {
            Spec::Pod(s) => Some(s),
            _ => self.template()?.spec.as_ref(),
        }
    }

    /// The pods' labels.
    pub(crate) fn pod_labels(&self) -> BTreeMap<String, String> {
        self.pod_meta().and_then(|m| m.labels.clone()).unwrap_or_default()
    }

    /// The pods' annotations.
    pub(crate) fn pod_annotations(&self) -> BTreeMap<String, String> {
        self.pod_meta().and_then(|m| m.annotations.clone()).unwrap_or_default()
    }

    /// The selector of a controller that keeps pods running (a Job's is generated).
    pub(crate) fn selector(&self) -> Option<&'a LabelSelector> {
        match self.spec {
            Spec::Deployment(s) => Some(&s.selector),
            Spec::StatefulSet(s) => Some(&s.selector),
            Spec::DaemonSet(s) => Some(&s.selector),
            Spec::Job(_) | Spec::CronJob(_) | Spec::Pod(_) => None,
        }
    }

    /// The replica count as written.
    pub(crate) fn replicas(&self) -> Option<i32> {
        match self.spec {
            Spec::Deployment(s) => s.replicas,
            Spec::StatefulSet(s) => s.replicas,
            _ => None,
        }
    }

    /// A StatefulSet's governing Service; empty for none.
    pub(crate) fn service_name(&self) -> &'a str {
        match self.spec {
            Spec::StatefulSet(s) => s.service_name.as_deref().unwrap_or_default(),
            _ => "",
        }
    }
}

/// A Job's settings; its pods' restart policy is one the model's `Job` says.
pub(crate) fn job(j: &batch::JobSpec, spec: &core::PodSpec) -> Result<Job, String> {
    Ok(Job {
        backoff_limit: j.backoff_limit.unwrap_or(6),
        ttl_seconds_after_finished: j.ttl_seconds_after_finished,
        restart_policy: match spec.restart_policy.as_deref() {
            Some("OnFailure") => RestartPolicy::OnFailure,
            Some("Never") => RestartPolicy::Never,
            other => return Err(format!("a Job's restart policy `{}`", other.unwrap_or("Always"))),
        },
        completions: j.completions,
        parallelism: j.parallelism,
        active_deadline_seconds: j.active_deadline_seconds,
        indexed: j.completion_mode.as_deref() == Some("Indexed"),
        suspend: j.suspend == Some(true),
    })
}

/// A controller's rollout settings (none for Jobs, CronJobs and Pods).
pub(crate) fn rollout(spec: Spec<'_>) -> Rollout {
    match spec {
        Spec::Deployment(s) => Rollout {
            strategy: s.strategy.as_ref().and_then(|st| {
                let amounts =
                    st.rolling_update.as_ref().map(|r| (&r.max_surge, &r.max_unavailable));
                strategy(st.type_.as_deref(), amounts)
            }),
            min_ready_seconds: s.min_ready_seconds,
            revision_history_limit: s.revision_history_limit,
            progress_deadline_seconds: s.progress_deadline_seconds,
            paused: s.paused == Some(true),
            ..Rollout::default()
        },
        Spec::StatefulSet(s) => Rollout {
            strategy: s.update_strategy.as_ref().and_then(|st| {
                let amounts = st.rolling_update.as_ref().map(|r| (&None, &r.max_unavailable));
                strategy(st.type_.as_deref(), amounts)
            }),
            min_ready_seconds: s.min_ready_seconds,
            revision_history_limit: s.revision_history_limit,
            parallel_pods: s.pod_management_policy.as_deref() == Some("Parallel"),
            partition: s
                .update_strategy
                .as_ref()
                .and_then(|u| u.rolling_update.as_ref()?.partition),
            // Kubernetes' default spelled out is the default: no field.
            claim_retention: s.persistent_volume_claim_retention_policy.as_ref().and_then(|p| {
                let retain = |v: &Option<String>| v.clone().unwrap_or_else(|| "Retain".into());
                let both = (retain(&p.when_deleted), retain(&p.when_scaled));
                (both != ("Retain".to_owned(), "Retain".to_owned())).then_some(both)
            }),
            ..Rollout::default()
        },
        Spec::DaemonSet(s) => Rollout {
            strategy: s.update_strategy.as_ref().and_then(|st| {
                let amounts =
                    st.rolling_update.as_ref().map(|r| (&r.max_surge, &r.max_unavailable));
                strategy(st.type_.as_deref(), amounts)
            }),
            min_ready_seconds: s.min_ready_seconds,
            revision_history_limit: s.revision_history_limit,
            ..Rollout::default()
        },
        Spec::Job(_) | Spec::CronJob(_) | Spec::Pod(_) => Rollout::default(),
    }
}

/// A strategy of `type_` with a rolling update's (surge, unavailable) amounts, as the model's.
fn strategy(
    type_: Option<&str>,
    rolling: Option<(&Option<IntOrString>, &Option<IntOrString>)>,
) -> Option<Strategy> {
    // A count or `N%`; anything else is left out, and verification finds the difference.
    let amount = |v: &Option<IntOrString>| match v.as_ref()? {
        IntOrString::Int(n) => u32::try_from(*n).ok().map(crate::model::IntOrPercent::Count),
        IntOrString::String(s) => {
            s.strip_suffix('%')?.parse().ok().map(crate::model::IntOrPercent::Percent)
        }
    };
    match (type_.unwrap_or_default(), rolling) {
        ("Recreate", _) => Some(Strategy::Recreate),
        ("OnDelete", _) => Some(Strategy::OnDelete),
        // The type alone, spelled out: a rolling update with the API's amounts.
        ("RollingUpdate", None) => {
            Some(Strategy::RollingUpdate { max_surge: None, max_unavailable: None })
        }
        ("RollingUpdate" | "", Some((surge, unavailable))) => Some(Strategy::RollingUpdate {
            max_surge: amount(surge),
            max_unavailable: amount(unavailable),
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(yaml: &str) -> Read {
        let docs = crate::yaml::documents("test", yaml).unwrap_or_else(|e| panic!("{e:?}"));
        Read::new(docs.into_iter().next().unwrap_or_default()).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn every_kind_finds_its_pods_where_its_api_puts_them() {
        let pod =
            "metadata:\n      labels: {app: x}\n    spec:\n      containers: [{name: c, image: i}]";
        let cases = [
            format!("apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: d}}\nspec:\n  selector: {{matchLabels: {{app: x}}}}\n  replicas: 2\n  template:\n    {pod}"),
            format!("apiVersion: batch/v1\nkind: CronJob\nmetadata: {{name: c}}\nspec:\n  schedule: '* * * * *'\n  jobTemplate:\n    spec:\n      template:\n        {}", pod.replace("\n    ", "\n        ")),
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {app: x}}\nspec:\n  containers: [{name: c, image: i}]".to_owned(),
        ];
        for (yaml, replicas, selector) in
            [(&cases[0], Some(2), true), (&cases[1], None, false), (&cases[2], None, false)]
        {
            let r = read(yaml);
            let c = Controller::of(&r).unwrap_or_else(|| panic!("no controller: {yaml}"));
            assert_eq!(c.pod_labels().get("app").map(String::as_str), Some("x"), "{yaml}");
            assert_eq!(c.pod_spec().map(|s| s.containers[0].name.as_str()), Some("c"), "{yaml}");
            assert_eq!(c.replicas(), replicas, "{yaml}");
            assert_eq!(c.selector().is_some(), selector, "{yaml}");
        }
        // Not a workload: no view.
        assert!(
            Controller::of(&read("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}")).is_none()
        );
    }
}
