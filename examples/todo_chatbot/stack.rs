//! Seed 002, the todo AI chatbot on Minikube: a Next.js frontend, a FastAPI backend with its AI
//! agent, and PostgreSQL, each tier in its own namespace.
//!
//! `cargo run --example todo_chatbot -- render minikube`

use rustomize::{
    App, Config, Container, Env, EnvFrom, EnvValue, Environment, Expose, Image, Mount, Port, Probe,
    Probes, Project, PullPolicy, Resources, SecretSpec, Security, ServicePort, Storage, Waiver,
    Workload, labels,
};

const FRONTEND_NS: &str = "todo-frontend";
const BACKEND_NS: &str = "todo-backend";
const DATA_NS: &str = "todo-data";

/// The Postgres password; created in `todo-data` and `todo-backend`, which both read it.
pub fn postgres_credentials() -> SecretSpec {
    SecretSpec::new("postgres-credentials", &["POSTGRES_PASSWORD"])
}

/// The agent's model API key and the session signing secret, in `todo-backend`.
pub fn backend_secrets() -> SecretSpec {
    SecretSpec::new("backend-secrets", &["OPENAI_API_KEY", "BETTER_AUTH_SECRET"])
}

/// PostgreSQL with a 5 GiB persistent volume, in the data namespace.
pub fn postgres() -> App {
    let ready = ["pg_isready", "-U", "todo", "-d", "todo"];
    App {
        namespace: Some(DATA_NS.into()),
        component: Some("database".into()),
        workload: Workload::StatefulSet,
        replicas: 1,
        containers: vec![Container {
            name: "postgres".into(),
            image: Image::tag("postgres", "16.4-alpine"),
            ports: vec![Port::tcp("postgres", 5432)],
            env: Env::new()
                .set("POSTGRES_DB", "todo")
                .set("POSTGRES_USER", "todo")
                .set("POSTGRES_PASSWORD", postgres_credentials().key("POSTGRES_PASSWORD"))
                .set("PGDATA", "/var/lib/postgresql/data/pgdata"),
            probes: Probes {
                readiness: Some(Probe::exec(&ready).every(5)),
                liveness: Some(Probe::exec(&ready).every(10).after(30)),
                ..Probes::default()
            },
            resources: Resources::requests("100m", "256Mi").limits("500m", "512Mi"),
            mounts: vec![Mount::new("data", "/var/lib/postgresql/data")],
            ..Container::default()
        }],
        storage: vec![Storage::new("data", "5Gi")],
        expose: Some(Expose::headless(&[("postgres", 5432)])),
        security: Security {
            writable_paths: vec!["/var/run/postgresql".into(), "/tmp".into()],
            ..Security::image_user(70, "the postgres image runs as its built-in user 70")
        },
        ..App::new("postgres")
    }
}

/// The FastAPI backend and its AI agent, reaching Postgres across namespaces.
pub fn backend(db: &App) -> App {
    App {
        namespace: Some(BACKEND_NS.into()),
        component: Some("api".into()),
        replicas: 1,
        containers: vec![Container {
            name: "backend".into(),
            image: Image::tag("todo-backend", "1.0.0"),
            pull_policy: PullPolicy::IfNotPresent,
            ports: vec![Port::http(8000)],
            env: Env::new()
                .set("DATABASE_URL", format!("postgresql://todo@{}:5432/todo", db.host_in(DATA_NS)))
                .set("PGPASSWORD", postgres_credentials().key("POSTGRES_PASSWORD"))
                .set("OPENAI_API_KEY", backend_secrets().key("OPENAI_API_KEY"))
                .set("BETTER_AUTH_SECRET", backend_secrets().key("BETTER_AUTH_SECRET")),
            env_from: vec![EnvFrom::Config],
            probes: Probes {
                liveness: Some(Probe::http("/health", "http").every(10)),
                readiness: Some(Probe::http("/health", "http").every(5)),
                ..Probes::default()
            },
            resources: Resources::requests("250m", "256Mi").limits("500m", "512Mi"),
            ..Container::default()
        }],
        // The agent's settings: which model, how many tool calls per turn, how long to wait.
        config: Config::new()
            .set("AGENT_MODEL", "gpt-4o-mini")
            .set("AGENT_MAX_TOOL_CALLS", "8")
            .set("AGENT_TIMEOUT_SECONDS", "30")
            .set("CORS_ORIGINS", "http://localhost:30080")
            .set("LOG_LEVEL", "info"),
        expose: Some(Expose::cluster_ip(&[("http", 8000)])),
        security: Security::with_tmp(),
        ..App::new("backend")
    }
}

/// The Next.js frontend on NodePort 30080; its server side calls the backend by its
/// cluster-wide name.
pub fn frontend(backend: &App) -> App {
    App {
        namespace: Some(FRONTEND_NS.into()),
        component: Some("web".into()),
        replicas: 1,
        containers: vec![Container {
            name: "frontend".into(),
            image: Image::tag("todo-frontend", "1.0.0"),
            pull_policy: PullPolicy::IfNotPresent,
            ports: vec![Port::http(3000)],
            env: Env::new().set("API_URL", EnvValue::Config("API_URL".into())),
            probes: Probes {
                liveness: Some(Probe::http("/", "http").every(10)),
                readiness: Some(Probe::http("/", "http").every(5)),
                ..Probes::default()
            },
            resources: Resources::requests("100m", "128Mi").limits("500m", "512Mi"),
            ..Container::default()
        }],
        config: Config::new()
            .set("API_URL", format!("http://{}:8000", backend.host_in(BACKEND_NS)))
            .set("NODE_ENV", "production"),
        expose: Some(Expose::node_port(vec![ServicePort::new("http", 3000).on_node(30080)])),
        security: Security {
            writable_paths: vec!["/tmp".into(), "/app/.next/cache".into()],
            ..Security::default()
        },
        ..App::new("frontend")
    }
}

/// `minikube`: the three tiers, each in its own namespace.
pub fn minikube() -> Environment {
    let db = postgres();
    let api = backend(&db);
    Environment {
        name: "minikube".into(),
        tree: "minikube".into(),
        labels: labels(&[("app.kubernetes.io/part-of", "todo-chatbot")]),
        apps: vec![frontend(&api), api, db],
        secrets: vec![postgres_credentials(), backend_secrets()],
        waivers: vec![Waiver::images_by_tag(), Waiver::secrets_in_env(), Waiver::local_images()],
        ..Environment::default()
    }
}

/// The example's project: its trees live in `examples/generated/todo_chatbot/`.
pub fn project() -> Project {
    Project::new(
        concat!(env!("CARGO_MANIFEST_DIR"), "/examples/generated/todo_chatbot"),
        vec![minikube()],
    )
    .command("cargo run --example todo_chatbot --")
}
