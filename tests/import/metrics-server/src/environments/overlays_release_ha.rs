//! Environment `overlays-release-ha`, imported from `../shared/corpus/import/metrics-server/overlays/release-ha` by `rustomize import`.

use rustomize::{
    ApiService, App, BindingSpec, Environment, Grant, Grantee, RawYaml, labels,
};

const PODDISRUPTIONBUDGET_METRICS_SERVER_FILE: &str = "imported/overlays-release-ha/poddisruptionbudget.policy_kube-system_metrics-server.yaml";

/// The `overlays-release-ha` environment.
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
    let mut raw = Vec::new();
    // imported as-is: its API version `policy/v1beta1` is not the one rustomize types a PodDisruptionBudget as (`policy/v1`)
    raw.push(
        RawYaml::inline(
            PODDISRUPTIONBUDGET_METRICS_SERVER_FILE,
            include_str!(
                "../../imported/overlays-release-ha/poddisruptionbudget.policy_kube-system_metrics-server.yaml",
            ),
        ),
    );
    Environment {
        namespace: Some("kube-system".into()),
        apps: vec![
            App {
                disruption_budget: None,
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
        raw,
        ..Environment::named("overlays-release-ha")
    }
}
