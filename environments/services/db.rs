//! PostgreSQL as a StatefulSet, for environments that run their own database.

use rustomize::{
    App, Config, Container, Env, EnvValue, Environment, Expose, Image, Mount, Port, Probe, Probes,
    Resources, SecretSpec, Security, Storage, Template, Volume, VolumeSource, Workload,
};

use crate::environments::base::{common_labels, unnamespaced_waivers};

/// The database and role the application uses.
pub const DATABASE: &str = "begbot";
/// Postgres's port.
pub const PORT: u16 = 5432;

/// The database superuser's password; provisioned outside git.
pub fn credentials() -> SecretSpec {
    SecretSpec {
        description: "Password of the in-cluster Postgres user `begbot`.".into(),
        ..SecretSpec::new("db-credentials", &["POSTGRES_PASSWORD"])
    }
}

/// `postgresql.conf` for `environment`: `log_min_duration_statement` is in milliseconds, `-1`
/// logs no statement and `0` logs every one.
pub fn postgresql_conf(environment: &str, log_min_duration_statement: &str) -> Template {
    Template::new("postgresql.conf.j2", include_str!("postgresql.conf.j2"))
        .value("environment", environment)
        .value("max_connections", "100")
        .value("shared_buffers", "128MB")
        .value("log_min_duration_statement", log_min_duration_statement)
}

/// The Postgres StatefulSet with its headless Service and a 10 GiB volume per pod.
pub fn app() -> App {
    let ready = ["pg_isready", "-U", DATABASE, "-d", DATABASE];
    App {
        component: Some("database".into()),
        workload: Workload::StatefulSet,
        containers: vec![Container {
            name: "postgres".into(),
            image: Image::tag("postgres", "16.4-alpine"),
            ports: vec![Port::tcp("postgres", PORT)],
            env: Env::new()
                .set("POSTGRES_USER", EnvValue::Config("POSTGRES_USER".into()))
                .set("POSTGRES_DB", EnvValue::Config("POSTGRES_DB".into()))
                .set("POSTGRES_PASSWORD", credentials().key("POSTGRES_PASSWORD"))
                // A subdirectory, because the volume's root holds `lost+found` and initdb refuses it.
                .set("PGDATA", "/var/lib/postgresql/data/pgdata"),
            probes: Probes {
                liveness: Some(Probe::exec(&ready).every(10).after(30)),
                readiness: Some(Probe::exec(&ready).every(5)),
                ..Probes::default()
            },
            resources: Resources::requests("250m", "512Mi").limits("1", "1Gi"),
            args: vec!["-c".into(), "config_file=/etc/postgresql/postgresql.conf".into()],
            mounts: vec![
                Mount::new("data", "/var/lib/postgresql/data"),
                Mount {
                    sub_path: Some("postgresql.conf".into()),
                    ..Mount::new("config", "/etc/postgresql/postgresql.conf").read_only()
                },
            ],
            ..Container::default()
        }],
        config: Config::hashed()
            .set("POSTGRES_DB", DATABASE)
            .set("POSTGRES_USER", DATABASE)
            .template("postgresql.conf", postgresql_conf("base", "1000")),
        volumes: vec![Volume::new("config", VolumeSource::config())],
        storage: vec![Storage::new("data", "10Gi")],
        expose: Some(Expose::headless(&[("postgres", PORT)])),
        // The postgres image owns its files as its built-in user 70; its socket directory and
        // /tmp must be writable under a read-only root.
        security: Security {
            writable_paths: vec!["/var/run/postgresql".into(), "/tmp".into()],
            ..Security::image_user(70, "the postgres image runs as its built-in user 70")
        },
        ..App::new("db")
    }
}

/// The connection string for `db`, without the password (libpq reads it from `PGPASSWORD`).
pub fn url(db: &App) -> String {
    format!("postgresql://{DATABASE}@{}:{PORT}/{DATABASE}", db.host())
}

/// The `db` target: the database on its own, environment-agnostic like `base`.
pub fn target() -> Environment {
    Environment {
        name: "db".into(),
        tree: "services/db".into(),
        labels: common_labels(),
        apps: vec![app()],
        secrets: vec![credentials()],
        waivers: unnamespaced_waivers(),
        ..Environment::default()
    }
}
