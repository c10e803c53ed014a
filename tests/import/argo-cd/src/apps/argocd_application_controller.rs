//! The `argocd-application-controller` app, imported by `rustomize import`.

use rustomize::{
    App, ConfigKeyRef, Container, Env, FileSource, Files, Image, Mount, PodSettings,
    Port, Probe, Probes, Rollout, SecretKeyRef, Security, ServiceAccount,
    ServiceAccountSpec, SharedConfig, Volume, VolumeSource, Workload, k8s, labels,
};

const ARGOCD_APPLICATION_CONTROLLER: &str = "ARGOCD_APPLICATION_CONTROLLER_REPO_SERVER_TIMEOUT_SECONDS";
const ARGOCD_APPLICATION_CONTROLLER_2: &str = "ARGOCD_APPLICATION_CONTROLLER_OPERATION_PROCESSORS";
const ARGOCD_APPLICATION_CONTROLLER_3: &str = "ARGOCD_APPLICATION_CONTROLLER_HYDRATION_PROCESSORS";
const ARGOCD_APPLICATION_CONTROLLER_4: &str = "ARGOCD_APPLICATION_CONTROLLER_METRICS_CACHE_EXPIRATION";
const ARGOCD_APPLICATION_CONTROLLER_5: &str = "ARGOCD_APPLICATION_CONTROLLER_SELF_HEAL_TIMEOUT_SECONDS";
const ARGOCD_APPLICATION_CONTROLLER_6: &str = "ARGOCD_APPLICATION_CONTROLLER_SELF_HEAL_BACKOFF_TIMEOUT_SECONDS";
const ARGOCD_APPLICATION_CONTROLLER_7: &str = "ARGOCD_APPLICATION_CONTROLLER_SELF_HEAL_BACKOFF_FACTOR";
const ARGOCD_APPLICATION_CONTROLLER_8: &str = "ARGOCD_APPLICATION_CONTROLLER_SELF_HEAL_BACKOFF_CAP_SECONDS";
const ARGOCD_APPLICATION_CONTROLLER_9: &str = "ARGOCD_APPLICATION_CONTROLLER_SELF_HEAL_BACKOFF_COOLDOWN_SECONDS";
const ARGOCD_APPLICATION_CONTROLLER_10: &str = "ARGOCD_APPLICATION_CONTROLLER_REPO_SERVER_PLAINTEXT";
const ARGOCD_APPLICATION_CONTROLLER_11: &str = "ARGOCD_APPLICATION_CONTROLLER_REPO_SERVER_STRICT_TLS";
const ARGOCD_APPLICATION_CONTROLLER_12: &str = "ARGOCD_APPLICATION_CONTROLLER_REPO_SERVER_CA_CERT_PATH";
const ARGOCD_APPLICATION_CONTROLLER_13: &str = "ARGOCD_APPLICATION_CONTROLLER_REPO_SERVER_CLIENT_CERT_PATH";
const ARGOCD_APPLICATION_CONTROLLER_14: &str = "ARGOCD_APPLICATION_CONTROLLER_REPO_SERVER_CLIENT_CERT_KEY_PATH";
const ARGOCD_APPLICATION_CONTROLLER_15: &str = "ARGOCD_APPLICATION_CONTROLLER_PERSIST_RESOURCE_HEALTH";
const ARGOCD_APPLICATION_CONTROLLER_16: &str = "ARGOCD_APPLICATION_CONTROLLER_KUBECTL_PARALLELISM_LIMIT";
const CONTROLLER_CLUSTER_CACHE: &str = "controller.cluster.cache.events.processing.interval";
const SECURITY_EXCEPTION: &str = "imported: the original runs as the image's user (required to be non-root) rather than a set UID, mounts the ServiceAccount token, and has no NetworkPolicy of its own";

