//! Seed 003, the production migration: frontend, backend, celery worker and redis stay in the
//! cluster; PostgreSQL and object storage move to Supabase and Cloudflare R2 in production.
//! Production itself runs on Easypanel with Docker Compose: `production-compose` renders the
//! team's `docker-compose.prod.yml` and `.env.production.example` from the same apps.
//!
//! `cargo run --example production_migration -- render production`

use rustomize::{
    App, ComposeTarget, Config, Container, Env, EnvFrom, Environment, Expose, Image, Mount,
    Overlay, Port, Probe, Probes, Project, Resources, SecretSpec, Security, Storage, Target,
    Waiver, Workload, labels,
};

const RELEASE: &str = "2.0.0";

/// Secrets of the local stack: the in-cluster Postgres and MinIO logins.
pub fn local_credentials() -> SecretSpec {
    SecretSpec::new(
        "local-credentials",
        &["POSTGRES_PASSWORD", "MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD"],
    )
}

/// Secrets of production: Supabase (database, auth) and the R2 access key.
pub fn production_credentials() -> SecretSpec {
    SecretSpec::new(
        "production-credentials",
        &[
            "DATABASE_URL",
            "SUPABASE_ANON_KEY",
            "SUPABASE_JWT_SECRET",
            "R2_ACCESS_KEY_ID",
            "R2_SECRET_ACCESS_KEY",
        ],
    )
}

fn container(name: &str, image: &str, ports: Vec<Port>, health: Probe) -> Container {
    Container {
        name: name.into(),
        image: Image::tag(&format!("ghcr.io/acme-learning/{image}"), RELEASE),
        ports,
        env_from: vec![EnvFrom::Config],
        probes: Probes {
            liveness: Some(health.clone().every(15).after(10)),
            readiness: Some(health.every(5)),
            ..Probes::default()
        },
        resources: Resources::requests("100m", "256Mi").limits("500m", "512Mi"),
        ..Container::default()
    }
}

/// Redis, the Celery broker and cache: stateless here, so a restart only drops queued work.
pub fn redis() -> App {
    let ping = Probe::exec(&["redis-cli", "ping"]);
    App {
        component: Some("cache".into()),
        replicas: 1,
        containers: vec![Container {
            name: "redis".into(),
            image: Image::tag("redis", "7.4.1-alpine"),
            ports: vec![Port::tcp("redis", 6379)],
            probes: Probes {
                liveness: Some(ping.clone().every(15)),
                readiness: Some(ping.every(5)),
                ..Probes::default()
            },
            resources: Resources::requests("50m", "64Mi").limits("250m", "256Mi"),
            ..Container::default()
        }],
        expose: Some(Expose::cluster_ip(&[("redis", 6379)])),
        // Without persistence Redis writes nothing but its working directory, /data.
        security: Security { writable_paths: vec!["/data".into()], ..Security::default() },
        ..App::new("redis")
    }
}

/// Findings both environments accept, with reasons.
fn waivers() -> Vec<Waiver> {
    vec![Waiver::images_by_tag(), Waiver::secrets_in_env()]
}

/// Settings every application service reads.
fn shared_config(redis: &App) -> Config {
    Config::new()
        .set("REDIS_URL", format!("redis://{}:6379/0", redis.host()))
        .set("S3_BUCKET", "uploads")
}

/// The FastAPI backend, the Celery worker and the Next.js frontend.
fn services(config: &Config) -> Vec<App> {
    let backend = App {
        component: Some("api".into()),
        replicas: 1,
        containers: vec![container(
            "backend",
            "backend",
            vec![Port::http(8000)],
            Probe::http("/health", "http"),
        )],
        config: config.clone(),
        expose: Some(Expose::cluster_ip(&[("http", 8000)])),
        security: Security::with_tmp(),
        ..App::new("backend")
    };
    let mut celery = App {
        component: Some("worker".into()),
        replicas: 1,
        containers: vec![container(
            "celery",
            "backend",
            vec![],
            Probe::exec(&["celery", "-A", "app.worker", "inspect", "ping", "--timeout", "5"]),
        )],
        config: config.clone(),
        security: Security::with_tmp(),
        ..App::new("celery")
    };
    // The worker serves no port; its health is Celery's own ping.
    celery.containers[0].command =
        ["celery", "-A", "app.worker", "worker", "--loglevel", "info"].map(String::from).to_vec();
    let frontend = App {
        component: Some("web".into()),
        replicas: 1,
        containers: vec![container(
            "frontend",
            "frontend",
            vec![Port::http(3000)],
            Probe::http("/", "http"),
        )],
        config: Config::new().set("API_URL", format!("http://{}:8000", backend.host())),
        expose: Some(Expose::cluster_ip(&[("http", 80)])),
        security: Security {
            writable_paths: vec!["/tmp".into(), "/app/.next/cache".into()],
            ..Security::default()
        },
        ..App::new("frontend")
    };
    vec![frontend, backend, celery]
}

