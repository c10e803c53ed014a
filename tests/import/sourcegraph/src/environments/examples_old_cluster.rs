//! Environment `examples-old-cluster`, imported from `../shared/corpus/import/sourcegraph/examples/old-cluster` by `rustomize import`.

use rustomize::{Config, Environment, RawYaml, SharedConfig, Waiver, k8s, labels};

const IMPORTED_THE_ORIGINAL: &str = "imported: the original commits this value in `../shared/corpus/import/sourcegraph/examples/old-cluster`; move it to a Secret";
const IMPORTED_EXAMPLES_OLD: &str =
    "imported/examples-old-cluster/serviceaccount-ns-sourcegraph-cadvisor.yaml";
const IMPORTED_EXAMPLES_OLD_2: &str =
    "imported/examples-old-cluster/serviceaccount-ns-sourcegraph-grafana.yaml";
const IMPORTED_EXAMPLES_OLD_3: &str =
    "imported/examples-old-cluster/serviceaccount-ns-sourcegraph-prometheus.yaml";
const IMPORTED_EXAMPLES_OLD_4: &str =
    "imported/examples-old-cluster/serviceaccount-ns-sourcegraph-sourcegraph-frontend.yaml";
const IMPORTED_EXAMPLES_OLD_5: &str =
    "imported/examples-old-cluster/role-ns-sourcegraph-sourcegraph-frontend.yaml";
const IMPORTED_EXAMPLES_OLD_6: &str = "imported/examples-old-cluster/clusterrole-prometheus.yaml";
const IMPORTED_EXAMPLES_OLD_7: &str =
    "imported/examples-old-cluster/rolebinding-ns-sourcegraph-sourcegraph-frontend.yaml";
const IMPORTED_EXAMPLES_OLD_8: &str =
    "imported/examples-old-cluster/clusterrolebinding-prometheus.yaml";
const IMPORTED_EXAMPLES_OLD_9: &str =
    "imported/examples-old-cluster/configmap-ns-sourcegraph-codeinsights-db-conf.yaml";
const IMPORTED_EXAMPLES_OLD_10: &str =
    "imported/examples-old-cluster/configmap-ns-sourcegraph-codeintel-db-conf.yaml";
const IMPORTED_EXAMPLES_OLD_11: &str =
    "imported/examples-old-cluster/configmap-ns-sourcegraph-grafana.yaml";
const IMPORTED_EXAMPLES_OLD_12: &str =
    "imported/examples-old-cluster/configmap-ns-sourcegraph-otel-agent.yaml";
const IMPORTED_EXAMPLES_OLD_13: &str =
    "imported/examples-old-cluster/configmap-ns-sourcegraph-otel-collector.yaml";
const IMPORTED_EXAMPLES_OLD_14: &str =
    "imported/examples-old-cluster/configmap-ns-sourcegraph-pgsql-conf.yaml";
const IMPORTED_EXAMPLES_OLD_15: &str =
    "imported/examples-old-cluster/configmap-ns-sourcegraph-prometheus-rbac.yaml";
const IMPORTED_EXAMPLES_OLD_16: &str =
    "imported/examples-old-cluster/configmap-ns-sourcegraph-sourcegraph-frontend-env.yaml";
const IMPORTED_EXAMPLES_OLD_17: &str =
    "imported/examples-old-cluster/service-ns-sourcegraph-blobstore.yaml";
const IMPORTED_EXAMPLES_OLD_18: &str =
    "imported/examples-old-cluster/service-ns-sourcegraph-cadvisor.yaml";
const IMPORTED_EXAMPLES_OLD_19: &str =
    "imported/examples-old-cluster/service-ns-sourcegraph-codeinsights-db.yaml";
const IMPORTED_EXAMPLES_OLD_20: &str =
    "imported/examples-old-cluster/service-ns-sourcegraph-codeintel-db.yaml";
const IMPORTED_EXAMPLES_OLD_21: &str =
    "imported/examples-old-cluster/service-ns-sourcegraph-gitserver.yaml";
const IMPORTED_EXAMPLES_OLD_22: &str =
    "imported/examples-old-cluster/service-ns-sourcegraph-grafana.yaml";
const IMPORTED_EXAMPLES_OLD_23: &str =
    "imported/examples-old-cluster/service-ns-sourcegraph-indexed-search.yaml";
