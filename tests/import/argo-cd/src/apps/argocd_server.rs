//! The `argocd-server` app, imported by `rustomize import`.

use rustomize::{
    App, ConfigKeyRef, Container, Env, Expose, FileSource, Files, Image, Mount,
    PodSettings, Port, Probe, Probes, ReplicasFrom, SecretKeyRef, Security,
    ServiceAccount, ServiceAccountSpec, ServicePort, SharedConfig, Volume, VolumeSource,
    k8s, labels,
};

const ARGOCD_APPLICATIONSET_CONTROLLER: &str = "ARGOCD_APPLICATIONSET_CONTROLLER_ENABLE_NEW_GIT_FILE_GLOBBING";
const APPLICATIONSETCONTROLLER_ENABLE_NEW: &str = "applicationsetcontroller.enable.new.git.file.globbing";
const ARGOCD_APPLICATIONSET_CONTROLLER_2: &str = "ARGOCD_APPLICATIONSET_CONTROLLER_SCM_ROOT_CA_PATH";
const ARGOCD_APPLICATIONSET_CONTROLLER_3: &str = "ARGOCD_APPLICATIONSET_CONTROLLER_ALLOWED_SCM_PROVIDERS";
const ARGOCD_APPLICATIONSET_CONTROLLER_4: &str = "ARGOCD_APPLICATIONSET_CONTROLLER_ENABLE_SCM_PROVIDERS";
const ARGOCD_APPLICATIONSET_CONTROLLER_5: &str = "ARGOCD_APPLICATIONSET_CONTROLLER_ENABLE_GITHUB_API_METRICS";
const APPLICATIONSETCONTROLLER_ENABLE_GITHUB: &str = "applicationsetcontroller.enable.github.api.metrics";
const SECURITY_EXCEPTION: &str = "imported: the original runs as the image's user (required to be non-root) rather than a set UID, mounts the ServiceAccount token, and has no NetworkPolicy of its own";

