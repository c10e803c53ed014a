//! The environment's own objects, shared by its apps: ConfigMaps, ServiceAccounts, claims,
//! Roles and their bindings, ExternalName Services and the default-deny NetworkPolicy.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1 as core;
use k8s_openapi::api::networking::v1 as networking;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};

use super::labels::non_empty;
use super::{Context, claim, meta, pod, service};
use crate::model::{Environment, Traffic};
use crate::object::Object;

pub(super) fn render(env: &Environment, ctx: &Context<'_>, out: &mut Vec<Object>) {
    for account in &env.service_accounts {
        let mut metadata = meta(&ctx.name(&account.name), account.labels.clone());
        metadata.annotations = non_empty(account.annotations.clone());
        out.push(
            core::ServiceAccount {
                metadata,
                automount_service_account_token: account.automount_token,
                image_pull_secrets: pod::none_if_empty(
                    account
                        .image_pull_secrets
                        .iter()
                        .map(|name| core::LocalObjectReference { name: name.clone() })
                        .collect(),
                ),
                secrets: pod::none_if_empty(
                    account
                        .secrets
                        .iter()
                        .map(|name| core::ObjectReference {
                            name: Some(name.clone()),
                            ..core::ObjectReference::default()
                        })
                        .collect(),
                ),
            }
            .into(),
        );
    }
    super::rbac::environment(env, ctx, out);
    for s in &env.services {
        out.push(service::standalone(&ctx.name(s.name()), s).into());
    }
    for api in &env.api_services {
        out.extend(api_service(env, api));
    }
    // Cluster-scoped classes keep their names: every environment of the cluster shares them.
    for class in &env.storage_classes {
        let mut metadata = meta(&class.name, class.labels.clone());
        metadata.annotations = non_empty(class.annotations.clone());
        out.push(
            k8s_openapi::api::storage::v1::StorageClass {
                metadata,
                provisioner: class.provisioner.clone(),
                parameters: non_empty(class.parameters.clone()),
                reclaim_policy: class.reclaim_policy.clone(),
                volume_binding_mode: class.volume_binding_mode.clone(),
                allow_volume_expansion: class.allow_volume_expansion,
                mount_options: pod::none_if_empty(class.mount_options.clone()),
                allowed_topologies: None,
            }
            .into(),
        );
    }
    for class in &env.priority_classes {
        out.push(
            k8s_openapi::api::scheduling::v1::PriorityClass {
                metadata: meta(&class.name, class.labels.clone()),
                value: class.value,
                global_default: class.global_default.then_some(true),
                preemption_policy: class.preemption_policy.clone(),
                description: (!class.description.is_empty()).then(|| class.description.clone()),
            }
            .into(),
        );
    }
    for shared in &env.configs {
        out.push(
            core::ConfigMap {
                metadata: ObjectMeta {
                    annotations: non_empty(shared.annotations.clone()),
                    ..meta(&ctx.shared_config(&shared.name), shared.labels.clone())
                },
                data: Some(ctx.config_data.get(&shared.name).cloned().unwrap_or_default()),
                immutable: shared.config.immutable.then_some(true),
                ..core::ConfigMap::default()
            }
            .into(),
        );
    }
    for c in &env.claims {
        let name = ctx.name(c.claim_name.as_deref().unwrap_or(&c.name));
        out.push(claim(&name, c, BTreeMap::new()).into());
    }
    for external in &env.external_services {
        out.push(
            core::Service {
                metadata: meta(&ctx.name(&external.name), BTreeMap::new()),
                spec: Some(core::ServiceSpec {
                    type_: Some("ExternalName".into()),
                    external_name: Some(external.external_name.clone()),
                    ports: pod::none_if_empty(
                        external
                            .ports
                            .iter()
                            .map(|(name, port)| core::ServicePort {
                                name: Some(name.clone()),
                                port: i32::from(*port),
                                ..core::ServicePort::default()
                            })
                            .collect(),
                    ),
                    ..core::ServiceSpec::default()
                }),
                ..core::Service::default()
            }
            .into(),
        );
    }
    for policy in &env.policies {
        let traffic = Traffic {
            from: policy.from.clone(),
            egress: policy.egress.clone(),
            all_ports: policy.all_ports,
            ..Traffic::default()
        };
        let ports = policy.ports.iter().map(|(n, p)| service::policy_port(*n, *p)).collect();
        let pods =
            LabelSelector { match_labels: non_empty(policy.pods.clone()), match_expressions: None };
        let ns = env.namespace.as_deref();
        let mut spec = service::policy_spec(pods, &traffic, ports, ns);
        if !policy.also.is_empty() {
            let rules = spec.ingress.get_or_insert_with(Vec::new);
            rules.extend(policy.also.iter().map(|r| service::ingress_rule(r, ns)));
        }
        out.push(
            networking::NetworkPolicy {
                metadata: meta(&ctx.name(&policy.name), policy.labels.clone()),
                spec: Some(spec),
            }
            .into(),
        );
    }
}

/// An `APIService`, as a raw object: the crate's object list holds the built-in API's kinds,
/// and the aggregator's one kind is built typed here and handed on as data.
fn api_service(env: &Environment, api: &crate::model::ApiService) -> Option<Object> {
    use k8s_openapi::kube_aggregator::pkg::apis::apiregistration::v1 as aggregator;
    // Validation requires the app and its Service.
    let app = env.apps.iter().find(|a| a.name == api.app.name())?;
    let service = env.service(app)?;
    let object = aggregator::APIService {
        metadata: meta(&api.name(), api.labels.clone()),
        spec: Some(aggregator::APIServiceSpec {
            group: Some(api.group.clone()),
            version: Some(api.version.clone()),
            group_priority_minimum: api.group_priority_minimum,
            version_priority: api.version_priority,
            insecure_skip_tls_verify: api.insecure_skip_tls_verify.then_some(true),
            service: Some(aggregator::ServiceReference {
                name: Some(service.name),
                namespace: service.namespace,
                port: api.port.map(i32::from),
            }),
            ca_bundle: None,
        }),
        status: None,
    };
    let value = serde_json::to_value(&object).ok()?;
    crate::load::raw::object(value).ok().map(Object::Raw)
}
