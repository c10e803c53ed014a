//! The environments, one module each.

use rustomize::Project;

pub mod overlays_release_ha_1_21;
pub mod overlays_release;
pub mod overlays_release_ha;
pub mod overlays_test;
pub mod overlays_test_ha;

/// Every environment, rendered into this crate's `generated/`.
pub fn project() -> Project {
    Project::new(
        concat!(env!("CARGO_MANIFEST_DIR"), "/generated"),
        vec![
            overlays_release_ha_1_21::environment(),
            overlays_release::environment(),
            overlays_release_ha::environment(),
            overlays_test::environment(),
            overlays_test_ha::environment(),
        ],
    )
}
