//! The `redis-cache` app, imported by `rustomize import`.

use rustomize::{
    App, Container, Expose, Image, ImageRef, Mount, Port, Probe, Probes, PullPolicy,
    Resources, Rollout, Security, ServicePort, Storage, Strategy, labels,
};

const REDIS_CACHE_DIGEST: &str = "sha256:57b3318d4587f66582bf9c02756c67460e6c3d809aa0763f30cac18609cdbecc";
const REDIS_CACHE_READINESS_COMMAND: &str = r#"#!/bin/bash
PASS_CHECK=$(grep -h "requirepass" /etc/redis/redis.conf | cut -d ' ' -f 2)
if [ ! -z "$PASS_CHECK" ]; then
  export REDISCLI_AUTH="$PASS_CHECK"
fi
response=$(
  redis-cli ping
)
if [ "$response" != "PONG" ]; then
  echo "$response"
  exit 1
fi
"#;
const REDIS_EXPORTER_DIGEST: &str = "sha256:5974c85aae470ecd7c565862a16592887f4d111a28ef0e3bb1e400323540a397";
const SECURITY_EXCEPTION: &str = "imported: the original has a writable root filesystem, runs as UID 999, keeps the runtime's default capabilities, mounts the ServiceAccount token, and has no NetworkPolicy of its own";

/// `redis-cache` as every environment starts from it.
pub fn app() -> App {
    App {
        component: Some("redis".into()),
        labels: labels(&[("sourcegraph-resource-requires", "no-cluster-admin")]),
        annotations: labels(
            &[
                ("description", "Redis for storing short-lived caches."),
                ("kubectl.kubernetes.io/default-container", "redis-cache"),
            ],
        ),
        selector: labels(&[("app", "redis-cache")]),
        containers: vec![
            Container {
                name: "redis-cache".into(),
                image: Image {
                    repository: "index.docker.io/sourcegraph/redis-cache".into(),
                    reference: ImageRef::TagAndDigest(
                        "6.2.1106".into(),
                        REDIS_CACHE_DIGEST.into(),
                    ),
                },
                pull_policy: PullPolicy::IfNotPresent,
                ports: vec![Port::tcp("redis", 6379)],
                probes: Probes {
                    liveness: Some(Probe::tcp("redis").after(30)),
                    readiness: Some(
                        Probe::exec(&["/bin/sh", "-c", REDIS_CACHE_READINESS_COMMAND])
                            .after(10)
                            .timeout(5),
                    ),
                    ..Probes::default()
                },
                resources: Resources::requests("1", "7Gi").limits("1", "7Gi"),
                mounts: vec![Mount::new("redis-data", "/redis-data")],
                logs_on_failure: true,
                ..Container::default()
            },
            Container {
                name: "redis-exporter".into(),
                image: Image {
                    repository: "index.docker.io/sourcegraph/redis_exporter".into(),
                    reference: ImageRef::TagAndDigest(
                        "6.2.1106".into(),
                        REDIS_EXPORTER_DIGEST.into(),
                    ),
                },
                pull_policy: PullPolicy::IfNotPresent,
                ports: vec![Port::tcp("redisexp", 9121)],
                resources: Resources::requests("10m", "100Mi").limits("10m", "100Mi"),
                logs_on_failure: true,
                ..Container::default()
            },
        ],
        expose: Some(Expose {
            ports: vec![
                ServicePort {
                    name: Some("redis".into()),
                    target: "redis".into(),
                    port: 6379,
                    ..ServicePort::default()
                },
                ServicePort {
                    name: Some("redisexp".into()),
                    target: "redisexp".into(),
                    port: 9121,
                    ..ServicePort::default()
                },
            ],
            annotations: labels(
                &[
                    ("prometheus.io/port", "9121"),
                    ("sourcegraph.prometheus/scrape", "true"),
                ],
            ),
            labels: labels(&[("app", "redis-cache")]),
            ..Expose::default()
        }),
        storage: vec![
            Storage {
                claim_name: Some("redis-cache".into()),
                ..Storage::new("redis-data", "100Gi")
            },
        ],
        rollout: Rollout {
            strategy: Some(Strategy::Recreate),
            min_ready_seconds: Some(10),
            revision_history_limit: Some(10),
            ..Rollout::default()
        },
        security: Security {
            run_as_user: 999,
            run_as_group: 1000,
            fs_group: 1000,
            read_only_root_filesystem: false,
            service_account_token: true,
            network_policy: false,
            drop_capabilities: vec![],
            user_on_containers: true,
            fs_group_on_mismatch: true,
            exception: Some(SECURITY_EXCEPTION.into()),
            ..Security::default()
        },
        ..App::new("redis-cache")
    }
}
