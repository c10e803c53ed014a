//! Environment `examples-aws`, imported from `../shared/corpus/import/sourcegraph/examples/aws` by `rustomize import`.

use rustomize::{
    App, Compute, Config, Environment, Ingress, Overlay, RawYaml, Resources, SharedConfig, Storage,
    Waiver, k8s, labels,
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
const IMPORTED_THE_ORIGINAL: &str = "imported: the original commits this value in `../shared/corpus/import/sourcegraph/examples/aws`; move it to a Secret";
const IMPORTED_EXAMPLES_AWS: &str = "imported/examples-aws/storageclass-sourcegraph.yaml";
const IMPORTED_EXAMPLES_AWS_2: &str =
    "imported/examples-aws/configmap-ns-sourcegraph-codeinsights-db-conf.yaml";
const IMPORTED_EXAMPLES_AWS_3: &str =
    "imported/examples-aws/configmap-ns-sourcegraph-codeintel-db-conf.yaml";
const IMPORTED_EXAMPLES_AWS_4: &str =
    "imported/examples-aws/configmap-ns-sourcegraph-pgsql-conf.yaml";
const IMPORTED_EXAMPLES_AWS_5: &str =
    "imported/examples-aws/service-ns-sourcegraph-codeinsights-db.yaml";
const IMPORTED_EXAMPLES_AWS_6: &str =
    "imported/examples-aws/service-ns-sourcegraph-codeintel-db.yaml";
const IMPORTED_EXAMPLES_AWS_7: &str = "imported/examples-aws/service-ns-sourcegraph-gitserver.yaml";
const IMPORTED_EXAMPLES_AWS_8: &str = "imported/examples-aws/service-ns-sourcegraph-grafana.yaml";
const IMPORTED_EXAMPLES_AWS_9: &str =
    "imported/examples-aws/service-ns-sourcegraph-indexed-search.yaml";
const IMPORTED_EXAMPLES_AWS_10: &str =
    "imported/examples-aws/service-ns-sourcegraph-indexed-search-indexer.yaml";
const IMPORTED_EXAMPLES_AWS_11: &str =
    "imported/examples-aws/service-ns-sourcegraph-node-exporter.yaml";
const IMPORTED_EXAMPLES_AWS_12: &str = "imported/examples-aws/service-ns-sourcegraph-pgsql.yaml";
const IMPORTED_EXAMPLES_AWS_13: &str = "imported/examples-aws/service-ns-sourcegraph-searcher.yaml";
const IMPORTED_EXAMPLES_AWS_14: &str =
    "imported/examples-aws/service-ns-sourcegraph-syntactic-code-intel.yaml";
const IMPORTED_EXAMPLES_AWS_15: &str =
    "imported/examples-aws/persistentvolumeclaim-ns-sourcegraph-codeinsights-db.yaml";
const IMPORTED_EXAMPLES_AWS_16: &str =
    "imported/examples-aws/persistentvolumeclaim-ns-sourcegraph-codeintel-db.yaml";
const IMPORTED_EXAMPLES_AWS_17: &str =
    "imported/examples-aws/persistentvolumeclaim-ns-sourcegraph-pgsql.yaml";
const IMPORTED_EXAMPLES_AWS_18: &str =
    "imported/examples-aws/deployment-ns-sourcegraph-syntactic-code-intel.yaml";
const IMPORTED_AS_WRITTEN: &str = "imported as written: as typed, Deployment `syntactic-code-intel` would differ at `spec.template.spec.containers.[\"syntactic-code-intel\"].terminationMessagePath`: the original sets \"FallbackToLogsOnError\"; the typed form leaves it out";
const IMPORTED_EXAMPLES_AWS_19: &str =
    "imported/examples-aws/statefulset-ns-sourcegraph-codeinsights-db.yaml";
const IMPORTED_AS_WRITTEN_2: &str = "imported as written: its containers run as different groups";
const IMPORTED_EXAMPLES_AWS_20: &str =
    "imported/examples-aws/statefulset-ns-sourcegraph-codeintel-db.yaml";
const IMPORTED_EXAMPLES_AWS_21: &str =
    "imported/examples-aws/statefulset-ns-sourcegraph-gitserver.yaml";
const IMPORTED_AS_WRITTEN_3: &str =
    "imported as written: volume `repos` has a source rustomize does not model";
const IMPORTED_EXAMPLES_AWS_22: &str =
    "imported/examples-aws/statefulset-ns-sourcegraph-grafana.yaml";
const IMPORTED_AS_WRITTEN_4: &str = "imported as written: as typed, StatefulSet `grafana` would differ at `spec.updateStrategy`: the original sets {\"type\":\"RollingUpdate\"}; the typed form leaves it out";
const IMPORTED_EXAMPLES_AWS_23: &str =
    "imported/examples-aws/statefulset-ns-sourcegraph-indexed-search.yaml";
const IMPORTED_AS_WRITTEN_5: &str =
    "imported as written: volume `data` has a source rustomize does not model";
const IMPORTED_EXAMPLES_AWS_24: &str =
    "imported/examples-aws/statefulset-ns-sourcegraph-pgsql.yaml";
const IMPORTED_EXAMPLES_AWS_25: &str =
    "imported/examples-aws/statefulset-ns-sourcegraph-searcher.yaml";
const IMPORTED_AS_WRITTEN_6: &str = "imported as written: as typed, it would be refused: volume `cache` is declared twice (`volumes`)";
const IMPORTED_EXAMPLES_AWS_26: &str =
    "imported/examples-aws/daemonset-ns-sourcegraph-node-exporter.yaml";
const IMPORTED_AS_WRITTEN_7: &str =
    "imported as written: volume `rootfs` has a source rustomize does not model";

/// The `examples-aws` environment.
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
    // imported as-is: rustomize has no typed form of a StorageClass that belongs to no app
    raw.push(RawYaml::inline(
        IMPORTED_EXAMPLES_AWS,
        include_str!("../../imported/examples-aws/storageclass-sourcegraph.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a ConfigMap that belongs to no app
    raw.push(
        RawYaml::of::<k8s::api::core::v1::ConfigMap>(
            IMPORTED_EXAMPLES_AWS_2,
            include_str!(
                "../../imported/examples-aws/configmap-ns-sourcegraph-codeinsights-db-conf.yaml"
            ),
        )
        .waiver(Waiver::literal_credential(IMPORTED_THE_ORIGINAL)),
    );
    // imported as-is: rustomize has no typed form of a ConfigMap that belongs to no app
    raw.push(
        RawYaml::of::<k8s::api::core::v1::ConfigMap>(
            IMPORTED_EXAMPLES_AWS_3,
            include_str!(
                "../../imported/examples-aws/configmap-ns-sourcegraph-codeintel-db-conf.yaml"
            ),
        )
        .waiver(Waiver::literal_credential(IMPORTED_THE_ORIGINAL)),
    );
    // imported as-is: rustomize has no typed form of a ConfigMap that belongs to no app
    raw.push(
        RawYaml::of::<k8s::api::core::v1::ConfigMap>(
            IMPORTED_EXAMPLES_AWS_4,
            include_str!("../../imported/examples-aws/configmap-ns-sourcegraph-pgsql-conf.yaml"),
        )
        .waiver(Waiver::literal_credential(IMPORTED_THE_ORIGINAL)),
    );
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_AWS_5,
        include_str!("../../imported/examples-aws/service-ns-sourcegraph-codeinsights-db.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_AWS_6,
        include_str!("../../imported/examples-aws/service-ns-sourcegraph-codeintel-db.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_AWS_7,
        include_str!("../../imported/examples-aws/service-ns-sourcegraph-gitserver.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_AWS_8,
        include_str!("../../imported/examples-aws/service-ns-sourcegraph-grafana.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_AWS_9,
        include_str!("../../imported/examples-aws/service-ns-sourcegraph-indexed-search.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_AWS_10,
        include_str!(
            "../../imported/examples-aws/service-ns-sourcegraph-indexed-search-indexer.yaml"
        ),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_AWS_11,
        include_str!("../../imported/examples-aws/service-ns-sourcegraph-node-exporter.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_AWS_12,
        include_str!("../../imported/examples-aws/service-ns-sourcegraph-pgsql.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_AWS_13,
        include_str!("../../imported/examples-aws/service-ns-sourcegraph-searcher.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_AWS_14,
        include_str!(
            "../../imported/examples-aws/service-ns-sourcegraph-syntactic-code-intel.yaml"
        ),
    ));
    // imported as-is: rustomize has no typed form of a PersistentVolumeClaim that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::PersistentVolumeClaim>(
        IMPORTED_EXAMPLES_AWS_15,
        include_str!(
            "../../imported/examples-aws/persistentvolumeclaim-ns-sourcegraph-codeinsights-db.yaml"
        ),
    ));
    // imported as-is: rustomize has no typed form of a PersistentVolumeClaim that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::PersistentVolumeClaim>(
        IMPORTED_EXAMPLES_AWS_16,
        include_str!(
            "../../imported/examples-aws/persistentvolumeclaim-ns-sourcegraph-codeintel-db.yaml"
        ),
    ));
    // imported as-is: rustomize has no typed form of a PersistentVolumeClaim that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::PersistentVolumeClaim>(
        IMPORTED_EXAMPLES_AWS_17,
        include_str!("../../imported/examples-aws/persistentvolumeclaim-ns-sourcegraph-pgsql.yaml"),
    ));
    // imported as-is: as typed, Deployment `syntactic-code-intel` would differ at `spec.template.spec.containers.["syntactic-code-intel"].terminationMessagePath`: the original sets "FallbackToLogsOnError"; the typed form leaves it out
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::Deployment>(
            IMPORTED_EXAMPLES_AWS_18,
            include_str!(
                "../../imported/examples-aws/deployment-ns-sourcegraph-syntactic-code-intel.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN),
    );
    // imported as-is: its containers run as different groups
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_AWS_19,
            include_str!(
                "../../imported/examples-aws/statefulset-ns-sourcegraph-codeinsights-db.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_2)
        .waiver(Waiver::literal_credential(IMPORTED_THE_ORIGINAL)),
    );
    // imported as-is: its containers run as different groups
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_AWS_20,
            include_str!(
                "../../imported/examples-aws/statefulset-ns-sourcegraph-codeintel-db.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_2),
    );
    // imported as-is: volume `repos` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_AWS_21,
            include_str!("../../imported/examples-aws/statefulset-ns-sourcegraph-gitserver.yaml"),
        )
        .exception(IMPORTED_AS_WRITTEN_3),
    );
    // imported as-is: as typed, StatefulSet `grafana` would differ at `spec.updateStrategy`: the original sets {"type":"RollingUpdate"}; the typed form leaves it out
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_AWS_22,
            include_str!("../../imported/examples-aws/statefulset-ns-sourcegraph-grafana.yaml"),
        )
        .exception(IMPORTED_AS_WRITTEN_4),
    );
    // imported as-is: volume `data` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_AWS_23,
            include_str!(
                "../../imported/examples-aws/statefulset-ns-sourcegraph-indexed-search.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_5),
    );
    // imported as-is: its containers run as different groups
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_AWS_24,
            include_str!("../../imported/examples-aws/statefulset-ns-sourcegraph-pgsql.yaml"),
        )
        .exception(IMPORTED_AS_WRITTEN_2),
    );
    // imported as-is: as typed, it would be refused: volume `cache` is declared twice (`volumes`)
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_AWS_25,
            include_str!("../../imported/examples-aws/statefulset-ns-sourcegraph-searcher.yaml"),
        )
        .exception(IMPORTED_AS_WRITTEN_6),
    );
    // imported as-is: volume `rootfs` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::DaemonSet>(
            IMPORTED_EXAMPLES_AWS_26,
            include_str!("../../imported/examples-aws/daemonset-ns-sourcegraph-node-exporter.yaml"),
        )
        .exception(IMPORTED_AS_WRITTEN_7),
    );
    Environment {
        name: "examples-aws".into(),
        tree: "overlays/examples-aws".into(),
        namespace: Some("ns-sourcegraph".into()),
        labels: labels(&[("deploy", "sourcegraph")]),
        namespace_labels: labels(&[("name", "sourcegraph-namespace")]),
        apps: vec![
            App {
                storage: vec![Storage {
                    storage_class: Some("sourcegraph".into()),
                    claim_name: Some("blobstore".into()),
                    ..Storage::new("blobstore-data", "100Gi")
                }],
                ..crate::apps::blobstore::app()
            }
            .with(Overlay {
                resources: Some(Resources::requests("100m", "250M").limits("1", "500M")),
                ..Overlay::default()
            }),
            crate::apps::precise_code_intel_worker::app().with(Overlay {
                resources: Some(Resources::requests("100m", "250M").limits("2", "4G")),
                ..Overlay::default()
            }),
            App {
                storage: vec![Storage {
                    storage_class: Some("sourcegraph".into()),
                    claim_name: Some("prometheus".into()),
                    ..Storage::new("data", "200Gi")
                }],
                ..crate::apps::prometheus::app()
            }
            .with(Overlay {
                resources: Some(Resources::requests("100m", "250M").limits("2", "6G")),
                ..Overlay::default()
            }),
            App {
                storage: vec![Storage {
                    storage_class: Some("sourcegraph".into()),
                    claim_name: Some("redis-cache".into()),
                    ..Storage::new("redis-data", "100Gi")
                }],
                ..crate::apps::redis_cache::app()
            }
            .with(Overlay {
                resources: Some(Resources::requests("100m", "250M").limits("1", "3Gi")),
                ..Overlay::default()
            }),
            App {
                storage: vec![Storage {
                    storage_class: Some("sourcegraph".into()),
                    claim_name: Some("redis-store".into()),
                    ..Storage::new("redis-data", "100Gi")
                }],
                ..crate::apps::redis_store::app()
            }
            .with(Overlay {
                resources: Some(Resources::requests("100m", "250M").limits("1", "3Gi")),
                ..Overlay::default()
            }),
            App {
                replicas: 2,
                ingress: Some(Ingress {
                    path: "/".into(),
                    port: "http".into(),
                    annotations: labels(&[
                        ("alb.ingress.kubernetes.io/target-type", "ip"),
                        ("kubernetes.io/ingress.class", "alb"),
                        ("nginx.ingress.kubernetes.io/proxy-body-size", "150m"),
                    ]),
                    ..Ingress::default()
                }),
                ..crate::apps::sourcegraph_frontend::app(&sourcegraph_frontend_env)
            }
            .with(Overlay {
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
                ..Overlay::default()
            }),
            crate::apps::syntect_server::app().with(Overlay {
                resources: Some(Resources::requests("100m", "250M").limits("4", "6G")),
                ..Overlay::default()
            }),
            crate::apps::worker::app().with(Overlay {
                resources: Some(Resources::requests("100m", "250M").limits("4", "4G")),
                ..Overlay::default()
            }),
        ],
        configs: vec![grafana, sourcegraph_frontend_env],
        waivers: vec![Waiver::literal_credential(IMPORTED_THE_ORIGINAL)],
        raw,
        ..Environment::default()
    }
}
