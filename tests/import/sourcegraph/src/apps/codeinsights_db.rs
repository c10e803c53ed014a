//! The `codeinsights-db` app, imported by `rustomize import`.

use rustomize::{
    App, Container, ContainerSecurity, Env, Expose, FileSource, Files, Image, ImageRef,
    Mount, PodSettings, Port, PullPolicy, Resources, Rollout, Security, ServicePort,
    SharedConfig, Strategy, Volume, VolumeSource, Waiver, Workload, labels,
};

const CODEINSIGHTS_IMAGE: &str = "index.docker.io/sourcegraph/postgresql-16-codeinsights";
const CODEINSIGHTS_DIGEST: &str = "sha256:5946147e89c36775a1b03a005db4cdd6b557fd01efca70a90ad8f28eaf6f6749";
const PGSQL_EXPORTER_DIGEST: &str = "sha256:8b289f196018c54ead72552a02c3a29f14bf1e5e199065129f303db5d41aa653";
const DATA_SOURCE_NAME: &str = "postgres://postgres:@localhost:5432/?sslmode=disable";
const CORRECT_DATA_DIR_PERMISSIONS_DIGEST: &str = "sha256:9c9fef5b66e706103a6972feab18183f52c0efc8f1e2e32d8f4ffca196ef04fc";
const CORRECT_DATA_DIR_PERMISSIONS_ARGUMENT: &str = "if [ -d /var/lib/postgresql/data/pgdata ]; then chmod 750 /var/lib/postgresql/data/pgdata; fi";
const SECURITY_EXCEPTION: &str = "imported: the original has a writable root filesystem, runs as UID 70, lets container `pgsql-exporter` escalate privileges, keeps the runtime's default capabilities, mounts the ServiceAccount token, and has no NetworkPolicy of its own";
const CREDENTIAL_REASON: &str = "imported: the original commits this value in `../shared/corpus/import/sourcegraph/examples/base`; move it to a Secret";

/// `codeinsights-db` as every environment starts from it.
pub fn app(codeinsights_db_conf: &SharedConfig) -> App {
    App {
        component: Some("codeinsights-db".into()),
        labels: labels(&[("sourcegraph-resource-requires", "no-cluster-admin")]),
        annotations: labels(&[("description", "Code Insights Postgres DB instance.")]),
        selector: labels(&[("app", "codeinsights-db")]),
        workload: Workload::StatefulSet,
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
                    repository: "index.docker.io/sourcegraph/postgres_exporter".into(),
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
                resources: Resources::requests("10m", "50Mi").limits("10m", "50Mi"),
                logs_on_failure: true,
                security: ContainerSecurity {
                    privilege_escalation: Some(true),
                    ..ContainerSecurity::default()
                },
                ..Container::default()
            },
        ],
        init_containers: vec![
            Container {
                name: "correct-data-dir-permissions".into(),
                image: Image {
                    repository: "index.docker.io/sourcegraph/alpine-3.14".into(),
                    reference: ImageRef::TagAndDigest(
                        "6.2.1106".into(),
                        CORRECT_DATA_DIR_PERMISSIONS_DIGEST.into(),
                    ),
                },
                pull_policy: PullPolicy::IfNotPresent,
                command: vec![
                    "sh".into(),
                    "-c".into(),
                    CORRECT_DATA_DIR_PERMISSIONS_ARGUMENT.into(),
                ],
                resources: Resources::requests("10m", "50Mi").limits("10m", "50Mi"),
                mounts: vec![Mount::new("disk", "/var/lib/postgresql/data/")],
                ..Container::default()
            },
        ],
        expose: Some(Expose {
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
            annotations: labels(
                &[
                    ("prometheus.io/port", "9187"),
                    ("sourcegraph.prometheus/scrape", "true"),
                ],
            ),
            labels: labels(&[("app", "codeinsights-db")]),
            ..Expose::default()
        }),
        volumes: vec![
            Volume::new("disk", VolumeSource::ExistingClaim("codeinsights-db".into())),
            Volume::new(
                "codeinsights-conf",
                VolumeSource::Files(Files {
                    default_mode: Some(0o777),
                    ..Files::new(FileSource::SharedConfig(codeinsights_db_conf.handle()))
                }),
            ),
        ],
        rollout: Rollout {
            strategy: Some(Strategy::RollingUpdate {
                max_surge: None,
                max_unavailable: None,
            }),
            revision_history_limit: Some(10),
            ..Rollout::default()
        },
        pod: PodSettings {
            termination_grace_period_seconds: Some(120),
            ..PodSettings::default()
        },
        security: Security {
            run_as_user: 70,
            run_as_group: 70,
            fs_group: 70,
            read_only_root_filesystem: false,
            service_account_token: true,
            network_policy: false,
            drop_capabilities: vec![],
            user_on_containers: true,
            fs_group_on_mismatch: true,
            exception: Some(SECURITY_EXCEPTION.into()),
            ..Security::default()
        },
        waivers: vec![Waiver::literal_credential(CREDENTIAL_REASON)],
        pod_labels: labels(&[("group", "backend")]),
        ..App::new("codeinsights-db")
    }
}
