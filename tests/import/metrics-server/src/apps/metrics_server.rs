//! The `metrics-server` app, imported by `rustomize import`.

use rustomize::{
    App, Compute, Container, DisruptionBudget, Expose, Image, IntOrPercent, Mount,
    PodSettings, Port, Probe, Probes, PullPolicy, Resources, Rollout, Security,
    ServiceAccount, ServiceAccountSpec, ServicePort, Strategy, Volume, VolumeSource, k8s,
    labels,
};

const METRICS_SERVER_ARGUMENT: &str = "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname";
const SECURITY_EXCEPTION: &str = "imported: the original runs as UID 1000, mounts the ServiceAccount token, and has no NetworkPolicy of its own";

/// `metrics-server` as every environment starts from it.
pub fn app(metrics_server_account: &ServiceAccountSpec) -> App {
    App {
        selector: labels(&[("k8s-app", "metrics-server")]),
        replicas: 2,
        containers: vec![
            Container {
                name: "metrics-server".into(),
                image: Image::tag(
                    "registry.k8s.io/metrics-server/metrics-server",
                    "v0.9.0",
                ),
                pull_policy: PullPolicy::IfNotPresent,
                args: vec![
                    "--cert-dir=/tmp".into(),
                    "--secure-port=10250".into(),
                    METRICS_SERVER_ARGUMENT.into(),
                    "--kubelet-use-node-status-port".into(),
                    "--metric-resolution=15s".into(),
                ],
                ports: vec![Port::tcp("https", 10250)],
                probes: Probes {
                    liveness: Some(
                        Probe::http("/livez", "https").https().every(10).failures(3),
                    ),
                    readiness: Some(
                        Probe::http("/readyz", "https")
                            .https()
                            .after(20)
                            .every(10)
                            .failures(3),
                    ),
                    ..Probes::default()
                },
                resources: Resources {
                    requests: Compute::new("100m", "200Mi"),
                    ..Resources::default()
                },
                mounts: vec![Mount::new("tmp-dir", "/tmp")],
                ..Container::default()
            },
        ],
        expose: Some(Expose {
            ports: vec![
                ServicePort {
                    name: Some("https".into()),
                    target: "https".into(),
                    port: 443,
                    app_protocol: Some("https".into()),
                    ..ServicePort::default()
                },
            ],
            ..Expose::default()
        }),
        volumes: vec![Volume::new("tmp-dir", VolumeSource::EmptyDir)],
        disruption_budget: Some(DisruptionBudget::MinAvailable(1)),
        rollout: Rollout {
            strategy: Some(Strategy::RollingUpdate {
                max_surge: None,
                max_unavailable: Some(IntOrPercent::Count(1)),
            }),
            ..Rollout::default()
        },
        pod: PodSettings {
            node_selector: labels(&[("kubernetes.io/os", "linux")]),
            affinity: Some(k8s::api::core::v1::Affinity {
                pod_anti_affinity: Some(k8s::api::core::v1::PodAntiAffinity {
                    required_during_scheduling_ignored_during_execution: Some(
                        vec![
                            k8s::api::core::v1::PodAffinityTerm {
                                label_selector: Some(k8s::apimachinery::pkg::apis::meta::v1::LabelSelector {
                                    match_labels: Some(
                                        labels(&[("k8s-app", "metrics-server")]),
                                    ),
                                    ..Default::default()
                                }),
                                namespaces: Some(vec!["kube-system".into()]),
                                topology_key: "kubernetes.io/hostname".into(),
                                ..Default::default()
                            },
                        ],
                    ),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            priority_class_name: Some("system-cluster-critical".into()),
            ..PodSettings::default()
        },
        service_account: ServiceAccount::Shared(metrics_server_account.handle()),
        security: Security {
            run_as_user: 1000,
            run_as_group: 1000,
            fs_group: 1000,
            service_account_token: true,
            network_policy: false,
            user_on_containers: true,
            exception: Some(SECURITY_EXCEPTION.into()),
            ..Security::default()
        },
        ..App::new("metrics-server")
    }
}
