//! Checks of how an app's pods are run: the controller's rollout, a CronJob's schedule, and
//! the pods' scheduling and shutdown settings.

use super::Validator;
use super::app::kind_name;
use super::names::{check_dns_subdomain, check_label_value, check_qualified_name, check_schedule};
use crate::error::Code;
use crate::model::{App, IntOrPercent, Strategy, Workload};

impl Validator<'_> {
    pub(super) fn rollout(&mut self, app: &App) {
        let r = &app.rollout;
        let kind = kind_name(&app.workload);
        let set = r.strategy.is_some()
            || r.min_ready_seconds.is_some()
            || r.revision_history_limit.is_some()
            || r.progress_deadline_seconds.is_some()
            || r.parallel_pods
            || r.service_name.is_some()
            || r.paused
            || r.partition.is_some()
            || r.claim_retention.is_some();
        if matches!(app.workload, Workload::Job(_) | Workload::CronJob(_) | Workload::Pod) && set {
            self.report(
                Code::Conflict,
                "rollout",
                format!("a {kind} has no rollout settings"),
                Some("a Deployment, StatefulSet or DaemonSet".into()),
                None,
            );
            return;
        }
        let fits = match (&r.strategy, &app.workload) {
            (None, _) => true,
            (Some(Strategy::Recreate), w) => *w == Workload::Deployment,
            (Some(Strategy::OnDelete), w) => {
                matches!(w, Workload::StatefulSet | Workload::DaemonSet)
            }
            (Some(Strategy::RollingUpdate { max_surge, max_unavailable }), w) => {
                for (what, v) in [("max_surge", max_surge), ("max_unavailable", max_unavailable)] {
                    match v {
                        Some(IntOrPercent::Count(n)) if i32::try_from(*n).is_err() => self.report(
                            Code::InvalidValue,
                            format!("rollout.strategy.{what}"),
                            format!("{n} pods is more than Kubernetes can store"),
                            Some(format!("at most {}", i32::MAX)),
                            None,
                        ),
                        Some(IntOrPercent::Percent(p))
                            if *what == *"max_unavailable" && *p > 100 =>
                        {
                            self.report(
                                Code::InvalidValue,
                                format!("rollout.strategy.{what}"),
                                format!("{p}% of the pods cannot be unavailable"),
                                Some("at most 100%".into()),
                                None,
                            )
                        }
                        _ => {}
                    }
                }
                if max_surge.is_some_and(|s| s.is_zero())
                    && max_unavailable.is_some_and(|u| u.is_zero())
                {
                    self.report(Code::Conflict,
                        "rollout.strategy",
                        "a rolling update with no surge and no unavailability can never replace a pod".into(),
                        Some("`max_surge` or `max_unavailable` above zero".into()),
                        None,
                    );
                }
                // A StatefulSet's rolling update takes no surge or unavailability here.
                *w != Workload::StatefulSet || (max_surge.is_none() && max_unavailable.is_none())
            }
        };
        if !fits {
            self.report(Code::Conflict, "rollout.strategy", format!("strategy {:?} does not apply to a {kind}", r.strategy.as_ref().map(strategy_name).unwrap_or_default()), Some("`Recreate` for Deployments, `OnDelete` for StatefulSets and DaemonSets, `RollingUpdate` (with surge and unavailability for Deployments and DaemonSets)".into()), None);
        }
        if r.progress_deadline_seconds.is_some() && app.workload != Workload::Deployment {
            self.report(
                Code::Conflict,
                "rollout.progress_deadline_seconds",
                format!("a {kind} has no progress deadline"),
                Some("a Deployment".into()),
                None,
            );
        }
        if let Some(name) = &r.service_name {
            if app.workload != Workload::StatefulSet {
                self.report(
                    Code::Conflict,
                    "rollout.service_name",
                    format!("a {kind} has no governing Service"),
                    Some("a StatefulSet".into()),
                    None,
                );
            }
            self.dns_label("rollout.service_name", "Service name", name);
        }
        if r.paused && app.workload != Workload::Deployment {
            self.report(
                Code::Conflict,
                "rollout.paused",
                format!("a {kind} has no pausable rollout"),
                Some("a Deployment".into()),
                None,
            );
        }
        if let Some(p) = r.partition {
            let rolling = matches!(r.strategy, Some(Strategy::RollingUpdate { .. }));
            if app.workload != Workload::StatefulSet || !rolling {
                self.report(
                    Code::Conflict,
                    "rollout.partition",
                    "a partition without a StatefulSet's rolling update".into(),
                    Some(
                        "a StatefulSet with `strategy: Some(Strategy::RollingUpdate { .. })`"
                            .into(),
                    ),
                    None,
                );
            }
            if p < 0 {
                self.report(
                    Code::InvalidValue,
                    "rollout.partition",
                    format!("partition {p} is negative"),
                    Some("0 or more".into()),
                    None,
                );
            }
        }
        if let Some((deleted, scaled)) = &r.claim_retention {
            if app.workload != Workload::StatefulSet {
                self.report(
                    Code::Conflict,
                    "rollout.claim_retention",
                    format!("a {kind} has no claim templates to retain"),
                    Some("a StatefulSet".into()),
                    None,
                );
            }
            for (what, v) in [("when deleted", deleted), ("when scaled", scaled)] {
                self.known(
                    &format!("rollout.claim_retention ({what})"),
                    &Some(v.clone()),
                    &["Retain", "Delete"],
                );
            }
        }
        if r.parallel_pods && app.workload != Workload::StatefulSet {
            self.report(
                Code::Conflict,
                "rollout.parallel_pods",
                format!("a {kind} has no pod management policy"),
                Some("a StatefulSet".into()),
                None,
            );
        }
        for (field, v) in [
            ("min_ready_seconds", r.min_ready_seconds),
            ("revision_history_limit", r.revision_history_limit),
            ("progress_deadline_seconds", r.progress_deadline_seconds),
        ] {
            if v.is_some_and(|v| v < 0) {
                self.report(
                    Code::InvalidValue,
                    format!("rollout.{field}"),
                    format!("{field} is negative"),
                    Some("0 or more".into()),
                    None,
                );
            }
        }
        let job = match &app.workload {
            Workload::Job(job) => Some(job),
            Workload::CronJob(cron) => Some(&cron.job),
            _ => None,
        };
        if job.is_some_and(|j| j.indexed && j.completions.is_none()) {
            self.report(
                Code::Conflict,
                "workload.indexed",
                "an indexed Job without a number of completions".into(),
                Some("`completions: Some(N)`, the number of indexes".into()),
                None,
            );
        }
        if let Workload::CronJob(cron) = &app.workload {
            if let Err(why) = check_schedule(&cron.schedule) {
                self.report(
                    Code::InvalidValue,
                    "workload.schedule",
                    format!("schedule `{}` is not valid: {why}", cron.schedule),
                    Some("five cron fields (`0 3 * * *`) or a macro (`@daily`)".into()),
                    None,
                );
            }
            if cron.time_zone.as_deref().is_some_and(|tz| tz.is_empty() || tz.contains(' ')) {
                self.report(
                    Code::InvalidValue,
                    "workload.time_zone",
                    format!(
                        "time zone `{}` is not an IANA name",
                        cron.time_zone.as_deref().unwrap_or_default()
                    ),
                    Some("e.g. `Europe/Paris` or `Etc/UTC`".into()),
                    None,
                );
            }
        }
        if app.workload == Workload::Pod && app.replicas > 1 {
            self.report(
                Code::Conflict,
                "replicas",
                format!("a bare Pod runs once, but {} replicas are asked for", app.replicas),
                Some("a Deployment for several replicas".into()),
                None,
            );
        }
    }

    pub(super) fn pod(&mut self, app: &App) {
        let p = &app.pod;
        if p.termination_grace_period_seconds.is_some_and(|s| s < 0) {
            self.report(
                Code::InvalidValue,
                "pod.termination_grace_period_seconds",
                "the grace period is negative".into(),
                Some("0 or more seconds".into()),
                None,
            );
        }
        for (key, value) in &p.node_selector {
            if check_qualified_name(key).is_err() || check_label_value(value).is_err() {
                self.report(
                    Code::InvalidValue,
                    format!("pod.node_selector.{key}"),
                    format!("`{key}={value}` is not a valid node label"),
                    Some("a label key and value".into()),
                    None,
                );
            }
        }
        for t in &p.tolerations {
            if let Some(effect) = &t.effect
                && !matches!(effect.as_str(), "NoSchedule" | "PreferNoSchedule" | "NoExecute")
            {
                self.report(
                    Code::InvalidValue,
                    "pod.tolerations",
                    format!("taint effect `{effect}` is not known"),
                    Some("`NoSchedule`, `PreferNoSchedule` or `NoExecute`".into()),
                    None,
                );
            }
            if t.key.is_empty() && t.value.is_some() {
                self.report(
                    Code::Conflict,
                    "pod.tolerations",
                    "a toleration with a value needs a key".into(),
                    None,
                    Some("use `Toleration::exists(\"\")` to tolerate every taint".into()),
                );
            }
            if t.toleration_seconds.is_some() && t.effect.as_deref() != Some("NoExecute") {
                self.report(
                    Code::Conflict,
                    "pod.tolerations",
                    "`toleration_seconds` applies to `NoExecute` taints only".into(),
                    None,
                    None,
                );
            }
        }
        for s in p.spread.iter().chain(&p.anti_affinity) {
            if check_qualified_name(&s.topology_key).is_err() {
                self.report(
                    Code::InvalidValue,
                    "pod.spread",
                    format!("topology key `{}` is not a node label key", s.topology_key),
                    Some("e.g. `kubernetes.io/hostname`".into()),
                    None,
                );
            }
            if s.max_skew < 1 {
                self.report(
                    Code::InvalidValue,
                    "pod.spread",
                    format!("max skew {} is below 1", s.max_skew),
                    Some("1 or more".into()),
                    None,
                );
            }
            for key in &s.match_label_keys {
                if check_qualified_name(key).is_err() {
                    self.report(
                        Code::InvalidValue,
                        "pod.spread",
                        format!("`{key}` is not a label key"),
                        Some("e.g. `pod-template-hash`".into()),
                        None,
                    );
                }
            }
        }
        for s in &p.spread {
            if s.min_domains.is_some_and(|n| n < 1 || !s.required) {
                self.report(
                    Code::Conflict,
                    "pod.spread",
                    format!("min domains on a spread across `{}`", s.topology_key),
                    Some("1 or more, on a required spread".into()),
                    None,
                );
            }
        }
        for s in p.anti_affinity.iter().filter(|s| s.min_domains.is_some()) {
            self.report(
                Code::Conflict,
                "pod.anti_affinity",
                format!("min domains on the anti-affinity across `{}`", s.topology_key),
                Some("`pod.spread`, which counts domains".into()),
                None,
            );
        }
        if let Some(class) = &p.priority_class_name
            && check_dns_subdomain(class).is_err()
        {
            self.report(
                Code::InvalidValue,
                "pod.priority_class_name",
                format!("`{class}` is not a PriorityClass name"),
                Some("a DNS subdomain".into()),
                None,
            );
        }
        for name in &p.image_pull_secrets {
            self.dns_label("pod.image_pull_secrets", "Secret", name);
        }
        for (ip, _) in &p.host_aliases {
            if ip.parse::<std::net::IpAddr>().is_err() {
                self.report(
                    Code::InvalidValue,
                    "pod.host_aliases",
                    format!("`{ip}` is not an IP address"),
                    None,
                    None,
                );
            }
        }
        if let Some(class) = &p.runtime_class_name
            && check_dns_subdomain(class).is_err()
        {
            self.report(
                Code::InvalidValue,
                "pod.runtime_class_name",
                format!("`{class}` is not a RuntimeClass name"),
                Some("a DNS subdomain".into()),
                None,
            );
        }
        if let Some(name) = &p.scheduler_name
            && check_dns_subdomain(name).is_err()
        {
            self.report(
                Code::InvalidValue,
                "pod.scheduler_name",
                format!("`{name}` is not a scheduler name"),
                Some("a DNS subdomain".into()),
                None,
            );
        }
        if let Some(name) = &p.hostname {
            self.dns_label("pod.hostname", "host", name);
        }
        self.known("pod.preemption_policy", &p.preemption_policy, PREEMPTION_POLICIES);
        self.known("pod.os", &p.os, &["linux", "windows"]);
        for (name, _) in &p.sysctls {
            if !SAFE_SYSCTLS.contains(&name.as_str()) {
                let help = if name == "net.ipv4.ip_unprivileged_port_start" {
                    Some(
                        "set `Security::bind_low_ports`, which writes it for the app's lowest port"
                            .into(),
                    )
                } else {
                    crate::error::did_you_mean(name, SAFE_SYSCTLS.iter().copied())
                };
                self.report(
                    Code::InvalidValue,
                    "pod.sysctls",
                    format!(
                        "sysctl `{name}` is not one the restricted Pod Security profile allows"
                    ),
                    Some(crate::error::one_of(SAFE_SYSCTLS)),
                    help,
                );
            }
        }
        for condition in &p.readiness_gates {
            if condition.is_empty() || condition.chars().any(char::is_whitespace) {
                self.report(
                    Code::InvalidValue,
                    "pod.readiness_gates",
                    format!("`{condition}` is not a condition type"),
                    Some("a qualified name, e.g. `example.com/ready`".into()),
                    None,
                );
            }
        }
        const POLICIES: [&str; 4] = ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"];
        if let Some(policy) = &p.dns_policy {
            if !POLICIES.contains(&policy.as_str()) {
                self.report(
                    Code::InvalidValue,
                    "pod.dns_policy",
                    format!("DNS policy `{policy}` is not one Kubernetes knows"),
                    Some(crate::error::one_of(&POLICIES)),
                    crate::error::did_you_mean(policy, POLICIES),
                );
            }
            // With `None` the pods resolve only through the config given.
            let servers = p.dns_config.as_ref().and_then(|d| d.nameservers.as_ref());
            if policy == "None" && servers.is_none_or(Vec::is_empty) {
                self.report(
                    Code::InvalidValue,
                    "pod.dns_policy",
                    "DNS policy `None` with no name server in `dns_config`".to_owned(),
                    Some("at least one of `dns_config.nameservers`".into()),
                    None,
                );
            }
        }
    }
}

fn strategy_name(s: &Strategy) -> &'static str {
    match s {
        Strategy::Recreate => "Recreate",
        Strategy::RollingUpdate { .. } => "RollingUpdate",
        Strategy::OnDelete => "OnDelete",
    }
}

/// What a pod may do to be scheduled: preempt lower priorities (the default) or never.
pub(super) const PREEMPTION_POLICIES: &[&str] = &["Never", "PreemptLowerPriority"];

/// The namespaced sysctls the restricted (and baseline) Pod Security profile allows, as of
/// Kubernetes 1.29; any other needs the kubelet's allow-list and a privileged namespace.
pub(crate) const SAFE_SYSCTLS: &[&str] = &[
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
];
