//! The rest of an app as Rust: workload, Services, config, volumes, storage, scaling,
//! routes, rollout, pod settings and security.

use super::*;
use crate::model::{
    Autoscale, Config, CronJob, DisruptionBudget, Expose, ExposeType, FileSource, Files, Ingress,
    IngressPath, IngressRule, Job, PathType, PodSettings, RestartPolicy, Rollout, Security,
    ServiceAccount, ServicePort, Spread, Storage, Strategy, Volume, VolumeSource, Workload,
};

pub(crate) fn workload(w: &Workload) -> String {
    match w {
        Workload::Deployment => "Workload::Deployment".into(),
        Workload::StatefulSet => "Workload::StatefulSet".into(),
        Workload::DaemonSet => "Workload::DaemonSet".into(),
        Workload::Pod => "Workload::Pod".into(),
        Workload::Job(j) => format!("Workload::Job({})", job(j)),
        Workload::CronJob(c) => {
            let lit = |c: &CronJob| {
                Lit::new("CronJob")
                    .field("time_zone", opt_s(&c.time_zone))
                    .field("concurrency", format!("Concurrency::{:?}", c.concurrency))
                    .field("successful_jobs_history_limit", opt_n(&c.successful_jobs_history_limit))
                    .field("failed_jobs_history_limit", opt_n(&c.failed_jobs_history_limit))
                    .field("starting_deadline_seconds", opt_n(&c.starting_deadline_seconds))
                    .field("suspend", c.suspend.to_string())
                    .field("job", job(&c.job))
                    .field("job_annotations", map(&c.job_annotations))
            };
            let base = CronJob::new(&c.schedule);
            let call = format!("CronJob::new({})", q(&c.schedule));
            format!("Workload::CronJob({})", lit(c).print(&lit(&base), &call))
        }
    }
}

