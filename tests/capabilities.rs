//! What real stacks need, each capability rendered and checked on the typed objects, and a
//! snapshot of a stack that uses them all (review it like code).

use rustomize::k8s::api::apps::v1::{DaemonSet, Deployment, StatefulSet};
use rustomize::k8s::api::autoscaling::v2::HorizontalPodAutoscaler;
use rustomize::k8s::api::batch::v1::CronJob;
use rustomize::k8s::api::core::v1::{Pod, PodSpec, Service, ServiceAccount as Sa};
use rustomize::k8s::api::networking::v1::{Ingress as K8sIngress, NetworkPolicy};
use rustomize::k8s::api::rbac::v1::{ClusterRoleBinding, Role, RoleBinding};
use rustomize::{
    App, Autoscale, Backend, Component, Compute, Concurrency, Config, Container, ContainerOverlay,
    CronJob as Cron, Egress, EgressRule, Env, EnvFrom, EnvValue, Environment, Expose,
    ExternalService, FileSource, Files, Handler, Image, Ingress, IngressPath, IngressRule,
    IntOrPercent, LoadBalancer, Metric, Mount, Overlay, Patch, Peer, Permission, PodSettings,
    Policy, Port, Probe, Probes, Rendered, Resources, Rollout, SecretSpec, Security, Select,
    ServiceAccount, ServiceAccountSpec, SharedConfig, Spread, Storage, Strategy, Toleration,
    Traffic, Volume, VolumeSource, Workload, labels, render,
};

use crate::insta_settings;

fn container(name: &str, port: Port) -> Container {
    Container {
        name: name.into(),
        image: Image::tag(&format!("ghcr.io/acme/{name}"), "1.0.0"),
        ports: vec![port],
        resources: Resources::requests("100m", "64Mi").limits("200m", "128Mi"),
        ..Container::default()
    }
}

fn shared() -> SharedConfig {
    SharedConfig::new("common", Config::hashed().set("LOG_LEVEL", "info").set("REGION", "eu"))
}

fn secret() -> SecretSpec {
    SecretSpec::new("api-keys", &["STRIPE_KEY", "tls.key"])
}

