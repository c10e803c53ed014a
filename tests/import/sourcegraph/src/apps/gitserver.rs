//! The `gitserver` app, imported by `rustomize import`.

use rustomize::{
    App, Container, Env, EnvValue, Image, ImageRef, Mount, Port, Probe, Probes,
    PullPolicy, Resources, Rollout, Security, Storage, Strategy, Volume, VolumeSource,
    Workload, labels,
};

const DESCRIPTION: &str = "Stores clones of repositories to perform Git operations.";
const GITSERVER_DIGEST: &str = "sha256:386d08fa31656d91eda243211b8f3765e86891ba4c59b8d8f8c9675dc0154fee";
const SECURITY_EXCEPTION: &str = "imported: the original has a writable root filesystem, runs as UID 100, keeps the runtime's default capabilities, mounts the ServiceAccount token, and has no NetworkPolicy of its own";

/// `gitserver` as every environment starts from it.
pub fn app() -> App {
    App {
        component: Some("gitserver".into()),
        labels: labels(&[("sourcegraph-resource-requires", "no-cluster-admin")]),
        annotations: labels(
            &[
                ("description", DESCRIPTION),
                ("kubectl.kubernetes.io/default-container", "gitserver"),
            ],
        ),
        selector: labels(&[("app", "gitserver")]),
        workload: Workload::StatefulSet,
        containers: vec![
            Container {
                name: "gitserver".into(),
                image: Image {
                    repository: "index.docker.io/sourcegraph/gitserver".into(),
                    reference: ImageRef::TagAndDigest(
                        "6.2.1106".into(),
                        GITSERVER_DIGEST.into(),
                    ),
                },
                pull_policy: PullPolicy::IfNotPresent,
                args: vec!["run".into()],
                ports: vec![Port::tcp("rpc", 3178)],
                env: Env::new()
                    .set("OTEL_AGENT_HOST", EnvValue::Field("status.hostIP".into()))
                    .set(
                        "OTEL_EXPORTER_OTLP_ENDPOINT",
                        "http://$(OTEL_AGENT_HOST):4317",
                    ),
                probes: Probes {
                    liveness: Some(Probe::tcp("rpc").after(5).timeout(5)),
                    startup: Some(Probe::tcp("rpc").every(1).failures(120)),
                    ..Probes::default()
                },
                resources: Resources::requests("4", "8G").limits("4", "8G"),
                mounts: vec![Mount::new("repos", "/data/repos")],
                logs_on_failure: true,
                ..Container::default()
            },
        ],
        storage: vec![Storage::new("repos", "200Gi")],
        volumes: vec![Volume::new("repos", VolumeSource::ClaimTemplate)],
        rollout: Rollout {
            strategy: Some(Strategy::RollingUpdate {
                max_surge: None,
                max_unavailable: None,
            }),
            revision_history_limit: Some(10),
            service_name: Some("gitserver".into()),
            ..Rollout::default()
        },
        security: Security {
            run_as_user: 100,
            run_as_group: 101,
            fs_group: 101,
            read_only_root_filesystem: false,
            service_account_token: true,
            network_policy: false,
            drop_capabilities: vec![],
            user_on_containers: true,
            fs_group_on_mismatch: true,
            exception: Some(SECURITY_EXCEPTION.into()),
            ..Security::default()
        },
        pod_labels: labels(&[("group", "backend"), ("type", "gitserver")]),
        ..App::new("gitserver")
    }
}
