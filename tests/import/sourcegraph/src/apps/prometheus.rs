//! The `prometheus` app, imported by `rustomize import`.

use rustomize::{
    App, Config, Container, Env, EnvValue, Expose, FileSource, Files, Image, ImageRef, Mount,
    PodSettings, Port, Probe, Probes, PullPolicy, Resources, Rollout, Security, ServicePort,
    Storage, Strategy, Volume, VolumeSource, labels,
};

const COLLECTS_METRICS_AND: &str = "Collects metrics and aggregates them into graphs.";
const SHA256: &str = "sha256:9c0f2ad131654b2264736f34e7a291f69bfdf38c07bdc7e739ff58288d5898f7";
const PROMETHEUS_YML: &str = r#"global: # Prometheus global config
  # scrape_timeout is set to the global default (10s)
  scrape_interval: 30s # How frequently to scrape targets by default
  evaluation_interval: 30s # How frequently to evaluate rules
alerting: # Alertmanager configuration
  alertmanagers:
    # bundled alertmanager, started by prom-wrapper
    - static_configs:
        - targets: ["127.0.0.1:9093"]
      path_prefix: /alertmanager
      # add more alertmanagers here
rule_files: # Load rules once and periodically evaluate them according to the global 'evaluation_interval'.
  - "/sg_config_prometheus/*_rules.yml"
  - "/sg_prometheus_add_ons/*_rules.yml"
scrape_configs: # Configure targets to scrape
  # Scrape prometheus itself for metrics.
  - job_name: "builtin-prometheus"
    static_configs:
      - targets: ["127.0.0.1:9092"]
  # Scrape Alertmanager
  - job_name: "builtin-alertmanager"
    metrics_path: /alertmanager/metrics
    static_configs:
      - targets: ["127.0.0.1:9093"]
  #------------------------------------------------------------------------------
  # cAdvisor
  #------------------------------------------------------------------------------
  - job_name: "kubernetes-pods"
    dns_sd_configs:
      - names:
          - "cadvisor.default.svc.cluster.local"
          - "cadvisor.ns-sourcegraph.svc.cluster.local"
        type: A
        port: 48080
    relabel_configs:
      - source_labels: [__address__]
        target_label: instance
        regex: (.*)\.(.*)
        replacement: cadvisor_${2}
      - source_labels: [container_label_io_kubernetes_pod_name]
        target_label: name
    metric_relabel_configs:
      - source_labels: [container_label_io_kubernetes_pod_namespace]
        regex: kube-system
        action: drop
      - source_labels: [container_label_io_kubernetes_container_name, container_label_io_kubernetes_pod_name]
        regex: (.+)
        action: replace
        target_label: name
        separator: "-"
  #------------------------------------------------------------------------------
  # Sourcegraph Service Discovery with DNS-SRV records
  # https://prometheus.io/docs/prometheus/latest/configuration/configuration/#dns_sd_config
  #------------------------------------------------------------------------------
  - job_name: "sourcegraph-statefulsets"
    dns_sd_configs:
      - names:
          - "searcher.default.svc.cluster.local"
          - "searcher.ns-sourcegraph.svc.cluster.local"
          - "searcher.$SG_NAMESPACE.svc.cluster.local"
          - "gitserver.default.svc.cluster.local"
          - "gitserver.ns-sourcegraph.svc.cluster.local"
          - "gitserver.$SG_NAMESPACE.svc.cluster.local"
          - "sourcegraph-frontend.default.svc.cluster.local"
          - "sourcegraph-frontend.ns-sourcegraph.svc.cluster.local"
          - "sourcegraph-frontend.$SG_NAMESPACE.svc.cluster.local"
          - "indexed-search.default.svc.cluster.local"
          - "indexed-search.ns-sourcegraph.svc.cluster.local"
          - "indexed-search.$SG_NAMESPACE.svc.cluster.local"
          - "indexed-search-indexer.default.svc.cluster.local"
          - "indexed-search-indexer.ns-sourcegraph.svc.cluster.local"
          - "indexed-search-indexer.$SG_NAMESPACE.svc.cluster.local"
        type: SRV
    relabel_configs:
      - source_labels: [__meta_dns_srv_record_target]
        target_label: __address__
        regex: (.*)\.
        replacement: ${1}:6060
      - source_labels: [__meta_dns_srv_record_target]
        target_label: __address__
        regex: ^(indexed-search.*)\.
        replacement: ${1}:6070
      - source_labels: [__meta_dns_srv_record_target]
        target_label: __address__
        regex: (.*)\.(indexed-search-indexer.*)\.
        replacement: ${1}.${2}:6072
      - source_labels: [__meta_dns_srv_record_port]
        target_label: __meta_dns_srv_record_port
        replacement: "6060"
      - source_labels: [__address__]
        regex: ^(indexed-search).*$
        target_label: __meta_dns_srv_record_port
        replacement: "6070"
      - source_labels: [__meta_dns_name]
        target_label: job
        regex: (.*)\..*\..*\..*\..*
        replacement: ${1}
      - source_labels: [__meta_dns_srv_record_target]
        regex: (.*)\.(.*)\..*\..*\..*\..*\..*
        target_label: instance
        replacement: ${2}_${1}
    metric_relabel_configs:
      - source_labels: [container_label_io_kubernetes_pod_namespace]
        regex: kube-system
        action: drop
      - source_labels: [__address__]
        target_label: instance
        regex: (.*)\:.*
        replacement: $1:6060
      - source_labels: [__address__]
        target_label: instance
        regex: (.*)\.(.*)\..*\..*\..*\..*\..*
        replacement: ${2}_${1}
      - source_labels: [container_label_io_kubernetes_pod_namespace]
        target_label: ns
        action: replace
  #------------------------------------------------------------------------------
  # Sourcegraph Service Discovery with statics targets
  #------------------------------------------------------------------------------
  - job_name: "sourcegraph-services"
    relabel_configs:
      - source_labels: [__address__]
        target_label: instance
        regex: (.*)\:(.*)
        replacement: ${1}
      - source_labels: [__address__]
        target_label: job
        regex: (.*)\:(.*)
        replacement: ${1}
      - source_labels: [container_label_io_kubernetes_pod_namespace]
        action: replace
        target_label: ns
      - source_labels: [pod]
        action: replace
        target_label: pod
    metric_relabel_configs:
      - source_labels: [container_label_io_kubernetes_pod_namespace]
        regex: kube-system
        action: drop
    static_configs:
      - labels:
          group: sourcegraph-service
        targets:
          - sourcegraph-frontend:6060
          - worker:6060
          - worker-executors:6996
          - syntect-server:6060
          - precise-code-intel-worker:6060
          - pgsql:9187
          - codeintel-db:9187
          - codeinsights-db:9187
          - redis-cache:9121
          - redis-store:9121
          - node-exporter:9100
          - otel-collector:8888
          - cadvisor:48080
          - executor:6060
