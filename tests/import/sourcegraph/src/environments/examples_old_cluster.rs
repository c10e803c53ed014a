//! Environment `examples-old-cluster`, imported from `../shared/corpus/import/sourcegraph/examples/old-cluster` by `rustomize import`.

use rustomize::{
    App, BindingSpec, Config, Container, Environment, Expose, ExposeType, Grant, Grantee, Image,
    ImageRef, Mount, Port, Probe, Probes, Protocol, PullPolicy, RawYaml, Resources, RoleSpec, Rule,
    Security, ServiceAccount, ServiceAccountSpec, ServicePort, ServiceSpec, SharedConfig, Storage,
    Waiver, k8s, labels,
};

const INDEX_DOCKER_IO: &str = "index.docker.io/sourcegraph/opentelemetry-collector";
const SHA256: &str = "sha256:7c748a36a25b165477f5633c2f92378c951d1f2310202b54da8725e97b4b77e4";
const CONFIG_ETC_OTEL: &str = "--config=/etc/otel-collector/configs/logging.yaml";
const SECURITY_EXCEPTION_2: &str = "imported: the original has a writable root filesystem, runs as the image's user, allows privilege escalation, keeps the runtime's default capabilities, mounts the ServiceAccount token, and has no NetworkPolicy of its own";
const PROMETHEUS_YML_2: &str = r#"global:
  scrape_interval: 30s
  evaluation_interval: 30s
alerting:
  alertmanagers:
    # Bundled Alertmanager, started by prom-wrapper
    - static_configs:
        - targets: ["127.0.0.1:9093"]
      path_prefix: /alertmanager
      # Uncomment the following to have alerts delivered to additional Alertmanagers discovered
      # in the cluster. This configuration is not required if you use Sourcegraph's built-in alerting:
      # https://docs.sourcegraph.com/admin/observability/alerting
      # - kubernetes_sd_configs:
      #  - role: endpoints
      #  relabel_configs:
      #    - source_labels: [__meta_kubernetes_service_name]
      #      regex: alertmanager
      #      action: keep
rule_files:
  - "*_rules.yml"
  - "/sg_config_prometheus/*_rules.yml"
  - "/sg_prometheus_add_ons/*_rules.yml"
# A scrape configuration for running Prometheus on a Kubernetes cluster.
# This uses separate scrape configs for cluster components (i.e. API server, node)
# and services to allow each to use different authentication configs.
#
# Kubernetes labels will be added as Prometheus labels on metrics via the
# `labelmap` relabeling action.
# Scrape config for API servers.
#
# Kubernetes exposes API servers as endpoints to the default/kubernetes
# service so this uses `endpoints` role and uses relabelling to only keep
# the endpoints associated with the default/kubernetes service using the
# default named port `https`. This works for single API server deployments as
# well as HA API server deployments.
scrape_configs:
  - job_name: "kubernetes-apiservers"
    kubernetes_sd_configs:
      - role: endpoints
    # Default to scraping over https. If required, just disable this or change to
    # `http`.
    scheme: https
    # This TLS & bearer token file config is used to connect to the actual scrape
    # endpoints for cluster components. This is separate to discovery auth
    # configuration because discovery & scraping are two separate concerns in
    # Prometheus. The discovery auth config is automatic if Prometheus runs inside
    # the cluster. Otherwise, more config options have to be provided within the
    # <kubernetes_sd_config>.
    tls_config:
      ca_file: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
      # If your node certificates are self-signed or use a different CA to the
      # master CA, then disable certificate verification below. Note that
      # certificate verification is an integral part of a secure infrastructure
      # so this should only be disabled in a controlled environment. You can
      # disable certificate verification by uncommenting the line below.
      #
      # insecure_skip_verify: true
    bearer_token_file: /var/run/secrets/kubernetes.io/serviceaccount/token
    # Keep only the default/kubernetes service endpoints for the https port. This
    # will add targets for each API server which Kubernetes adds an endpoint to
    # the default/kubernetes service.
    relabel_configs:
      - source_labels: [__meta_kubernetes_namespace, __meta_kubernetes_service_name, __meta_kubernetes_endpoint_port_name]
        action: keep
        regex: default;kubernetes;https
  - job_name: "kubernetes-nodes"
    # Default to scraping over https. If required, just disable this or change to
    # `http`.
    scheme: https
    # This TLS & bearer token file config is used to connect to the actual scrape
    # endpoints for cluster components. This is separate to discovery auth
    # configuration because discovery & scraping are two separate concerns in
    # Prometheus. The discovery auth config is automatic if Prometheus runs inside
    # the cluster. Otherwise, more config options have to be provided within the
    # <kubernetes_sd_config>.
    tls_config:
      ca_file: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
      # If your node certificates are self-signed or use a different CA to the
      # master CA, then disable certificate verification below. Note that
      # certificate verification is an integral part of a secure infrastructure
      # so this should only be disabled in a controlled environment. You can
      # disable certificate verification by uncommenting the line below.
      #
      insecure_skip_verify: true
    bearer_token_file: /var/run/secrets/kubernetes.io/serviceaccount/token
    kubernetes_sd_configs:
      - role: node
    relabel_configs:
      - action: labelmap
        regex: __meta_kubernetes_node_label_(.+)
      - target_label: __address__
        replacement: kubernetes.default.svc:443
      - source_labels: [__meta_kubernetes_node_name]
        regex: (.+)
        target_label: __metrics_path__
        replacement: /api/v1/nodes/${1}/proxy/metrics
  # Scrape config for service endpoints.
  #
  # The relabeling allows the actual service scrape endpoint to be configured
  # via the following annotations:
  #
  # * `sourcegraph.prometheus/scrape`: Only scrape services that have a value of `true`
  # * `prometheus.io/scheme`: If the metrics endpoint is secured then you will need
  # to set this to `https` & most likely set the `tls_config` of the scrape config.
  # * `prometheus.io/path`: If the metrics path is not `/metrics` override this.
  # * `prometheus.io/port`: If the metrics are exposed on a different port to the
  # service then set this appropriately.
  - job_name: "kubernetes-service-endpoints"
    kubernetes_sd_configs:
      - role: endpoints
    relabel_configs:
      # Sourcegraph specific customization, only scrape pods with our annotation
      - source_labels: [__meta_kubernetes_service_annotation_sourcegraph_prometheus_scrape]
        action: keep
        regex: true
      - source_labels: [__meta_kubernetes_service_annotation_prometheus_io_scheme]
        action: replace
        target_label: __scheme__
        regex: (https?)
      - source_labels: [__meta_kubernetes_service_annotation_prometheus_io_path]
        action: replace
        target_label: __metrics_path__
        regex: (.+)
      - source_labels: [__address__, __meta_kubernetes_service_annotation_prometheus_io_port]
        action: replace
        target_label: __address__
        regex: (.+)(?::\d+);(\d+)
        replacement: $1:$2
      - action: labelmap
        regex: __meta_kubernetes_service_label_(.+)
      - source_labels: [__meta_kubernetes_namespace]
        action: replace
        # Sourcegraph specific customization. We want a more convenient to type label.
        # target_label: kubernetes_namespace
        target_label: ns
      - source_labels: [__meta_kubernetes_service_name]
        action: replace
        target_label: kubernetes_name
      # Sourcegraph specific customization. We want a nicer name for job
      - source_labels: [app]
        action: replace
        target_label: job
      # Sourcegraph specific customization. We want a nicer name for instance
      - source_labels: [__meta_kubernetes_pod_name]
        action: replace
        target_label: instance
      # Sourcegraph specific customization. We want to add a label to every
      # metric that indicates the node it came from.
      - source_labels: [__meta_kubernetes_endpoint_node_name]
        action: replace
        target_label: nodename
    metric_relabel_configs:
      # Sourcegraph specific customization. Drop metrics with empty nodename responses from the k8s API
      - source_labels: [nodename]
        regex: ^$
        action: drop
  # Example scrape config for probing services via the Blackbox Exporter.
  #
  # The relabeling allows the actual service scrape endpoint to be configured
  # via the following annotations:
  #
  # * `prometheus.io/probe`: Only probe services that have a value of `true`
  - job_name: "kubernetes-services"
    metrics_path: /probe
    params:
      module: [http_2xx]
    kubernetes_sd_configs:
      - role: service
    relabel_configs:
      - source_labels: [__meta_kubernetes_service_annotation_prometheus_io_probe]
        action: keep
        regex: true
      - source_labels: [__address__]
        target_label: __param_target
      - target_label: __address__
        replacement: blackbox
      - source_labels: [__param_target]
        target_label: instance
      - action: labelmap
        regex: __meta_kubernetes_service_label_(.+)
      - source_labels: [__meta_kubernetes_service_namespace]
        # Sourcegraph specific customization. We want a more convenient to type label.
        # target_label: kubernetes_namespace
        target_label: ns
      - source_labels: [__meta_kubernetes_service_name]
        target_label: kubernetes_name
  # Example scrape config for pods
  #
  # The relabeling allows the actual pod scrape endpoint to be configured via the
  # following annotations:
  #
  # * `sourcegraph.prometheus/scrape`: Only scrape pods that have a value of `true`
  # * `prometheus.io/path`: If the metrics path is not `/metrics` override this.
  # * `prometheus.io/port`: Scrape the pod on the indicated port instead of the default of `9102`.
  - job_name: "kubernetes-pods"
    kubernetes_sd_configs:
      - role: pod
    relabel_configs:
      # Sourcegraph specific customization, only scrape pods with our annotation
      - source_labels: [__meta_kubernetes_pod_annotation_sourcegraph_prometheus_scrape]
        action: keep
        regex: true
      - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_path]
        action: replace
        target_label: __metrics_path__
        regex: (.+)
      - source_labels: [__address__, __meta_kubernetes_pod_annotation_prometheus_io_port]
        action: replace
        regex: (.+):(?:\d+);(\d+)
        replacement: ${1}:${2}
        target_label: __address__
      - action: labelmap
        regex: __meta_kubernetes_pod_label_(.+)
      - source_labels: [__meta_kubernetes_pod_name]
        action: replace
        target_label: kubernetes_pod_name
      # Sourcegraph specific customization. We want a more convenient to type label.
      # target_label: kubernetes_namespace
      - source_labels: [__meta_kubernetes_namespace]
        action: replace
        target_label: ns
      # Sourcegraph specific customization. We want to add a label to every
      # metric that indicates the node it came from.
      - source_labels: [__meta_kubernetes_pod_node_name]
        action: replace
        target_label: nodename
    metric_relabel_configs:
      # cAdvisor-specific customization. Drop container metrics exported by cAdvisor
      # not in the same namespace as Sourcegraph.
      # Uncomment this if you have problems with certain dashboards or cAdvisor itself
      # picking up non-Sourcegraph services. Ensure all Sourcegraph services are running
      # within the Sourcegraph namespace you have defined.
      # The regex must keep matches on '^$' (empty string) to ensure other metrics do not
      # get dropped.
      # - source_labels: [container_label_io_kubernetes_pod_namespace]
      #   regex: ^$|ns-sourcegraph # ensure this matches with namespace declarations
      #   action: keep
      # cAdvisor-specific customization. We want container metrics to be named after their container name label.
      # Note that 'io.kubernetes.container.name' and 'io.kubernetes.pod.name' must be provided in cAdvisor
      # '--whitelisted_container_labels' (see cadvisor.DaemonSet.yaml)
      - source_labels: [container_label_io_kubernetes_container_name, container_label_io_kubernetes_pod_name]
        regex: (.+)
        action: replace
        target_label: name
        separator: "-"
      # Sourcegraph specific customization. Drop metrics with empty nodename responses from the k8s API
      - source_labels: [nodename]
        regex: ^$
        action: drop
  # Scrape prometheus itself for metrics.
  - job_name: "builtin-prometheus"
    static_configs:
      - targets: ["127.0.0.1:9092"]
        labels:
          app: prometheus
  - job_name: "builtin-alertmanager"
    metrics_path: /alertmanager/metrics
    static_configs:
      - targets: ["127.0.0.1:9093"]
        labels:
          app: alertmanager
