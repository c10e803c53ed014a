//! Environment `examples-dev`, imported from `../shared/corpus/import/sourcegraph/examples/dev` by `rustomize import`.

use rustomize::{
    App, Config, ContainerOverlay, Environment, Expose, ExposeType, FileSource, Files,
    Overlay, RawYaml, Resources, ServicePort, ServiceSpec, SharedConfig, Volume,
    VolumeSource, Waiver, k8s, labels,
};

const CODEINSIGHTS_PGDATASOURCE: &str = "postgres://postgres:password@codeinsights-db:5432/postgres";
const PERSISTENTVOLUMECLAIM_PROMETHEUS_FILE: &str = "imported/examples-dev/persistentvolumeclaim_dev-sourcegraph_prometheus.yaml";
const STATEFULSET_GITSERVER_FILE: &str = "imported/examples-dev/statefulset.apps_dev-sourcegraph_gitserver.yaml";
const STATEFULSET_GITSERVER_REASON: &str = "imported as written: volume `ci-volume` is a `hostPath` volume, a source rustomize does not model";
const STATEFULSET_INDEXED_SEARCH_FILE: &str = "imported/examples-dev/statefulset.apps_dev-sourcegraph_indexed-search.yaml";
const DAEMONSET_NODE_EXPORTER_FILE: &str = "imported/examples-dev/daemonset.apps_dev-sourcegraph_node-exporter.yaml";
const DAEMONSET_NODE_EXPORTER_REASON: &str = "imported as written: volume `rootfs` is a `hostPath` volume, a source rustomize does not model";
const CREDENTIAL_REASON: &str = "imported: the original commits this value in `../shared/corpus/import/sourcegraph/examples/dev`; move it to a Secret";
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
const DESCRIPTION: &str = "Headless service that provides a stable network identity for the indexed-search stateful set.";

