//! The `precise-code-intel-worker` app, imported by `rustomize import`.

use rustomize::{
    App, Container, Env, EnvValue, Expose, Image, ImageRef, IntOrPercent, Port, Probe,
    Probes, PullPolicy, Resources, Rollout, Security, ServicePort, Strategy, labels,
};

const DESCRIPTION: &str = "Handles conversion of uploaded precise code intelligence bundles.";
const PRECISE_CODE_INTEL_WORKER_IMAGE: &str = "index.docker.io/sourcegraph/precise-code-intel-worker";
const PRECISE_CODE_INTEL_WORKER_DIGEST: &str = "sha256:f43dad61709c87c02bc0d3b43f1419529d76d0035362b5859b79a284191fcbe6";
const SECURITY_EXCEPTION: &str = "imported: the original has a writable root filesystem, runs as UID 100, keeps the runtime's default capabilities, mounts the ServiceAccount token, and has no NetworkPolicy of its own";

/// `precise-code-intel-worker` as every environment starts from it.
pub fn app() -> App {
    App {
        component: Some("precise-code-intel".into()),
        labels: labels(&[("sourcegraph-resource-requires", "no-cluster-admin")]),
        annotations: labels(&[("description", DESCRIPTION)]),
        selector: labels(&[("app", "precise-code-intel-worker")]),
        containers: vec![
            Container {
                name: "precise-code-intel-worker".into(),
                image: Image {
                    repository: PRECISE_CODE_INTEL_WORKER_IMAGE.into(),
                    reference: ImageRef::TagAndDigest(
                        "6.2.1106".into(),
                        PRECISE_CODE_INTEL_WORKER_DIGEST.into(),
                    ),
                },
                pull_policy: PullPolicy::IfNotPresent,
                ports: vec![Port::http(3188), Port::tcp("debug", 6060)],
                env: Env::new()
                    .set("PRECISE_CODE_INTEL_UPLOAD_BACKEND", "blobstore")
                    .set(
                        "PRECISE_CODE_INTEL_UPLOAD_AWS_ENDPOINT",
                        "http://blobstore:9000",
                    )
                    .set("NUM_WORKERS", "4")
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
                    port: 3188,
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
            labels: labels(&[("app", "precise-code-intel-worker")]),
            ..Expose::default()
        }),
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
        ..App::new("precise-code-intel-worker")
    }
}
