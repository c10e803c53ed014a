//! The `argocd-notifications-controller` app, imported by `rustomize import`.

use rustomize::{
    App, ConfigKeyRef, Container, Env, FileSource, Files, Image, Mount, PodSettings,
    Probe, Probes, ReplicasFrom, Rollout, Security, ServiceAccount, ServiceAccountSpec,
    SharedConfig, Strategy, Volume, VolumeSource, labels,
};

const ARGOCD_NOTIFICATION_CONTROLLER: &str = "ARGOCD_NOTIFICATION_CONTROLLER_SELF_SERVICE_NOTIFICATION_ENABLED";
const ARGOCD_NOTIFICATION_CONTROLLER_2: &str = "ARGOCD_NOTIFICATION_CONTROLLER_REPO_SERVER_PLAINTEXT";
const ARGOCD_NOTIFICATION_CONTROLLER_3: &str = "ARGOCD_NOTIFICATION_CONTROLLER_REPO_SERVER_CA_CERT_PATH";
const ARGOCD_NOTIFICATION_CONTROLLER_4: &str = "ARGOCD_NOTIFICATION_CONTROLLER_REPO_SERVER_CLIENT_CERT_PATH";
const NOTIFICATIONSCONTROLLER_REPO_SERVER: &str = "notificationscontroller.repo.server.client.cert.path";
const ARGOCD_NOTIFICATION_CONTROLLER_5: &str = "ARGOCD_NOTIFICATION_CONTROLLER_REPO_SERVER_CLIENT_CERT_KEY_PATH";
const NOTIFICATIONSCONTROLLER_REPO_SERVER_2: &str = "notificationscontroller.repo.server.client.cert.key.path";
const SECURITY_EXCEPTION: &str = "imported: the original runs as the image's user (required to be non-root) rather than a set UID, mounts the ServiceAccount token, and has no NetworkPolicy of its own";

/// `argocd-notifications-controller` as every environment starts from it.
pub fn app(
    argocd_notifications_controller_account: &ServiceAccountSpec,
    argocd_tls_certs_cm: &SharedConfig,
) -> App {
    App {
        component: Some("notifications-controller".into()),
        labels: labels(&[("app.kubernetes.io/part-of", "argocd")]),
        replicas_from: ReplicasFrom::Cluster,
        containers: vec![
            Container {
                name: "argocd-notifications-controller".into(),
                image: Image::tag("quay.io/argoproj/argocd", "v3.5.1"),
                args: vec!["/usr/local/bin/argocd-notifications".into()],
                env: Env::new()
                    .set(
                        "ARGOCD_NOTIFICATIONS_CONTROLLER_LOGFORMAT",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "notificationscontroller.log.format".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_NOTIFICATIONS_CONTROLLER_LOGLEVEL",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "notificationscontroller.log.level".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_NOTIFICATION_CONTROLLER_PROCESSORS_COUNT",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "notificationscontroller.processors.count".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_LOG_FORMAT_TIMESTAMP",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "log.format.timestamp".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_APPLICATION_NAMESPACES",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "application.namespaces".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_NOTIFICATION_CONTROLLER,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "notificationscontroller.selfservice.enabled".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_NOTIFICATION_CONTROLLER_2,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "notificationscontroller.repo.server.plaintext".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_NOTIFICATION_CONTROLLER_3,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "notificationscontroller.repo.server.ca.cert.path"
                                .into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_NOTIFICATION_CONTROLLER_4,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: NOTIFICATIONSCONTROLLER_REPO_SERVER.into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_NOTIFICATION_CONTROLLER_5,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: NOTIFICATIONSCONTROLLER_REPO_SERVER_2.into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    ),
                probes: Probes {
                    liveness: Some(Probe::tcp("9001")),
                    ..Probes::default()
                },
                mounts: vec![
                    Mount::new("tls-certs", "/app/config/tls"),
                    Mount::new("argocd-repo-server-tls", "/app/config/reposerver/tls"),
                    Mount::new("argocd-repo-server-mtls", "/app/config/reposerver/mtls"),
                ],
                working_dir: Some("/app".into()),
                ..Container::default()
            },
        ],
        volumes: vec![
            Volume::new(
                "tls-certs",
                VolumeSource::shared_config(argocd_tls_certs_cm.handle()),
            ),
            Volume::new(
                "argocd-repo-server-tls",
                VolumeSource::Files(Files {
                    items: vec![
                        ("tls.crt".into(), "tls.crt".into()),
                        ("tls.key".into(), "tls.key".into()),
                        ("ca.crt".into(), "ca.crt".into()),
                    ],
                    optional: true,
                    ..Files::new(FileSource::Secret("argocd-repo-server-tls".into()))
                }),
            ),
            Volume::new(
                "argocd-repo-server-mtls",
                VolumeSource::Files(Files {
                    items: vec![
                        ("client.crt".into(), "client.crt".into()),
                        ("client.key".into(), "client.key".into()),
                        ("server-ca.crt".into(), "server-ca.crt".into()),
                    ],
                    optional: true,
                    ..Files::new(FileSource::Secret("argocd-repo-server-mtls".into()))
                }),
            ),
        ],
        rollout: Rollout {
            strategy: Some(Strategy::Recreate),
            ..Rollout::default()
        },
        pod: PodSettings {
            node_selector: labels(&[("kubernetes.io/os", "linux")]),
            ..PodSettings::default()
        },
        service_account: ServiceAccount::Shared(
            argocd_notifications_controller_account.handle(),
        ),
        security: Security {
            service_account_token: true,
            network_policy: false,
            image_user: true,
            require_non_root: true,
            exception: Some(SECURITY_EXCEPTION.into()),
            ..Security::default()
        },
        ..App::new("argocd-notifications-controller")
    }
}
