//! Model: the plain values users write to describe their services.
//!
//! Nothing here constructs Kubernetes objects; `render` does that. Every struct has `pub`
//! fields and `Default`, so a service reads as a struct literal ending in `..Default::default()`.

mod app;
mod container;
mod exposure;
mod security;
mod storage;

pub use app::{App, Job, RestartPolicy, ServiceAccount, Workload};
pub use container::{
    Compute, Container, Env, EnvFrom, EnvValue, Image, ImageRef, Mount, Port, Probe, ProbeAction,
    Probes, Protocol, Resources,
};
pub use exposure::{Autoscale, DisruptionBudget, Expose, ExposeType, Ingress, ServicePort};
pub use security::{PullPolicy, Security, Waiver};
pub use storage::{
    AccessMode, Config, SecretKeyRef, SecretSpec, Storage, Template, Volume, VolumeSource,
};
