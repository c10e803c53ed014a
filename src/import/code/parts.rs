//! The rest of an app as Rust: workload, Services, config, volumes, storage, scaling and
//! routes; and the declarations apps take handles of.

use super::*;
use crate::model::{
    Autoscale, Backend, Config, CronJob, DisruptionBudget, Expose, ExposeType, FileSource, Files,
    Ingress, IngressPath, IngressRule, Job, LoadBalancer, Metric, PathType, RestartPolicy,
    ServicePort, Storage, Volume, VolumeSource, Workload,
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
                indexed,
                suspend,
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
                .field("indexed", indexed.to_string())
                .field("suspend", suspend.to_string())
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
                sticky_timeout_seconds,
                internal_traffic_local,
                ip_family_policy,
                traffic_distribution,
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
                .field("sticky_timeout_seconds", opt_n(sticky_timeout_seconds))
                .field("internal_traffic_local", internal_traffic_local.to_string())
                .field("ip_family_policy", cx.opt_s(ip_family_policy))
                .field("traffic_distribution", cx.opt_s(traffic_distribution))
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
                format!("FileSource::SharedConfig({})", cx.handle(n.name(), Declared::Config))
            }
            FileSource::Secret(n) => format!("FileSource::Secret({})", cx.s(n)),
        }
    }
}

impl Code for Files {
    fn code(&self, cx: &Printer) -> String {
        let lit = |f: &Files| {
            let Files { source: _, items, default_mode, optional } = f;
            Lit::new("Files")
                .field("items", cx.vec(items))
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
                    format!(
                        "VolumeSource::shared_config({})",
                        cx.handle(x.name(), Declared::Config)
                    )
                }
            },
            VolumeSource::Files(f) => format!("VolumeSource::Files({})", f.code(cx)),
            VolumeSource::Projected(fs) => format!("VolumeSource::Projected({})", cx.vec(fs)),
            VolumeSource::Claim(x) => {
                format!("VolumeSource::Claim(Storage::new({}, \"1Gi\").handle())", cx.q(x.name()))
            }
            VolumeSource::ExistingClaim(x) => format!("VolumeSource::ExistingClaim({})", cx.s(x)),
            VolumeSource::Ephemeral { size, access_mode, storage_class } => format!(
                "VolumeSource::Ephemeral {{ size: {}, access_mode: AccessMode::{access_mode:?}, storage_class: {} }}",
                cx.s(size),
                cx.opt_s(storage_class)
            ),
            VolumeSource::Token { path, audience, expiration_seconds } => format!(
                "VolumeSource::Token {{ path: {}, audience: {}, expiration_seconds: {} }}",
                cx.s(path),
                cx.opt_s(audience),
                opt_n(expiration_seconds)
            ),
            VolumeSource::Csi { driver, read_only, attributes } => format!(
                "VolumeSource::Csi {{ driver: {}, read_only: {read_only}, attributes: {} }}",
                cx.s(driver),
                cx.map(attributes)
            ),
            VolumeSource::PodFields(items) => format!("VolumeSource::PodFields({})", cx.vec(items)),
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
        format!("IngressRule {{ host: {}, paths: {} }}", cx.derived_s(host), cx.vec(paths))
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
            let tls = list(tls, |(hosts, secret)| {
                format!("({}, {})", list(hosts, |h| cx.derived_s(h)), cx.s(secret))
            });
            Lit::new("Ingress")
                .field("host", cx.derived_s(host))
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
        // `raw` is the environment function's list of kept objects, `name` its name.
        Declared::Config if ident == "raw" || ident == "name" => return format!("{ident}_config"),
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
