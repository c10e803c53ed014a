//! The rest of an app as Rust: workload, Services, config, volumes, storage, scaling,
//! routes, rollout, pod settings and security.

use super::*;
use crate::model::{
    Autoscale, Backend, Config, CronJob, DisruptionBudget, Expose, ExposeType, FileSource, Files,
    Ingress, IngressPath, IngressRule, IntOrPercent, Job, LoadBalancer, Metric, PathType,
    PodSettings, RestartPolicy, Rollout, Security, ServiceAccount, ServicePort, Spread, Storage,
    Strategy, Toleration, Volume, VolumeSource, Workload,
};

impl Code for Workload {
    fn code(&self, cx: &Printer) -> String {
        match self {
            Workload::Deployment => "Workload::Deployment".into(),
            Workload::StatefulSet => "Workload::StatefulSet".into(),
            Workload::DaemonSet => "Workload::DaemonSet".into(),
            Workload::Pod => "Workload::Pod".into(),
            Workload::Job(j) => format!("Workload::Job({})", j.code(cx)),
            Workload::CronJob(c) => format!("Workload::CronJob({})", c.code(cx)),
        }
    }
}

impl Code for CronJob {
    fn code(&self, cx: &Printer) -> String {
        let lit = |c: &CronJob| {
            let CronJob {
                // The argument of `CronJob::new`.
                schedule: _,
                time_zone,
                concurrency,
                successful_jobs_history_limit,
                failed_jobs_history_limit,
                starting_deadline_seconds,
                suspend,
                job,
                job_annotations,
            } = c;
            Lit::new("CronJob")
                .field("time_zone", cx.opt_s(time_zone))
                .field("concurrency", format!("Concurrency::{concurrency:?}"))
                .field("successful_jobs_history_limit", opt_n(successful_jobs_history_limit))
                .field("failed_jobs_history_limit", opt_n(failed_jobs_history_limit))
                .field("starting_deadline_seconds", opt_n(starting_deadline_seconds))
                .field("suspend", suspend.to_string())
                .field("job", job.code(cx))
                .field("job_annotations", cx.map(job_annotations))
        };
        let base = CronJob::new(&self.schedule);
        lit(self).print(&lit(&base), &format!("CronJob::new({})", cx.q(&self.schedule)))
    }
}

impl Code for Job {
    fn code(&self, _: &Printer) -> String {
        let lit = |j: &Job| {
            let Job {
                backoff_limit,
                ttl_seconds_after_finished,
                restart_policy,
                completions,
                parallelism,
                active_deadline_seconds,
            } = j;
            let restart = match restart_policy {
                RestartPolicy::OnFailure => "OnFailure",
                RestartPolicy::Never => "Never",
            };
            Lit::new("Job")
                .field("backoff_limit", backoff_limit.to_string())
                .field("ttl_seconds_after_finished", opt_n(ttl_seconds_after_finished))
                .field("restart_policy", format!("RestartPolicy::{restart}"))
                .field("completions", opt_n(completions))
                .field("parallelism", opt_n(parallelism))
                .field("active_deadline_seconds", opt_n(active_deadline_seconds))
        };
        with_default(self, lit, "Job")
    }
}

impl Code for ServicePort {
    fn code(&self, cx: &Printer) -> String {
        // The shorthand only where it builds the same value (a new field is printed below).
        let short = ServicePort::new(&self.target, self.port);
        if (ServicePort { node_port: None, ..self.clone() }) == short {
            let base = format!("ServicePort::new({}, {})", cx.q(&self.target), self.port);
            return match self.node_port {
                None => base,
                Some(n) => format!("{base}.on_node({n})"),
            };
        }
        let lit = |p: &ServicePort| {
            let ServicePort { name, target, port, node_port, app_protocol, protocol, at: _ } = p;
            Lit::new("ServicePort")
                .field("name", cx.opt_s(name))
                .field("target", cx.s(target))
                .field("port", port.to_string())
                .field("node_port", opt_n(node_port))
                .field("app_protocol", cx.opt_s(app_protocol))
                .field("protocol", opt(protocol, |x| format!("Protocol::{x:?}")))
        };
        with_default(self, lit, "ServicePort")
    }
}

