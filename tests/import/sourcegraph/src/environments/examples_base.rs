//! Environment `examples-base`, imported from `../shared/corpus/import/sourcegraph/examples/base` by `rustomize import`.

use rustomize::{
    Config, Environment, Expose, ExposeType, Protocol, RawYaml, ServicePort, ServiceSpec,
    SharedConfig, Waiver, k8s, labels,
};

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
const CODEINSIGHTS_PGDATASOURCE: &str =
    "postgres://postgres:password@codeinsights-db:5432/postgres";
const HEADLESS_SERVICE_THAT: &str =
    "Headless service that provides a stable network identity for the gitserver stateful set.";
const HEADLESS_SERVICE_THAT_2: &str =
    "Headless service that provides a stable network identity for the indexed-search stateful set.";
const IMPORTED_THE_ORIGINAL: &str = "imported: the original commits this value in `../shared/corpus/import/sourcegraph/examples/base`; move it to a Secret";
const IMPORTED_EXAMPLES_BASE: &str =
    "imported/examples-base/configmap-ns-sourcegraph-codeinsights-db-conf.yaml";
const IMPORTED_EXAMPLES_BASE_2: &str =
    "imported/examples-base/configmap-ns-sourcegraph-codeintel-db-conf.yaml";
const IMPORTED_EXAMPLES_BASE_3: &str =
    "imported/examples-base/configmap-ns-sourcegraph-otel-agent.yaml";
const IMPORTED_EXAMPLES_BASE_4: &str =
    "imported/examples-base/configmap-ns-sourcegraph-pgsql-conf.yaml";
const IMPORTED_EXAMPLES_BASE_5: &str =
    "imported/examples-base/persistentvolumeclaim-ns-sourcegraph-codeinsights-db.yaml";
const IMPORTED_EXAMPLES_BASE_6: &str =
    "imported/examples-base/persistentvolumeclaim-ns-sourcegraph-codeintel-db.yaml";
const IMPORTED_EXAMPLES_BASE_7: &str =
    "imported/examples-base/persistentvolumeclaim-ns-sourcegraph-pgsql.yaml";
const IMPORTED_EXAMPLES_BASE_8: &str =
    "imported/examples-base/deployment-ns-sourcegraph-syntactic-code-intel.yaml";
const IMPORTED_AS_WRITTEN: &str = "imported as written: as typed, Deployment `syntactic-code-intel` would differ at `spec.template.spec.containers.[\"syntactic-code-intel\"].terminationMessagePath`: the original sets \"FallbackToLogsOnError\"; the typed form leaves it out";
const IMPORTED_EXAMPLES_BASE_9: &str =
    "imported/examples-base/statefulset-ns-sourcegraph-codeinsights-db.yaml";
const IMPORTED_AS_WRITTEN_2: &str = "imported as written: its containers run as different groups";
const IMPORTED_EXAMPLES_BASE_10: &str =
    "imported/examples-base/statefulset-ns-sourcegraph-codeintel-db.yaml";
const IMPORTED_EXAMPLES_BASE_11: &str =
    "imported/examples-base/statefulset-ns-sourcegraph-gitserver.yaml";
const IMPORTED_AS_WRITTEN_3: &str =
    "imported as written: volume `repos` has a source rustomize does not model";
const IMPORTED_EXAMPLES_BASE_12: &str =
    "imported/examples-base/statefulset-ns-sourcegraph-grafana.yaml";
const IMPORTED_AS_WRITTEN_4: &str = "imported as written: as typed, it would be refused: a StatefulSet needs a Service for its pods' network identity (`expose`)";
const IMPORTED_EXAMPLES_BASE_13: &str =
    "imported/examples-base/statefulset-ns-sourcegraph-indexed-search.yaml";
const IMPORTED_AS_WRITTEN_5: &str =
    "imported as written: volume `data` has a source rustomize does not model";
const IMPORTED_EXAMPLES_BASE_14: &str =
    "imported/examples-base/statefulset-ns-sourcegraph-pgsql.yaml";
const IMPORTED_EXAMPLES_BASE_15: &str =
    "imported/examples-base/statefulset-ns-sourcegraph-searcher.yaml";
const IMPORTED_EXAMPLES_BASE_16: &str =
    "imported/examples-base/daemonset-ns-sourcegraph-node-exporter.yaml";
const IMPORTED_AS_WRITTEN_6: &str =
    "imported as written: volume `rootfs` has a source rustomize does not model";
const IMPORTED_EXAMPLES_BASE_17: &str =
    "imported/examples-base/daemonset-ns-sourcegraph-otel-agent.yaml";