/// An API with a kept selector, two Services, a sidecar, shared config and RBAC.
fn api() -> App {
    App {
        selector: labels(&[("app", "api")]),
        replicas: 2,
        containers: vec![Container {
            env: Env::new()
                .set("LOG_LEVEL", shared().key("LOG_LEVEL"))
                .set("MEM_LIMIT", EnvValue::resource("limits.memory"))
                .set("STRIPE_KEY", secret().key("STRIPE_KEY").optional())
                .set("DEBUG", "0"),
            env_from: vec![
                shared().env_from().prefixed("SHARED_"),
                EnvFrom::Secret("api-keys".into()).optional(),
            ],
            probes: Probes {
                liveness: Some(Probe::grpc("grpc").timeout(2).failures(5)),
                readiness: Some(Probe::http("/ready", "http").header("X-Probe", "1")),
                startup: Some(Probe::exec(&["/bin/check"])),
            },
            pre_stop: Some(Handler::Sleep(5)),
            mounts: vec![
                Mount::new("tls", "/etc/tls").read_only(),
                Mount::new("settings", "/etc/settings"),
                Mount::new("uploads", "/uploads"),
                Mount::new("cache", "/cache"),
            ],
            resources: Resources {
                requests: Compute {
                    ephemeral_storage: Some("1Gi".into()),
                    ..Compute::new("100m", "64Mi")
                },
                limits: Compute {
                    extended: labels(&[("nvidia.com/gpu", "1")]),
                    ..Compute::new("200m", "128Mi")
                },
            },
            ports: vec![Port::http(8080), Port::tcp("grpc", 9090), Port::tcp("metrics", 9100)],
            ..container("api", Port::http(8080))
        }],
        sidecars: vec![container("proxy", Port::tcp("proxy", 15001))],
        volumes: vec![
            Volume::new(
                "tls",
                VolumeSource::Files(Files {
                    items: vec![("tls.key".into(), "server.key".into())],
                    default_mode: Some(0o400),
                    ..Files::new(FileSource::Secret("api-keys".into()))
                }),
            ),
            Volume::new(
                "settings",
                VolumeSource::Projected(vec![Files::new(FileSource::SharedConfig(
                    shared().handle(),
                ))]),
            ),
            Volume::new("uploads", VolumeSource::Claim(uploads().handle())),
            Volume::new("cache", VolumeSource::Scratch("2Gi".into())),
        ],
        expose: Some(Expose::cluster_ip(&[("http", 80), ("grpc", 9090)])),
        services: vec![Expose {
            load_balancer: LoadBalancer {
                class: Some("service.k8s.aws/nlb".into()),
                source_ranges: vec!["203.0.113.0/24".into()],
                external_traffic_policy_local: true,
            },
            annotations: labels(&[(
                "service.beta.kubernetes.io/aws-load-balancer-scheme",
                "internet-facing",
            )]),
            ..Expose::load_balancer(&[("http", 443)]).named("api-public")
        }],
        rollout: Rollout {
            strategy: Some(Strategy::RollingUpdate {
                max_surge: Some(IntOrPercent::Percent(25)),
                max_unavailable: Some(IntOrPercent::Count(0)),
            }),
            min_ready_seconds: Some(10),
            revision_history_limit: Some(3),
            progress_deadline_seconds: Some(300),
            ..Rollout::default()
        },
        pod: PodSettings {
            termination_grace_period_seconds: Some(30),
            node_selector: labels(&[("kubernetes.io/os", "linux")]),
            tolerations: vec![Toleration::no_schedule("dedicated", "api")],
            anti_affinity: vec![Spread::across("kubernetes.io/hostname")],
            spread: vec![Spread::across("topology.kubernetes.io/zone").required()],
            priority_class_name: Some("high".into()),
            image_pull_secrets: vec!["registry".into()],
            ..PodSettings::default()
        },
        autoscale: Some(Autoscale {
            min_replicas: 2,
            max_replicas: 10,
            cpu_percent: Some(70),
            metrics: vec![Metric::Pods {
                name: "http_requests_per_second".into(),
                average_value: "100".into(),
            }],
            ..Autoscale::default()
        }),
        ingress: Some(Ingress {
            host: "api.example.com".into(),
            port: "http".into(),
            rules: vec![IngressRule {
                host: "www.example.com".into(),
                paths: vec![IngressPath {
                    path: "/".into(),
                    backend: Backend::app(&web(), "http"),
                    ..IngressPath::default()
                }],
            }],
            tls: vec![(vec!["www.example.com".into()], "www-tls".into())],
            ..Ingress::default()
        }),
        service_account: ServiceAccount::Own,
        permissions: vec![
            Permission::namespaced(&[""], &["configmaps"], &["get", "watch"]),
            Permission::namespaced(&[""], &["nodes"], &["get", "list"]).cluster_wide(),
        ],
        traffic: Traffic {
            from: vec![Peer::app(&web()), Peer::namespace("monitoring")],
            ports: vec!["metrics".into()],
            egress: Egress::To(vec![
                EgressRule::dns(),
                EgressRule::to_app(&worker(), &[7000]),
                EgressRule { to: vec![Peer::cidr("10.0.0.0/8")], ports: vec![] },
            ]),
            ..Traffic::default()
        },
        security: Security {
            service_account_token: true,
            exception: Some("the API watches its ConfigMaps through the Kubernetes API".into()),
            ..Security::with_tmp()
        },
        ..App::new("api")
    }
}

/// The ServiceAccount the environment declares for its web apps.
fn frontend_account() -> ServiceAccountSpec {
    ServiceAccountSpec { automount_token: Some(false), ..ServiceAccountSpec::new("frontend") }
}

/// The claim the environment declares for uploads.
fn uploads() -> Storage {
    Storage::new("uploads", "20Gi")
}

fn web() -> App {
    App {
        containers: vec![container("web", Port::http(8080))],
        expose: Some(Expose::cluster_ip(&[("http", 80)])),
        service_account: ServiceAccount::Shared(frontend_account().handle()),
        ..App::new("web")
    }
}

fn worker() -> App {
    App {
        containers: vec![container("worker", Port::tcp("jobs", 7000))],
        workload: Workload::StatefulSet,
        expose: Some(Expose::headless(&[("jobs", 7000)])),
        rollout: Rollout {
            strategy: Some(Strategy::OnDelete),
            parallel_pods: true,
            ..Rollout::default()
        },
        storage: vec![Storage::new("data", "5Gi")],
        ..App::new("worker")
    }
}

fn cleanup() -> App {
    App {
        containers: vec![Container { ports: vec![], ..container("cleanup", Port::http(1)) }],
        workload: Workload::CronJob(Cron {
            time_zone: Some("Europe/Paris".into()),
            concurrency: Concurrency::Forbid,
            successful_jobs_history_limit: Some(1),
            ..Cron::new("0 3 * * *")
        }),
        ..App::new("cleanup")
    }
}

