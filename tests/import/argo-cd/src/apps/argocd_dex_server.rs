//! The `argocd-dex-server` app, imported by `rustomize import`.

use rustomize::{
    App, ConfigKeyRef, Container, ContainerSecurity, Env, Expose, FileSource, Files,
    Image, Mount, PodSettings, Port, ReplicasFrom, Security, ServiceAccount,
    ServiceAccountSpec, ServicePort, Volume, VolumeSource, k8s, labels,
};

const SECURITY_EXCEPTION: &str = "imported: the original runs as the image's user (required to be non-root) rather than a set UID, runs container `dex` as UID 1001, mounts the ServiceAccount token, and has no NetworkPolicy of its own";

/// `argocd-dex-server` as every environment starts from it.
pub fn app(argocd_dex_server_account: &ServiceAccountSpec) -> App {
    App {
        component: Some("dex-server".into()),
        labels: labels(&[("app.kubernetes.io/part-of", "argocd")]),
        replicas_from: ReplicasFrom::Cluster,
        containers: vec![
            Container {
                name: "dex".into(),
                image: Image::tag("ghcr.io/dexidp/dex", "v2.45.0"),
                command: vec!["/shared/argocd-dex".into(), "rundex".into()],
                ports: vec![
                    Port::http(5556),
                    Port::tcp("grpc", 5557),
                    Port::tcp("metrics", 5558),
                ],
                env: Env::new()
                    .set(
                        "ARGOCD_DEX_SERVER_LOGFORMAT",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "dexserver.log.format".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "ARGOCD_DEX_SERVER_LOGLEVEL",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "dexserver.log.level".into(),
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
                        "ARGOCD_DEX_SERVER_DISABLE_TLS",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "dexserver.disable.tls".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    )
                    .set(
                        "DEX_CONTINUE_ON_CONNECTOR_FAILURE",
                        ConfigKeyRef {
                            config: "argocd-cmd-params-cm".into(),
                            key: "dexserver.connector.failure.continue".into(),
                            optional: true,
                            ..ConfigKeyRef::default()
                        },
                    ),
                mounts: vec![
                    Mount::new("static-files", "/shared"),
                    Mount::new("dexconfig", "/tmp"),
                    Mount::new("argocd-dex-server-tls", "/tls"),
                ],
                security: ContainerSecurity {
                    run_as_user: Some(1001),
                    ..ContainerSecurity::default()
                },
                ..Container::default()
            },
        ],
        init_containers: vec![
            Container {
                name: "copyutil".into(),
                image: Image::tag("quay.io/argoproj/argocd", "v3.5.1"),
                command: vec![
                    "/bin/cp".into(),
                    "-n".into(),
                    "/usr/local/bin/argocd".into(),
                    "/shared/argocd-dex".into(),
                ],
                mounts: vec![
                    Mount::new("static-files", "/shared"),
                    Mount::new("dexconfig", "/tmp"),
                ],
                ..Container::default()
            },
        ],
        expose: Some(Expose {
            ports: vec![
                ServicePort {
                    name: Some("http".into()),
                    target: "http".into(),
                    port: 5556,
                    app_protocol: Some("TCP".into()),
                    ..ServicePort::default()
                },
                ServicePort {
                    name: Some("grpc".into()),
                    target: "grpc".into(),
                    port: 5557,
                    ..ServicePort::default()
                },
                ServicePort {
                    name: Some("metrics".into()),
                    target: "metrics".into(),
                    port: 5558,
                    ..ServicePort::default()
                },
            ],
            ..Expose::default()
        }),
        volumes: vec![
            Volume::new("static-files", VolumeSource::EmptyDir),
            Volume::new("dexconfig", VolumeSource::EmptyDir),
            Volume::new(
                "argocd-dex-server-tls",
                VolumeSource::Files(Files {
                    items: vec![
                        ("tls.crt".into(), "tls.crt".into()),
                        ("tls.key".into(), "tls.key".into()),
                        ("ca.crt".into(), "ca.crt".into()),
                    ],
                    optional: true,
                    ..Files::new(FileSource::Secret("argocd-dex-server-tls".into()))
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
        service_account: ServiceAccount::Shared(argocd_dex_server_account.handle()),
        security: Security {
            service_account_token: true,
            network_policy: false,
            image_user: true,
            require_non_root: true,
            user_on_containers: true,
            exception: Some(SECURITY_EXCEPTION.into()),
            ..Security::default()
        },
        ..App::new("argocd-dex-server")
    }
}