impl Code for LoadBalancer {
    fn code(&self, cx: &Printer) -> String {
        let lit = |lb: &LoadBalancer| {
            let LoadBalancer { class, source_ranges, external_traffic_policy_local } = lb;
            Lit::new("LoadBalancer")
                .field("class", cx.opt_s(class))
                .field("source_ranges", cx.vec(source_ranges))
                .field("external_traffic_policy_local", external_traffic_policy_local.to_string())
        };
        with_default(self, lit, "LoadBalancer")
    }
}

impl Code for Expose {
    fn code(&self, cx: &Printer) -> String {
        let lit = |e: &Expose| {
            let Expose {
                name,
                type_,
                ports,
                annotations,
                labels: own,
                load_balancer,
                sticky_sessions,
                publish_not_ready,
                at: _,
            } = e;
            let type_ = match type_ {
                ExposeType::ClusterIp => "ClusterIp",
                ExposeType::NodePort => "NodePort",
                ExposeType::LoadBalancer => "LoadBalancer",
                ExposeType::Headless => "Headless",
            };
            Lit::new("Expose")
                .field("name", cx.opt_s(name))
                .field("type_", format!("ExposeType::{type_}"))
                .field("ports", cx.vec(ports))
                .field("annotations", cx.map(annotations))
                .field("labels", cx.map(own))
                .field("load_balancer", load_balancer.code(cx))
                .field("sticky_sessions", sticky_sessions.to_string())
                .field("publish_not_ready", publish_not_ready.to_string())
        };
        with_default(self, lit, "Expose")
    }
}

impl Code for Config {
    fn code(&self, cx: &Printer) -> String {
        let Config {
            data,
            hashed,
            immutable,
            name,
            // Never set by import: a ConfigMap's data is kept as written, not re-templated.
            templates: _,
            env_files: _,
        } = self;
        let data = data.iter().fold(String::new(), |acc, (k, v)| {
            format!("{acc}.set({}, {})", cx.q(k), cx.q_named(v, k))
        });
        let base = if *hashed { "Config::hashed()" } else { "Config::new()" };
        let built = format!("{base}{data}");
        let mut extra = Vec::new();
        if *immutable {
            extra.push("immutable: true".to_owned());
        }
        if let Some(n) = name {
            extra.push(format!("name: Some({})", cx.s(n)));
        }
        update("Config", &extra, built)
    }
}

impl Code for FileSource {
    fn code(&self, cx: &Printer) -> String {
        match self {
            FileSource::Config => "FileSource::Config".into(),
            FileSource::SharedConfig(n) => {
                format!("FileSource::SharedConfig({})", shared_config_handle(cx, n))
            }
            FileSource::Secret(n) => format!("FileSource::Secret({})", cx.s(n)),
        }
    }
}

impl Code for Files {
    fn code(&self, cx: &Printer) -> String {
        let lit = |f: &Files| {
            let Files { source: _, items, default_mode, optional } = f;
            let pair = |(k, p): &(String, String)| format!("({}, {})", cx.s(k), cx.s(p));
            Lit::new("Files")
                .field("items", list(items, pair))
                .field("default_mode", opt(default_mode, |m| format!("0o{m:o}")))
                .field("optional", optional.to_string())
        };
        let base = Files::new(self.source.clone());
        lit(self).print(&lit(&base), &format!("Files::new({})", self.source.code(cx)))
    }
}

