//! The environment's own objects, shared by its apps: ConfigMaps, ServiceAccounts, claims,
//! Roles and their bindings, ExternalName Services and the default-deny NetworkPolicy.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1 as core;
use k8s_openapi::api::networking::v1 as networking;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

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
                ..core::ServiceAccount::default()
            }
            .into(),
        );
    }
    super::rbac::environment(env, ctx, out);
    for shared in &env.configs {
        out.push(
            core::ConfigMap {
                metadata: meta(&ctx.shared_config(&shared.name), shared.labels.clone()),
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
            ..Traffic::default()
        };
        let ports = policy.ports.iter().map(|(n, p)| service::policy_port(*n, *p)).collect();
        let pods =
            LabelSelector { match_labels: non_empty(policy.pods.clone()), match_expressions: None };
        out.push(
            networking::NetworkPolicy {
                metadata: meta(&ctx.name(&policy.name), BTreeMap::new()),
                spec: Some(service::policy_spec(pods, &traffic, ports, env.namespace.as_deref())),
            }
            .into(),
        );
    }
}
