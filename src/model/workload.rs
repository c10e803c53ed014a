//! Which controller runs an app's pods, how it rolls them out, and where they are scheduled.

use std::collections::BTreeMap;

/// The controller that runs an app's pods.
/// Renders as the app's controller: `kind: Deployment`, `StatefulSet`, `DaemonSet`, `Job`,
/// `CronJob` or `Pod`.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Workload {
    /// A `apps/v1` Deployment: stateless, interchangeable replicas.
    #[default]
    Deployment,
    /// A `apps/v1` StatefulSet: stable identities and per-pod storage; needs [`App::expose`](super::App::expose).
    StatefulSet,
    /// A `apps/v1` DaemonSet: one pod on every (selected) node; no replica count.
    DaemonSet,
    /// A `batch/v1` Job: pods that run to completion.
    Job(Job),
    /// A `batch/v1` CronJob: a Job started on a schedule.
    CronJob(CronJob),
    /// A bare `v1` Pod, for one-off tools; nothing restarts it elsewhere if its node dies.
    Pod,
}

impl Workload {
    /// Whether the pods run to completion (Job, CronJob), so a Service or autoscaler makes
    /// no sense for them.
    pub fn runs_to_completion(&self) -> bool {
        matches!(self, Workload::Job(_) | Workload::CronJob(_))
    }

    /// Whether the controller keeps a replica count (Deployment, StatefulSet).
    pub fn is_replicated(&self) -> bool {
        matches!(self, Workload::Deployment | Workload::StatefulSet)
    }
}

/// Settings of a run-to-completion workload.
/// Renders as a Job's `spec`: `backoffLimit`, `completions`, `parallelism`,
/// `ttlSecondsAfterFinished`, ….
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    /// Retries before the Job is marked failed.
    pub backoff_limit: i32,
    /// Seconds after finishing before the Job is garbage-collected; `None` keeps it.
    pub ttl_seconds_after_finished: Option<i32>,
    /// What the kubelet does when a container exits.
    pub restart_policy: RestartPolicy,
    /// Successful pods needed; `None` is one.
    pub completions: Option<i32>,
    /// Pods running at once; `None` is one.
    pub parallelism: Option<i32>,
    /// Seconds the Job may run before it is stopped.
    pub active_deadline_seconds: Option<i64>,
    /// Each pod gets an index, 0 to `completions` - 1 (`completionMode: Indexed`), for work
    /// split in fixed shares.
    pub indexed: bool,
    /// Created without starting its pods (`suspend: true`), for a queue to start later.
    pub suspend: bool,
}

impl Default for Job {
    fn default() -> Self {
        Job {
            backoff_limit: 6,
            ttl_seconds_after_finished: None,
            restart_policy: RestartPolicy::OnFailure,
            completions: None,
            parallelism: None,
            active_deadline_seconds: None,
            indexed: false,
            suspend: false,
        }
    }
}

/// Restart policy of a Job's pods.
/// Renders as `restartPolicy: OnFailure` or `Never`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RestartPolicy {
    /// Restart failed containers in place.
    #[default]
    OnFailure,
    /// Never restart; the Job creates a new pod instead.
    Never,
}

impl RestartPolicy {
    /// The spelling Kubernetes uses.
    pub fn as_str(self) -> &'static str {
        match self {
            RestartPolicy::OnFailure => "OnFailure",
            RestartPolicy::Never => "Never",
        }
    }
}

