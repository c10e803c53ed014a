//! Environment `examples-old-cluster`, imported from `../shared/corpus/import/sourcegraph/examples/old-cluster` by `rustomize import`.

use rustomize::{
    App, BindingSpec, Compute, Config, Container, Env, EnvValue, Environment, Expose,
    ExposeType, FileSource, Files, Grant, Grantee, Image, ImageRef, IntOrPercent, Mount,
    Overlay, Port, Probe, Probes, PullPolicy, RawYaml, ResourceRef, Resources, RoleSpec,
    Rollout, Rule, Security, ServiceAccount, ServiceAccountSpec, ServicePort,
    ServiceSpec, SharedConfig, Storage, Strategy, Volume, VolumeSource, Waiver, Workload,
    k8s, labels,
};

const CODEINSIGHTS_PGDATASOURCE: &str = "postgres://postgres:password@codeinsights-db:5432/postgres";
const DAEMONSET_CADVISOR_FILE: &str = "imported/examples-old-cluster/daemonset.apps_ns-sourcegraph_cadvisor.yaml";
const DAEMONSET_NODE_EXPORTER_REASON: &str = "imported as written: volume `rootfs` is a `hostPath` volume, a source rustomize does not model";
const DAEMONSET_NODE_EXPORTER_FILE: &str = "imported/examples-old-cluster/daemonset.apps_ns-sourcegraph_node-exporter.yaml";
const SECURITY_EXCEPTION: &str = "imported: the original has a writable root filesystem, runs as root, allows privilege escalation, keeps the runtime's default capabilities, mounts the ServiceAccount token, and has no NetworkPolicy of its own";
const CODEINSIGHTS_IMAGE: &str = "index.docker.io/sourcegraph/postgresql-16-codeinsights";
const CODEINSIGHTS_DIGEST: &str = "sha256:5946147e89c36775a1b03a005db4cdd6b557fd01efca70a90ad8f28eaf6f6749";
const PGSQL_EXPORTER_DIGEST: &str = "sha256:8b289f196018c54ead72552a02c3a29f14bf1e5e199065129f303db5d41aa653";
const DATA_SOURCE_NAME: &str = "postgres://postgres:@localhost:5432/?sslmode=disable";
const CREDENTIAL_REASON: &str = "imported: the original commits this value in `../shared/corpus/import/sourcegraph/examples/old-cluster`; move it to a Secret";
const PGSQL_DIGEST: &str = "sha256:83bab9e63d9eaa7a9052e095af64983aab2c87fb11e6157f4f05fe95d8c22c32";
const OTEL_AGENT_IMAGE: &str = "index.docker.io/sourcegraph/opentelemetry-collector";
const OTEL_AGENT_DIGEST: &str = "sha256:7c748a36a25b165477f5633c2f92378c951d1f2310202b54da8725e97b4b77e4";
const OTEL_COLLECTOR_ARGUMENT: &str = "--config=/etc/otel-collector/configs/logging.yaml";
const SECURITY_EXCEPTION_2: &str = "imported: the original has a writable root filesystem, runs as the image's user, allows privilege escalation, keeps the runtime's default capabilities, mounts the ServiceAccount token, and has no NetworkPolicy of its own";
const PROMETHEUS_YML: &str = include_str!("files/examples_old_cluster/prometheus.yml");
const SEARCHER_DIGEST: &str = "sha256:026fca70bfe2f2a91e867877a01f962adf3948a1cc5512c216ec45a5e41f164b";
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
const SECURITY_EXCEPTION_3: &str = "imported: the original has a writable root filesystem, runs as the image's user, allows privilege escalation, keeps the runtime's default capabilities, opens ports on the node, mounts the ServiceAccount token, and has no NetworkPolicy of its own";