fn agent() -> App {
    App {
        containers: vec![Container { ports: vec![], ..container("agent", Port::http(1)) }],
        workload: Workload::DaemonSet,
        rollout: Rollout {
            strategy: Some(Strategy::RollingUpdate {
                max_surge: None,
                max_unavailable: Some(IntOrPercent::Count(1)),
            }),
            ..Rollout::default()
        },
        ..App::new("agent")
    }
}

fn debug_pod() -> App {
    App {
        containers: vec![Container { ports: vec![], ..container("toolbox", Port::http(1)) }],
        workload: Workload::Pod,
        ..App::new("toolbox")
    }
}

fn legacy() -> App {
    App {
        containers: vec![Container {
            image: Image { repository: "vendor/legacy".into(), ..Image::default() },
            ..container("legacy", Port::http(80))
        }],
        expose: Some(Expose::cluster_ip(&[("http", 80)])),
        security: Security {
            bind_low_ports: true,
            unpinned_images: true,
            ..Security::root("the vendor image writes to /var and runs as root")
        },
        ..App::new("legacy")
    }
}

pub fn stack() -> Environment {
    Environment {
        name: "real".into(),
        tree: "real".into(),
        namespace: Some("shop".into()),
        apps: vec![api(), web(), worker(), cleanup(), agent(), debug_pod(), legacy()],
        secrets: vec![secret()],
        configs: vec![shared()],
        service_accounts: vec![frontend_account()],
        claims: vec![uploads()],
        external_services: vec![ExternalService {
            ports: vec![("mongodb".into(), 27017)],
            ..ExternalService::new("mongodb", "cluster0.example.mongodb.net")
        }],
        policies: vec![Policy::deny_all("deny-all")],
        ..Environment::default()
    }
}

fn rendered() -> Rendered {
    render(&stack()).unwrap_or_else(|e| panic!("{e}"))
}

fn get<'a, K: rustomize::Kind>(r: &'a Rendered, name: &str) -> &'a K {
    r.get::<K>(name).unwrap_or_else(|| panic!("no {} `{name}`", K::KIND))
}

fn pod_spec(d: &Deployment) -> &PodSpec {
    d.spec.as_ref().and_then(|s| s.template.spec.as_ref()).unwrap_or_else(|| panic!("no pod spec"))
}

#[test]
fn snapshot_of_a_stack_using_every_capability() {
    let yaml = rustomize::output::stream(&rendered()).unwrap_or_else(|e| panic!("{e}"));
    insta_settings().bind(|| insta::assert_snapshot!("capabilities__real_stack", yaml));
}

#[test]
fn a_kept_selector_and_names_chosen_per_object() {
    let r = rendered();
    let api: &Deployment = get(&r, "api");
    let selector =
        api.spec.as_ref().and_then(|s| s.selector.match_labels.clone()).unwrap_or_default();
    assert_eq!(selector, labels(&[("app", "api")]));
    for name in ["api", "api-public"] {
        let svc: &Service = get(&r, name);
        assert_eq!(
            svc.spec.as_ref().and_then(|s| s.selector.clone()),
            Some(selector.clone()),
            "{name}"
        );
    }
    let public: &Service = get(&r, "api-public");
    let spec = public.spec.clone().unwrap_or_default();
    assert_eq!(spec.type_.as_deref(), Some("LoadBalancer"));
    assert_eq!(spec.load_balancer_class.as_deref(), Some("service.k8s.aws/nlb"));
    assert_eq!(spec.load_balancer_source_ranges, Some(vec!["203.0.113.0/24".to_owned()]));
    assert_eq!(spec.external_traffic_policy.as_deref(), Some("Local"));
    let mongo: &Service = get(&r, "mongodb");
    assert_eq!(
        mongo.spec.as_ref().and_then(|s| s.external_name.as_deref()),
        Some("cluster0.example.mongodb.net")
    );
}

#[test]
fn shared_objects_are_rendered_once_and_every_reference_follows_their_names() {
    let r = rendered();
    let common = r
        .objects
        .iter()
        .find(|o| o.kind() == "ConfigMap" && o.name().starts_with("common-"))
        .unwrap_or_else(|| panic!("no hashed shared ConfigMap"));
    let name = common.name().to_owned();
    let pod = pod_spec(get(&r, "api"));
    let main = &pod.containers[0];
    let text = serde_json::to_string(pod).unwrap_or_default();
    assert_eq!(
        text.matches(&format!("\"{name}\"")).count(),
        3,
        "env key, envFrom and projected volume: {text}"
    );
    assert!(main.env_from.as_ref().is_some_and(|f| f[0].prefix.as_deref() == Some("SHARED_")));
    let account: &Sa = get(&r, "frontend");
    assert_eq!(account.automount_service_account_token, Some(false));
    let web: &Deployment = get(&r, "web");
    assert_eq!(pod_spec(web).service_account_name.as_deref(), Some("frontend"));
    assert!(text.contains("\"claimName\":\"uploads\""), "{text}");
}

