//! Seed 001, SrvThreds: the engine, session agent and persistence agent, RabbitMQ in the
//! cluster (except in prod), and the bootstrap Job that seeds the databases. MongoDB and Redis
//! never run in the cluster: on Minikube they are the host's Docker containers, reached
//! through ExternalName Services; in the cloud, managed services whose endpoints come from
//! Secret keys. Every service reads one shared ConfigMap.
//!
//! Before Minikube, the team runs everything locally with Docker Compose: `local` renders that
//! Compose file from the same apps, with MongoDB (a one-node replica set), Redis and RabbitMQ
//! beside the services and the bootstrap Job.
//!
//! `cargo run --example srvthreds -- render minikube`

use rustomize::{
    App, Autoscale, Config, Container, DisruptionBudget, Env, Environment, Expose, ExternalService,
    Image, Ingress, Job, Mount, Overlay, Port, Probe, Probes, Project, Resources, SecretSpec,
    Security, SharedConfig, Storage, Target, Waiver, Workload, labels,
};

const RELEASE: &str = "1.4.0";
const NAMESPACE: &str = "srvthreds";

/// RabbitMQ's login, for the in-cluster broker.
pub fn rabbitmq_credentials() -> SecretSpec {
    SecretSpec::new("rabbitmq-credentials", &["RABBITMQ_DEFAULT_USER", "RABBITMQ_DEFAULT_PASS"])
}

/// Endpoints of the managed services (MongoDB Atlas, Redis Cloud, CloudAMQP), with credentials.
pub fn managed_endpoints() -> SecretSpec {
    SecretSpec::new("srvthreds-managed", &["MONGO_HOST", "REDIS_HOST", "RABBITMQ_HOST"])
}

/// The settings every service and the bootstrap Job read, one ConfigMap per environment.
fn settings(config: Config) -> SharedConfig {
    SharedConfig::new("srvthreds-config", config)
}

/// One Node.js service of the platform, probed on `port` (a health-only port when it serves
/// no traffic).
fn service(name: &str, image: &str, port: Port, config: &SharedConfig) -> App {
    let probe_port = port.name.clone();
    App {
        component: Some(name.trim_start_matches("srvthreds-").into()),
        replicas: 1,
        containers: vec![Container {
            name: name.trim_start_matches("srvthreds-").into(),
            image: Image::tag(&format!("ghcr.io/srvthreds/{image}"), RELEASE),
            ports: vec![port],
            env_from: vec![config.env_from()],
            probes: Probes {
                liveness: Some(Probe::http("/health", &probe_port).every(10).after(15)),
                readiness: Some(Probe::http("/ready", &probe_port).every(5)),
                ..Probes::default()
            },
            resources: Resources::requests("100m", "256Mi").limits("500m", "512Mi"),
            ..Container::default()
        }],
        // Node writes only temporary files.
        security: Security::with_tmp(),
        ..App::new(name)
    }
}

/// The three services and the bootstrap Job, configured with `config`.
fn platform(config: &SharedConfig) -> Vec<App> {
    let health = || Port::tcp("health", 9090);
    let engine = service("srvthreds-engine", "engine", health(), config);
    let mut session = service("srvthreds-session-agent", "session-agent", Port::http(3000), config);
    session.expose = Some(Expose::cluster_ip(&[("http", 3000)]));
    let persistence = service("srvthreds-persistence-agent", "persistence-agent", health(), config);
    let bootstrap = App {
        component: Some("bootstrap".into()),
        workload: Workload::Job(Job {
            backoff_limit: 3,
            ttl_seconds_after_finished: Some(3600),
            ..Job::default()
        }),
        containers: vec![Container {
            name: "bootstrap".into(),
            image: Image::tag("ghcr.io/srvthreds/bootstrap", RELEASE),
            args: vec![
                "--patterns".into(),
                "/app/patterns".into(),
                "--config".into(),
                "/app/config".into(),
            ],
            env_from: vec![config.env_from()],
            resources: Resources::requests("100m", "128Mi").limits("500m", "256Mi"),
            ..Container::default()
        }],
        security: Security::with_tmp(),
        ..App::new("srvthreds-bootstrap")
    };
    // The services start once the Job has seeded the databases: Compose waits for it, and a
    // fleet's Argo CD waves and Flux stages apply it first.
    let after = |app: App| App { depends_on: vec![bootstrap.handle()], ..app };
    vec![after(engine), after(session), after(persistence), bootstrap]
}

