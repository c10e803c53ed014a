//! Seed 004, the habit tracker: a FastAPI backend and a Next.js frontend on Minikube, sized
//! to fit a laptop (each service 250m/256Mi requested, 500m/512Mi at most).
//!
//! `cargo run --example habit_tracker -- render local`

use std::collections::BTreeMap;

use rustomize::{
    App, Budget, Config, Container, EnvFrom, Environment, Expose, Image, Port, Probe, Probes,
    Project, PullPolicy, Resources, SecretSpec, Security, ServicePort, Waiver, labels,
};

/// The release both images are tagged with; also the `version` label.
const VERSION: &str = "v1.0.0";

/// The plan's label convention: app, component, version.
fn plan_labels(component: &str) -> BTreeMap<String, String> {
    labels(&[("app", "habit-tracker"), ("component", component), ("version", VERSION)])
}

/// Every service gets the same slice of the laptop.
fn sized() -> Resources {
    Resources::requests("250m", "256Mi").limits("500m", "512Mi")
}

/// Database URL, JWT signing key and Gemini key; values come from `.env`, never from git.
pub fn secrets() -> SecretSpec {
    SecretSpec::new("habit-tracker-secrets", &["DATABASE_URL", "JWT_SECRET", "GEMINI_API_KEY"])
}

/// The FastAPI backend: ClusterIP on 8000, `/health` checked every 10 s (liveness) and 5 s
/// (readiness).
pub fn backend() -> App {
    App {
        labels: plan_labels("backend"),
        replicas: 1,
        containers: vec![Container {
            name: "backend".into(),
            image: Image::tag("habit-tracker-backend", VERSION),
            pull_policy: PullPolicy::IfNotPresent,
            ports: vec![Port::http(8000)],
            env_from: vec![EnvFrom::Secret(secrets().name)],
            probes: Probes {
                liveness: Some(Probe::http("/health", "http").every(10)),
                readiness: Some(Probe::http("/health", "http").every(5)),
                ..Probes::default()
            },
            resources: sized(),
            ..Container::default()
        }],
        expose: Some(Expose::cluster_ip(&[("http", 8000)])),
        security: Security::with_tmp(),
        ..App::new("habit-tracker-backend")
    }
}

/// The Next.js frontend: NodePort 30080, probes on `/`, the backend's URL from a ConfigMap.
pub fn frontend(backend: &App) -> App {
    let port = backend.expose.as_ref().and_then(|e| e.port("http")).map_or(8000, |p| p.port);
    App {
        labels: plan_labels("frontend"),
        replicas: 1,
        containers: vec![Container {
            name: "frontend".into(),
            image: Image::tag("habit-tracker-frontend", VERSION),
            pull_policy: PullPolicy::IfNotPresent,
            ports: vec![Port::http(3000)],
            env_from: vec![EnvFrom::Config],
            probes: Probes {
                liveness: Some(Probe::http("/", "http").every(10)),
                readiness: Some(Probe::http("/", "http").every(5)),
                ..Probes::default()
            },
            resources: sized(),
            ..Container::default()
        }],
        config: Config::new()
            .set("NEXT_PUBLIC_API_URL", format!("http://{}:{port}", backend.host())),
        expose: Some(Expose::node_port(vec![ServicePort::new("http", 3000).on_node(30080)])),
        security: Security {
            writable_paths: vec!["/tmp".into(), "/app/.next/cache".into()],
            ..Security::default()
        },
        ..App::new("habit-tracker-frontend")
    }
}

/// `local`: both services in namespace `habit-tracker` on Minikube.
pub fn local() -> Environment {
    let backend = backend();
    Environment {
        name: "local".into(),
        tree: "local".into(),
        namespace: Some("habit-tracker".into()),
        labels: labels(&[("app.kubernetes.io/part-of", "habit-tracker")]),
        apps: vec![frontend(&backend), backend],
        secrets: vec![secrets()],
        // The plan's ceiling: the whole stack under 2 CPU and 2 GiB.
        budget: Some(Budget { cpu: "2".into(), memory: "2Gi".into() }),
        waivers: vec![Waiver::images_by_tag(), Waiver::secrets_in_env(), Waiver::local_images()],
        ..Environment::default()
    }
}

/// The example's project: its trees live in `examples/generated/habit_tracker/`.
pub fn project() -> Project {
    Project::new(
        concat!(env!("CARGO_MANIFEST_DIR"), "/examples/generated/habit_tracker"),
        vec![local()],
    )
    .command("cargo run --example habit_tracker --")
}
