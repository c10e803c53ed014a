//! One module per environment: the base apps with typed overlays applied.

pub mod dev;
pub mod prod;
