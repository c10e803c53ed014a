//! The public HTTP API (FastAPI behind uvicorn).

use rustomize::{
    App, Config, Container, Env, EnvFrom, Expose, Image, Port, Probe, Probes, Resources, Security,
};

use crate::environments::base::{RELEASE, database, supabase};

/// The API's container port.
pub const PORT: u16 = 8000;

/// The API as every environment starts from it.
pub fn app() -> App {
    App {
        component: Some("api".into()),
        containers: vec![Container {
            name: "api".into(),
            image: Image::tag("ghcr.io/begbot/api", RELEASE),
            ports: vec![Port::http(PORT)],
            env: Env::new()
                .set("DATABASE_URL", database().key("DATABASE_URL"))
                .set("SUPABASE_ANON_KEY", supabase().key("SUPABASE_ANON_KEY"))
                .set("SUPABASE_SERVICE_ROLE_KEY", supabase().key("SUPABASE_SERVICE_ROLE_KEY")),
            env_from: vec![EnvFrom::Config],
            probes: Probes {
                startup: Some(Probe {
                    failure_threshold: Some(30),
                    ..Probe::http("/healthz", "http").every(2)
                }),
                liveness: Some(Probe::http("/healthz", "http").every(10)),
                readiness: Some(Probe::http("/readyz", "http").every(5)),
            },
            resources: Resources::requests("100m", "256Mi").limits("500m", "512Mi"),
            ..Container::default()
        }],
        config: Config::hashed()
            .set("APP_ENV", "base")
            .set("LOG_LEVEL", "info")
            .set("PORT", PORT.to_string())
            .set("WEB_CONCURRENCY", "2"),
        expose: Some(Expose::cluster_ip(&[("http", 80)])),
        // Python writes temporary files (uploads, bytecode) under /tmp.
        security: Security::with_tmp(),
        ..App::new("api")
    }
}
