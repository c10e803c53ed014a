//! Environment `base`, imported from `../shared/corpus/import/argo-cd/base` by `rustomize import`.

use rustomize::{
    BindingSpec, Config, Environment, Grant, Grantee, Peer, Policy, PolicyRule, Protocol,
    RoleSpec, Rule, SecretSpec, ServiceAccountSpec, SharedConfig, labels,
};

/// The `base` environment.
pub fn environment() -> Environment {
    let argocd_cm = crate::shared::argocd_cm();
    let argocd_cmd_params_cm = SharedConfig {
        labels: labels(
            &[
                ("app.kubernetes.io/name", "argocd-cmd-params-cm"),
                ("app.kubernetes.io/part-of", "argocd"),
            ],
        ),
        ..SharedConfig::new("argocd-cmd-params-cm", Config::new())
    };
    let argocd_gpg_keys_cm = crate::shared::argocd_gpg_keys_cm();
    let argocd_notifications_cm = crate::shared::argocd_notifications_cm();
    let argocd_rbac_cm = crate::shared::argocd_rbac_cm();
    let argocd_ssh_known_hosts_cm = crate::shared::argocd_ssh_known_hosts_cm();
    let argocd_tls_certs_cm = crate::shared::argocd_tls_certs_cm();
    let argocd_applicationset_controller_account = crate::shared::argocd_applicationset_controller_account();
    let argocd_dex_server_account = crate::shared::argocd_dex_server_account();
    let argocd_notifications_controller_account = crate::shared::argocd_notifications_controller_account();
    let argocd_redis_account = ServiceAccountSpec {
        labels: labels(
            &[
                ("app.kubernetes.io/component", "redis"),
                ("app.kubernetes.io/name", "argocd-redis"),
                ("app.kubernetes.io/part-of", "argocd"),
            ],
        ),
        ..ServiceAccountSpec::new("argocd-redis")
    };
    let argocd_server_account = crate::shared::argocd_server_account();
    let argocd_application_controller_account = crate::shared::argocd_application_controller_account();
    let argocd_application_controller_role = crate::shared::argocd_application_controller_role();
    let argocd_applicationset_controller_role = crate::shared::argocd_applicationset_controller_role();
    let argocd_dex_server_role = crate::shared::argocd_dex_server_role();
    let argocd_notifications_controller_role = crate::shared::argocd_notifications_controller_role();
    let argocd_redis_role = RoleSpec {
        labels: labels(
            &[
                ("app.kubernetes.io/component", "redis"),
                ("app.kubernetes.io/name", "argocd-redis"),
                ("app.kubernetes.io/part-of", "argocd"),
            ],
        ),
        ..RoleSpec::new(
            "argocd-redis",
            vec![
                Rule {
                    resource_names: vec!["argocd-redis".into()],
                    ..Rule::new(&[""], &["secrets"], &["get"])
                },
                Rule::new(&[""], &["secrets"], &["create"]),
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
    let argocd_redis_binding = BindingSpec {
        labels: labels(
            &[
                ("app.kubernetes.io/component", "redis"),
                ("app.kubernetes.io/name", "argocd-redis"),
                ("app.kubernetes.io/part-of", "argocd"),
            ],
        ),
        ..BindingSpec::new(
            "argocd-redis",
            Grant::from(&argocd_redis_role),
            vec![Grantee::from(&argocd_redis_account)],
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
            crate::apps::argocd_redis::app(&argocd_redis_account),
            crate::apps::argocd_repo_server::app(
                &argocd_cmd_params_cm,
                &argocd_gpg_keys_cm,
                &argocd_ssh_known_hosts_cm,
                &argocd_tls_certs_cm,
            ),
            crate::apps::argocd_server::app(
                &argocd_cmd_params_cm,
                &argocd_server_account,
                &argocd_ssh_known_hosts_cm,
                &argocd_tls_certs_cm,
            ),
            crate::apps::argocd_application_controller::app(
                &argocd_application_controller_account,
                &argocd_cmd_params_cm,
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
            argocd_ssh_known_hosts_cm,
            argocd_tls_certs_cm,
        ],
        service_accounts: vec![
            argocd_applicationset_controller_account,
            argocd_dex_server_account,
            argocd_notifications_controller_account,
            argocd_redis_account,
            argocd_server_account,
            argocd_application_controller_account,
        ],
        services: vec![
            crate::shared::argocd_metrics_service(),
            crate::shared::argocd_notifications_controller_metrics_service(),
            crate::shared::argocd_server_metrics_service(),
        ],
        roles: vec![
            argocd_application_controller_role,
            argocd_applicationset_controller_role,
            argocd_dex_server_role,
            argocd_notifications_controller_role,
            argocd_redis_role,
            argocd_server_role,
        ],
        bindings: vec![
            argocd_application_controller_binding,
            argocd_applicationset_controller_binding,
            argocd_dex_server_binding,
            argocd_notifications_controller_binding,
            argocd_redis_binding,
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
                ports: vec![(6379, Protocol::Tcp)],
                labels: labels(
                    &[
                        ("app.kubernetes.io/component", "redis"),
                        ("app.kubernetes.io/name", "argocd-redis"),
                        ("app.kubernetes.io/part-of", "argocd"),
                    ],
                ),
                ..Policy::new(
                    "argocd-redis-network-policy",
                    labels(&[("app.kubernetes.io/name", "argocd-redis")]),
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
        ..Environment::named("base")
    }
}