/// A Job on a schedule.
/// Renders as a CronJob's `spec`: `schedule`, `timeZone`, `concurrencyPolicy`, `jobTemplate`.
///
/// ```
/// use rustomize::{CronJob, Concurrency, Workload};
///
/// let nightly = Workload::CronJob(CronJob {
///     time_zone: Some("Europe/Paris".into()),
///     concurrency: Concurrency::Forbid,
///     ..CronJob::new("0 3 * * *")
/// });
/// assert!(nightly.runs_to_completion());
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CronJob {
    /// When to run, in cron syntax (five fields, or a macro such as `@daily`).
    pub schedule: String,
    /// The IANA time zone of the schedule; `None` is the controller's (usually UTC).
    pub time_zone: Option<String>,
    /// What happens when a run is due while the last one still runs.
    pub concurrency: Concurrency,
    /// Finished Jobs to keep; `None` keeps Kubernetes' defaults (3 and 1).
    pub successful_jobs_history_limit: Option<i32>,
    /// Failed Jobs to keep.
    pub failed_jobs_history_limit: Option<i32>,
    /// Seconds after a missed start that the run may still begin.
    pub starting_deadline_seconds: Option<i64>,
    /// Stop scheduling new runs.
    pub suspend: bool,
    /// The Job each run creates.
    pub job: Job,
    /// Annotations on each Job a run creates (`jobTemplate.metadata`), e.g. for a tool that
    /// watches Jobs; the CronJob's own are [`App::annotations`](crate::App::annotations).
    pub job_annotations: std::collections::BTreeMap<String, String>,
}

impl CronJob {
    /// A CronJob running on `schedule` with the default Job settings.
    pub fn new(schedule: &str) -> CronJob {
        CronJob { schedule: schedule.into(), ..CronJob::default() }
    }
}

/// A CronJob's concurrency policy.
/// Renders as `concurrencyPolicy: Allow`, `Forbid` or `Replace`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Concurrency {
    /// Runs may overlap (Kubernetes' default).
    #[default]
    Allow,
    /// Skip a run while the last one still runs.
    Forbid,
    /// Stop the running one and start the new one.
    Replace,
}

impl Concurrency {
    /// The spelling Kubernetes uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Concurrency::Allow => "Allow",
            Concurrency::Forbid => "Forbid",
            Concurrency::Replace => "Replace",
        }
    }
}

/// How a Deployment, StatefulSet or DaemonSet replaces its pods.
/// Renders as `strategy` (`updateStrategy`), `minReadySeconds`, `revisionHistoryLimit`,
/// `progressDeadlineSeconds`, `podManagementPolicy`.
///
/// ```
/// use rustomize::{IntOrPercent, Rollout, Strategy};
///
/// let careful = Rollout {
///     strategy: Some(Strategy::RollingUpdate { max_surge: Some(IntOrPercent::Percent(25)), max_unavailable: Some(IntOrPercent::Count(0)) }),
///     min_ready_seconds: Some(10),
///     ..Rollout::default()
/// };
/// assert!(careful.revision_history_limit.is_none());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rollout {
    /// The update strategy; `None` keeps Kubernetes' default (a rolling update).
    pub strategy: Option<Strategy>,
    /// Seconds a new pod must be ready before it counts as available.
    pub min_ready_seconds: Option<i32>,
    /// Old ReplicaSets (or revisions) to keep for rollback.
    pub revision_history_limit: Option<i32>,
    /// Seconds before a stalled Deployment rollout is reported as failed.
    pub progress_deadline_seconds: Option<i32>,
    /// A StatefulSet's pod management: start and stop pods in parallel instead of in order.
    pub parallel_pods: bool,
    /// A StatefulSet's governing Service when it is not the app's own `expose`: a Service the
    /// environment declares ([`ServiceSpec`](super::ServiceSpec)) or one made elsewhere, by
    /// its name before the environment's prefix and suffix.
    pub service_name: Option<String>,
    /// A Deployment's rollout is paused (`paused: true`): changes to its pods wait.
    pub paused: bool,
    /// A StatefulSet's rolling update replaces only the pods of this ordinal and above
    /// (`rollingUpdate.partition`): a canary of its last pods.
    pub partition: Option<i32>,
    /// What happens to a StatefulSet's claims when it is deleted and when it scales down:
    /// `(when_deleted, when_scaled)`, each `Retain` (Kubernetes' default) or `Delete`
    /// (`persistentVolumeClaimRetentionPolicy`).
    pub claim_retention: Option<(String, String)>,
}

