//! The environments, one module each.

use rustomize::Project;

pub mod dogfooding;
pub mod nightly_oci;

/// Every environment, rendered into this crate's `generated/`.
pub fn project() -> Project {
    Project::new(
        concat!(env!("CARGO_MANIFEST_DIR"), "/generated"),
        vec![dogfooding::environment(), nightly_oci::environment()],
    )
}
