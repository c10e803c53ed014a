//! The `argocd-applicationset-controller` app, imported by `rustomize import`.

use rustomize::{
    App, ConfigKeyRef, Container, Env, EnvValue, Expose, FileSource, Files, Image, Mount,
    PodSettings, Port, ReplicasFrom, Security, ServiceAccount, ServiceAccountSpec,
    ServicePort, SharedConfig, Volume, VolumeSource, labels,
};

const APPLICATIONSETCONTROLLER_GRPC_ENABLE: &str = "applicationsetcontroller.grpc.enable.txt.service.config";
const ARGOCD_APPLICATIONSET_CONTROLLER: &str = "ARGOCD_APPLICATIONSET_CONTROLLER_GLOBAL_PRESERVED_ANNOTATIONS";
const APPLICATIONSETCONTROLLER_GLOBAL_PRESERVED: &str = "applicationsetcontroller.global.preserved.annotations";
const ARGOCD_APPLICATIONSET_CONTROLLER_2: &str = "ARGOCD_APPLICATIONSET_CONTROLLER_GLOBAL_PRESERVED_LABELS";
const ARGOCD_APPLICATIONSET_CONTROLLER_3: &str = "ARGOCD_APPLICATIONSET_CONTROLLER_ENABLE_LEADER_ELECTION";
const ARGOCD_APPLICATIONSET_CONTROLLER_4: &str = "ARGOCD_APPLICATIONSET_CONTROLLER_ENABLE_POLICY_OVERRIDE";
const APPLICATIONSETCONTROLLER_K8S_CLIENT: &str = "applicationsetcontroller.k8s.client.max.idle.connections";
const APPLICATIONSETCONTROLLER_K8S_TLS: &str = "applicationsetcontroller.k8s.tls.handshake.timeout";
const ARGOCD_APPLICATIONSET_CONTROLLER_5: &str = "ARGOCD_APPLICATIONSET_CONTROLLER_ENABLE_PROGRESSIVE_SYNCS";
const APPLICATIONSETCONTROLLER_ENABLE_PROGRESSIVE: &str = "applicationsetcontroller.enable.progressive.syncs";
const ARGOCD_APPLICATIONSET_CONTROLLER_6: &str = "ARGOCD_APPLICATIONSET_CONTROLLER_TOKENREF_STRICT_MODE";
const APPLICATIONSETCONTROLLER_ENABLE_TOKENREF: &str = "applicationsetcontroller.enable.tokenref.strict.mode";
const ARGOCD_APPLICATIONSET_CONTROLLER_7: &str = "ARGOCD_APPLICATIONSET_CONTROLLER_ENABLE_NEW_GIT_FILE_GLOBBING";
const APPLICATIONSETCONTROLLER_ENABLE_NEW: &str = "applicationsetcontroller.enable.new.git.file.globbing";
const ARGOCD_APPLICATIONSET_CONTROLLER_8: &str = "ARGOCD_APPLICATIONSET_CONTROLLER_REPO_SERVER_PLAINTEXT";
const ARGOCD_APPLICATIONSET_CONTROLLER_9: &str = "ARGOCD_APPLICATIONSET_CONTROLLER_REPO_SERVER_STRICT_TLS";
const ARGOCD_APPLICATIONSET_CONTROLLER_10: &str = "ARGOCD_APPLICATIONSET_CONTROLLER_REPO_SERVER_CA_CERT_PATH";
const APPLICATIONSETCONTROLLER_REPO_SERVER: &str = "applicationsetcontroller.repo.server.ca.cert.path";
const ARGOCD_APPLICATIONSET_CONTROLLER_11: &str = "ARGOCD_APPLICATIONSET_CONTROLLER_REPO_SERVER_CLIENT_CERT_PATH";
const APPLICATIONSETCONTROLLER_REPO_SERVER_2: &str = "applicationsetcontroller.repo.server.client.cert.path";
const ARGOCD_APPLICATIONSET_CONTROLLER_12: &str = "ARGOCD_APPLICATIONSET_CONTROLLER_REPO_SERVER_CLIENT_CERT_KEY_PATH";
const APPLICATIONSETCONTROLLER_REPO_SERVER_3: &str = "applicationsetcontroller.repo.server.client.cert.key.path";
const ARGOCD_APPLICATIONSET_CONTROLLER_13: &str = "ARGOCD_APPLICATIONSET_CONTROLLER_REPO_SERVER_TIMEOUT_SECONDS";
const APPLICATIONSETCONTROLLER_REPO_SERVER_4: &str = "applicationsetcontroller.repo.server.timeout.seconds";
const ARGOCD_APPLICATIONSET_CONTROLLER_14: &str = "ARGOCD_APPLICATIONSET_CONTROLLER_CONCURRENT_RECONCILIATIONS";
const APPLICATIONSETCONTROLLER_CONCURRENT_RECONCILIATIONS: &str = "applicationsetcontroller.concurrent.reconciliations.max";
const ARGOCD_APPLICATIONSET_CONTROLLER_15: &str = "ARGOCD_APPLICATIONSET_CONTROLLER_SCM_ROOT_CA_PATH";
const ARGOCD_APPLICATIONSET_CONTROLLER_16: &str = "ARGOCD_APPLICATIONSET_CONTROLLER_ALLOWED_SCM_PROVIDERS";
const ARGOCD_APPLICATIONSET_CONTROLLER_17: &str = "ARGOCD_APPLICATIONSET_CONTROLLER_ENABLE_SCM_PROVIDERS";
const ARGOCD_APPLICATIONSET_CONTROLLER_18: &str = "ARGOCD_APPLICATIONSET_CONTROLLER_ENABLE_GITHUB_API_METRICS";
const APPLICATIONSETCONTROLLER_ENABLE_GITHUB: &str = "applicationsetcontroller.enable.github.api.metrics";
const ARGOCD_APPLICATIONSET_CONTROLLER_19: &str = "ARGOCD_APPLICATIONSET_CONTROLLER_WEBHOOK_PARALLELISM_LIMIT";
const APPLICATIONSETCONTROLLER_WEBHOOK_PARALLELISM: &str = "applicationsetcontroller.webhook.parallelism.limit";
const ARGOCD_APPLICATIONSET_CONTROLLER_20: &str = "ARGOCD_APPLICATIONSET_CONTROLLER_MAX_RESOURCES_STATUS_COUNT";
const APPLICATIONSETCONTROLLER_STATUS_MAX: &str = "applicationsetcontroller.status.max.resources.count";
const SECURITY_EXCEPTION: &str = "imported: the original runs as the image's user (required to be non-root) rather than a set UID, mounts the ServiceAccount token, and has no NetworkPolicy of its own";

