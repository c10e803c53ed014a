//! Image overrides: a new name, tag or digest for every container image of a repository,
//! matched the way Kustomize's `images:` matches.

use super::unmatched;
use crate::error::{Diagnostic, did_you_mean};
use crate::model::{Environment, ImageOverride};
use crate::object::Object;

/// Applies `image` to every container (init containers included) whose repository it names.
pub(super) fn set_image(
    env: &Environment,
    image: &ImageOverride,
    objects: &mut [Object],
) -> Option<Diagnostic> {
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
    if hits > 0 {
        return None;
    }
    Some(unmatched(
        env,
        format!("image `{}`", image.name),
        "images",
        format!("the image override for `{}` matches no container image", image.name),
        did_you_mean(&image.name, seen.iter().map(String::as_str)),
    ))
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
