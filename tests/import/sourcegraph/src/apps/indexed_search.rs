//! The `indexed-search` app, imported by `rustomize import`.

use rustomize::{
    App, Container, Env, EnvValue, Expose, ExposeType, Image, ImageRef, Mount, Port,
    Probe, Probes, PullPolicy, Resources, Rollout, Security, ServicePort, Storage,
    Strategy, Volume, VolumeSource, Workload, labels,
};

const ZOEKT_WEBSERVER_DIGEST: &str = "sha256:8d65ad2ea2a5d96de2b97a1a44dba440c4ba86af8db23c347b9e2866a7e67f38";
const ZOEKT_INDEXSERVER_DIGEST: &str = "sha256:5fa8876a85928f4df48c9d86cd010d5a7d14df2c7fe3d48e49b7f9ca5f7e54a0";
const DESCRIPTION: &str = "Headless service that provides a stable network identity for the indexed-search stateful set.";
const SECURITY_EXCEPTION: &str = "imported: the original has a writable root filesystem, runs as UID 100, keeps the runtime's default capabilities, mounts the ServiceAccount token, and has no NetworkPolicy of its own";

/// `indexed-search` as every environment starts from it.
pub fn app() -> App {
    App {
        component: Some("indexed-search".into()),
        labels: labels(&[("sourcegraph-resource-requires", "no-cluster-admin")]),
        annotations: labels(
            &[("description", "Backend for indexed text search operations.")],
        ),
        selector: labels(&[("app", "indexed-search")]),
        workload: Workload::StatefulSet,
        containers: vec![
            Container {
                name: "zoekt-webserver".into(),
                image: Image {
                    repository: "index.docker.io/sourcegraph/indexed-searcher".into(),
                    reference: ImageRef::TagAndDigest(
                        "6.2.1106".into(),
                        ZOEKT_WEBSERVER_DIGEST.into(),
                    ),
                },
                pull_policy: PullPolicy::IfNotPresent,
                ports: vec![Port::http(6070)],
                env: Env::new()
                    .set("OTEL_AGENT_HOST", EnvValue::Field("status.hostIP".into()))
                    .set("OTEL_EXPORTER_OTLP_ENDPOINT", "http://$(OTEL_AGENT_HOST):4317")
                    .set("OPENTELEMETRY_DISABLED", "false"),
                probes: Probes {
                    readiness: Some(
                        Probe::http("/healthz", "http").every(5).timeout(5).failures(3),
                    ),
                    ..Probes::default()
                },
                resources: Resources::requests("500m", "2G").limits("2", "4G"),
                mounts: vec![Mount::new("data", "/data")],
                logs_on_failure: true,
                ..Container::default()
            },
            Container {
                name: "zoekt-indexserver".into(),
                image: Image {
                    repository: "index.docker.io/sourcegraph/search-indexer".into(),
                    reference: ImageRef::TagAndDigest(
                        "6.2.1106".into(),
                        ZOEKT_INDEXSERVER_DIGEST.into(),
                    ),
                },
                pull_policy: PullPolicy::IfNotPresent,
                ports: vec![Port::tcp("index-http", 6072)],
                env: Env::new()
                    .set("OTEL_AGENT_HOST", EnvValue::Field("status.hostIP".into()))
                    .set("OTEL_EXPORTER_OTLP_ENDPOINT", "http://$(OTEL_AGENT_HOST):4317")
                    .set("OPENTELEMETRY_DISABLED", "false"),
                resources: Resources::requests("4", "4G").limits("8", "8G"),
                mounts: vec![Mount::new("data", "/data")],
                logs_on_failure: true,
                ..Container::default()
            },
        ],
        expose: Some(Expose {
            type_: ExposeType::Headless,
            ports: vec![ServicePort::new("http", 6070)],
            annotations: labels(
                &[
                    ("description", DESCRIPTION),
                    ("prometheus.io/port", "6070"),
                    ("sourcegraph.prometheus/scrape", "true"),
                ],
            ),
            labels: labels(&[("app", "indexed-search")]),
            ..Expose::default()
        }),
        services: vec![
            Expose {
                name: Some("indexed-search-indexer".into()),
                type_: ExposeType::Headless,
                ports: vec![ServicePort::new("index-http", 6072)],
                annotations: labels(
                    &[
                        ("description", DESCRIPTION),
                        ("prometheus.io/port", "6072"),
                        ("sourcegraph.prometheus/scrape", "true"),
                    ],
                ),
                labels: labels(&[("app", "indexed-search-indexer")]),
                ..Expose::default()
            },
        ],
        storage: vec![
            Storage {
                labels: labels(&[("deploy", "sourcegraph")]),
                ..Storage::new("data", "200Gi")
            },
        ],
        volumes: vec![Volume::new("data", VolumeSource::ClaimTemplate)],
        rollout: Rollout {
            strategy: Some(Strategy::RollingUpdate {
                max_surge: None,
                max_unavailable: None,
            }),
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
        ..App::new("indexed-search")
    }
}
