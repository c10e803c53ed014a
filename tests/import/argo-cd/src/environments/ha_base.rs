//! Environment `ha-base`, imported from `../shared/corpus/import/argo-cd/ha/base` by `rustomize import`.

use rustomize::{
    App, BindingSpec, Config, Egress, EgressRule, Env, Environment, Expose, Grant,
    Grantee, Overlay, Peer, PodSettings, Policy, PolicyRule, Protocol, RawYaml,
    ReplicasFrom, RoleSpec, Rule, SecretSpec, ServiceAccountSpec, ServicePort,
    ServiceSpec, SharedConfig, Spread, k8s, labels,
};

const FIX_SPLIT_BRAIN_SH: &str = include_str!("files/ha_base/fix-split-brain.sh");
const HAPROXY_CFG: &str = include_str!("files/ha_base/haproxy.cfg");
const HAPROXY_INIT_SH: &str = r#"HAPROXY_CONF=/data/haproxy.cfg
cp /readonly/haproxy.cfg "$HAPROXY_CONF"
for loop in $(seq 1 10); do
  getent hosts argocd-redis-ha-announce-0 && break
  echo "Waiting for service argocd-redis-ha-announce-0 to be ready ($loop) ..." && sleep 1
done
ANNOUNCE_IP0=$(getent hosts "argocd-redis-ha-announce-0" | awk '{ print $1 }')
if [ -z "$ANNOUNCE_IP0" ]; then
  echo "Could not resolve the announce address for argocd-redis-ha-announce-0"
  exit 1
fi
sed -i "s/REPLACE_ANNOUNCE0/$ANNOUNCE_IP0/" "$HAPROXY_CONF"
for loop in $(seq 1 10); do
  getent hosts argocd-redis-ha-announce-1 && break
  echo "Waiting for service argocd-redis-ha-announce-1 to be ready ($loop) ..." && sleep 1
done
ANNOUNCE_IP1=$(getent hosts "argocd-redis-ha-announce-1" | awk '{ print $1 }')
if [ -z "$ANNOUNCE_IP1" ]; then
  echo "Could not resolve the announce address for argocd-redis-ha-announce-1"
  exit 1
fi
sed -i "s/REPLACE_ANNOUNCE1/$ANNOUNCE_IP1/" "$HAPROXY_CONF"
for loop in $(seq 1 10); do
  getent hosts argocd-redis-ha-announce-2 && break
  echo "Waiting for service argocd-redis-ha-announce-2 to be ready ($loop) ..." && sleep 1
done
ANNOUNCE_IP2=$(getent hosts "argocd-redis-ha-announce-2" | awk '{ print $1 }')
if [ -z "$ANNOUNCE_IP2" ]; then
  echo "Could not resolve the announce address for argocd-redis-ha-announce-2"
  exit 1
fi
sed -i "s/REPLACE_ANNOUNCE2/$ANNOUNCE_IP2/" "$HAPROXY_CONF"
"#;
const INIT_SH: &str = include_str!("files/ha_base/init.sh");
const REDIS_CONF: &str = r#"dir "/data"
port 6379
rename-command FLUSHDB ""
rename-command FLUSHALL ""
bind 0.0.0.0
maxmemory 0
maxmemory-policy volatile-lru
min-replicas-max-lag 5
min-replicas-to-write 1
rdbchecksum yes
rdbcompression yes
repl-diskless-sync yes
save ""
requirepass replace-default-auth
masterauth replace-default-auth
"#;
const SENTINEL_CONF: &str = r#"dir "/data"
port 26379
bind 0.0.0.0
sentinel down-after-milliseconds argocd 10000
sentinel failover-timeout argocd 180000
maxclients 10000
sentinel parallel-syncs argocd 5
sentinel auth-pass argocd replace-default-auth
"#;
const TRIGGER_FAILOVER_IF_MASTER_SH: &str = r#"get_redis_role() {
  is_master=$(
    redis-cli \
      -a "${AUTH}" --no-auth-warning \
      -h localhost \
      -p 6379 \
      info | grep -c 'role:master' || true
  )
}
get_redis_role
if [[ "$is_master" -eq 1 ]]; then
  echo "This node is currently master, we trigger a failover."
  response=$(
    redis-cli \
      -h localhost \
      -p 26379 \
      SENTINEL failover argocd
  )
  if [[ "$response" != "OK" ]] ; then
    echo "$response"
    exit 1
  fi
  timeout=30
  while [[ "$is_master" -eq 1 && $timeout -gt 0 ]]; do
    sleep 1
    get_redis_role
    timeout=$((timeout - 1))
  done
  echo "Failover successful"
