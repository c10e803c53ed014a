//! The `syntactic-code-intel` app, imported by `rustomize import`.

use rustomize::{
    App, Container, Env, EnvValue, Expose, Image, ImageRef, IntOrPercent, Port, Probe,
    Probes, PullPolicy, Resources, Rollout, Security, ServicePort, Strategy, labels,
};

const SYNTACTIC_CODE_INTEL_IMAGE: &str = "index.docker.io/sourcegraph/syntactic-code-intel-worker";
const SYNTACTIC_CODE_INTEL_DIGEST: &str = "sha256:50bdeb38b196f0fc21404969016bf8263f78144292e905867e93480f66c8251c";
const SECURITY_EXCEPTION: &str = "imported: the original has a writable root filesystem, runs as UID 100, keeps the runtime's default capabilities, mounts the ServiceAccount token, and has no NetworkPolicy of its own";

/// `syntactic-code-intel` as every environment starts from it.
pub fn app() -> App {
    App {
        component: Some("syntactic-code-intel".into()),
        labels: labels(&[("sourcegraph-resource-requires", "no-cluster-admin")]),
        annotations: labels(&[("description", "High level syntax analysis")]),
        selector: labels(&[("app", "syntactic-code-intel")]),
        replicas: 2,
        containers: vec![
            Container {
                name: "syntactic-code-intel".into(),
                image: Image {
                    repository: SYNTACTIC_CODE_INTEL_IMAGE.into(),
                    reference: ImageRef::TagAndDigest(
                        "6.0.0".into(),
                        SYNTACTIC_CODE_INTEL_DIGEST.into(),
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
                    .set("SYNTACTIC_CODE_INTEL_WORKER_ADDR", ":3188")
                    .set("POD_NAME", EnvValue::Field("metadata.name".into())),
                probes: Probes {
                    liveness: Some(
                        Probe::http("/healthz", "debug").after(60).timeout(5),
                    ),
                    readiness: Some(Probe::http("/ready", "debug").every(5).timeout(5)),
                    ..Probes::default()
                },
                resources: Resources::requests("500m", "2G").limits("2", "4G"),
                termination_message_path: Some("FallbackToLogsOnError".into()),
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
            labels: labels(&[("app", "syntactic-code-intel")]),
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
        ..App::new("syntactic-code-intel")
    }
}
