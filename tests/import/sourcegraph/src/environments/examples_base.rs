//! Environment `examples-base`, imported from `../shared/corpus/import/sourcegraph/examples/base` by `rustomize import`.

use rustomize::{Config, Environment, RawYaml, SharedConfig, Waiver, k8s, labels};

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
    "imported/examples-base/service-ns-sourcegraph-codeinsights-db.yaml";
const IMPORTED_EXAMPLES_BASE_6: &str =
    "imported/examples-base/service-ns-sourcegraph-codeintel-db.yaml";
const IMPORTED_EXAMPLES_BASE_7: &str =
    "imported/examples-base/service-ns-sourcegraph-gitserver.yaml";
const IMPORTED_EXAMPLES_BASE_8: &str = "imported/examples-base/service-ns-sourcegraph-grafana.yaml";
const IMPORTED_EXAMPLES_BASE_9: &str =
    "imported/examples-base/service-ns-sourcegraph-indexed-search.yaml";
const IMPORTED_EXAMPLES_BASE_10: &str =
    "imported/examples-base/service-ns-sourcegraph-indexed-search-indexer.yaml";
const IMPORTED_EXAMPLES_BASE_11: &str =
    "imported/examples-base/service-ns-sourcegraph-jaeger-collector.yaml";
const IMPORTED_EXAMPLES_BASE_12: &str =
    "imported/examples-base/service-ns-sourcegraph-jaeger-query.yaml";
const IMPORTED_EXAMPLES_BASE_13: &str =
    "imported/examples-base/service-ns-sourcegraph-node-exporter.yaml";
const IMPORTED_EXAMPLES_BASE_14: &str = "imported/examples-base/service-ns-sourcegraph-pgsql.yaml";
const IMPORTED_EXAMPLES_BASE_15: &str =
    "imported/examples-base/service-ns-sourcegraph-searcher.yaml";
const IMPORTED_EXAMPLES_BASE_16: &str =
    "imported/examples-base/service-ns-sourcegraph-syntactic-code-intel.yaml";
const IMPORTED_EXAMPLES_BASE_17: &str =
    "imported/examples-base/persistentvolumeclaim-ns-sourcegraph-codeinsights-db.yaml";
const IMPORTED_EXAMPLES_BASE_18: &str =
    "imported/examples-base/persistentvolumeclaim-ns-sourcegraph-codeintel-db.yaml";
const IMPORTED_EXAMPLES_BASE_19: &str =
    "imported/examples-base/persistentvolumeclaim-ns-sourcegraph-pgsql.yaml";
const IMPORTED_EXAMPLES_BASE_20: &str =
    "imported/examples-base/deployment-ns-sourcegraph-syntactic-code-intel.yaml";
const IMPORTED_AS_WRITTEN: &str = "imported as written: as typed, Deployment `syntactic-code-intel` would differ at `spec.template.spec.containers.[\"syntactic-code-intel\"].terminationMessagePath`: the original sets \"FallbackToLogsOnError\"; the typed form leaves it out";
const IMPORTED_EXAMPLES_BASE_21: &str =
    "imported/examples-base/statefulset-ns-sourcegraph-codeinsights-db.yaml";
const IMPORTED_AS_WRITTEN_2: &str = "imported as written: its containers run as different groups";
const IMPORTED_EXAMPLES_BASE_22: &str =
    "imported/examples-base/statefulset-ns-sourcegraph-codeintel-db.yaml";
const IMPORTED_EXAMPLES_BASE_23: &str =
    "imported/examples-base/statefulset-ns-sourcegraph-gitserver.yaml";
const IMPORTED_AS_WRITTEN_3: &str =
    "imported as written: volume `repos` has a source rustomize does not model";
const IMPORTED_EXAMPLES_BASE_24: &str =
    "imported/examples-base/statefulset-ns-sourcegraph-grafana.yaml";
const IMPORTED_AS_WRITTEN_4: &str = "imported as written: as typed, StatefulSet `grafana` would differ at `spec.updateStrategy`: the original sets {\"type\":\"RollingUpdate\"}; the typed form leaves it out";
const IMPORTED_EXAMPLES_BASE_25: &str =
    "imported/examples-base/statefulset-ns-sourcegraph-indexed-search.yaml";
const IMPORTED_AS_WRITTEN_5: &str =
    "imported as written: volume `data` has a source rustomize does not model";
const IMPORTED_EXAMPLES_BASE_26: &str =
    "imported/examples-base/statefulset-ns-sourcegraph-pgsql.yaml";
const IMPORTED_EXAMPLES_BASE_27: &str =
    "imported/examples-base/statefulset-ns-sourcegraph-searcher.yaml";
const IMPORTED_AS_WRITTEN_6: &str = "imported as written: as typed, it would be refused: volume `cache` is declared twice (`volumes`)";
const IMPORTED_EXAMPLES_BASE_28: &str =
    "imported/examples-base/daemonset-ns-sourcegraph-node-exporter.yaml";
const IMPORTED_AS_WRITTEN_7: &str =
    "imported as written: volume `rootfs` has a source rustomize does not model";
const IMPORTED_EXAMPLES_BASE_29: &str =
    "imported/examples-base/daemonset-ns-sourcegraph-otel-agent.yaml";