const IMPORTED_EXAMPLES_OLD_24: &str =
    "imported/examples-old-cluster/service-ns-sourcegraph-indexed-search-indexer.yaml";
const IMPORTED_EXAMPLES_OLD_25: &str =
    "imported/examples-old-cluster/service-ns-sourcegraph-node-exporter.yaml";
const IMPORTED_EXAMPLES_OLD_26: &str =
    "imported/examples-old-cluster/service-ns-sourcegraph-otel-collector.yaml";
const IMPORTED_EXAMPLES_OLD_27: &str =
    "imported/examples-old-cluster/service-ns-sourcegraph-pgsql.yaml";
const IMPORTED_EXAMPLES_OLD_28: &str =
    "imported/examples-old-cluster/service-ns-sourcegraph-precise-code-intel-worker.yaml";
const IMPORTED_EXAMPLES_OLD_29: &str =
    "imported/examples-old-cluster/service-ns-sourcegraph-prometheus.yaml";
const IMPORTED_EXAMPLES_OLD_30: &str =
    "imported/examples-old-cluster/service-ns-sourcegraph-redis-cache.yaml";
const IMPORTED_EXAMPLES_OLD_31: &str =
    "imported/examples-old-cluster/service-ns-sourcegraph-redis-store.yaml";
const IMPORTED_EXAMPLES_OLD_32: &str =
    "imported/examples-old-cluster/service-ns-sourcegraph-sourcegraph-frontend.yaml";
const IMPORTED_EXAMPLES_OLD_33: &str =
    "imported/examples-old-cluster/service-ns-sourcegraph-sourcegraph-frontend-internal.yaml";
const IMPORTED_EXAMPLES_OLD_34: &str =
    "imported/examples-old-cluster/service-ns-sourcegraph-syntactic-code-intel.yaml";
const IMPORTED_EXAMPLES_OLD_35: &str =
    "imported/examples-old-cluster/service-ns-sourcegraph-syntect-server.yaml";
const IMPORTED_EXAMPLES_OLD_36: &str =
    "imported/examples-old-cluster/service-ns-sourcegraph-worker.yaml";
const IMPORTED_EXAMPLES_OLD_37: &str =
    "imported/examples-old-cluster/service-ns-sourcegraph-worker-executors.yaml";
const IMPORTED_EXAMPLES_OLD_38: &str =
    "imported/examples-old-cluster/persistentvolumeclaim-ns-sourcegraph-blobstore.yaml";
const IMPORTED_EXAMPLES_OLD_39: &str =
    "imported/examples-old-cluster/persistentvolumeclaim-ns-sourcegraph-codeinsights-db.yaml";
const IMPORTED_EXAMPLES_OLD_40: &str =
    "imported/examples-old-cluster/persistentvolumeclaim-ns-sourcegraph-codeintel-db.yaml";
const IMPORTED_EXAMPLES_OLD_41: &str =
    "imported/examples-old-cluster/persistentvolumeclaim-ns-sourcegraph-pgsql.yaml";
const IMPORTED_EXAMPLES_OLD_42: &str =
    "imported/examples-old-cluster/persistentvolumeclaim-ns-sourcegraph-prometheus.yaml";
const IMPORTED_EXAMPLES_OLD_43: &str =
    "imported/examples-old-cluster/persistentvolumeclaim-ns-sourcegraph-redis-cache.yaml";
const IMPORTED_EXAMPLES_OLD_44: &str =
    "imported/examples-old-cluster/persistentvolumeclaim-ns-sourcegraph-redis-store.yaml";
const IMPORTED_EXAMPLES_OLD_45: &str =
    "imported/examples-old-cluster/deployment-ns-sourcegraph-blobstore.yaml";
const IMPORTED_AS_WRITTEN: &str = "imported as written: as typed, Deployment `blobstore` would differ at `spec.template.spec.containers.[\"blobstore\"].securityContext.allowPrivilegeEscalation`: the original sets true; the typed form leaves it out";
const IMPORTED_EXAMPLES_OLD_46: &str =
    "imported/examples-old-cluster/deployment-ns-sourcegraph-codeinsights-db.yaml";
