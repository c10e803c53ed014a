//! What an app's ServiceAccount may do: a Role and RoleBinding for its namespaced permissions,
//! a ClusterRole and ClusterRoleBinding for its cluster-wide ones; and the environment's own
//! roles and bindings.

use std::collections::BTreeMap;

use k8s_openapi::api::rbac::v1 as rbac;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

use super::labels::non_empty;
use super::{Context, Names, meta, pod};
use crate::model::{App, BindingSpec, Environment, Grant, Grantee, Permission, Rule};
use crate::object::Object;

pub(super) fn render(
    app: &App,
    names: &Names<'_>,
    labels: &BTreeMap<String, String>,
    out: &mut Vec<Object>,
) {
    // Validation requires a ServiceAccount and a namespace when an app has permissions.
    let (Some(account), Some(namespace)) =
        (names.service_account(&app.service_account), names.namespace(app))
    else {
        return;
    };
    let subject = rbac::Subject {
        kind: "ServiceAccount".into(),
        name: account,
        namespace: Some(namespace.to_owned()),
        api_group: None,
    };
    let (cluster, local): (Vec<&Permission>, Vec<&Permission>) =
        app.permissions.iter().partition(|p| p.cluster_wide);
    if !local.is_empty() {
        out.push(
            rbac::Role {
                metadata: meta(&names.object, labels.clone()),
                rules: Some(local.iter().map(|p| rule(p)).collect()),
            }
            .into(),
        );
        out.push(
            rbac::RoleBinding {
                metadata: meta(&names.object, labels.clone()),
                role_ref: role_ref("Role", &names.object),
                subjects: Some(vec![subject.clone()]),
            }
            .into(),
        );
    }
    if !cluster.is_empty() {
        // Cluster-scoped names are shared by every namespace: the namespace keeps them apart.
        let name = format!("{namespace}-{}", names.object);
        out.push(
            rbac::ClusterRole {
                metadata: meta(&name, labels.clone()),
                rules: Some(cluster.iter().map(|p| rule(p)).collect()),
                aggregation_rule: None,
            }
            .into(),
        );
        out.push(
            rbac::ClusterRoleBinding {
                metadata: meta(&name, labels.clone()),
                role_ref: role_ref("ClusterRole", &name),
                subjects: Some(vec![subject]),
            }
            .into(),
        );
    }
}

fn role_ref(kind: &str, name: &str) -> rbac::RoleRef {
    rbac::RoleRef { api_group: RBAC_GROUP.into(), kind: kind.into(), name: name.into() }
}

fn rule(p: &Permission) -> rbac::PolicyRule {
    policy_rule(&p.rule())
}

fn policy_rule(r: &Rule) -> rbac::PolicyRule {
    rbac::PolicyRule {
        api_groups: pod::none_if_empty(r.api_groups.clone()),
        resources: pod::none_if_empty(r.resources.clone()),
        verbs: r.verbs.clone(),
        resource_names: pod::none_if_empty(r.resource_names.clone()),
        non_resource_urls: pod::none_if_empty(r.non_resource_urls.clone()),
    }
}

/// The environment's own Roles, ClusterRoles and their bindings.
pub(super) fn environment(env: &Environment, ctx: &Context<'_>, out: &mut Vec<Object>) {
    for role in &env.roles {
        let mut metadata = meta(&ctx.name(&role.name), role.labels.clone());
        metadata.annotations = non_empty(role.annotations.clone());
        metadata.namespace = role.namespace.clone().filter(|_| !role.cluster_wide);
        let rules = Some(role.rules.iter().map(policy_rule).collect());
        if role.cluster_wide {
            let aggregation_rule = (!role.aggregate.is_empty()).then(|| rbac::AggregationRule {
                cluster_role_selectors: Some(
                    role.aggregate
                        .iter()
                        .map(|labels| LabelSelector {
                            match_labels: Some(labels.clone()),
                            match_expressions: None,
                        })
                        .collect(),
                ),
            });
            out.push(rbac::ClusterRole { metadata, rules, aggregation_rule }.into());
        } else {
            out.push(rbac::Role { metadata, rules }.into());
        }
    }
    for binding in &env.bindings {
        let mut metadata = meta(&ctx.name(&binding.name), binding.labels.clone());
        metadata.annotations = non_empty(binding.annotations.clone());
        metadata.namespace = binding.namespace.clone().filter(|_| !binding.cluster_wide);
        let role_ref = granted(ctx, binding);
        let subjects = Some(binding.subjects.iter().map(|s| subject(env, ctx, s)).collect());
        if binding.cluster_wide {
            out.push(rbac::ClusterRoleBinding { metadata, role_ref, subjects }.into());
        } else {
            out.push(rbac::RoleBinding { metadata, role_ref, subjects }.into());
        }
    }
}

fn granted(ctx: &Context<'_>, binding: &BindingSpec) -> rbac::RoleRef {
    match &binding.role {
        Grant::Declared(role) => {
            let kind = if role.cluster_wide() { "ClusterRole" } else { "Role" };
            role_ref(kind, &ctx.name(role.name()))
        }
        Grant::ClusterRole(name) => role_ref("ClusterRole", name),
        Grant::Role(name) => role_ref("Role", name),
    }
}

fn subject(env: &Environment, ctx: &Context<'_>, s: &Grantee) -> rbac::Subject {
    let (kind, name, namespace, api_group) = match s {
        Grantee::Account(account) => {
            ("ServiceAccount", ctx.name(account.name()), env.namespace.clone(), None)
        }
        Grantee::ServiceAccount { name, namespace } => {
            ("ServiceAccount", name.clone(), Some(namespace.clone()), None)
        }
        Grantee::User(name) => ("User", name.clone(), None, Some(RBAC_GROUP.to_owned())),
        Grantee::Group(name) => ("Group", name.clone(), None, Some(RBAC_GROUP.to_owned())),
    };
    rbac::Subject { kind: kind.into(), name, namespace, api_group }
}

/// The API group of roles, and of users and groups as subjects.
const RBAC_GROUP: &str = "rbac.authorization.k8s.io";
