//! What an app's ServiceAccount may do: a Role and RoleBinding for its namespaced permissions,
//! a ClusterRole and ClusterRoleBinding for its cluster-wide ones.

use std::collections::BTreeMap;

use k8s_openapi::api::rbac::v1 as rbac;

use super::{Names, meta, pod};
use crate::model::{App, Permission};
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
    rbac::RoleRef {
        api_group: "rbac.authorization.k8s.io".into(),
        kind: kind.into(),
        name: name.into(),
    }
}

fn rule(p: &Permission) -> rbac::PolicyRule {
    rbac::PolicyRule {
        api_groups: Some(p.api_groups.clone()),
        resources: Some(p.resources.clone()),
        verbs: p.verbs.clone(),
        resource_names: pod::none_if_empty(p.resource_names.clone()),
        non_resource_urls: None,
    }
}
