//! Patches, replica overrides and image overrides, applied run by run: a tree is rendered a
//! run of apps at a time, on every core, so its typed objects are never all held at once.
//! Each run counts what it matched; an edit that matched nothing in any run is reported once
//! every run is done.

use std::collections::{BTreeMap, HashMap};

use indexmap::IndexSet;

use super::{images, unmatched};
use crate::error::{Diagnostic, did_you_mean};
use crate::model::{Environment, ImageOverride, Patch, Replicas, Select};
use crate::object::Object;

/// The environment's edits, indexed once and shared by every thread that finishes objects.
pub(crate) struct Edits<'a> {
    env: &'a Environment,
    patches: &'a [Patch],
    images: &'a [ImageOverride],
    /// The patches and replica overrides that name each object, by its name with and without
    /// the environment's prefix and suffix, ascending: found once per object instead of
    /// looking for every edit's object in every run.
    patches_by_name: HashMap<String, Vec<usize>>,
    replicas_by_name: HashMap<String, Vec<usize>>,
    /// The patches that select objects by labels.
    label_patches: Vec<usize>,
}

/// What the edits matched in some run of objects; the runs' hits are merged in order.
///
/// Sparse: a large tree has thousands of patches and replica overrides, and a run of a few
/// dozen apps matches a handful of them.
#[derive(Debug)]
pub(crate) struct Hits {
    /// How many objects each patch that changed any changed.
    patch: BTreeMap<usize, usize>,
    /// The first object whose security settings a patch changed; it is applied no further.
    security: BTreeMap<usize, String>,
    /// How many objects each replica override that matched any set.
    replicas: BTreeMap<usize, usize>,
    images: Vec<usize>,
    /// For each image override that has matched nothing yet, the repositories it was
    /// compared with (each once), for "did you mean" when it matches nothing at all.
    image_seen: Vec<IndexSet<String>>,
}

impl Hits {
    /// Adds the hits of `later`, a run of objects after these: as if one run had gone on.
    pub(crate) fn merge(&mut self, later: Hits) {
        for (i, n) in later.patch {
            *self.patch.entry(i).or_default() += n;
        }
        for (i, object) in later.security {
            // The first object whose security a patch changed is the one reported.
            self.security.entry(i).or_insert(object);
        }
        for (i, n) in later.replicas {
            *self.replicas.entry(i).or_default() += n;
        }
        for (i, (hits, seen)) in later.images.into_iter().zip(later.image_seen).enumerate() {
            self.images[i] += hits;
            if self.images[i] > 0 {
                self.image_seen[i] = IndexSet::new();
            } else {
                self.image_seen[i].extend(seen);
            }
        }
    }
}

/// Edits by the name they target, plain and with the environment's prefix and suffix.
fn by_name<'n>(
    env: &Environment,
    names: impl Iterator<Item = (usize, &'n str)>,
) -> HashMap<String, Vec<usize>> {
    let mut map: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, name) in names {
        let full = env.object_name(name);
        if full != name {
            map.entry(full).or_default().push(i);
        }
        map.entry(name.to_owned()).or_default().push(i);
    }
    map
}

impl<'a> Edits<'a> {
    /// `env`'s replica overrides, with these patches and image overrides.
    pub(crate) fn new(
        env: &'a Environment,
        patches: &'a [Patch],
        images: &'a [ImageOverride],
    ) -> Self {
        let named = patches.iter().enumerate().filter_map(|(i, p)| match &p.select {
            Select::Name(name) => Some((i, name.as_str())),
            Select::Labels(_) => None,
        });
        Edits {
            env,
            patches,
            images,
            patches_by_name: by_name(env, named),
            replicas_by_name: by_name(
                env,
                env.replicas.iter().map(|r| r.name.as_str()).enumerate(),
            ),
            label_patches: (0..patches.len())
                .filter(|&i| matches!(patches[i].select, Select::Labels(_)))
                .collect(),
        }
    }

    /// Nothing matched yet.
    pub(crate) fn hits(&self) -> Hits {
        Hits {
            patch: BTreeMap::new(),
            security: BTreeMap::new(),
            replicas: BTreeMap::new(),
            images: vec![0; self.images.len()],
            image_seen: vec![IndexSet::new(); self.images.len()],
        }
    }

    fn is_empty(&self) -> bool {
        self.patches.is_empty() && self.env.replicas.is_empty() && self.images.is_empty()
    }

