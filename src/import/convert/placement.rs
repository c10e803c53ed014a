//! Where an app's pods run: the anti-affinity and topology spread rules that keep its own
//! pods apart, as the model's `Spread`s.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1 as core;

use crate::model::Spread;

/// Anti-affinity and topology spread rules that keep the app's own pods apart, as the
/// model's `Spread`s; with any other affinity rule, no anti-affinity `Spread` (the caller
/// takes the whole affinity as it is).
pub(crate) fn spreads(
    spec: &core::PodSpec,
    own: &BTreeMap<String, String>,
) -> Result<(Vec<Spread>, Vec<Spread>), String> {
    let selects_own = |s: &Option<
        k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector,
    >| {
        s.as_ref()
            .is_some_and(|s| s.match_expressions.is_none() && s.match_labels.as_ref() == Some(own))
    };
    let mut anti = Vec::new();
    if let Some(a) = &spec.affinity {
        let pa = a.pod_anti_affinity.clone().unwrap_or_default();
        let plain = |t: &core::PodAffinityTerm| {
            selects_own(&t.label_selector)
                && t.namespaces.is_none()
                && t.namespace_selector.is_none()
                && t.mismatch_label_keys.is_none()
        };
        let required = pa.required_during_scheduling_ignored_during_execution.unwrap_or_default();
        let preferred = pa.preferred_during_scheduling_ignored_during_execution.unwrap_or_default();
        if a.node_affinity.is_some()
            || a.pod_affinity.is_some()
            || !required.iter().all(plain)
            || !preferred.iter().all(|w| plain(&w.pod_affinity_term) && w.weight == 100)
        {
            return spread_rules(spec, selects_own).map(|s| (Vec::new(), s));
        }
        let keys = |t: &core::PodAffinityTerm| t.match_label_keys.clone().unwrap_or_default();
        for t in &required {
            anti.push(Spread {
                required: true,
                match_label_keys: keys(t),
                ..Spread::across(&t.topology_key)
            });
        }
        for w in &preferred {
            let t = &w.pod_affinity_term;
            anti.push(Spread { match_label_keys: keys(t), ..Spread::across(&t.topology_key) });
        }
    }
    spread_rules(spec, selects_own).map(|s| (anti, s))
}

/// Topology spread rules that spread the app's own pods, as the model's `Spread`s.
fn spread_rules(
    spec: &core::PodSpec,
    selects_own: impl Fn(&Option<k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector>) -> bool,
) -> Result<Vec<Spread>, String> {
    let mut spread = Vec::new();
    for t in spec.topology_spread_constraints.iter().flatten() {
        let plain = selects_own(&t.label_selector)
            && t.node_affinity_policy.is_none()
            && t.node_taints_policy.is_none();
        if !plain {
            return Err("it has topology spread rules beyond spreading its own pods".into());
        }
        spread.push(Spread {
            topology_key: t.topology_key.clone(),
            max_skew: t.max_skew,
            required: t.when_unsatisfiable == "DoNotSchedule",
            match_label_keys: t.match_label_keys.clone().unwrap_or_default(),
            min_domains: t.min_domains,
        });
    }
    Ok(spread)
}
