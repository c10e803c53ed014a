//! Environment `overlays-release-ha-1-21`, imported from `../shared/corpus/import/metrics-server/overlays/release-ha-1.21+` by `rustomize import`.

use rustomize::{ApiService, App, BindingSpec, Environment, Grant, Grantee, labels};

/// The `overlays-release-ha-1-21` environment.
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
        apps: vec![crate::apps::metrics_server::app(&metrics_server_account)],
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
        ..Environment::named("overlays-release-ha-1-21")
    }
}
