//! An environment's own roles and bindings as Rust. Each printer destructures its type
//! exhaustively, so a new model field is a compile error here rather than silently dropped.

use super::*;
use crate::model::{BindingSpec, Grant, Grantee, RoleSpec, Rule};

/// `&["a", "b"]`.
fn slice(cx: &Printer, items: &[String]) -> String {
    format!("&[{}]", items.iter().map(|x| cx.q(x)).collect::<Vec<_>>().join(", "))
}

/// `Path { fields, ..base }`, or `base` when no field differs from it.
pub(crate) fn update(path: &str, fields: &[String], base: String) -> String {
    if fields.is_empty() { base } else { format!("{path} {{ {}, ..{base} }}", fields.join(", ")) }
}

impl Code for Rule {
    /// One rule, by its constructor where one says it.
    fn code(&self, cx: &Printer) -> String {
        let Rule { api_groups, resources, verbs, resource_names, non_resource_urls } = self;
        let resourceful = !api_groups.is_empty() && !resources.is_empty();
        match (resourceful, non_resource_urls.is_empty()) {
            (false, false) if resource_names.is_empty() => {
                format!("Rule::urls({}, {})", slice(cx, non_resource_urls), slice(cx, verbs))
            }
            (true, true) => {
                let base = format!(
                    "Rule::new({}, {}, {})",
                    slice(cx, api_groups),
                    slice(cx, resources),
                    slice(cx, verbs)
                );
                let names = if resource_names.is_empty() {
                    vec![]
                } else {
                    vec![format!("resource_names: {}", cx.vec(resource_names))]
                };
                update("Rule", &names, base)
            }
            _ => format!(
                "Rule {{ api_groups: {}, resources: {}, verbs: {}, resource_names: {}, non_resource_urls: {} }}",
                cx.vec(api_groups),
                cx.vec(resources),
                cx.vec(verbs),
                cx.vec(resource_names),
                cx.vec(non_resource_urls)
            ),
        }
    }
}

/// Labels, annotations and namespace of an object's own, as struct-update fields.
fn metadata(
    cx: &Printer,
    own: &BTreeMap<String, String>,
    annotations: &BTreeMap<String, String>,
    namespace: &Option<String>,
) -> Vec<String> {
    let mut out = Vec::new();
    // Labels first, as every other declaration prints them.
    if !own.is_empty() {
        out.push(format!("labels: {}", cx.labels(own)));
    }
    if !annotations.is_empty() {
        out.push(format!("annotations: {}", cx.labels(annotations)));
    }
    if let Some(ns) = namespace {
        out.push(format!("namespace: Some({})", cx.s(ns)));
    }
    out
}

impl Code for RoleSpec {
    /// A Role or ClusterRole of the environment.
    fn code(&self, cx: &Printer) -> String {
        let RoleSpec {
            name,
            cluster_wide,
            rules,
            aggregate,
            labels: own,
            annotations,
            namespace,
            at: _,
        } = self;
        let constructor = if *cluster_wide { "cluster" } else { "new" };
        let base = format!("RoleSpec::{constructor}({}, {})", cx.q(name), cx.vec(rules));
        let mut fields = Vec::new();
        if !aggregate.is_empty() {
            fields.push(format!("aggregate: {}", list(aggregate, |m| cx.labels(m))));
        }
        fields.extend(metadata(cx, own, annotations, namespace));
        update("RoleSpec", &fields, base)
    }
}

impl Code for BindingSpec {
    /// A RoleBinding or ClusterRoleBinding, naming declared roles and accounts by the
    /// variables they are bound to.
    fn code(&self, cx: &Printer) -> String {
        let BindingSpec {
            name,
            cluster_wide,
            role,
            subjects,
            labels: own,
            annotations,
            namespace,
            at: _,
        } = self;
        let grant = match role {
            Grant::Declared(r) => {
                let what = if r.cluster_wide() { Declared::ClusterRole } else { Declared::Role };
                format!("Grant::from(&{})", declaration(r.name(), what))
            }
            Grant::ClusterRole(n) => format!("Grant::ClusterRole({})", cx.s(n)),
            Grant::Role(n) => format!("Grant::Role({})", cx.s(n)),
        };
        let grantee = |g: &Grantee| match g {
            Grantee::Account(a) => {
                format!("Grantee::from(&{})", declaration(a.name(), Declared::Account))
            }
            Grantee::ServiceAccount { name, namespace } => format!(
                "Grantee::ServiceAccount {{ name: {}, namespace: {} }}",
                cx.s(name),
                cx.s(namespace)
            ),
            Grantee::User(n) => format!("Grantee::User({})", cx.s(n)),
            Grantee::Group(n) => format!("Grantee::Group({})", cx.s(n)),
        };
        let constructor = if *cluster_wide { "cluster" } else { "new" };
        let base = format!(
            "BindingSpec::{constructor}({}, {grant}, {})",
            cx.q(name),
            list(subjects, grantee)
        );
        update("BindingSpec", &metadata(cx, own, annotations, namespace), base)
    }
}
