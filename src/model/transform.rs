//! The declarations of environment-wide edits: image and replica overrides, typed patches.
//! `transform` applies them.

use super::Origin;
use super::origin::located_default;
use std::collections::BTreeMap;

use crate::object::{Edit, Kind};

/// A new name, tag or digest for every container image with the given repository, like
/// Kustomize's `images:` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageOverride {
    /// The repository as written in the apps, e.g. `ghcr.io/begbot/api`.
    pub name: String,
    /// A replacement repository.
    pub new_name: Option<String>,
    /// A replacement tag.
    pub new_tag: Option<String>,
    /// A digest (`sha256:…`) to pin; kept beside the tag when both are set.
    pub digest: Option<String>,
    /// Where it was written; set by its constructor or `Default`, read by messages.
    #[doc(hidden)]
    pub at: Origin,
}

located_default!(ImageOverride { name, new_name, new_tag, digest });

impl ImageOverride {
    /// Deploys `name` at `tag`.
    #[track_caller]
    pub fn tag(name: &str, tag: &str) -> ImageOverride {
        ImageOverride { name: name.into(), new_tag: Some(tag.into()), ..ImageOverride::default() }
    }

    /// `image` with this override applied, when its repository is the one overridden.
    ///
    /// ```
    /// let o = rustomize::ImageOverride::tag("nginx", "1.27");
    /// assert_eq!(o.apply_to("nginx:1.25").as_deref(), Some("nginx:1.27"));
    /// assert_eq!(o.apply_to("redis:7"), None);
    /// ```
    pub fn apply_to(&self, image: &str) -> Option<String> {
        let parsed = ImageName::parse(image);
        (parsed.repository == self.name).then(|| parsed.with(self).to_string())
    }

    /// The repository part of an image reference, as overrides match it.
    pub fn repository_of(image: &str) -> &str {
        ImageName::parse(image).repository
    }
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

/// A replica count for the Deployment or StatefulSet called `name`, like Kustomize's `replicas:`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replicas {
    /// The workload's name, with or without the environment's prefix and suffix.
    pub name: String,
    /// The count.
    pub count: u32,
    /// Where it was written; set by its constructor or `Default`, read by messages.
    #[doc(hidden)]
    pub at: Origin,
}

located_default!(Replicas { name, count });

impl Replicas {
    /// `count` replicas for the workload called `name`.
    #[track_caller]
    pub fn new(name: &str, count: u32) -> Replicas {
        Replicas { name: name.into(), count, ..Replicas::default() }
    }
}

/// Which objects a [`Patch`] edits; the patch's type narrows them to one kind.
/// Renders nothing: it picks the objects a patch edits, by `metadata.name` or labels.
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
    /// Where it was written; set by [`Patch::on`], read by messages.
    #[doc(hidden)]
    pub at: Origin,
}

impl Patch {
    /// A patch applying `edit` to the objects of type `K` that `select` picks. The edit may
    /// be any closure, so it can capture a per-environment value. The patched objects are
    /// validated and security-checked like every other object.
    #[track_caller]
    pub fn on<K: Kind>(select: Select, edit: impl Fn(&mut K) + Send + Sync + 'static) -> Patch {
        Patch { select, edit: K::edit(std::sync::Arc::new(edit)), at: Origin::here() }
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