/// RabbitMQ as a StatefulSet with 8 GiB of storage, for every environment but prod.
pub fn rabbitmq() -> App {
    let ping = ["rabbitmq-diagnostics", "-q", "ping"];
    App {
        component: Some("messaging".into()),
        workload: Workload::StatefulSet,
        replicas: 1,
        containers: vec![Container {
            name: "rabbitmq".into(),
            image: Image::tag("rabbitmq", "3.13.7-management-alpine"),
            ports: vec![Port::tcp("amqp", 5672), Port::tcp("management", 15672)],
            env: Env::new()
                .set("RABBITMQ_DEFAULT_USER", rabbitmq_credentials().key("RABBITMQ_DEFAULT_USER"))
                .set("RABBITMQ_DEFAULT_PASS", rabbitmq_credentials().key("RABBITMQ_DEFAULT_PASS")),
            probes: Probes {
                liveness: Some(Probe {
                    timeout_seconds: Some(10),
                    ..Probe::exec(&ping).every(30).after(60)
                }),
                readiness: Some(Probe {
                    timeout_seconds: Some(10),
                    ..Probe::exec(&ping).every(10)
                }),
                ..Probes::default()
            },
            resources: Resources::requests("250m", "512Mi").limits("1", "1Gi"),
            mounts: vec![Mount::new("data", "/var/lib/rabbitmq")],
            ..Container::default()
        }],
        storage: vec![Storage::new("data", "8Gi")],
        expose: Some(Expose::headless(&[("amqp", 5672), ("management", 15672)])),
        // The image renders its config into /etc/rabbitmq at start, as its own user 100.
        security: Security {
            run_as_group: 101,
            fs_group: 101,
            read_only_root_filesystem: false,
            ..Security::image_user(
                100,
                "the rabbitmq image renders its config under /etc/rabbitmq as its built-in user 100",
            )
        },
        ..App::new("rabbitmq")
    }
}

/// Config for an environment whose broker runs in the cluster.
fn in_cluster_config(node_env: &str, log_level: &str, mongo: &str, redis: &str) -> Config {
    let broker = rabbitmq();
    Config::new()
        .set("NODE_ENV", node_env)
        .set("LOG_LEVEL", log_level)
        .set("MONGO_HOST", mongo)
        .set("REDIS_HOST", redis)
        .set("RABBITMQ_HOST", format!("{}:5672", broker.host()))
}

fn environment(
    name: &str,
    config: SharedConfig,
    apps: Vec<App>,
    secrets: Vec<SecretSpec>,
) -> Environment {
    Environment {
        name: name.into(),
        tree: format!("overlays/{name}"),
        namespace: Some(NAMESPACE.into()),
        labels: labels(&[("app.kubernetes.io/part-of", "srvthreds"), ("environment", name)]),
        apps,
        secrets,
        configs: vec![config],
        waivers: vec![Waiver::images_by_tag(), Waiver::secrets_in_env()],
        ..Environment::default()
    }
}

