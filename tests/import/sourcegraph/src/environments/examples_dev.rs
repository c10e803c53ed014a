//! Environment `examples-dev`, imported from `../shared/corpus/import/sourcegraph/examples/dev` by `rustomize import`.

use rustomize::{
    Config, ContainerOverlay, Environment, Overlay, RawYaml, Resources, SharedConfig, Waiver, k8s,
    labels,
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
    "imported/examples-dev/service-dev-sourcegraph-blobstore.yaml";
const IMPORTED_EXAMPLES_DEV_6: &str =
    "imported/examples-dev/service-dev-sourcegraph-codeinsights-db.yaml";
const IMPORTED_EXAMPLES_DEV_7: &str =
    "imported/examples-dev/service-dev-sourcegraph-codeintel-db.yaml";
const IMPORTED_EXAMPLES_DEV_8: &str =
    "imported/examples-dev/service-dev-sourcegraph-gitserver.yaml";
const IMPORTED_EXAMPLES_DEV_9: &str = "imported/examples-dev/service-dev-sourcegraph-grafana.yaml";
const IMPORTED_EXAMPLES_DEV_10: &str =
    "imported/examples-dev/service-dev-sourcegraph-indexed-search.yaml";
const IMPORTED_EXAMPLES_DEV_11: &str =
    "imported/examples-dev/service-dev-sourcegraph-indexed-search-indexer.yaml";
const IMPORTED_EXAMPLES_DEV_12: &str =
    "imported/examples-dev/service-dev-sourcegraph-node-exporter.yaml";
const IMPORTED_EXAMPLES_DEV_13: &str = "imported/examples-dev/service-dev-sourcegraph-pgsql.yaml";
const IMPORTED_EXAMPLES_DEV_14: &str =
    "imported/examples-dev/service-dev-sourcegraph-prometheus.yaml";
const IMPORTED_EXAMPLES_DEV_15: &str =
    "imported/examples-dev/service-dev-sourcegraph-redis-cache.yaml";
const IMPORTED_EXAMPLES_DEV_16: &str =
    "imported/examples-dev/service-dev-sourcegraph-redis-store.yaml";
const IMPORTED_EXAMPLES_DEV_17: &str =
    "imported/examples-dev/service-dev-sourcegraph-searcher.yaml";
const IMPORTED_EXAMPLES_DEV_18: &str =
    "imported/examples-dev/service-dev-sourcegraph-syntactic-code-intel.yaml";
const IMPORTED_EXAMPLES_DEV_19: &str =
    "imported/examples-dev/persistentvolumeclaim-dev-sourcegraph-prometheus.yaml";
const IMPORTED_EXAMPLES_DEV_20: &str =
    "imported/examples-dev/deployment-dev-sourcegraph-blobstore.yaml";
const IMPORTED_AS_WRITTEN: &str =
    "imported as written: volume `blobstore-data` has a source rustomize does not model";
const IMPORTED_EXAMPLES_DEV_21: &str =
    "imported/examples-dev/deployment-dev-sourcegraph-prometheus.yaml";
const IMPORTED_AS_WRITTEN_2: &str =
    "imported as written: volume `data` has a source rustomize does not model";
const IMPORTED_EXAMPLES_DEV_22: &str =
    "imported/examples-dev/deployment-dev-sourcegraph-redis-cache.yaml";
const IMPORTED_AS_WRITTEN_3: &str =
    "imported as written: volume `redis-data` has a source rustomize does not model";
const IMPORTED_EXAMPLES_DEV_23: &str =
    "imported/examples-dev/deployment-dev-sourcegraph-redis-store.yaml";
const IMPORTED_EXAMPLES_DEV_24: &str =
    "imported/examples-dev/deployment-dev-sourcegraph-syntactic-code-intel.yaml";
const IMPORTED_AS_WRITTEN_4: &str = "imported as written: as typed, Deployment `syntactic-code-intel` would differ at `spec.template.spec.containers.[\"syntactic-code-intel\"].terminationMessagePath`: the original sets \"FallbackToLogsOnError\"; the typed form leaves it out";
const IMPORTED_EXAMPLES_DEV_25: &str =
    "imported/examples-dev/statefulset-dev-sourcegraph-codeinsights-db.yaml";
const IMPORTED_AS_WRITTEN_5: &str =
    "imported as written: volume `disk` has a source rustomize does not model";
const IMPORTED_EXAMPLES_DEV_26: &str =
    "imported/examples-dev/statefulset-dev-sourcegraph-codeintel-db.yaml";
const IMPORTED_EXAMPLES_DEV_27: &str =
    "imported/examples-dev/statefulset-dev-sourcegraph-gitserver.yaml";
const IMPORTED_AS_WRITTEN_6: &str =
    "imported as written: volume `ci-volume` has a source rustomize does not model";
const IMPORTED_EXAMPLES_DEV_28: &str =
    "imported/examples-dev/statefulset-dev-sourcegraph-grafana.yaml";
const IMPORTED_AS_WRITTEN_7: &str = "imported as written: as typed, StatefulSet `grafana` would differ at `spec.updateStrategy`: the original sets {\"type\":\"RollingUpdate\"}; the typed form leaves it out";
const IMPORTED_EXAMPLES_DEV_29: &str =
    "imported/examples-dev/statefulset-dev-sourcegraph-indexed-search.yaml";
const IMPORTED_EXAMPLES_DEV_30: &str =
    "imported/examples-dev/statefulset-dev-sourcegraph-pgsql.yaml";
const IMPORTED_EXAMPLES_DEV_31: &str =
    "imported/examples-dev/statefulset-dev-sourcegraph-searcher.yaml";
const IMPORTED_AS_WRITTEN_8: &str = "imported as written: as typed, it would be refused: volume `cache` is declared twice (`volumes`)";
const IMPORTED_EXAMPLES_DEV_32: &str =
    "imported/examples-dev/daemonset-dev-sourcegraph-node-exporter.yaml";
const IMPORTED_AS_WRITTEN_9: &str =
    "imported as written: volume `rootfs` has a source rustomize does not model";

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
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_DEV_5,
        include_str!("../../imported/examples-dev/service-dev-sourcegraph-blobstore.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_DEV_6,
        include_str!("../../imported/examples-dev/service-dev-sourcegraph-codeinsights-db.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_DEV_7,
        include_str!("../../imported/examples-dev/service-dev-sourcegraph-codeintel-db.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_DEV_8,
        include_str!("../../imported/examples-dev/service-dev-sourcegraph-gitserver.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_DEV_9,
        include_str!("../../imported/examples-dev/service-dev-sourcegraph-grafana.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_DEV_10,
        include_str!("../../imported/examples-dev/service-dev-sourcegraph-indexed-search.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_DEV_11,
        include_str!(
            "../../imported/examples-dev/service-dev-sourcegraph-indexed-search-indexer.yaml"
        ),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_DEV_12,
        include_str!("../../imported/examples-dev/service-dev-sourcegraph-node-exporter.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_DEV_13,
        include_str!("../../imported/examples-dev/service-dev-sourcegraph-pgsql.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_DEV_14,
        include_str!("../../imported/examples-dev/service-dev-sourcegraph-prometheus.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_DEV_15,
        include_str!("../../imported/examples-dev/service-dev-sourcegraph-redis-cache.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_DEV_16,
        include_str!("../../imported/examples-dev/service-dev-sourcegraph-redis-store.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_DEV_17,
        include_str!("../../imported/examples-dev/service-dev-sourcegraph-searcher.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_DEV_18,
        include_str!(
            "../../imported/examples-dev/service-dev-sourcegraph-syntactic-code-intel.yaml"
        ),
    ));
    // imported as-is: rustomize has no typed form of a PersistentVolumeClaim that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::PersistentVolumeClaim>(
        IMPORTED_EXAMPLES_DEV_19,
        include_str!(
            "../../imported/examples-dev/persistentvolumeclaim-dev-sourcegraph-prometheus.yaml"
        ),
    ));
    // imported as-is: volume `blobstore-data` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::Deployment>(
            IMPORTED_EXAMPLES_DEV_20,
            include_str!("../../imported/examples-dev/deployment-dev-sourcegraph-blobstore.yaml"),
        )
        .exception(IMPORTED_AS_WRITTEN),
    );
    // imported as-is: volume `data` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::Deployment>(
            IMPORTED_EXAMPLES_DEV_21,
            include_str!("../../imported/examples-dev/deployment-dev-sourcegraph-prometheus.yaml"),
        )
        .exception(IMPORTED_AS_WRITTEN_2),
    );
    // imported as-is: volume `redis-data` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::Deployment>(
            IMPORTED_EXAMPLES_DEV_22,
            include_str!("../../imported/examples-dev/deployment-dev-sourcegraph-redis-cache.yaml"),
        )
        .exception(IMPORTED_AS_WRITTEN_3),
    );
    // imported as-is: volume `redis-data` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::Deployment>(
            IMPORTED_EXAMPLES_DEV_23,
            include_str!("../../imported/examples-dev/deployment-dev-sourcegraph-redis-store.yaml"),
        )
        .exception(IMPORTED_AS_WRITTEN_3),
    );
    // imported as-is: as typed, Deployment `syntactic-code-intel` would differ at `spec.template.spec.containers.["syntactic-code-intel"].terminationMessagePath`: the original sets "FallbackToLogsOnError"; the typed form leaves it out
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::Deployment>(
            IMPORTED_EXAMPLES_DEV_24,
            include_str!(
                "../../imported/examples-dev/deployment-dev-sourcegraph-syntactic-code-intel.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_4),
    );
    // imported as-is: volume `disk` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_DEV_25,
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
            IMPORTED_EXAMPLES_DEV_26,
            include_str!(
                "../../imported/examples-dev/statefulset-dev-sourcegraph-codeintel-db.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_5),
    );
    // imported as-is: volume `ci-volume` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_DEV_27,
            include_str!("../../imported/examples-dev/statefulset-dev-sourcegraph-gitserver.yaml"),
        )
        .exception(IMPORTED_AS_WRITTEN_6),
    );
    // imported as-is: as typed, StatefulSet `grafana` would differ at `spec.updateStrategy`: the original sets {"type":"RollingUpdate"}; the typed form leaves it out
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_DEV_28,
            include_str!("../../imported/examples-dev/statefulset-dev-sourcegraph-grafana.yaml"),
        )
        .exception(IMPORTED_AS_WRITTEN_7),
    );
    // imported as-is: volume `ci-volume` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_DEV_29,
            include_str!(
                "../../imported/examples-dev/statefulset-dev-sourcegraph-indexed-search.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_6),
    );
    // imported as-is: volume `disk` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_DEV_30,
            include_str!("../../imported/examples-dev/statefulset-dev-sourcegraph-pgsql.yaml"),
        )
        .exception(IMPORTED_AS_WRITTEN_5),
    );
    // imported as-is: as typed, it would be refused: volume `cache` is declared twice (`volumes`)
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_DEV_31,
            include_str!("../../imported/examples-dev/statefulset-dev-sourcegraph-searcher.yaml"),
        )
        .exception(IMPORTED_AS_WRITTEN_8),
    );
    // imported as-is: volume `rootfs` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::DaemonSet>(
            IMPORTED_EXAMPLES_DEV_32,
            include_str!(
                "../../imported/examples-dev/daemonset-dev-sourcegraph-node-exporter.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_9),
    );
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
        waivers: vec![Waiver::literal_credential(IMPORTED_THE_ORIGINAL)],
        raw,
        ..Environment::default()
    }
}
