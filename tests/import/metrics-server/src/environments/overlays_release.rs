//! Environment `overlays-release`, imported from `../shared/corpus/import/metrics-server/overlays/release` by `rustomize import`.

use rustomize::{
    ApiService, App, BindingSpec, Environment, Grant, Grantee, IntOrPercent, PodSettings,
    ReplicasFrom, Rollout, Strategy, labels,
};

/// The `overlays-release` environment.
pub fn environment() -> Environment {
    let metrics_server_account = crate::shared::metrics_server_account();
    let system_aggregated_metrics_reader_cluster_role = crate::shared::system_aggregated_metrics_reader_cluster_role();
    let system_metrics_server_cluster_role = crate::shared::system_metrics_server_cluster_role();
    let metrics_server_auth_reader_binding = BindingSpec {
        labels: labels(&[("k8s-app", "metrics-server")]),
        ..BindingSpec::new(
            "metrics-server-auth-reader",
            Grant::Role("extension-apiserver-authentication-reader".into()),
            vec![Grantee::from(&metrics_server_account)],
        )
    };
    let metrics_server_system_auth_delegator_cluster_binding = BindingSpec {
        labels: labels(&[("k8s-app", "metrics-server")]),
        ..BindingSpec::cluster(
            "metrics-server:system:auth-delegator",
            Grant::ClusterRole("system:auth-delegator".into()),
            vec![Grantee::from(&metrics_server_account)],
        )
    };
    let system_metrics_server_cluster_binding = BindingSpec {
        labels: labels(&[("k8s-app", "metrics-server")]),
        ..BindingSpec::cluster(
            "system:metrics-server",
            Grant::from(&system_metrics_server_cluster_role),
            vec![Grantee::from(&metrics_server_account)],
        )
    };
    Environment {
        namespace: Some("kube-system".into()),
        apps: vec![
            App {
                replicas: 1,
                replicas_from: ReplicasFrom::Cluster,
                disruption_budget: None,
                rollout: Rollout {
                    strategy: Some(Strategy::RollingUpdate {
                        max_surge: None,
                        max_unavailable: Some(IntOrPercent::Count(0)),
                    }),
                    ..Rollout::default()
                },
                pod: PodSettings {
                    node_selector: labels(&[("kubernetes.io/os", "linux")]),
                    priority_class_name: Some("system-cluster-critical".into()),
                    ..PodSettings::default()
                },
                ..crate::apps::metrics_server::app(&metrics_server_account)
            },
        ],
        service_accounts: vec![metrics_server_account],
        api_services: vec![
            ApiService {
                insecure_skip_tls_verify: true,
                labels: labels(&[("k8s-app", "metrics-server")]),
                ..ApiService::new(
                    "metrics.k8s.io",
                    "v1beta1",
                    App::new("metrics-server").handle(),
                )
            },
        ],
        roles: vec![
            system_aggregated_metrics_reader_cluster_role,
            system_metrics_server_cluster_role,
        ],
        bindings: vec![
            metrics_server_auth_reader_binding,
            metrics_server_system_auth_delegator_cluster_binding,
            system_metrics_server_cluster_binding,
        ],
        ..Environment::named("overlays-release")
    }
}
