//! Model: the plain values users write to describe their services and environments.
//!
//! Nothing here constructs Kubernetes objects; `render` does that. Every struct has `pub`
//! fields and `Default`, so a service reads as a struct literal ending in `..Default::default()`.
//! Only the leaves (`object`, `yaml`, `envfile`, `error`) are imported here, never a stage.

mod access;
mod app;
mod container;
mod environment;
mod exposure;
mod fleet;
pub mod history;
mod network;
mod origin;
mod overlay;
mod raw;
mod security;
mod standalone;
mod storage;
mod transform;
mod workload;

pub use access::{BindingSpec, Grant, Grantee, RoleRef, RoleSpec, Rule};
pub use app::{App, AppRef, ReplicasFrom, ServiceAccount};
pub use container::{
    Compute, Container, Env, EnvFrom, EnvValue, Handler, Image, ImageRef, Mount, Port, Probe,
    ProbeAction, Probes, Protocol, ResourceRef, Resources,
};
pub use environment::{
    Budget, Component, ComposeTarget, Environment, LabelScope, PortRef, Project, ServiceRef,
    Target, labels,
};
pub use exposure::{
    Autoscale, Backend, DisruptionBudget, Expose, ExposeType, Ingress, IngressPath, IngressRule,
    LoadBalancer, Metric, PathType, ServicePort,
};
pub use fleet::{ArgoCd, Cluster, Fleet, Flux, Repository, Staging};
pub use network::{Egress, EgressRule, Peer, Policy, PolicyRule, Traffic};
pub use origin::Origin;
pub use overlay::{ContainerOverlay, Overlay};
pub use raw::{RawContent, RawYaml};
pub use security::{ContainerSecurity, PullPolicy, Security, Waiver};
pub use standalone::{
    ApiService, ClaimRef, ClaimSpec, ConfigKeyRef, ExternalService, Permission, PriorityClassSpec,
    ServiceAccountSpec, ServiceSpec, SharedAccountRef, SharedConfig, SharedConfigRef,
    StorageClassSpec,
};
pub use storage::{
    AccessMode, Config, FileSource, Files, SecretKeyRef, SecretSpec, Storage, Template, Volume,
    VolumeSource,
};
pub use transform::{ImageOverride, Patch, Replicas, Select};
pub use workload::{
    Concurrency, CronJob, IntOrPercent, Job, PodSettings, RestartPolicy, Rollout, Spread, Strategy,
    Toleration, Workload,
};
