//! The web frontend (Next.js), which calls the API inside the cluster.

use rustomize::{
    App, Config, Container, EnvFrom, Expose, Image, Port, Probe, Probes, Resources, Security,
};

use super::api;
use crate::environments::base::RELEASE;

/// The frontend as every environment starts from it.
pub fn app() -> App {
    let api = api::app();
    App {
        component: Some("frontend".into()),
        containers: vec![Container {
            name: "frontend".into(),
            image: Image::tag("ghcr.io/begbot/frontend", RELEASE),
            ports: vec![Port::http(3000)],
            env_from: vec![EnvFrom::Config],
            probes: Probes {
                liveness: Some(Probe::http("/", "http").every(10).after(10)),
                readiness: Some(Probe::http("/", "http").every(5)),
                ..Probes::default()
            },
            resources: Resources::requests("50m", "128Mi").limits("250m", "256Mi"),
            ..Container::default()
        }],
        // Server-side calls go to the API's Service; its name and port come from the API itself.
        config: Config::hashed()
            .set("API_URL", format!("http://{}:{}", api.host(), service_port(&api)))
            .set("NODE_ENV", "production")
            .set("PORT", "3000"),
        expose: Some(Expose::cluster_ip(&[("http", 80)])),
        // Next.js writes its image and fetch caches under .next/cache.
        security: Security {
            writable_paths: vec!["/tmp".into(), "/app/.next/cache".into()],
            ..Security::default()
        },
        ..App::new("frontend")
    }
}

fn service_port(api: &rustomize::App) -> u16 {
    api.expose.as_ref().and_then(|e| e.port("http")).map_or(80, |p| p.port)
}
