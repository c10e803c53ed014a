//! The `argocd-redis-ha-server` app, imported by `rustomize import`.

use rustomize::{
    App, Config, Container, Env, Expose, ExposeType, FileSource, Files, Handler, Image,
    Mount, PodSettings, Port, Probe, Probes, PullPolicy, Rollout, SecretKeyRef, Security,
    ServiceAccount, ServiceAccountSpec, ServicePort, SharedConfig, Spread, Strategy,
    Volume, VolumeSource, Workload, labels,
};

const SLEEP_REDIS_CLI: &str = "sleep 30; redis-cli -p 26379 sentinel reset argocd";
const REDIS_LIVENESS_SH: &str = r#"response=$(
  redis-cli \
    -a "${AUTH}" --no-auth-warning \
    -h localhost \
    -p 6379 \
    ping
)
echo "response=$response"
case $response in
  PONG|LOADING*) ;;
  *) exit 1 ;;
esac
exit 0
"#;
const REDIS_READINESS_SH: &str = r#"response=$(
  redis-cli \
    -a "${AUTH}" --no-auth-warning \
    -h localhost \
    -p 6379 \
    ping
)
if [ "$response" != "PONG" ] ; then
  echo "ping=$response"
  exit 1
fi

response=$(
  redis-cli \
    -a "${AUTH}" --no-auth-warning \
    -h localhost \
    -p 6379 \
    role
)
role=$( echo "$response" | sed "1!d" )
if [ "$role" = "master" ]; then
  echo "role=$role"
  exit 0
elif [ "$role" = "slave" ]; then
  repl=$( echo "$response" | sed "4!d" )
  echo "role=$role; repl=$repl"
  if [ "$repl" = "connected" ]; then
    exit 0
  else
    exit 1
  fi
else
  echo "role=$role"
  exit 1
fi
"#;
const SENTINEL_LIVENESS_SH: &str = r#"response=$(
  redis-cli \
    -h localhost \
    -p 26379 \
    ping
)
if [ "$response" != "PONG" ]; then
  echo "$response"
  exit 1
fi
echo "response=$response"
"#;
const SECURITY_EXCEPTION: &str = "imported: the original runs as UID 1000, and has no NetworkPolicy of its own";
const INIT_CONFIG: &str = "cb9ebad11d288a7327d836f5f0fa63a61806e11078082ffaf78cd15e5b6f04fa";

