//! A small stack that uses every knob of the model, so each renders at least once.

use rustomize::{
    App, Config, Container, Env, EnvFrom, EnvValue, Environment, Expose, Image, Ingress, Job,
    Mount, Port, Probe, Probes, Resources, SecretSpec, ServiceAccount, ServicePort, Storage,
    Volume, VolumeSource, Workload, labels,
};

/// The Secret the fixture's web app reads.
pub fn tokens() -> SecretSpec {
    SecretSpec::new("web-tokens", &["SESSION_KEY", "tls.crt"])
}

/// A web app exposed by NodePort and Ingress, with storage, volumes and an init container;
/// plus a one-off migration Job.
pub fn all_knobs() -> Environment {
    let web = App {
        component: Some("frontend".into()),
        replicas: 2,
        service_account: ServiceAccount::Own,
        init_containers: vec![Container {
            name: "wait-for-db".into(),
            image: Image::digest("busybox", &format!("sha256:{}", "a".repeat(64))),
            command: vec!["sh".into(), "-c".into(), "until nc -z db 5432; do sleep 1; done".into()],
            ..Container::default()
        }],
        containers: vec![Container {
            name: "web".into(),
            image: Image::tag("nginx", "1.27.2"),
            args: vec!["-g".into(), "daemon off;".into()],
            ports: vec![Port::http(8080), Port::tcp("metrics", 9113)],
            env: Env::new()
                .set("MODE", EnvValue::Config("MODE".into()))
                .set("POD_NAME", EnvValue::Field("metadata.name".into()))
                .set("SESSION_KEY", tokens().key("SESSION_KEY")),
            env_from: vec![EnvFrom::Secret("web-tokens".into())],
            probes: Probes {
                liveness: Some(Probe::tcp("http").every(20)),
                readiness: Some(Probe::http("/ready", "http")),
                startup: Some(Probe::exec(&["cat", "/tmp/started"])),
            },
            resources: Resources::requests("100m", "64Mi").limits("200m", "128Mi"),
            mounts: vec![
                Mount {
                    sub_path: Some("nginx.conf".into()),
                    ..Mount::new("conf", "/etc/nginx/nginx.conf").read_only()
                },
                Mount::new("cache", "/var/cache/nginx"),
                Mount::new("uploads", "/srv/uploads"),
                Mount::new("tls", "/etc/tls").read_only(),
            ],
            ..Container::default()
        }],
        config: Config::new()
            .set("MODE", "on")
            .set("nginx.conf", "events {}\nhttp {\n  server { listen 8080; }\n}\n"),
        storage: vec![Storage {
            storage_class: Some("fast".into()),
            ..Storage::new("uploads", "5Gi")
        }],
        volumes: vec![
            Volume::new("conf", VolumeSource::config()),
            Volume::new("cache", VolumeSource::Memory("64Mi".into())),
            Volume::new("tls", VolumeSource::secret("web-tokens")),
        ],
        expose: Some(Expose::node_port(vec![
            ServicePort::new("http", 80).on_node(30080),
            ServicePort::new("metrics", 9113).on_node(30113),
        ])),
        ingress: Some(Ingress {
            host: "web.example.com".into(),
            port: "http".into(),
            class_name: Some("nginx".into()),
            tls_secret: Some("web-tls".into()),
            annotations: labels(&[("nginx.ingress.kubernetes.io/proxy-body-size", "8m")]),
            ..Ingress::default()
        }),
        pod_annotations: labels(&[("prometheus.io/scrape", "true")]),
        ..App::new("web")
    };
    let migrate = App {
        workload: Workload::Job(Job {
            backoff_limit: 2,
            ttl_seconds_after_finished: Some(600),
            ..Job::default()
        }),
        containers: vec![Container {
            name: "migrate".into(),
            image: Image::tag("ghcr.io/acme/migrate", "2024.11.1"),
            args: vec!["up".into()],
            ..Container::default()
        }],
        service_account: ServiceAccount::Existing("migrator".into()),
        ..App::new("migrate")
    };
    Environment {
        name: "knobs".into(),
        tree: "knobs".into(),
        namespace: Some("knobs".into()),
        labels: labels(&[("team", "platform")]),
        annotations: labels(&[("owner", "platform@example.com")]),
        apps: vec![web, migrate],
        secrets: vec![tokens()],
        ..Environment::default()
    }
}
