//! The environment-agnostic base: every service with the settings all environments share.

use std::collections::BTreeMap;

use rustomize::{App, Environment, SecretSpec, Waiver, labels};

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

/// Findings every begbot tree accepts, each with its reason (rendered as Checkov skips).
pub fn waivers() -> Vec<Waiver> {
    vec![
        Waiver::new(
            "CKV_K8S_43",
            "images are pinned by release tag for readable reviews; digests are not yet resolved in CI",
        ),
        Waiver::new(
            "CKV_K8S_35",
            "the services read credentials from environment variables (12-factor); files would need app changes",
        ),
    ]
}

/// What an environment-agnostic tree (no namespace) also accepts.
pub fn unnamespaced_waivers() -> Vec<Waiver> {
    let mut waivers = waivers();
    waivers.push(Waiver::new(
        "CKV_K8S_21",
        "environment-agnostic tree: apply it with `kubectl apply -n <namespace>`",
    ));
    waivers
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
        waivers: unnamespaced_waivers(),
        ..Environment::default()
    }
}
