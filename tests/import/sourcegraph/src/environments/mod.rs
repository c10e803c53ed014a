//! The environments, one module each.

use rustomize::Project;

pub mod examples_base;
pub mod examples_dev;
pub mod examples_old_cluster;
pub mod examples_aws;

/// Every environment, rendered into this crate's `generated/`.
pub fn project() -> Project {
    Project::new(
        concat!(env!("CARGO_MANIFEST_DIR"), "/generated"),
        vec![
            examples_base::environment(),
            examples_dev::environment(),
            examples_old_cluster::environment(),
            examples_aws::environment(),
        ],
    )
}
