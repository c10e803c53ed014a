//! Environment `overlays-release`, imported from `../shared/corpus/import/metrics-server/overlays/release` by `rustomize import`.

use rustomize::{
    App, Environment, IntOrPercent, PodSettings, RawYaml, ReplicasFrom, Rollout, Strategy, k8s,
    labels,
};

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

/// The `overlays-release` environment.
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
        name: "overlays-release".into(),
        tree: "overlays/overlays-release".into(),
        namespace: Some("kube-system".into()),
        apps: vec![App {
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
            ..crate::apps::metrics_server::app()
        }],
        raw,
        ..Environment::default()
    }
}
