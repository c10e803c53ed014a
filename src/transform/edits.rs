//! Patches, replica overrides and image overrides, applied batch by batch: a tree is rendered
//! a batch of objects at a time so its typed objects are never all held at once, and an edit
//! that matched nothing in any batch is reported once the last batch is done.

use std::collections::HashMap;

use super::{images, unmatched};
use crate::error::{Diagnostic, did_you_mean};
use crate::model::{Environment, ImageOverride, Patch, Replicas, Select};
use crate::object::Object;

/// The environment's edits and what each has matched so far.
pub(crate) struct Edits<'a> {
    env: &'a Environment,
    patches: &'a [Patch],
    images: &'a [ImageOverride],
    /// Objects each patch changed; `None` once it changed an object's security settings.
    patch_hits: Vec<Option<usize>>,
    /// The first object whose security settings each patch changed.
    patch_security: Vec<Option<String>>,
    replica_hits: Vec<usize>,
    /// Each patch's and each replica override's target with the environment's prefix and
    /// suffix, worked out once rather than once per batch.
    patch_full_names: Vec<String>,
    replica_full_names: Vec<String>,
    image_hits: Vec<usize>,
    /// Every object's kind and name, in order, for "did you mean" when an edit matched nothing.
    names: Vec<(String, String)>,
    /// For each image override that has matched nothing yet, the repositories it was
    /// compared with, for the same.
    image_seen: Vec<Vec<String>>,
}

impl<'a> Edits<'a> {
    /// `env`'s replica overrides, with these patches and image overrides.
    pub(crate) fn new(
        env: &'a Environment,
        patches: &'a [Patch],
        images: &'a [ImageOverride],
    ) -> Self {
        Edits {
            env,
            patches,
            images,
            patch_hits: vec![Some(0); patches.len()],
            patch_security: vec![None; patches.len()],
            replica_hits: vec![0; env.replicas.len()],
            patch_full_names: patches
                .iter()
                .map(|p| match &p.select {
                    Select::Name(name) => env.object_name(name),
                    Select::Labels(_) => String::new(),
                })
                .collect(),
            replica_full_names: env.replicas.iter().map(|r| env.object_name(&r.name)).collect(),
            image_hits: vec![0; images.len()],
            names: Vec::new(),
            image_seen: vec![Vec::new(); images.len()],
        }
    }

    fn is_empty(&self) -> bool {
        self.patches.is_empty() && self.env.replicas.is_empty() && self.images.is_empty()
    }

    /// Applies the patches, then the replica overrides, then the image overrides to one batch.
    pub(crate) fn apply(&mut self, objects: &mut [Object]) {
        if self.is_empty() {
            return;
        }
        self.names.extend(objects.iter().map(|o| (o.kind().to_owned(), o.name().to_owned())));
        let index = Index::new(objects);
        for (i, patch) in self.patches.iter().enumerate() {
            let Some(hits) = self.patch_hits[i] else { continue };
            match apply_patch(&index, patch, &self.patch_full_names[i], objects) {
                Ok(n) => self.patch_hits[i] = Some(hits + n),
                Err(object) => {
                    self.patch_hits[i] = None;
                    self.patch_security[i] = Some(object);
                }
            }
        }
        for (i, r) in self.env.replicas.iter().enumerate() {
            self.replica_hits[i] += set_replicas(&index, r, &self.replica_full_names[i], objects);
        }
        for (i, image) in self.images.iter().enumerate() {
            let unmatched = self.image_hits[i] == 0;
            let seen = unmatched.then_some(&mut self.image_seen[i]);
            self.image_hits[i] += images::set_image(image, objects, seen);
            if self.image_hits[i] > 0 {
                self.image_seen[i] = Vec::new();
            }
        }
    }

