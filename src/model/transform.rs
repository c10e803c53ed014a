//! The declarations of environment-wide edits: image and replica overrides, typed patches.
//! `transform` applies them.

use std::collections::BTreeMap;
use std::panic::Location;

use crate::object::{Edit, Kind};

/// A new name, tag or digest for every container image with the given repository, like
/// Kustomize's `images:` entry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImageOverride {
    /// The repository as written in the apps, e.g. `ghcr.io/begbot/api`.
    pub name: String,
    /// A replacement repository.
    pub new_name: Option<String>,
    /// A replacement tag.
    pub new_tag: Option<String>,
    /// A digest (`sha256:…`) to pin; kept beside the tag when both are set.
    pub digest: Option<String>,
}

impl ImageOverride {
    /// Deploys `name` at `tag`.
    pub fn tag(name: &str, tag: &str) -> ImageOverride {
        ImageOverride { name: name.into(), new_tag: Some(tag.into()), ..ImageOverride::default() }
    }
}

/// A replica count for the Deployment or StatefulSet called `name`, like Kustomize's `replicas:`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Replicas {
    /// The workload's name, with or without the environment's prefix and suffix.
    pub name: String,
    /// The count.
    pub count: u32,
}

/// Which objects a [`Patch`] edits; the patch's type narrows them to one kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Select {
    /// The object with this name (with or without the environment's prefix and suffix).
    Name(String),
    /// Every object carrying all these labels.
    Labels(BTreeMap<String, String>),
}

impl Select {
    /// Selects by name.
    pub fn name(name: &str) -> Select {
        Select::Name(name.into())
    }
}

/// A typed edit of rendered objects: the escape hatch for anything the model lacks; a typo in
/// a field fails to compile, and a patch that matches no object fails the render.
///
/// ```
/// use rustomize::k8s::api::apps::v1::Deployment;
/// use rustomize::{Patch, Select};
///
/// let patch = Patch::on(Select::name("api"), |d: &mut Deployment| {
///     if let Some(spec) = d.spec.as_mut() {
///         spec.min_ready_seconds = Some(10);
///     }
/// });
/// assert_eq!(patch.edit.kind(), "Deployment");
/// ```
#[derive(Clone, Debug)]
pub struct Patch {
    /// Which objects.
    pub select: Select,
    /// The edit, typed by the kind it applies to.
    pub edit: Edit,
    /// Where the patch was written, for messages.
    pub origin: &'static Location<'static>,
}

impl Patch {
    /// A patch applying `edit` to the objects of type `K` that `select` picks. The edit may
    /// be any closure, so it can capture a per-environment value. The patched objects are
    /// validated and security-checked like every other object.
    #[track_caller]
    pub fn on<K: Kind>(select: Select, edit: impl Fn(&mut K) + Send + Sync + 'static) -> Patch {
        Patch { select, edit: K::edit(std::sync::Arc::new(edit)), origin: Location::caller() }
    }
}