#[test]
fn every_workload_kind_with_its_rollout() {
    let r = rendered();
    let api: &Deployment = get(&r, "api");
    let spec = api.spec.clone().unwrap_or_default();
    assert_eq!(spec.strategy.and_then(|s| s.type_).as_deref(), Some("RollingUpdate"));
    assert_eq!(
        (spec.min_ready_seconds, spec.revision_history_limit, spec.progress_deadline_seconds),
        (Some(10), Some(3), Some(300))
    );
    assert_eq!(spec.replicas, None, "the autoscaler owns the count");
    let worker: &StatefulSet = get(&r, "worker");
    let ws = worker.spec.clone().unwrap_or_default();
    assert_eq!(ws.pod_management_policy.as_deref(), Some("Parallel"));
    assert_eq!(ws.update_strategy.and_then(|s| s.type_).as_deref(), Some("OnDelete"));
    let cron: &CronJob = get(&r, "cleanup");
    let cs = cron.spec.clone().unwrap_or_default();
    assert_eq!(
        (cs.schedule.as_str(), cs.time_zone.as_deref(), cs.concurrency_policy.as_deref()),
        ("0 3 * * *", Some("Europe/Paris"), Some("Forbid"))
    );
    let agent: &DaemonSet = get(&r, "agent");
    assert!(
        agent
            .spec
            .as_ref()
            .and_then(|s| s.update_strategy.as_ref())
            .and_then(|u| u.rolling_update.as_ref())
            .is_some()
    );
    let pod: &Pod = get(&r, "toolbox");
    assert!(pod.metadata.labels.as_ref().is_some_and(|l| l.contains_key("app.kubernetes.io/name")));
}

#[test]
fn pods_scheduling_lifecycle_probes_and_sidecars() {
    let r = rendered();
    let pod = pod_spec(get(&r, "api"));
    assert_eq!(pod.termination_grace_period_seconds, Some(30));
    assert_eq!(pod.priority_class_name.as_deref(), Some("high"));
    assert_eq!(pod.tolerations.as_ref().map(Vec::len), Some(1));
    assert!(pod.affinity.as_ref().and_then(|a| a.pod_anti_affinity.as_ref()).is_some());
    assert_eq!(
        pod.topology_spread_constraints.as_ref().map(|t| t[0].when_unsatisfiable.as_str()),
        Some("DoNotSchedule")
    );
    let sidecar = &pod.init_containers.as_ref().unwrap_or_else(|| panic!("no sidecar"))[0];
    assert_eq!(
        (sidecar.name.as_str(), sidecar.restart_policy.as_deref()),
        ("proxy", Some("Always"))
    );
    let main = &pod.containers[0];
    assert_eq!(
        main.liveness_probe.as_ref().and_then(|p| p.grpc.as_ref()).map(|g| g.port),
        Some(9090),
        "a gRPC probe names its port by number"
    );
    assert_eq!(
        main.readiness_probe
            .as_ref()
            .and_then(|p| p.http_get.as_ref())
            .and_then(|h| h.http_headers.as_ref())
            .map(Vec::len),
        Some(1)
    );
    assert!(
        main.lifecycle
            .as_ref()
            .and_then(|l| l.pre_stop.as_ref())
            .and_then(|p| p.sleep.as_ref())
            .is_some()
    );
    let limits = main.resources.as_ref().and_then(|r| r.limits.clone()).unwrap_or_default();
    assert!(limits.contains_key("nvidia.com/gpu"));
    let env = main.env.clone().unwrap_or_default();
    let mem = env
        .iter()
        .find(|e| e.name == "MEM_LIMIT")
        .and_then(|e| e.value_from.as_ref())
        .and_then(|v| v.resource_field_ref.as_ref());
    assert_eq!(mem.map(|r| r.resource.as_str()), Some("limits.memory"));
}

