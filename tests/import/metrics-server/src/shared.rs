//! What every environment declares alike, written once; each environment calls these.

use rustomize::{RoleSpec, Rule, ServiceAccountSpec, labels};

/// The ServiceAccount `metrics-server` every environment declares.
pub fn metrics_server_account() -> ServiceAccountSpec {
    ServiceAccountSpec {
        labels: labels(&[("k8s-app", "metrics-server")]),
        ..ServiceAccountSpec::new("metrics-server")
    }
}

/// The ClusterRole `system:aggregated-metrics-reader` every environment declares.
pub fn system_aggregated_metrics_reader_cluster_role() -> RoleSpec {
    RoleSpec {
        labels: labels(
            &[
                ("k8s-app", "metrics-server"),
                ("rbac.authorization.k8s.io/aggregate-to-admin", "true"),
                ("rbac.authorization.k8s.io/aggregate-to-edit", "true"),
                ("rbac.authorization.k8s.io/aggregate-to-view", "true"),
            ],
        ),
        ..RoleSpec::cluster(
            "system:aggregated-metrics-reader",
            vec![
                Rule::new(
                    &["metrics.k8s.io"],
                    &["pods", "nodes"],
                    &["get", "list", "watch"],
                ),
            ],
        )
    }
}

/// The ClusterRole `system:metrics-server` every environment declares.
pub fn system_metrics_server_cluster_role() -> RoleSpec {
    RoleSpec {
        labels: labels(&[("k8s-app", "metrics-server")]),
        ..RoleSpec::cluster(
            "system:metrics-server",
            vec![
                Rule::new(&[""], &["nodes/metrics"], &["get"]),
                Rule::new(&[""], &["pods", "nodes"], &["get", "list", "watch"]),
            ],
        )
    }
}
