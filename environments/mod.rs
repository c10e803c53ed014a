//! The begbot stack: its services, the environment-agnostic base, and the dev and prod overlays.
//!
//! Mirrors the Kustomize tree the team used (`base/`, `services/`, `overlays/`), but every
//! reference between objects is a Rust value, so a typo fails to compile or fails the render.

pub mod base;
pub mod overlays;
pub mod services;

use rustomize::{Environment, Project};

/// Every target, in the order `list` shows them.
pub fn all() -> Vec<Environment> {
    vec![base::base(), overlays::dev::dev(), overlays::prod::prod(), services::db::target()]
}

/// The project: every target, rendered into this crate's `generated/`.
pub fn project() -> Project {
    Project::new(concat!(env!("CARGO_MANIFEST_DIR"), "/generated"), all())
}
