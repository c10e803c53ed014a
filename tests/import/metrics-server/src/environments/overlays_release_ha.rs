//! Environment `overlays-release-ha`, imported from `../shared/corpus/import/metrics-server/overlays/release-ha` by `rustomize import`.

use rustomize::{
    BindingSpec, Environment, Expose, Grant, Grantee, Protocol, RawYaml, ServicePort, ServiceSpec,
    k8s, labels,
};

const DEPLOYMENT_METRICS_SERVER_FILE: &str =
    "imported/overlays-release-ha/deployment.apps_kube-system_metrics-server.yaml";
const DEPLOYMENT_METRICS_SERVER_REASON: &str = "imported as written: as typed, PodDisruptionBudget `metrics-server` would differ at `apiVersion`: the original sets \"policy/v1beta1\"; the typed form renders \"policy/v1\"";
const PODDISRUPTIONBUDGET_METRICS_SERVER_FILE: &str =
    "imported/overlays-release-ha/poddisruptionbudget.policy_kube-system_metrics-server.yaml";
const APISERVICE_V1BETA1_METRICS_K8S_IO_FILE: &str =
    "imported/overlays-release-ha/apiservice.apiregistration.k8s.io_v1beta1.metrics.k8s.io.yaml";

/// The `overlays-release-ha` environment.
pub fn environment() -> Environment {
    let metrics_server_account = crate::shared::metrics_server_account();
    let system_aggregated_metrics_reader_cluster_role =
        crate::shared::system_aggregated_metrics_reader_cluster_role();
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
    // imported as-is: as typed, PodDisruptionBudget `metrics-server` would differ at `apiVersion`: the original sets "policy/v1beta1"; the typed form renders "policy/v1"
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::Deployment>(
            DEPLOYMENT_METRICS_SERVER_FILE,
            include_str!(
                "../../imported/overlays-release-ha/deployment.apps_kube-system_metrics-server.yaml"
            ),
        )
        .exception(DEPLOYMENT_METRICS_SERVER_REASON),
    );
    // imported as-is: rustomize has no typed form of a PodDisruptionBudget that belongs to no app
    raw.push(RawYaml::inline(PODDISRUPTIONBUDGET_METRICS_SERVER_FILE, include_str!("../../imported/overlays-release-ha/poddisruptionbudget.policy_kube-system_metrics-server.yaml")));
    // imported as-is: its Service `metrics-server` is not a typed app's
    raw.push(RawYaml::inline(APISERVICE_V1BETA1_METRICS_K8S_IO_FILE, include_str!("../../imported/overlays-release-ha/apiservice.apiregistration.k8s.io_v1beta1.metrics.k8s.io.yaml")));
    Environment {
        name: "overlays-release-ha".into(),
        tree: "overlays/overlays-release-ha".into(),
        namespace: Some("kube-system".into()),
        service_accounts: vec![metrics_server_account],
        services: vec![ServiceSpec::new(
            "metrics-server",
            labels(&[("k8s-app", "metrics-server")]),
            Expose {
                ports: vec![ServicePort {
                    name: Some("https".into()),
                    target: "https".into(),
                    port: 443,
                    app_protocol: Some("https".into()),
                    protocol: Some(Protocol::Tcp),
                    ..ServicePort::default()
                }],
                labels: labels(&[("k8s-app", "metrics-server")]),
                ..Expose::default()
            },
        )],
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
        ..Environment::default()
    }
}
