//! Development: one replica each, debug logging, and the in-cluster database.

use rustomize::{Config, Env, Environment, Overlay};

use crate::environments::base::{common_labels, supabase, waivers};
use crate::environments::services::{api, db, frontend, workers};

/// The `dev` target, in namespace `begbot-dev`.
pub fn dev() -> Environment {
    let database = db::app();
    // The apps talk to the in-cluster Postgres: its address comes from the db app itself,
    // the password from its Secret (libpq reads `PGPASSWORD`).
    // One replica each is every app's default: no overlay says it again.
    let overlay = || Overlay {
        config: Config::new()
            .set("APP_ENV", "development")
            .set("LOG_LEVEL", "debug")
            .set("DEBUG", "true"),
        env: Env::new()
            .set("DATABASE_URL", db::url(&database))
            .set("PGPASSWORD", db::credentials().key("POSTGRES_PASSWORD")),
        ..Overlay::default()
    };
    let mut labels = common_labels();
    labels.insert("environment".into(), "dev".into());
    Environment {
        name: "dev".into(),
        tree: "overlays/dev".into(),
        namespace: Some("begbot-dev".into()),
        labels,
        apps: vec![
            api::app().with(overlay()),
            workers::app().with(Overlay {
                resources: Some(
                    rustomize::Resources::requests("50m", "128Mi").limits("500m", "512Mi"),
                ),
                ..overlay()
            }),
            frontend::app().with(Overlay {
                config: Config::new().set("NODE_ENV", "development"),
                ..Overlay::default()
            }),
            // Development logs every statement.
            database.clone().with(Overlay {
                config: Config::new().template("postgresql.conf", db::postgresql_conf("dev", "0")),
                ..Overlay::default()
            }),
        ],
        secrets: vec![supabase(), db::credentials()],
        image_file: Some(
            concat!(env!("CARGO_MANIFEST_DIR"), "/environments/overlays/dev.images.yaml").into(),
        ),
        waivers: waivers(),
        ..Environment::default()
    }
}