/// `argocd-application-controller` as every environment starts from it.
pub fn app(
    argocd_application_controller_account: &ServiceAccountSpec,
    argocd_cmd_params_cm: &SharedConfig,
) -> App {
    App {
        component: Some("application-controller".into()),
        labels: labels(&[("app.kubernetes.io/part-of", "argocd")]),
        workload: Workload::StatefulSet,
        containers: vec![
            Container {
                name: "argocd-application-controller".into(),
                image: Image::tag("quay.io/argoproj/argocd", "v3.5.1"),
                args: vec!["/usr/local/bin/argocd-application-controller".into()],
                ports: vec![Port::tcp("metrics", 8082)],
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
                            key: "controller.grpc.enable.txt.service.config".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set("ARGOCD_CONTROLLER_REPLICAS", "1")
                    .set(
                        "ARGOCD_RECONCILIATION_TIMEOUT",
                        ConfigKeyRef {
                            config: "argocd-cm".into(),
                            key: "timeout.reconciliation".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_HARD_RECONCILIATION_TIMEOUT",
                        ConfigKeyRef {
                            config: "argocd-cm".into(),
                            key: "timeout.hard.reconciliation".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_RECONCILIATION_JITTER",
                        ConfigKeyRef {
                            config: "argocd-cm".into(),
                            key: "timeout.reconciliation.jitter".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_REPO_ERROR_GRACE_PERIOD_SECONDS",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "controller.repo.error.grace.period.seconds".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_APPLICATION_CONTROLLER_REPO_SERVER",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "repo.server".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATION_CONTROLLER,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "controller.repo.server.timeout.seconds".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_APPLICATION_CONTROLLER_STATUS_PROCESSORS",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "controller.status.processors".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATION_CONTROLLER_2,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "controller.operation.processors".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATION_CONTROLLER_3,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "controller.hydration.processors".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_APPLICATION_CONTROLLER_LOGFORMAT",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "controller.log.format".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_APPLICATION_CONTROLLER_LOGLEVEL",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "controller.log.level".into(),
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
                            key: "controller.k8s.client.qps".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_K8S_CLIENT_BURST",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "controller.k8s.client.burst".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_K8S_CLIENT_MAX_IDLE_CONNECTIONS",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "controller.k8s.client.max.idle.connections".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_K8S_TCP_TIMEOUT",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "controller.k8s.tcp.timeout".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_K8S_TCP_KEEPALIVE",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "controller.k8s.tcp.keepalive".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_K8S_TLS_HANDSHAKE_TIMEOUT",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "controller.k8s.tls.handshake.timeout".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_K8S_TCP_IDLE_TIMEOUT",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "controller.k8s.tcp.idle.timeout".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATION_CONTROLLER_4,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "controller.metrics.cache.expiration".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATION_CONTROLLER_5,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "controller.self.heal.timeout.seconds".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATION_CONTROLLER_6,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "controller.self.heal.backoff.timeout.seconds".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATION_CONTROLLER_7,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "controller.self.heal.backoff.factor".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATION_CONTROLLER_8,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "controller.self.heal.backoff.cap.seconds".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATION_CONTROLLER_9,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "controller.self.heal.backoff.cooldown.seconds".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_SYNC_WAVE_DELAY",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "controller.sync.wave.delay.seconds".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_APPLICATION_CONTROLLER_SYNC_TIMEOUT",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "controller.sync.timeout.seconds".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATION_CONTROLLER_10,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "controller.repo.server.plaintext".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATION_CONTROLLER_11,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "controller.repo.server.strict.tls".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATION_CONTROLLER_12,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "controller.repo.server.ca.cert.path".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATION_CONTROLLER_13,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "controller.repo.server.client.cert.path".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATION_CONTROLLER_14,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "controller.repo.server.client.cert.key.path".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATION_CONTROLLER_15,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "controller.resource.health.persist".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_APP_STATE_CACHE_EXPIRATION",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "controller.app.state.cache.expiration".into(),
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
                            key: "controller.default.cache.expiration".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_APPLICATION_CONTROLLER_OTLP_ADDRESS",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "otlp.address".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_APPLICATION_CONTROLLER_OTLP_INSECURE",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "otlp.insecure".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_APPLICATION_CONTROLLER_OTLP_HEADERS",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "otlp.headers".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_APPLICATION_CONTROLLER_OTLP_ATTRS",
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
                        "ARGOCD_CONTROLLER_SHARDING_ALGORITHM",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "controller.sharding.algorithm".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_APPLICATION_CONTROLLER_16,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "controller.kubectl.parallelism.limit".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_K8SCLIENT_RETRY_MAX",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "controller.k8sclient.retry.max".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_K8SCLIENT_RETRY_BASE_BACKOFF",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "controller.k8sclient.retry.base.backoff".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_APPLICATION_CONTROLLER_SERVER_SIDE_DIFF",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "controller.diff.server.side".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_IGNORE_NORMALIZER_JQ_TIMEOUT",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "controller.ignore.normalizer.jq.timeout".into(),
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
                        "ARGOCD_CLUSTER_CACHE_BATCH_EVENTS_PROCESSING",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "controller.cluster.cache.batch.events.processing"
                                .into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_CLUSTER_CACHE_EVENTS_PROCESSING_INTERVAL",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: CONTROLLER_CLUSTER_CACHE.into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_APPLICATION_CONTROLLER_COMMIT_SERVER",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "commit.server".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set("KUBECACHEDIR", "/tmp/kubecache"),
                probes: Probes {
                    readiness: Some(
                        Probe::http("/healthz", "metrics").after(5).every(10),
                    ),
                    ..Probes::default()
                },
                mounts: vec![
                    Mount::new("argocd-repo-server-tls", "/app/config/controller/tls"),
                    Mount::new("argocd-repo-server-mtls", "/app/config/reposerver/mtls"),
                    Mount::new("argocd-home", "/home/argocd"),
                    Mount::new("argocd-cmd-params-cm", "/home/argocd/params"),
                    Mount::new("argocd-application-controller-tmp", "/tmp"),
                ],
                working_dir: Some("/home/argocd".into()),
                ..Container::default()
            },
        ],
        volumes: vec![
            Volume::new("argocd-home", VolumeSource::EmptyDir),
            Volume::new("argocd-application-controller-tmp", VolumeSource::EmptyDir),
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
                        ("controller.profile.enabled".into(), "profiler.enabled".into()),
                    ],
                    optional: true,
                    ..Files::new(FileSource::SharedConfig(argocd_cmd_params_cm.handle()))
                }),
            ),
        ],
        rollout: Rollout {
            service_name: Some("argocd-application-controller".into()),
            ..Rollout::default()
        },
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
                                            labels(
                                                &[
                                                    ("app.kubernetes.io/name", "argocd-application-controller"),
                                                ],
                                            ),
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
        service_account: ServiceAccount::Shared(
            argocd_application_controller_account.handle(),
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
        ..App::new("argocd-application-controller")
    }
}
