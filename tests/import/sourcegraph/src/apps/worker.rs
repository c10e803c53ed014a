//! The `worker` app, imported by `rustomize import`.

use rustomize::{
    App, Container, Env, EnvValue, Expose, Image, ImageRef, IntOrPercent, Port, Probe,
    Probes, PullPolicy, Resources, Rollout, Security, ServicePort, Strategy, labels,
};

const WORKER_DIGEST: &str = "sha256:fd6be67ea22f842246dbe81f64a60db027e5202f0ce863a0be4a82b12f908620";
const SECURITY_EXCEPTION: &str = "imported: the original has a writable root filesystem, runs as UID 100, keeps the runtime's default capabilities, mounts the ServiceAccount token, and has no NetworkPolicy of its own";

/// `worker` as every environment starts from it.
pub fn app() -> App {
    App {
        component: Some("worker".into()),
        labels: labels(&[("sourcegraph-resource-requires", "no-cluster-admin")]),
        annotations: labels(&[("description", "Manages background processes.")]),
        selector: labels(&[("app", "worker")]),
        containers: vec![
            Container {
                name: "worker".into(),
                image: Image {
                    repository: "index.docker.io/sourcegraph/worker".into(),
                    reference: ImageRef::TagAndDigest(
                        "6.2.1106".into(),
                        WORKER_DIGEST.into(),
                    ),
                },
                pull_policy: PullPolicy::IfNotPresent,
                ports: vec![
                    Port::http(3189),
                    Port::tcp("debug", 6060),
                    Port::tcp("prom", 6996),
                ],
                env: Env::new()
                    .set("PRECISE_CODE_INTEL_UPLOAD_BACKEND", "blobstore")
                    .set(
                        "PRECISE_CODE_INTEL_UPLOAD_AWS_ENDPOINT",
                        "http://blobstore:9000",
                    )
                    .set("POD_NAME", EnvValue::Field("metadata.name".into()))
                    .set("OTEL_AGENT_HOST", EnvValue::Field("status.hostIP".into()))
                    .set(
                        "OTEL_EXPORTER_OTLP_ENDPOINT",
                        "http://$(OTEL_AGENT_HOST):4317",
                    ),
                probes: Probes {
                    liveness: Some(
                        Probe::http("/healthz", "debug").after(60).timeout(5),
                    ),
                    readiness: Some(Probe::http("/ready", "debug").every(5).timeout(5)),
                    ..Probes::default()
                },
                resources: Resources::requests("500m", "2G").limits("2", "4G"),
                logs_on_failure: true,
                ..Container::default()
            },
        ],
        expose: Some(Expose {
            ports: vec![
                ServicePort {
                    name: Some("http".into()),
                    target: "http".into(),
                    port: 3189,
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
            labels: labels(&[("app", "worker")]),
            ..Expose::default()
        }),
        services: vec![
            Expose {
                name: Some("worker-executors".into()),
                ports: vec![
                    ServicePort {
                        name: Some("prom".into()),
                        target: "prom".into(),
                        port: 6996,
                        ..ServicePort::default()
                    },
                ],
                annotations: labels(
                    &[
                        ("prometheus.io/port", "6996"),
                        ("sourcegraph.prometheus/scrape", "true"),
                    ],
                ),
                labels: labels(&[("app", "worker")]),
                ..Expose::default()
            },
        ],
        rollout: Rollout {
            strategy: Some(Strategy::RollingUpdate {
                max_surge: Some(IntOrPercent::Count(1)),
                max_unavailable: Some(IntOrPercent::Count(1)),
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
        ..App::new("worker")
    }
}
