//! ServiceAccounts, Roles, ClusterRoles and bindings that belong to no app → the
//! environment's own declarations, granting declared roles to declared accounts by handle.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::core::v1 as core;
use k8s_openapi::api::rbac::v1 as rbac;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::{Common, Read, own_annotations, own_labels};
use crate::model::{
    BindingSpec, Grant, Grantee, RoleSpec, Rule, ServiceAccountSpec, SharedAccountRef,
};

/// The ServiceAccounts (by name as written) a binding of the input grants a role to, in the
/// environment's namespace: declared by the environment, so the binding can name them.
pub(crate) fn bound_accounts(reads: &[&Read], common: &Common) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for r in reads {
        let subjects = match (r.get::<rbac::RoleBinding>(), r.get::<rbac::ClusterRoleBinding>()) {
            (Some(b), _) => &b.subjects,
            (_, Some(b)) => &b.subjects,
            _ => continue,
        };
        let own_ns = r.meta().namespace.as_deref();
        for s in subjects.iter().flatten() {
            let ns = s.namespace.as_deref().or(own_ns);
            if s.kind == "ServiceAccount" && ns == common.namespace.as_deref() {
                out.insert(s.name.clone());
            }
        }
    }
    out
}

/// An object's name without the environment's prefix.
fn short(common: &Common, name: &str) -> String {
    name.strip_prefix(common.prefix.as_str()).unwrap_or(name).to_owned()
}

/// Labels and annotations of an object's own: the environment adds its own and its waivers.
fn own(meta: &ObjectMeta, common: &Common) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
    (own_labels(meta, common), own_annotations(meta, common))
}

/// A ServiceAccount of no app, or why the model cannot say it.
pub(crate) fn account(
    sa: &core::ServiceAccount,
    common: &Common,
) -> Result<ServiceAccountSpec, String> {
    let mut secrets = Vec::new();
    for s in sa.secrets.iter().flatten() {
        let by_name = core::ObjectReference { name: s.name.clone(), ..Default::default() };
        match &s.name {
            Some(name) if *s == by_name => secrets.push(name.clone()),
            _ => return Err("it lists a Secret by more than its name".into()),
        }
    }
    let (labels, annotations) = own(&sa.metadata, common);
    Ok(ServiceAccountSpec {
        labels,
        annotations,
        image_pull_secrets: sa
            .image_pull_secrets
            .iter()
            .flatten()
            .map(|r| r.name.clone())
            .collect(),
        secrets,
        automount_token: sa.automount_service_account_token,
        ..ServiceAccountSpec::new(&short(common, sa.metadata.name.as_deref().unwrap_or_default()))
    })
}

fn rule(r: &rbac::PolicyRule) -> Rule {
    let list = |v: &Option<Vec<String>>| v.clone().unwrap_or_default();
    Rule {
        api_groups: list(&r.api_groups),
        resources: list(&r.resources),
        verbs: r.verbs.clone(),
        resource_names: list(&r.resource_names),
        non_resource_urls: list(&r.non_resource_urls),
    }
}

/// A Role or ClusterRole of no app, or why the model cannot say it.
pub(crate) fn role(v: &Read, common: &Common) -> Result<RoleSpec, String> {
    let (metadata, rules, aggregation) = match (v.get::<rbac::ClusterRole>(), v.get::<rbac::Role>())
    {
        (Some(r), _) => (&r.metadata, &r.rules, r.aggregation_rule.as_ref()),
        (_, Some(r)) => (&r.metadata, &r.rules, None),
        _ => {
            return Err(format!(
                "a `{}` {} is not a role rustomize types",
                v.api_version(),
                v.kind()
            ));
        }
    };
    let mut aggregate = Vec::new();
    for selector in
        aggregation.and_then(|a| a.cluster_role_selectors.as_ref()).into_iter().flatten()
    {
        if selector.match_expressions.is_some() {
            return Err("it aggregates roles by label expressions; `RoleSpec::aggregate` matches labels only".into());
        }
        aggregate.push(selector.match_labels.clone().unwrap_or_default());
    }
    let (labels, annotations) = own(metadata, common);
    let cluster_wide = v.kind() == "ClusterRole";
    Ok(RoleSpec {
        name: short(common, metadata.name.as_deref().unwrap_or_default()),
        cluster_wide,
        rules: rules.iter().flatten().map(rule).collect(),
        aggregate,
        labels,
        annotations,
        namespace: other_namespace(metadata.namespace.clone(), common).filter(|_| !cluster_wide),
        ..RoleSpec::default()
    })
}

/// A RoleBinding or ClusterRoleBinding of no app, naming the declared `roles` and `accounts`
/// (by name as written) by handle, or why the model cannot say it.
pub(crate) fn binding(
    v: &Read,
    common: &Common,
    roles: &BTreeSet<(String, bool)>,
    accounts: &BTreeSet<String>,
) -> Result<BindingSpec, String> {
    let (metadata, role_ref, subjects) =
        match (v.get::<rbac::ClusterRoleBinding>(), v.get::<rbac::RoleBinding>()) {
            (Some(b), _) => (&b.metadata, b.role_ref.clone(), b.subjects.clone()),
            (_, Some(b)) => (&b.metadata, b.role_ref.clone(), b.subjects.clone()),
            _ => {
                return Err(format!(
                    "a `{}` {} is not a binding rustomize types",
                    v.api_version(),
                    v.kind()
                ));
            }
        };
    let cluster_role = role_ref.kind == "ClusterRole";
    let role = if roles.contains(&(role_ref.name.clone(), cluster_role)) {
        let declared = RoleSpec {
            name: short(common, &role_ref.name),
            cluster_wide: cluster_role,
            ..RoleSpec::default()
        };
        Grant::Declared(declared.handle())
    } else if cluster_role {
        Grant::ClusterRole(role_ref.name)
    } else {
        Grant::Role(role_ref.name)
    };
    let own_ns = metadata.namespace.clone().or_else(|| common.namespace.clone());
    let mut grantees = Vec::new();
    for s in subjects.into_iter().flatten() {
        grantees.push(match s.kind.as_str() {
            "ServiceAccount" => {
                let ns = s.namespace.clone().or_else(|| own_ns.clone());
                // A RoleBinding's account of no namespace is in the binding's namespace.
                match ns {
                    ns if ns == common.namespace && accounts.contains(&s.name) => {
                        Grantee::Account(SharedAccountRef::named(&short(common, &s.name)))
                    }
                    Some(namespace) => Grantee::ServiceAccount { name: s.name, namespace },
                    None => return Err(format!("its subject `{}` is a ServiceAccount of no namespace outside the environment", s.name)),
                }
            }
            "User" => Grantee::User(s.name),
            "Group" => Grantee::Group(s.name),
            other => return Err(format!("its subject `{}` is of kind `{other}`", s.name)),
        });
    }
    let (labels, annotations) = own(metadata, common);
    let cluster_wide = v.kind() == "ClusterRoleBinding";
    Ok(BindingSpec {
        name: short(common, metadata.name.as_deref().unwrap_or_default()),
        cluster_wide,
        role,
        subjects: grantees,
        labels,
        annotations,
        namespace: other_namespace(metadata.namespace.clone(), common).filter(|_| !cluster_wide),
        ..BindingSpec::default()
    })
}

/// An object's namespace when the original sets one other than the environment's.
fn other_namespace(namespace: Option<String>, common: &Common) -> Option<String> {
    namespace.filter(|ns| Some(ns) != common.namespace.as_ref())
}
