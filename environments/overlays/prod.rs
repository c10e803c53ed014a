//! Production: three replicas, autoscaling and disruption budgets for the api and workers,
//! and the managed Supabase Postgres instead of an in-cluster database.

use rustomize::{
    Autoscale, Config, DisruptionBudget, Env, Environment, Overlay, Resources, SecretSpec,
};

use crate::environments::base::{common_labels, supabase, waivers};
use crate::environments::services::{api, frontend, workers};

/// The managed Supabase Postgres connection string (Supabase dashboard → Database → URI).
pub fn supabase_database() -> SecretSpec {
    SecretSpec {
        description: "Connection string of the managed Supabase Postgres (use the pooler URI)."
            .into(),
        ..SecretSpec::new("supabase-database", &["DATABASE_URL"])
    }
}

/// The `prod` target, in namespace `begbot-prod`.
pub fn prod() -> Environment {
    let scaled = |cpu_percent| Overlay {
        replicas: Some(3),
        autoscale: Some(Autoscale {
            min_replicas: 3,
            max_replicas: 10,
            cpu_percent: Some(cpu_percent),
            memory_percent: None,
            ..Autoscale::default()
        }),
        disruption_budget: Some(DisruptionBudget::MaxUnavailable(1)),
        config: Config::new().set("APP_ENV", "production").set("LOG_LEVEL", "info"),
        env: Env::new().set("DATABASE_URL", supabase_database().key("DATABASE_URL")),
        ..Overlay::default()
    };
    let mut labels = common_labels();
    labels.insert("environment".into(), "prod".into());
    Environment {
        name: "prod".into(),
        tree: "overlays/prod".into(),
        namespace: Some("begbot-prod".into()),
        // The production cluster's version: a kind or field it lacks fails the render.
        kubernetes: Some("1.28".into()),
        labels,
        apps: vec![
            api::app().with(Overlay {
                resources: Some(Resources::requests("250m", "512Mi").limits("1", "1Gi")),
                ..scaled(70)
            }),
            workers::app().with(scaled(75)),
            frontend::app().with(Overlay { replicas: Some(3), ..Overlay::default() }),
        ],
        secrets: vec![supabase(), supabase_database()],
        // Release tags live as data so CI bumps them with `cargo run -- set-image prod …`.
        image_file: Some(
            concat!(env!("CARGO_MANIFEST_DIR"), "/environments/overlays/prod.images.yaml").into(),
        ),
        waivers: waivers(),
        ..Environment::default()
    }
}