/// The `examples-old-cluster` environment.
pub fn environment() -> Environment {
    let codeinsights_db_conf = crate::shared::codeinsights_db_conf();
    let codeintel_db_conf = crate::shared::codeintel_db_conf();
    let pgsql_conf = crate::shared::pgsql_conf();
    let prometheus = SharedConfig {
        labels: labels(
            &[
                ("app.kubernetes.io/component", "prometheus"),
                ("sourcegraph-resource-requires", "no-cluster-admin"),
            ],
        ),
        ..SharedConfig::new(
            "prometheus",
            Config::new().set("prometheus_targets.yml", ""),
        )
    };
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
                .set("INDEXED_SEARCH_SERVERS", "k8s+rpc://indexed-search:6070?kind=sts")
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
        labels: labels(
            &[
                ("app.kubernetes.io/component", "prometheus"),
                ("category", "rbac"),
                ("sourcegraph-resource-requires", "no-cluster-admin"),
            ],
        ),
        ..ServiceAccountSpec::new("prometheus")
    };
    let sourcegraph_frontend_account = ServiceAccountSpec {
        labels: labels(
            &[
                ("app.kubernetes.io/component", "frontend"),
                ("category", "rbac"),
                ("sourcegraph-resource-requires", "no-cluster-admin"),
            ],
        ),
        image_pull_secrets: vec!["docker-registry".into()],
        ..ServiceAccountSpec::new("sourcegraph-frontend")
    };
    let grafana_account = ServiceAccountSpec {
        labels: labels(
            &[
                ("app.kubernetes.io/component", "grafana"),
                ("category", "rbac"),
                ("sourcegraph-resource-requires", "no-cluster-admin"),
            ],
        ),
        image_pull_secrets: vec!["docker-registry".into()],
        ..ServiceAccountSpec::new("grafana")
    };
    let cadvisor_account = ServiceAccountSpec {
        labels: labels(
            &[
                ("app", "cadvisor"),
                ("app.kubernetes.io/component", "cadvisor"),
                ("category", "rbac"),
                ("sourcegraph-resource-requires", "cluster-admin"),
            ],
        ),
        ..ServiceAccountSpec::new("cadvisor")
    };
    let sourcegraph_frontend_role = RoleSpec {
        labels: labels(
            &[
                ("app.kubernetes.io/component", "frontend"),
                ("category", "rbac"),
                ("sourcegraph-resource-requires", "cluster-admin"),
            ],
        ),
        ..RoleSpec::new(
            "sourcegraph-frontend",
            vec![
                Rule::new(&[""], &["endpoints", "services"], &["get", "list", "watch"]),
                Rule::new(&["apps"], &["statefulsets"], &["get", "list", "watch"]),
            ],
        )
    };
    let prometheus_cluster_role = RoleSpec {
        labels: labels(
            &[
                ("app.kubernetes.io/component", "prometheus"),
                ("category", "rbac"),
                ("sourcegraph-resource-requires", "cluster-admin"),
            ],
        ),
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
        labels: labels(
            &[
                ("app.kubernetes.io/component", "frontend"),
                ("category", "rbac"),
                ("sourcegraph-resource-requires", "cluster-admin"),
            ],
        ),
        ..BindingSpec::new(
            "sourcegraph-frontend",
            Grant::from(&sourcegraph_frontend_role),
            vec![Grantee::from(&sourcegraph_frontend_account)],
        )
    };
    let prometheus_cluster_binding = BindingSpec {
        labels: labels(
            &[
                ("app.kubernetes.io/component", "prometheus"),
                ("category", "rbac"),
                ("sourcegraph-resource-requires", "cluster-admin"),
            ],
        ),
        ..BindingSpec::cluster(
            "prometheus",
            Grant::from(&prometheus_cluster_role),
            vec![Grantee::from(&prometheus_account)],
        )
    };
    let mut raw = Vec::new();
    // imported as-is: volume `rootfs` is a `hostPath` volume, a source rustomize does not model
    raw.push(
        RawYaml::of::<
            k8s::api::apps::v1::DaemonSet,
        >(
                DAEMONSET_CADVISOR_FILE,
                include_str!(
                    "../../imported/examples-old-cluster/daemonset.apps_ns-sourcegraph_cadvisor.yaml",
                ),
            )
            .exception(DAEMONSET_NODE_EXPORTER_REASON),
    );
    // imported as-is: volume `rootfs` is a `hostPath` volume, a source rustomize does not model
    raw.push(
        RawYaml::of::<
            k8s::api::apps::v1::DaemonSet,
        >(
                DAEMONSET_NODE_EXPORTER_FILE,
                include_str!(
                    "../../imported/examples-old-cluster/daemonset.apps_ns-sourcegraph_node-exporter.yaml",
                ),
            )
            .exception(DAEMONSET_NODE_EXPORTER_REASON),
    );
    Environment {
        namespace: Some("ns-sourcegraph".into()),
        labels: labels(&[("deploy", "sourcegraph")]),
        apps: vec![
            App {
                storage: vec![
                    Storage {
                        storage_class: Some("sourcegraph".into()),
                        claim_name: Some("blobstore".into()),
                        ..Storage::new("blobstore-data", "100Gi")
                    },
                ],
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
                    exception: Some(SECURITY_EXCEPTION.into()),
                    ..Security::default()
                },
                ..crate::apps::blobstore::app()
            },
            App {
                workload: Workload::Deployment,
                containers: vec![
                    Container {
                        name: "codeinsights".into(),
                        image: Image {
                            repository: CODEINSIGHTS_IMAGE.into(),
                            reference: ImageRef::TagAndDigest(
                                "6.2.1106".into(),
                                CODEINSIGHTS_DIGEST.into(),
                            ),
                        },
                        pull_policy: PullPolicy::IfNotPresent,
                        ports: vec![Port::tcp("codeinsights-db", 5432)],
                        env: Env::new()
                            .set("POSTGRES_DB", "postgres")
                            .set("POSTGRES_PASSWORD", "password")
                            .set("POSTGRES_USER", "postgres")
                            .set("PGDATA", "/var/lib/postgresql/data/pgdata")
                            .set("POSTGRESQL_CONF_DIR", "/conf"),
                        resources: Resources::requests("4", "2Gi").limits("4", "2Gi"),
                        mounts: vec![
                            Mount::new("disk", "/var/lib/postgresql/data/"),
                            Mount::new("codeinsights-conf", "/conf"),
                        ],
                        logs_on_failure: true,
                        ..Container::default()
                    },
                    Container {
                        name: "pgsql-exporter".into(),
                        image: Image {
                            repository: "index.docker.io/sourcegraph/postgres_exporter"
                                .into(),
                            reference: ImageRef::TagAndDigest(
                                "6.2.1106".into(),
                                PGSQL_EXPORTER_DIGEST.into(),
                            ),
                        },
                        pull_policy: PullPolicy::IfNotPresent,
                        ports: vec![Port::tcp("pgsql-exporter", 9187)],
                        env: Env::new()
                            .set("DATA_SOURCE_NAME", DATA_SOURCE_NAME)
                            .set(
                                "PG_EXPORTER_EXTEND_QUERY_PATH",
                                "/config/code_insights_queries.yaml",
                            ),
                        resources: Resources::requests("10m", "50Mi")
                            .limits("10m", "50Mi"),
                        logs_on_failure: true,
                        ..Container::default()
                    },
                ],
                storage: vec![
                    Storage {
                        storage_class: Some("sourcegraph".into()),
                        claim_name: Some("codeinsights-db".into()),
                        ..Storage::new("disk", "200Gi")
                    },
                ],
                volumes: vec![
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
                rollout: Rollout {
                    strategy: Some(Strategy::Recreate),
                    revision_history_limit: Some(10),
                    ..Rollout::default()
                },
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
                    user_on_containers: true,
                    exception: Some(SECURITY_EXCEPTION.into()),
                    ..Security::default()
                },
                waivers: vec![Waiver::literal_credential(CREDENTIAL_REASON)],
                ..crate::apps::codeinsights_db::app(&codeinsights_db_conf)
            },
            App {
                workload: Workload::Deployment,
                containers: vec![
                    Container {
                        name: "pgsql".into(),
                        image: Image {
                            repository: "index.docker.io/sourcegraph/postgresql-16"
                                .into(),
                            reference: ImageRef::TagAndDigest(
                                "6.2.1106".into(),
                                PGSQL_DIGEST.into(),
                            ),
                        },
                        pull_policy: PullPolicy::IfNotPresent,
                        ports: vec![Port::tcp("pgsql", 5432)],
                        probes: Probes {
                            liveness: Some(Probe::exec(&["/liveness.sh"]).after(15)),
                            readiness: Some(Probe::exec(&["/ready.sh"])),
                            startup: Some(
                                Probe::exec(&["/liveness.sh"]).every(10).failures(360),
                            ),
                            ..Probes::default()
                        },
                        resources: Resources::requests("4", "4Gi").limits("4", "4Gi"),
                        mounts: vec![
                            Mount::new("disk", "/data"),
                            Mount::new("pgsql-conf", "/conf"),
                        ],
                        logs_on_failure: true,
                        ..Container::default()
                    },
                    Container {
                        name: "pgsql-exporter".into(),
                        image: Image {
                            repository: "index.docker.io/sourcegraph/postgres_exporter"
                                .into(),
                            reference: ImageRef::TagAndDigest(
                                "6.2.1106".into(),
                                PGSQL_EXPORTER_DIGEST.into(),
                            ),
                        },
                        pull_policy: PullPolicy::IfNotPresent,
                        ports: vec![Port::tcp("pgsql-exporter", 9187)],
                        env: Env::new()
                            .set(
                                "DATA_SOURCE_NAME",
                                "postgres://sg:@localhost:5432/?sslmode=disable",
                            )
                            .set(
                                "PG_EXPORTER_EXTEND_QUERY_PATH",
                                "/config/code_intel_queries.yaml",
                            ),
                        resources: Resources::requests("10m", "50Mi")
                            .limits("10m", "50Mi"),
                        logs_on_failure: true,
                        ..Container::default()
                    },
                ],
                storage: vec![
                    Storage {
                        storage_class: Some("sourcegraph".into()),
                        claim_name: Some("codeintel-db".into()),
                        ..Storage::new("disk", "200Gi")
                    },
                ],
                volumes: vec![
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
                rollout: Rollout {
                    strategy: Some(Strategy::Recreate),
                    revision_history_limit: Some(10),
                    ..Rollout::default()
                },
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
                    user_on_containers: true,
                    exception: Some(SECURITY_EXCEPTION.into()),
                    ..Security::default()
                },
                ..crate::apps::codeintel_db::app(&codeintel_db_conf)
            },
            App {
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
                            OTEL_COLLECTOR_ARGUMENT.into(),
                        ],
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
                    },
                ],
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
                workload: Workload::Deployment,
                containers: vec![
                    Container {
                        name: "pgsql".into(),
                        image: Image {
                            repository: "index.docker.io/sourcegraph/postgresql-16"
                                .into(),
                            reference: ImageRef::TagAndDigest(
                                "6.2.1106".into(),
                                PGSQL_DIGEST.into(),
                            ),
                        },
                        pull_policy: PullPolicy::IfNotPresent,
                        ports: vec![Port::tcp("pgsql", 5432)],
                        probes: Probes {
                            liveness: Some(Probe::exec(&["/liveness.sh"]).after(15)),
                            readiness: Some(Probe::exec(&["/ready.sh"])),
                            startup: Some(
                                Probe::exec(&["/liveness.sh"]).every(10).failures(360),
                            ),
                            ..Probes::default()
                        },
                        resources: Resources::requests("4", "4Gi").limits("4", "4Gi"),
                        mounts: vec![
                            Mount::new("disk", "/data"),
                            Mount::new("pgsql-conf", "/conf"),
                            Mount::new("dshm", "/dev/shm"),
                        ],
                        logs_on_failure: true,
                        ..Container::default()
                    },
                    Container {
                        name: "pgsql-exporter".into(),
                        image: Image {
                            repository: "index.docker.io/sourcegraph/postgres_exporter"
                                .into(),
                            reference: ImageRef::TagAndDigest(
                                "6.2.1106".into(),
                                PGSQL_EXPORTER_DIGEST.into(),
                            ),
                        },
                        pull_policy: PullPolicy::IfNotPresent,
                        ports: vec![Port::tcp("pgsql-exporter", 9187)],
                        env: Env::new()
                            .set(
                                "DATA_SOURCE_NAME",
                                "postgres://sg:@localhost:5432/?sslmode=disable",
                            )
                            .set(
                                "PG_EXPORTER_EXTEND_QUERY_PATH",
                                "/config/queries.yaml",
                            ),
                        resources: Resources::requests("10m", "50Mi")
                            .limits("10m", "50Mi"),
                        logs_on_failure: true,
                        ..Container::default()
                    },
                ],
                storage: vec![
                    Storage {
                        storage_class: Some("sourcegraph".into()),
                        claim_name: Some("pgsql".into()),
                        ..Storage::new("disk", "200Gi")
                    },
                ],
                volumes: vec![
                    Volume::new(
                        "pgsql-conf",
                        VolumeSource::Files(Files {
                            default_mode: Some(0o777),
                            ..Files::new(FileSource::SharedConfig(pgsql_conf.handle()))
                        }),
                    ),
                    Volume::new("dshm", VolumeSource::Memory("1G".into())),
                ],
                rollout: Rollout {
                    strategy: Some(Strategy::Recreate),
                    revision_history_limit: Some(10),
                    ..Rollout::default()
                },
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
                    user_on_containers: true,
                    exception: Some(SECURITY_EXCEPTION.into()),
                    ..Security::default()
                },
                ..crate::apps::pgsql::app(&pgsql_conf)
            },
            App {
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
                    user_on_containers: true,
                    exception: Some(SECURITY_EXCEPTION.into()),
                    ..Security::default()
                },
                ..crate::apps::precise_code_intel_worker::app()
            }
                .with(Overlay {
                    replicas: Some(2),
                    ..Overlay::default()
                }),
            App {
                config: Config {
                    name: Some("prometheus-rbac".into()),
                    ..Config::new()
                        .set("extra_rules.yml", "")
                        .set("prometheus.yml", PROMETHEUS_YML)
                        .set("prometheus_targets.yml", "")
                },
                storage: vec![
                    Storage {
                        storage_class: Some("sourcegraph".into()),
                        claim_name: Some("prometheus".into()),
                        ..Storage::new("data", "200Gi")
                    },
                ],
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
                    exception: Some(SECURITY_EXCEPTION.into()),
                    ..Security::default()
                },
                waivers: vec![Waiver::literal_credential(CREDENTIAL_REASON)],
                ..crate::apps::prometheus::app()
            },
            App {
                storage: vec![
                    Storage {
                        storage_class: Some("sourcegraph".into()),
                        claim_name: Some("redis-cache".into()),
                        ..Storage::new("redis-data", "100Gi")
                    },
                ],
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
                    user_on_containers: true,
                    exception: Some(SECURITY_EXCEPTION.into()),
                    ..Security::default()
                },
                ..crate::apps::redis_cache::app()
            },
            App {
                storage: vec![
                    Storage {
                        storage_class: Some("sourcegraph".into()),
                        claim_name: Some("redis-store".into()),
                        ..Storage::new("redis-data", "100Gi")
                    },
                ],
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
                    user_on_containers: true,
                    exception: Some(SECURITY_EXCEPTION.into()),
                    ..Security::default()
                },
                ..crate::apps::redis_store::app()
            },
            App {
                workload: Workload::Deployment,
                containers: vec![
                    Container {
                        name: "searcher".into(),
                        image: Image {
                            repository: "index.docker.io/sourcegraph/searcher".into(),
                            reference: ImageRef::TagAndDigest(
                                "6.2.1106".into(),
                                SEARCHER_DIGEST.into(),
                            ),
                        },
                        pull_policy: PullPolicy::IfNotPresent,
                        ports: vec![Port::http(3181), Port::tcp("debug", 6060)],
                        env: Env::new()
                            .set(
                                "SEARCHER_CACHE_SIZE_MB",
                                EnvValue::Resource(ResourceRef {
                                    resource: "requests.ephemeral-storage".into(),
                                    container: Some("searcher".into()),
                                    divisor: Some("1M".into()),
                                }),
                            )
                            .set("POD_NAME", EnvValue::Field("metadata.name".into()))
                            .set("CACHE_DIR", "/mnt/cache/$(POD_NAME)")
                            .set(
                                "OTEL_AGENT_HOST",
                                EnvValue::Field("status.hostIP".into()),
                            )
                            .set(
                                "OTEL_EXPORTER_OTLP_ENDPOINT",
                                "http://$(OTEL_AGENT_HOST):4317",
                            ),
                        probes: Probes {
                            readiness: Some(
                                Probe::http("/healthz", "http")
                                    .every(5)
                                    .timeout(5)
                                    .failures(3),
                            ),
                            ..Probes::default()
                        },
                        resources: Resources {
                            requests: Compute {
                                cpu: Some("500m".into()),
                                memory: Some("500M".into()),
                                ephemeral_storage: Some("25G".into()),
                                ..Compute::default()
                            },
                            limits: Compute {
                                cpu: Some("2".into()),
                                memory: Some("2G".into()),
                                ephemeral_storage: Some("26G".into()),
                                ..Compute::default()
                            },
                            ..Resources::default()
                        },
                        mounts: vec![Mount::new("cache-ssd", "/mnt/cache")],
                        logs_on_failure: true,
                        ..Container::default()
                    },
                ],
                expose: Some(Expose {
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
                    annotations: labels(
                        &[
                            ("prometheus.io/port", "6060"),
                            ("sourcegraph.prometheus/scrape", "true"),
                        ],
                    ),
                    labels: labels(&[("app", "searcher")]),
                    ..Expose::default()
                }),
                storage: vec![],
                volumes: vec![
                    Volume::new("cache-ssd", VolumeSource::EmptyDir),
                    Volume::new("cache", VolumeSource::EmptyDir),
                ],
                rollout: Rollout {
                    strategy: Some(Strategy::RollingUpdate {
                        max_surge: Some(IntOrPercent::Count(1)),
                        max_unavailable: Some(IntOrPercent::Count(1)),
                    }),
                    revision_history_limit: Some(10),
                    ..Rollout::default()
                },
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
                    exception: Some(SECURITY_EXCEPTION.into()),
                    ..Security::default()
                },
                ..crate::apps::searcher::app()
            }
                .with(Overlay {
                    replicas: Some(2),
                    ..Overlay::default()
                }),
            App {
                service_account: ServiceAccount::Shared(
                    sourcegraph_frontend_account.handle(),
                ),
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
                    user_on_containers: true,
                    exception: Some(SECURITY_EXCEPTION.into()),
                    ..Security::default()
                },
                ..crate::apps::sourcegraph_frontend::app(&sourcegraph_frontend_env)
            }
                .with(Overlay {
                    replicas: Some(2),
                    env_remove: vec!["JAEGER_SERVER_URL".into()],
                    ..Overlay::default()
                }),
            App {
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
                    exception: Some(SECURITY_EXCEPTION.into()),
                    ..Security::default()
                },
                ..crate::apps::syntactic_code_intel::app()
            },
            App {
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
                    user_on_containers: true,
                    exception: Some(SECURITY_EXCEPTION.into()),
                    ..Security::default()
                },
                ..crate::apps::syntect_server::app()
            },
            App {
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
                    user_on_containers: true,
                    fs_group_on_mismatch: true,
                    exception: Some(SECURITY_EXCEPTION.into()),
                    ..Security::default()
                },
                ..crate::apps::worker::app()
            },
            App {
                storage: vec![
                    Storage {
                        storage_class: Some("sourcegraph".into()),
                        ..Storage::new("repos", "200Gi")
                    },
                ],
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
                    user_on_containers: true,
                    exception: Some(SECURITY_EXCEPTION.into()),
                    ..Security::default()
                },
                ..crate::apps::gitserver::app()
            },
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
                service_account: ServiceAccount::Shared(grafana_account.handle()),
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
                    exception: Some(SECURITY_EXCEPTION.into()),
                    ..Security::default()
                },
                waivers: vec![Waiver::literal_credential(CREDENTIAL_REASON)],
                ..crate::apps::grafana::app()
            },
            App {
                storage: vec![
                    Storage {
                        storage_class: Some("sourcegraph".into()),
                        labels: labels(&[("deploy", "sourcegraph")]),
                        ..Storage::new("data", "200Gi")
                    },
                ],
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
                    user_on_containers: true,
                    exception: Some(SECURITY_EXCEPTION.into()),
                    ..Security::default()
                },
                ..crate::apps::indexed_search::app()
            },
            App {
                security: Security {
                    read_only_root_filesystem: false,
                    service_account_token: true,
                    network_policy: false,
                    host_ports: true,
                    image_user: true,
                    drop_capabilities: vec![],
                    privilege_escalation: true,
                    exception: Some(SECURITY_EXCEPTION_3.into()),
                    ..Security::default()
                },
                ..crate::apps::otel_agent::app()
            },
        ],
        configs: vec![
            codeinsights_db_conf,
            codeintel_db_conf,
            pgsql_conf,
            prometheus,
            sourcegraph_frontend_env,
        ],
        service_accounts: vec![
            prometheus_account,
            sourcegraph_frontend_account,
            grafana_account,
            cadvisor_account,
        ],
        services: vec![
            ServiceSpec::new(
                "cadvisor",
                labels(&[("app", "cadvisor")]),
                Expose {
                    type_: ExposeType::Headless,
                    ports: vec![
                        ServicePort {
                            name: Some("http".into()),
                            target: "48080".into(),
                            port: 48080,
                            ..ServicePort::default()
                        },
                    ],
                    annotations: labels(
                        &[
                            ("prometheus.io/port", "48080"),
                            ("sourcegraph.prometheus/scrape", "true"),
                        ],
                    ),
                    labels: labels(
                        &[
                            ("app", "cadvisor"),
                            ("app.kubernetes.io/component", "cadvisor"),
                            ("sourcegraph-resource-requires", "no-cluster-admin"),
                        ],
                    ),
                    ..Expose::default()
                },
            ),
            crate::shared::gitserver_service(),
            crate::shared::node_exporter_service(),
        ],
        roles: vec![sourcegraph_frontend_role, prometheus_cluster_role],
        bindings: vec![sourcegraph_frontend_binding, prometheus_cluster_binding],
        waivers: vec![Waiver::literal_credential(CREDENTIAL_REASON)],
        raw,
        ..Environment::named("examples-old-cluster")
    }
}
