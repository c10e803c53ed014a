//! The `syntect-server` app, imported by `rustomize import`.

use rustomize::{
    App, Container, Expose, Image, ImageRef, IntOrPercent, Port, Probe, Probes,
    PullPolicy, Resources, Rollout, Security, ServicePort, Strategy, labels,
};

const SYNTECT_SERVER_DIGEST: &str = "sha256:d44d14de2484019ee2a4f0c31d4000613fb299fc9447ec71f0e164224c176cd5";
const SECURITY_EXCEPTION: &str = "imported: the original has a writable root filesystem, runs as UID 100, keeps the runtime's default capabilities, mounts the ServiceAccount token, and has no NetworkPolicy of its own";

/// `syntect-server` as every environment starts from it.
pub fn app() -> App {
    App {
        component: Some("syntect-server".into()),
        labels: labels(&[("sourcegraph-resource-requires", "no-cluster-admin")]),
        annotations: labels(
            &[("description", "Backend for syntax highlighting operations.")],
        ),
        selector: labels(&[("app", "syntect-server")]),
        containers: vec![
            Container {
                name: "syntect-server".into(),
                image: Image {
                    repository: "index.docker.io/sourcegraph/syntax-highlighter".into(),
                    reference: ImageRef::TagAndDigest(
                        "6.2.1106".into(),
                        SYNTECT_SERVER_DIGEST.into(),
                    ),
                },
                pull_policy: PullPolicy::IfNotPresent,
                ports: vec![Port::http(9238), Port::tcp("debug", 6060)],
                probes: Probes {
                    liveness: Some(Probe::http("/health", "http").after(5).timeout(5)),
                    readiness: Some(Probe::tcp("http")),
                    ..Probes::default()
                },
                resources: Resources::requests("250m", "2G").limits("4", "6G"),
                logs_on_failure: true,
                ..Container::default()
            },
        ],
        expose: Some(Expose {
            ports: vec![
                ServicePort {
                    name: Some("http".into()),
                    target: "http".into(),
                    port: 9238,
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
            labels: labels(&[("app", "syntect-server")]),
            ..Expose::default()
        }),
        rollout: Rollout {
            strategy: Some(Strategy::RollingUpdate {
                max_surge: Some(IntOrPercent::Count(1)),
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
        ..App::new("syntect-server")
    }
}
