//! rustomize: a typed replacement for Kustomize.
//!
//! Rust structs describe services ([`App`]) and environments ([`Environment`]); [`render()`]
//! turns them into k8s-openapi objects, and [`output`] writes them as plain, deterministic YAML
//! trees that are committed under `generated/` and applied with `kubectl apply -f`. The
//! [`cli`] module (default feature `cli`) is the command line a project's binary runs. The
//! [`guide`] goes from one service to a stack with three environments.
//!
//! ```
//! use rustomize::{App, Container, Environment, Expose, Image, Port, Probe, Probes};
//!
//! let api = App {
//!     replicas: 2,
//!     containers: vec![Container {
//!         name: "api".into(),
//!         image: Image::tag("ghcr.io/acme/api", "1.4.2"),
//!         ports: vec![Port::http(8080)],
//!         probes: Probes { readiness: Some(Probe::http("/ready", "http")), ..Probes::default() },
//!         ..Container::default()
//!     }],
//!     expose: Some(Expose::cluster_ip(&[("http", 80)])),
//!     ..App::new("api")
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

// Only the library: a project's own binary, tests and examples keep `pub` as they like.
#![warn(unreachable_pub)]

// Leaves: they know nothing of the model or the stages.
mod envfile;
mod error;
mod gitops;
pub mod guide;
pub mod hash;
mod object;
mod parallel;
mod printer;
mod safe;
mod yaml;

// Declarations, then the stages in the order data flows through them.
#[cfg(feature = "cli")]
pub mod cli;
mod compose;
pub mod crd;
pub mod diff;
pub mod explain;
pub mod import;
mod load;
mod model;
pub mod output;
mod pipeline;
mod render;
mod secrets;
mod template;
mod transform;
mod validate;

pub use compose::Compose;
pub use error::{Code, Diagnostic, Error, Subject};
pub use load::raw::MAX_BYTES as MAX_RAW_BYTES;
pub use model::*;
pub use object::{
    COMPONENT_LABEL, Edit, Kind, MANAGED_BY_LABEL, NAME_LABEL, Object, RawObject, Rendered,
};
pub use pipeline::{
    check_project, render, render_all, render_compose, render_with_secrets, transition_rules,
    validate,
};

/// The k8s-openapi this crate renders with, so users' typed edits use the same version.
pub use k8s_openapi as k8s;
/// The serde the generated custom resource types derive with (`#[serde(crate = …)]`).
pub use serde;
/// The JSON values custom resource types keep unknown fields in.
pub use serde_json;

/// The Kubernetes version whose API this crate renders with (k8s-openapi's feature `v1_33`
/// in `Cargo.toml`): what an environment that names no [`Environment::kubernetes`] gets.
pub const KUBERNETES_VERSION: &str = "1.33";

/// Every Rust snippet of the README, compiled and run by `cargo test`, so following the
/// README never meets code that does not build.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
