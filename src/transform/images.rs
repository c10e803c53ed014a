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
            match image.apply_to(current) {
                Some(new) => {
                    c.image = Some(new);
                    hits += 1;
                }
                None => seen.push(ImageOverride::repository_of(current).to_owned()),
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
