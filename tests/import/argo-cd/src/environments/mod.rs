//! The environments, one module each.

use rustomize::Project;

pub mod base;
pub mod ha_base;

/// Every environment, rendered into this crate's `generated/`.
pub fn project() -> Project {
    Project::new(
        concat!(env!("CARGO_MANIFEST_DIR"), "/generated"),
        vec![base::environment(), ha_base::environment()],
    )
}
