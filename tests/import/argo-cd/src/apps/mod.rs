//! One module per app: its settings shared by every environment.

pub mod argocd_redis;