/// `minikube`: databases on the host via `host.minikube.internal`, behind ExternalName
/// Services, so the services' config names `mongodb` and `redis` as in any cluster; debug
/// logs, an Ingress.
pub fn minikube() -> Environment {
    let host = "host.minikube.internal";
    let mongodb = ExternalService {
        ports: vec![("mongodb".into(), 27017)],
        ..ExternalService::new("mongodb", host)
    };
    let redis = ExternalService {
        ports: vec![("redis".into(), 6379)],
        ..ExternalService::new("redis", host)
    };
    let config = settings(in_cluster_config(
        "development",
        "DEBUG",
        &format!("{}:27017", mongodb.name),
        &format!("{}:6379", redis.name),
    ));
    let mut apps = platform(&config);
    apps[1].ingress = Some(Ingress {
        host: "srvthreds.local".into(),
        port: "http".into(),
        class_name: Some("nginx".into()),
        ..Ingress::default()
    });
    apps.push(rabbitmq());
    Environment {
        external_services: vec![mongodb, redis],
        ..environment("minikube", config, apps, vec![rabbitmq_credentials()])
    }
}

/// Apps configured for the cloud: databases from the managed-endpoint Secret.
fn cloud(node_env: &str, log_level: &str, managed_broker: bool) -> (SharedConfig, Vec<App>) {
    let mut config = Config::new().set("NODE_ENV", node_env).set("LOG_LEVEL", log_level);
    if !managed_broker {
        config = config.set("RABBITMQ_HOST", format!("{}:5672", rabbitmq().host()));
    }
    let endpoints = managed_endpoints();
    let keys: &[&str] = if managed_broker {
        &["MONGO_HOST", "REDIS_HOST", "RABBITMQ_HOST"]
    } else {
        &["MONGO_HOST", "REDIS_HOST"]
    };
    let env = keys.iter().fold(Env::new(), |env, key| env.set(key, endpoints.key(key)));
    let config = settings(config);
    let apps = platform(&config)
        .into_iter()
        .map(|app| app.with(Overlay { env: env.clone(), ..Overlay::default() }))
        .collect();
    (config, apps)
}

/// Adds the in-cluster RabbitMQ, which the bootstrap Job needs running first.
fn with_broker(apps: &mut Vec<App>) {
    let broker = rabbitmq();
    for app in apps.iter_mut().filter(|a| a.name == "srvthreds-bootstrap") {
        app.depends_on.push(broker.handle());
    }
    apps.push(broker);
}

/// `dev`: the cloud dev cluster; managed MongoDB and Redis, RabbitMQ in the cluster.
pub fn dev() -> Environment {
    let (config, mut apps) = cloud("development", "debug", false);
    with_broker(&mut apps);
    environment("dev", config, apps, vec![managed_endpoints(), rabbitmq_credentials()])
}

/// `staging`: like prod's configuration, with the in-cluster broker and two engines.
pub fn staging() -> Environment {
    let (config, mut apps) = cloud("production", "info", false);
    apps[0] = apps[0].clone().with(Overlay { replicas: Some(2), ..Overlay::default() });
    with_broker(&mut apps);
    environment("staging", config, apps, vec![managed_endpoints(), rabbitmq_credentials()])
}

/// `prod`: engine ×3 and agents ×2 with autoscaling, every backing service managed
/// (MongoDB Atlas, Redis Cloud, CloudAMQP), no broker in the cluster.
pub fn prod() -> Environment {
    let scaled = |min: u32, max: u32| Overlay {
        replicas: Some(min),
        autoscale: Some(Autoscale {
            min_replicas: min,
            max_replicas: max,
            cpu_percent: Some(70),
            memory_percent: None,
            ..Autoscale::default()
        }),
        disruption_budget: Some(DisruptionBudget::MaxUnavailable(1)),
        resources: Some(Resources::requests("250m", "512Mi").limits("1", "1Gi")),
        ..Overlay::default()
    };
    let (config, apps) = cloud("production", "info", true);
    let apps = apps
        .into_iter()
        .map(|app| match app.name.as_str() {
            "srvthreds-engine" => app.with(scaled(3, 10)),
            "srvthreds-session-agent" | "srvthreds-persistence-agent" => app.with(scaled(2, 6)),
            _ => app,
        })
        .collect();
    environment("prod", config, apps, vec![managed_endpoints()])
}

