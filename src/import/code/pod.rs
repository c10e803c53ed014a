//! How an app's pods run as Rust: rollout, scheduling and pod settings, account and
//! security.

use super::*;
use crate::model::{
    IntOrPercent, PodSettings, Rollout, Security, ServiceAccount, Spread, Strategy, Toleration,
};

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
                paused,
                partition,
                claim_retention,
            } = r;
            Lit::new("Rollout")
                .field("strategy", cx.option(strategy))
                .field("min_ready_seconds", opt_n(min_ready_seconds))
                .field("revision_history_limit", opt_n(revision_history_limit))
                .field("progress_deadline_seconds", opt_n(progress_deadline_seconds))
                .field("parallel_pods", parallel_pods.to_string())
                .field("service_name", cx.opt_s(service_name))
                .field("paused", paused.to_string())
                .field("partition", opt_n(partition))
                .field("claim_retention", cx.option(claim_retention))
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
                scheduler_name,
                hostname,
                hostname_as_fqdn,
                preemption_policy,
                os,
                readiness_gates,
                sysctls,
                supplemental_groups,
                host_users,
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
                .field("scheduler_name", cx.opt_s(scheduler_name))
                .field("hostname", cx.opt_s(hostname))
                .field("hostname_as_fqdn", opt_n(hostname_as_fqdn))
                .field("preemption_policy", cx.opt_s(preemption_policy))
                .field("os", cx.opt_s(os))
                .field("readiness_gates", cx.vec(readiness_gates))
                .field("sysctls", cx.vec(sysctls))
                .field("supplemental_groups", list(supplemental_groups, i64::to_string))
                .field("host_users", opt_n(host_users))
        };
        with_default(self, lit, "PodSettings")
    }
}

impl Code for Spread {
    fn code(&self, cx: &Printer) -> String {
        let Spread { topology_key, max_skew, required, match_label_keys, min_domains } = self;
        let mut out = format!("Spread::across({})", cx.q(topology_key));
        if *required {
            out.push_str(".required()");
        }
        let mut more = Vec::new();
        if *max_skew != 1 {
            more.push(format!("max_skew: {max_skew}"));
        }
        if !match_label_keys.is_empty() {
            more.push(format!("match_label_keys: {}", cx.vec(match_label_keys)));
        }
        if let Some(n) = min_domains {
            more.push(format!("min_domains: Some({n})"));
        }
        if !more.is_empty() {
            out = format!("Spread {{ {}, ..{out} }}", more.join(", "));
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
