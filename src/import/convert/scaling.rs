//! Autoscalers and disruption budgets as the model's `Autoscale` and `DisruptionBudget`.

use k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler;
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::model::{Autoscale, DisruptionBudget, Metric};

/// An autoscaler as the model's, or why the model cannot say it.
pub(crate) fn autoscale(h: &HorizontalPodAutoscaler) -> Result<Autoscale, String> {
    let spec = h.spec.clone().unwrap_or_default();
    let mut a = Autoscale {
        min_replicas: spec.min_replicas.and_then(|n| u32::try_from(n).ok()).unwrap_or(1),
        max_replicas: u32::try_from(spec.max_replicas).map_err(|_| "a negative maximum")?,
        ..Autoscale::default()
    };
    a.behavior = spec.behavior;
    // A target of an average value per pod, as custom and external metrics take it.
    let average = |t: &k8s_openapi::api::autoscaling::v2::MetricTarget| {
        t.average_value.as_ref().filter(|_| t.type_ == "AverageValue").map(|q| q.0.clone())
    };
    for m in spec.metrics.iter().flatten() {
        let r = m.resource.as_ref().filter(|_| m.type_ == "Resource");
        let pct = r
            .filter(|r| r.target.type_ == "Utilization")
            .and_then(|r| r.target.average_utilization)
            .and_then(|n| u8::try_from(n).ok());
        let pods = m.pods.as_ref().filter(|p| m.type_ == "Pods" && p.metric.selector.is_none());
        let external = m.external.as_ref().filter(|e| {
            m.type_ == "External"
                && e.metric.selector.as_ref().is_none_or(|s| s.match_expressions.is_none())
        });
        match (r.map(|r| r.name.as_str()), pct) {
            (Some("cpu"), Some(p)) => a.cpu_percent = Some(p),
            (Some("memory"), Some(p)) => a.memory_percent = Some(p),
            _ => match (pods, external) {
                (Some(p), _) if average(&p.target).is_some() => a.metrics.push(Metric::Pods {
                    name: p.metric.name.clone(),
                    average_value: average(&p.target).unwrap_or_default(),
                }),
                (_, Some(e)) if average(&e.target).is_some() => a.metrics.push(Metric::External {
                    name: e.metric.name.clone(),
                    selector: e
                        .metric
                        .selector
                        .as_ref()
                        .and_then(|s| s.match_labels.clone())
                        .unwrap_or_default(),
                    average_value: average(&e.target).unwrap_or_default(),
                }),
                _ => {
                    return Err(format!(
                        "its `{}` metric is not CPU or memory utilisation, nor a pods' or external metric's average value",
                        m.type_
                    ));
                }
            },
        }
    }
    Ok(a)
}

/// The pods a budget selects by label; empty for none.
pub(crate) fn budget_selector(
    p: &PodDisruptionBudget,
) -> std::collections::BTreeMap<String, String> {
    let selector = p.spec.as_ref().and_then(|s| s.selector.as_ref());
    selector.and_then(|s| s.match_labels.clone()).unwrap_or_default()
}

/// A budget as the model's, when it sets one bound as a count or `N%`.
pub(crate) fn budget(p: &PodDisruptionBudget) -> Option<DisruptionBudget> {
    let spec = p.spec.as_ref()?;
    let pct = |v: &str| v.strip_suffix('%').and_then(|n| n.parse::<u8>().ok());
    match (&spec.min_available, &spec.max_unavailable) {
        (Some(IntOrString::Int(n)), None) => {
            u32::try_from(*n).ok().map(DisruptionBudget::MinAvailable)
        }
        (Some(IntOrString::String(v)), None) => pct(v).map(DisruptionBudget::MinAvailablePercent),
        (None, Some(IntOrString::Int(n))) => {
            u32::try_from(*n).ok().map(DisruptionBudget::MaxUnavailable)
        }
        (None, Some(IntOrString::String(v))) => pct(v).map(DisruptionBudget::MaxUnavailablePercent),
        _ => None,
    }
}
