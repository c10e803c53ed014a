//! The `jaeger` app, imported by `rustomize import`.

use rustomize::{
    App, Container, Image, ImageRef, Port, Probe, Probes, PullPolicy, Resources, Rollout,
    Security, Strategy, labels,
};

const JAEGER_DIGEST: &str = "sha256:c1ee8d613be75032066a9da24f54ebae19eacb63e42338e920abd6383ce168a6";
const SECURITY_EXCEPTION: &str = "imported: the original has a writable root filesystem, runs as UID 100, keeps the runtime's default capabilities, mounts the ServiceAccount token, and has no NetworkPolicy of its own";

/// `jaeger` as every environment starts from it.
pub fn app() -> App {
    App {
        component: Some("jaeger".into()),
        labels: labels(&[("sourcegraph-resource-requires", "no-cluster-admin")]),
        selector: labels(
            &[
                ("app", "jaeger"),
                ("app.kubernetes.io/component", "all-in-one"),
                ("app.kubernetes.io/name", "jaeger"),
            ],
        ),
        containers: vec![
            Container {
                name: "jaeger".into(),
                image: Image {
                    repository: "index.docker.io/sourcegraph/jaeger-all-in-one".into(),
                    reference: ImageRef::TagAndDigest(
                        "6.2.1106".into(),
                        JAEGER_DIGEST.into(),
                    ),
                },
                pull_policy: PullPolicy::IfNotPresent,
                args: vec!["--config=/etc/jaeger/jaeger-config.yaml".into()],
                ports: vec![
                    Port::tcp("port-5778", 5778),
                    Port::http(16686),
                    Port::tcp("grpc-otlp", 4317),
                    Port::tcp("http-otlp", 4318),
                    Port::tcp("health", 13133),
                ],
                probes: Probes {
                    readiness: Some(Probe::http("/status", "health").after(5)),
                    ..Probes::default()
                },
                resources: Resources::requests("500m", "500M").limits("1", "1G"),
                ..Container::default()
            },
        ],
        rollout: Rollout {
            strategy: Some(Strategy::Recreate),
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
        pod_labels: labels(&[("app.kubernetes.io/component", "all-in-one")]),
        pod_annotations: labels(
            &[("prometheus.io/port", "16686"), ("prometheus.io/scrape", "true")],
        ),
        ..App::new("jaeger")
    }
}