fi
"#;
const DEPLOYMENT_ARGOCD_REDIS_HA_HAPROXY_FILE: &str = "imported/ha-base/deployment.apps_argocd-redis-ha-haproxy.yaml";
const DEPLOYMENT_ARGOCD_REDIS_HA_HAPROXY_REASON: &str = "imported as written: as typed, Deployment `argocd-redis-ha-haproxy` would differ at `spec.template.metadata.name`: the original sets \"argocd-redis-ha-haproxy\"; the typed form leaves it out";

/// The `ha-base` environment.
pub fn environment() -> Environment {
    let argocd_cm = crate::shared::argocd_cm();
    let argocd_cmd_params_cm = SharedConfig {
        labels: labels(
            &[
                ("app.kubernetes.io/name", "argocd-cmd-params-cm"),
                ("app.kubernetes.io/part-of", "argocd"),
            ],
        ),
        ..SharedConfig::new(
            "argocd-cmd-params-cm",
            Config::new().set("redis.server", "argocd-redis-ha-haproxy:6379"),
        )
    };
    let argocd_gpg_keys_cm = crate::shared::argocd_gpg_keys_cm();
    let argocd_notifications_cm = crate::shared::argocd_notifications_cm();
    let argocd_rbac_cm = crate::shared::argocd_rbac_cm();
    let argocd_redis_ha_configmap = SharedConfig {
        labels: labels(
            &[
                ("app.kubernetes.io/component", "redis"),
                ("app.kubernetes.io/name", "argocd-redis-ha"),
                ("app.kubernetes.io/part-of", "argocd"),
            ],
        ),
        ..SharedConfig::new(
            "argocd-redis-ha-configmap",
            Config::new()
                .set("fix-split-brain.sh", FIX_SPLIT_BRAIN_SH)
                .set("haproxy.cfg", HAPROXY_CFG)
                .set("haproxy_init.sh", HAPROXY_INIT_SH)
                .set("init.sh", INIT_SH)
                .set("redis.conf", REDIS_CONF)
                .set("sentinel.conf", SENTINEL_CONF)
                .set("trigger-failover-if-master.sh", TRIGGER_FAILOVER_IF_MASTER_SH),
        )
    };
    let argocd_ssh_known_hosts_cm = crate::shared::argocd_ssh_known_hosts_cm();
    let argocd_tls_certs_cm = crate::shared::argocd_tls_certs_cm();
    let argocd_applicationset_controller_account = crate::shared::argocd_applicationset_controller_account();
    let argocd_dex_server_account = crate::shared::argocd_dex_server_account();
    let argocd_notifications_controller_account = crate::shared::argocd_notifications_controller_account();
    let argocd_server_account = crate::shared::argocd_server_account();
    let argocd_application_controller_account = crate::shared::argocd_application_controller_account();
    let argocd_redis_ha_account = ServiceAccountSpec {
        labels: labels(
            &[
                ("app.kubernetes.io/component", "redis"),
                ("app.kubernetes.io/name", "argocd-redis-ha"),
                ("app.kubernetes.io/part-of", "argocd"),
            ],
        ),
        secrets: vec!["argocd-redis".into()],
        ..ServiceAccountSpec::new("argocd-redis-ha")
    };
    let argocd_redis_ha_haproxy_account = ServiceAccountSpec {
        labels: labels(
            &[
                ("app.kubernetes.io/component", "redis"),
                ("app.kubernetes.io/name", "argocd-redis-ha-haproxy"),
                ("app.kubernetes.io/part-of", "argocd"),
            ],
        ),
        ..ServiceAccountSpec::new("argocd-redis-ha-haproxy")
    };
    let argocd_application_controller_role = crate::shared::argocd_application_controller_role();
    let argocd_applicationset_controller_role = crate::shared::argocd_applicationset_controller_role();
    let argocd_dex_server_role = crate::shared::argocd_dex_server_role();
    let argocd_notifications_controller_role = crate::shared::argocd_notifications_controller_role();
    let argocd_redis_ha_role = RoleSpec {
        labels: labels(
            &[
                ("app.kubernetes.io/component", "redis"),
                ("app.kubernetes.io/name", "argocd-redis-ha"),
                ("app.kubernetes.io/part-of", "argocd"),
            ],
        ),
        ..RoleSpec::new(
            "argocd-redis-ha",
            vec![Rule::new(&[""], &["endpoints"], &["get"])],
        )
    };
    let argocd_redis_ha_haproxy_role = RoleSpec {
        labels: labels(
            &[
                ("app.kubernetes.io/component", "redis"),
                ("app.kubernetes.io/name", "argocd-redis-ha"),
                ("app.kubernetes.io/part-of", "argocd"),
            ],
        ),
        ..RoleSpec::new(
            "argocd-redis-ha-haproxy",
            vec![
                Rule::new(&[""], &["secrets"], &["create"]),
                Rule {
                    resource_names: vec!["argocd-redis".into()],
                    ..Rule::new(&[""], &["secrets"], &["get"])
                },
                Rule::new(&[""], &["endpoints"], &["get"]),
            ],
        )
    };
    let argocd_server_role = crate::shared::argocd_server_role();
    let argocd_application_controller_binding = BindingSpec {
        labels: labels(
            &[
                ("app.kubernetes.io/component", "application-controller"),
                ("app.kubernetes.io/name", "argocd-application-controller"),
                ("app.kubernetes.io/part-of", "argocd"),
            ],
        ),
        ..BindingSpec::new(
            "argocd-application-controller",
            Grant::from(&argocd_application_controller_role),
            vec![Grantee::from(&argocd_application_controller_account)],
        )
    };
    let argocd_applicationset_controller_binding = BindingSpec {
        labels: labels(
            &[
                ("app.kubernetes.io/component", "applicationset-controller"),
                ("app.kubernetes.io/name", "argocd-applicationset-controller"),
                ("app.kubernetes.io/part-of", "argocd"),
            ],
        ),
        ..BindingSpec::new(
            "argocd-applicationset-controller",
            Grant::from(&argocd_applicationset_controller_role),
            vec![Grantee::from(&argocd_applicationset_controller_account)],
        )
    };
    let argocd_dex_server_binding = BindingSpec {
        labels: labels(
            &[
                ("app.kubernetes.io/component", "dex-server"),
                ("app.kubernetes.io/name", "argocd-dex-server"),
                ("app.kubernetes.io/part-of", "argocd"),
            ],
        ),
        ..BindingSpec::new(
            "argocd-dex-server",
            Grant::from(&argocd_dex_server_role),
            vec![Grantee::from(&argocd_dex_server_account)],
        )
    };
    let argocd_notifications_controller_binding = BindingSpec {
        labels: labels(
            &[
                ("app.kubernetes.io/component", "notifications-controller"),
                ("app.kubernetes.io/name", "argocd-notifications-controller"),
                ("app.kubernetes.io/part-of", "argocd"),
            ],
        ),
        ..BindingSpec::new(
            "argocd-notifications-controller",
            Grant::from(&argocd_notifications_controller_role),
            vec![Grantee::from(&argocd_notifications_controller_account)],
        )
    };
    let argocd_redis_ha_binding = BindingSpec {
        labels: labels(
            &[
                ("app.kubernetes.io/component", "redis"),
                ("app.kubernetes.io/name", "argocd-redis-ha"),
                ("app.kubernetes.io/part-of", "argocd"),
            ],
        ),
        ..BindingSpec::new(
            "argocd-redis-ha",
            Grant::from(&argocd_redis_ha_role),
            vec![Grantee::from(&argocd_redis_ha_account)],
        )
    };
    let argocd_redis_ha_haproxy_binding = BindingSpec {
        labels: labels(
            &[
                ("app.kubernetes.io/component", "redis"),
                ("app.kubernetes.io/name", "argocd-redis-ha"),
                ("app.kubernetes.io/part-of", "argocd"),
            ],
        ),
        ..BindingSpec::new(
            "argocd-redis-ha-haproxy",
            Grant::from(&argocd_redis_ha_haproxy_role),
            vec![Grantee::from(&argocd_redis_ha_haproxy_account)],
        )
    };
    let argocd_server_binding = BindingSpec {
        labels: labels(
            &[
                ("app.kubernetes.io/component", "server"),
                ("app.kubernetes.io/name", "argocd-server"),
                ("app.kubernetes.io/part-of", "argocd"),
            ],
        ),
        ..BindingSpec::new(
            "argocd-server",
            Grant::from(&argocd_server_role),
            vec![Grantee::from(&argocd_server_account)],
        )
    };
    let mut raw = Vec::new();
    // imported as-is: as typed, Deployment `argocd-redis-ha-haproxy` would differ at `spec.template.metadata.name`: the original sets "argocd-redis-ha-haproxy"; the typed form leaves it out
    raw.push(
        RawYaml::of::<
            k8s::api::apps::v1::Deployment,
        >(
                DEPLOYMENT_ARGOCD_REDIS_HA_HAPROXY_FILE,
                include_str!(
                    "../../imported/ha-base/deployment.apps_argocd-redis-ha-haproxy.yaml",
                ),
            )
            .exception(DEPLOYMENT_ARGOCD_REDIS_HA_HAPROXY_REASON),
    );
    Environment {
        apps: vec![
            crate::apps::argocd_applicationset_controller::app(
                &argocd_applicationset_controller_account,
                &argocd_cmd_params_cm,
                &argocd_gpg_keys_cm,
                &argocd_ssh_known_hosts_cm,
                &argocd_tls_certs_cm,
            ),
            crate::apps::argocd_dex_server::app(&argocd_dex_server_account),
            crate::apps::argocd_notifications_controller::app(
                &argocd_notifications_controller_account,
                &argocd_tls_certs_cm,
            ),
            App {
                replicas: 2,
                replicas_from: ReplicasFrom::Code,
                pod: PodSettings {
                    node_selector: labels(&[("kubernetes.io/os", "linux")]),
                    anti_affinity: vec![
                        Spread::across("kubernetes.io/hostname").required(),
                        Spread::across("topology.kubernetes.io/zone"),
                    ],
                    ..PodSettings::default()
                },
                ..crate::apps::argocd_repo_server::app(
                    &argocd_cmd_params_cm,
                    &argocd_gpg_keys_cm,
                    &argocd_ssh_known_hosts_cm,
                    &argocd_tls_certs_cm,
                )
            },
            App {
                replicas: 2,
                replicas_from: ReplicasFrom::Code,
                pod: PodSettings {
                    node_selector: labels(&[("kubernetes.io/os", "linux")]),
                    anti_affinity: vec![
                        Spread::across("kubernetes.io/hostname").required(),
                        Spread::across("topology.kubernetes.io/zone"),
                    ],
                    ..PodSettings::default()
                },
                ..crate::apps::argocd_server::app(
                    &argocd_cmd_params_cm,
                    &argocd_server_account,
                    &argocd_ssh_known_hosts_cm,
                    &argocd_tls_certs_cm,
                )
            }
                .with(Overlay {
                    env: Env::new().set("ARGOCD_API_SERVER_REPLICAS", "2"),
                    ..Overlay::default()
                }),
            crate::apps::argocd_application_controller::app(
                &argocd_application_controller_account,
                &argocd_cmd_params_cm,
            ),
            crate::apps::argocd_redis_ha_server::app(
                &argocd_redis_ha_account,
                &argocd_redis_ha_configmap,
            ),
        ],
        secrets: vec![
            SecretSpec {
                labels: labels(
                    &[
                        ("app.kubernetes.io/component", "notifications-controller"),
                        ("app.kubernetes.io/name", "argocd-notifications-controller"),
                        ("app.kubernetes.io/part-of", "argocd"),
                    ],
                ),
                ..SecretSpec::new("argocd-notifications-secret", &[])
            },
            SecretSpec::new("argocd-redis", &["auth"]),
            SecretSpec {
                labels: labels(
                    &[
                        ("app.kubernetes.io/name", "argocd-secret"),
                        ("app.kubernetes.io/part-of", "argocd"),
                    ],
                ),
                ..SecretSpec::new("argocd-secret", &[])
            },
        ],
        configs: vec![
            argocd_cm,
            argocd_cmd_params_cm,
            argocd_gpg_keys_cm,
            argocd_notifications_cm,
            argocd_rbac_cm,
            argocd_redis_ha_configmap,
            argocd_ssh_known_hosts_cm,
            argocd_tls_certs_cm,
        ],
        service_accounts: vec![
            argocd_applicationset_controller_account,
            argocd_dex_server_account,
            argocd_notifications_controller_account,
            argocd_server_account,
            argocd_application_controller_account,
            argocd_redis_ha_account,
            argocd_redis_ha_haproxy_account,
        ],
        services: vec![
            crate::shared::argocd_metrics_service(),
            crate::shared::argocd_notifications_controller_metrics_service(),
            ServiceSpec::new(
                "argocd-redis-ha-announce-0",
                labels(
                    &[
                        ("app.kubernetes.io/name", "argocd-redis-ha"),
                        (
                            "statefulset.kubernetes.io/pod-name",
                            "argocd-redis-ha-server-0",
                        ),
                    ],
                ),
                Expose {
                    ports: vec![
                        ServicePort {
                            name: Some("tcp-server".into()),
                            target: "redis".into(),
                            port: 6379,
                            protocol: Some(Protocol::Tcp),
                            ..ServicePort::default()
                        },
                        ServicePort {
                            name: Some("tcp-sentinel".into()),
                            target: "sentinel".into(),
                            port: 26379,
                            protocol: Some(Protocol::Tcp),
                            ..ServicePort::default()
                        },
                    ],
                    labels: labels(
                        &[
                            ("app.kubernetes.io/component", "redis"),
                            ("app.kubernetes.io/name", "argocd-redis-ha"),
                            ("app.kubernetes.io/part-of", "argocd"),
                        ],
                    ),
                    publish_not_ready: true,
                    ..Expose::default()
                },
            ),
            ServiceSpec::new(
                "argocd-redis-ha-announce-1",
                labels(
                    &[
                        ("app.kubernetes.io/name", "argocd-redis-ha"),
                        (
                            "statefulset.kubernetes.io/pod-name",
                            "argocd-redis-ha-server-1",
                        ),
                    ],
                ),
                Expose {
                    ports: vec![
                        ServicePort {
                            name: Some("tcp-server".into()),
                            target: "redis".into(),
                            port: 6379,
                            protocol: Some(Protocol::Tcp),
                            ..ServicePort::default()
                        },
                        ServicePort {
                            name: Some("tcp-sentinel".into()),
                            target: "sentinel".into(),
                            port: 26379,
                            protocol: Some(Protocol::Tcp),
                            ..ServicePort::default()
                        },
                    ],
                    labels: labels(
                        &[
                            ("app.kubernetes.io/component", "redis"),
                            ("app.kubernetes.io/name", "argocd-redis-ha"),
                            ("app.kubernetes.io/part-of", "argocd"),
                        ],
                    ),
                    publish_not_ready: true,
                    ..Expose::default()
                },
            ),
            ServiceSpec::new(
                "argocd-redis-ha-announce-2",
                labels(
                    &[
                        ("app.kubernetes.io/name", "argocd-redis-ha"),
                        (
                            "statefulset.kubernetes.io/pod-name",
                            "argocd-redis-ha-server-2",
                        ),
                    ],
                ),
                Expose {
                    ports: vec![
                        ServicePort {
                            name: Some("tcp-server".into()),
                            target: "redis".into(),
                            port: 6379,
                            protocol: Some(Protocol::Tcp),
                            ..ServicePort::default()
                        },
                        ServicePort {
                            name: Some("tcp-sentinel".into()),
                            target: "sentinel".into(),
                            port: 26379,
                            protocol: Some(Protocol::Tcp),
                            ..ServicePort::default()
                        },
                    ],
                    labels: labels(
                        &[
                            ("app.kubernetes.io/component", "redis"),
                            ("app.kubernetes.io/name", "argocd-redis-ha"),
                            ("app.kubernetes.io/part-of", "argocd"),
                        ],
                    ),
                    publish_not_ready: true,
                    ..Expose::default()
                },
            ),
            ServiceSpec::new(
                "argocd-redis-ha-haproxy",
                labels(&[("app.kubernetes.io/name", "argocd-redis-ha-haproxy")]),
                Expose {
                    ports: vec![
                        ServicePort {
                            name: Some("tcp-haproxy".into()),
                            target: "redis".into(),
                            port: 6379,
                            protocol: Some(Protocol::Tcp),
                            ..ServicePort::default()
                        },
                        ServicePort {
                            name: Some("http-exporter-port".into()),
                            target: "metrics-port".into(),
                            port: 9101,
                            protocol: Some(Protocol::Tcp),
                            ..ServicePort::default()
                        },
                    ],
                    labels: labels(
                        &[
                            ("app.kubernetes.io/component", "redis"),
                            ("app.kubernetes.io/name", "argocd-redis-ha-haproxy"),
                            ("app.kubernetes.io/part-of", "argocd"),
                        ],
                    ),
                    ..Expose::default()
                },
            ),
            crate::shared::argocd_server_metrics_service(),
        ],
        roles: vec![
            argocd_application_controller_role,
            argocd_applicationset_controller_role,
            argocd_dex_server_role,
            argocd_notifications_controller_role,
            argocd_redis_ha_role,
            argocd_redis_ha_haproxy_role,
            argocd_server_role,
        ],
        bindings: vec![
            argocd_application_controller_binding,
            argocd_applicationset_controller_binding,
            argocd_dex_server_binding,
            argocd_notifications_controller_binding,
            argocd_redis_ha_binding,
            argocd_redis_ha_haproxy_binding,
            argocd_server_binding,
        ],
        policies: vec![
            Policy {
                from: vec![Peer::Namespaces(labels(&[]))],
                ports: vec![(8082, Protocol::Tcp)],
                labels: labels(
                    &[
                        ("app.kubernetes.io/component", "application-controller"),
                        ("app.kubernetes.io/name", "argocd-application-controller"),
                        ("app.kubernetes.io/part-of", "argocd"),
                    ],
                ),
                ..Policy::new(
                    "argocd-application-controller-network-policy",
                    labels(
                        &[("app.kubernetes.io/name", "argocd-application-controller")],
                    ),
                )
            },
            Policy {
                from: vec![Peer::Namespaces(labels(&[]))],
                ports: vec![(7000, Protocol::Tcp), (8080, Protocol::Tcp)],
                labels: labels(
                    &[
                        ("app.kubernetes.io/component", "applicationset-controller"),
                        ("app.kubernetes.io/name", "argocd-applicationset-controller"),
                        ("app.kubernetes.io/part-of", "argocd"),
                    ],
                ),
                ..Policy::new(
                    "argocd-applicationset-controller-network-policy",
                    labels(
                        &[("app.kubernetes.io/name", "argocd-applicationset-controller")],
                    ),
                )
            },
            Policy {
                from: vec![
                    Peer::Pods {
                        selector: labels(&[("app.kubernetes.io/name", "argocd-server")]),
                        namespace: None,
                        app: "argocd-server".into(),
                    },
                ],
                ports: vec![(5556, Protocol::Tcp), (5557, Protocol::Tcp)],
                labels: labels(
                    &[
                        ("app.kubernetes.io/component", "dex-server"),
                        ("app.kubernetes.io/name", "argocd-dex-server"),
                        ("app.kubernetes.io/part-of", "argocd"),
                    ],
                ),
                also: vec![
                    PolicyRule {
                        from: vec![Peer::Namespaces(labels(&[]))],
                        ports: vec![(5558, Protocol::Tcp)],
                        ..PolicyRule::default()
                    },
                ],
                ..Policy::new(
                    "argocd-dex-server-network-policy",
                    labels(&[("app.kubernetes.io/name", "argocd-dex-server")]),
                )
            },
            Policy {
                from: vec![Peer::Namespaces(labels(&[]))],
                ports: vec![(9001, Protocol::Tcp)],
                labels: labels(
                    &[
                        ("app.kubernetes.io/component", "notifications-controller"),
                        ("app.kubernetes.io/name", "argocd-notifications-controller"),
                        ("app.kubernetes.io/part-of", "argocd"),
                    ],
                ),
                ..Policy::new(
                    "argocd-notifications-controller-network-policy",
                    labels(
                        &[("app.kubernetes.io/name", "argocd-notifications-controller")],
                    ),
                )
            },
            Policy {
                from: vec![
                    Peer::Pods {
                        selector: labels(&[("app.kubernetes.io/name", "argocd-server")]),
                        namespace: None,
                        app: "argocd-server".into(),
                    },
                    Peer::Pods {
                        selector: labels(
                            &[("app.kubernetes.io/name", "argocd-repo-server")],
                        ),
                        namespace: None,
                        app: "argocd-repo-server".into(),
                    },
                    Peer::Pods {
                        selector: labels(
                            &[
                                ("app.kubernetes.io/name", "argocd-application-controller"),
                            ],
                        ),
                        namespace: None,
                        app: "argocd-application-controller".into(),
                    },
                ],
                ports: vec![(6379, Protocol::Tcp), (26379, Protocol::Tcp)],
                labels: labels(
                    &[
                        ("app.kubernetes.io/component", "redis"),
                        ("app.kubernetes.io/name", "argocd-redis-ha-haproxy"),
                        ("app.kubernetes.io/part-of", "argocd"),
                    ],
                ),
                also: vec![
                    PolicyRule {
                        from: vec![Peer::Namespaces(labels(&[]))],
                        ports: vec![(9101, Protocol::Tcp)],
                        ..PolicyRule::default()
                    },
                ],
                ..Policy::new(
                    "argocd-redis-ha-proxy-network-policy",
                    labels(&[("app.kubernetes.io/name", "argocd-redis-ha-haproxy")]),
                )
            },
            Policy {
                from: vec![
                    Peer::Labels(
                        labels(&[("app.kubernetes.io/name", "argocd-redis-ha-haproxy")]),
                    ),
                    Peer::Pods {
                        selector: labels(
                            &[("app.kubernetes.io/name", "argocd-redis-ha")],
                        ),
                        namespace: None,
                        app: "argocd-redis-ha-server".into(),
                    },
                ],
                ports: vec![(6379, Protocol::Tcp), (26379, Protocol::Tcp)],
                egress: Egress::To(
                    vec![
                        EgressRule {
                            to: vec![
                                Peer::Pods {
                                    selector: labels(
                                        &[("app.kubernetes.io/name", "argocd-redis-ha")],
                                    ),
                                    namespace: None,
                                    app: "argocd-redis-ha-server".into(),
                                },
                            ],
                            ports: vec![(6379, Protocol::Tcp), (26379, Protocol::Tcp)],
                        },
                        EgressRule {
                            to: vec![],
                            ports: vec![(53, Protocol::Udp), (53, Protocol::Tcp)],
                        },
                    ],
                ),
                labels: labels(
                    &[
                        ("app.kubernetes.io/component", "redis"),
                        ("app.kubernetes.io/name", "argocd-redis-ha"),
                        ("app.kubernetes.io/part-of", "argocd"),
                    ],
                ),
                ..Policy::new(
                    "argocd-redis-ha-server-network-policy",
                    labels(&[("app.kubernetes.io/name", "argocd-redis-ha")]),
                )
            },
            Policy {
                from: vec![
                    Peer::Pods {
                        selector: labels(&[("app.kubernetes.io/name", "argocd-server")]),
                        namespace: None,
                        app: "argocd-server".into(),
                    },
                    Peer::Pods {
                        selector: labels(
                            &[
                                ("app.kubernetes.io/name", "argocd-application-controller"),
                            ],
                        ),
                        namespace: None,
                        app: "argocd-application-controller".into(),
                    },
                    Peer::Pods {
                        selector: labels(
                            &[
                                (
                                    "app.kubernetes.io/name",
                                    "argocd-notifications-controller",
                                ),
                            ],
                        ),
                        namespace: None,
                        app: "argocd-notifications-controller".into(),
                    },
                    Peer::Pods {
                        selector: labels(
                            &[
                                (
                                    "app.kubernetes.io/name",
                                    "argocd-applicationset-controller",
                                ),
                            ],
                        ),
                        namespace: None,
                        app: "argocd-applicationset-controller".into(),
                    },
                ],
                ports: vec![(8081, Protocol::Tcp)],
                labels: labels(
                    &[
                        ("app.kubernetes.io/component", "repo-server"),
                        ("app.kubernetes.io/name", "argocd-repo-server"),
                        ("app.kubernetes.io/part-of", "argocd"),
                    ],
                ),
                also: vec![
                    PolicyRule {
                        from: vec![Peer::Namespaces(labels(&[]))],
                        ports: vec![(8084, Protocol::Tcp)],
                        ..PolicyRule::default()
                    },
                ],
                ..Policy::new(
                    "argocd-repo-server-network-policy",
                    labels(&[("app.kubernetes.io/name", "argocd-repo-server")]),
                )
            },
            Policy {
                all_ports: true,
                labels: labels(
                    &[
                        ("app.kubernetes.io/component", "server"),
                        ("app.kubernetes.io/name", "argocd-server"),
                        ("app.kubernetes.io/part-of", "argocd"),
                    ],
                ),
                ..Policy::new(
                    "argocd-server-network-policy",
                    labels(&[("app.kubernetes.io/name", "argocd-server")]),
                )
            },
        ],
        raw,
        ..Environment::named("ha-base")
    }
}
