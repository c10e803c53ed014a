//! One module per app: its settings shared by every environment.

pub mod argocd_application_controller;
pub mod argocd_applicationset_controller;
pub mod argocd_dex_server;
pub mod argocd_notifications_controller;
pub mod argocd_redis;
pub mod argocd_redis_ha_server;
pub mod argocd_repo_server;
pub mod argocd_server;