const IMPORTED_AS_WRITTEN_8: &str = "imported as written: container `otel-agent` uses a host port";

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
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_BASE_5,
        include_str!("../../imported/examples-base/service-ns-sourcegraph-codeinsights-db.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_BASE_6,
        include_str!("../../imported/examples-base/service-ns-sourcegraph-codeintel-db.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_BASE_7,
        include_str!("../../imported/examples-base/service-ns-sourcegraph-gitserver.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_BASE_8,
        include_str!("../../imported/examples-base/service-ns-sourcegraph-grafana.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_BASE_9,
        include_str!("../../imported/examples-base/service-ns-sourcegraph-indexed-search.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_BASE_10,
        include_str!(
            "../../imported/examples-base/service-ns-sourcegraph-indexed-search-indexer.yaml"
        ),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_BASE_11,
        include_str!("../../imported/examples-base/service-ns-sourcegraph-jaeger-collector.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_BASE_12,
        include_str!("../../imported/examples-base/service-ns-sourcegraph-jaeger-query.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_BASE_13,
        include_str!("../../imported/examples-base/service-ns-sourcegraph-node-exporter.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_BASE_14,
        include_str!("../../imported/examples-base/service-ns-sourcegraph-pgsql.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_BASE_15,
        include_str!("../../imported/examples-base/service-ns-sourcegraph-searcher.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_BASE_16,
        include_str!(
            "../../imported/examples-base/service-ns-sourcegraph-syntactic-code-intel.yaml"
        ),
    ));
    // imported as-is: rustomize has no typed form of a PersistentVolumeClaim that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::PersistentVolumeClaim>(
        IMPORTED_EXAMPLES_BASE_17,
        include_str!(
            "../../imported/examples-base/persistentvolumeclaim-ns-sourcegraph-codeinsights-db.yaml"
        ),
    ));
    // imported as-is: rustomize has no typed form of a PersistentVolumeClaim that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::PersistentVolumeClaim>(
        IMPORTED_EXAMPLES_BASE_18,
        include_str!(
            "../../imported/examples-base/persistentvolumeclaim-ns-sourcegraph-codeintel-db.yaml"
        ),
    ));
    // imported as-is: rustomize has no typed form of a PersistentVolumeClaim that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::PersistentVolumeClaim>(
        IMPORTED_EXAMPLES_BASE_19,
        include_str!(
            "../../imported/examples-base/persistentvolumeclaim-ns-sourcegraph-pgsql.yaml"
        ),
    ));
    // imported as-is: as typed, Deployment `syntactic-code-intel` would differ at `spec.template.spec.containers.["syntactic-code-intel"].terminationMessagePath`: the original sets "FallbackToLogsOnError"; the typed form leaves it out
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::Deployment>(
            IMPORTED_EXAMPLES_BASE_20,
            include_str!(
                "../../imported/examples-base/deployment-ns-sourcegraph-syntactic-code-intel.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN),
    );
    // imported as-is: its containers run as different groups
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_BASE_21,
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
            IMPORTED_EXAMPLES_BASE_22,
            include_str!(
                "../../imported/examples-base/statefulset-ns-sourcegraph-codeintel-db.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_2),
    );
    // imported as-is: volume `repos` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_BASE_23,
            include_str!("../../imported/examples-base/statefulset-ns-sourcegraph-gitserver.yaml"),
        )
        .exception(IMPORTED_AS_WRITTEN_3),
    );
    // imported as-is: as typed, StatefulSet `grafana` would differ at `spec.updateStrategy`: the original sets {"type":"RollingUpdate"}; the typed form leaves it out
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_BASE_24,
            include_str!("../../imported/examples-base/statefulset-ns-sourcegraph-grafana.yaml"),
        )
        .exception(IMPORTED_AS_WRITTEN_4),
    );
    // imported as-is: volume `data` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_BASE_25,
            include_str!(
                "../../imported/examples-base/statefulset-ns-sourcegraph-indexed-search.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_5),
    );
    // imported as-is: its containers run as different groups
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_BASE_26,
            include_str!("../../imported/examples-base/statefulset-ns-sourcegraph-pgsql.yaml"),
        )
        .exception(IMPORTED_AS_WRITTEN_2),
    );
    // imported as-is: as typed, it would be refused: volume `cache` is declared twice (`volumes`)
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_BASE_27,
            include_str!("../../imported/examples-base/statefulset-ns-sourcegraph-searcher.yaml"),
        )
        .exception(IMPORTED_AS_WRITTEN_6),
    );
    // imported as-is: volume `rootfs` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::DaemonSet>(
            IMPORTED_EXAMPLES_BASE_28,
            include_str!(
                "../../imported/examples-base/daemonset-ns-sourcegraph-node-exporter.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_7),
    );
    // imported as-is: container `otel-agent` uses a host port
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::DaemonSet>(
            IMPORTED_EXAMPLES_BASE_29,
            include_str!("../../imported/examples-base/daemonset-ns-sourcegraph-otel-agent.yaml"),
        )
        .exception(IMPORTED_AS_WRITTEN_8),
    );
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
        waivers: vec![Waiver::literal_credential(IMPORTED_THE_ORIGINAL)],
        raw,
        ..Environment::default()
    }
}