"#;
const SECURITY_EXCEPTION: &str = "imported: the original has a writable root filesystem, runs as UID 100, keeps the runtime's default capabilities, mounts the ServiceAccount token, and has no NetworkPolicy of its own";

/// `prometheus` as every environment starts from it.
pub fn app() -> App {
    App {
        component: Some("prometheus".into()),
        labels: labels(&[("sourcegraph-resource-requires", "no-cluster-admin")]),
        annotations: labels(&[("description", COLLECTS_METRICS_AND)]),
        selector: labels(&[("app", "prometheus")]),
        containers: vec![Container {
            name: "prometheus".into(),
            image: Image {
                repository: "index.docker.io/sourcegraph/prometheus".into(),
                reference: ImageRef::TagAndDigest("6.2.1106".into(), SHA256.into()),
            },
            pull_policy: PullPolicy::IfNotPresent,
            ports: vec![Port::http(9090)],
            env: Env::new().set("SG_NAMESPACE", EnvValue::Field("metadata.namespace".into())),
            probes: Probes {
                readiness: Some(
                    Probe::http("/-/ready", "http")
                        .every(5)
                        .timeout(3)
                        .failures(120),
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
        }],
        expose: Some(Expose {
            ports: vec![ServicePort {
                name: Some("http".into()),
                target: "http".into(),
                port: 30090,
                ..ServicePort::default()
            }],
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
        storage: vec![Storage {
            claim_name: Some("prometheus".into()),
            ..Storage::new("data", "200Gi")
        }],
        volumes: vec![Volume::new(
            "config",
            VolumeSource::Files(Files {
                source: FileSource::Config,
                default_mode: Some(0o777),
                ..Files::default()
            }),
        )],
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
