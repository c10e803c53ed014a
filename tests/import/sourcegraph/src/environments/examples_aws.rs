//! Environment `examples-aws`, imported from `../shared/corpus/import/sourcegraph/examples/aws` by `rustomize import`.

use rustomize::{
    App, Compute, Config, ContainerOverlay, Env, Environment, Ingress, Overlay, RawYaml,
    Resources, SharedConfig, Storage, StorageClassSpec, Waiver, k8s, labels,
};

const CODEINSIGHTS_PGDATASOURCE: &str = "postgres://postgres:password@codeinsights-db:5432/postgres";
const DAEMONSET_NODE_EXPORTER_FILE: &str = "imported/examples-aws/daemonset.apps_ns-sourcegraph_node-exporter.yaml";
const DAEMONSET_NODE_EXPORTER_REASON: &str = "imported as written: volume `rootfs` is a `hostPath` volume, a source rustomize does not model";
const CREDENTIAL_REASON: &str = "imported: the original commits this value in `../shared/corpus/import/sourcegraph/examples/aws`; move it to a Secret";
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

/// The `examples-aws` environment.
pub fn environment() -> Environment {
    let codeinsights_db_conf = crate::shared::codeinsights_db_conf();
    let codeintel_db_conf = crate::shared::codeintel_db_conf();
    let pgsql_conf = crate::shared::pgsql_conf();
    let sourcegraph_frontend_env = SharedConfig {
        labels: labels(
            &[
                ("app", "sourcegraph-frontend"),
                ("app.kubernetes.io/component", "frontend"),
                ("sourcegraph-resource-requires", "no-cluster-admin"),
            ],
        ),
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
                .set("INDEXED_SEARCH_SERVERS", "indexed-search-0.indexed-search:6070")
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
    // imported as-is: volume `rootfs` is a `hostPath` volume, a source rustomize does not model
    raw.push(
        RawYaml::of::<
            k8s::api::apps::v1::DaemonSet,
        >(
                DAEMONSET_NODE_EXPORTER_FILE,
                include_str!(
                    "../../imported/examples-aws/daemonset.apps_ns-sourcegraph_node-exporter.yaml",
                ),
            )
            .exception(DAEMONSET_NODE_EXPORTER_REASON),
    );
    Environment {
        namespace: Some("ns-sourcegraph".into()),
        labels: labels(&[("deploy", "sourcegraph")]),
        namespace_labels: labels(&[("name", "sourcegraph-namespace")]),
        apps: vec![
            App {
                storage: vec![
                    Storage {
                        storage_class: Some("sourcegraph".into()),
                        claim_name: Some("blobstore".into()),
                        ..Storage::new("blobstore-data", "100Gi")
                    },
                ],
                ..crate::apps::blobstore::app()
            }
                .with(Overlay {
                    resources: Some(
                        Resources::requests("100m", "250M").limits("1", "500M"),
                    ),
                    ..Overlay::default()
                }),
            crate::apps::precise_code_intel_worker::app()
                .with(Overlay {
                    resources: Some(
                        Resources::requests("100m", "250M").limits("2", "4G"),
                    ),
                    ..Overlay::default()
                }),
            App {
                storage: vec![
                    Storage {
                        storage_class: Some("sourcegraph".into()),
                        claim_name: Some("prometheus".into()),
                        ..Storage::new("data", "200Gi")
                    },
                ],
                ..crate::apps::prometheus::app()
            }
                .with(Overlay {
                    resources: Some(
                        Resources::requests("100m", "250M").limits("2", "6G"),
                    ),
                    ..Overlay::default()
                }),
            App {
                storage: vec![
                    Storage {
                        storage_class: Some("sourcegraph".into()),
                        claim_name: Some("redis-cache".into()),
                        ..Storage::new("redis-data", "100Gi")
                    },
                ],
                ..crate::apps::redis_cache::app()
            }
                .with(Overlay {
                    resources: Some(
                        Resources::requests("100m", "250M").limits("1", "3Gi"),
                    ),
                    ..Overlay::default()
                }),
            App {
                storage: vec![
                    Storage {
                        storage_class: Some("sourcegraph".into()),
                        claim_name: Some("redis-store".into()),
                        ..Storage::new("redis-data", "100Gi")
                    },
                ],
                ..crate::apps::redis_store::app()
            }
                .with(Overlay {
                    resources: Some(
                        Resources::requests("100m", "250M").limits("1", "3Gi"),
                    ),
                    ..Overlay::default()
                }),
            crate::apps::sourcegraph_frontend::app(&sourcegraph_frontend_env)
                .with(Overlay {
                    replicas: Some(2),
                    env_remove: vec!["JAEGER_SERVER_URL".into()],
                    resources: Some(Resources {
                        requests: Compute {
                            cpu: Some("100m".into()),
                            memory: Some("250M".into()),
                            ephemeral_storage: Some("4Gi".into()),
                            ..Compute::default()
                        },
                        limits: Compute {
                            cpu: Some("4".into()),
                            memory: Some("8G".into()),
                            ephemeral_storage: Some("8Gi".into()),
                            ..Compute::default()
                        },
                        ..Resources::default()
                    }),
                    ingress: Some(Ingress {
                        path: "/".into(),
                        port: "http".into(),
                        annotations: labels(
                            &[
                                ("alb.ingress.kubernetes.io/target-type", "ip"),
                                ("kubernetes.io/ingress.class", "alb"),
                                ("nginx.ingress.kubernetes.io/proxy-body-size", "150m"),
                            ],
                        ),
                        ..Ingress::default()
                    }),
                    ..Overlay::default()
                }),
            crate::apps::syntactic_code_intel::app()
                .with(Overlay {
                    resources: Some(
                        Resources::requests("100m", "250M").limits("2", "4G"),
                    ),
                    ..Overlay::default()
                }),
            crate::apps::syntect_server::app()
                .with(Overlay {
                    resources: Some(
                        Resources::requests("100m", "250M").limits("4", "6G"),
                    ),
                    ..Overlay::default()
                }),
            crate::apps::worker::app()
                .with(Overlay {
                    resources: Some(
                        Resources::requests("100m", "250M").limits("4", "4G"),
                    ),
                    ..Overlay::default()
                }),
            App {
                waivers: vec![Waiver::literal_credential(CREDENTIAL_REASON)],
                ..crate::apps::codeinsights_db::app(&codeinsights_db_conf)
            }
                .with(Overlay {
                    resources: Some(
                        Resources::requests("100m", "250M").limits("4", "4G"),
                    ),
                    ..Overlay::default()
                }),
            crate::apps::codeintel_db::app(&codeintel_db_conf)
                .with(Overlay {
                    resources: Some(
                        Resources::requests("100m", "250M").limits("4", "4G"),
                    ),
                    ..Overlay::default()
                }),
            App {
                storage: vec![
                    Storage {
                        storage_class: Some("sourcegraph".into()),
                        ..Storage::new("repos", "200Gi")
                    },
                ],
                ..crate::apps::gitserver::app()
            }
                .with(Overlay {
                    resources: Some(
                        Resources::requests("100m", "250M").limits("4", "8G"),
                    ),
                    ..Overlay::default()
                }),
            App {
                config: Config {
                    name: Some("grafana".into()),
                    ..Config::new().set("datasources.yml", DATASOURCES_YML)
                },
                storage: vec![
                    Storage {
                        storage_class: Some("sourcegraph".into()),
                        ..Storage::new("grafana-data", "2Gi")
                    },
                ],
                waivers: vec![Waiver::literal_credential(CREDENTIAL_REASON)],
                ..crate::apps::grafana::app()
            }
                .with(Overlay {
                    resources: Some(
                        Resources::requests("100m", "250M").limits("1", "512Mi"),
                    ),
                    ..Overlay::default()
                }),
            App {
                storage: vec![
                    Storage {
                        storage_class: Some("sourcegraph".into()),
                        labels: labels(&[("deploy", "sourcegraph")]),
                        ..Storage::new("data", "200Gi")
                    },
                ],
                ..crate::apps::indexed_search::app()
            }
                .with(Overlay {
                    resources: Some(
                        Resources::requests("100m", "250M").limits("8", "16G"),
                    ),
                    containers: vec![
                        ContainerOverlay {
                            resources: Some(
                                Resources::requests("100m", "250M").limits("8", "8G"),
                            ),
                            ..ContainerOverlay::new("zoekt-indexserver")
                        },
                    ],
                    ..Overlay::default()
                }),
            crate::apps::pgsql::app(&pgsql_conf)
                .with(Overlay {
                    resources: Some(
                        Resources::requests("100m", "250M").limits("4", "4G"),
                    ),
                    ..Overlay::default()
                }),
            App {
                storage: vec![
                    Storage {
                        storage_class: Some("sourcegraph".into()),
                        ..Storage::new("cache", "30G")
                    },
                ],
                ..crate::apps::searcher::app()
            }
                .with(Overlay {
                    env: Env::new()
                        .set("USE_ROCKSKIP", "true")
                        .set("ROCKSKIP_MIN_REPO_SIZE_MB", "1000"),
                    resources: Some(
                        Resources::requests("100m", "250M").limits("2", "2G"),
                    ),
                    ..Overlay::default()
                }),
        ],
        configs: vec![
            codeinsights_db_conf,
            codeintel_db_conf,
            pgsql_conf,
            sourcegraph_frontend_env,
        ],
        claims: vec![
            Storage {
                storage_class: Some("sourcegraph".into()),
                labels: labels(
                    &[
                        ("app.kubernetes.io/component", "codeinsights-db"),
                        ("sourcegraph-resource-requires", "no-cluster-admin"),
                    ],
                ),
                ..Storage::new("codeinsights-db", "200Gi")
            },
            Storage {
                storage_class: Some("sourcegraph".into()),
                labels: labels(
                    &[
                        ("app.kubernetes.io/component", "codeintel-db"),
                        ("sourcegraph-resource-requires", "no-cluster-admin"),
                    ],
                ),
                ..Storage::new("codeintel-db", "200Gi")
            },
            Storage {
                storage_class: Some("sourcegraph".into()),
                labels: labels(
                    &[
                        ("app.kubernetes.io/component", "pgsql"),
                        ("sourcegraph-resource-requires", "no-cluster-admin"),
                    ],
                ),
                ..Storage::new("pgsql", "200Gi")
            },
        ],
        services: vec![
            crate::shared::gitserver_service(),
            crate::shared::node_exporter_service(),
        ],
        storage_classes: vec![
            StorageClassSpec {
                parameters: labels(&[("type", "gp2")]),
                reclaim_policy: Some("Retain".into()),
                volume_binding_mode: Some("WaitForFirstConsumer".into()),
                allow_volume_expansion: Some(true),
                ..StorageClassSpec::new("sourcegraph", "kubernetes.io/aws-ebs")
            },
        ],
        waivers: vec![Waiver::literal_credential(CREDENTIAL_REASON)],
        raw,
        ..Environment::named("examples-aws")
    }
}
