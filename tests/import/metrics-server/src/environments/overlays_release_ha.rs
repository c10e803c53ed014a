//! Environment `overlays-release-ha`, imported from `../shared/corpus/import/metrics-server/overlays/release-ha` by `rustomize import`.

use rustomize::{Environment, RawYaml, k8s};

const IMPORTED_OVERLAYS_RELEASE: &str =
    "imported/overlays-release-ha/serviceaccount-kube-system-metrics-server.yaml";
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
const IMPORTED_OVERLAYS_RELEASE_2: &str =
    "imported/overlays-release-ha/service-kube-system-metrics-server.yaml";
const IMPORTED_OVERLAYS_RELEASE_3: &str =
    "imported/overlays-release-ha/deployment-kube-system-metrics-server.yaml";
const IMPORTED_AS_WRITTEN: &str = "imported as written: as typed, PodDisruptionBudget `metrics-server` would differ at `apiVersion`: the original sets \"policy/v1beta1\"; the typed form renders \"policy/v1\"";
const IMPORTED_OVERLAYS_RELEASE_4: &str =
    "imported/overlays-release-ha/poddisruptionbudget-kube-system-metrics-server.yaml";
const IMPORTED_SHARED_APISERVICE: &str = "imported/_shared/apiservice-v1beta1.metrics.k8s.io.yaml";

/// The `overlays-release-ha` environment.
pub fn environment() -> Environment {
    let mut raw = Vec::new();
    // imported as-is: rustomize has no typed form of a ServiceAccount that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::ServiceAccount>(
        IMPORTED_OVERLAYS_RELEASE,
        include_str!(
            "../../imported/overlays-release-ha/serviceaccount-kube-system-metrics-server.yaml"
        ),
    ));
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
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_OVERLAYS_RELEASE_2,
        include_str!("../../imported/overlays-release-ha/service-kube-system-metrics-server.yaml"),
    ));
    // imported as-is: as typed, PodDisruptionBudget `metrics-server` would differ at `apiVersion`: the original sets "policy/v1beta1"; the typed form renders "policy/v1"
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::Deployment>(
            IMPORTED_OVERLAYS_RELEASE_3,
            include_str!(
                "../../imported/overlays-release-ha/deployment-kube-system-metrics-server.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN),
    );
    // imported as-is: rustomize has no typed form of a PodDisruptionBudget that belongs to no app
    raw.push(RawYaml::inline(
        IMPORTED_OVERLAYS_RELEASE_4,
        include_str!(
            "../../imported/overlays-release-ha/poddisruptionbudget-kube-system-metrics-server.yaml"
        ),
    ));
    // imported as-is: rustomize has no typed form of a APIService that belongs to no app
    raw.push(RawYaml::inline(
        IMPORTED_SHARED_APISERVICE,
        include_str!("../../imported/_shared/apiservice-v1beta1.metrics.k8s.io.yaml"),
    ));
    Environment {
        name: "overlays-release-ha".into(),
        tree: "overlays/overlays-release-ha".into(),
        namespace: Some("kube-system".into()),
        raw,
        ..Environment::default()
    }
}