impl Code for Volume {
    fn code(&self, cx: &Printer) -> String {
        let Volume { name, source } = self;
        let source = match source {
            VolumeSource::EmptyDir => "VolumeSource::EmptyDir".into(),
            VolumeSource::ClaimTemplate => "VolumeSource::ClaimTemplate".into(),
            VolumeSource::Memory(x) => format!("VolumeSource::Memory({})", cx.s(x)),
            VolumeSource::Scratch(x) => format!("VolumeSource::Scratch({})", cx.s(x)),
            // The shorthand only where it builds the same value.
            VolumeSource::Files(f) if *f == Files::new(f.source.clone()) => match &f.source {
                FileSource::Config => "VolumeSource::config()".into(),
                FileSource::Secret(x) => format!("VolumeSource::secret({})", cx.q(x)),
                FileSource::SharedConfig(x) => {
                    format!("VolumeSource::shared_config({})", shared_config_handle(cx, x))
                }
            },
            VolumeSource::Files(f) => format!("VolumeSource::Files({})", f.code(cx)),
            VolumeSource::Projected(fs) => format!("VolumeSource::Projected({})", cx.vec(fs)),
            VolumeSource::Claim(x) => {
                format!("VolumeSource::Claim(Storage::new({}, \"1Gi\").handle())", cx.q(x.name()))
            }
            VolumeSource::ExistingClaim(x) => format!("VolumeSource::ExistingClaim({})", cx.s(x)),
            VolumeSource::PodFields(items) => format!(
                "VolumeSource::PodFields({})",
                list(items, |(a, b)| format!("({}, {})", cx.s(a), cx.s(b)))
            ),
        };
        format!("Volume::new({}, {source})", cx.q(name))
    }
}

impl Code for Storage {
    fn code(&self, cx: &Printer) -> String {
        let lit = |x: &Storage| {
            // The name and size are `Storage::new`'s arguments.
            let Storage { name: _, size: _, access_mode, storage_class, claim_name, labels: own } =
                x;
            Lit::new("Storage")
                .field("access_mode", format!("AccessMode::{access_mode:?}"))
                .field("storage_class", cx.opt_s(storage_class))
                .field("claim_name", cx.opt_s(claim_name))
                .field("labels", cx.map(own))
        };
        let base = format!("Storage::new({}, {})", cx.q(&self.name), cx.q(&self.size));
        lit(self).print(&lit(&Storage::new(&self.name, &self.size)), &base)
    }
}

impl Code for Metric {
    fn code(&self, cx: &Printer) -> String {
        match self {
            Metric::Pods { name, average_value } => format!(
                "Metric::Pods {{ name: {}, average_value: {} }}",
                cx.s(name),
                cx.s(average_value)
            ),
            Metric::External { name, selector, average_value } => format!(
                "Metric::External {{ name: {}, selector: {}, average_value: {} }}",
                cx.s(name),
                cx.map(selector),
                cx.s(average_value)
            ),
        }
    }
}

impl Code for Autoscale {
    fn code(&self, cx: &Printer) -> String {
        let lit = |a: &Autoscale| {
            let Autoscale {
                min_replicas,
                max_replicas,
                cpu_percent,
                memory_percent,
                metrics,
                behavior,
            } = a;
            Lit::new("Autoscale")
                .field("min_replicas", min_replicas.to_string())
                .field("max_replicas", max_replicas.to_string())
                .field("cpu_percent", opt_n(cpu_percent))
                .field("memory_percent", opt_n(memory_percent))
                .field("metrics", cx.vec(metrics))
                .field("behavior", opt(behavior, |b| super::k8s::behavior(cx, b)))
        };
        with_default(self, lit, "Autoscale")
    }
}

fn path_type(t: &Option<PathType>) -> String {
    opt(t, |t| format!("PathType::{t:?}"))
}

impl Code for IngressRule {
    fn code(&self, cx: &Printer) -> String {
        let IngressRule { host, paths } = self;
        format!("IngressRule {{ host: {}, paths: {} }}", cx.s(host), cx.vec(paths))
    }
}