#[test]
fn network_policies_admit_peers_ports_and_egress_as_declared() {
    let r = rendered();
    let np: &NetworkPolicy = get(&r, "api");
    let spec = np.spec.clone().unwrap_or_default();
    assert_eq!(spec.policy_types, Some(vec!["Ingress".to_owned(), "Egress".to_owned()]));
    let ingress = &spec.ingress.unwrap_or_default()[0];
    assert_eq!(ingress.from.as_ref().map(Vec::len), Some(2));
    let ports: Vec<String> = ingress
        .ports
        .iter()
        .flatten()
        .filter_map(|p| p.port.as_ref())
        .map(|p| format!("{p:?}"))
        .collect();
    assert_eq!(
        ports,
        ["Int(8080)", "Int(9090)", "Int(9100)"],
        "Service ports, then the metrics port"
    );
    assert_eq!(spec.egress.map(|e| e.len()), Some(3));
    let deny: &NetworkPolicy = get(&r, "deny-all");
    assert_eq!(
        deny.spec.as_ref().and_then(|s| s.policy_types.clone()),
        Some(vec!["Ingress".to_owned(), "Egress".to_owned()])
    );
}

#[test]
fn autoscaling_ingress_rules_and_permissions() {
    let r = rendered();
    let hpa: &HorizontalPodAutoscaler = get(&r, "api");
    assert_eq!(hpa.spec.as_ref().and_then(|s| s.metrics.as_ref()).map(Vec::len), Some(2));
    let ing: &K8sIngress = get(&r, "api");
    let rules = ing.spec.as_ref().and_then(|s| s.rules.clone()).unwrap_or_default();
    let backend = rules[1].http.as_ref().and_then(|h| h.paths[0].backend.service.clone());
    assert_eq!(
        backend.map(|b| (b.name, b.port.and_then(|p| p.number))),
        Some(("web".to_owned(), Some(80)))
    );
    let role: &Role = get(&r, "api");
    assert_eq!(role.rules.as_ref().map(Vec::len), Some(1));
    let binding: &RoleBinding = get(&r, "api");
    assert_eq!(
        binding.subjects.as_ref().map(|s| (s[0].name.as_str(), s[0].namespace.as_deref())),
        Some(("api", Some("shop")))
    );
    assert!(r.get::<ClusterRoleBinding>("shop-api").is_some());
}

#[test]
fn exceptions_are_explicit_and_become_waivers() {
    let r = rendered();
    let legacy: &Deployment = get(&r, "legacy");
    let pod = pod_spec(legacy);
    let sc = pod.security_context.clone().unwrap_or_default();
    assert_eq!((sc.run_as_non_root, sc.run_as_user), (Some(false), Some(0)));
    assert_eq!(
        sc.sysctls.map(|s| (s[0].name.clone(), s[0].value.clone())),
        Some(("net.ipv4.ip_unprivileged_port_start".into(), "80".into()))
    );
    let notes = legacy.metadata.annotations.clone().unwrap_or_default();
    let skips: Vec<&str> =
        notes.values().filter_map(|v| v.split_once('=')).map(|(c, _)| c).collect();
    for check in ["CKV_K8S_23", "CKV_K8S_40", "CKV_K8S_22", "CKV_K8S_14", "CKV_K8S_43"] {
        assert!(skips.contains(&check), "{check} in {skips:?}");
    }
    assert!(notes.values().all(|v| !v.contains('=') || v.ends_with("runs as root")), "{notes:?}");
}

#[test]
fn components_remove_and_overlay_apps_and_overlays_reach_containers_by_name() {
    let mut env = stack();
    env.components = vec![Component {
        name: "managed-jobs".into(),
        remove: vec!["cleanup".into()],
        overlays: vec![(
            "api".into(),
            Overlay {
                env_remove: vec!["DEBUG".into()],
                containers: vec![ContainerOverlay {
                    image_tag: Some("2.0.0".into()),
                    ..ContainerOverlay::new("proxy")
                }],
                ..Overlay::default()
            },
        )],
        ..Component::default()
    }];
    let r = render(&env).unwrap_or_else(|e| panic!("{e}"));
    assert!(r.get::<CronJob>("cleanup").is_none());
    let pod = pod_spec(get(&r, "api"));
    assert!(pod.containers[0].env.iter().flatten().all(|e| e.name != "DEBUG"));
    assert_eq!(
        pod.init_containers.as_ref().and_then(|c| c[0].image.as_deref()),
        Some("ghcr.io/acme/proxy:2.0.0")
    );
}

