//! The `otel-collector` app, imported by `rustomize import`.

use rustomize::{
    App, Config, Container, Env, Expose, FileSource, Files, Image, ImageRef, Mount,
    PodSettings, Port, Probe, Probes, PullPolicy, Resources, Rollout, Security,
    ServicePort, Volume, VolumeSource, labels,
};

const OTEL_AGENT_IMAGE: &str = "index.docker.io/sourcegraph/opentelemetry-collector";
const OTEL_AGENT_DIGEST: &str = "sha256:7c748a36a25b165477f5633c2f92378c951d1f2310202b54da8725e97b4b77e4";
const CONFIG_YAML: &str = r#"# This is the template configuration for OpenTelemetry collector, and is not used by default.
# It is mounted to '/etc/otel-collector/config.yaml' in the otel-collector container.
#
# To learn more, see https://docs.sourcegraph.com/admin/deploy/kubernetes/configure#configure-a-tracing-backend

exporters:
  # Add your exporter(s) configuration here. For each exporter, make sure it is enabled
  # in the service configuration below.
  # Refer to our OpenTelemetry docs for information on how to configure different exporters:
  # https://docs.sourcegraph.com/admin/observability/opentelemetry

service:
  pipelines:
    traces:
      exporters:
        # Add the name of your exporter(s) here, e.g.:
        # - logging
      receivers:
        - otlp # Do not remove this receiver
  extensions:
    # Do not remove these extensions
    - health_check
    - zpages

receivers:
  # Do not modify this receiver, as it is configured to accept data from OpenTelemetry agents.
  otlp:
    protocols:
      grpc: # port 4317
      http: # port 4318

extensions:
  health_check:
    port: 13133
  zpages:
    endpoint: "localhost:55679"
"#;
const SECURITY_EXCEPTION: &str = "imported: the original has a writable root filesystem, runs as UID 100, keeps the runtime's default capabilities, mounts the ServiceAccount token, and has no NetworkPolicy of its own";

/// `otel-collector` as every environment starts from it.
pub fn app() -> App {
    App {
        component: Some("otel-collector".into()),
        labels: labels(&[("sourcegraph-resource-requires", "no-cluster-admin")]),
        annotations: labels(
            &[("description", "Receives, processes, and exports telemetry data.")],
        ),
        selector: labels(&[("app", "otel-collector")]),
        containers: vec![
            Container {
                name: "otel-collector".into(),
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
                    "--config=/etc/otel-collector/configs/jaeger.yaml".into(),
                ],
                ports: vec![
                    Port::tcp("zpages", 55679),
                    Port::tcp("otlp-grpc", 4317),
                    Port::tcp("otlp-http", 4318),
                    Port::tcp("metrics", 8888),
                ],
                env: Env::new().set("JAEGER_HOST", "jaeger-collector"),
                probes: Probes {
                    liveness: Some(Probe::http("/", "13133")),
                    readiness: Some(Probe::http("/", "13133")),
                    ..Probes::default()
                },
                resources: Resources::requests("0.5", "1Gi").limits("2", "3Gi"),
                mounts: vec![Mount::new("config", "/etc/otel-collector/conf")],
                logs_on_failure: true,
                ..Container::default()
            },
        ],
        expose: Some(Expose {
            ports: vec![
                ServicePort {
                    name: Some("otlp-grpc".into()),
                    target: "otlp-grpc".into(),
                    port: 4317,
                    ..ServicePort::default()
                },
                ServicePort {
                    name: Some("otlp-http".into()),
                    target: "otlp-http".into(),
                    port: 4318,
                    ..ServicePort::default()
                },
                ServicePort {
                    name: Some("metrics".into()),
                    target: "metrics".into(),
                    port: 8888,
                    ..ServicePort::default()
                },
            ],
            annotations: labels(
                &[
                    ("prometheus.io/port", "8888"),
                    ("sourcegraph.prometheus/scrape", "true"),
                ],
            ),
            labels: labels(&[("app", "otel-collector")]),
            ..Expose::default()
        }),
        config: Config {
            name: Some("otel-collector".into()),
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
            progress_deadline_seconds: Some(120),
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
            drop_capabilities: vec![],
            user_on_containers: true,
            fs_group_on_mismatch: true,
            exception: Some(SECURITY_EXCEPTION.into()),
            ..Security::default()
        },
        pod_annotations: labels(
            &[("kubectl.kubernetes.io/default-container", "otel-collector")],
        ),
        ..App::new("otel-collector")
    }
}