impl Code for IngressPath {
    fn code(&self, cx: &Printer) -> String {
        let IngressPath { path, path_type: type_, backend } = self;
        let Backend { service, port } = backend;
        format!(
            "IngressPath {{ path: {}, path_type: {}, backend: Backend {{ service: {}, port: {} }} }}",
            cx.s(path),
            path_type(type_),
            cx.s(service),
            cx.s(port)
        )
    }
}

impl Code for Ingress {
    fn code(&self, cx: &Printer) -> String {
        let lit = |i: &Ingress| {
            let Ingress {
                host,
                path,
                port,
                class_name,
                tls_secret,
                annotations,
                rules,
                tls,
                path_type: type_,
                at: _,
            } = i;
            let tls = list(tls, |(hosts, secret)| format!("({}, {})", cx.vec(hosts), cx.s(secret)));
            Lit::new("Ingress")
                .field("host", cx.s(host))
                .field("path", cx.s(path))
                .field("port", cx.s(port))
                .field("class_name", cx.opt_s(class_name))
                .field("tls_secret", cx.opt_s(tls_secret))
                .field("annotations", cx.map(annotations))
                .field("rules", cx.vec(rules))
                .field("tls", tls)
                .field("path_type", path_type(type_))
        };
        with_default(self, lit, "Ingress")
    }
}

impl Code for DisruptionBudget {
    fn code(&self, _: &Printer) -> String {
        format!("DisruptionBudget::{self:?}")
    }
}

impl Code for IntOrPercent {
    fn code(&self, _: &Printer) -> String {
        match self {
            IntOrPercent::Count(n) => format!("IntOrPercent::Count({n})"),
            IntOrPercent::Percent(p) => format!("IntOrPercent::Percent({p})"),
        }
    }
}

impl Code for Strategy {
    fn code(&self, cx: &Printer) -> String {
        match self {
            Strategy::Recreate => "Strategy::Recreate".into(),
            Strategy::OnDelete => "Strategy::OnDelete".into(),
            Strategy::RollingUpdate { max_surge, max_unavailable } => format!(
                "Strategy::RollingUpdate {{ max_surge: {}, max_unavailable: {} }}",
                cx.option(max_surge),
                cx.option(max_unavailable)
            ),
        }
    }
}

impl Code for Rollout {
    fn code(&self, cx: &Printer) -> String {
        let lit = |r: &Rollout| {
            let Rollout {
                strategy,
                min_ready_seconds,
                revision_history_limit,
                progress_deadline_seconds,
                parallel_pods,
                service_name,
            } = r;
            Lit::new("Rollout")
                .field("strategy", cx.option(strategy))
                .field("min_ready_seconds", opt_n(min_ready_seconds))
                .field("revision_history_limit", opt_n(revision_history_limit))
                .field("progress_deadline_seconds", opt_n(progress_deadline_seconds))
                .field("parallel_pods", parallel_pods.to_string())
                .field("service_name", cx.opt_s(service_name))
        };
        with_default(self, lit, "Rollout")
    }
}

impl Code for Toleration {
    fn code(&self, cx: &Printer) -> String {
        let lit = |t: &Toleration| {
            let Toleration { key, value, effect, toleration_seconds } = t;
            Lit::new("Toleration")
                .field("key", cx.s(key))
                .field("value", cx.opt_s(value))
                .field("effect", cx.opt_s(effect))
                .field("toleration_seconds", opt_n(toleration_seconds))
        };
        with_default(self, lit, "Toleration")
    }
}