/// `argocd-server` as every environment starts from it.
pub fn app(
    argocd_cmd_params_cm: &SharedConfig,
    argocd_server_account: &ServiceAccountSpec,
    argocd_ssh_known_hosts_cm: &SharedConfig,
    argocd_tls_certs_cm: &SharedConfig,
) -> App {
    App {
        component: Some("server".into()),
        labels: labels(&[("app.kubernetes.io/part-of", "argocd")]),
        replicas_from: ReplicasFrom::Cluster,
        containers: vec![
            Container {
                name: "argocd-server".into(),
                image: Image::tag("quay.io/argoproj/argocd", "v3.5.1"),
                args: vec!["/usr/local/bin/argocd-server".into()],
                ports: vec![Port::tcp("https", 8080), Port::tcp("metrics", 8083)],
                env: Env::new()
                    .set(
                        "REDIS_PASSWORD",
                        SecretKeyRef {
                            secret: "argocd-redis".into(),
                            key: "auth".into(),
                            optional: false,
                            ..SecretKeyRef::default()
                        },
                    )
                    .set(
                        "GRPC_ENABLE_TXT_SERVICE_CONFIG",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.grpc.enable.txt.service.config".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_SERVER_INSECURE",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.insecure".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_SERVER_BASEHREF",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.basehref".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_SERVER_ROOTPATH",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.rootpath".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_SERVER_LOGFORMAT",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.log.format".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_SERVER_LOG_LEVEL",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.log.level".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_K8S_CLIENT_QPS",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.k8s.client.qps".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_K8S_CLIENT_BURST",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.k8s.client.burst".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_K8S_CLIENT_MAX_IDLE_CONNECTIONS",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.k8s.client.max.idle.connections".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_K8S_TCP_TIMEOUT",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.k8s.tcp.timeout".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_K8S_TCP_KEEPALIVE",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.k8s.tcp.keepalive".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_K8S_TLS_HANDSHAKE_TIMEOUT",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.k8s.tls.handshake.timeout".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_K8S_TCP_IDLE_TIMEOUT",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.k8s.tcp.idle.timeout".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_SERVER_REPO_SERVER",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "repo.server".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_SERVER_DEX_SERVER",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.dex.server".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_SERVER_DISABLE_AUTH",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.disable.auth".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_SERVER_ENABLE_GZIP",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.enable.gzip".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_SERVER_REPO_SERVER_TIMEOUT_SECONDS",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.repo.server.timeout.seconds".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_SERVER_X_FRAME_OPTIONS",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.x.frame.options".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_SERVER_CONTENT_SECURITY_POLICY",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.content.security.policy".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_SERVER_REPO_SERVER_PLAINTEXT",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.repo.server.plaintext".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_SERVER_REPO_SERVER_STRICT_TLS",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.repo.server.strict.tls".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_SERVER_REPO_SERVER_CA_CERT_PATH",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.repo.server.ca.cert.path".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_SERVER_REPO_SERVER_CLIENT_CERT_PATH",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.repo.server.client.cert.path".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_SERVER_REPO_SERVER_CLIENT_CERT_KEY_PATH",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.repo.server.client.cert.key.path".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_SERVER_DEX_SERVER_PLAINTEXT",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.dex.server.plaintext".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_SERVER_DEX_SERVER_STRICT_TLS",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.dex.server.strict.tls".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_TLS_MIN_VERSION",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.tls.minversion".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_TLS_MAX_VERSION",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.tls.maxversion".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_TLS_CIPHERS",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.tls.ciphers".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_SERVER_CONNECTION_STATUS_CACHE_EXPIRATION",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.connection.status.cache.expiration".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_SERVER_OIDC_CACHE_EXPIRATION",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.oidc.cache.expiration".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_SERVER_STATIC_ASSETS",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.staticassets".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_APP_STATE_CACHE_EXPIRATION",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.app.state.cache.expiration".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "REDIS_SERVER",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "redis.server".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "REDIS_COMPRESSION",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "redis.compression".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "REDISDB",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "redis.db".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_DEFAULT_CACHE_EXPIRATION",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.default.cache.expiration".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_MAX_COOKIE_NUMBER",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.http.cookie.maxnumber".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_SERVER_LISTEN_ADDRESS",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.listen.address".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_SERVER_METRICS_LISTEN_ADDRESS",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.metrics.listen.address".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_SERVER_OTLP_ADDRESS",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "otlp.address".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_SERVER_OTLP_INSECURE",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "otlp.insecure".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_SERVER_OTLP_HEADERS",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "otlp.headers".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_SERVER_OTLP_ATTRS",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "otlp.attrs".into(),
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
                        "ARGOCD_SERVER_ENABLE_PROXY_EXTENSION",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.enable.proxy.extension".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_K8SCLIENT_RETRY_MAX",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.k8sclient.retry.max".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_K8SCLIENT_RETRY_BASE_BACKOFF",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.k8sclient.retry.base.backoff".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_API_CONTENT_TYPES",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.api.content.types".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_SERVER_WEBHOOK_PARALLELISM_LIMIT",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.webhook.parallelism.limit".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_SERVER_GLOB_CACHE_SIZE",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.glob.cache.size".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_SERVER_WEBHOOK_REFRESH_WORKERS",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.webhook.refresh.workers".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATIONSET_CONTROLLER,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: APPLICATIONSETCONTROLLER_ENABLE_NEW.into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATIONSET_CONTROLLER_2,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "applicationsetcontroller.scm.root.ca.path".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATIONSET_CONTROLLER_3,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "applicationsetcontroller.allowed.scm.providers".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATIONSET_CONTROLLER_4,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "applicationsetcontroller.enable.scm.providers".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATIONSET_CONTROLLER_5,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: APPLICATIONSETCONTROLLER_ENABLE_GITHUB.into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_HYDRATOR_ENABLED",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "hydrator.enabled".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_SYNC_WITH_REPLACE_ALLOWED",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "server.sync.replace.allowed".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    ),
                probes: Probes {
                    liveness: Some(
                        Probe::http("/healthz?full=true", "https")
                            .after(3)
                            .every(30)
                            .timeout(5),
                    ),
                    readiness: Some(Probe::http("/healthz", "https").after(3).every(30)),
                    ..Probes::default()
                },
                mounts: vec![
                    Mount::new("ssh-known-hosts", "/app/config/ssh"),
                    Mount::new("tls-certs", "/app/config/tls"),
                    Mount::new("argocd-repo-server-tls", "/app/config/server/tls"),
                    Mount::new("argocd-repo-server-mtls", "/app/config/reposerver/mtls"),
                    Mount::new("argocd-dex-server-tls", "/app/config/dex/tls"),
                    Mount::new("plugins-home", "/home/argocd"),
                    Mount::new("tmp", "/tmp"),
                    Mount::new("argocd-cmd-params-cm", "/home/argocd/params"),
                ],
                ..Container::default()
            },
        ],
        expose: Some(Expose {
            ports: vec![
                ServicePort {
                    name: Some("http".into()),
                    target: "https".into(),
                    port: 80,
                    ..ServicePort::default()
                },
                ServicePort {
                    name: Some("https".into()),
                    target: "https".into(),
                    port: 443,
                    ..ServicePort::default()
                },
            ],
            ..Expose::default()
        }),
        volumes: vec![
            Volume::new("plugins-home", VolumeSource::EmptyDir),
            Volume::new("tmp", VolumeSource::EmptyDir),
            Volume::new(
                "ssh-known-hosts",
                VolumeSource::shared_config(argocd_ssh_known_hosts_cm.handle()),
            ),
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
                "argocd-dex-server-tls",
                VolumeSource::Files(Files {
                    items: vec![
                        ("tls.crt".into(), "tls.crt".into()),
                        ("ca.crt".into(), "ca.crt".into()),
                    ],
                    optional: true,
                    ..Files::new(FileSource::Secret("argocd-dex-server-tls".into()))
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
                        ("server.profile.enabled".into(), "profiler.enabled".into()),
                    ],
                    optional: true,
                    ..Files::new(FileSource::SharedConfig(argocd_cmd_params_cm.handle()))
                }),
            ),
        ],
        pod: PodSettings {
            node_selector: labels(&[("kubernetes.io/os", "linux")]),
            affinity: Some(k8s::api::core::v1::Affinity {
                pod_anti_affinity: Some(k8s::api::core::v1::PodAntiAffinity {
                    preferred_during_scheduling_ignored_during_execution: Some(
                        vec![
                            k8s::api::core::v1::WeightedPodAffinityTerm {
                                pod_affinity_term: k8s::api::core::v1::PodAffinityTerm {
                                    label_selector: Some(k8s::apimachinery::pkg::apis::meta::v1::LabelSelector {
                                        match_labels: Some(
                                            labels(&[("app.kubernetes.io/name", "argocd-server")]),
                                        ),
                                        ..Default::default()
                                    }),
                                    topology_key: "kubernetes.io/hostname".into(),
                                    ..Default::default()
                                },
                                weight: 100,
                                ..Default::default()
                            },
                            k8s::api::core::v1::WeightedPodAffinityTerm {
                                pod_affinity_term: k8s::api::core::v1::PodAffinityTerm {
                                    label_selector: Some(k8s::apimachinery::pkg::apis::meta::v1::LabelSelector {
                                        match_labels: Some(
                                            labels(&[("app.kubernetes.io/part-of", "argocd")]),
                                        ),
                                        ..Default::default()
                                    }),
                                    topology_key: "kubernetes.io/hostname".into(),
                                    ..Default::default()
                                },
                                weight: 5,
                                ..Default::default()
                            },
                        ],
                    ),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            ..PodSettings::default()
        },
        service_account: ServiceAccount::Shared(argocd_server_account.handle()),
        security: Security {
            service_account_token: true,
            network_policy: false,
            image_user: true,
            require_non_root: true,
            user_on_containers: true,
            exception: Some(SECURITY_EXCEPTION.into()),
            ..Security::default()
        },
        ..App::new("argocd-server")
    }
}
