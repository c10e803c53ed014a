//! Environment `examples-dev`, imported from `../shared/corpus/import/sourcegraph/examples/dev` by `rustomize import`.

use rustomize::{
    Config, ContainerOverlay, Environment, Expose, ExposeType, Overlay, RawYaml, Resources,
    ServicePort, ServiceSpec, SharedConfig, Waiver, k8s, labels,
};

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
const IMPORTED_THE_ORIGINAL: &str = "imported: the original commits this value in `../shared/corpus/import/sourcegraph/examples/dev`; move it to a Secret";
const IMPORTED_EXAMPLES_DEV: &str =
    "imported/examples-dev/configmap-dev-sourcegraph-codeinsights-db-conf.yaml";
const IMPORTED_EXAMPLES_DEV_2: &str =
    "imported/examples-dev/configmap-dev-sourcegraph-codeintel-db-conf.yaml";
const IMPORTED_EXAMPLES_DEV_3: &str =
    "imported/examples-dev/configmap-dev-sourcegraph-pgsql-conf.yaml";
const IMPORTED_EXAMPLES_DEV_4: &str =
    "imported/examples-dev/configmap-dev-sourcegraph-prometheus.yaml";
const IMPORTED_EXAMPLES_DEV_5: &str =
    "imported/examples-dev/persistentvolumeclaim-dev-sourcegraph-prometheus.yaml";
const IMPORTED_EXAMPLES_DEV_6: &str =
    "imported/examples-dev/deployment-dev-sourcegraph-blobstore.yaml";
const IMPORTED_AS_WRITTEN: &str =
    "imported as written: volume `blobstore-data` has a source rustomize does not model";
const IMPORTED_EXAMPLES_DEV_7: &str =
    "imported/examples-dev/deployment-dev-sourcegraph-prometheus.yaml";
const IMPORTED_AS_WRITTEN_2: &str =
    "imported as written: volume `data` has a source rustomize does not model";
const IMPORTED_EXAMPLES_DEV_8: &str =
    "imported/examples-dev/deployment-dev-sourcegraph-redis-cache.yaml";
const IMPORTED_AS_WRITTEN_3: &str =
    "imported as written: volume `redis-data` has a source rustomize does not model";
const IMPORTED_EXAMPLES_DEV_9: &str =
    "imported/examples-dev/deployment-dev-sourcegraph-redis-store.yaml";
const IMPORTED_EXAMPLES_DEV_10: &str =
    "imported/examples-dev/deployment-dev-sourcegraph-syntactic-code-intel.yaml";
const IMPORTED_AS_WRITTEN_4: &str = "imported as written: as typed, Deployment `syntactic-code-intel` would differ at `spec.template.spec.containers.[\"syntactic-code-intel\"].terminationMessagePath`: the original sets \"FallbackToLogsOnError\"; the typed form leaves it out";
const IMPORTED_EXAMPLES_DEV_11: &str =
    "imported/examples-dev/statefulset-dev-sourcegraph-codeinsights-db.yaml";
const IMPORTED_AS_WRITTEN_5: &str =
    "imported as written: volume `disk` has a source rustomize does not model";
const IMPORTED_EXAMPLES_DEV_12: &str =
    "imported/examples-dev/statefulset-dev-sourcegraph-codeintel-db.yaml";
const IMPORTED_EXAMPLES_DEV_13: &str =
    "imported/examples-dev/statefulset-dev-sourcegraph-gitserver.yaml";
const IMPORTED_AS_WRITTEN_6: &str =
    "imported as written: volume `ci-volume` has a source rustomize does not model";
const IMPORTED_EXAMPLES_DEV_14: &str =
    "imported/examples-dev/statefulset-dev-sourcegraph-grafana.yaml";
const IMPORTED_AS_WRITTEN_7: &str = "imported as written: as typed, it would be refused: a StatefulSet needs a Service for its pods' network identity (`expose`)";
const IMPORTED_EXAMPLES_DEV_15: &str =
    "imported/examples-dev/statefulset-dev-sourcegraph-indexed-search.yaml";