impl Code for PodSettings {
    fn code(&self, cx: &Printer) -> String {
        let lit = |p: &PodSettings| {
            let PodSettings {
                termination_grace_period_seconds,
                node_selector,
                tolerations,
                affinity,
                anti_affinity,
                spread,
                priority_class_name,
                image_pull_secrets,
                host_aliases,
                subdomain,
                dns_policy,
                dns_config,
                enable_service_links,
                share_process_namespace,
                runtime_class_name,
            } = p;
            let alias =
                |(ip, hosts): &(String, Vec<String>)| format!("({}, {})", cx.s(ip), cx.vec(hosts));
            Lit::new("PodSettings")
                .field("termination_grace_period_seconds", opt_n(termination_grace_period_seconds))
                .field("node_selector", cx.map(node_selector))
                .field("tolerations", cx.vec(tolerations))
                .field("affinity", opt(affinity, |a| super::k8s::affinity(cx, a)))
                .field("anti_affinity", cx.vec(anti_affinity))
                .field("spread", cx.vec(spread))
                .field("priority_class_name", cx.opt_s(priority_class_name))
                .field("image_pull_secrets", cx.vec(image_pull_secrets))
                .field("host_aliases", list(host_aliases, alias))
                .field("subdomain", cx.opt_s(subdomain))
                .field("dns_policy", cx.opt_s(dns_policy))
                .field("dns_config", opt(dns_config, |d| super::k8s::dns_config(cx, d)))
                .field("enable_service_links", opt_n(enable_service_links))
                .field("share_process_namespace", opt_n(share_process_namespace))
                .field("runtime_class_name", cx.opt_s(runtime_class_name))
        };
        with_default(self, lit, "PodSettings")
    }
}

impl Code for Spread {
    fn code(&self, cx: &Printer) -> String {
        let Spread { topology_key, max_skew, required } = self;
        let mut out = format!("Spread::across({})", cx.q(topology_key));
        if *required {
            out.push_str(".required()");
        }
        if *max_skew != 1 {
            out = format!("Spread {{ max_skew: {max_skew}, ..{out} }}");
        }
        out
    }
}

impl Code for ServiceAccount {
    fn code(&self, cx: &Printer) -> String {
        match self {
            ServiceAccount::Default => "ServiceAccount::Default".into(),
            ServiceAccount::Own => "ServiceAccount::Own".into(),
            ServiceAccount::Shared(n) => {
                format!("ServiceAccount::Shared({})", cx.handle(n.name(), Declared::Account))
            }
            ServiceAccount::Existing(n) => format!("ServiceAccount::Existing({})", cx.s(n)),
        }
    }
}

impl Code for Security {
    fn code(&self, cx: &Printer) -> String {
        let lit = |x: &Security| {
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
            let exception =
                opt(exception, |r| format!("{}.into()", cx.q_named(r, "security exception")));
            Lit::new("Security")
                .field("run_as_user", run_as_user.to_string())
                .field("run_as_group", run_as_group.to_string())
                .field("fs_group", fs_group.to_string())
                .field("read_only_root_filesystem", read_only_root_filesystem.to_string())
                .field("writable_paths", cx.vec(writable_paths))
                .field("service_account_token", service_account_token.to_string())
                .field("network_policy", network_policy.to_string())
                .field("run_as_root", run_as_root.to_string())
                .field("bind_low_ports", bind_low_ports.to_string())
                .field("unpinned_images", unpinned_images.to_string())
                .field("host_ports", host_ports.to_string())
                .field("image_user", image_user.to_string())
                .field("require_non_root", require_non_root.to_string())
                .field("drop_capabilities", cx.vec(drop_capabilities))
                .field("add_capabilities", cx.vec(add_capabilities))
                .field("privilege_escalation", privilege_escalation.to_string())
                .field("user_on_containers", user_on_containers.to_string())
                .field("fs_group_on_mismatch", fs_group_on_mismatch.to_string())
                .field("exception", exception)
        };
        with_default(self, lit, "Security")
    }
}

/// The handle of the shared ConfigMap `handle` names, taken from its declaration: bound once
/// in the environment's function, and an argument of each base app that uses it.
pub(crate) fn shared_config_handle(cx: &Printer, handle: &crate::model::SharedConfigRef) -> String {
    cx.handle(handle.name(), Declared::Config)
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
