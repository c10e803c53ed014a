//! The `prometheus` app, imported by `rustomize import`.

use rustomize::{
    App, Config, Container, Env, EnvValue, Expose, FileSource, Files, Image, ImageRef,
    Mount, PodSettings, Port, Probe, Probes, PullPolicy, Resources, Rollout, Security,
    ServicePort, Storage, Strategy, Volume, VolumeSource, labels,
};

const DESCRIPTION: &str = "Collects metrics and aggregates them into graphs.";
const PROMETHEUS_DIGEST: &str = "sha256:9c0f2ad131654b2264736f34e7a291f69bfdf38c07bdc7e739ff58288d5898f7";
const PROMETHEUS_YML: &str = include_str!("files/prometheus/prometheus.yml");
const SECURITY_EXCEPTION: &str = "imported: the original has a writable root filesystem, runs as UID 100, keeps the runtime's default capabilities, mounts the ServiceAccount token, and has no NetworkPolicy of its own";

/// `prometheus` as every environment starts from it.
pub fn app() -> App {
    App {
        component: Some("prometheus".into()),
        labels: labels(&[("sourcegraph-resource-requires", "no-cluster-admin")]),
        annotations: labels(&[("description", DESCRIPTION)]),
        selector: labels(&[("app", "prometheus")]),
        containers: vec![
            Container {
                name: "prometheus".into(),
                image: Image {
                    repository: "index.docker.io/sourcegraph/prometheus".into(),
                    reference: ImageRef::TagAndDigest(
                        "6.2.1106".into(),
                        PROMETHEUS_DIGEST.into(),
                    ),
                },
                pull_policy: PullPolicy::IfNotPresent,
                ports: vec![Port::http(9090)],
                env: Env::new()
                    .set("SG_NAMESPACE", EnvValue::Field("metadata.namespace".into())),
                probes: Probes {
                    readiness: Some(
                        Probe::http("/-/ready", "http").every(5).timeout(3).failures(120),
                    ),
                    ..Probes::default()
                },
                resources: Resources::requests("500m", "6G").limits("2", "6G"),
                mounts: vec![
                    Mount::new("data", "/prometheus"),
                    Mount::new("config", "/sg_prometheus_add_ons"),
                ],
                logs_on_failure: true,
                ..Container::default()
            },
        ],
        expose: Some(Expose {
            ports: vec![
                ServicePort {
                    name: Some("http".into()),
                    target: "http".into(),
                    port: 30090,
                    ..ServicePort::default()
                },
            ],
            labels: labels(&[("app", "prometheus")]),
            ..Expose::default()
        }),
        config: Config {
            name: Some("prometheus".into()),
            ..Config::new()
                .set("extra_rules.yml", "")
                .set("prometheus.yml", PROMETHEUS_YML)
                .set("prometheus_targets.yml", "")
        },
        storage: vec![
            Storage {
                claim_name: Some("prometheus".into()),
                ..Storage::new("data", "200Gi")
            },
        ],
        volumes: vec![
            Volume::new(
                "config",
                VolumeSource::Files(Files {
                    default_mode: Some(0o777),
                    ..Files::new(FileSource::Config)
                }),
            ),
        ],
        rollout: Rollout {
            strategy: Some(Strategy::Recreate),
            min_ready_seconds: Some(10),
            revision_history_limit: Some(10),
            ..Rollout::default()
        },
        pod: PodSettings {
            termination_grace_period_seconds: Some(120),
            ..PodSettings::default()
        },
        security: Security {
            run_as_user: 100,
            run_as_group: 100,
            fs_group: 100,
            read_only_root_filesystem: false,
            service_account_token: true,
            network_policy: false,
            drop_capabilities: vec![],
            user_on_containers: true,
            fs_group_on_mismatch: true,
            exception: Some(SECURITY_EXCEPTION.into()),
            ..Security::default()
        },
        ..App::new("prometheus")
    }
}
