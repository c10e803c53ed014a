//! The `argocd-repo-server` app, imported by `rustomize import`.

use rustomize::{
    App, ConfigKeyRef, Container, Env, Expose, FileSource, Files, Image, Mount,
    PodSettings, Port, Probe, Probes, PullPolicy, ReplicasFrom, SecretKeyRef, Security,
    ServiceAccount, ServicePort, SharedConfig, Volume, VolumeSource, k8s, labels,
};

const ARGOCD_REPO_SERVER: &str = "ARGOCD_REPO_SERVER_MAX_COMBINED_DIRECTORY_MANIFESTS_SIZE";
const ARGOCD_REPO_SERVER_2: &str = "ARGOCD_REPO_SERVER_PLUGIN_USE_MANIFEST_GENERATE_PATHS";
const ARGOCD_REPO_SERVER_3: &str = "ARGOCD_REPO_SERVER_STREAMED_MANIFEST_MAX_TAR_SIZE";
const ARGOCD_REPO_SERVER_4: &str = "ARGOCD_REPO_SERVER_STREAMED_MANIFEST_MAX_EXTRACTED_SIZE";
const ARGOCD_REPO_SERVER_5: &str = "ARGOCD_REPO_SERVER_HELM_MANIFEST_MAX_EXTRACTED_SIZE";
const ARGOCD_REPO_SERVER_6: &str = "ARGOCD_REPO_SERVER_DISABLE_HELM_MANIFEST_MAX_EXTRACTED_SIZE";
const REPOSERVER_DISABLE_HELM: &str = "reposerver.disable.helm.manifest.max.extracted.size";
const ARGOCD_REPO_SERVER_7: &str = "ARGOCD_REPO_SERVER_OCI_MANIFEST_MAX_EXTRACTED_SIZE";
const ARGOCD_REPO_SERVER_8: &str = "ARGOCD_REPO_SERVER_DISABLE_OCI_MANIFEST_MAX_EXTRACTED_SIZE";
const REPOSERVER_DISABLE_OCI: &str = "reposerver.disable.oci.manifest.max.extracted.size";
const COPYUTIL_ARGUMENT: &str = "/bin/cp /usr/local/bin/argocd /var/run/argocd/argocd && /bin/ln -sf /var/run/argocd/argocd /var/run/argocd/argocd-cmp-server";
const SECURITY_EXCEPTION: &str = "imported: the original runs as the image's user (required to be non-root) rather than a set UID, and has no NetworkPolicy of its own";

