//! An environment's own roles and bindings as Rust. Each printer destructures its type
//! exhaustively, so a new model field is a compile error here rather than silently dropped.

use super::*;
use crate::model::{BindingSpec, Grant, Grantee, RoleSpec, Rule};

/// `&["a", "b"]`.
fn slice(items: &[String]) -> String {
    format!("&[{}]", items.iter().map(|x| q(x)).collect::<Vec<_>>().join(", "))
}

/// `Path { fields, ..base }`, or `base` when no field differs from it.
pub(crate) fn update(path: &str, fields: &[String], base: String) -> String {
    if fields.is_empty() { base } else { format!("{path} {{ {}, ..{base} }}", fields.join(", ")) }
}

/// One rule, by its constructor where one says it.
pub(crate) fn rule(r: &Rule) -> String {
    let Rule { api_groups, resources, verbs, resource_names, non_resource_urls } = r;
    let resourceful = !api_groups.is_empty() && !resources.is_empty();
    match (resourceful, non_resource_urls.is_empty()) {
        (false, false) if resource_names.is_empty() => {
            format!("Rule::urls({}, {})", slice(non_resource_urls), slice(verbs))
        }
        (true, true) => {
            let base =
                format!("Rule::new({}, {}, {})", slice(api_groups), slice(resources), slice(verbs));
            let names = if resource_names.is_empty() {
                vec![]
            } else {
                vec![format!("resource_names: {}", strings(resource_names))]
            };
            update("Rule", &names, base)
        }
        _ => format!(
            "Rule {{ api_groups: {}, resources: {}, verbs: {}, resource_names: {}, non_resource_urls: {} }}",
            strings(api_groups),
            strings(resources),
            strings(verbs),
            strings(resource_names),
            strings(non_resource_urls)
        ),
    }
}

/// Labels, annotations and namespace of an object's own, as struct-update fields.
fn metadata(
    own: &BTreeMap<String, String>,
    annotations: &BTreeMap<String, String>,
    namespace: &Option<String>,
) -> Vec<String> {
    let mut out = Vec::new();
    // Labels first, as every other declaration prints them.
    if !own.is_empty() {
        out.push(format!("labels: {}", labels(own)));
    }
    if !annotations.is_empty() {
        out.push(format!("annotations: {}", labels(annotations)));
    }
    if let Some(ns) = namespace {
        out.push(format!("namespace: Some({})", s(ns)));
    }
    out
}

/// A Role or ClusterRole of the environment.
pub(crate) fn role(x: &RoleSpec) -> String {
    let RoleSpec {
        name,
        cluster_wide,
        rules,
        aggregate,
        labels: own,
        annotations,
        namespace,
        at: _,
    } = x;
    let constructor = if *cluster_wide { "cluster" } else { "new" };
    let base = format!("RoleSpec::{constructor}({}, {})", q(name), list(rules, rule));
    let mut fields = Vec::new();
    if !aggregate.is_empty() {
        fields.push(format!("aggregate: {}", list(aggregate, labels)));
    }
    fields.extend(metadata(own, annotations, namespace));
    update("RoleSpec", &fields, base)
}

/// A RoleBinding or ClusterRoleBinding, naming declared roles and accounts by the variables
/// they are bound to.
pub(crate) fn binding(x: &BindingSpec) -> String {
    let BindingSpec {
        name,
        cluster_wide,
        role,
        subjects,
        labels: own,
        annotations,
        namespace,
        at: _,
    } = x;
    let grant = match role {
        Grant::Declared(r) => {
            let what = if r.cluster_wide() { Declared::ClusterRole } else { Declared::Role };
            format!("Grant::from(&{})", declaration(r.name(), what))
        }
        Grant::ClusterRole(n) => format!("Grant::ClusterRole({})", s(n)),
        Grant::Role(n) => format!("Grant::Role({})", s(n)),
    };
    let grantee = |g: &Grantee| match g {
        Grantee::Account(a) => {
            format!("Grantee::from(&{})", declaration(a.name(), Declared::Account))
        }
        Grantee::ServiceAccount { name, namespace } => {
            format!("Grantee::ServiceAccount {{ name: {}, namespace: {} }}", s(name), s(namespace))
        }
        Grantee::User(n) => format!("Grantee::User({})", s(n)),
        Grantee::Group(n) => format!("Grantee::Group({})", s(n)),
    };
    let constructor = if *cluster_wide { "cluster" } else { "new" };
    let base =
        format!("BindingSpec::{constructor}({}, {grant}, {})", q(name), list(subjects, grantee));
    update("BindingSpec", &metadata(own, annotations, namespace), base)
}