/// The `examples-dev` environment.
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
    // imported as-is: its claim names no access mode, and `Storage` needs one
    raw.push(
        RawYaml::of::<
            k8s::api::core::v1::PersistentVolumeClaim,
        >(
            PERSISTENTVOLUMECLAIM_PROMETHEUS_FILE,
            include_str!(
                "../../imported/examples-dev/persistentvolumeclaim_dev-sourcegraph_prometheus.yaml",
            ),
        ),
    );
    // imported as-is: volume `ci-volume` is a `hostPath` volume, a source rustomize does not model
    raw.push(
        RawYaml::of::<
            k8s::api::apps::v1::StatefulSet,
        >(
                STATEFULSET_GITSERVER_FILE,
                include_str!(
                    "../../imported/examples-dev/statefulset.apps_dev-sourcegraph_gitserver.yaml",
                ),
            )
            .exception(STATEFULSET_GITSERVER_REASON),
    );
    // imported as-is: volume `ci-volume` is a `hostPath` volume, a source rustomize does not model
    raw.push(
        RawYaml::of::<
            k8s::api::apps::v1::StatefulSet,
        >(
                STATEFULSET_INDEXED_SEARCH_FILE,
                include_str!(
                    "../../imported/examples-dev/statefulset.apps_dev-sourcegraph_indexed-search.yaml",
                ),
            )
            .exception(STATEFULSET_GITSERVER_REASON),
    );
    // imported as-is: volume `rootfs` is a `hostPath` volume, a source rustomize does not model
    raw.push(
        RawYaml::of::<
            k8s::api::apps::v1::DaemonSet,
        >(
                DAEMONSET_NODE_EXPORTER_FILE,
                include_str!(
                    "../../imported/examples-dev/daemonset.apps_dev-sourcegraph_node-exporter.yaml",
                ),
            )
            .exception(DAEMONSET_NODE_EXPORTER_REASON),
    );
    Environment {
        namespace: Some("dev-sourcegraph".into()),
        labels: labels(&[("deploy", "sourcegraph")]),
        namespace_labels: labels(&[("name", "sourcegraph-namespace")]),
        apps: vec![
            App {
                storage: vec![],
                volumes: vec![Volume::new("blobstore-data", VolumeSource::EmptyDir)],
                ..crate::apps::blobstore::app()
            }
                .with(Overlay {
                    resources: Some(Resources::default()),
                    ..Overlay::default()
                }),
            crate::apps::precise_code_intel_worker::app()
                .with(Overlay {
                    resources: Some(Resources::default()),
                    ..Overlay::default()
                }),
            App {
                storage: vec![],
                volumes: vec![
                    Volume::new("data", VolumeSource::EmptyDir),
                    Volume::new(
                        "config",
                        VolumeSource::Files(Files {
                            default_mode: Some(0o777),
                            ..Files::new(FileSource::Config)
                        }),
                    ),
                ],
                ..crate::apps::prometheus::app()
            }
                .with(Overlay {
                    resources: Some(Resources::default()),
                    ..Overlay::default()
                }),
            App {
                storage: vec![],
                volumes: vec![Volume::new("redis-data", VolumeSource::EmptyDir)],
                ..crate::apps::redis_cache::app()
            }
                .with(Overlay {
                    resources: Some(Resources::default()),
                    containers: vec![
                        ContainerOverlay {
                            resources: Some(Resources::default()),
                            ..ContainerOverlay::new("redis-exporter")
                        },
                    ],
                    ..Overlay::default()
                }),
            App {
                storage: vec![],
                volumes: vec![Volume::new("redis-data", VolumeSource::EmptyDir)],
                ..crate::apps::redis_store::app()
            }
                .with(Overlay {
                    resources: Some(Resources::default()),
                    containers: vec![
                        ContainerOverlay {
                            resources: Some(Resources::default()),
                            ..ContainerOverlay::new("redis-exporter")
                        },
                    ],
                    ..Overlay::default()
                }),
            crate::apps::sourcegraph_frontend::app(&sourcegraph_frontend_env)
                .with(Overlay {
                    env_remove: vec!["JAEGER_SERVER_URL".into()],
                    resources: Some(Resources::default()),
                    containers: vec![
                        ContainerOverlay {
                            resources: Some(Resources::default()),
                            ..ContainerOverlay::new("migrator")
                        },
                    ],
                    ..Overlay::default()
                }),
            crate::apps::syntactic_code_intel::app()
                .with(Overlay {
                    resources: Some(Resources::default()),
                    ..Overlay::default()
                }),
            crate::apps::syntect_server::app()
                .with(Overlay {
                    resources: Some(Resources::default()),
                    ..Overlay::default()
                }),
            crate::apps::worker::app()
                .with(Overlay {
                    resources: Some(Resources::default()),
                    ..Overlay::default()
                }),
            App {
                volumes: vec![
                    Volume::new("disk", VolumeSource::EmptyDir),
                    Volume::new(
                        "codeinsights-conf",
                        VolumeSource::Files(Files {
                            default_mode: Some(0o777),
                            ..Files::new(
                                FileSource::SharedConfig(codeinsights_db_conf.handle()),
                            )
                        }),
                    ),
                ],
                waivers: vec![Waiver::literal_credential(CREDENTIAL_REASON)],
                ..crate::apps::codeinsights_db::app(&codeinsights_db_conf)
            }
                .with(Overlay {
                    resources: Some(Resources::default()),
                    containers: vec![
                        ContainerOverlay {
                            resources: Some(Resources::default()),
                            ..ContainerOverlay::new("pgsql-exporter")
                        },
                        ContainerOverlay {
                            resources: Some(Resources::default()),
                            ..ContainerOverlay::new("correct-data-dir-permissions")
                        },
                    ],
                    ..Overlay::default()
                }),
            App {
                volumes: vec![
                    Volume::new("disk", VolumeSource::EmptyDir),
                    Volume::new(
                        "pgsql-conf",
                        VolumeSource::Files(Files {
                            default_mode: Some(0o777),
                            ..Files::new(
                                FileSource::SharedConfig(codeintel_db_conf.handle()),
                            )
                        }),
                    ),
                ],
                ..crate::apps::codeintel_db::app(&codeintel_db_conf)
            }
                .with(Overlay {
                    resources: Some(Resources::default()),
                    containers: vec![
                        ContainerOverlay {
                            resources: Some(Resources::default()),
                            ..ContainerOverlay::new("pgsql-exporter")
                        },
                        ContainerOverlay {
                            resources: Some(Resources::default()),
                            ..ContainerOverlay::new("correct-data-dir-permissions")
                        },
                    ],
                    ..Overlay::default()
                }),
            App {
                config: Config {
                    name: Some("grafana".into()),
                    ..Config::new().set("datasources.yml", DATASOURCES_YML)
                },
                waivers: vec![Waiver::literal_credential(CREDENTIAL_REASON)],
                ..crate::apps::grafana::app()
            }
                .with(Overlay {
                    resources: Some(Resources::default()),
                    ..Overlay::default()
                }),
            App {
                volumes: vec![
                    Volume::new("disk", VolumeSource::EmptyDir),
                    Volume::new(
                        "pgsql-conf",
                        VolumeSource::Files(Files {
                            default_mode: Some(0o777),
                            ..Files::new(FileSource::SharedConfig(pgsql_conf.handle()))
                        }),
                    ),
                    Volume::new("dshm", VolumeSource::Memory("1G".into())),
                ],
                ..crate::apps::pgsql::app(&pgsql_conf)
            }
                .with(Overlay {
                    resources: Some(Resources::default()),
                    containers: vec![
                        ContainerOverlay {
                            resources: Some(Resources::default()),
                            ..ContainerOverlay::new("pgsql-exporter")
                        },
                        ContainerOverlay {
                            resources: Some(Resources::default()),
                            ..ContainerOverlay::new("correct-data-dir-permissions")
                        },
                    ],
                    ..Overlay::default()
                }),
            crate::apps::searcher::app()
                .with(Overlay {
                    resources: Some(Resources::default()),
                    ..Overlay::default()
                }),
        ],
        configs: vec![
            codeinsights_db_conf,
            codeintel_db_conf,
            pgsql_conf,
            sourcegraph_frontend_env,
        ],
        services: vec![
            crate::shared::gitserver_service(),
            ServiceSpec::new(
                "indexed-search",
                labels(&[("app", "indexed-search")]),
                Expose {
                    type_: ExposeType::Headless,
                    ports: vec![ServicePort::new("6070", 6070)],
                    annotations: labels(
                        &[
                            ("description", DESCRIPTION),
                            ("prometheus.io/port", "6070"),
                            ("sourcegraph.prometheus/scrape", "true"),
                        ],
                    ),
                    labels: labels(
                        &[
                            ("app", "indexed-search"),
                            ("app.kubernetes.io/component", "indexed-search"),
                            ("sourcegraph-resource-requires", "no-cluster-admin"),
                        ],
                    ),
                    ..Expose::default()
                },
            ),
            ServiceSpec::new(
                "indexed-search-indexer",
                labels(&[("app", "indexed-search")]),
                Expose {
                    type_: ExposeType::Headless,
                    ports: vec![ServicePort::new("6072", 6072)],
                    annotations: labels(
                        &[
                            ("description", DESCRIPTION),
                            ("prometheus.io/port", "6072"),
                            ("sourcegraph.prometheus/scrape", "true"),
                        ],
                    ),
                    labels: labels(
                        &[
                            ("app", "indexed-search-indexer"),
                            ("app.kubernetes.io/component", "indexed-search"),
                            ("sourcegraph-resource-requires", "no-cluster-admin"),
                        ],
                    ),
                    ..Expose::default()
                },
            ),
            crate::shared::node_exporter_service(),
        ],
        waivers: vec![Waiver::literal_credential(CREDENTIAL_REASON)],
        raw,
        ..Environment::named("examples-dev")
    }
}
