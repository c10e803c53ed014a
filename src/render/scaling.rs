//! How many of an app's pods run: its HorizontalPodAutoscaler and PodDisruptionBudget.

use std::collections::BTreeMap;

use k8s_openapi::api::autoscaling::v2 as autoscaling;
use k8s_openapi::api::policy::v1 as policy;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::{Names, match_labels, meta, pod, replicas};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

use crate::model::{App, DisruptionBudget, Metric};
use crate::object::Object;

pub(super) fn autoscaler(
    names: &Names<'_>,
    a: &crate::model::Autoscale,
    target: &Object,
    labels: BTreeMap<String, String>,
) -> autoscaling::HorizontalPodAutoscaler {
    let metric = |name: &str, percent: u8| autoscaling::MetricSpec {
        type_: "Resource".into(),
        resource: Some(autoscaling::ResourceMetricSource {
            name: name.into(),
            target: autoscaling::MetricTarget {
                type_: "Utilization".into(),
                average_utilization: Some(i32::from(percent)),
                ..autoscaling::MetricTarget::default()
            },
        }),
        ..autoscaling::MetricSpec::default()
    };
    let mut metrics: Vec<_> = [("cpu", a.cpu_percent), ("memory", a.memory_percent)]
        .into_iter()
        .filter_map(|(name, p)| p.map(|p| metric(name, p)))
        .collect();
    metrics.extend(a.metrics.iter().map(custom_metric));
    autoscaling::HorizontalPodAutoscaler {
        metadata: meta(&names.object, labels),
        spec: Some(autoscaling::HorizontalPodAutoscalerSpec {
            scale_target_ref: autoscaling::CrossVersionObjectReference {
                api_version: Some(target.api_version().to_owned()),
                kind: target.kind().to_owned(),
                name: target.name().to_owned(),
            },
            min_replicas: Some(replicas(a.min_replicas)),
            max_replicas: replicas(a.max_replicas),
            metrics: pod::none_if_empty(metrics),
            behavior: a.behavior.clone(),
        }),
        ..autoscaling::HorizontalPodAutoscaler::default()
    }
}

fn custom_metric(m: &Metric) -> autoscaling::MetricSpec {
    let average = |v: &str| autoscaling::MetricTarget {
        type_: "AverageValue".into(),
        average_value: Some(Quantity(v.to_owned())),
        ..autoscaling::MetricTarget::default()
    };
    match m {
        Metric::Pods { name, average_value } => autoscaling::MetricSpec {
            type_: "Pods".into(),
            pods: Some(autoscaling::PodsMetricSource {
                metric: autoscaling::MetricIdentifier { name: name.clone(), selector: None },
                target: average(average_value),
            }),
            ..autoscaling::MetricSpec::default()
        },
        Metric::External { name, selector, average_value } => autoscaling::MetricSpec {
            type_: "External".into(),
            external: Some(autoscaling::ExternalMetricSource {
                metric: autoscaling::MetricIdentifier {
                    name: name.clone(),
                    selector: (!selector.is_empty()).then(|| LabelSelector {
                        match_labels: Some(selector.clone()),
                        match_expressions: None,
                    }),
                },
                target: average(average_value),
            }),
            ..autoscaling::MetricSpec::default()
        },
    }
}

pub(super) fn disruption_budget(
    app: &App,
    names: &Names<'_>,
    budget: DisruptionBudget,
    labels: BTreeMap<String, String>,
) -> policy::PodDisruptionBudget {
    let (min_available, max_unavailable) = match budget {
        DisruptionBudget::MinAvailable(n) => (Some(IntOrString::Int(replicas(n))), None),
        DisruptionBudget::MaxUnavailable(n) => (None, Some(IntOrString::Int(replicas(n)))),
        DisruptionBudget::MinAvailablePercent(p) => {
            (Some(IntOrString::String(format!("{p}%"))), None)
        }
        DisruptionBudget::MaxUnavailablePercent(p) => {
            (None, Some(IntOrString::String(format!("{p}%"))))
        }
    };
    policy::PodDisruptionBudget {
        metadata: meta(&names.object, labels),
        spec: Some(policy::PodDisruptionBudgetSpec {
            selector: Some(match_labels(app)),
            min_available,
            max_unavailable,
            ..policy::PodDisruptionBudgetSpec::default()
        }),
        ..policy::PodDisruptionBudget::default()
    }
}
