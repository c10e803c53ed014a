//! Background workers: consume jobs from the database queue; no Service, a health port only.

use rustomize::{
    App, Config, Container, Env, EnvFrom, Image, Port, Probe, Probes, Resources, Security,
};

use crate::environments::base::{RELEASE, database, supabase};

/// The workers as every environment starts from them.
pub fn app() -> App {
    App {
        component: Some("worker".into()),
        containers: vec![Container {
            name: "workers".into(),
            image: Image::tag("ghcr.io/begbot/workers", RELEASE),
            command: vec!["python".into(), "-m".into(), "begbot.workers".into()],
            // Workers serve no traffic; the port only answers the kubelet's probes.
            ports: vec![Port::tcp("health", 8081)],
            env: Env::new()
                .set("DATABASE_URL", database().key("DATABASE_URL"))
                .set("SUPABASE_SERVICE_ROLE_KEY", supabase().key("SUPABASE_SERVICE_ROLE_KEY")),
            env_from: vec![EnvFrom::Config],
            probes: Probes {
                liveness: Some(Probe::http("/healthz", "health").every(15).after(10)),
                readiness: Some(Probe::http("/readyz", "health").every(10)),
                ..Probes::default()
            },
            resources: Resources::requests("100m", "256Mi").limits("1", "1Gi"),
            ..Container::default()
        }],
        config: Config::hashed()
            .set("APP_ENV", "base")
            .set("LOG_LEVEL", "info")
            .set("WORKER_CONCURRENCY", "4"),
        // Python writes temporary files (uploads, bytecode) under /tmp.
        security: Security::with_tmp(),
        ..App::new("workers")
    }
}