const IMPORTED_AS_WRITTEN_7: &str = "imported as written: container `otel-agent` uses a host port";
const IMPORTED_EXAMPLES_BASE_18: &str =
    "imported/examples-base/ingress-ns-sourcegraph-sourcegraph-frontend.yaml";

/// The `examples-base` environment.
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
                    "indexed-search-0.indexed-search:6070",
                )
                .set("PGDATABASE", "sg")
                .set("PGHOST", "pgsql")
                .set("PGPORT", "5432")
                .set("PGSSLMODE", "disable")
                .set("PGUSER", "sg")
                .set("PROMETHEUS_URL", "http://prometheus:30090")
                .set("SEARCHER_URL", "http://searcher-0.searcher:3181")
                .set("SRC_GIT_SERVERS", "gitserver-0.gitserver:3178"),
        )
    };
    let mut raw = Vec::new();
    // imported as-is: rustomize has no typed form of a ConfigMap that belongs to no app
    raw.push(
        RawYaml::of::<k8s::api::core::v1::ConfigMap>(
            IMPORTED_EXAMPLES_BASE,
            include_str!(
                "../../imported/examples-base/configmap-ns-sourcegraph-codeinsights-db-conf.yaml"
            ),
        )
        .waiver(Waiver::literal_credential(IMPORTED_THE_ORIGINAL)),
    );
    // imported as-is: rustomize has no typed form of a ConfigMap that belongs to no app
    raw.push(
        RawYaml::of::<k8s::api::core::v1::ConfigMap>(
            IMPORTED_EXAMPLES_BASE_2,
            include_str!(
                "../../imported/examples-base/configmap-ns-sourcegraph-codeintel-db-conf.yaml"
            ),
        )
        .waiver(Waiver::literal_credential(IMPORTED_THE_ORIGINAL)),
    );
    // imported as-is: rustomize has no typed form of a ConfigMap that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::ConfigMap>(
        IMPORTED_EXAMPLES_BASE_3,
        include_str!("../../imported/examples-base/configmap-ns-sourcegraph-otel-agent.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a ConfigMap that belongs to no app
    raw.push(
        RawYaml::of::<k8s::api::core::v1::ConfigMap>(
            IMPORTED_EXAMPLES_BASE_4,
            include_str!("../../imported/examples-base/configmap-ns-sourcegraph-pgsql-conf.yaml"),
        )
        .waiver(Waiver::literal_credential(IMPORTED_THE_ORIGINAL)),
    );
    // imported as-is: rustomize has no typed form of a PersistentVolumeClaim that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::PersistentVolumeClaim>(
        IMPORTED_EXAMPLES_BASE_5,
        include_str!(
            "../../imported/examples-base/persistentvolumeclaim-ns-sourcegraph-codeinsights-db.yaml"
        ),
    ));
    // imported as-is: rustomize has no typed form of a PersistentVolumeClaim that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::PersistentVolumeClaim>(
        IMPORTED_EXAMPLES_BASE_6,
        include_str!(
            "../../imported/examples-base/persistentvolumeclaim-ns-sourcegraph-codeintel-db.yaml"
        ),
    ));
    // imported as-is: rustomize has no typed form of a PersistentVolumeClaim that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::PersistentVolumeClaim>(
        IMPORTED_EXAMPLES_BASE_7,
        include_str!(
            "../../imported/examples-base/persistentvolumeclaim-ns-sourcegraph-pgsql.yaml"
        ),
    ));
    // imported as-is: as typed, Deployment `syntactic-code-intel` would differ at `spec.template.spec.containers.["syntactic-code-intel"].terminationMessagePath`: the original sets "FallbackToLogsOnError"; the typed form leaves it out
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::Deployment>(
            IMPORTED_EXAMPLES_BASE_8,
            include_str!(
                "../../imported/examples-base/deployment-ns-sourcegraph-syntactic-code-intel.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN),
    );
    // imported as-is: its containers run as different groups
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_BASE_9,
            include_str!(
                "../../imported/examples-base/statefulset-ns-sourcegraph-codeinsights-db.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_2)
        .waiver(Waiver::literal_credential(IMPORTED_THE_ORIGINAL)),
    );
    // imported as-is: its containers run as different groups
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_BASE_10,
            include_str!(
                "../../imported/examples-base/statefulset-ns-sourcegraph-codeintel-db.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_2),
    );
    // imported as-is: volume `repos` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_BASE_11,
            include_str!("../../imported/examples-base/statefulset-ns-sourcegraph-gitserver.yaml"),
        )
        .exception(IMPORTED_AS_WRITTEN_3),
    );
    // imported as-is: as typed, it would be refused: a StatefulSet needs a Service for its pods' network identity (`expose`)
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_BASE_12,
            include_str!("../../imported/examples-base/statefulset-ns-sourcegraph-grafana.yaml"),
        )
        .exception(IMPORTED_AS_WRITTEN_4),
    );
    // imported as-is: volume `data` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_BASE_13,
            include_str!(
                "../../imported/examples-base/statefulset-ns-sourcegraph-indexed-search.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_5),
    );
    // imported as-is: its containers run as different groups
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_BASE_14,
            include_str!("../../imported/examples-base/statefulset-ns-sourcegraph-pgsql.yaml"),
        )
        .exception(IMPORTED_AS_WRITTEN_2),
    );
    // imported as-is: as typed, it would be refused: a StatefulSet needs a Service for its pods' network identity (`expose`)
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_BASE_15,
            include_str!("../../imported/examples-base/statefulset-ns-sourcegraph-searcher.yaml"),
        )
        .exception(IMPORTED_AS_WRITTEN_4),
    );
    // imported as-is: volume `rootfs` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::DaemonSet>(
            IMPORTED_EXAMPLES_BASE_16,
            include_str!(
                "../../imported/examples-base/daemonset-ns-sourcegraph-node-exporter.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_6),
    );
    // imported as-is: container `otel-agent` uses a host port
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::DaemonSet>(
            IMPORTED_EXAMPLES_BASE_17,
            include_str!("../../imported/examples-base/daemonset-ns-sourcegraph-otel-agent.yaml"),
        )
        .exception(IMPORTED_AS_WRITTEN_7),
    );
    // imported as-is: rustomize has no typed form of a Ingress that belongs to no app
    raw.push(RawYaml::of::<k8s::api::networking::v1::Ingress>(
        IMPORTED_EXAMPLES_BASE_18,
        include_str!(
            "../../imported/examples-base/ingress-ns-sourcegraph-sourcegraph-frontend.yaml"
        ),
    ));
    Environment {
        name: "examples-base".into(),
        tree: "overlays/examples-base".into(),
        namespace: Some("ns-sourcegraph".into()),
        labels: labels(&[("deploy", "sourcegraph")]),
        namespace_labels: labels(&[("name", "sourcegraph-namespace")]),
        apps: vec![
            crate::apps::blobstore::app(),
            crate::apps::jaeger::app(),
            crate::apps::otel_collector::app(),
            crate::apps::precise_code_intel_worker::app(),
            crate::apps::prometheus::app(),
            crate::apps::redis_cache::app(),
            crate::apps::redis_store::app(),
            crate::apps::sourcegraph_frontend::app(&sourcegraph_frontend_env),
            crate::apps::syntect_server::app(),
            crate::apps::worker::app(),
        ],
        configs: vec![grafana, sourcegraph_frontend_env],
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
                    ("app", "jaeger"),
                    ("app.kubernetes.io/component", "jaeger"),
                    ("app.kubernetes.io/name", "jaeger"),
                    ("sourcegraph-resource-requires", "no-cluster-admin"),
                ]),
                ..ServiceSpec::new(
                    "jaeger-collector",
                    labels(&[
                        ("app.kubernetes.io/component", "all-in-one"),
                        ("app.kubernetes.io/name", "jaeger"),
                    ]),
                    Expose {
                        ports: vec![
                            ServicePort {
                                name: Some("http-otlp".into()),
                                target: "http-otlp".into(),
                                port: 4318,
                                protocol: Some(Protocol::Tcp),
                                ..ServicePort::default()
                            },
                            ServicePort {
                                name: Some("grpc-otlp".into()),
                                target: "grpc-otlp".into(),
                                port: 4317,
                                protocol: Some(Protocol::Tcp),
                                ..ServicePort::default()
                            },
                        ],
                        ..Expose::default()
                    },
                )
            },
            ServiceSpec {
                labels: labels(&[
                    ("app", "jaeger"),
                    ("app.kubernetes.io/component", "jaeger"),
                    ("app.kubernetes.io/name", "jaeger"),
                    ("sourcegraph-resource-requires", "no-cluster-admin"),
                ]),
                ..ServiceSpec::new(
                    "jaeger-query",
                    labels(&[
                        ("app.kubernetes.io/component", "all-in-one"),
                        ("app.kubernetes.io/name", "jaeger"),
                    ]),
                    Expose {
                        ports: vec![ServicePort {
                            name: Some("query-http".into()),
                            target: "16686".into(),
                            port: 16686,
                            protocol: Some(Protocol::Tcp),
                            ..ServicePort::default()
                        }],
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
        waivers: vec![Waiver::literal_credential(IMPORTED_THE_ORIGINAL)],
        raw,
        ..Environment::default()
    }
}
