//! Transform: environment-wide edits on rendered objects (namespace, labels, annotations).
//!
//!
//! Selectors are never touched: Kubernetes makes them immutable, so a label added here must
//! not turn into a failed `kubectl apply` (Kustomize's `commonLabels` trap).

use crate::environment::Environment;
use crate::render::{MANAGED_BY_LABEL, Object};

/// Applies `env`'s namespace, labels and annotations to every object.
pub fn apply(env: &Environment, objects: &mut [Object]) {
    crate::render::add_waivers(objects, &env.waivers);
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
        labels.extend(env.labels.clone());
        labels.insert(MANAGED_BY_LABEL.to_owned(), "rustomize".to_owned());
        if !env.annotations.is_empty() {
            meta.annotations.get_or_insert_with(Default::default).extend(env.annotations.clone());
        }
        // Pods carry the environment's labels too, so they can be selected by environment
        // (monitoring, `kubectl get pods -l`); annotations stay off them, since a changed pod
        // annotation restarts every pod.
        if !env.labels.is_empty()
            && let Some(template) = object.pod_template_mut()
        {
            template
                .metadata
                .get_or_insert_with(Default::default)
                .labels
                .get_or_insert_with(Default::default)
                .extend(env.labels.clone());
        }
    }
}