/// MongoDB as a one-node replica set (the services use change streams), for `local`; its
/// health check initiates the set on first run.
fn mongodb() -> App {
    App {
        component: Some("database".into()),
        workload: Workload::StatefulSet,
        replicas: 1,
        containers: vec![Container {
            name: "mongodb".into(),
            image: Image::tag("mongo", "7.0.14"),
            args: ["--replSet", "rs0", "--bind_ip_all"].map(String::from).to_vec(),
            ports: vec![Port::tcp("mongodb", 27017)],
            health_command: [
                "mongosh",
                "--quiet",
                "--eval",
                "try { rs.status().ok } catch (e) { rs.initiate({_id: 'rs0', members: [{_id: 0, host: 'mongodb:27017'}]}).ok }",
            ]
            .map(String::from)
            .to_vec(),
            resources: Resources::requests("250m", "512Mi").limits("1", "1Gi"),
            mounts: vec![Mount::new("data", "/data/db")],
            ..Container::default()
        }],
        storage: vec![Storage::new("data", "5Gi")],
        expose: Some(Expose::headless(&[("mongodb", 27017)])),
        security: Security {
            writable_paths: vec!["/tmp".into()],
            ..Security::image_user(999, "the mongo image owns /data/db as its built-in user 999")
        },
        ..App::new("mongodb")
    }
}

/// Redis for `local`, with nothing persisted.
fn local_redis() -> App {
    let ping = Probe::exec(&["redis-cli", "ping"]).every(5);
    App {
        component: Some("cache".into()),
        replicas: 1,
        containers: vec![Container {
            name: "redis".into(),
            image: Image::tag("redis", "7.4.1-alpine"),
            ports: vec![Port::tcp("redis", 6379)],
            probes: Probes { readiness: Some(ping), ..Probes::default() },
            resources: Resources::requests("50m", "64Mi").limits("250m", "256Mi"),
            ..Container::default()
        }],
        expose: Some(Expose::cluster_ip(&[("redis", 6379)])),
        security: Security { writable_paths: vec!["/data".into()], ..Security::default() },
        ..App::new("redis")
    }
}

/// `local`: Docker Compose on a laptop, databases included. The bootstrap Job waits for the
/// databases and the broker; the services wait for it. The session agent is published on
/// port 3000.
pub fn local() -> Environment {
    let (mongodb, redis, broker) = (mongodb(), local_redis(), rabbitmq());
    let config = settings(in_cluster_config(
        "development",
        "DEBUG",
        &format!("{}:27017", mongodb.host()),
        &format!("{}:6379", redis.host()),
    ));
    let backing = vec![mongodb.handle(), redis.handle(), broker.handle()];
    let platform = platform(&config);
    let bootstrap: Vec<_> =
        platform.iter().filter(|a| a.name == "srvthreds-bootstrap").map(App::handle).collect();
    let mut apps: Vec<App> = platform
        .into_iter()
        .map(|app| {
            let depends_on =
                if app.name == "srvthreds-bootstrap" { backing.clone() } else { bootstrap.clone() };
            App { depends_on, ..app }
        })
        .collect();
    apps[1].expose = Some(Expose::load_balancer(&[("http", 3000)]));
    apps.extend([mongodb, redis, broker]);
    Environment {
        tree: "compose/local".into(),
        target: Target::Compose(rustomize::ComposeTarget::default()),
        ..environment("local", config, apps, vec![rabbitmq_credentials()])
    }
}

/// The example's project: its trees live in `examples/generated/srvthreds/`.
pub fn project() -> Project {
    Project::new(
        concat!(env!("CARGO_MANIFEST_DIR"), "/examples/generated/srvthreds"),
        vec![local(), minikube(), dev(), staging(), prod()],
    )
    .command("cargo run --example srvthreds --")
}