/// `argocd-repo-server` as every environment starts from it.
pub fn app(
    argocd_cmd_params_cm: &SharedConfig,
    argocd_gpg_keys_cm: &SharedConfig,
    argocd_ssh_known_hosts_cm: &SharedConfig,
    argocd_tls_certs_cm: &SharedConfig,
) -> App {
    App {
        component: Some("repo-server".into()),
        labels: labels(&[("app.kubernetes.io/part-of", "argocd")]),
        replicas_from: ReplicasFrom::Cluster,
        containers: vec![
            Container {
                name: "argocd-repo-server".into(),
                image: Image::tag("quay.io/argoproj/argocd", "v3.5.1"),
                args: vec!["/usr/local/bin/argocd-repo-server".into()],
                ports: vec![Port::tcp("server", 8081), Port::tcp("metrics", 8084)],
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
                            key: "reposerver.grpc.enable.txt.service.config".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
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
                        "ARGOCD_REPO_SERVER_LOGFORMAT",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "reposerver.log.format".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_REPO_SERVER_LOGLEVEL",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "reposerver.log.level".into(),
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
                        "ARGOCD_REPO_SERVER_PARALLELISM_LIMIT",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "reposerver.parallelism.limit".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_REPO_SERVER_LISTEN_ADDRESS",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "reposerver.listen.address".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_REPO_SERVER_LISTEN_METRICS_ADDRESS",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "reposerver.metrics.listen.address".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_REPO_SERVER_DISABLE_TLS",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "reposerver.disable.tls".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_TLS_MIN_VERSION",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "reposerver.tls.minversion".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_TLS_MAX_VERSION",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "reposerver.tls.maxversion".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_TLS_CIPHERS",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "reposerver.tls.ciphers".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_REPO_SERVER_CLIENT_CA_PATH",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "reposerver.client.ca.path".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_REPO_CACHE_EXPIRATION",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "reposerver.repo.cache.expiration".into(),
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
                            key: "reposerver.default.cache.expiration".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_REPO_SERVER_OTLP_ADDRESS",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "otlp.address".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_REPO_SERVER_OTLP_INSECURE",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "otlp.insecure".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_REPO_SERVER_OTLP_HEADERS",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "otlp.headers".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_REPO_SERVER_OTLP_ATTRS",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "otlp.attrs".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_REPO_SERVER,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "reposerver.max.combined.directory.manifests.size"
                                .into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_REPO_SERVER_PLUGIN_TAR_EXCLUSIONS",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "reposerver.plugin.tar.exclusions".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_REPO_SERVER_2,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "reposerver.plugin.use.manifest.generate.paths".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_REPO_SERVER_ALLOW_OUT_OF_BOUNDS_SYMLINKS",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "reposerver.allow.oob.symlinks".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_REPO_SERVER_3,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "reposerver.streamed.manifest.max.tar.size".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_REPO_SERVER_4,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "reposerver.streamed.manifest.max.extracted.size"
                                .into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_REPO_SERVER_5,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "reposerver.helm.manifest.max.extracted.size".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_REPO_SERVER_6,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: REPOSERVER_DISABLE_HELM.into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_REPO_SERVER_7,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "reposerver.oci.manifest.max.extracted.size".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        ARGOCD_REPO_SERVER_8,
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: REPOSERVER_DISABLE_OCI.into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_REPO_SERVER_OCI_LAYER_MEDIA_TYPES",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "reposerver.oci.layer.media.types".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_REVISION_CACHE_LOCK_TIMEOUT",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "reposerver.revision.cache.lock.timeout".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_GIT_MODULES_ENABLED",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "reposerver.enable.git.submodule".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_GIT_LS_REMOTE_PARALLELISM_LIMIT",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "reposerver.git.lsremote.parallelism.limit".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_GIT_REQUEST_TIMEOUT",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "reposerver.git.request.timeout".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_REPO_SERVER_ENABLE_BUILTIN_GIT_CONFIG",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "reposerver.enable.builtin.git.config".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_GRPC_MAX_SIZE_MB",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "reposerver.grpc.max.size".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_REPO_SERVER_INCLUDE_HIDDEN_DIRECTORIES",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "reposerver.include.hidden.directories".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_HELM_USER_AGENT",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "reposerver.helm.user.agent".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set("HELM_CACHE_HOME", "/helm-working-dir")
                    .set("HELM_CONFIG_HOME", "/helm-working-dir")
                    .set("HELM_DATA_HOME", "/helm-working-dir"),
                probes: Probes {
                    liveness: Some(
                        Probe::http("/healthz?full=true", "metrics")
                            .after(30)
                            .every(30)
                            .timeout(5)
                            .failures(3),
                    ),
                    readiness: Some(
                        Probe::http("/healthz", "metrics").after(5).every(10),
                    ),
                    ..Probes::default()
                },
                mounts: vec![
                    Mount::new("ssh-known-hosts", "/app/config/ssh"),
                    Mount::new("tls-certs", "/app/config/tls"),
                    Mount::new("gpg-keys", "/app/config/gpg/source"),
                    Mount::new("gpg-keyring", "/app/config/gpg/keys"),
                    Mount::new("argocd-repo-server-tls", "/app/config/reposerver/tls"),
                    Mount::new("argocd-repo-server-mtls", "/app/config/reposerver/mtls"),
                    Mount::new("tmp", "/tmp"),
                    Mount::new("helm-working-dir", "/helm-working-dir"),
                    Mount::new("plugins", "/home/argocd/cmp-server/plugins"),
                    Mount::new("argocd-cmd-params-cm", "/home/argocd/params"),
                ],
                ..Container::default()
            },
        ],
        init_containers: vec![
            Container {
                name: "copyutil".into(),
                image: Image::tag("quay.io/argoproj/argocd", "v3.5.1"),
                pull_policy: PullPolicy::IfNotPresent,
                command: vec!["sh".into(), "-c".into()],
                args: vec![COPYUTIL_ARGUMENT.into()],
                mounts: vec![Mount::new("var-files", "/var/run/argocd")],
                ..Container::default()
            },
        ],
        expose: Some(Expose {
            ports: vec![
                ServicePort {
                    name: Some("server".into()),
                    target: "server".into(),
                    port: 8081,
                    ..ServicePort::default()
                },
                ServicePort {
                    name: Some("metrics".into()),
                    target: "metrics".into(),
                    port: 8084,
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
            Volume::new("helm-working-dir", VolumeSource::EmptyDir),
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
                    items: vec![("client-ca.crt".into(), "client-ca.crt".into())],
                    optional: true,
                    ..Files::new(FileSource::Secret("argocd-repo-server-mtls".into()))
                }),
            ),
            Volume::new("var-files", VolumeSource::EmptyDir),
            Volume::new("plugins", VolumeSource::EmptyDir),
            Volume::new(
                "argocd-cmd-params-cm",
                VolumeSource::Files(Files {
                    items: vec![
                        ("reposerver.profile.enabled".into(), "profiler.enabled".into()),
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
                                            labels(&[("app.kubernetes.io/name", "argocd-repo-server")]),
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
        service_account: ServiceAccount::Own,
        security: Security {
            network_policy: false,
            image_user: true,
            require_non_root: true,
            user_on_containers: true,
            exception: Some(SECURITY_EXCEPTION.into()),
            ..Security::default()
        },
        ..App::new("argocd-repo-server")
    }
}