    /// Applies the patches, then the replica overrides, then the image overrides to one run
    /// of objects, counting what matched in `hits`. Each edit reaches each object as if the
    /// edits ran one after another over the whole tree: patches in order, an object found by
    /// the name it had before any patch.
    pub(crate) fn apply(&self, objects: &mut [Object], hits: &mut Hits) {
        if self.is_empty() {
            return;
        }
        for object in objects.iter_mut() {
            let none = Vec::new();
            let replicas = self.replicas_by_name.get(object.name()).unwrap_or(&none);
            let mut patches = self.patches_by_name.get(object.name()).unwrap_or(&none).clone();
            if !self.label_patches.is_empty() {
                patches.extend(&self.label_patches);
                patches.sort_unstable();
            }
            for i in patches {
                if hits.security.contains_key(&i) {
                    continue;
                }
                match apply_patch(&self.patches[i], object) {
                    Ok(0) => {}
                    Ok(changed) => *hits.patch.entry(i).or_default() += changed,
                    Err(object) => {
                        hits.security.insert(i, object);
                    }
                }
            }
            for &i in replicas {
                if set_replicas(&self.env.replicas[i], object) {
                    *hits.replicas.entry(i).or_default() += 1;
                }
            }
        }
        for (i, image) in self.images.iter().enumerate() {
            let unmatched = hits.images[i] == 0;
            let seen = unmatched.then_some(&mut hits.image_seen[i]);
            hits.images[i] += images::set_image(image, objects, seen);
            if hits.images[i] > 0 {
                hits.image_seen[i] = IndexSet::new();
            }
        }
    }

    /// A diagnostic for each edit that matched nothing in `hits` (every object's, merged), and
    /// for each patch that changed an object's security settings; in the order they are
    /// declared. `names` gives every object's kind and name, for "did you mean".
    pub(crate) fn finish<'n, N>(&self, hits: &Hits, names: impl Fn() -> N) -> Vec<Diagnostic>
    where
        N: Iterator<Item = (&'n str, &'n str)>,
    {
        let env = self.env;
        let mut problems = Vec::new();
        for (i, patch) in self.patches.iter().enumerate() {
            let origin = match patch.at.location() {
                Some(at) => format!("patch at {}", crate::model::history::at_line(at)),
                None => "patch".to_owned(),
            };
            if let Some(object) = hits.security.get(&i) {
                problems.push(Diagnostic {
                    targets: vec![env.name.clone()],
                    code: crate::error::Code::Security,
                    subject: crate::error::Subject::Edit,
                    object: origin,
                    field: "patches".into(),
                    message: format!("the patch changes the security settings of {object}"),
                    expected: Some("security settings declared on the app, where validation and the linters see them".into()),
                    help: Some("relax them on the app with `Security { .., exception: Some(\"<why>\".into()) }`".into()),
                });
                continue;
            }
            if hits.patch.contains_key(&i) {
                continue;
            }
            let kind = patch.edit.kind();
            let names = names().filter(|(k, _)| *k == kind).map(|(_, n)| n);
            let (what, help) = match &patch.select {
                Select::Name(n) => (format!("{kind} `{n}`"), did_you_mean(n, names)),
                Select::Labels(l) => (format!("{kind} with labels {l:?}"), None),
            };
            let message = format!("the patch on {what} matches no object");
            problems.push(unmatched(env, origin, "patches", message, help));
        }
        let missed =
            env.replicas.iter().enumerate().filter(|(i, _)| !hits.replicas.contains_key(i));
        for (_, r) in missed {
            let names =
                names().filter(|(k, _)| matches!(*k, "Deployment" | "StatefulSet")).map(|(_, n)| n);
            problems.push(unmatched(
                env,
                crate::error::declared("replicas", &r.name, r.at.location()),
                "replicas",
                format!(
                    "the replica override for `{}` matches no Deployment or StatefulSet",
                    r.name
                ),
                did_you_mean(&r.name, names),
            ));
        }
        for (i, image) in self.images.iter().enumerate().filter(|(i, _)| hits.images[*i] == 0) {
            problems.push(unmatched(
                env,
                crate::error::declared("image", &image.name, image.at.location()),
                "images",
                format!("the image override for `{}` matches no container image", image.name),
                did_you_mean(&image.name, hits.image_seen[i].iter().map(String::as_str)),
            ));
        }
        problems
    }
}

/// Applies `patch` to `object` if it selects it: 1 if it changed it, 0 if not; the object's
/// description when the patch touched its security settings.
fn apply_patch(patch: &Patch, object: &mut Object) -> Result<usize, String> {
    if let Select::Labels(want) = &patch.select {
        let have = object.metadata().labels.as_ref();
        if !want.iter().all(|(k, v)| have.and_then(|h| h.get(k)) == Some(v)) {
            return Ok(0);
        }
    }
    let before = security_fingerprint(object);
    if !patch.edit.apply(object) {
        return Ok(0);
    }
    if security_fingerprint(object) != before {
        return Err(object.describe());
    }
    Ok(1)
}

/// Sets `r`'s count on `object` if it is a Deployment or StatefulSet; whether it did.
fn set_replicas(r: &Replicas, object: &mut Object) -> bool {
    // Validation refuses counts above `i32::MAX`.
    let count = Some(i32::try_from(r.count).unwrap_or(i32::MAX));
    match object {
        Object::Deployment(d) => d.spec.get_or_insert_with(Default::default).replicas = count,
        Object::StatefulSet(s) => s.spec.get_or_insert_with(Default::default).replicas = count,
        _ => return false,
    }
    true
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