#[test]
fn patches_take_closures_and_cannot_weaken_security() {
    let mut env = stack();
    let deadline = 120;
    env.patches = vec![Patch::on(Select::name("api"), move |d: &mut Deployment| {
        if let Some(spec) = d.spec.as_mut() {
            spec.progress_deadline_seconds = Some(deadline);
        }
    })];
    let r = render(&env).unwrap_or_else(|e| panic!("{e}"));
    let api: &Deployment = get(&r, "api");
    assert_eq!(api.spec.as_ref().and_then(|s| s.progress_deadline_seconds), Some(120));
    env.patches = vec![Patch::on(Select::name("web"), |d: &mut Deployment| {
        if let Some(pod) = d.spec.as_mut().and_then(|s| s.template.spec.as_mut()) {
            pod.security_context = None;
        }
    })];
    let err = render(&env).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        err.contains("error: the patch changes the security settings of Deployment `web`"),
        "{err}"
    );
    assert!(err.contains("tests/capabilities.rs:"), "the patch is located: {err}");
}

#[test]
fn raw_workloads_meet_the_same_profile_unless_excepted() {
    let raw = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: node-agent\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      hostNetwork: true\n      containers:\n      - name: agent\n        image: vendor/agent:1\n        securityContext:\n          privileged: true\n";
    let mut env = stack();
    env.raw = vec![rustomize::RawYaml::inline("agent.yaml", raw)];
    let err = render(&env).err().map(|e| e.to_string()).unwrap_or_default();
    for expected in [
        "error: the pods share the node's namespace (`hostNetwork: true`)",
        "error: the container is privileged",
        "--> target `real`, raw YAML `agent.yaml`, DaemonSet `node-agent`, field `spec.template.spec.containers[agent].securityContext`",
    ] {
        assert!(err.contains(expected), "{expected} in:\n{err}");
    }
    env.raw = vec![
        rustomize::RawYaml::inline("agent.yaml", raw)
            .exception("the node agent needs the host network"),
    ];
    env.namespace = Some("real".into());
    let r = render(&env).unwrap_or_else(|e| panic!("{e}"));
    // The namespace cannot enforce a level the excepted workload would fail.
    let ns: &rustomize::k8s::api::core::v1::Namespace = get(&r, "real");
    let labels = ns.metadata.labels.clone().unwrap_or_default();
    assert_eq!(
        labels.get("pod-security.kubernetes.io/enforce").map(String::as_str),
        Some("privileged")
    );
    let why = ns.metadata.annotations.clone().unwrap_or_default();
    assert!(
        why.get("rustomize.dev/pod-security")
            .is_some_and(|w| w.contains("the node agent needs the host network")),
        "{why:?}"
    );
}

