//! Kubernetes API values the model takes as they are (a pod's affinity) as Rust literals of
//! k8s-openapi's types. Each printer destructures its type exhaustively, so a field a new
//! k8s-openapi version adds is a compile error here, never a field silently dropped.

use k8s_openapi::api::autoscaling::v2 as autoscaling;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::apis::meta::v1 as meta;

use super::{Lit, Printer};

const AUTOSCALING: &str = "k8s::api::autoscaling::v2";
const CORE: &str = "k8s::api::core::v1";
const META: &str = "k8s::apimachinery::pkg::apis::meta::v1";

/// `T { set fields, ..Default::default() }` for a k8s-openapi type at `path`.
fn literal(path: String, fields: Vec<(&'static str, Option<String>)>) -> String {
    let mut lit = Lit::new(&path);
    let mut unset = Lit::new(&path);
    for (name, value) in fields {
        let value = value.unwrap_or_default();
        unset = unset.field(name, String::new());
        lit = lit.field(name, value);
    }
    lit.print(&unset, "Default::default()")
}

fn list_of<T>(items: &Option<Vec<T>>, f: impl Fn(&T) -> String) -> Option<String> {
    items
        .as_ref()
        .map(|v| format!("Some(vec![{}])", v.iter().map(f).collect::<Vec<_>>().join(", ")))
}

fn some_strings(cx: &Printer, items: &Option<Vec<String>>) -> Option<String> {
    items.as_ref().map(|v| format!("Some({})", cx.vec(v)))
}

/// A pod's `affinity`.
pub(crate) fn affinity(cx: &Printer, a: &core::Affinity) -> String {
    let core::Affinity { node_affinity, pod_affinity, pod_anti_affinity } = a;
    literal(
        format!("{CORE}::Affinity"),
        vec![
            ("node_affinity", node_affinity.as_ref().map(|n| format!("Some({})", node(cx, n)))),
            ("pod_affinity", pod_affinity.as_ref().map(|p| format!("Some({})", pods(cx, p)))),
            (
                "pod_anti_affinity",
                pod_anti_affinity.as_ref().map(|p| format!("Some({})", anti(cx, p))),
            ),
        ],
    )
}

fn node(cx: &Printer, n: &core::NodeAffinity) -> String {
    let core::NodeAffinity {
        preferred_during_scheduling_ignored_during_execution: preferred,
        required_during_scheduling_ignored_during_execution: required,
    } = n;
    literal(
        format!("{CORE}::NodeAffinity"),
        vec![
            (
                "preferred_during_scheduling_ignored_during_execution",
                list_of(preferred, |p| {
                    let core::PreferredSchedulingTerm { preference, weight } = p;
                    literal(
                        format!("{CORE}::PreferredSchedulingTerm"),
                        vec![
                            ("preference", Some(node_term(cx, preference))),
                            ("weight", Some(weight.to_string())),
                        ],
                    )
                }),
            ),
            (
                "required_during_scheduling_ignored_during_execution",
                required.as_ref().map(|r| {
                    let core::NodeSelector { node_selector_terms } = r;
                    let terms: Vec<String> =
                        node_selector_terms.iter().map(|t| node_term(cx, t)).collect();
                    format!(
                        "Some({CORE}::NodeSelector {{ node_selector_terms: vec![{}] }})",
                        terms.join(", ")
                    )
                }),
            ),
        ],
    )
}

fn node_term(cx: &Printer, t: &core::NodeSelectorTerm) -> String {
    let core::NodeSelectorTerm { match_expressions, match_fields } = t;
    let requirement = |r: &core::NodeSelectorRequirement| {
        let core::NodeSelectorRequirement { key, operator, values } = r;
        literal(
            format!("{CORE}::NodeSelectorRequirement"),
            vec![
                ("key", Some(cx.s(key))),
                ("operator", Some(cx.s(operator))),
                ("values", some_strings(cx, values)),
            ],
        )
    };
    literal(
        format!("{CORE}::NodeSelectorTerm"),
        vec![
            ("match_expressions", list_of(match_expressions, requirement)),
            ("match_fields", list_of(match_fields, requirement)),
        ],
    )
}

fn pods(cx: &Printer, p: &core::PodAffinity) -> String {
    let core::PodAffinity {
        preferred_during_scheduling_ignored_during_execution: preferred,
        required_during_scheduling_ignored_during_execution: required,
    } = p;
    pod_rules(cx, "PodAffinity", preferred, required)
}

fn anti(cx: &Printer, p: &core::PodAntiAffinity) -> String {
    let core::PodAntiAffinity {
        preferred_during_scheduling_ignored_during_execution: preferred,
        required_during_scheduling_ignored_during_execution: required,
    } = p;
    pod_rules(cx, "PodAntiAffinity", preferred, required)
}

fn pod_rules(
    cx: &Printer,
    ty: &str,
    preferred: &Option<Vec<core::WeightedPodAffinityTerm>>,
    required: &Option<Vec<core::PodAffinityTerm>>,
) -> String {
    literal(
        format!("{CORE}::{ty}"),
        vec![
            (
                "preferred_during_scheduling_ignored_during_execution",
                list_of(preferred, |w| {
                    let core::WeightedPodAffinityTerm { pod_affinity_term, weight } = w;
                    literal(
                        format!("{CORE}::WeightedPodAffinityTerm"),
                        vec![
                            ("pod_affinity_term", Some(pod_term(cx, pod_affinity_term))),
                            ("weight", Some(weight.to_string())),
                        ],
                    )
                }),
            ),
            (
                "required_during_scheduling_ignored_during_execution",
                list_of(required, |t| pod_term(cx, t)),
            ),
        ],
    )
}

fn pod_term(cx: &Printer, t: &core::PodAffinityTerm) -> String {
    let core::PodAffinityTerm {
        label_selector,
        match_label_keys,
        mismatch_label_keys,
        namespace_selector,
        namespaces,
        topology_key,
    } = t;
    literal(
        format!("{CORE}::PodAffinityTerm"),
        vec![
            (
                "label_selector",
                label_selector.as_ref().map(|l| format!("Some({})", selector(cx, l))),
            ),
            ("match_label_keys", some_strings(cx, match_label_keys)),
            ("mismatch_label_keys", some_strings(cx, mismatch_label_keys)),
            (
                "namespace_selector",
                namespace_selector.as_ref().map(|l| format!("Some({})", selector(cx, l))),
            ),
            ("namespaces", some_strings(cx, namespaces)),
            ("topology_key", Some(cx.s(topology_key))),
        ],
    )
}

fn selector(cx: &Printer, l: &meta::LabelSelector) -> String {
    let meta::LabelSelector { match_expressions, match_labels } = l;
    literal(
        format!("{META}::LabelSelector"),
        vec![
            (
                "match_expressions",
                list_of(match_expressions, |r| {
                    let meta::LabelSelectorRequirement { key, operator, values } = r;
                    literal(
                        format!("{META}::LabelSelectorRequirement"),
                        vec![
                            ("key", Some(cx.s(key))),
                            ("operator", Some(cx.s(operator))),
                            ("values", some_strings(cx, values)),
                        ],
                    )
                }),
            ),
            ("match_labels", match_labels.as_ref().map(|m| format!("Some({})", cx.labels(m)))),
        ],
    )
}

/// An autoscaler's `behavior`.
pub(crate) fn behavior(cx: &Printer, b: &autoscaling::HorizontalPodAutoscalerBehavior) -> String {
    let autoscaling::HorizontalPodAutoscalerBehavior { scale_down, scale_up } = b;
    let rules = |r: &autoscaling::HPAScalingRules| {
        let autoscaling::HPAScalingRules {
            policies,
            select_policy,
            stabilization_window_seconds,
            tolerance,
        } = r;
        let policy = |p: &autoscaling::HPAScalingPolicy| {
            let autoscaling::HPAScalingPolicy { period_seconds, type_, value } = p;
            literal(
                format!("{AUTOSCALING}::HPAScalingPolicy"),
                vec![
                    ("period_seconds", Some(period_seconds.to_string())),
                    ("type_", Some(cx.s(type_))),
                    ("value", Some(value.to_string())),
                ],
            )
        };
        let quantity = |q: &k8s_openapi::apimachinery::pkg::api::resource::Quantity| {
            format!("Some(k8s::apimachinery::pkg::api::resource::Quantity({}))", cx.s(&q.0))
        };
        format!(
            "Some({})",
            literal(
                format!("{AUTOSCALING}::HPAScalingRules"),
                vec![
                    ("policies", list_of(policies, policy)),
                    ("select_policy", select_policy.as_ref().map(|s| format!("Some({})", cx.s(s)))),
                    (
                        "stabilization_window_seconds",
                        stabilization_window_seconds.map(|n| format!("Some({n})")),
                    ),
                    ("tolerance", tolerance.as_ref().map(quantity)),
                ],
            )
        )
    };
    literal(
        format!("{AUTOSCALING}::HorizontalPodAutoscalerBehavior"),
        vec![
            ("scale_down", scale_down.as_ref().map(rules)),
            ("scale_up", scale_up.as_ref().map(rules)),
        ],
    )
}

/// A pod's `dnsConfig`.
pub(crate) fn dns_config(cx: &Printer, d: &core::PodDNSConfig) -> String {
    let core::PodDNSConfig { nameservers, options, searches } = d;
    let option = |o: &core::PodDNSConfigOption| {
        let core::PodDNSConfigOption { name, value } = o;
        let some = |v: &Option<String>| v.as_ref().map(|v| format!("Some({})", cx.s(v)));
        literal(
            format!("{CORE}::PodDNSConfigOption"),
            vec![("name", some(name)), ("value", some(value))],
        )
    };
    literal(
        format!("{CORE}::PodDNSConfig"),
        vec![
            ("nameservers", some_strings(cx, nameservers)),
            ("options", list_of(options, option)),
            ("searches", some_strings(cx, searches)),
        ],
    )
}