const IMPORTED_EXAMPLES_DEV_16: &str =
    "imported/examples-dev/statefulset-dev-sourcegraph-pgsql.yaml";
const IMPORTED_EXAMPLES_DEV_17: &str =
    "imported/examples-dev/statefulset-dev-sourcegraph-searcher.yaml";
const IMPORTED_EXAMPLES_DEV_18: &str =
    "imported/examples-dev/daemonset-dev-sourcegraph-node-exporter.yaml";
const IMPORTED_AS_WRITTEN_8: &str =
    "imported as written: volume `rootfs` has a source rustomize does not model";
const IMPORTED_EXAMPLES_DEV_19: &str =
    "imported/examples-dev/ingress-dev-sourcegraph-sourcegraph-frontend.yaml";

/// The `examples-dev` environment.
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
            IMPORTED_EXAMPLES_DEV,
            include_str!(
                "../../imported/examples-dev/configmap-dev-sourcegraph-codeinsights-db-conf.yaml"
            ),
        )
        .waiver(Waiver::literal_credential(IMPORTED_THE_ORIGINAL)),
    );
    // imported as-is: rustomize has no typed form of a ConfigMap that belongs to no app
    raw.push(
        RawYaml::of::<k8s::api::core::v1::ConfigMap>(
            IMPORTED_EXAMPLES_DEV_2,
            include_str!(
                "../../imported/examples-dev/configmap-dev-sourcegraph-codeintel-db-conf.yaml"
            ),
        )
        .waiver(Waiver::literal_credential(IMPORTED_THE_ORIGINAL)),
    );
    // imported as-is: rustomize has no typed form of a ConfigMap that belongs to no app
    raw.push(
        RawYaml::of::<k8s::api::core::v1::ConfigMap>(
            IMPORTED_EXAMPLES_DEV_3,
            include_str!("../../imported/examples-dev/configmap-dev-sourcegraph-pgsql-conf.yaml"),
        )
        .waiver(Waiver::literal_credential(IMPORTED_THE_ORIGINAL)),
    );
    // imported as-is: rustomize has no typed form of a ConfigMap that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::ConfigMap>(
        IMPORTED_EXAMPLES_DEV_4,
        include_str!("../../imported/examples-dev/configmap-dev-sourcegraph-prometheus.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a PersistentVolumeClaim that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::PersistentVolumeClaim>(
        IMPORTED_EXAMPLES_DEV_5,
        include_str!(
            "../../imported/examples-dev/persistentvolumeclaim-dev-sourcegraph-prometheus.yaml"
        ),
    ));
    // imported as-is: volume `blobstore-data` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::Deployment>(
            IMPORTED_EXAMPLES_DEV_6,
            include_str!("../../imported/examples-dev/deployment-dev-sourcegraph-blobstore.yaml"),
        )
        .exception(IMPORTED_AS_WRITTEN),
    );
    // imported as-is: volume `data` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::Deployment>(
            IMPORTED_EXAMPLES_DEV_7,
            include_str!("../../imported/examples-dev/deployment-dev-sourcegraph-prometheus.yaml"),
        )
        .exception(IMPORTED_AS_WRITTEN_2),
    );
    // imported as-is: volume `redis-data` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::Deployment>(
            IMPORTED_EXAMPLES_DEV_8,
            include_str!("../../imported/examples-dev/deployment-dev-sourcegraph-redis-cache.yaml"),
        )
        .exception(IMPORTED_AS_WRITTEN_3),
    );
    // imported as-is: volume `redis-data` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::Deployment>(
            IMPORTED_EXAMPLES_DEV_9,
            include_str!("../../imported/examples-dev/deployment-dev-sourcegraph-redis-store.yaml"),
        )
        .exception(IMPORTED_AS_WRITTEN_3),
    );
    // imported as-is: as typed, Deployment `syntactic-code-intel` would differ at `spec.template.spec.containers.["syntactic-code-intel"].terminationMessagePath`: the original sets "FallbackToLogsOnError"; the typed form leaves it out
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::Deployment>(
            IMPORTED_EXAMPLES_DEV_10,
            include_str!(
                "../../imported/examples-dev/deployment-dev-sourcegraph-syntactic-code-intel.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_4),
    );
    // imported as-is: volume `disk` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_DEV_11,
            include_str!(
                "../../imported/examples-dev/statefulset-dev-sourcegraph-codeinsights-db.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_5)
        .waiver(Waiver::literal_credential(IMPORTED_THE_ORIGINAL)),
    );
    // imported as-is: volume `disk` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_DEV_12,
            include_str!(
                "../../imported/examples-dev/statefulset-dev-sourcegraph-codeintel-db.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_5),
    );
    // imported as-is: volume `ci-volume` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_DEV_13,
            include_str!("../../imported/examples-dev/statefulset-dev-sourcegraph-gitserver.yaml"),
        )
        .exception(IMPORTED_AS_WRITTEN_6),
    );
    // imported as-is: as typed, it would be refused: a StatefulSet needs a Service for its pods' network identity (`expose`)
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_DEV_14,
            include_str!("../../imported/examples-dev/statefulset-dev-sourcegraph-grafana.yaml"),
        )
        .exception(IMPORTED_AS_WRITTEN_7),
    );
    // imported as-is: volume `ci-volume` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_DEV_15,
            include_str!(
                "../../imported/examples-dev/statefulset-dev-sourcegraph-indexed-search.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_6),
    );
    // imported as-is: volume `disk` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_DEV_16,
            include_str!("../../imported/examples-dev/statefulset-dev-sourcegraph-pgsql.yaml"),
        )
        .exception(IMPORTED_AS_WRITTEN_5),
    );
    // imported as-is: as typed, it would be refused: a StatefulSet needs a Service for its pods' network identity (`expose`)
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_DEV_17,
            include_str!("../../imported/examples-dev/statefulset-dev-sourcegraph-searcher.yaml"),
        )
        .exception(IMPORTED_AS_WRITTEN_7),
    );
    // imported as-is: volume `rootfs` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::DaemonSet>(
            IMPORTED_EXAMPLES_DEV_18,
            include_str!(
                "../../imported/examples-dev/daemonset-dev-sourcegraph-node-exporter.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_8),
    );
    // imported as-is: rustomize has no typed form of a Ingress that belongs to no app
    raw.push(RawYaml::of::<k8s::api::networking::v1::Ingress>(
        IMPORTED_EXAMPLES_DEV_19,
        include_str!(
            "../../imported/examples-dev/ingress-dev-sourcegraph-sourcegraph-frontend.yaml"
        ),
    ));
    Environment {
        name: "examples-dev".into(),
        tree: "overlays/examples-dev".into(),
        namespace: Some("dev-sourcegraph".into()),
        labels: labels(&[("deploy", "sourcegraph")]),
        namespace_labels: labels(&[("name", "sourcegraph-namespace")]),
        apps: vec![
            crate::apps::precise_code_intel_worker::app().with(Overlay {
                resources: Some(Resources::default()),
                ..Overlay::default()
            }),
            crate::apps::sourcegraph_frontend::app(&sourcegraph_frontend_env).with(Overlay {
                env_remove: vec!["JAEGER_SERVER_URL".into()],
                resources: Some(Resources::default()),
                containers: vec![ContainerOverlay {
                    resources: Some(Resources::default()),
                    ..ContainerOverlay::new("migrator")
                }],
                ..Overlay::default()
            }),
            crate::apps::syntect_server::app().with(Overlay {
                resources: Some(Resources::default()),
                ..Overlay::default()
            }),
            crate::apps::worker::app().with(Overlay {
                resources: Some(Resources::default()),
                ..Overlay::default()
            }),
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
