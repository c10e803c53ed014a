//! The `pgsql` app, imported by `rustomize import`.

use rustomize::{
    App, Container, ContainerSecurity, Env, Expose, FileSource, Files, Image, ImageRef,
    Mount, PodSettings, Port, Probe, Probes, PullPolicy, Resources, Rollout, Security,
    ServicePort, SharedConfig, Strategy, Volume, VolumeSource, Workload, labels,
};

const PGSQL_DIGEST: &str = "sha256:83bab9e63d9eaa7a9052e095af64983aab2c87fb11e6157f4f05fe95d8c22c32";
const PGSQL_EXPORTER_DIGEST: &str = "sha256:8b289f196018c54ead72552a02c3a29f14bf1e5e199065129f303db5d41aa653";
const CORRECT_DATA_DIR_PERMISSIONS_DIGEST: &str = "sha256:9c9fef5b66e706103a6972feab18183f52c0efc8f1e2e32d8f4ffca196ef04fc";
const CORRECT_DATA_DIR_PERMISSIONS_ARGUMENT: &str = "if [ -d /data/pgdata-12 ]; then chmod 750 /data/pgdata-12; fi";
const SECURITY_EXCEPTION: &str = "imported: the original has a writable root filesystem, runs as UID 999, lets container `pgsql-exporter` escalate privileges, keeps the runtime's default capabilities, mounts the ServiceAccount token, and has no NetworkPolicy of its own";

/// `pgsql` as every environment starts from it.
pub fn app(pgsql_conf: &SharedConfig) -> App {
    App {
        component: Some("pgsql".into()),
        labels: labels(&[("sourcegraph-resource-requires", "no-cluster-admin")]),
        annotations: labels(
            &[
                ("description", "Postgres database for various data."),
                ("kubectl.kubernetes.io/default-container", "pgsql"),
            ],
        ),
        selector: labels(&[("app", "pgsql")]),
        workload: Workload::StatefulSet,
        containers: vec![
            Container {
                name: "pgsql".into(),
                image: Image {
                    repository: "index.docker.io/sourcegraph/postgresql-16".into(),
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
                    repository: "index.docker.io/sourcegraph/postgres_exporter".into(),
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
                    .set("PG_EXPORTER_EXTEND_QUERY_PATH", "/config/queries.yaml"),
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
                mounts: vec![Mount::new("disk", "/data")],
                ..Container::default()
            },
        ],
        expose: Some(Expose {
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
            annotations: labels(
                &[
                    ("prometheus.io/port", "9187"),
                    ("sourcegraph.prometheus/scrape", "true"),
                ],
            ),
            labels: labels(&[("app", "pgsql")]),
            ..Expose::default()
        }),
        volumes: vec![
            Volume::new("disk", VolumeSource::ExistingClaim("pgsql".into())),
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
            run_as_user: 999,
            run_as_group: 999,
            fs_group: 999,
            read_only_root_filesystem: false,
            service_account_token: true,
            network_policy: false,
            drop_capabilities: vec![],
            user_on_containers: true,
            fs_group_on_mismatch: true,
            exception: Some(SECURITY_EXCEPTION.into()),
            ..Security::default()
        },
        pod_labels: labels(&[("group", "backend")]),
        ..App::new("pgsql")
    }
}