const IMPORTED_AS_WRITTEN_2: &str = "imported as written: as typed, ConfigMap `codeinsights-db-conf` would differ at `metadata.annotations.description`: the original sets \"Configuration for CodeInsightsDB\"; the typed form renders \"Code Insights Postgres DB instance.\"";
const IMPORTED_EXAMPLES_OLD_47: &str =
    "imported/examples-old-cluster/deployment-ns-sourcegraph-codeintel-db.yaml";
const IMPORTED_AS_WRITTEN_3: &str = "imported as written: as typed, ConfigMap `codeintel-db-conf` would differ at `metadata.annotations.description`: the original sets \"Configuration for PostgreSQL\"; the typed form renders \"Postgres database for various data.\"";
const IMPORTED_EXAMPLES_OLD_48: &str =
    "imported/examples-old-cluster/deployment-ns-sourcegraph-otel-collector.yaml";
const IMPORTED_AS_WRITTEN_4: &str =
    "imported as written: container `otel-collector` probes port 13133, which it does not declare";
const IMPORTED_EXAMPLES_OLD_49: &str =
    "imported/examples-old-cluster/deployment-ns-sourcegraph-pgsql.yaml";
const IMPORTED_AS_WRITTEN_5: &str = "imported as written: as typed, ConfigMap `pgsql-conf` would differ at `metadata.annotations.description`: the original sets \"Configuration for PostgreSQL\"; the typed form renders \"Postgres database for various data.\"";
const IMPORTED_EXAMPLES_OLD_50: &str =
    "imported/examples-old-cluster/deployment-ns-sourcegraph-precise-code-intel-worker.yaml";
const IMPORTED_AS_WRITTEN_6: &str = "imported as written: as typed, Deployment `precise-code-intel-worker` would differ at `spec.template.spec.containers.[\"precise-code-intel-worker\"].securityContext.allowPrivilegeEscalation`: the original sets true; the typed form leaves it out";
const IMPORTED_EXAMPLES_OLD_51: &str =
    "imported/examples-old-cluster/deployment-ns-sourcegraph-prometheus.yaml";
const IMPORTED_AS_WRITTEN_7: &str = "imported as written: as typed, ServiceAccount `prometheus` would differ at `metadata.labels.category`: the original sets \"rbac\"; the typed form leaves it out";
const IMPORTED_EXAMPLES_OLD_52: &str =
    "imported/examples-old-cluster/deployment-ns-sourcegraph-redis-cache.yaml";
const IMPORTED_AS_WRITTEN_8: &str = "imported as written: as typed, Deployment `redis-cache` would differ at `spec.template.spec.containers.[\"redis-cache\"].securityContext.allowPrivilegeEscalation`: the original sets true; the typed form leaves it out";
const IMPORTED_EXAMPLES_OLD_53: &str =
    "imported/examples-old-cluster/deployment-ns-sourcegraph-redis-store.yaml";
const IMPORTED_AS_WRITTEN_9: &str = "imported as written: as typed, Deployment `redis-store` would differ at `spec.template.spec.containers.[\"redis-store\"].securityContext.allowPrivilegeEscalation`: the original sets true; the typed form leaves it out";
const IMPORTED_EXAMPLES_OLD_54: &str =
    "imported/examples-old-cluster/deployment-ns-sourcegraph-sourcegraph-frontend.yaml";
const IMPORTED_AS_WRITTEN_10: &str = "imported as written: as typed, ServiceAccount `sourcegraph-frontend` would differ at `imagePullSecrets`: the original sets [{\"name\":\"docker-registry\"}]; the typed form leaves it out";
const IMPORTED_EXAMPLES_OLD_55: &str =
    "imported/examples-old-cluster/deployment-ns-sourcegraph-syntactic-code-intel.yaml";
const IMPORTED_AS_WRITTEN_11: &str = "imported as written: as typed, Deployment `syntactic-code-intel` would differ at `spec.template.spec.containers.[\"syntactic-code-intel\"].terminationMessagePath`: the original sets \"FallbackToLogsOnError\"; the typed form leaves it out";
const IMPORTED_EXAMPLES_OLD_56: &str =
    "imported/examples-old-cluster/deployment-ns-sourcegraph-syntect-server.yaml";
const IMPORTED_AS_WRITTEN_12: &str = "imported as written: as typed, Deployment `syntect-server` would differ at `spec.template.spec.containers.[\"syntect-server\"].securityContext.allowPrivilegeEscalation`: the original sets true; the typed form leaves it out";
const IMPORTED_EXAMPLES_OLD_57: &str =
    "imported/examples-old-cluster/deployment-ns-sourcegraph-worker.yaml";
