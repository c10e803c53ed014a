//! Transform: environment-wide edits on rendered objects, all typed.
//!
//! Namespace, labels and annotations reach every object; selectors are never touched, since
//! Kubernetes makes them immutable (Kustomize's `commonLabels` trap). Image overrides, replica
//! overrides and patches must each match at least one object: one that matches nothing is an
//! error naming it, where Kustomize silently exits 0.

mod edits;
mod images;
mod stages;

pub(crate) use edits::{Edits, Hits};
pub(crate) use stages::{stage_of, sync_waves};

use std::collections::BTreeMap;

use crate::error::Diagnostic;
use crate::model::{Environment, Waiver};
use crate::object::{MANAGED_BY_LABEL, Object};

/// Applies `env`'s name prefix and suffix to objects included as raw YAML (rendered objects
/// are named with them already); returns the IngressClasses renamed, old name to new.
pub(crate) fn rename_raw(env: &Environment, objects: &mut [Object]) -> BTreeMap<String, String> {
    let mut classes = BTreeMap::new();
    for object in objects.iter_mut() {
        let Object::Raw(raw) = object else { continue };
        // Kustomize leaves these kinds' names alone too.
        if matches!(raw.kind.as_str(), "Namespace" | "CustomResourceDefinition" | "APIService") {
            continue;
        }
        let name = env.object_name(raw.metadata.name.as_deref().unwrap_or_default());
        if raw.kind == "IngressClass" {
            classes.insert(raw.metadata.name.clone().unwrap_or_default(), name.clone());
        }
        raw.metadata.name = Some(name);
    }
    classes
}

/// Points the Ingresses that name a renamed IngressClass (old name to new) at its new name.
pub(crate) fn follow_classes(classes: &BTreeMap<String, String>, objects: &mut [Object]) {
    for object in objects.iter_mut() {
        if let Object::Ingress(i) = object
            && let Some(class) = i.spec.as_mut().and_then(|s| s.ingress_class_name.as_mut())
            && let Some(renamed) = classes.get(class)
        {
            *class = renamed.clone();
        }
    }
}

/// Applies `env`'s namespace, labels, annotations and waivers to every object.
pub(crate) fn apply(env: &Environment, objects: &mut [Object]) {
    let skips: Vec<(&str, &str)> = env.waivers.iter().flat_map(Waiver::each).collect();
    crate::object::add_skips(objects, &skips);
    for object in objects.iter_mut() {
        // An app that chose its own namespace keeps it.
        if let Some(ns) = &env.namespace
            && object.is_namespaced()
            && object.namespace().is_none()
        {
            object.metadata_mut().namespace = Some(ns.clone());
        }
        let meta = object.metadata_mut();
        let labels = meta.labels.get_or_insert_with(Default::default);
        labels.extend(env.labels.iter().map(|(k, v)| (k.clone(), v.clone())));
        labels.insert(MANAGED_BY_LABEL.to_owned(), "rustomize".to_owned());
        if !env.annotations.is_empty() {
            meta.annotations
                .get_or_insert_with(Default::default)
                .extend(env.annotations.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        // Pods carry the environment's labels too, so they can be selected by environment
        // (monitoring, `kubectl get pods -l`), unless the environment keeps them off;
        // annotations stay off them, since a changed pod annotation restarts every pod.
        if !env.labels.is_empty()
            && env.label_scope == crate::model::LabelScope::ObjectsAndPods
            && let Some(template) = object.pod_template_mut()
        {
            template
                .metadata
                .get_or_insert_with(Default::default)
                .labels
                .get_or_insert_with(Default::default)
                .extend(env.labels.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
    }
}

/// A problem with one of the environment's edits, which name no Rust field.
fn unmatched(
    env: &Environment,
    object: String,
    field: &str,
    message: String,
    help: Option<String>,
) -> Diagnostic {
    Diagnostic {
        targets: vec![env.name.clone()],
        code: crate::error::Code::UnmatchedEdit,
        subject: crate::error::Subject::Edit,
        object,
        field: field.into(),
        message,
        expected: None,
        help,
    }
}
