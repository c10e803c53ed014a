//! The `grafana` app, imported by `rustomize import`.

use rustomize::{
    App, Config, Container, Expose, FileSource, Files, Image, ImageRef, Mount, Port,
    PullPolicy, Resources, Rollout, Security, ServicePort, Storage, Strategy, Volume,
    VolumeSource, Workload, labels,
};

const GRAFANA_DIGEST: &str = "sha256:d0abf7879ffd0153394a1d5e2951ac23bc4138cabc0f0fd6ed2fd9eded7be215";
const DATASOURCES_YML: &str = r#"apiVersion: 1

datasources:
  - name: Prometheus
    type: prometheus
    access: proxy
    url: http://prometheus:30090
    isDefault: true
    editable: false
  - name: Jaeger
    type: Jaeger
    access: proxy
    url: http://jaeger-query:16686/-/debug/jaeger
"#;
const SECURITY_EXCEPTION: &str = "imported: the original has a writable root filesystem, runs as UID 472, keeps the runtime's default capabilities, mounts the ServiceAccount token, and has no NetworkPolicy of its own";

/// `grafana` as every environment starts from it.
pub fn app() -> App {
    App {
        component: Some("grafana".into()),
        labels: labels(&[("sourcegraph-resource-requires", "no-cluster-admin")]),
        annotations: labels(
            &[
                ("description", "Metrics/monitoring dashboards and alerts."),
                ("kubectl.kubernetes.io/default-container", "grafana"),
            ],
        ),
        selector: labels(&[("app", "grafana")]),
        workload: Workload::StatefulSet,
        containers: vec![
            Container {
                name: "grafana".into(),
                image: Image {
                    repository: "index.docker.io/sourcegraph/grafana".into(),
                    reference: ImageRef::TagAndDigest(
                        "6.2.1106".into(),
                        GRAFANA_DIGEST.into(),
                    ),
                },
                pull_policy: PullPolicy::IfNotPresent,
                ports: vec![Port::http(3370)],
                resources: Resources::requests("100m", "512Mi").limits("1", "512Mi"),
                mounts: vec![
                    Mount::new("grafana-data", "/var/lib/grafana"),
                    Mount::new("config", "/sg_config_grafana/provisioning/datasources"),
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
                    port: 30070,
                    ..ServicePort::default()
                },
            ],
            labels: labels(&[("app", "grafana")]),
            ..Expose::default()
        }),
        config: Config {
            name: Some("grafana".into()),
            ..Config::new().set("datasources.yml", DATASOURCES_YML)
        },
        storage: vec![Storage::new("grafana-data", "2Gi")],
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
            strategy: Some(Strategy::RollingUpdate {
                max_surge: None,
                max_unavailable: None,
            }),
            revision_history_limit: Some(10),
            ..Rollout::default()
        },
        security: Security {
            run_as_user: 472,
            run_as_group: 472,
            fs_group: 472,
            read_only_root_filesystem: false,
            service_account_token: true,
            network_policy: false,
            drop_capabilities: vec![],
            user_on_containers: true,
            fs_group_on_mismatch: true,
            exception: Some(SECURITY_EXCEPTION.into()),
            ..Security::default()
        },
        ..App::new("grafana")
    }
}
