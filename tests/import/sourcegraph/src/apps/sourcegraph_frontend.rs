//! The `sourcegraph-frontend` app, imported by `rustomize import`.

use rustomize::{
    App, Compute, Container, Env, EnvFrom, EnvValue, Expose, Image, ImageRef, Ingress,
    IntOrPercent, Port, Probe, Probes, PullPolicy, Resources, Rollout, Security,
    ServicePort, SharedConfig, Strategy, labels,
};

const FRONTEND_DIGEST: &str = "sha256:025a8f66d15cc33cc155dbb995d111a29e65d5fe338a62df8fe4cf012db06788";
const MIGRATOR_DIGEST: &str = "sha256:ece1a5718e04ed24c08d6729bf3a017e395fa961a232bbcb1193104914e0c476";
const SECURITY_EXCEPTION: &str = "imported: the original has a writable root filesystem, runs as UID 100, keeps the runtime's default capabilities, mounts the ServiceAccount token, and has no NetworkPolicy of its own";

/// `sourcegraph-frontend` as every environment starts from it.
pub fn app(sourcegraph_frontend_env: &SharedConfig) -> App {
    App {
        component: Some("frontend".into()),
        labels: labels(&[("sourcegraph-resource-requires", "no-cluster-admin")]),
        annotations: labels(
            &[
                ("description", "Serves the frontend of Sourcegraph via HTTP(S)."),
                ("kubectl.kubernetes.io/default-container", "frontend"),
            ],
        ),
        selector: labels(&[("app", "sourcegraph-frontend")]),
        containers: vec![
            Container {
                name: "frontend".into(),
                image: Image {
                    repository: "index.docker.io/sourcegraph/frontend".into(),
                    reference: ImageRef::TagAndDigest(
                        "6.2.1106".into(),
                        FRONTEND_DIGEST.into(),
                    ),
                },
                pull_policy: PullPolicy::IfNotPresent,
                args: vec!["serve".into()],
                ports: vec![
                    Port::http(3080),
                    Port::tcp("http-internal", 3090),
                    Port::tcp("debug", 6060),
                ],
                env: Env::new()
                    .set("OTEL_AGENT_HOST", EnvValue::Field("status.hostIP".into()))
                    .set("OTEL_EXPORTER_OTLP_ENDPOINT", "http://$(OTEL_AGENT_HOST):4317")
                    .set("JAEGER_SERVER_URL", "http://jaeger-query:16686"),
                env_from: vec![EnvFrom::Shared(sourcegraph_frontend_env.handle())],
                probes: Probes {
                    liveness: Some(
                        Probe::http("/healthz", "debug").after(300).timeout(5),
                    ),
                    readiness: Some(Probe::http("/ready", "debug").every(5).timeout(5)),
                    ..Probes::default()
                },
                resources: Resources {
                    requests: Compute {
                        cpu: Some("2".into()),
                        memory: Some("2G".into()),
                        ephemeral_storage: Some("4Gi".into()),
                        ..Compute::default()
                    },
                    limits: Compute {
                        cpu: Some("2".into()),
                        memory: Some("4G".into()),
                        ephemeral_storage: Some("8Gi".into()),
                        ..Compute::default()
                    },
                    ..Resources::default()
                },
                logs_on_failure: true,
                ..Container::default()
            },
        ],
        init_containers: vec![
            Container {
                name: "migrator".into(),
                image: Image {
                    repository: "index.docker.io/sourcegraph/migrator".into(),
                    reference: ImageRef::TagAndDigest(
                        "6.2.1106".into(),
                        MIGRATOR_DIGEST.into(),
                    ),
                },
                pull_policy: PullPolicy::IfNotPresent,
                args: vec!["up".into()],
                env_from: vec![EnvFrom::Shared(sourcegraph_frontend_env.handle())],
                resources: Resources::requests("100m", "50M").limits("500m", "100M"),
                ..Container::default()
            },
        ],
        expose: Some(Expose {
            ports: vec![
                ServicePort {
                    name: Some("http".into()),
                    target: "http".into(),
                    port: 30080,
                    ..ServicePort::default()
                },
                ServicePort {
                    name: Some("debug".into()),
                    target: "debug".into(),
                    port: 6060,
                    ..ServicePort::default()
                },
            ],
            annotations: labels(
                &[
                    ("prometheus.io/port", "6060"),
                    ("sourcegraph.prometheus/scrape", "true"),
                ],
            ),
            labels: labels(&[("app", "sourcegraph-frontend")]),
            ..Expose::default()
        }),
        services: vec![
            Expose {
                name: Some("sourcegraph-frontend-internal".into()),
                ports: vec![
                    ServicePort {
                        name: Some("http-internal".into()),
                        target: "http-internal".into(),
                        port: 80,
                        ..ServicePort::default()
                    },
                ],
                labels: labels(&[("app", "sourcegraph-frontend")]),
                ..Expose::default()
            },
        ],
        ingress: Some(Ingress {
            path: "/".into(),
            port: "http".into(),
            annotations: labels(
                &[
                    ("kubernetes.io/ingress.class", "nginx"),
                    ("nginx.ingress.kubernetes.io/proxy-body-size", "150m"),
                ],
            ),
            ..Ingress::default()
        }),
        rollout: Rollout {
            strategy: Some(Strategy::RollingUpdate {
                max_surge: Some(IntOrPercent::Count(2)),
                max_unavailable: Some(IntOrPercent::Count(0)),
            }),
            min_ready_seconds: Some(10),
            revision_history_limit: Some(10),
            ..Rollout::default()
        },
        security: Security {
            run_as_user: 100,
            run_as_group: 101,
            fs_group: 101,
            read_only_root_filesystem: false,
            service_account_token: true,
            network_policy: false,
            drop_capabilities: vec![],
            user_on_containers: true,
            fs_group_on_mismatch: true,
            exception: Some(SECURITY_EXCEPTION.into()),
            ..Security::default()
        },
        ..App::new("sourcegraph-frontend")
    }
}
