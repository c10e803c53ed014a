//! Image overrides: a new name, tag or digest for every container image of a repository,
//! matched the way Kustomize's `images:` matches.

use indexmap::IndexSet;

use crate::model::ImageOverride;
use crate::object::Object;

/// Applies `image` to every container (init containers included) whose repository it names;
/// how many it changed. The repositories of the others go to `seen`, once each, while it is
/// `Some` (they are only needed for "did you mean" when the override matches nothing).
pub(super) fn set_image(
    image: &ImageOverride,
    objects: &mut [Object],
    mut seen: Option<&mut IndexSet<String>>,
) -> usize {
    let mut hits = 0;
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
                None => {
                    let repository = ImageOverride::repository_of(current);
                    if let Some(seen) = seen.as_deref_mut()
                        && !seen.contains(repository)
                    {
                        seen.insert(repository.to_owned());
                    }
                }
            }
        }
    }
    hits
}