const IMPORTED_AS_WRITTEN_13: &str = "imported as written: as typed, Deployment `worker` would differ at `spec.template.spec.containers.[\"worker\"].securityContext.allowPrivilegeEscalation`: the original sets true; the typed form leaves it out";
const IMPORTED_EXAMPLES_OLD_58: &str =
    "imported/examples-old-cluster/statefulset-ns-sourcegraph-gitserver.yaml";
const IMPORTED_AS_WRITTEN_14: &str =
    "imported as written: volume `repos` has a source rustomize does not model";
const IMPORTED_EXAMPLES_OLD_59: &str =
    "imported/examples-old-cluster/statefulset-ns-sourcegraph-grafana.yaml";
const IMPORTED_AS_WRITTEN_15: &str = "imported as written: as typed, ServiceAccount `grafana` would differ at `imagePullSecrets`: the original sets [{\"name\":\"docker-registry\"}]; the typed form leaves it out";
const IMPORTED_EXAMPLES_OLD_60: &str =
    "imported/examples-old-cluster/statefulset-ns-sourcegraph-indexed-search.yaml";
const IMPORTED_AS_WRITTEN_16: &str =
    "imported as written: volume `data` has a source rustomize does not model";
const IMPORTED_EXAMPLES_OLD_61: &str =
    "imported/examples-old-cluster/daemonset-ns-sourcegraph-cadvisor.yaml";
const IMPORTED_AS_WRITTEN_17: &str =
    "imported as written: volume `rootfs` has a source rustomize does not model";
const IMPORTED_EXAMPLES_OLD_62: &str =
    "imported/examples-old-cluster/daemonset-ns-sourcegraph-node-exporter.yaml";
const IMPORTED_EXAMPLES_OLD_63: &str =
    "imported/examples-old-cluster/daemonset-ns-sourcegraph-otel-agent.yaml";
const IMPORTED_AS_WRITTEN_18: &str = "imported as written: container `otel-agent` uses a host port";
const IMPORTED_EXAMPLES_OLD_64: &str =
    "imported/examples-old-cluster/ingress-ns-sourcegraph-sourcegraph-frontend.yaml";