/// How pods are replaced on an update.
/// Renders as `strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}}`
/// (or `updateStrategy`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Strategy {
    /// Kill every old pod, then start the new ones (a Deployment whose volume allows one writer).
    Recreate,
    /// Replace pods a few at a time; counts or percentages (`"1"`, `"25%"`), `None` for the default.
    RollingUpdate {
        /// Extra pods allowed above the desired count (Deployments): `maxSurge`.
        max_surge: Option<IntOrPercent>,
        /// Pods allowed to be unavailable: `maxUnavailable`.
        max_unavailable: Option<IntOrPercent>,
    },
    /// A StatefulSet or DaemonSet: replace a pod only when it is deleted.
    OnDelete,
}

/// Where and how long an app's pods live: scheduling and shutdown.
/// Renders as the pod spec's scheduling fields: `nodeSelector`, `tolerations`, `affinity`,
/// `topologySpreadConstraints`, `terminationGracePeriodSeconds`, ….
///
/// ```
/// use rustomize::{PodSettings, Spread, Toleration};
///
/// let pod = PodSettings {
///     termination_grace_period_seconds: Some(5),
///     node_selector: rustomize::labels(&[("kubernetes.io/os", "linux")]),
///     tolerations: vec![Toleration::no_schedule("dedicated", "batch")],
///     spread: vec![Spread::across("topology.kubernetes.io/zone")],
///     ..PodSettings::default()
/// };
/// assert_eq!(pod.spread[0].max_skew, 1);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodSettings {
    /// Seconds between SIGTERM and SIGKILL on shutdown.
    pub termination_grace_period_seconds: Option<i64>,
    /// Node labels a node must have.
    pub node_selector: BTreeMap<String, String>,
    /// Taints the pods tolerate.
    pub tolerations: Vec<Toleration>,
    /// Node affinity, pod affinity and anti-affinity, as Kubernetes spells them.
    pub affinity: Option<k8s_openapi::api::core::v1::Affinity>,
    /// Keep the app's pods apart: one anti-affinity term per topology key, selecting the
    /// app's own pods (preferred unless [`Spread::required`]).
    pub anti_affinity: Vec<Spread>,
    /// Spread the app's pods evenly over topology domains (its own selector is used).
    pub spread: Vec<Spread>,
    /// The PriorityClass of the pods.
    pub priority_class_name: Option<String>,
    /// Secrets holding registry credentials, by name (managed outside the tree).
    pub image_pull_secrets: Vec<String>,
    /// Extra `/etc/hosts` entries: `(ip, host names)`.
    pub host_aliases: Vec<(String, Vec<String>)>,
    /// Whether the pod's `hostname.subdomain` resolves: a DNS subdomain.
    pub subdomain: Option<String>,
    /// How the pods resolve names: `ClusterFirst` (Kubernetes' default), `Default` (the
    /// node's resolver), `ClusterFirstWithHostNet` or `None` (only [`PodSettings::dns_config`]).
    pub dns_policy: Option<String>,
    /// Name servers, search domains and resolver options added to the pods' resolver
    /// (`ndots: 2` to spare a lookup per external name), as Kubernetes spells them.
    pub dns_config: Option<k8s_openapi::api::core::v1::PodDNSConfig>,
    /// `Some(false)`: no `*_SERVICE_HOST`/`*_PORT` variables for every Service of the
    /// namespace (a namespace of many Services, or an app that reads such a name itself).
    pub enable_service_links: Option<bool>,
    /// The containers of a pod see (and may signal) each other's processes.
    pub share_process_namespace: Option<bool>,
    /// The RuntimeClass the pods run with (`gvisor`, `kata`): a DNS subdomain.
    pub runtime_class_name: Option<String>,
    /// The scheduler that places the pods, when not the cluster's default one.
    pub scheduler_name: Option<String>,
    /// The pods' host name, when not the pod's name: a DNS label.
    pub hostname: Option<String>,
    /// The pods' host name is their fully qualified domain name (`setHostnameAsFQDN`).
    pub hostname_as_fqdn: Option<bool>,
    /// `Never`: the pods never preempt pods of a lower priority to be scheduled
    /// (`PreemptLowerPriority` is Kubernetes' default).
    pub preemption_policy: Option<String>,
    /// The operating system the pods run on: `linux` or `windows`.
    pub os: Option<String>,
    /// Conditions, besides its containers being ready, a pod needs to be ready (a load
    /// balancer's target health): their `conditionType`s, in order.
    pub readiness_gates: Vec<String>,
    /// Kernel settings of the pods' own namespaces, as `(name, value)`: only those the
    /// restricted Pod Security profile allows (`net.ipv4.tcp_keepalive_time`, …); the low
    /// ports one is [`Security::bind_low_ports`](super::Security::bind_low_ports).
    pub sysctls: Vec<(String, String)>,
    /// Groups the pods' processes belong to besides their own (`supplementalGroups`), e.g.
    /// the group a shared volume's files belong to.
    pub supplemental_groups: Vec<i64>,
    /// `Some(false)`: the pods run in their own user namespace (`hostUsers: false`), so
    /// root inside is no one outside.
    pub host_users: Option<bool>,
}

