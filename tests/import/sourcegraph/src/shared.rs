//! What every environment declares alike, written once; each environment calls these.

use rustomize::{
    Config, Expose, ExposeType, ServicePort, ServiceSpec, SharedConfig, labels,
};

const POSTGRESQL_CONF: &str = include_str!("files/shared/postgresql.conf");
const POSTGRESQL_CONF_2: &str = include_str!("files/shared/postgresql-2.conf");
const POSTGRESQL_CONF_3: &str = include_str!("files/shared/postgresql-3.conf");
const DESCRIPTION: &str = "Headless service that provides a stable network identity for the gitserver stateful set.";

/// The ConfigMap `codeinsights-db-conf` every environment declares.
pub fn codeinsights_db_conf() -> SharedConfig {
    SharedConfig {
        labels: labels(
            &[
                ("app.kubernetes.io/component", "codeinsights-db"),
                ("sourcegraph-resource-requires", "no-cluster-admin"),
            ],
        ),
        annotations: labels(&[("description", "Configuration for CodeInsightsDB")]),
        ..SharedConfig::new(
            "codeinsights-db-conf",
            Config::new().set("postgresql.conf", POSTGRESQL_CONF),
        )
    }
}

/// The ConfigMap `codeintel-db-conf` every environment declares.
pub fn codeintel_db_conf() -> SharedConfig {
    SharedConfig {
        labels: labels(
            &[
                ("app.kubernetes.io/component", "codeintel-db"),
                ("sourcegraph-resource-requires", "no-cluster-admin"),
            ],
        ),
        annotations: labels(&[("description", "Configuration for PostgreSQL")]),
        ..SharedConfig::new(
            "codeintel-db-conf",
            Config::new().set("postgresql.conf", POSTGRESQL_CONF_2),
        )
    }
}

/// The ConfigMap `pgsql-conf` every environment declares.
pub fn pgsql_conf() -> SharedConfig {
    SharedConfig {
        labels: labels(
            &[
                ("app.kubernetes.io/component", "pgsql"),
                ("sourcegraph-resource-requires", "no-cluster-admin"),
            ],
        ),
        annotations: labels(&[("description", "Configuration for PostgreSQL")]),
        ..SharedConfig::new(
            "pgsql-conf",
            Config::new().set("postgresql.conf", POSTGRESQL_CONF_3),
        )
    }
}

/// The Service `gitserver` every environment declares.
pub fn gitserver_service() -> ServiceSpec {
    ServiceSpec::new(
        "gitserver",
        labels(&[("app", "gitserver"), ("type", "gitserver")]),
        Expose {
            type_: ExposeType::Headless,
            ports: vec![
                ServicePort {
                    name: Some("unused".into()),
                    target: "10811".into(),
                    port: 10811,
                    ..ServicePort::default()
                },
            ],
            annotations: labels(
                &[
                    ("description", DESCRIPTION),
                    ("prometheus.io/port", "6060"),
                    ("sourcegraph.prometheus/scrape", "true"),
                ],
            ),
            labels: labels(
                &[
                    ("app", "gitserver"),
                    ("app.kubernetes.io/component", "gitserver"),
                    ("sourcegraph-resource-requires", "no-cluster-admin"),
                    ("type", "gitserver"),
                ],
            ),
            ..Expose::default()
        },
    )
}

/// The Service `node-exporter` every environment declares.
pub fn node_exporter_service() -> ServiceSpec {
    ServiceSpec::new(
        "node-exporter",
        labels(&[("app", "node-exporter")]),
        Expose {
            ports: vec![
                ServicePort {
                    name: Some("metrics".into()),
                    target: "metrics".into(),
                    port: 9100,
                    ..ServicePort::default()
                },
            ],
            annotations: labels(
                &[
                    ("description", "Prometheus exporter for hardware and OS metrics."),
                    ("prometheus.io/port", "9100"),
                    ("sourcegraph.prometheus/scrape", "true"),
                    ("url", "https://github.com/prometheus/node_exporter"),
                ],
            ),
            labels: labels(
                &[
                    ("app", "node-exporter"),
                    ("app.kubernetes.io/component", "node-exporter"),
                    ("sourcegraph-resource-requires", "no-cluster-admin"),
                ],
            ),
            ..Expose::default()
        },
    )
}