/// Each new rule, broken once: the message names what was found and, where it helps, a fix.
#[test]
fn bad_input_for_every_new_rule() {
    type Break = fn(&mut Environment);
    let cases: Vec<(Break, &str)> = vec![
        (|e| e.apps[0].selector = labels(&[("app", "")]), "`app: ` is not a valid selector label"),
        (|e| e.apps[0].services[0].name = None, "a further Service needs its own name"),
        (
            |e| {
                e.apps[1].expose =
                    Some(Expose { name: Some("api".into()), ..Expose::cluster_ip(&[("http", 80)]) })
            },
            "Service `api` is declared by both app `api` and app `web`",
        ),
        (
            |e| e.apps[0].services[0].load_balancer.source_ranges = vec!["203.0.113.0".into()],
            "`203.0.113.0` is not a CIDR block",
        ),
        (
            |e| {
                e.apps[1].expose = Some(Expose {
                    load_balancer: LoadBalancer {
                        class: Some("x".into()),
                        ..LoadBalancer::default()
                    },
                    ..Expose::cluster_ip(&[("http", 80)])
                })
            },
            "load balancer settings on a Service that is not a LoadBalancer",
        ),
        (
            |e| e.external_services[0].external_name = "not a host".into(),
            "`not a host` is not a DNS name",
        ),
        (
            |e| {
                e.apps[0].containers[0].env =
                    Env::new().set("X", SharedConfig::new("comon", Config::new()).key("LOG_LEVEL"))
            },
            "config `comon` is not declared by the environment",
        ),
        (
            |e| e.apps[0].containers[0].env = Env::new().set("X", shared().key("LOG_LEVL")),
            "key `LOG_LEVL` is not in config `common`",
        ),
        (
            // A handle from a declaration the environment does not list.
            |e| {
                e.apps[1].service_account =
                    ServiceAccount::Shared(ServiceAccountSpec::new("frontent").handle())
            },
            "ServiceAccount `frontent` is not declared by the environment",
        ),
        (
            |e| {
                e.apps[0].volumes[2].source =
                    VolumeSource::Claim(Storage::new("upload", "1Gi").handle())
            },
            "claim `upload` is not declared by the environment",
        ),
        (
            |e| {
                e.apps[0].volumes[0].source = VolumeSource::Files(Files {
                    items: vec![("tls.crt".into(), "x".into())],
                    ..Files::new(FileSource::Secret("api-keys".into()))
                })
            },
            "key `tls.crt` is not in the volume's source",
        ),
        (
            |e| {
                e.apps[0].volumes[0].source = VolumeSource::Files(Files {
                    default_mode: Some(0o1777),
                    ..Files::new(FileSource::Secret("api-keys".into()))
                })
            },
            "is not a permission mode",
        ),
        (
            |e| e.apps[0].volumes[3].source = VolumeSource::Scratch("2 GB".into()),
            "size `2 GB` is not a quantity",
        ),
        (
            |e| e.apps[3].workload = Workload::CronJob(Cron::new("every day")),
            "schedule `every day` is not valid",
        ),
        (
            |e| e.apps[1].rollout.strategy = Some(Strategy::OnDelete),
            "strategy \"OnDelete\" does not apply to a Deployment",
        ),
        (|e| e.apps[3].rollout.min_ready_seconds = Some(5), "a CronJob has no rollout settings"),
        (
            |e| {
                e.apps[4].autoscale = Some(Autoscale {
                    min_replicas: 1,
                    max_replicas: 2,
                    cpu_percent: Some(50),
                    ..Autoscale::default()
                })
            },
            "a DaemonSet cannot have `autoscale`",
        ),
        (
            |e| {
                e.apps[0].pod.tolerations =
                    vec![Toleration { effect: Some("NoWay".into()), ..Toleration::exists("x") }]
            },
            "taint effect `NoWay` is not known",
        ),
        (
            |e| e.apps[0].pod.spread = vec![Spread { max_skew: 0, ..Spread::across("zone") }],
            "max skew 0 is below 1",
        ),
        (
            |e| e.apps[0].containers[0].probes.liveness = Some(Probe::grpc("grcp")),
            "probe port `grcp` is not declared by container `api`",
        ),
        (
            |e| {
                e.apps[0].containers[0].probes.liveness =
                    Some(Probe { success_threshold: Some(2), ..Probe::grpc("grpc") })
            },
            "a liveness probe's success threshold must be 1",
        ),
        (
            |e| e.apps[0].containers[0].env = Env::new().set("X", EnvValue::resource("limits.gpu")),
            "`limits.gpu` is not a resource a variable can read",
        ),
        (
            |e| e.apps[0].containers[0].env_from = vec![EnvFrom::Config.prefixed("1X")],
            "prefix `1X` would not make valid variable names",
        ),
        (
            |e| e.apps[0].containers[0].resources.limits.extended = labels(&[("gpu", "1")]),
            "`gpu` is not an extended resource name",
        ),
        (
            |e| {
                e.apps[0].traffic.from = vec![Peer::Pods {
                    selector: labels(&[("app", "x")]),
                    namespace: None,
                    app: "wbe".into(),
                }]
            },
            "app `wbe` is not in the environment",
        ),
        (
            |e| e.apps[0].traffic.ports = vec!["metric".into()],
            "port `metric` is not declared by any container",
        ),
        (
            |e| {
                e.apps[0].traffic.egress = Egress::To(vec![EgressRule {
                    to: vec![Peer::cidr("10.0.0.0/40")],
                    ports: vec![],
                }])
            },
            "`10.0.0.0/40` is not a CIDR block",
        ),
        (
            |e| {
                e.apps[0]
                    .ingress
                    .as_mut()
                    .into_iter()
                    .for_each(|i| i.rules[0].paths[0].backend.service = "wbe".into())
            },
            "Service `wbe` is not in the environment",
        ),
        (|e| e.apps[0].permissions[0].verbs = vec!["*".into()], "verb `*` is not allowed"),
        (
            |e| e.apps[0].service_account = ServiceAccount::Default,
            "permissions are granted to the app's ServiceAccount, but it runs as the namespace's default",
        ),
        (
            |e| e.apps[1].containers[0].ports = vec![Port::http(80)],
            "port 80 is below 1024, which a non-root process cannot listen on",
        ),
        (
            |e| e.apps[6].security.exception = None,
            "the app relaxes the restricted security profile without saying why",
        ),
        (
            |e| {
                e.components = vec![Component {
                    name: "c".into(),
                    remove: vec!["clean-up".into()],
                    ..Component::default()
                }]
            },
            "app `clean-up` is not in the environment",
        ),
        (
            |e| {
                e.apps[1] = e.apps[1].clone().with(Overlay {
                    containers: vec![ContainerOverlay::new("wbe")],
                    ..Overlay::default()
                });
            },
            "names container `wbe`, which the app does not have",
        ),
        (
            |e| {
                e.apps[1] = e.apps[1]
                    .clone()
                    .with(Overlay { env_remove: vec!["NOPE".into()], ..Overlay::default() });
            },
            "names variable `NOPE` of container `web`",
        ),
        (|e| e.policies[0].ports = vec![(0, rustomize::Protocol::Tcp)], "port 0 is not valid"),
    ];
    for (i, (mutate, expected)) in cases.into_iter().enumerate() {
        let mut env = stack();
        mutate(&mut env);
        let err = render(&env).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains(expected), "case {i}: expected {expected:?} in:\n{err}");
    }
}

