//! rustomize: a typed replacement for Kustomize.
//!
//! Rust structs describe services ([`App`]) and environments ([`Environment`]); [`render()`]
//! turns them into k8s-openapi objects, and [`output`] writes them as plain, deterministic YAML
//! trees that are committed under `generated/` and applied with `kubectl apply -f`.
//!
//! ```
//! use rustomize::{App, Container, Environment, Expose, Image, Port, Probe, Probes};
//!
//! let api = App {
//!     name: "api".into(),
//!     replicas: 2,
//!     containers: vec![Container {
//!         name: "api".into(),
//!         image: Image::tag("ghcr.io/acme/api", "1.4.2"),
//!         ports: vec![Port::http(8080)],
//!         probes: Probes { readiness: Some(Probe::http("/ready", "http")), ..Probes::default() },
//!         ..Container::default()
//!     }],
//!     expose: Some(Expose::cluster_ip(&[("http", 80)])),
//!     ..App::default()
//! };
//! let prod = Environment {
//!     name: "prod".into(),
//!     tree: "overlays/prod".into(),
//!     namespace: Some("acme-prod".into()),
//!     apps: vec![api],
//!     ..Environment::default()
//! };
//! let yaml = rustomize::output::stream(&rustomize::render(&prod)?)?;
//! assert!(yaml.starts_with("apiVersion: v1\nkind: Namespace\n"));
//! # Ok::<(), rustomize::Error>(())
//! ```

pub mod cli;
pub mod environment;
pub mod error;
pub mod images;
pub mod model;
pub mod output;
pub mod raw;
pub mod render;
pub mod secrets;
pub mod transform;
pub mod validate;

pub use environment::{Budget, Component, Environment, Overlay, Project, labels};
pub use error::{Diagnostic, Error};
pub use model::*;
pub use render::{Rendered, render};
pub use transform::{ImageOverride, Patch, Replicas, Select};

/// The k8s-openapi this crate renders with, so users' typed edits use the same version.
pub use k8s_openapi as k8s;