"#;
const SECURITY_EXCEPTION_3: &str = "imported: the original has a writable root filesystem, runs as root, allows privilege escalation, keeps the runtime's default capabilities, mounts the ServiceAccount token, and has no NetworkPolicy of its own";
const IMPORTED_THE_ORIGINAL: &str = "imported: the original commits this value in `../shared/corpus/import/sourcegraph/examples/old-cluster`; move it to a Secret";
const DATASOURCES_YML: &str = r#"apiVersion: 1

datasources:
  - name: Prometheus
    type: prometheus
    access: proxy
    url: http://prometheus:30090
    isDefault: true
    editable: false
  - name: pgsql
    type: postgres
    url: $GRAFANA_PGSQL_HOST:$GRAFANA_PGSQL_PORT
    user: $GRAFANA_PGSQL_USER
    database: $GRAFANA_PGSQL_DATABASE
    secureJsonData:
      password: $GRAFANA_PGSQL_PASSWORD
    jsonData:
      sslmode: $GRAFANA_PGSQL_SSLMODE
"#;
const CODEINSIGHTS_PGDATASOURCE: &str =
    "postgres://postgres:password@codeinsights-db:5432/postgres";
const HEADLESS_SERVICE_THAT: &str =
    "Headless service that provides a stable network identity for the gitserver stateful set.";
const HEADLESS_SERVICE_THAT_2: &str =
    "Headless service that provides a stable network identity for the indexed-search stateful set.";
const IMPORTED_EXAMPLES_OLD: &str =
    "imported/examples-old-cluster/configmap-ns-sourcegraph-codeinsights-db-conf.yaml";
const IMPORTED_EXAMPLES_OLD_2: &str =
    "imported/examples-old-cluster/configmap-ns-sourcegraph-codeintel-db-conf.yaml";
const IMPORTED_EXAMPLES_OLD_3: &str =
    "imported/examples-old-cluster/configmap-ns-sourcegraph-otel-agent.yaml";
const IMPORTED_EXAMPLES_OLD_4: &str =
    "imported/examples-old-cluster/configmap-ns-sourcegraph-pgsql-conf.yaml";
const IMPORTED_EXAMPLES_OLD_5: &str =
    "imported/examples-old-cluster/persistentvolumeclaim-ns-sourcegraph-blobstore.yaml";
const IMPORTED_EXAMPLES_OLD_6: &str =
    "imported/examples-old-cluster/persistentvolumeclaim-ns-sourcegraph-codeinsights-db.yaml";