/// Details real stacks use: a budget in percent, annotations on an app's objects, a TLS Secret.
#[test]
fn percent_budgets_app_annotations_and_typed_secrets() {
    use rustomize::k8s::api::policy::v1::PodDisruptionBudget;
    let mut env = stack();
    env.apps[1].disruption_budget = Some(rustomize::DisruptionBudget::MaxUnavailablePercent(25));
    env.apps[1].annotations = labels(&[("example.com/owner", "web-team")]);
    let r = render(&env).unwrap_or_else(|e| panic!("{e}"));
    let pdb: &PodDisruptionBudget = get(&r, "web");
    let max = pdb.spec.as_ref().and_then(|s| s.max_unavailable.clone());
    assert_eq!(format!("{max:?}"), "Some(String(\"25%\"))");
    let web: &Deployment = get(&r, "web");
    let notes = web.metadata.annotations.clone().unwrap_or_default();
    assert_eq!(notes.get("example.com/owner").map(String::as_str), Some("web-team"));
    let pod_notes = web
        .spec
        .as_ref()
        .and_then(|s| s.template.metadata.as_ref())
        .and_then(|m| m.annotations.clone());
    assert!(pod_notes.is_none_or(|n| !n.contains_key("example.com/owner")), "not on the pods");
    env.apps[1].disruption_budget = Some(rustomize::DisruptionBudget::MinAvailablePercent(100));
    let err = render(&env).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains("allows no pod"), "{err}");
    // A TLS Secret keeps its type when rendered from an env file.
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = tmp.path().join("tls.env");
    std::fs::write(&file, "tls.crt=CERT\ntls.key=KEY\n").unwrap_or_else(|e| panic!("{e}"));
    let mut tls = Environment { name: "t".into(), tree: "t".into(), ..Environment::default() };
    tls.secrets = vec![SecretSpec {
        type_: Some("kubernetes.io/tls".into()),
        ..SecretSpec::new("www-tls", &["tls.crt", "tls.key"])
    }];
    let r = rustomize::render_with_secrets(&tls, &file).unwrap_or_else(|e| panic!("{e}"));
    let secret: &rustomize::k8s::api::core::v1::Secret = get(&r, "www-tls");
    assert_eq!(secret.type_.as_deref(), Some("kubernetes.io/tls"));
}

/// Sticky sessions, DNS for pods before they are ready, and pod fields as files.
#[test]
fn service_affinity_unready_peers_and_pod_field_volumes() {
    let mut env = stack();
    let worker = env.apps.iter_mut().find(|a| a.name == "worker").unwrap_or_else(|| panic!());
    if let Some(e) = worker.expose.as_mut() {
        e.sticky_sessions = true;
        e.publish_not_ready = true;
    }
    worker.volumes = vec![Volume::new(
        "podinfo",
        VolumeSource::PodFields(vec![("labels".into(), "metadata.labels".into())]),
    )];
    worker.containers[0].mounts = vec![Mount::new("podinfo", "/etc/podinfo")];
    let r = render(&env).unwrap_or_else(|e| panic!("{e}"));
    let svc: &Service = get(&r, "worker");
    let spec = svc.spec.clone().unwrap_or_default();
    assert_eq!(
        (spec.session_affinity.as_deref(), spec.publish_not_ready_addresses),
        (Some("ClientIP"), Some(true))
    );
    let sts: &StatefulSet = get(&r, "worker");
    let text = serde_json::to_string(&sts.spec).unwrap_or_default();
    assert!(text.contains("\"downwardAPI\":{\"items\":[{\"fieldRef\":{\"fieldPath\":\"metadata.labels\"},\"path\":\"labels\"}]}"), "{text}");
    let worker = env.apps.iter_mut().find(|a| a.name == "worker").unwrap_or_else(|| panic!());
    worker.volumes[0].source = VolumeSource::PodFields(vec![("ip".into(), "status.podIP".into())]);
    let err = render(&env).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains("`status.podIP` is not a pod field a volume can hold"), "{err}");
}
