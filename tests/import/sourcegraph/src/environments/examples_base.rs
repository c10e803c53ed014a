//! Environment `examples-base`, imported from `../shared/corpus/import/sourcegraph/examples/base` by `rustomize import`.

use rustomize::{
    Config, Environment, Expose, Protocol, RawYaml, ServicePort, ServiceSpec,
    SharedConfig, Storage, Waiver, k8s, labels,
};

const CODEINSIGHTS_PGDATASOURCE: &str = "postgres://postgres:password@codeinsights-db:5432/postgres";
const DAEMONSET_NODE_EXPORTER_FILE: &str = "imported/examples-base/daemonset.apps_ns-sourcegraph_node-exporter.yaml";
const DAEMONSET_NODE_EXPORTER_REASON: &str = "imported as written: volume `rootfs` is a `hostPath` volume, a source rustomize does not model";
const CREDENTIAL_REASON: &str = "imported: the original commits this value in `../shared/corpus/import/sourcegraph/examples/base`; move it to a Secret";

/// The `examples-base` environment.
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
                    "../../imported/examples-base/daemonset.apps_ns-sourcegraph_node-exporter.yaml",
                ),
            )
            .exception(DAEMONSET_NODE_EXPORTER_REASON),
    );
    Environment {
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
            crate::apps::syntactic_code_intel::app(),
            crate::apps::syntect_server::app(),
            crate::apps::worker::app(),
            crate::apps::codeinsights_db::app(&codeinsights_db_conf),
            crate::apps::codeintel_db::app(&codeintel_db_conf),
            crate::apps::gitserver::app(),
            crate::apps::grafana::app(),
            crate::apps::indexed_search::app(),
            crate::apps::pgsql::app(&pgsql_conf),
            crate::apps::searcher::app(),
            crate::apps::otel_agent::app(),
        ],
        configs: vec![
            codeinsights_db_conf,
            codeintel_db_conf,
            pgsql_conf,
            sourcegraph_frontend_env,
        ],
        claims: vec![
            Storage {
                labels: labels(
                    &[
                        ("app.kubernetes.io/component", "codeinsights-db"),
                        ("sourcegraph-resource-requires", "no-cluster-admin"),
                    ],
                ),
                ..Storage::new("codeinsights-db", "200Gi")
            },
            Storage {
                labels: labels(
                    &[
                        ("app.kubernetes.io/component", "codeintel-db"),
                        ("sourcegraph-resource-requires", "no-cluster-admin"),
                    ],
                ),
                ..Storage::new("codeintel-db", "200Gi")
            },
            Storage {
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
            ServiceSpec::new(
                "jaeger-collector",
                labels(
                    &[
                        ("app.kubernetes.io/component", "all-in-one"),
                        ("app.kubernetes.io/name", "jaeger"),
                    ],
                ),
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
                    labels: labels(
                        &[
                            ("app", "jaeger"),
                            ("app.kubernetes.io/component", "jaeger"),
                            ("app.kubernetes.io/name", "jaeger"),
                            ("sourcegraph-resource-requires", "no-cluster-admin"),
                        ],
                    ),
                    ..Expose::default()
                },
            ),
            ServiceSpec::new(
                "jaeger-query",
                labels(
                    &[
                        ("app.kubernetes.io/component", "all-in-one"),
                        ("app.kubernetes.io/name", "jaeger"),
                    ],
                ),
                Expose {
                    ports: vec![
                        ServicePort {
                            name: Some("query-http".into()),
                            target: "16686".into(),
                            port: 16686,
                            protocol: Some(Protocol::Tcp),
                            ..ServicePort::default()
                        },
                    ],
                    labels: labels(
                        &[
                            ("app", "jaeger"),
                            ("app.kubernetes.io/component", "jaeger"),
                            ("app.kubernetes.io/name", "jaeger"),
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
        ..Environment::named("examples-base")
    }
}