pub(crate) fn job_lit(j: &Job) -> Lit {
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

pub(crate) fn job(j: &Job) -> String {
    job_lit(j).print(&job_lit(&Job::default()), "Job::default()")
}

pub(crate) fn service_port(p: &ServicePort) -> String {
    // The shorthand only where it builds the same value (a new field is printed below).
    if (ServicePort { node_port: None, ..p.clone() }) == ServicePort::new(&p.target, p.port) {
        let base = format!("ServicePort::new({}, {})", q(&p.target), p.port);
        return match p.node_port {
            None => base,
            Some(n) => format!("{base}.on_node({n})"),
        };
    }
    with_default(
        p,
        |p| {
            Lit::new("ServicePort")
                .field("name", opt_s(&p.name))
                .field("target", s(&p.target))
                .field("port", p.port.to_string())
                .field("node_port", opt_n(&p.node_port))
                .field("app_protocol", opt_s(&p.app_protocol))
                .field("protocol", opt(&p.protocol, |x| format!("Protocol::{x:?}")))
        },
        "ServicePort",
    )
}

pub(crate) fn expose(e: &Expose) -> String {
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
            .field("labels", map(&e.labels))
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
pub(crate) fn config(c: &Config) -> String {
    let data = c.data.iter().fold(String::new(), |acc, (k, v)| {
        format!("{acc}.set({}, {})", q(k), super::q_named(v, k))
    });
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

pub(crate) fn files(f: &Files) -> String {
    let source = match &f.source {
        FileSource::Config => "FileSource::Config".into(),
        FileSource::SharedConfig(n) => {
            format!("FileSource::SharedConfig({})", shared_config_handle(n))
        }
        FileSource::Secret(n) => format!("FileSource::Secret({})", s(n)),
    };
    let rest = with_default(
        f,
        |f| {
            Lit::new("Files")
                .field("items", list(&f.items, |(k, p)| format!("({}, {})", s(k), s(p))))
                .field("default_mode", opt(&f.default_mode, |m| format!("0o{m:o}")))
                .field("optional", f.optional.to_string())
        },
        "Files",
    );
    match rest.strip_prefix("Files { ") {
        Some(fields) => format!("Files {{ source: {source}, {fields}"),
        None => format!("Files::new({source})"),
    }
}

pub(crate) fn volume(v: &Volume) -> String {
    let source = match &v.source {
        VolumeSource::EmptyDir => "VolumeSource::EmptyDir".into(),
        VolumeSource::ClaimTemplate => "VolumeSource::ClaimTemplate".into(),
        VolumeSource::Memory(x) => format!("VolumeSource::Memory({})", s(x)),
        VolumeSource::Scratch(x) => format!("VolumeSource::Scratch({})", s(x)),
        // The shorthand only where it builds the same value (a new field is printed by `files`).
        VolumeSource::Files(f) if *f == Files::new(f.source.clone()) => match &f.source {
            FileSource::Config => "VolumeSource::config()".into(),
            FileSource::Secret(x) => format!("VolumeSource::secret({})", q(x)),
            FileSource::SharedConfig(x) => {
                format!("VolumeSource::shared_config({})", shared_config_handle(x))
            }
        },
        VolumeSource::Files(f) => format!("VolumeSource::Files({})", files(f)),
        VolumeSource::Projected(fs) => format!("VolumeSource::Projected({})", list(fs, files)),
        VolumeSource::Claim(x) => {
            format!("VolumeSource::Claim(Storage::new({}, \"1Gi\").handle())", q(x.name()))
        }
        VolumeSource::ExistingClaim(x) => format!("VolumeSource::ExistingClaim({})", s(x)),
        VolumeSource::PodFields(items) => format!(
            "VolumeSource::PodFields({})",
            list(items, |(a, b)| format!("({}, {})", s(a), s(b)))
        ),
    };
    format!("Volume::new({}, {source})", q(&v.name))
}

pub(crate) fn storage(x: &Storage) -> String {
    let base = format!("Storage::new({}, {})", q(&x.name), q(&x.size));
    let lit = |x: &Storage| {
        Lit::new("Storage")
            .field("access_mode", format!("AccessMode::{:?}", x.access_mode))
            .field("storage_class", opt_s(&x.storage_class))
            .field("claim_name", opt_s(&x.claim_name))
            .field("labels", map(&x.labels))
    };
    lit(x).print(&lit(&Storage::new(&x.name, &x.size)), &base)
}

pub(crate) fn autoscale(a: &Autoscale) -> String {
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

pub(crate) fn path_type(t: &Option<PathType>) -> String {
    opt(t, |t| format!("PathType::{t:?}"))
}

pub(crate) fn ingress(i: &Ingress) -> String {
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

pub(crate) fn budget(b: &DisruptionBudget) -> String {
    format!("DisruptionBudget::{b:?}")
}

pub(crate) fn rollout(r: &Rollout) -> String {
    let strategy = opt(&r.strategy, |x| match x {
        Strategy::Recreate => "Strategy::Recreate".into(),
        Strategy::OnDelete => "Strategy::OnDelete".into(),
        Strategy::RollingUpdate { max_surge, max_unavailable } => format!(
            "Strategy::RollingUpdate {{ max_surge: {}, max_unavailable: {} }}",
            opt(max_surge, int_or_percent),
            opt(max_unavailable, int_or_percent)
        ),
    });
    let lit = |r: &Rollout, strategy: String| {
        let Rollout {
            strategy: _,
            min_ready_seconds,
            revision_history_limit,
            progress_deadline_seconds,
            parallel_pods,
            service_name,
        } = r;
        Lit::new("Rollout")
            .field("strategy", strategy)
            .field("min_ready_seconds", opt_n(min_ready_seconds))
            .field("revision_history_limit", opt_n(revision_history_limit))
            .field("progress_deadline_seconds", opt_n(progress_deadline_seconds))
            .field("parallel_pods", parallel_pods.to_string())
            .field("service_name", opt_s(service_name))
    };
    lit(r, strategy).print(&lit(&Rollout::default(), "None".into()), "Rollout::default()")
}

pub(crate) fn pod(p: &PodSettings) -> String {
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
            .field("affinity", opt(&p.affinity, super::k8s::affinity))
            .field("anti_affinity", list(&p.anti_affinity, spread))
            .field("spread", list(&p.spread, spread))
            .field("priority_class_name", opt_s(&p.priority_class_name))
            .field("image_pull_secrets", strings(&p.image_pull_secrets))
            .field("subdomain", opt_s(&p.subdomain))
    };
    lit(p).print(&lit(&PodSettings::default()), "PodSettings::default()")
}

pub(crate) fn spread(x: &Spread) -> String {
    let mut out = format!("Spread::across({})", q(&x.topology_key));
    if x.required {
        out.push_str(".required()");
    }
    if x.max_skew != 1 {
        out = format!("Spread {{ max_skew: {}, ..{out} }}", x.max_skew);
    }
    out
}

pub(crate) fn account(a: &ServiceAccount) -> String {
    match a {
        ServiceAccount::Default => "ServiceAccount::Default".into(),
        ServiceAccount::Own => "ServiceAccount::Own".into(),
        ServiceAccount::Shared(n) => {
            format!("ServiceAccount::Shared({}.handle())", declaration(n.name(), Declared::Account))
        }
        ServiceAccount::Existing(n) => format!("ServiceAccount::Existing({})", s(n)),
    }
}

pub(crate) fn security(x: &Security) -> String {
    let lit = |x: &Security| {
        // Destructured whole, so a new field of `Security` is a compile error here.
        let Security {
            run_as_user,
            run_as_group,
            fs_group,
            read_only_root_filesystem,
            writable_paths,
            service_account_token,
            network_policy,
            run_as_root,
            bind_low_ports,
            unpinned_images,
            host_ports,
            image_user,
            require_non_root,
            drop_capabilities,
            add_capabilities,
            user_on_containers,
            fs_group_on_mismatch,
            privilege_escalation,
            exception,
        } = x;
        Lit::new("Security")
            .field("run_as_user", run_as_user.to_string())
            .field("run_as_group", run_as_group.to_string())
            .field("fs_group", fs_group.to_string())
            .field("read_only_root_filesystem", read_only_root_filesystem.to_string())
            .field("writable_paths", strings(writable_paths))
            .field("service_account_token", service_account_token.to_string())
            .field("network_policy", network_policy.to_string())
            .field("run_as_root", run_as_root.to_string())
            .field("bind_low_ports", bind_low_ports.to_string())
            .field("unpinned_images", unpinned_images.to_string())
            .field("host_ports", host_ports.to_string())
            .field("image_user", image_user.to_string())
            .field("require_non_root", require_non_root.to_string())
            .field("drop_capabilities", strings(drop_capabilities))
            .field("add_capabilities", strings(add_capabilities))
            .field("privilege_escalation", privilege_escalation.to_string())
            .field("user_on_containers", user_on_containers.to_string())
            .field("fs_group_on_mismatch", fs_group_on_mismatch.to_string())
            .field(
                "exception",
                opt(exception, |r| format!("{}.into()", q_named(r, "security exception"))),
            )
    };
    with_default(x, lit, "Security")
}

fn int_or_percent(v: &crate::model::IntOrPercent) -> String {
    match v {
        crate::model::IntOrPercent::Count(n) => format!("IntOrPercent::Count({n})"),
        crate::model::IntOrPercent::Percent(p) => format!("IntOrPercent::Percent({p})"),
    }
}

/// The handle of the shared ConfigMap `handle` names, taken from its declaration: bound once
/// in the environment's function, and an argument of each base app that uses it.
pub(crate) fn shared_config_handle(handle: &crate::model::SharedConfigRef) -> String {
    format!("{}.handle()", declaration(handle.name(), Declared::Config))
}

/// What an environment declares that apps take handles of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Declared {
    /// A `SharedConfig`.
    Config,
    /// A `ServiceAccountSpec`.
    Account,
    /// A `RoleSpec` of one namespace.
    Role,
    /// A `RoleSpec` of the cluster.
    ClusterRole,
    /// A `BindingSpec` of one namespace.
    Binding,
    /// A `BindingSpec` of the cluster.
    ClusterBinding,
}

impl Declared {
    /// The declaration's type, as a parameter takes it.
    pub(crate) fn ty(self) -> &'static str {
        match self {
            Declared::Config => "&SharedConfig",
            Declared::Account => "&ServiceAccountSpec",
            Declared::Role | Declared::ClusterRole => "&RoleSpec",
            Declared::Binding | Declared::ClusterBinding => "&BindingSpec",
        }
    }
}

/// The variable a declaration called `name` is bound to: its name as a Rust identifier, an
/// account's ending in `_account` (a role's in `_role`, …) so a ConfigMap, a ServiceAccount
/// and a Role may share a name.
pub(crate) fn declaration(name: &str, what: Declared) -> String {
    let ident = crate::safe::rust_ident(name, "declared");
    let suffix = match what {
        // `raw` is the environment function's list of kept objects.
        Declared::Config if ident == "raw" => return "raw_config".into(),
        Declared::Config => return ident,
        Declared::Account => "account",
        Declared::Role => "role",
        Declared::ClusterRole => "cluster_role",
        Declared::Binding => "binding",
        Declared::ClusterBinding => "cluster_binding",
    };
    // With a suffix, a keyword is an identifier again: no raw prefix.
    format!("{}_{suffix}", ident.trim_start_matches("r#"))
}