/// `argocd-applicationset-controller` as every environment starts from it.
pub fn app(
    argocd_applicationset_controller_account: &ServiceAccountSpec,
    argocd_cmd_params_cm: &SharedConfig,
    argocd_gpg_keys_cm: &SharedConfig,
    argocd_ssh_known_hosts_cm: &SharedConfig,
    argocd_tls_certs_cm: &SharedConfig,
) -> App {
    App {
        component: Some("applicationset-controller".into()),
        labels: labels(&[("app.kubernetes.io/part-of", "argocd")]),
        replicas_from: ReplicasFrom::Cluster,
        containers: vec![
            Container {
                name: "argocd-applicationset-controller".into(),
                image: Image::tag("quay.io/argoproj/argocd", "v3.5.1"),
                args: vec!["/usr/local/bin/argocd-applicationset-controller".into()],
                ports: vec![Port::tcp("webhook", 7000), Port::tcp("metrics", 8080)],
                env: Env::new()
                    .set(
                        "GRPC_ENABLE_TXT_SERVICE_CONFIG",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: APPLICATIONSETCONTROLLER_GRPC_ENABLE.into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATIONSET_CONTROLLER,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: APPLICATIONSETCONTROLLER_GLOBAL_PRESERVED.into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATIONSET_CONTROLLER_2,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "applicationsetcontroller.global.preserved.labels"
                                .into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set("NAMESPACE", EnvValue::Field("metadata.namespace".into()))
                    .set(
                        ARGOCD_APPLICATIONSET_CONTROLLER_3,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "applicationsetcontroller.enable.leader.election"
                                .into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_APPLICATIONSET_CONTROLLER_REPO_SERVER",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "repo.server".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_APPLICATIONSET_CONTROLLER_POLICY",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "applicationsetcontroller.policy".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATIONSET_CONTROLLER_4,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "applicationsetcontroller.enable.policy.override"
                                .into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_APPLICATIONSET_CONTROLLER_DEBUG",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "applicationsetcontroller.debug".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_APPLICATIONSET_CONTROLLER_LOGFORMAT",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "applicationsetcontroller.log.format".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_APPLICATIONSET_CONTROLLER_LOGLEVEL",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "applicationsetcontroller.log.level".into(),
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
                        "ARGOCD_K8S_CLIENT_QPS",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "applicationsetcontroller.k8s.client.qps".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_K8S_CLIENT_BURST",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "applicationsetcontroller.k8s.client.burst".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_K8S_CLIENT_MAX_IDLE_CONNECTIONS",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: APPLICATIONSETCONTROLLER_K8S_CLIENT.into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_K8S_TCP_TIMEOUT",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "applicationsetcontroller.k8s.tcp.timeout".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_K8S_TCP_KEEPALIVE",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "applicationsetcontroller.k8s.tcp.keepalive".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_K8S_TLS_HANDSHAKE_TIMEOUT",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: APPLICATIONSETCONTROLLER_K8S_TLS.into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_K8S_TCP_IDLE_TIMEOUT",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "applicationsetcontroller.k8s.tcp.idle.timeout".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_APPLICATIONSET_CONTROLLER_DRY_RUN",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "applicationsetcontroller.dryrun".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_GIT_MODULES_ENABLED",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "applicationsetcontroller.enable.git.submodule".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATIONSET_CONTROLLER_5,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: APPLICATIONSETCONTROLLER_ENABLE_PROGRESSIVE.into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATIONSET_CONTROLLER_6,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: APPLICATIONSETCONTROLLER_ENABLE_TOKENREF.into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATIONSET_CONTROLLER_7,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: APPLICATIONSETCONTROLLER_ENABLE_NEW.into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATIONSET_CONTROLLER_8,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "applicationsetcontroller.repo.server.plaintext".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATIONSET_CONTROLLER_9,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "applicationsetcontroller.repo.server.strict.tls"
                                .into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATIONSET_CONTROLLER_10,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: APPLICATIONSETCONTROLLER_REPO_SERVER.into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATIONSET_CONTROLLER_11,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: APPLICATIONSETCONTROLLER_REPO_SERVER_2.into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATIONSET_CONTROLLER_12,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: APPLICATIONSETCONTROLLER_REPO_SERVER_3.into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATIONSET_CONTROLLER_13,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: APPLICATIONSETCONTROLLER_REPO_SERVER_4.into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATIONSET_CONTROLLER_14,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: APPLICATIONSETCONTROLLER_CONCURRENT_RECONCILIATIONS
                                .into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_APPLICATIONSET_CONTROLLER_NAMESPACES",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "applicationsetcontroller.namespaces".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATIONSET_CONTROLLER_15,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "applicationsetcontroller.scm.root.ca.path".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATIONSET_CONTROLLER_16,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "applicationsetcontroller.allowed.scm.providers".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATIONSET_CONTROLLER_17,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "applicationsetcontroller.enable.scm.providers".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATIONSET_CONTROLLER_18,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: APPLICATIONSETCONTROLLER_ENABLE_GITHUB.into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATIONSET_CONTROLLER_19,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: APPLICATIONSETCONTROLLER_WEBHOOK_PARALLELISM.into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_APPLICATIONSET_CONTROLLER_REQUEUE_AFTER",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "applicationsetcontroller.requeue.after".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATIONSET_CONTROLLER_20,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: APPLICATIONSETCONTROLLER_STATUS_MAX.into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    ),
                mounts: vec![
                    Mount::new("ssh-known-hosts", "/app/config/ssh"),
                    Mount::new("tls-certs", "/app/config/tls"),
                    Mount::new("gpg-keys", "/app/config/gpg/source"),
                    Mount::new("gpg-keyring", "/app/config/gpg/keys"),
                    Mount::new("tmp", "/tmp"),
                    Mount::new("argocd-repo-server-tls", "/app/config/reposerver/tls"),
                    Mount::new("argocd-repo-server-mtls", "/app/config/reposerver/mtls"),
                    Mount::new("argocd-cmd-params-cm", "/home/argocd/params"),
                ],
                ..Container::default()
            },
        ],
        expose: Some(Expose {
            ports: vec![
                ServicePort {
                    name: Some("webhook".into()),
                    target: "webhook".into(),
                    port: 7000,
                    ..ServicePort::default()
                },
                ServicePort {
                    name: Some("metrics".into()),
                    target: "metrics".into(),
                    port: 8080,
                    ..ServicePort::default()
                },
            ],
            ..Expose::default()
        }),
        volumes: vec![
            Volume::new(
                "ssh-known-hosts",
                VolumeSource::shared_config(argocd_ssh_known_hosts_cm.handle()),
            ),
            Volume::new(
                "tls-certs",
                VolumeSource::shared_config(argocd_tls_certs_cm.handle()),
            ),
            Volume::new(
                "gpg-keys",
                VolumeSource::shared_config(argocd_gpg_keys_cm.handle()),
            ),
            Volume::new("gpg-keyring", VolumeSource::EmptyDir),
            Volume::new("tmp", VolumeSource::EmptyDir),
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
            Volume::new(
                "argocd-cmd-params-cm",
                VolumeSource::Files(Files {
                    items: vec![
                        (
                            "applicationsetcontroller.profile.enabled".into(),
                            "profiler.enabled".into(),
                        ),
                    ],
                    optional: true,
                    ..Files::new(FileSource::SharedConfig(argocd_cmd_params_cm.handle()))
                }),
            ),
        ],
        pod: PodSettings {
            node_selector: labels(&[("kubernetes.io/os", "linux")]),
            ..PodSettings::default()
        },
        service_account: ServiceAccount::Shared(
            argocd_applicationset_controller_account.handle(),
        ),
        security: Security {
            service_account_token: true,
            network_policy: false,
            image_user: true,
            require_non_root: true,
            user_on_containers: true,
            exception: Some(SECURITY_EXCEPTION.into()),
            ..Security::default()
        },
        ..App::new("argocd-applicationset-controller")
    }
}
