//! The `argocd-redis` app, imported by `rustomize import`.

use rustomize::{
    App, Container, Env, Expose, Image, PodSettings, Port, PullPolicy, ReplicasFrom,
    SecretKeyRef, Security, ServiceAccount, ServiceAccountSpec, ServicePort, k8s, labels,
};

const SECURITY_EXCEPTION: &str = "imported: the original runs as UID 999, mounts the ServiceAccount token, and has no NetworkPolicy of its own";

/// `argocd-redis` as every environment starts from it.
pub fn app(argocd_redis_account: &ServiceAccountSpec) -> App {
    App {
        component: Some("redis".into()),
        labels: labels(&[("app.kubernetes.io/part-of", "argocd")]),
        replicas_from: ReplicasFrom::Cluster,
        containers: vec![
            Container {
                name: "redis".into(),
                image: Image::tag("public.ecr.aws/docker/library/redis", "8.2.3-alpine"),
                args: vec![
                    "--save".into(),
                    "".into(),
                    "--appendonly".into(),
                    "no".into(),
                    "--requirepass $(REDIS_PASSWORD)".into(),
                ],
                ports: vec![Port::tcp("tcp-redis", 6379)],
                env: Env::new()
                    .set(
                        "REDIS_PASSWORD",
                        SecretKeyRef {
                            secret: "argocd-redis".into(),
                            key: "auth".into(),
                            optional: false,
                            ..SecretKeyRef::default()
                        },
                    ),
                ..Container::default()
            },
        ],
        init_containers: vec![
            Container {
                name: "secret-init".into(),
                image: Image::tag("quay.io/argoproj/argocd", "v3.5.1"),
                pull_policy: PullPolicy::IfNotPresent,
                command: vec![
                    "argocd".into(),
                    "admin".into(),
                    "redis-initial-password".into(),
                ],
                ..Container::default()
            },
        ],
        expose: Some(Expose {
            ports: vec![
                ServicePort {
                    name: Some("tcp-redis".into()),
                    target: "tcp-redis".into(),
                    port: 6379,
                    ..ServicePort::default()
                },
            ],
            ..Expose::default()
        }),
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
                                            labels(&[("app.kubernetes.io/name", "argocd-redis")]),
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
        service_account: ServiceAccount::Shared(argocd_redis_account.handle()),
        security: Security {
            run_as_user: 999,
            run_as_group: 999,
            fs_group: 999,
            service_account_token: true,
            network_policy: false,
            user_on_containers: true,
            exception: Some(SECURITY_EXCEPTION.into()),
            ..Security::default()
        },
        ..App::new("argocd-redis")
    }
}
