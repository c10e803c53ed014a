//! The environment-agnostic base: every service with the settings all environments share.

use std::collections::BTreeMap;

use rustomize::{App, Environment, SecretSpec, labels};

use super::services::{api, frontend, workers};

/// The release every environment deploys unless it pins another.
pub const RELEASE: &str = "1.6.0";

/// Labels on every begbot object.
pub fn common_labels() -> BTreeMap<String, String> {
    labels(&[("app.kubernetes.io/part-of", "begbot")])
}

/// The Secret holding the application's database connection string.
pub fn database() -> SecretSpec {
    SecretSpec {
        description: "Postgres connection string the api and workers use.".into(),
        ..SecretSpec::new("begbot-database", &["DATABASE_URL"])
    }
}

/// Supabase API keys (Supabase dashboard → Project Settings → API).
pub fn supabase() -> SecretSpec {
    SecretSpec {
        description: "Supabase API keys, from the Supabase dashboard.".into(),
        ..SecretSpec::new(
            "supabase-credentials",
            &["SUPABASE_ANON_KEY", "SUPABASE_SERVICE_ROLE_KEY"],
        )
    }
}

/// The three application services as every environment starts from them.
pub fn apps() -> Vec<App> {
    vec![api::app(), workers::app(), frontend::app()]
}

/// The `base` target: the services with no namespace and no environment settings.
pub fn base() -> Environment {
    Environment {
        name: "base".into(),
        tree: "base".into(),
        labels: common_labels(),
        apps: apps(),
        secrets: vec![database(), supabase()],
        ..Environment::default()
    }
}