/// A taint the pods tolerate.
/// Renders as `tolerations: [{key: …, operator: Equal, value: …, effect: NoSchedule}]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Toleration {
    /// The taint's key; empty with [`Toleration::exists`] tolerates every taint.
    pub key: String,
    /// The value to match; `None` tolerates any value (`operator: Exists`).
    pub value: Option<String>,
    /// `NoSchedule`, `PreferNoSchedule` or `NoExecute`; `None` matches every effect.
    pub effect: Option<String>,
    /// For `NoExecute`: seconds the pod may stay after the taint appears.
    pub toleration_seconds: Option<i64>,
}

impl Toleration {
    /// Tolerates `key=value:NoSchedule`.
    pub fn no_schedule(key: &str, value: &str) -> Toleration {
        Toleration {
            key: key.into(),
            value: Some(value.into()),
            effect: Some("NoSchedule".into()),
            toleration_seconds: None,
        }
    }

    /// Tolerates every taint with `key`, whatever its value and effect.
    pub fn exists(key: &str) -> Toleration {
        Toleration { key: key.into(), ..Toleration::default() }
    }
}

/// Pods of one app kept apart across a topology key (a node, a zone).
/// Renders as a `topologySpreadConstraints` entry, or a `podAntiAffinity` rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spread {
    /// The node label whose values are the domains, e.g. `kubernetes.io/hostname`.
    pub topology_key: String,
    /// Most difference in pod count between two domains (topology spread only).
    pub max_skew: i32,
    /// Refuse to schedule rather than break the rule (`DoNotSchedule`, or a required
    /// anti-affinity term).
    pub required: bool,
    /// Pod labels whose values narrow the pods counted to those of the same value
    /// (`matchLabelKeys`): `pod-template-hash` counts only the current rollout's pods.
    pub match_label_keys: Vec<String>,
    /// Domains counted as existing even when empty, so a required spread waits for new
    /// nodes rather than packing a zone (`minDomains`; topology spread, required only).
    pub min_domains: Option<i32>,
}

impl Spread {
    /// Preferably spread evenly across `topology_key`, one pod of difference at most.
    pub fn across(topology_key: &str) -> Spread {
        Spread {
            topology_key: topology_key.into(),
            max_skew: 1,
            required: false,
            match_label_keys: Vec::new(),
            min_domains: None,
        }
    }

    /// The same rule, enforced.
    #[must_use]
    pub fn required(mut self) -> Spread {
        self.required = true;
        self
    }
}

/// A number of pods, or a percentage of the desired count (Kubernetes' int-or-string):
/// renders as `1` or `"25%"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntOrPercent {
    /// That many pods.
    Count(u32),
    /// That percentage of the desired count, rounded as Kubernetes rounds it (up for a
    /// surge, down for unavailability).
    Percent(u32),
}

impl IntOrPercent {
    /// Whether it allows no pod at all (`0` or `0%`).
    pub fn is_zero(self) -> bool {
        matches!(self, IntOrPercent::Count(0) | IntOrPercent::Percent(0))
    }
}
