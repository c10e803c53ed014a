//! Environment `overlays-test-ha`, imported from `../shared/corpus/import/metrics-server/overlays/test-ha` by `rustomize import`.

use rustomize::{
    App, Compute, Container, Environment, Image, Mount, Port, Probe, Probes, PullPolicy, RawYaml,
    Resources, k8s,
};

const KUBELET_PREFERRED_ADDRESS: &str =
    "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname";
const IMPORTED_SHARED_CLUSTERROLE: &str =
    "imported/_shared/clusterrole-system:aggregated-metrics-reader.yaml";
const IMPORTED_SHARED_CLUSTERROLE_2: &str =
    "imported/_shared/clusterrole-system:metrics-server.yaml";
const IMPORTED_SHARED_ROLEBINDING: &str =
    "imported/_shared/rolebinding-kube-system-metrics-server-auth-reader.yaml";
const IMPORTED_SHARED_CLUSTERROLEBINDING: &str =
    "imported/_shared/clusterrolebinding-metrics-server:system:auth-delegator.yaml";
const IMPORTED_SHARED_CLUSTERROLEBINDING_2: &str =
    "imported/_shared/clusterrolebinding-system:metrics-server.yaml";
const IMPORTED_SHARED_APISERVICE: &str = "imported/_shared/apiservice-v1beta1.metrics.k8s.io.yaml";

/// The `overlays-test-ha` environment.
pub fn environment() -> Environment {
    let mut raw = Vec::new();
    // imported as-is: rustomize has no typed form of a ClusterRole that belongs to no app
    raw.push(RawYaml::of::<k8s::api::rbac::v1::ClusterRole>(
        IMPORTED_SHARED_CLUSTERROLE,
        include_str!("../../imported/_shared/clusterrole-system:aggregated-metrics-reader.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a ClusterRole that belongs to no app
    raw.push(RawYaml::of::<k8s::api::rbac::v1::ClusterRole>(
        IMPORTED_SHARED_CLUSTERROLE_2,
        include_str!("../../imported/_shared/clusterrole-system:metrics-server.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a RoleBinding that belongs to no app
    raw.push(RawYaml::of::<k8s::api::rbac::v1::RoleBinding>(
        IMPORTED_SHARED_ROLEBINDING,
        include_str!(
            "../../imported/_shared/rolebinding-kube-system-metrics-server-auth-reader.yaml"
        ),
    ));
    // imported as-is: rustomize has no typed form of a ClusterRoleBinding that belongs to no app
    raw.push(RawYaml::of::<k8s::api::rbac::v1::ClusterRoleBinding>(
        IMPORTED_SHARED_CLUSTERROLEBINDING,
        include_str!(
            "../../imported/_shared/clusterrolebinding-metrics-server:system:auth-delegator.yaml"
        ),
    ));
    // imported as-is: rustomize has no typed form of a ClusterRoleBinding that belongs to no app
    raw.push(RawYaml::of::<k8s::api::rbac::v1::ClusterRoleBinding>(
        IMPORTED_SHARED_CLUSTERROLEBINDING_2,
        include_str!("../../imported/_shared/clusterrolebinding-system:metrics-server.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a APIService that belongs to no app
    raw.push(RawYaml::inline(
        IMPORTED_SHARED_APISERVICE,
        include_str!("../../imported/_shared/apiservice-v1beta1.metrics.k8s.io.yaml"),
    ));
    Environment {
        name: "overlays-test-ha".into(),
        tree: "overlays/overlays-test-ha".into(),
        namespace: Some("kube-system".into()),
        apps: vec![App {
            containers: vec![Container {
                name: "metrics-server".into(),
                image: Image::tag("gcr.io/k8s-staging-metrics-server/metrics-server", "master"),
                pull_policy: PullPolicy::Never,
                args: vec![
                    "--cert-dir=/tmp".into(),
                    "--secure-port=10250".into(),
                    KUBELET_PREFERRED_ADDRESS.into(),
                    "--kubelet-use-node-status-port".into(),
                    "--metric-resolution=15s".into(),
                    "--kubelet-insecure-tls".into(),
                    "--v=4".into(),
                    "--node-selector=metrics-server-skip!=true".into(),
                ],
                ports: vec![Port::tcp("https", 10250)],
                probes: Probes {
                    liveness: Some(Probe::http("/livez", "https").https().every(10).failures(3)),
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
            }],
            ..crate::apps::metrics_server::app()
        }],
        raw,
        ..Environment::default()
    }
}
