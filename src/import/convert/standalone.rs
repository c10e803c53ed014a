//! Objects of no app that point at one: an aggregated API answered by a typed app's Service.

use serde_json::Value;

use super::{Common, own_labels};
use crate::model::{ApiService, Environment};

/// An `APIService` of no app whose Service is a typed app's, or why the model cannot say it.
pub(crate) fn api_service(
    v: &Value,
    env: &Environment,
    common: &Common,
) -> Result<ApiService, String> {
    use k8s_openapi::kube_aggregator::pkg::apis::apiregistration::v1 as aggregator;
    let api: aggregator::APIService =
        serde_json::from_value(v.clone()).map_err(|e| e.to_string())?;
    let spec = api.spec.unwrap_or_default();
    if spec.ca_bundle.is_some() {
        return Err("it carries a CA bundle, which `ApiService` does not say".into());
    }
    let Some(service) = spec.service else {
        return Err("the API server answers it locally (no Service)".into());
    };
    let name = service.name.unwrap_or_default();
    let app = env
        .apps
        .iter()
        .find(|a| {
            env.service(a).is_some_and(|s| {
                s.name == name && (service.namespace.is_none() || s.namespace == service.namespace)
            })
        })
        .ok_or_else(|| format!("its Service `{name}` is not a typed app's"))?;
    Ok(ApiService {
        port: service.port.and_then(|p| u16::try_from(p).ok()),
        group_priority_minimum: spec.group_priority_minimum,
        version_priority: spec.version_priority,
        insecure_skip_tls_verify: spec.insecure_skip_tls_verify == Some(true),
        labels: own_labels(v, common),
        ..ApiService::new(
            &spec.group.unwrap_or_default(),
            &spec.version.unwrap_or_default(),
            app.handle(),
        )
    })
}
