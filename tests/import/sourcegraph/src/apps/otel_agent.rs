//! The `otel-agent` app, imported by `rustomize import`.

use rustomize::{
    App, Config, Container, FileSource, Files, Image, ImageRef, Mount, PodSettings, Port,
    Probe, Probes, PullPolicy, Resources, Rollout, Security, Volume, VolumeSource,
    Workload, labels,
};

const DESCRIPTION: &str = "Forwards telemetry data to the OpenTelemetry Collector Deployment.";
const OTEL_AGENT_IMAGE: &str = "index.docker.io/sourcegraph/opentelemetry-collector";
const OTEL_AGENT_DIGEST: &str = "sha256:7c748a36a25b165477f5633c2f92378c951d1f2310202b54da8725e97b4b77e4";
const CONFIG_YAML: &str = r#"receivers:
  otlp:
    protocols:
      grpc: # port 4317
      http: # port 4318

exporters:
  otlp:
    endpoint: "otel-collector:4317"
    tls:
      insecure: true
    sending_queue:
      num_consumers: 4
      queue_size: 100
    retry_on_failure:
      enabled: true

extensions:
  health_check:
    endpoint: ":13133"
  zpages:
    endpoint: "localhost:55679"

service:
  extensions:
    - zpages
    - health_check
  pipelines:
    traces:
      receivers:
        - otlp
      exporters:
        - otlp
"#;
const SECURITY_EXCEPTION: &str = "imported: the original has a writable root filesystem, runs as UID 100, keeps the runtime's default capabilities, opens ports on the node, mounts the ServiceAccount token, and has no NetworkPolicy of its own";

/// `otel-agent` as every environment starts from it.
pub fn app() -> App {
    App {
        component: Some("otel-collector".into()),
        labels: labels(&[("sourcegraph-resource-requires", "no-cluster-admin")]),
        annotations: labels(
            &[
                ("description", DESCRIPTION),
                ("prometheus.io/port", "8888"),
                ("sourcegraph.prometheus/scrape", "true"),
            ],
        ),
        selector: labels(&[("app", "otel-agent")]),
        workload: Workload::DaemonSet,
        containers: vec![
            Container {
                name: "otel-agent".into(),
                image: Image {
                    repository: OTEL_AGENT_IMAGE.into(),
                    reference: ImageRef::TagAndDigest(
                        "6.2.1106".into(),
                        OTEL_AGENT_DIGEST.into(),
                    ),
                },
                pull_policy: PullPolicy::IfNotPresent,
                command: vec![
                    "/bin/otelcol-sourcegraph".into(),
                    "--config=/etc/otel-agent/config.yaml".into(),
                ],
                ports: vec![
                    Port::tcp("zpages", 55679),
                    Port {
                        host_port: Some(4317),
                        ..Port::tcp("otlp-grpc", 4317)
                    },
                    Port {
                        host_port: Some(4318),
                        ..Port::tcp("otlp-http", 4318)
                    },
                    Port::tcp("metrics", 8888),
                ],
                probes: Probes {
                    liveness: Some(Probe::http("/", "13133")),
                    readiness: Some(Probe::http("/", "13133")),
                    ..Probes::default()
                },
                resources: Resources::requests("100m", "100Mi").limits("500m", "500Mi"),
                mounts: vec![Mount::new("config", "/etc/otel-agent")],
                logs_on_failure: true,
                ..Container::default()
            },
        ],
        config: Config {
            name: Some("otel-agent".into()),
            ..Config::new().set("config.yaml", CONFIG_YAML)
        },
        volumes: vec![
            Volume::new(
                "config",
                VolumeSource::Files(Files {
                    items: vec![("config.yaml".into(), "config.yaml".into())],
                    ..Files::new(FileSource::Config)
                }),
            ),
        ],
        rollout: Rollout {
            min_ready_seconds: Some(5),
            revision_history_limit: Some(10),
            ..Rollout::default()
        },
        pod: PodSettings {
            termination_grace_period_seconds: Some(120),
            ..PodSettings::default()
        },
        security: Security {
            run_as_user: 100,
            run_as_group: 101,
            fs_group: 101,
            read_only_root_filesystem: false,
            service_account_token: true,
            network_policy: false,
            host_ports: true,
            drop_capabilities: vec![],
            user_on_containers: true,
            exception: Some(SECURITY_EXCEPTION.into()),
            ..Security::default()
        },
        pod_annotations: labels(
            &[("kubectl.kubernetes.io/default-container", "otel-agent")],
        ),
        ..App::new("otel-agent")
    }
}
