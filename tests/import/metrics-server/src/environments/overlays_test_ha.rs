//! Environment `overlays-test-ha`, imported from `../shared/corpus/import/metrics-server/overlays/test-ha` by `rustomize import`.

use rustomize::{
    ApiService, App, BindingSpec, Compute, Container, Environment, Grant, Grantee, Image,
    Mount, Port, Probe, Probes, PullPolicy, Resources, labels,
};

const METRICS_SERVER_ARGUMENT: &str = "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname";

/// The `overlays-test-ha` environment.
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
                containers: vec![
                    Container {
                        name: "metrics-server".into(),
                        image: Image::tag(
                            "gcr.io/k8s-staging-metrics-server/metrics-server",
                            "master",
                        ),
                        pull_policy: PullPolicy::Never,
                        args: vec![
                            "--cert-dir=/tmp".into(),
                            "--secure-port=10250".into(),
                            METRICS_SERVER_ARGUMENT.into(),
                            "--kubelet-use-node-status-port".into(),
                            "--metric-resolution=15s".into(),
                            "--kubelet-insecure-tls".into(),
                            "--v=4".into(),
                            "--node-selector=metrics-server-skip!=true".into(),
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
        ..Environment::named("overlays-test-ha")
    }
}
