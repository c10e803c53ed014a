//! Transform: environment-wide edits on rendered objects, all typed.
//!
//! Namespace, labels and annotations reach every object; selectors are never touched, since
//! Kubernetes makes them immutable (Kustomize's `commonLabels` trap). Image overrides, replica
//! overrides and patches must each match at least one object: one that matches nothing is an
//! error naming it, where Kustomize silently exits 0.

mod images;

use std::collections::{BTreeMap, HashMap};

use crate::error::{Diagnostic, did_you_mean};
use crate::model::{Environment, ImageOverride, Patch, Replicas, Select};
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
    let skips: Vec<(&str, &str)> =
        env.waivers.iter().map(|w| (w.check.as_str(), w.reason.as_str())).collect();
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

/// Applies `env`'s patches, replica overrides and `images`, in that order; returns a
/// diagnostic for each one that matched nothing.
pub(crate) fn edits(
    env: &Environment,
    patches: &[Patch],
    images: &[ImageOverride],
    objects: &mut [Object],
) -> Vec<Diagnostic> {
    let index = Index::new(env, objects);
    let mut problems = Vec::new();
    for patch in patches {
        problems.extend(apply_patch(env, &index, patch, objects));
    }
    for r in &env.replicas {
        problems.extend(set_replicas(env, &index, r, objects));
    }
    for image in images {
        problems.extend(images::set_image(env, image, objects));
    }
    problems
}

/// Objects by name: overrides and patches name objects, and an index keeps them linear in
/// the tree's size.
struct Index<'a> {
    env: &'a Environment,
    by_name: HashMap<String, Vec<usize>>,
}

impl<'a> Index<'a> {
    fn new(env: &'a Environment, objects: &[Object]) -> Index<'a> {
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, o) in objects.iter().enumerate() {
            by_name.entry(o.name().to_owned()).or_default().push(i);
        }
        Index { env, by_name }
    }

    /// The objects called `name`, with or without the environment's prefix and suffix.
    fn named(&self, name: &str) -> Vec<usize> {
        let mut hits = self.by_name.get(name).cloned().unwrap_or_default();
        let full = self.env.object_name(name);
        if full != name {
            hits.extend(self.by_name.get(&full).into_iter().flatten());
        }
        hits
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
        target: env.name.clone(),
        object,
        field: field.into(),
        message,
        expected: None,
        help,
    }
}

fn apply_patch(
    env: &Environment,
    index: &Index<'_>,
    patch: &Patch,
    objects: &mut [Object],
) -> Option<Diagnostic> {
    let candidates: Vec<usize> = match &patch.select {
        Select::Name(name) => index.named(name),
        Select::Labels(want) => (0..objects.len())
            .filter(|&i| {
                let have = objects[i].metadata().labels.as_ref();
                want.iter().all(|(k, v)| have.and_then(|h| h.get(k)) == Some(v))
            })
            .collect(),
    };
    let mut hits = 0;
    for i in candidates {
        let before = security_fingerprint(&objects[i]);
        if patch.edit.apply(&mut objects[i]) {
            hits += 1;
            if security_fingerprint(&objects[i]) != before {
                let origin = format!("patch at {}:{}", patch.origin.file(), patch.origin.line());
                return Some(Diagnostic {
                    target: env.name.clone(),
                    object: origin,
                    field: "patches".into(),
                    message: format!("the patch changes the security settings of {}", objects[i].describe()),
                    expected: Some("security settings declared on the app, where validation and the linters see them".into()),
                    help: Some("relax them on the app with `Security { .., exception: Some(\"<why>\".into()) }`".into()),
                });
            }
        }
    }
    if hits > 0 {
        return None;
    }
    let kind = patch.edit.kind();
    let names: Vec<&str> = objects.iter().filter(|o| o.kind() == kind).map(Object::name).collect();
    let (what, help) = match &patch.select {
        Select::Name(n) => (format!("{kind} `{n}`"), did_you_mean(n, names.iter().copied())),
        Select::Labels(l) => (format!("{kind} with labels {l:?}"), None),
    };
    let origin = format!("patch at {}:{}", patch.origin.file(), patch.origin.line());
    Some(unmatched(env, origin, "patches", format!("the patch on {what} matches no object"), help))
}

fn set_replicas(
    env: &Environment,
    index: &Index<'_>,
    r: &Replicas,
    objects: &mut [Object],
) -> Option<Diagnostic> {
    // Validation refuses counts above `i32::MAX`.
    let count = Some(i32::try_from(r.count).unwrap_or(i32::MAX));
    let mut hits = 0;
    for i in index.named(&r.name) {
        match &mut objects[i] {
            Object::Deployment(d) => d.spec.get_or_insert_with(Default::default).replicas = count,
            Object::StatefulSet(s) => s.spec.get_or_insert_with(Default::default).replicas = count,
            _ => continue,
        }
        hits += 1;
    }
    if hits > 0 {
        return None;
    }
    let names: Vec<&str> = objects
        .iter()
        .filter(|o| matches!(o, Object::Deployment(_) | Object::StatefulSet(_)))
        .map(Object::name)
        .collect();
    Some(unmatched(
        env,
        format!("replicas `{}`", r.name),
        "replicas",
        format!("the replica override for `{}` matches no Deployment or StatefulSet", r.name),
        did_you_mean(&r.name, names.iter().copied()),
    ))
}

/// What a patch must not change behind the app's back: the pod's and every container's
/// security settings, host namespaces and host paths, and the set of containers.
fn security_fingerprint(object: &Object) -> Option<String> {
    let pod = object.pod_spec()?;
    let containers: Vec<_> = pod
        .containers
        .iter()
        .chain(pod.init_containers.iter().flatten())
        .map(|c| (&c.name, &c.security_context))
        .collect();
    let host_paths: Vec<_> = pod
        .volumes
        .iter()
        .flatten()
        .filter_map(|v| v.host_path.as_ref().map(|h| &h.path))
        .collect();
    let facts = (
        &pod.security_context,
        (pod.host_network, pod.host_pid, pod.host_ipc, pod.host_users),
        pod.automount_service_account_token,
        containers,
        host_paths,
        pod.ephemeral_containers.as_ref().map(Vec::len),
    );
    // Debug output of typed values is stable within one build, which is all a comparison
    // within one render needs.
    Some(format!("{facts:?}"))
}
