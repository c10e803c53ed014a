//! Model: the plain values users write to describe their services and environments.
//!
//! Nothing here constructs Kubernetes objects; `render` does that. Every struct has `pub`
//! fields and `Default`, so a service reads as a struct literal ending in `..Default::default()`.
//! Only the leaves (`object`, `yaml`, `envfile`, `error`) are imported here, never a stage.

mod app;
mod container;
mod environment;
mod exposure;
mod raw;
mod security;
mod storage;
mod transform;

pub use app::{App, Job, RestartPolicy, ServiceAccount, Workload};
pub use container::{
    Compute, Container, Env, EnvFrom, EnvValue, Image, ImageRef, Mount, Port, Probe, ProbeAction,
    Probes, Protocol, Resources,
};
pub use environment::{Budget, Component, Environment, Overlay, Project, labels};
pub use exposure::{Autoscale, DisruptionBudget, Expose, ExposeType, Ingress, ServicePort};
pub use raw::{RawContent, RawYaml};
pub use security::{PullPolicy, Security, Waiver};
pub use storage::{
    AccessMode, Config, SecretKeyRef, SecretSpec, Storage, Template, Volume, VolumeSource,
};
pub use transform::{ImageOverride, Patch, Replicas, Select};