const IMPORTED_EXAMPLES_OLD_7: &str =
    "imported/examples-old-cluster/persistentvolumeclaim-ns-sourcegraph-codeintel-db.yaml";
const IMPORTED_EXAMPLES_OLD_8: &str =
    "imported/examples-old-cluster/persistentvolumeclaim-ns-sourcegraph-pgsql.yaml";
const IMPORTED_EXAMPLES_OLD_9: &str =
    "imported/examples-old-cluster/persistentvolumeclaim-ns-sourcegraph-redis-cache.yaml";
const IMPORTED_EXAMPLES_OLD_10: &str =
    "imported/examples-old-cluster/persistentvolumeclaim-ns-sourcegraph-redis-store.yaml";
const IMPORTED_EXAMPLES_OLD_11: &str =
    "imported/examples-old-cluster/deployment-ns-sourcegraph-blobstore.yaml";
const IMPORTED_AS_WRITTEN: &str = "imported as written: as typed, Deployment `blobstore` would differ at `spec.template.spec.containers.[\"blobstore\"].securityContext.allowPrivilegeEscalation`: the original sets true; the typed form leaves it out";
const IMPORTED_EXAMPLES_OLD_12: &str =
    "imported/examples-old-cluster/deployment-ns-sourcegraph-codeinsights-db.yaml";
const IMPORTED_AS_WRITTEN_2: &str = "imported as written: as typed, ConfigMap `codeinsights-db-conf` would differ at `metadata.annotations.description`: the original sets \"Configuration for CodeInsightsDB\"; the typed form renders \"Code Insights Postgres DB instance.\"";
const IMPORTED_EXAMPLES_OLD_13: &str =
    "imported/examples-old-cluster/deployment-ns-sourcegraph-codeintel-db.yaml";
const IMPORTED_AS_WRITTEN_3: &str = "imported as written: as typed, ConfigMap `codeintel-db-conf` would differ at `metadata.annotations.description`: the original sets \"Configuration for PostgreSQL\"; the typed form renders \"Postgres database for various data.\"";
const IMPORTED_EXAMPLES_OLD_14: &str =
    "imported/examples-old-cluster/deployment-ns-sourcegraph-pgsql.yaml";
const IMPORTED_AS_WRITTEN_4: &str = "imported as written: as typed, ConfigMap `pgsql-conf` would differ at `metadata.annotations.description`: the original sets \"Configuration for PostgreSQL\"; the typed form renders \"Postgres database for various data.\"";
const IMPORTED_EXAMPLES_OLD_15: &str =
    "imported/examples-old-cluster/deployment-ns-sourcegraph-precise-code-intel-worker.yaml";
const IMPORTED_AS_WRITTEN_5: &str = "imported as written: as typed, Deployment `precise-code-intel-worker` would differ at `spec.template.spec.containers.[\"precise-code-intel-worker\"].securityContext.allowPrivilegeEscalation`: the original sets true; the typed form leaves it out";
const IMPORTED_EXAMPLES_OLD_16: &str =
    "imported/examples-old-cluster/deployment-ns-sourcegraph-redis-cache.yaml";
const IMPORTED_AS_WRITTEN_6: &str = "imported as written: as typed, Deployment `redis-cache` would differ at `spec.template.spec.containers.[\"redis-cache\"].securityContext.allowPrivilegeEscalation`: the original sets true; the typed form leaves it out";
const IMPORTED_EXAMPLES_OLD_17: &str =
    "imported/examples-old-cluster/deployment-ns-sourcegraph-redis-store.yaml";
const IMPORTED_AS_WRITTEN_7: &str = "imported as written: as typed, Deployment `redis-store` would differ at `spec.template.spec.containers.[\"redis-store\"].securityContext.allowPrivilegeEscalation`: the original sets true; the typed form leaves it out";
const IMPORTED_EXAMPLES_OLD_18: &str =
    "imported/examples-old-cluster/deployment-ns-sourcegraph-sourcegraph-frontend.yaml";
const IMPORTED_AS_WRITTEN_8: &str = "imported as written: as typed, Deployment `sourcegraph-frontend` would differ at `spec.template.spec.containers.[\"frontend\"].securityContext.allowPrivilegeEscalation`: the original sets true; the typed form leaves it out";
const IMPORTED_EXAMPLES_OLD_19: &str =
    "imported/examples-old-cluster/deployment-ns-sourcegraph-syntactic-code-intel.yaml";
const IMPORTED_AS_WRITTEN_9: &str = "imported as written: as typed, Deployment `syntactic-code-intel` would differ at `spec.template.spec.containers.[\"syntactic-code-intel\"].terminationMessagePath`: the original sets \"FallbackToLogsOnError\"; the typed form leaves it out";
const IMPORTED_EXAMPLES_OLD_20: &str =
    "imported/examples-old-cluster/deployment-ns-sourcegraph-syntect-server.yaml";
const IMPORTED_AS_WRITTEN_10: &str = "imported as written: as typed, Deployment `syntect-server` would differ at `spec.template.spec.containers.[\"syntect-server\"].securityContext.allowPrivilegeEscalation`: the original sets true; the typed form leaves it out";
const IMPORTED_EXAMPLES_OLD_21: &str =
    "imported/examples-old-cluster/deployment-ns-sourcegraph-worker.yaml";
const IMPORTED_AS_WRITTEN_11: &str = "imported as written: as typed, Deployment `worker` would differ at `spec.template.spec.containers.[\"worker\"].securityContext.allowPrivilegeEscalation`: the original sets true; the typed form leaves it out";
const IMPORTED_EXAMPLES_OLD_22: &str =
    "imported/examples-old-cluster/statefulset-ns-sourcegraph-gitserver.yaml";
const IMPORTED_AS_WRITTEN_12: &str =
    "imported as written: volume `repos` has a source rustomize does not model";
const IMPORTED_EXAMPLES_OLD_23: &str =
    "imported/examples-old-cluster/statefulset-ns-sourcegraph-grafana.yaml";
const IMPORTED_AS_WRITTEN_13: &str = "imported as written: as typed, it would be refused: a StatefulSet needs a Service for its pods' network identity (`expose`)";
const IMPORTED_EXAMPLES_OLD_24: &str =
    "imported/examples-old-cluster/statefulset-ns-sourcegraph-indexed-search.yaml";
const IMPORTED_AS_WRITTEN_14: &str =
    "imported as written: volume `data` has a source rustomize does not model";
const IMPORTED_EXAMPLES_OLD_25: &str =
    "imported/examples-old-cluster/daemonset-ns-sourcegraph-cadvisor.yaml";
const IMPORTED_AS_WRITTEN_15: &str =
    "imported as written: volume `rootfs` has a source rustomize does not model";
const IMPORTED_EXAMPLES_OLD_26: &str =
    "imported/examples-old-cluster/daemonset-ns-sourcegraph-node-exporter.yaml";
const IMPORTED_EXAMPLES_OLD_27: &str =
    "imported/examples-old-cluster/daemonset-ns-sourcegraph-otel-agent.yaml";
const IMPORTED_AS_WRITTEN_16: &str = "imported as written: container `otel-agent` uses a host port";
const IMPORTED_EXAMPLES_OLD_28: &str =
    "imported/examples-old-cluster/ingress-ns-sourcegraph-sourcegraph-frontend.yaml";

