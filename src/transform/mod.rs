//! Transform: environment-wide edits on rendered objects, all typed.
//!
//! Namespace, labels and annotations reach every object; selectors are never touched, since
//! Kubernetes makes them immutable (Kustomize's `commonLabels` trap). Image overrides, replica
//! overrides and patches must each match at least one object: one that matches nothing is an
//! error naming it, where Kustomize silently exits 0.

use std::collections::{BTreeMap, HashMap};

use crate::error::{Diagnostic, did_you_mean};
use crate::model::{Environment, ImageOverride, Patch, Select};
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
    let mut problems = Vec::new();
    let report = |object: String, field: &str, message: String, help: Option<String>| Diagnostic {
        target: env.name.clone(),
        object,
        field: field.into(),
        message,
        expected: None,
        help,
    };
    // Overrides and patches name objects; an index keeps them linear in the tree's size.
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, o) in objects.iter().enumerate() {
        by_name.entry(o.name().to_owned()).or_default().push(i);
    }
    let named = |name: &str| -> Vec<usize> {
        let mut hits = by_name.get(name).cloned().unwrap_or_default();
        let full = env.object_name(name);
        if full != name {
            hits.extend(by_name.get(&full).into_iter().flatten());
        }
        hits
    };
    for patch in patches {
        let mut hits = 0;
        let candidates: Vec<usize> = match &patch.select {
            Select::Name(name) => named(name),
            Select::Labels(want) => (0..objects.len())
                .filter(|&i| {
                    let have = objects[i].metadata().labels.as_ref();
                    want.iter().all(|(k, v)| have.and_then(|h| h.get(k)) == Some(v))
                })
                .collect(),
        };
        for i in candidates {
            if patch.edit.apply(&mut objects[i]) {
                hits += 1;
            }
        }
        if hits == 0 {
            let kind = patch.edit.kind();
            let names: Vec<&str> =
                objects.iter().filter(|o| o.kind() == kind).map(Object::name).collect();
            let (what, help) = match &patch.select {
                Select::Name(n) => {
                    (format!("{kind} `{n}`"), did_you_mean(n, names.iter().copied()))
                }
                Select::Labels(l) => (format!("{kind} with labels {l:?}"), None),
            };
            let origin = format!("patch at {}:{}", patch.origin.file(), patch.origin.line());
            problems.push(report(
                origin,
                "patches",
                format!("the patch on {what} matches no object"),
                help,
            ));
        }
    }
    for r in &env.replicas {
        let mut hits = 0;
        for i in named(&r.name) {
            // Validation refuses counts above `i32::MAX`.
            let count = Some(i32::try_from(r.count).unwrap_or(i32::MAX));
            match &mut objects[i] {
                Object::Deployment(d) => {
                    d.spec.get_or_insert_with(Default::default).replicas = count
                }
                Object::StatefulSet(s) => {
                    s.spec.get_or_insert_with(Default::default).replicas = count
                }
                _ => continue,
            }
            hits += 1;
        }
        if hits == 0 {
            let names: Vec<&str> = objects
                .iter()
                .filter(|o| matches!(o, Object::Deployment(_) | Object::StatefulSet(_)))
                .map(Object::name)
                .collect();
            let help = did_you_mean(&r.name, names.iter().copied());
            problems.push(report(
                format!("replicas `{}`", r.name),
                "replicas",
                format!(
                    "the replica override for `{}` matches no Deployment or StatefulSet",
                    r.name
                ),
                help,
            ));
        }
    }
    for image in images {
        let mut hits = 0;
        let mut seen = Vec::new();
        for object in objects.iter_mut() {
            let Some(spec) = object.pod_template_mut().and_then(|t| t.spec.as_mut()) else {
                continue;
            };
            let containers =
                spec.containers.iter_mut().chain(spec.init_containers.iter_mut().flatten());
            for c in containers {
                let Some(current) = c.image.as_deref() else { continue };
                let parsed = ImageName::parse(current);
                if parsed.repository == image.name {
                    c.image = Some(parsed.with(image).to_string());
                    hits += 1;
                } else {
                    seen.push(parsed.repository.to_owned());
                }
            }
        }
        if hits == 0 {
            let help = did_you_mean(&image.name, seen.iter().map(String::as_str));
            problems.push(report(
                format!("image `{}`", image.name),
                "images",
                format!("the image override for `{}` matches no container image", image.name),
                help,
            ));
        }
    }
    problems
}

/// An image reference split the way Kustomize's `images:` matches it.
struct ImageName<'a> {
    repository: &'a str,
    tag: Option<&'a str>,
    digest: Option<&'a str>,
}

impl<'a> ImageName<'a> {
    fn parse(image: &'a str) -> ImageName<'a> {
        let (rest, digest) = image.split_once('@').map_or((image, None), |(r, d)| (r, Some(d)));
        // A `:` after the last `/` starts the tag; one before it is a registry port.
        let tag_at = rest.rfind(':').filter(|i| !rest[*i..].contains('/'));
        match tag_at {
            Some(i) => ImageName { repository: &rest[..i], tag: Some(&rest[i + 1..]), digest },
            None => ImageName { repository: rest, tag: None, digest },
        }
    }

    fn with(&self, o: &'a ImageOverride) -> ImageName<'a> {
        ImageName {
            repository: o.new_name.as_deref().unwrap_or(self.repository),
            tag: o.new_tag.as_deref().or(if o.digest.is_some() { None } else { self.tag }),
            digest: o.digest.as_deref().or(if o.new_tag.is_some() { None } else { self.digest }),
        }
    }
}

impl std::fmt::Display for ImageName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.repository)?;
        if let Some(tag) = self.tag {
            write!(f, ":{tag}")?;
        }
        if let Some(digest) = self.digest {
            write!(f, "@{digest}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(image: &str, o: ImageOverride, expected: &str) {
        assert_eq!(ImageName::parse(image).with(&o).to_string(), expected);
    }

    #[test]
    fn image_overrides_follow_kustomize() {
        case("nginx:1.25", ImageOverride::tag("nginx", "1.27"), "nginx:1.27");
        case(
            "registry:5000/team/app:1",
            ImageOverride::tag("registry:5000/team/app", "2"),
            "registry:5000/team/app:2",
        );
        let digest =
            ImageOverride { digest: Some("sha256:abc".into()), ..ImageOverride::default() };
        case("nginx:1.25", digest.clone(), "nginx@sha256:abc");
        let both = ImageOverride { new_tag: Some("1.27".into()), ..digest };
        case("nginx:1.25", both, "nginx:1.27@sha256:abc");
        let renamed = ImageOverride {
            new_name: Some("mirror.local/nginx".into()),
            ..ImageOverride::default()
        };
        case("nginx:1.25", renamed, "mirror.local/nginx:1.25");
        assert_eq!(ImageName::parse("localhost:5000/x").repository, "localhost:5000/x");
    }
}