/// A single-replica StatefulSet with 5 GiB at `mount`, its Service headless over the
/// container's ports, and `health` as both probes.
fn stateful(container: Container, mount: &str, health: Probe, security: Security) -> App {
    let service: Vec<(&str, u16)> =
        container.ports.iter().map(|p| (p.name.as_str(), p.number)).collect();
    let expose = Expose::headless(&service);
    let name = container.name.clone();
    App {
        component: Some("storage".into()),
        workload: Workload::StatefulSet,
        replicas: 1,
        expose: Some(expose),
        containers: vec![Container {
            probes: Probes {
                liveness: Some(health.clone().every(15).after(20)),
                readiness: Some(health.every(5)),
                ..Probes::default()
            },
            resources: Resources::requests("100m", "256Mi").limits("500m", "512Mi"),
            mounts: vec![Mount::new("data", mount)],
            ..container
        }],
        storage: vec![Storage::new("data", "5Gi")],
        security,
        ..App::new(&name)
    }
}

/// `local`: everything in the cluster, with PostgreSQL and MinIO standing in for the managed services.
pub fn local() -> Environment {
    let creds = local_credentials();
    let postgres = stateful(
        Container {
            name: "postgres".into(),
            image: Image::tag("postgres", "16.4-alpine"),
            ports: vec![Port::tcp("postgres", 5432)],
            env: Env::new()
                .set("POSTGRES_DB", "app")
                .set("POSTGRES_USER", "app")
                .set("POSTGRES_PASSWORD", creds.key("POSTGRES_PASSWORD"))
                .set("PGDATA", "/var/lib/postgresql/data/pgdata"),
            ..Container::default()
        },
        "/var/lib/postgresql/data",
        Probe::exec(&["pg_isready", "-U", "app", "-d", "app"]),
        Security {
            writable_paths: vec!["/var/run/postgresql".into(), "/tmp".into()],
            ..Security::image_user(70, "the postgres image runs as its built-in user 70")
        },
    );
    let minio = stateful(
        Container {
            name: "minio".into(),
            image: Image::tag("minio/minio", "RELEASE.2024-11-07T00-52-20Z"),
            ports: vec![Port::tcp("s3", 9000), Port::tcp("console", 9001)],
            args: ["server", "/data", "--console-address", ":9001"].map(String::from).to_vec(),
            env: Env::new()
                .set("MINIO_ROOT_USER", creds.key("MINIO_ROOT_USER"))
                .set("MINIO_ROOT_PASSWORD", creds.key("MINIO_ROOT_PASSWORD")),
            ..Container::default()
        },
        "/data",
        Probe::http("/minio/health/live", "s3"),
        // MinIO writes only to its data volume and /tmp.
        Security::with_tmp(),
    );
    let redis = redis();
    let config = shared_config(&redis)
        .set("DATABASE_URL", format!("postgresql://app@{}:5432/app", postgres.host()))
        .set("S3_ENDPOINT", format!("http://{}:9000", minio.host()))
        .set("AUTH_MODE", "local");
    let env = Env::new()
        .set("PGPASSWORD", creds.key("POSTGRES_PASSWORD"))
        .set("S3_ACCESS_KEY_ID", creds.key("MINIO_ROOT_USER"))
        .set("S3_SECRET_ACCESS_KEY", creds.key("MINIO_ROOT_PASSWORD"));
    let mut apps: Vec<App> = services(&config);
    for app in apps.iter_mut().filter(|a| a.name != "frontend") {
        *app = app.clone().with(Overlay { env: env.clone(), ..Overlay::default() });
    }
    apps.extend([redis, postgres, minio]);
    Environment {
        name: "local".into(),
        tree: "local".into(),
        namespace: Some("learning-local".into()),
        labels: labels(&[
            ("app.kubernetes.io/part-of", "learning-platform"),
            ("environment", "local"),
        ]),
        apps,
        secrets: vec![creds],
        waivers: waivers(),
        ..Environment::default()
    }
}

/// Production's settings: Supabase and R2 endpoints, shared by both production targets.
fn production_config(redis: &App) -> Config {
    shared_config(redis)
        .set("SUPABASE_URL", "https://learning-platform.supabase.co")
        .set("S3_ENDPOINT", "https://0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e.r2.cloudflarestorage.com")
        .set("S3_REGION", "auto")
        .set("AUTH_MODE", "supabase")
}