/// The `examples-old-cluster` environment.
pub fn environment() -> Environment {
    let grafana = SharedConfig {
        labels: labels(&[
            ("app.kubernetes.io/component", "grafana"),
            ("sourcegraph-resource-requires", "no-cluster-admin"),
        ]),
        ..SharedConfig::new(
            "grafana",
            Config::new().set("datasources.yml", DATASOURCES_YML),
        )
    };
    let prometheus = SharedConfig {
        labels: labels(&[
            ("app.kubernetes.io/component", "prometheus"),
            ("sourcegraph-resource-requires", "no-cluster-admin"),
        ]),
        ..SharedConfig::new(
            "prometheus",
            Config::new().set("prometheus_targets.yml", ""),
        )
    };
    let sourcegraph_frontend_env = SharedConfig {
        labels: labels(&[
            ("app", "sourcegraph-frontend"),
            ("app.kubernetes.io/component", "frontend"),
            ("sourcegraph-resource-requires", "no-cluster-admin"),
        ]),
        ..SharedConfig::new(
            "sourcegraph-frontend-env",
            Config::new()
                .set("CODEINSIGHTS_PGDATASOURCE", CODEINSIGHTS_PGDATASOURCE)
                .set("CODEINTEL_PGDATABASE", "sg")
                .set("CODEINTEL_PGHOST", "codeintel-db")
                .set("CODEINTEL_PGPORT", "5432")
                .set("CODEINTEL_PGSSLMODE", "disable")
                .set("CODEINTEL_PGUSER", "sg")
                .set("DEPLOY_TYPE", "kustomize")
                .set("GRAFANA_SERVER_URL", "http://grafana:30070")
                .set(
                    "INDEXED_SEARCH_SERVERS",
                    "k8s+rpc://indexed-search:6070?kind=sts",
                )
                .set("PGDATABASE", "sg")
                .set("PGHOST", "pgsql")
                .set("PGPORT", "5432")
                .set("PGSSLMODE", "disable")
                .set("PGUSER", "sg")
                .set("PROMETHEUS_URL", "http://prometheus:30090")
                .set("SEARCHER_URL", "k8s+http://searcher:3181?kind=sts")
                .set("SRC_GIT_SERVERS", "k8s+rpc://gitserver:3178?kind=sts"),
        )
    };
    let prometheus_account = ServiceAccountSpec {
        labels: labels(&[
            ("app.kubernetes.io/component", "prometheus"),
            ("category", "rbac"),
            ("sourcegraph-resource-requires", "no-cluster-admin"),
        ]),
        ..ServiceAccountSpec::new("prometheus")
    };
    let cadvisor_account = ServiceAccountSpec {
        labels: labels(&[
            ("app", "cadvisor"),
            ("app.kubernetes.io/component", "cadvisor"),
            ("category", "rbac"),
            ("sourcegraph-resource-requires", "cluster-admin"),
        ]),
        ..ServiceAccountSpec::new("cadvisor")
    };
    let grafana_account = ServiceAccountSpec {
        labels: labels(&[
            ("app.kubernetes.io/component", "grafana"),
            ("category", "rbac"),
            ("sourcegraph-resource-requires", "no-cluster-admin"),
        ]),
        image_pull_secrets: vec!["docker-registry".into()],
        ..ServiceAccountSpec::new("grafana")
    };
    let sourcegraph_frontend_account = ServiceAccountSpec {
        labels: labels(&[
            ("app.kubernetes.io/component", "frontend"),
            ("category", "rbac"),
            ("sourcegraph-resource-requires", "no-cluster-admin"),
        ]),
        image_pull_secrets: vec!["docker-registry".into()],
        ..ServiceAccountSpec::new("sourcegraph-frontend")
    };
    let sourcegraph_frontend_role = RoleSpec {
        labels: labels(&[
            ("app.kubernetes.io/component", "frontend"),
            ("category", "rbac"),
            ("sourcegraph-resource-requires", "cluster-admin"),
        ]),
        ..RoleSpec::new(
            "sourcegraph-frontend",
            vec![
                Rule::new(&[""], &["endpoints", "services"], &["get", "list", "watch"]),
                Rule::new(&["apps"], &["statefulsets"], &["get", "list", "watch"]),
            ],
        )
    };
    let prometheus_cluster_role = RoleSpec {
        labels: labels(&[
            ("app.kubernetes.io/component", "prometheus"),
            ("category", "rbac"),
            ("sourcegraph-resource-requires", "cluster-admin"),
        ]),
        ..RoleSpec::cluster(
            "prometheus",
            vec![
                Rule::new(
                    &[""],
                    &[
                        "endpoints",
                        "namespaces",
                        "nodes",
                        "nodes/metrics",
                        "nodes/proxy",
                        "pods",
                        "services",
                    ],
                    &["get", "list", "watch"],
                ),
                Rule::new(&[""], &["configmaps"], &["get"]),
                Rule::urls(&["/metrics"], &["get"]),
            ],
        )
    };
    let sourcegraph_frontend_binding = BindingSpec {
        labels: labels(&[
            ("app.kubernetes.io/component", "frontend"),
            ("category", "rbac"),
            ("sourcegraph-resource-requires", "cluster-admin"),
        ]),
        ..BindingSpec::new(
            "sourcegraph-frontend",
            Grant::from(&sourcegraph_frontend_role),
            vec![Grantee::from(&sourcegraph_frontend_account)],
        )
    };
    let prometheus_cluster_binding = BindingSpec {
        labels: labels(&[
            ("app.kubernetes.io/component", "prometheus"),
            ("category", "rbac"),
            ("sourcegraph-resource-requires", "cluster-admin"),
        ]),
        ..BindingSpec::cluster(
            "prometheus",
            Grant::from(&prometheus_cluster_role),
            vec![Grantee::from(&prometheus_account)],
        )
    };
    let mut raw = Vec::new();
    // imported as-is: its typed form would differ at `metadata.annotations`: the original sets {"description":"Configuration for CodeInsightsDB"}; the typed form leaves it out
    raw.push(RawYaml::of::<k8s::api::core::v1::ConfigMap>(IMPORTED_EXAMPLES_OLD, include_str!("../../imported/examples-old-cluster/configmap-ns-sourcegraph-codeinsights-db-conf.yaml")).waiver(Waiver::literal_credential(IMPORTED_THE_ORIGINAL)));
    // imported as-is: its typed form would differ at `metadata.annotations`: the original sets {"description":"Configuration for PostgreSQL"}; the typed form leaves it out
    raw.push(RawYaml::of::<k8s::api::core::v1::ConfigMap>(IMPORTED_EXAMPLES_OLD_2, include_str!("../../imported/examples-old-cluster/configmap-ns-sourcegraph-codeintel-db-conf.yaml")).waiver(Waiver::literal_credential(IMPORTED_THE_ORIGINAL)));
    // imported as-is: rustomize has no typed form of a ConfigMap that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::ConfigMap>(
        IMPORTED_EXAMPLES_OLD_3,
        include_str!(
            "../../imported/examples-old-cluster/configmap-ns-sourcegraph-otel-agent.yaml"
        ),
    ));
    // imported as-is: its typed form would differ at `metadata.annotations`: the original sets {"description":"Configuration for PostgreSQL"}; the typed form leaves it out
    raw.push(
        RawYaml::of::<k8s::api::core::v1::ConfigMap>(
            IMPORTED_EXAMPLES_OLD_4,
            include_str!(
                "../../imported/examples-old-cluster/configmap-ns-sourcegraph-pgsql-conf.yaml"
            ),
        )
        .waiver(Waiver::literal_credential(IMPORTED_THE_ORIGINAL)),
    );
    // imported as-is: rustomize has no typed form of a PersistentVolumeClaim that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::PersistentVolumeClaim>(IMPORTED_EXAMPLES_OLD_5, include_str!("../../imported/examples-old-cluster/persistentvolumeclaim-ns-sourcegraph-blobstore.yaml")));
    // imported as-is: rustomize has no typed form of a PersistentVolumeClaim that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::PersistentVolumeClaim>(IMPORTED_EXAMPLES_OLD_6, include_str!("../../imported/examples-old-cluster/persistentvolumeclaim-ns-sourcegraph-codeinsights-db.yaml")));
    // imported as-is: rustomize has no typed form of a PersistentVolumeClaim that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::PersistentVolumeClaim>(IMPORTED_EXAMPLES_OLD_7, include_str!("../../imported/examples-old-cluster/persistentvolumeclaim-ns-sourcegraph-codeintel-db.yaml")));
    // imported as-is: rustomize has no typed form of a PersistentVolumeClaim that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::PersistentVolumeClaim>(
        IMPORTED_EXAMPLES_OLD_8,
        include_str!(
            "../../imported/examples-old-cluster/persistentvolumeclaim-ns-sourcegraph-pgsql.yaml"
        ),
    ));
    // imported as-is: rustomize has no typed form of a PersistentVolumeClaim that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::PersistentVolumeClaim>(IMPORTED_EXAMPLES_OLD_9, include_str!("../../imported/examples-old-cluster/persistentvolumeclaim-ns-sourcegraph-redis-cache.yaml")));
    // imported as-is: rustomize has no typed form of a PersistentVolumeClaim that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::PersistentVolumeClaim>(IMPORTED_EXAMPLES_OLD_10, include_str!("../../imported/examples-old-cluster/persistentvolumeclaim-ns-sourcegraph-redis-store.yaml")));
    // imported as-is: as typed, Deployment `blobstore` would differ at `spec.template.spec.containers.["blobstore"].securityContext.allowPrivilegeEscalation`: the original sets true; the typed form leaves it out
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::Deployment>(
            IMPORTED_EXAMPLES_OLD_11,
            include_str!(
                "../../imported/examples-old-cluster/deployment-ns-sourcegraph-blobstore.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN),
    );
    // imported as-is: as typed, ConfigMap `codeinsights-db-conf` would differ at `metadata.annotations.description`: the original sets "Configuration for CodeInsightsDB"; the typed form renders "Code Insights Postgres DB instance."
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::Deployment>(
            IMPORTED_EXAMPLES_OLD_12,
            include_str!(
                "../../imported/examples-old-cluster/deployment-ns-sourcegraph-codeinsights-db.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_2)
        .waiver(Waiver::literal_credential(IMPORTED_THE_ORIGINAL)),
    );
    // imported as-is: as typed, ConfigMap `codeintel-db-conf` would differ at `metadata.annotations.description`: the original sets "Configuration for PostgreSQL"; the typed form renders "Postgres database for various data."
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::Deployment>(
            IMPORTED_EXAMPLES_OLD_13,
            include_str!(
                "../../imported/examples-old-cluster/deployment-ns-sourcegraph-codeintel-db.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_3),
    );
    // imported as-is: as typed, ConfigMap `pgsql-conf` would differ at `metadata.annotations.description`: the original sets "Configuration for PostgreSQL"; the typed form renders "Postgres database for various data."
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::Deployment>(
            IMPORTED_EXAMPLES_OLD_14,
            include_str!(
                "../../imported/examples-old-cluster/deployment-ns-sourcegraph-pgsql.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_4),
    );
    // imported as-is: as typed, Deployment `precise-code-intel-worker` would differ at `spec.template.spec.containers.["precise-code-intel-worker"].securityContext.allowPrivilegeEscalation`: the original sets true; the typed form leaves it out
    raw.push(RawYaml::of::<k8s::api::apps::v1::Deployment>(IMPORTED_EXAMPLES_OLD_15, include_str!("../../imported/examples-old-cluster/deployment-ns-sourcegraph-precise-code-intel-worker.yaml")).exception(IMPORTED_AS_WRITTEN_5));
    // imported as-is: as typed, Deployment `redis-cache` would differ at `spec.template.spec.containers.["redis-cache"].securityContext.allowPrivilegeEscalation`: the original sets true; the typed form leaves it out
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::Deployment>(
            IMPORTED_EXAMPLES_OLD_16,
            include_str!(
                "../../imported/examples-old-cluster/deployment-ns-sourcegraph-redis-cache.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_6),
    );
    // imported as-is: as typed, Deployment `redis-store` would differ at `spec.template.spec.containers.["redis-store"].securityContext.allowPrivilegeEscalation`: the original sets true; the typed form leaves it out
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::Deployment>(
            IMPORTED_EXAMPLES_OLD_17,
            include_str!(
                "../../imported/examples-old-cluster/deployment-ns-sourcegraph-redis-store.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_7),
    );
    // imported as-is: as typed, Deployment `sourcegraph-frontend` would differ at `spec.template.spec.containers.["frontend"].securityContext.allowPrivilegeEscalation`: the original sets true; the typed form leaves it out
    raw.push(RawYaml::of::<k8s::api::apps::v1::Deployment>(IMPORTED_EXAMPLES_OLD_18, include_str!("../../imported/examples-old-cluster/deployment-ns-sourcegraph-sourcegraph-frontend.yaml")).exception(IMPORTED_AS_WRITTEN_8));
    // imported as-is: as typed, Deployment `syntactic-code-intel` would differ at `spec.template.spec.containers.["syntactic-code-intel"].terminationMessagePath`: the original sets "FallbackToLogsOnError"; the typed form leaves it out
    raw.push(RawYaml::of::<k8s::api::apps::v1::Deployment>(IMPORTED_EXAMPLES_OLD_19, include_str!("../../imported/examples-old-cluster/deployment-ns-sourcegraph-syntactic-code-intel.yaml")).exception(IMPORTED_AS_WRITTEN_9));
    // imported as-is: as typed, Deployment `syntect-server` would differ at `spec.template.spec.containers.["syntect-server"].securityContext.allowPrivilegeEscalation`: the original sets true; the typed form leaves it out
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::Deployment>(
            IMPORTED_EXAMPLES_OLD_20,
            include_str!(
                "../../imported/examples-old-cluster/deployment-ns-sourcegraph-syntect-server.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_10),
    );
    // imported as-is: as typed, Deployment `worker` would differ at `spec.template.spec.containers.["worker"].securityContext.allowPrivilegeEscalation`: the original sets true; the typed form leaves it out
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::Deployment>(
            IMPORTED_EXAMPLES_OLD_21,
            include_str!(
                "../../imported/examples-old-cluster/deployment-ns-sourcegraph-worker.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_11),
    );
    // imported as-is: volume `repos` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_OLD_22,
            include_str!(
                "../../imported/examples-old-cluster/statefulset-ns-sourcegraph-gitserver.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_12),
    );
    // imported as-is: as typed, it would be refused: a StatefulSet needs a Service for its pods' network identity (`expose`)
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_OLD_23,
            include_str!(
                "../../imported/examples-old-cluster/statefulset-ns-sourcegraph-grafana.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_13),
    );
    // imported as-is: volume `data` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_OLD_24,
            include_str!(
                "../../imported/examples-old-cluster/statefulset-ns-sourcegraph-indexed-search.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_14),
    );
    // imported as-is: volume `rootfs` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::DaemonSet>(
            IMPORTED_EXAMPLES_OLD_25,
            include_str!(
                "../../imported/examples-old-cluster/daemonset-ns-sourcegraph-cadvisor.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_15),
    );
    // imported as-is: volume `rootfs` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::DaemonSet>(
            IMPORTED_EXAMPLES_OLD_26,
            include_str!(
                "../../imported/examples-old-cluster/daemonset-ns-sourcegraph-node-exporter.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_15),
    );
    // imported as-is: container `otel-agent` uses a host port
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::DaemonSet>(
            IMPORTED_EXAMPLES_OLD_27,
            include_str!(
                "../../imported/examples-old-cluster/daemonset-ns-sourcegraph-otel-agent.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_16),
    );
    // imported as-is: rustomize has no typed form of a Ingress that belongs to no app
    raw.push(RawYaml::of::<k8s::api::networking::v1::Ingress>(
        IMPORTED_EXAMPLES_OLD_28,
        include_str!(
            "../../imported/examples-old-cluster/ingress-ns-sourcegraph-sourcegraph-frontend.yaml"
        ),
    ));
    Environment {
        name: "examples-old-cluster".into(),
        tree: "overlays/examples-old-cluster".into(),
        namespace: Some("ns-sourcegraph".into()),
        labels: labels(&[("deploy", "sourcegraph")]),
        apps: vec![
            App {
                containers: vec![Container {
                    name: "otel-collector".into(),
                    image: Image {
                        repository: INDEX_DOCKER_IO.into(),
                        reference: ImageRef::TagAndDigest("6.2.1106".into(), SHA256.into()),
                    },
                    pull_policy: PullPolicy::IfNotPresent,
                    command: vec!["/bin/otelcol-sourcegraph".into(), CONFIG_ETC_OTEL.into()],
                    ports: vec![
                        Port::tcp("zpages", 55679),
                        Port::tcp("otlp-grpc", 4317),
                        Port::tcp("otlp-http", 4318),
                        Port::tcp("metrics", 8888),
                    ],
                    probes: Probes {
                        liveness: Some(Probe::http("/", "13133")),
                        readiness: Some(Probe::http("/", "13133")),
                        ..Probes::default()
                    },
                    resources: Resources::requests("0.5", "1Gi").limits("2", "3Gi"),
                    mounts: vec![Mount::new("config", "/etc/otel-collector/conf")],
                    logs_on_failure: true,
                    ..Container::default()
                }],
                security: Security {
                    read_only_root_filesystem: false,
                    service_account_token: true,
                    network_policy: false,
                    image_user: true,
                    drop_capabilities: vec![],
                    privilege_escalation: true,
                    exception: Some(SECURITY_EXCEPTION_2.into()),
                    ..Security::default()
                },
                ..crate::apps::otel_collector::app()
            },
            App {
                config: Config {
                    name: Some("prometheus-rbac".into()),
                    ..Config::new()
                        .set("extra_rules.yml", "")
                        .set("prometheus.yml", PROMETHEUS_YML_2)
                        .set("prometheus_targets.yml", "")
                },
                storage: vec![Storage {
                    storage_class: Some("sourcegraph".into()),
                    claim_name: Some("prometheus".into()),
                    ..Storage::new("data", "200Gi")
                }],
                service_account: ServiceAccount::Shared(prometheus_account.handle()),
                security: Security {
                    run_as_user: 0,
                    run_as_group: 0,
                    fs_group: 0,
                    read_only_root_filesystem: false,
                    service_account_token: true,
                    network_policy: false,
                    run_as_root: true,
                    drop_capabilities: vec![],
                    privilege_escalation: true,
                    exception: Some(SECURITY_EXCEPTION_3.into()),
                    ..Security::default()
                },
                waivers: vec![Waiver::literal_credential(IMPORTED_THE_ORIGINAL)],
                ..crate::apps::prometheus::app()
            },
            crate::apps::searcher::app(),
        ],
        configs: vec![grafana, prometheus, sourcegraph_frontend_env],
        service_accounts: vec![
            prometheus_account,
            cadvisor_account,
            grafana_account,
            sourcegraph_frontend_account,
        ],
        services: vec![
            ServiceSpec {
                labels: labels(&[
                    ("app", "blobstore"),
                    ("app.kubernetes.io/component", "blobstore"),
                    ("sourcegraph-resource-requires", "no-cluster-admin"),
                ]),
                ..ServiceSpec::new(
                    "blobstore",
                    labels(&[("app", "blobstore")]),
                    Expose {
                        ports: vec![ServicePort {
                            name: Some("blobstore".into()),
                            target: "blobstore".into(),
                            port: 9000,
                            ..ServicePort::default()
                        }],
                        ..Expose::default()
                    },
                )
            },
            ServiceSpec {
                labels: labels(&[
                    ("app", "cadvisor"),
                    ("app.kubernetes.io/component", "cadvisor"),
                    ("sourcegraph-resource-requires", "no-cluster-admin"),
                ]),
                ..ServiceSpec::new(
                    "cadvisor",
                    labels(&[("app", "cadvisor")]),
                    Expose {
                        type_: ExposeType::Headless,
                        ports: vec![ServicePort {
                            name: Some("http".into()),
                            target: "48080".into(),
                            port: 48080,
                            ..ServicePort::default()
                        }],
                        annotations: labels(&[
                            ("prometheus.io/port", "48080"),
                            ("sourcegraph.prometheus/scrape", "true"),
                        ]),
                        ..Expose::default()
                    },
                )
            },
            ServiceSpec {
                labels: labels(&[
                    ("app", "codeinsights-db"),
                    ("app.kubernetes.io/component", "codeinsights-db"),
                    ("sourcegraph-resource-requires", "no-cluster-admin"),
                ]),
                ..ServiceSpec::new(
                    "codeinsights-db",
                    labels(&[("app", "codeinsights-db")]),
                    Expose {
                        ports: vec![
                            ServicePort {
                                name: Some("codeinsights-db".into()),
                                target: "codeinsights-db".into(),
                                port: 5432,
                                ..ServicePort::default()
                            },
                            ServicePort {
                                name: Some("pgsql-exporter".into()),
                                target: "pgsql-exporter".into(),
                                port: 9187,
                                ..ServicePort::default()
                            },
                        ],
                        annotations: labels(&[
                            ("prometheus.io/port", "9187"),
                            ("sourcegraph.prometheus/scrape", "true"),
                        ]),
                        ..Expose::default()
                    },
                )
            },
            ServiceSpec {
                labels: labels(&[
                    ("app", "codeintel-db"),
                    ("app.kubernetes.io/component", "codeintel-db"),
                    ("sourcegraph-resource-requires", "no-cluster-admin"),
                ]),
                ..ServiceSpec::new(
                    "codeintel-db",
                    labels(&[("app", "codeintel-db")]),
                    Expose {
                        ports: vec![
                            ServicePort {
                                name: Some("pgsql".into()),
                                target: "pgsql".into(),
                                port: 5432,
                                ..ServicePort::default()
                            },
                            ServicePort {
                                name: Some("pgsql-exporter".into()),
                                target: "pgsql-exporter".into(),
                                port: 9187,
                                ..ServicePort::default()
                            },
                        ],
                        annotations: labels(&[
                            ("prometheus.io/port", "9187"),
                            ("sourcegraph.prometheus/scrape", "true"),
                        ]),
                        ..Expose::default()
                    },
                )
            },
            ServiceSpec {
                labels: labels(&[
                    ("app", "gitserver"),
                    ("app.kubernetes.io/component", "gitserver"),
                    ("sourcegraph-resource-requires", "no-cluster-admin"),
                    ("type", "gitserver"),
                ]),
                ..ServiceSpec::new(
                    "gitserver",
                    labels(&[("app", "gitserver"), ("type", "gitserver")]),
                    Expose {
                        type_: ExposeType::Headless,
                        ports: vec![ServicePort {
                            name: Some("unused".into()),
                            target: "10811".into(),
                            port: 10811,
                            ..ServicePort::default()
                        }],
                        annotations: labels(&[
                            ("description", HEADLESS_SERVICE_THAT),
                            ("prometheus.io/port", "6060"),
                            ("sourcegraph.prometheus/scrape", "true"),
                        ]),
                        ..Expose::default()
                    },
                )
            },
            ServiceSpec {
                labels: labels(&[
                    ("app", "grafana"),
                    ("app.kubernetes.io/component", "grafana"),
                    ("sourcegraph-resource-requires", "no-cluster-admin"),
                ]),
                ..ServiceSpec::new(
                    "grafana",
                    labels(&[("app", "grafana")]),
                    Expose {
                        ports: vec![ServicePort {
                            name: Some("http".into()),
                            target: "http".into(),
                            port: 30070,
                            ..ServicePort::default()
                        }],
                        ..Expose::default()
                    },
                )
            },
            ServiceSpec {
                labels: labels(&[
                    ("app", "indexed-search"),
                    ("app.kubernetes.io/component", "indexed-search"),
                    ("sourcegraph-resource-requires", "no-cluster-admin"),
                ]),
                ..ServiceSpec::new(
                    "indexed-search",
                    labels(&[("app", "indexed-search")]),
                    Expose {
                        type_: ExposeType::Headless,
                        ports: vec![ServicePort::new("6070", 6070)],
                        annotations: labels(&[
                            ("description", HEADLESS_SERVICE_THAT_2),
                            ("prometheus.io/port", "6070"),
                            ("sourcegraph.prometheus/scrape", "true"),
                        ]),
                        ..Expose::default()
                    },
                )
            },
            ServiceSpec {
                labels: labels(&[
                    ("app", "indexed-search-indexer"),
                    ("app.kubernetes.io/component", "indexed-search"),
                    ("sourcegraph-resource-requires", "no-cluster-admin"),
                ]),
                ..ServiceSpec::new(
                    "indexed-search-indexer",
                    labels(&[("app", "indexed-search")]),
                    Expose {
                        type_: ExposeType::Headless,
                        ports: vec![ServicePort::new("6072", 6072)],
                        annotations: labels(&[
                            ("description", HEADLESS_SERVICE_THAT_2),
                            ("prometheus.io/port", "6072"),
                            ("sourcegraph.prometheus/scrape", "true"),
                        ]),
                        ..Expose::default()
                    },
                )
            },
            ServiceSpec {
                labels: labels(&[
                    ("app", "node-exporter"),
                    ("app.kubernetes.io/component", "node-exporter"),
                    ("sourcegraph-resource-requires", "no-cluster-admin"),
                ]),
                ..ServiceSpec::new(
                    "node-exporter",
                    labels(&[("app", "node-exporter")]),
                    Expose {
                        ports: vec![ServicePort {
                            name: Some("metrics".into()),
                            target: "metrics".into(),
                            port: 9100,
                            ..ServicePort::default()
                        }],
                        annotations: labels(&[
                            (
                                "description",
                                "Prometheus exporter for hardware and OS metrics.",
                            ),
                            ("prometheus.io/port", "9100"),
                            ("sourcegraph.prometheus/scrape", "true"),
                            ("url", "https://github.com/prometheus/node_exporter"),
                        ]),
                        ..Expose::default()
                    },
                )
            },
            ServiceSpec {
                labels: labels(&[
                    ("app", "otel-collector"),
                    ("app.kubernetes.io/component", "otel-collector"),
                    ("sourcegraph-resource-requires", "no-cluster-admin"),
                ]),
                ..ServiceSpec::new(
                    "otel-collector",
                    labels(&[("app", "otel-collector")]),
                    Expose {
                        ports: vec![
                            ServicePort {
                                name: Some("otlp-grpc".into()),
                                target: "4317".into(),
                                port: 4317,
                                protocol: Some(Protocol::Tcp),
                                ..ServicePort::default()
                            },
                            ServicePort {
                                name: Some("otlp-http".into()),
                                target: "4318".into(),
                                port: 4318,
                                protocol: Some(Protocol::Tcp),
                                ..ServicePort::default()
                            },
                            ServicePort {
                                name: Some("metrics".into()),
                                target: "8888".into(),
                                port: 8888,
                                ..ServicePort::default()
                            },
                        ],
                        annotations: labels(&[
                            ("prometheus.io/port", "8888"),
                            ("sourcegraph.prometheus/scrape", "true"),
                        ]),
                        ..Expose::default()
                    },
                )
            },
            ServiceSpec {
                labels: labels(&[
                    ("app", "pgsql"),
                    ("app.kubernetes.io/component", "pgsql"),
                    ("sourcegraph-resource-requires", "no-cluster-admin"),
                ]),
                ..ServiceSpec::new(
                    "pgsql",
                    labels(&[("app", "pgsql")]),
                    Expose {
                        ports: vec![
                            ServicePort {
                                name: Some("pgsql".into()),
                                target: "pgsql".into(),
                                port: 5432,
                                ..ServicePort::default()
                            },
                            ServicePort {
                                name: Some("pgsql-exporter".into()),
                                target: "pgsql-exporter".into(),
                                port: 9187,
                                ..ServicePort::default()
                            },
                        ],
                        annotations: labels(&[
                            ("prometheus.io/port", "9187"),
                            ("sourcegraph.prometheus/scrape", "true"),
                        ]),
                        ..Expose::default()
                    },
                )
            },
            ServiceSpec {
                labels: labels(&[
                    ("app", "precise-code-intel-worker"),
                    ("app.kubernetes.io/component", "precise-code-intel"),
                    ("sourcegraph-resource-requires", "no-cluster-admin"),
                ]),
                ..ServiceSpec::new(
                    "precise-code-intel-worker",
                    labels(&[("app", "precise-code-intel-worker")]),
                    Expose {
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
                        annotations: labels(&[
                            ("prometheus.io/port", "6060"),
                            ("sourcegraph.prometheus/scrape", "true"),
                        ]),
                        ..Expose::default()
                    },
                )
            },
            ServiceSpec {
                labels: labels(&[
                    ("app", "prometheus"),
                    ("app.kubernetes.io/component", "prometheus"),
                    ("sourcegraph-resource-requires", "no-cluster-admin"),
                ]),
                ..ServiceSpec::new(
                    "prometheus",
                    labels(&[("app", "prometheus")]),
                    Expose {
                        ports: vec![ServicePort {
                            name: Some("http".into()),
                            target: "http".into(),
                            port: 30090,
                            ..ServicePort::default()
                        }],
                        ..Expose::default()
                    },
                )
            },
            ServiceSpec {
                labels: labels(&[
                    ("app", "redis-cache"),
                    ("app.kubernetes.io/component", "redis"),
                    ("sourcegraph-resource-requires", "no-cluster-admin"),
                ]),
                ..ServiceSpec::new(
                    "redis-cache",
                    labels(&[("app", "redis-cache")]),
                    Expose {
                        ports: vec![
                            ServicePort {
                                name: Some("redis".into()),
                                target: "redis".into(),
                                port: 6379,
                                ..ServicePort::default()
                            },
                            ServicePort {
                                name: Some("redisexp".into()),
                                target: "redisexp".into(),
                                port: 9121,
                                ..ServicePort::default()
                            },
                        ],
                        annotations: labels(&[
                            ("prometheus.io/port", "9121"),
                            ("sourcegraph.prometheus/scrape", "true"),
                        ]),
                        ..Expose::default()
                    },
                )
            },
            ServiceSpec {
                labels: labels(&[
                    ("app", "redis-store"),
                    ("app.kubernetes.io/component", "redis"),
                    ("sourcegraph-resource-requires", "no-cluster-admin"),
                ]),
                ..ServiceSpec::new(
                    "redis-store",
                    labels(&[("app", "redis-store")]),
                    Expose {
                        ports: vec![
                            ServicePort {
                                name: Some("redis".into()),
                                target: "redis".into(),
                                port: 6379,
                                ..ServicePort::default()
                            },
                            ServicePort {
                                name: Some("redisexp".into()),
                                target: "redisexp".into(),
                                port: 9121,
                                ..ServicePort::default()
                            },
                        ],
                        annotations: labels(&[
                            ("prometheus.io/port", "9121"),
                            ("sourcegraph.prometheus/scrape", "true"),
                        ]),
                        ..Expose::default()
                    },
                )
            },
            ServiceSpec {
                labels: labels(&[
                    ("app", "searcher"),
                    ("app.kubernetes.io/component", "searcher"),
                    ("sourcegraph-resource-requires", "no-cluster-admin"),
                ]),
                ..ServiceSpec::new(
                    "searcher",
                    labels(&[("app", "searcher")]),
                    Expose {
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
                        annotations: labels(&[
                            ("prometheus.io/port", "6060"),
                            ("sourcegraph.prometheus/scrape", "true"),
                        ]),
                        ..Expose::default()
                    },
                )
            },
            ServiceSpec {
                labels: labels(&[
                    ("app", "sourcegraph-frontend"),
                    ("app.kubernetes.io/component", "frontend"),
                    ("sourcegraph-resource-requires", "no-cluster-admin"),
                ]),
                ..ServiceSpec::new(
                    "sourcegraph-frontend",
                    labels(&[("app", "sourcegraph-frontend")]),
                    Expose {
                        ports: vec![
                            ServicePort {
                                name: Some("http".into()),
                                target: "http".into(),
                                port: 30080,
                                ..ServicePort::default()
                            },
                            ServicePort {
                                name: Some("debug".into()),
                                target: "debug".into(),
                                port: 6060,
                                ..ServicePort::default()
                            },
                        ],
                        annotations: labels(&[
                            ("prometheus.io/port", "6060"),
                            ("sourcegraph.prometheus/scrape", "true"),
                        ]),
                        ..Expose::default()
                    },
                )
            },
            ServiceSpec {
                labels: labels(&[
                    ("app", "sourcegraph-frontend"),
                    ("app.kubernetes.io/component", "frontend"),
                    ("sourcegraph-resource-requires", "no-cluster-admin"),
                ]),
                ..ServiceSpec::new(
                    "sourcegraph-frontend-internal",
                    labels(&[("app", "sourcegraph-frontend")]),
                    Expose {
                        ports: vec![ServicePort {
                            name: Some("http-internal".into()),
                            target: "http-internal".into(),
                            port: 80,
                            ..ServicePort::default()
                        }],
                        ..Expose::default()
                    },
                )
            },
            ServiceSpec {
                labels: labels(&[
                    ("app", "syntactic-code-intel"),
                    ("app.kubernetes.io/component", "syntactic-code-intel"),
                    ("sourcegraph-resource-requires", "no-cluster-admin"),
                ]),
                ..ServiceSpec::new(
                    "syntactic-code-intel",
                    labels(&[("app", "syntactic-code-intel")]),
                    Expose {
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
                        annotations: labels(&[
                            ("prometheus.io/port", "6060"),
                            ("sourcegraph.prometheus/scrape", "true"),
                        ]),
                        ..Expose::default()
                    },
                )
            },
            ServiceSpec {
                labels: labels(&[
                    ("app", "syntect-server"),
                    ("app.kubernetes.io/component", "syntect-server"),
                    ("sourcegraph-resource-requires", "no-cluster-admin"),
                ]),
                ..ServiceSpec::new(
                    "syntect-server",
                    labels(&[("app", "syntect-server")]),
                    Expose {
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
                        annotations: labels(&[
                            ("prometheus.io/port", "6060"),
                            ("sourcegraph.prometheus/scrape", "true"),
                        ]),
                        ..Expose::default()
                    },
                )
            },
            ServiceSpec {
                labels: labels(&[
                    ("app", "worker"),
                    ("app.kubernetes.io/component", "worker"),
                    ("sourcegraph-resource-requires", "no-cluster-admin"),
                ]),
                ..ServiceSpec::new(
                    "worker",
                    labels(&[("app", "worker")]),
                    Expose {
                        ports: vec![
                            ServicePort {
                                name: Some("http".into()),
                                target: "http".into(),
                                port: 3189,
                                ..ServicePort::default()
                            },
                            ServicePort {
                                name: Some("debug".into()),
                                target: "debug".into(),
                                port: 6060,
                                ..ServicePort::default()
                            },
                        ],
                        annotations: labels(&[
                            ("prometheus.io/port", "6060"),
                            ("sourcegraph.prometheus/scrape", "true"),
                        ]),
                        ..Expose::default()
                    },
                )
            },
            ServiceSpec {
                labels: labels(&[
                    ("app", "worker"),
                    ("app.kubernetes.io/component", "worker"),
                    ("sourcegraph-resource-requires", "no-cluster-admin"),
                ]),
                ..ServiceSpec::new(
                    "worker-executors",
                    labels(&[("app", "worker")]),
                    Expose {
                        ports: vec![ServicePort {
                            name: Some("prom".into()),
                            target: "prom".into(),
                            port: 6996,
                            ..ServicePort::default()
                        }],
                        annotations: labels(&[
                            ("prometheus.io/port", "6996"),
                            ("sourcegraph.prometheus/scrape", "true"),
                        ]),
                        ..Expose::default()
                    },
                )
            },
        ],
        roles: vec![sourcegraph_frontend_role, prometheus_cluster_role],
        bindings: vec![sourcegraph_frontend_binding, prometheus_cluster_binding],
        waivers: vec![Waiver::literal_credential(IMPORTED_THE_ORIGINAL)],
        raw,
        ..Environment::default()
    }
}
