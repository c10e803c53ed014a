//! The `blobstore` app, imported by `rustomize import`.

use rustomize::{
    App, Container, Expose, Image, ImageRef, Mount, Port, Probe, Probes, PullPolicy,
    Resources, Rollout, Security, ServicePort, Storage, Strategy, labels,
};

const DESCRIPTION: &str = "generic S3-like blobstore for storing LSIF uploads.";
const BLOBSTORE_DIGEST: &str = "sha256:65cbbc111884633406d0917e772924adaa53e122f4d67354179b51812beabbec";
const SECURITY_EXCEPTION: &str = "imported: the original has a writable root filesystem, runs as UID 100, keeps the runtime's default capabilities, mounts the ServiceAccount token, and has no NetworkPolicy of its own";

/// `blobstore` as every environment starts from it.
pub fn app() -> App {
    App {
        component: Some("blobstore".into()),
        labels: labels(&[("sourcegraph-resource-requires", "no-cluster-admin")]),
        annotations: labels(
            &[
                ("description", DESCRIPTION),
                ("kubectl.kubernetes.io/default-container", "blobstore"),
            ],
        ),
        selector: labels(&[("app", "blobstore")]),
        containers: vec![
            Container {
                name: "blobstore".into(),
                image: Image {
                    repository: "index.docker.io/sourcegraph/blobstore".into(),
                    reference: ImageRef::TagAndDigest(
                        "6.2.1106".into(),
                        BLOBSTORE_DIGEST.into(),
                    ),
                },
                pull_policy: PullPolicy::IfNotPresent,
                ports: vec![Port::tcp("blobstore", 9000)],
                probes: Probes {
                    liveness: Some(Probe::http("/", "blobstore").after(60).timeout(5)),
                    readiness: Some(Probe::http("/", "blobstore").every(5).timeout(5)),
                    ..Probes::default()
                },
                resources: Resources::requests("1", "500M").limits("1", "500M"),
                mounts: vec![Mount::new("blobstore-data", "/data")],
                logs_on_failure: true,
                ..Container::default()
            },
        ],
        expose: Some(Expose {
            ports: vec![
                ServicePort {
                    name: Some("blobstore".into()),
                    target: "blobstore".into(),
                    port: 9000,
                    ..ServicePort::default()
                },
            ],
            labels: labels(&[("app", "blobstore")]),
            ..Expose::default()
        }),
        storage: vec![
            Storage {
                claim_name: Some("blobstore".into()),
                ..Storage::new("blobstore-data", "100Gi")
            },
        ],
        rollout: Rollout {
            strategy: Some(Strategy::Recreate),
            min_ready_seconds: Some(10),
            revision_history_limit: Some(10),
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
        ..App::new("blobstore")
    }
}