/// The `examples-old-cluster` environment.
pub fn environment() -> Environment {
    let prometheus = SharedConfig {
        labels: labels(&[
            ("app.kubernetes.io/component", "prometheus"),
            ("sourcegraph-resource-requires", "no-cluster-admin"),
        ]),
        ..SharedConfig::new(
            "prometheus",
            Config::new().set("prometheus_targets.yml", ""),
        )
    };
    let mut raw = Vec::new();
    // imported as-is: rustomize has no typed form of a ServiceAccount that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::ServiceAccount>(
        IMPORTED_EXAMPLES_OLD,
        include_str!(
            "../../imported/examples-old-cluster/serviceaccount-ns-sourcegraph-cadvisor.yaml"
        ),
    ));
    // imported as-is: rustomize has no typed form of a ServiceAccount that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::ServiceAccount>(
        IMPORTED_EXAMPLES_OLD_2,
        include_str!(
            "../../imported/examples-old-cluster/serviceaccount-ns-sourcegraph-grafana.yaml"
        ),
    ));
    // imported as-is: rustomize has no typed form of a ServiceAccount that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::ServiceAccount>(
        IMPORTED_EXAMPLES_OLD_3,
        include_str!(
            "../../imported/examples-old-cluster/serviceaccount-ns-sourcegraph-prometheus.yaml"
        ),
    ));
    // imported as-is: rustomize has no typed form of a ServiceAccount that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::ServiceAccount>(IMPORTED_EXAMPLES_OLD_4, include_str!("../../imported/examples-old-cluster/serviceaccount-ns-sourcegraph-sourcegraph-frontend.yaml")));
    // imported as-is: rustomize has no typed form of a Role that belongs to no app
    raw.push(RawYaml::of::<k8s::api::rbac::v1::Role>(
        IMPORTED_EXAMPLES_OLD_5,
        include_str!(
            "../../imported/examples-old-cluster/role-ns-sourcegraph-sourcegraph-frontend.yaml"
        ),
    ));
    // imported as-is: rustomize has no typed form of a ClusterRole that belongs to no app
    raw.push(RawYaml::of::<k8s::api::rbac::v1::ClusterRole>(
        IMPORTED_EXAMPLES_OLD_6,
        include_str!("../../imported/examples-old-cluster/clusterrole-prometheus.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a RoleBinding that belongs to no app
    raw.push(RawYaml::of::<k8s::api::rbac::v1::RoleBinding>(IMPORTED_EXAMPLES_OLD_7, include_str!("../../imported/examples-old-cluster/rolebinding-ns-sourcegraph-sourcegraph-frontend.yaml")));
    // imported as-is: rustomize has no typed form of a ClusterRoleBinding that belongs to no app
    raw.push(RawYaml::of::<k8s::api::rbac::v1::ClusterRoleBinding>(
        IMPORTED_EXAMPLES_OLD_8,
        include_str!("../../imported/examples-old-cluster/clusterrolebinding-prometheus.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a ConfigMap that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::ConfigMap>(IMPORTED_EXAMPLES_OLD_9, include_str!("../../imported/examples-old-cluster/configmap-ns-sourcegraph-codeinsights-db-conf.yaml")).waiver(Waiver::literal_credential(IMPORTED_THE_ORIGINAL)));
    // imported as-is: rustomize has no typed form of a ConfigMap that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::ConfigMap>(IMPORTED_EXAMPLES_OLD_10, include_str!("../../imported/examples-old-cluster/configmap-ns-sourcegraph-codeintel-db-conf.yaml")).waiver(Waiver::literal_credential(IMPORTED_THE_ORIGINAL)));
    // imported as-is: rustomize has no typed form of a ConfigMap that belongs to no app
    raw.push(
        RawYaml::of::<k8s::api::core::v1::ConfigMap>(
            IMPORTED_EXAMPLES_OLD_11,
            include_str!(
                "../../imported/examples-old-cluster/configmap-ns-sourcegraph-grafana.yaml"
            ),
        )
        .waiver(Waiver::literal_credential(IMPORTED_THE_ORIGINAL)),
    );
    // imported as-is: rustomize has no typed form of a ConfigMap that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::ConfigMap>(
        IMPORTED_EXAMPLES_OLD_12,
        include_str!(
            "../../imported/examples-old-cluster/configmap-ns-sourcegraph-otel-agent.yaml"
        ),
    ));
    // imported as-is: rustomize has no typed form of a ConfigMap that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::ConfigMap>(
        IMPORTED_EXAMPLES_OLD_13,
        include_str!(
            "../../imported/examples-old-cluster/configmap-ns-sourcegraph-otel-collector.yaml"
        ),
    ));
    // imported as-is: rustomize has no typed form of a ConfigMap that belongs to no app
    raw.push(
        RawYaml::of::<k8s::api::core::v1::ConfigMap>(
            IMPORTED_EXAMPLES_OLD_14,
            include_str!(
                "../../imported/examples-old-cluster/configmap-ns-sourcegraph-pgsql-conf.yaml"
            ),
        )
        .waiver(Waiver::literal_credential(IMPORTED_THE_ORIGINAL)),
    );
    // imported as-is: rustomize has no typed form of a ConfigMap that belongs to no app
    raw.push(
        RawYaml::of::<k8s::api::core::v1::ConfigMap>(
            IMPORTED_EXAMPLES_OLD_15,
            include_str!(
                "../../imported/examples-old-cluster/configmap-ns-sourcegraph-prometheus-rbac.yaml"
            ),
        )
        .waiver(Waiver::literal_credential(IMPORTED_THE_ORIGINAL)),
    );
    // imported as-is: rustomize has no typed form of a ConfigMap that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::ConfigMap>(IMPORTED_EXAMPLES_OLD_16, include_str!("../../imported/examples-old-cluster/configmap-ns-sourcegraph-sourcegraph-frontend-env.yaml")).waiver(Waiver::literal_credential(IMPORTED_THE_ORIGINAL)));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_OLD_17,
        include_str!("../../imported/examples-old-cluster/service-ns-sourcegraph-blobstore.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_OLD_18,
        include_str!("../../imported/examples-old-cluster/service-ns-sourcegraph-cadvisor.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_OLD_19,
        include_str!(
            "../../imported/examples-old-cluster/service-ns-sourcegraph-codeinsights-db.yaml"
        ),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_OLD_20,
        include_str!(
            "../../imported/examples-old-cluster/service-ns-sourcegraph-codeintel-db.yaml"
        ),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_OLD_21,
        include_str!("../../imported/examples-old-cluster/service-ns-sourcegraph-gitserver.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_OLD_22,
        include_str!("../../imported/examples-old-cluster/service-ns-sourcegraph-grafana.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_OLD_23,
        include_str!(
            "../../imported/examples-old-cluster/service-ns-sourcegraph-indexed-search.yaml"
        ),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_OLD_24,
        include_str!(
            "../../imported/examples-old-cluster/service-ns-sourcegraph-indexed-search-indexer.yaml"
        ),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_OLD_25,
        include_str!(
            "../../imported/examples-old-cluster/service-ns-sourcegraph-node-exporter.yaml"
        ),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_OLD_26,
        include_str!(
            "../../imported/examples-old-cluster/service-ns-sourcegraph-otel-collector.yaml"
        ),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_OLD_27,
        include_str!("../../imported/examples-old-cluster/service-ns-sourcegraph-pgsql.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(IMPORTED_EXAMPLES_OLD_28, include_str!("../../imported/examples-old-cluster/service-ns-sourcegraph-precise-code-intel-worker.yaml")));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_OLD_29,
        include_str!("../../imported/examples-old-cluster/service-ns-sourcegraph-prometheus.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_OLD_30,
        include_str!("../../imported/examples-old-cluster/service-ns-sourcegraph-redis-cache.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_OLD_31,
        include_str!("../../imported/examples-old-cluster/service-ns-sourcegraph-redis-store.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_OLD_32,
        include_str!(
            "../../imported/examples-old-cluster/service-ns-sourcegraph-sourcegraph-frontend.yaml"
        ),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(IMPORTED_EXAMPLES_OLD_33, include_str!("../../imported/examples-old-cluster/service-ns-sourcegraph-sourcegraph-frontend-internal.yaml")));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_OLD_34,
        include_str!(
            "../../imported/examples-old-cluster/service-ns-sourcegraph-syntactic-code-intel.yaml"
        ),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_OLD_35,
        include_str!(
            "../../imported/examples-old-cluster/service-ns-sourcegraph-syntect-server.yaml"
        ),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_OLD_36,
        include_str!("../../imported/examples-old-cluster/service-ns-sourcegraph-worker.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a Service that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::Service>(
        IMPORTED_EXAMPLES_OLD_37,
        include_str!(
            "../../imported/examples-old-cluster/service-ns-sourcegraph-worker-executors.yaml"
        ),
    ));
    // imported as-is: rustomize has no typed form of a PersistentVolumeClaim that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::PersistentVolumeClaim>(IMPORTED_EXAMPLES_OLD_38, include_str!("../../imported/examples-old-cluster/persistentvolumeclaim-ns-sourcegraph-blobstore.yaml")));
    // imported as-is: rustomize has no typed form of a PersistentVolumeClaim that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::PersistentVolumeClaim>(IMPORTED_EXAMPLES_OLD_39, include_str!("../../imported/examples-old-cluster/persistentvolumeclaim-ns-sourcegraph-codeinsights-db.yaml")));
    // imported as-is: rustomize has no typed form of a PersistentVolumeClaim that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::PersistentVolumeClaim>(IMPORTED_EXAMPLES_OLD_40, include_str!("../../imported/examples-old-cluster/persistentvolumeclaim-ns-sourcegraph-codeintel-db.yaml")));
    // imported as-is: rustomize has no typed form of a PersistentVolumeClaim that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::PersistentVolumeClaim>(
        IMPORTED_EXAMPLES_OLD_41,
        include_str!(
            "../../imported/examples-old-cluster/persistentvolumeclaim-ns-sourcegraph-pgsql.yaml"
        ),
    ));
    // imported as-is: rustomize has no typed form of a PersistentVolumeClaim that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::PersistentVolumeClaim>(IMPORTED_EXAMPLES_OLD_42, include_str!("../../imported/examples-old-cluster/persistentvolumeclaim-ns-sourcegraph-prometheus.yaml")));
    // imported as-is: rustomize has no typed form of a PersistentVolumeClaim that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::PersistentVolumeClaim>(IMPORTED_EXAMPLES_OLD_43, include_str!("../../imported/examples-old-cluster/persistentvolumeclaim-ns-sourcegraph-redis-cache.yaml")));
    // imported as-is: rustomize has no typed form of a PersistentVolumeClaim that belongs to no app
    raw.push(RawYaml::of::<k8s::api::core::v1::PersistentVolumeClaim>(IMPORTED_EXAMPLES_OLD_44, include_str!("../../imported/examples-old-cluster/persistentvolumeclaim-ns-sourcegraph-redis-store.yaml")));
    // imported as-is: as typed, Deployment `blobstore` would differ at `spec.template.spec.containers.["blobstore"].securityContext.allowPrivilegeEscalation`: the original sets true; the typed form leaves it out
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::Deployment>(
            IMPORTED_EXAMPLES_OLD_45,
            include_str!(
                "../../imported/examples-old-cluster/deployment-ns-sourcegraph-blobstore.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN),
    );
    // imported as-is: as typed, ConfigMap `codeinsights-db-conf` would differ at `metadata.annotations.description`: the original sets "Configuration for CodeInsightsDB"; the typed form renders "Code Insights Postgres DB instance."
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::Deployment>(
            IMPORTED_EXAMPLES_OLD_46,
            include_str!(
                "../../imported/examples-old-cluster/deployment-ns-sourcegraph-codeinsights-db.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_2)
        .waiver(Waiver::literal_credential(IMPORTED_THE_ORIGINAL)),
    );
    // imported as-is: as typed, ConfigMap `codeintel-db-conf` would differ at `metadata.annotations.description`: the original sets "Configuration for PostgreSQL"; the typed form renders "Postgres database for various data."
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::Deployment>(
            IMPORTED_EXAMPLES_OLD_47,
            include_str!(
                "../../imported/examples-old-cluster/deployment-ns-sourcegraph-codeintel-db.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_3),
    );
    // imported as-is: container `otel-collector` probes port 13133, which it does not declare
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::Deployment>(
            IMPORTED_EXAMPLES_OLD_48,
            include_str!(
                "../../imported/examples-old-cluster/deployment-ns-sourcegraph-otel-collector.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_4),
    );
    // imported as-is: as typed, ConfigMap `pgsql-conf` would differ at `metadata.annotations.description`: the original sets "Configuration for PostgreSQL"; the typed form renders "Postgres database for various data."
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::Deployment>(
            IMPORTED_EXAMPLES_OLD_49,
            include_str!(
                "../../imported/examples-old-cluster/deployment-ns-sourcegraph-pgsql.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_5),
    );
    // imported as-is: as typed, Deployment `precise-code-intel-worker` would differ at `spec.template.spec.containers.["precise-code-intel-worker"].securityContext.allowPrivilegeEscalation`: the original sets true; the typed form leaves it out
    raw.push(RawYaml::of::<k8s::api::apps::v1::Deployment>(IMPORTED_EXAMPLES_OLD_50, include_str!("../../imported/examples-old-cluster/deployment-ns-sourcegraph-precise-code-intel-worker.yaml")).exception(IMPORTED_AS_WRITTEN_6));
    // imported as-is: as typed, ServiceAccount `prometheus` would differ at `metadata.labels.category`: the original sets "rbac"; the typed form leaves it out
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::Deployment>(
            IMPORTED_EXAMPLES_OLD_51,
            include_str!(
                "../../imported/examples-old-cluster/deployment-ns-sourcegraph-prometheus.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_7),
    );
    // imported as-is: as typed, Deployment `redis-cache` would differ at `spec.template.spec.containers.["redis-cache"].securityContext.allowPrivilegeEscalation`: the original sets true; the typed form leaves it out
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::Deployment>(
            IMPORTED_EXAMPLES_OLD_52,
            include_str!(
                "../../imported/examples-old-cluster/deployment-ns-sourcegraph-redis-cache.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_8),
    );
    // imported as-is: as typed, Deployment `redis-store` would differ at `spec.template.spec.containers.["redis-store"].securityContext.allowPrivilegeEscalation`: the original sets true; the typed form leaves it out
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::Deployment>(
            IMPORTED_EXAMPLES_OLD_53,
            include_str!(
                "../../imported/examples-old-cluster/deployment-ns-sourcegraph-redis-store.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_9),
    );
    // imported as-is: as typed, ServiceAccount `sourcegraph-frontend` would differ at `imagePullSecrets`: the original sets [{"name":"docker-registry"}]; the typed form leaves it out
    raw.push(RawYaml::of::<k8s::api::apps::v1::Deployment>(IMPORTED_EXAMPLES_OLD_54, include_str!("../../imported/examples-old-cluster/deployment-ns-sourcegraph-sourcegraph-frontend.yaml")).exception(IMPORTED_AS_WRITTEN_10));
    // imported as-is: as typed, Deployment `syntactic-code-intel` would differ at `spec.template.spec.containers.["syntactic-code-intel"].terminationMessagePath`: the original sets "FallbackToLogsOnError"; the typed form leaves it out
    raw.push(RawYaml::of::<k8s::api::apps::v1::Deployment>(IMPORTED_EXAMPLES_OLD_55, include_str!("../../imported/examples-old-cluster/deployment-ns-sourcegraph-syntactic-code-intel.yaml")).exception(IMPORTED_AS_WRITTEN_11));
    // imported as-is: as typed, Deployment `syntect-server` would differ at `spec.template.spec.containers.["syntect-server"].securityContext.allowPrivilegeEscalation`: the original sets true; the typed form leaves it out
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::Deployment>(
            IMPORTED_EXAMPLES_OLD_56,
            include_str!(
                "../../imported/examples-old-cluster/deployment-ns-sourcegraph-syntect-server.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_12),
    );
    // imported as-is: as typed, Deployment `worker` would differ at `spec.template.spec.containers.["worker"].securityContext.allowPrivilegeEscalation`: the original sets true; the typed form leaves it out
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::Deployment>(
            IMPORTED_EXAMPLES_OLD_57,
            include_str!(
                "../../imported/examples-old-cluster/deployment-ns-sourcegraph-worker.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_13),
    );
    // imported as-is: volume `repos` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_OLD_58,
            include_str!(
                "../../imported/examples-old-cluster/statefulset-ns-sourcegraph-gitserver.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_14),
    );
    // imported as-is: as typed, ServiceAccount `grafana` would differ at `imagePullSecrets`: the original sets [{"name":"docker-registry"}]; the typed form leaves it out
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_OLD_59,
            include_str!(
                "../../imported/examples-old-cluster/statefulset-ns-sourcegraph-grafana.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_15),
    );
    // imported as-is: volume `data` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_OLD_60,
            include_str!(
                "../../imported/examples-old-cluster/statefulset-ns-sourcegraph-indexed-search.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_16),
    );
    // imported as-is: volume `rootfs` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::DaemonSet>(
            IMPORTED_EXAMPLES_OLD_61,
            include_str!(
                "../../imported/examples-old-cluster/daemonset-ns-sourcegraph-cadvisor.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_17),
    );
    // imported as-is: volume `rootfs` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::DaemonSet>(
            IMPORTED_EXAMPLES_OLD_62,
            include_str!(
                "../../imported/examples-old-cluster/daemonset-ns-sourcegraph-node-exporter.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_17),
    );
    // imported as-is: container `otel-agent` uses a host port
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::DaemonSet>(
            IMPORTED_EXAMPLES_OLD_63,
            include_str!(
                "../../imported/examples-old-cluster/daemonset-ns-sourcegraph-otel-agent.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_18),
    );
    // imported as-is: rustomize has no typed form of a Ingress that belongs to no app
    raw.push(RawYaml::of::<k8s::api::networking::v1::Ingress>(
        IMPORTED_EXAMPLES_OLD_64,
        include_str!(
            "../../imported/examples-old-cluster/ingress-ns-sourcegraph-sourcegraph-frontend.yaml"
        ),
    ));
    Environment {
        name: "examples-old-cluster".into(),
        tree: "overlays/examples-old-cluster".into(),
        namespace: Some("ns-sourcegraph".into()),
        labels: labels(&[("deploy", "sourcegraph")]),
        apps: vec![crate::apps::searcher::app()],
        configs: vec![prometheus],
        waivers: vec![Waiver::literal_credential(IMPORTED_THE_ORIGINAL)],
        raw,
        ..Environment::default()
    }
}
