//! The `searcher` app, imported by `rustomize import`.

use rustomize::{
    App, Container, Env, EnvValue, Expose, ExposeType, Image, ImageRef, Mount, Port,
    Probe, Probes, PullPolicy, Resources, Rollout, Security, ServicePort, Storage,
    Strategy, Volume, VolumeSource, Workload, labels,
};

const SEARCHER_DIGEST: &str = "sha256:026fca70bfe2f2a91e867877a01f962adf3948a1cc5512c216ec45a5e41f164b";
const SECURITY_EXCEPTION: &str = "imported: the original has a writable root filesystem, runs as UID 100, keeps the runtime's default capabilities, mounts the ServiceAccount token, and has no NetworkPolicy of its own";

/// `searcher` as every environment starts from it.
pub fn app() -> App {
    App {
        component: Some("searcher".into()),
        labels: labels(&[("sourcegraph-resource-requires", "no-cluster-admin")]),
        annotations: labels(
            &[
                ("description", "Backend for text search operations."),
                ("kubectl.kubernetes.io/default-container", "searcher"),
            ],
        ),
        selector: labels(&[("app", "searcher")]),
        workload: Workload::StatefulSet,
        containers: vec![
            Container {
                name: "searcher".into(),
                image: Image {
                    repository: "index.docker.io/sourcegraph/searcher".into(),
                    reference: ImageRef::TagAndDigest(
                        "6.2.1106".into(),
                        SEARCHER_DIGEST.into(),
                    ),
                },
                pull_policy: PullPolicy::IfNotPresent,
                ports: vec![Port::http(3181), Port::tcp("debug", 6060)],
                env: Env::new()
                    .set("SEARCHER_CACHE_SIZE_MB", "25000")
                    .set("POD_NAME", EnvValue::Field("metadata.name".into()))
                    .set("CACHE_DIR", "/mnt/cache/$(POD_NAME)")
                    .set("OTEL_AGENT_HOST", EnvValue::Field("status.hostIP".into()))
                    .set(
                        "OTEL_EXPORTER_OTLP_ENDPOINT",
                        "http://$(OTEL_AGENT_HOST):4317",
                    ),
                probes: Probes {
                    readiness: Some(
                        Probe::http("/healthz", "http").every(5).timeout(5).failures(3),
                    ),
                    ..Probes::default()
                },
                resources: Resources::requests("500m", "500M").limits("2", "2G"),
                mounts: vec![Mount::new("cache", "/mnt/cache")],
                logs_on_failure: true,
                ..Container::default()
            },
        ],
        expose: Some(Expose {
            type_: ExposeType::Headless,
            ports: vec![
                ServicePort {
                    name: Some("http".into()),
                    target: "http".into(),
                    port: 3181,
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
            labels: labels(&[("app", "searcher")]),
            ..Expose::default()
        }),
        storage: vec![Storage::new("cache", "30G")],
        volumes: vec![Volume::new("cache", VolumeSource::ClaimTemplate)],
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
        ..App::new("searcher")
    }
}