/// What the backend and worker read from production's Secret: the database, auth and R2 keys.
fn backend_secrets(creds: &SecretSpec) -> Env {
    Env::new()
        .set("DATABASE_URL", creds.key("DATABASE_URL"))
        .set("SUPABASE_JWT_SECRET", creds.key("SUPABASE_JWT_SECRET"))
        .set("S3_ACCESS_KEY_ID", creds.key("R2_ACCESS_KEY_ID"))
        .set("S3_SECRET_ACCESS_KEY", creds.key("R2_SECRET_ACCESS_KEY"))
}

/// `production-compose`: what Easypanel runs, from the same apps: the four stateless services
/// with Supabase and R2 reached through config and `.env` keys, health checks run inside the
/// containers, and start-up ordered (redis, then the backend and worker, then the frontend).
pub fn production_compose() -> Environment {
    let creds = production_credentials();
    let redis = redis();
    let config = production_config(&redis);
    let env = backend_secrets(&creds);
    let services = services(&config);
    let backend: Vec<_> =
        services.iter().filter(|a| a.name == "backend").map(App::handle).collect();
    let mut apps: Vec<App> = services
        .into_iter()
        .map(|app| match app.name.as_str() {
            "frontend" => App {
                // Easypanel's proxy routes to the published port.
                expose: Some(Expose::load_balancer(&[("http", 3000)])),
                depends_on: backend.clone(),
                ..app.with(Overlay {
                    env: Env::new()
                        .set("NEXT_PUBLIC_SUPABASE_ANON_KEY", creds.key("SUPABASE_ANON_KEY")),
                    config: Config::new()
                        .set("NEXT_PUBLIC_SUPABASE_URL", "https://learning-platform.supabase.co"),
                    ..Overlay::default()
                })
            },
            _ => App {
                depends_on: vec![redis.handle()],
                ..app.with(Overlay { env: env.clone(), ..Overlay::default() })
            },
        })
        .collect();
    for app in &mut apps {
        let name = app.name.clone();
        if let Some(main) = app.main_container_mut() {
            // The images' own runtimes check the HTTP endpoints the probes use.
            main.health_command = match name.as_str() {
                "backend" => ["python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8000/health')"].map(String::from).to_vec(),
                "frontend" => ["node", "-e", "fetch('http://localhost:3000/').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"].map(String::from).to_vec(),
                _ => Vec::new(),
            };
        }
    }
    apps.push(redis);
    Environment {
        name: "production-compose".into(),
        tree: "production-compose".into(),
        target: Target::Compose(ComposeTarget {
            file: "docker-compose.prod.yml".into(),
            env_example: ".env.production.example".into(),
        }),
        apps,
        secrets: vec![creds],
        ..Environment::default()
    }
}

/// `production`: no database or object store in the cluster; Supabase Postgres and Auth, and
/// Cloudflare R2, reached through config and Secret keys.
pub fn production() -> Environment {
    let creds = production_credentials();
    let redis = redis();
    let config = production_config(&redis);
    let env = backend_secrets(&creds);
    let mut apps: Vec<App> = services(&config)
        .into_iter()
        .map(|app| {
            let overlay = match app.name.as_str() {
                "frontend" => Overlay {
                    replicas: Some(2),
                    env: Env::new()
                        .set("NEXT_PUBLIC_SUPABASE_ANON_KEY", creds.key("SUPABASE_ANON_KEY")),
                    config: Config::new()
                        .set("NEXT_PUBLIC_SUPABASE_URL", "https://learning-platform.supabase.co"),
                    ..Overlay::default()
                },
                _ => Overlay { replicas: Some(2), env: env.clone(), ..Overlay::default() },
            };
            app.with(overlay)
        })
        .collect();
    apps.push(redis);
    Environment {
        name: "production".into(),
        tree: "production".into(),
        namespace: Some("learning-production".into()),
        labels: labels(&[
            ("app.kubernetes.io/part-of", "learning-platform"),
            ("environment", "production"),
        ]),
        apps,
        secrets: vec![creds],
        waivers: waivers(),
        ..Environment::default()
    }
}

/// The example's project: its trees live in `examples/generated/production_migration/`.
pub fn project() -> Project {
    Project::new(
        concat!(env!("CARGO_MANIFEST_DIR"), "/examples/generated/production_migration"),
        vec![local(), production(), production_compose()],
    )
    .command("cargo run --example production_migration --")
}