/// `argocd-redis-ha-server` as every environment starts from it.
pub fn app(
    argocd_redis_ha_account: &ServiceAccountSpec,
    argocd_redis_ha_configmap: &SharedConfig,
) -> App {
    App {
        component: Some("redis".into()),
        labels: labels(&[("app.kubernetes.io/part-of", "argocd")]),
        selector: labels(&[("app.kubernetes.io/name", "argocd-redis-ha")]),
        workload: Workload::StatefulSet,
        replicas: 3,
        containers: vec![
            Container {
                name: "redis".into(),
                image: Image::tag("public.ecr.aws/docker/library/redis", "8.2.3-alpine"),
                pull_policy: PullPolicy::IfNotPresent,
                command: vec!["redis-server".into()],
                args: vec!["/data/conf/redis.conf".into()],
                ports: vec![Port::tcp("redis", 6379)],
                env: Env::new()
                    .set(
                        "AUTH",
                        SecretKeyRef {
                            secret: "argocd-redis".into(),
                            key: "auth".into(),
                            optional: false,
                            ..SecretKeyRef::default()
                        },
                    ),
                probes: Probes {
                    liveness: Some(Probe {
                        success_threshold: Some(1),
                        ..Probe::exec(&["sh", "-c", "/health/redis_liveness.sh"])
                            .after(30)
                            .every(15)
                            .timeout(15)
                            .failures(5)
                    }),
                    readiness: Some(Probe {
                        success_threshold: Some(1),
                        ..Probe::exec(&["sh", "-c", "/health/redis_readiness.sh"])
                            .after(30)
                            .every(15)
                            .timeout(15)
                            .failures(5)
                    }),
                    startup: Some(Probe {
                        success_threshold: Some(1),
                        ..Probe::exec(&["sh", "-c", "/health/redis_readiness.sh"])
                            .after(30)
                            .every(15)
                            .timeout(15)
                            .failures(5)
                    }),
                    ..Probes::default()
                },
                mounts: vec![
                    Mount::new("config", "/readonly-config").read_only(),
                    Mount::new("data", "/data"),
                    Mount::new("health", "/health"),
                ],
                pre_stop: Some(
                    Handler::Exec(
                        vec![
                            "/bin/sh".into(),
                            "/readonly-config/trigger-failover-if-master.sh".into(),
                        ],
                    ),
                ),
                ..Container::default()
            },
            Container {
                name: "sentinel".into(),
                image: Image::tag("public.ecr.aws/docker/library/redis", "8.2.3-alpine"),
                pull_policy: PullPolicy::IfNotPresent,
                command: vec!["redis-sentinel".into()],
                args: vec!["/data/conf/sentinel.conf".into()],
                ports: vec![Port::tcp("sentinel", 26379)],
                env: Env::new()
                    .set(
                        "AUTH",
                        SecretKeyRef {
                            secret: "argocd-redis".into(),
                            key: "auth".into(),
                            optional: false,
                            ..SecretKeyRef::default()
                        },
                    ),
                probes: Probes {
                    liveness: Some(Probe {
                        success_threshold: Some(1),
                        ..Probe::exec(&["sh", "-c", "/health/sentinel_liveness.sh"])
                            .after(30)
                            .every(15)
                            .timeout(15)
                            .failures(5)
                    }),
                    readiness: Some(Probe {
                        success_threshold: Some(3),
                        ..Probe::exec(&["sh", "-c", "/health/sentinel_liveness.sh"])
                            .after(30)
                            .every(15)
                            .timeout(15)
                            .failures(5)
                    }),
                    startup: Some(Probe {
                        success_threshold: Some(1),
                        ..Probe::exec(&["sh", "-c", "/health/sentinel_liveness.sh"])
                            .after(5)
                            .every(10)
                            .timeout(15)
                            .failures(3)
                    }),
                    ..Probes::default()
                },
                mounts: vec![
                    Mount::new("data", "/data"),
                    Mount::new("health", "/health"),
                ],
                post_start: Some(
                    Handler::Exec(
                        vec!["/bin/sh".into(), "-c".into(), SLEEP_REDIS_CLI.into()],
                    ),
                ),
                ..Container::default()
            },
            Container {
                name: "split-brain-fix".into(),
                image: Image::tag("public.ecr.aws/docker/library/redis", "8.2.3-alpine"),
                pull_policy: PullPolicy::IfNotPresent,
                command: vec!["sh".into()],
                args: vec!["/readonly-config/fix-split-brain.sh".into()],
                env: Env::new()
                    .set("SENTINEL_ID_0", "3c0d9c0320bb34888c2df5757c718ce6ca992ce6")
                    .set("SENTINEL_ID_1", "40000915ab58c3fa8fd888fb8b24711944e6cbb4")
                    .set("SENTINEL_ID_2", "2bbec7894d954a8af3bb54d13eaec53cb024e2ca")
                    .set(
                        "AUTH",
                        SecretKeyRef {
                            secret: "argocd-redis".into(),
                            key: "auth".into(),
                            optional: false,
                            ..SecretKeyRef::default()
                        },
                    ),
                probes: Probes {
                    liveness: Some(Probe {
                        success_threshold: Some(1),
                        ..Probe::exec(&["cat", "/readonly-config/redis.conf"])
                            .after(30)
                            .every(15)
                            .timeout(15)
                            .failures(5)
                    }),
                    readiness: Some(Probe {
                        success_threshold: Some(1),
                        ..Probe::exec(&["sh", "-c", "test -d /proc/1"])
                            .after(30)
                            .every(15)
                            .timeout(15)
                            .failures(5)
                    }),
                    ..Probes::default()
                },
                mounts: vec![
                    Mount::new("config", "/readonly-config").read_only(),
                    Mount::new("data", "/data"),
                ],
                ..Container::default()
            },
        ],
        init_containers: vec![
            Container {
                name: "config-init".into(),
                image: Image::tag("public.ecr.aws/docker/library/redis", "8.2.3-alpine"),
                pull_policy: PullPolicy::IfNotPresent,
                command: vec!["sh".into()],
                args: vec!["/readonly-config/init.sh".into()],
                env: Env::new()
                    .set("SENTINEL_ID_0", "3c0d9c0320bb34888c2df5757c718ce6ca992ce6")
                    .set("SENTINEL_ID_1", "40000915ab58c3fa8fd888fb8b24711944e6cbb4")
                    .set("SENTINEL_ID_2", "2bbec7894d954a8af3bb54d13eaec53cb024e2ca")
                    .set(
                        "AUTH",
                        SecretKeyRef {
                            secret: "argocd-redis".into(),
                            key: "auth".into(),
                            optional: false,
                            ..SecretKeyRef::default()
                        },
                    ),
                mounts: vec![
                    Mount::new("config", "/readonly-config").read_only(),
                    Mount::new("data", "/data"),
                ],
                ..Container::default()
            },
        ],
        expose: Some(Expose {
            name: Some("argocd-redis-ha".into()),
            type_: ExposeType::Headless,
            ports: vec![
                ServicePort {
                    name: Some("tcp-server".into()),
                    target: "redis".into(),
                    port: 6379,
                    ..ServicePort::default()
                },
                ServicePort {
                    name: Some("tcp-sentinel".into()),
                    target: "sentinel".into(),
                    port: 26379,
                    ..ServicePort::default()
                },
            ],
            ..Expose::default()
        }),
        config: Config {
            name: Some("argocd-redis-ha-health-configmap".into()),
            ..Config::new()
                .set("redis_liveness.sh", REDIS_LIVENESS_SH)
                .set("redis_readiness.sh", REDIS_READINESS_SH)
                .set("sentinel_liveness.sh", SENTINEL_LIVENESS_SH)
        },
        volumes: vec![
            Volume::new(
                "config",
                VolumeSource::shared_config(argocd_redis_ha_configmap.handle()),
            ),
            Volume::new(
                "health",
                VolumeSource::Files(Files {
                    default_mode: Some(0o755),
                    ..Files::new(FileSource::Config)
                }),
            ),
            Volume::new("data", VolumeSource::EmptyDir),
        ],
        rollout: Rollout {
            strategy: Some(Strategy::RollingUpdate {
                max_surge: None,
                max_unavailable: None,
            }),
            ..Rollout::default()
        },
        pod: PodSettings {
            termination_grace_period_seconds: Some(60),
            anti_affinity: vec![Spread::across("kubernetes.io/hostname").required()],
            ..PodSettings::default()
        },
        service_account: ServiceAccount::Shared(argocd_redis_ha_account.handle()),
        security: Security {
            run_as_user: 1000,
            run_as_group: 1000,
            fs_group: 1000,
            network_policy: false,
            user_on_containers: true,
            exception: Some(SECURITY_EXCEPTION.into()),
            ..Security::default()
        },
        pod_annotations: labels(&[("checksum/init-config", INIT_CONFIG)]),
        ..App::new("argocd-redis-ha-server")
    }
}