    /// A diagnostic for each edit that matched nothing, and for each patch that changed an
    /// object's security settings; in the order they are declared.
    pub(crate) fn finish(self) -> Vec<Diagnostic> {
        let env = self.env;
        let mut problems = Vec::new();
        for (i, patch) in self.patches.iter().enumerate() {
            let origin = format!("patch at {}:{}", patch.origin.file(), patch.origin.line());
            if let Some(object) = &self.patch_security[i] {
                problems.push(Diagnostic {
                    target: env.name.clone(),
                    object: origin,
                    field: "patches".into(),
                    message: format!("the patch changes the security settings of {object}"),
                    expected: Some("security settings declared on the app, where validation and the linters see them".into()),
                    help: Some("relax them on the app with `Security { .., exception: Some(\"<why>\".into()) }`".into()),
                });
                continue;
            }
            if self.patch_hits[i] != Some(0) {
                continue;
            }
            let kind = patch.edit.kind();
            let names = self.names.iter().filter(|(k, _)| k == kind).map(|(_, n)| n.as_str());
            let (what, help) = match &patch.select {
                Select::Name(n) => (format!("{kind} `{n}`"), did_you_mean(n, names)),
                Select::Labels(l) => (format!("{kind} with labels {l:?}"), None),
            };
            let message = format!("the patch on {what} matches no object");
            problems.push(unmatched(env, origin, "patches", message, help));
        }
        for (r, _) in env.replicas.iter().zip(&self.replica_hits).filter(|(_, hits)| **hits == 0) {
            let names = self
                .names
                .iter()
                .filter(|(k, _)| k == "Deployment" || k == "StatefulSet")
                .map(|(_, n)| n.as_str());
            problems.push(unmatched(
                env,
                format!("replicas `{}`", r.name),
                "replicas",
                format!(
                    "the replica override for `{}` matches no Deployment or StatefulSet",
                    r.name
                ),
                did_you_mean(&r.name, names),
            ));
        }
        for (i, image) in self.images.iter().enumerate().filter(|(i, _)| self.image_hits[*i] == 0) {
            problems.push(unmatched(
                env,
                format!("image `{}`", image.name),
                "images",
                format!("the image override for `{}` matches no container image", image.name),
                did_you_mean(&image.name, self.image_seen[i].iter().map(String::as_str)),
            ));
        }
        problems
    }
}

/// A batch's objects by name: overrides and patches name objects, and an index keeps them
/// linear in the tree's size.
struct Index {
    by_name: HashMap<String, Vec<usize>>,
}

impl Index {
    fn new(objects: &[Object]) -> Index {
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, o) in objects.iter().enumerate() {
            by_name.entry(o.name().to_owned()).or_default().push(i);
        }
        Index { by_name }
    }

    /// The objects called `name`, or `full` (`name` with the environment's prefix and suffix).
    fn named(&self, name: &str, full: &str) -> Vec<usize> {
        let mut hits = self.by_name.get(name).cloned().unwrap_or_default();
        if full != name {
            hits.extend(self.by_name.get(full).into_iter().flatten());
        }
        hits
    }
}

/// How many objects `patch` changed; the changed object's description when the patch touched
/// its security settings (it is then applied no further).
fn apply_patch(
    index: &Index,
    patch: &Patch,
    full: &str,
    objects: &mut [Object],
) -> Result<usize, String> {
    let candidates: Vec<usize> = match &patch.select {
        Select::Name(name) => index.named(name, full),
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
                return Err(objects[i].describe());
            }
        }
    }
    Ok(hits)
}

/// How many Deployments and StatefulSets `r` set the replica count of.
fn set_replicas(index: &Index, r: &Replicas, full: &str, objects: &mut [Object]) -> usize {
    // Validation refuses counts above `i32::MAX`.
    let count = Some(i32::try_from(r.count).unwrap_or(i32::MAX));
    let mut hits = 0;
    for i in index.named(&r.name, full) {
        match &mut objects[i] {
            Object::Deployment(d) => d.spec.get_or_insert_with(Default::default).replicas = count,
            Object::StatefulSet(s) => s.spec.get_or_insert_with(Default::default).replicas = count,
            _ => continue,
        }
        hits += 1;
    }
    hits
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
