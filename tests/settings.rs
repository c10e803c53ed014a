//! Settings real stacks need beside the defaults, each rendered as the API says it and
//! refused when malformed: composable security (the image's user required non-root among
//! them, a container's own user, group and escalation, host ports), a container's termination
//! message, a Service port's application protocol, a CronJob's Job annotations, the
//! Namespace's own labels, the cluster's own namespaces, optional files, probes on
//! undeclared ports, and Services over pods that are no app's.

use rustomize::k8s::api::apps::v1::Deployment;
use rustomize::k8s::api::batch::v1::CronJob as KCronJob;
use rustomize::k8s::api::core::v1::{Namespace, Service};
use rustomize::{
    App, Container, ContainerSecurity, CronJob, Environment, Expose, Image, Port, Security,
    ServicePort, Workload, labels, render,
};

fn app() -> App {
    App {
        containers: vec![Container {
            name: "web".into(),
            image: Image::tag("example.com/web", "1.0"),
            ports: vec![Port::http(8080)],
            ..Container::default()
        }],
        expose: Some(Expose::cluster_ip(&[("http", 80)])),
        ..App::new("web")
    }
}

fn env(app: App) -> Environment {
    Environment {
        name: "prod".into(),
        tree: "overlays/prod".into(),
        namespace: Some("shop".into()),
        apps: vec![app],
        ..Environment::default()
    }
}

/// The Pod Security level the `shop` Namespace enforces.
fn enforced(r: &rustomize::Rendered) -> String {
    let ns: &Namespace = r.get("shop").unwrap_or_else(|| panic!("no Namespace"));
    let labels = ns.metadata.labels.clone().unwrap_or_default();
    labels.get("pod-security.kubernetes.io/enforce").cloned().unwrap_or_default()
}

fn error(env: &Environment) -> String {
    render(env).err().map(|e| e.to_string()).unwrap_or_default()
}

#[test]
fn security_settings_compose_and_set_the_namespace_level() {
    // The image's user, read-only root, drop ALL and add back what its entrypoint needs.
    let mut a = app();
    a.security = Security {
        image_user: true,
        add_capabilities: vec!["CHOWN".into(), "SETUID".into(), "SETGID".into()],
        exception: Some("the entrypoint drops root after chown".into()),
        ..Security::default()
    };
    let r = render(&env(a.clone())).unwrap_or_else(|e| panic!("{e}"));
    let d: &Deployment = r.get("web").unwrap_or_else(|| panic!("no Deployment"));
    let pod = d.spec.as_ref().and_then(|s| s.template.spec.as_ref()).unwrap_or_else(|| panic!());
    let sc = pod.containers[0].security_context.clone().unwrap_or_default();
    let caps = sc.capabilities.unwrap_or_default();
    assert_eq!(caps.drop, Some(vec!["ALL".to_owned()]));
    assert_eq!(caps.add, Some(vec!["CHOWN".to_owned(), "SETUID".to_owned(), "SETGID".to_owned()]));
    assert_eq!(sc.allow_privilege_escalation, Some(false));
    assert_eq!(sc.run_as_non_root, None, "the image's user: no runAsNonRoot");
    assert_eq!(pod.security_context.as_ref().and_then(|p| p.run_as_user), None);
    assert_eq!(enforced(&r), "baseline");

    // A capability beyond baseline's list makes the namespace privileged.
    a.security.add_capabilities = vec!["NET_ADMIN".into()];
    assert_eq!(a.security.level(), "privileged");
    let r = render(&env(a.clone())).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(enforced(&r), "privileged");

    // Only NET_BIND_SERVICE keeps restricted; the defaults are restricted.
    let bind =
        Security { add_capabilities: vec!["NET_BIND_SERVICE".into()], ..Security::default() };
    assert_eq!(bind.level(), "restricted");
    assert_eq!(Security::default().level(), "restricted");
    let escalates = Security { privilege_escalation: true, ..Security::default() };
    assert_eq!(escalates.level(), "baseline");
    assert!(escalates.waivers().is_empty(), "no reason, no waiver");
    let mut a = app();
    a.security = escalates;
    let err = error(&env(a));
    assert!(err.contains("relaxes the restricted security profile without saying why"), "{err}");

    // A capability name is checked before it reaches the YAML.
    let mut a = app();
    a.security = Security {
        add_capabilities: vec!["NET ADMIN; rm".into()],
        exception: Some("x".into()),
        ..Security::default()
    };
    let err = error(&env(a));
    assert!(err.contains("`NET ADMIN; rm` is not a capability name"), "{err}");
}

#[test]
fn user_on_containers_repeats_the_pod_user_on_each_container() {
    let mut a = app();
    a.security =
        Security { user_on_containers: true, fs_group_on_mismatch: true, ..Security::default() };
    let r = render(&env(a)).unwrap_or_else(|e| panic!("{e}"));
    let d: &Deployment = r.get("web").unwrap_or_else(|| panic!("no Deployment"));
    let pod = d.spec.as_ref().and_then(|s| s.template.spec.as_ref()).unwrap_or_else(|| panic!());
    let sc = pod.containers[0].security_context.clone().unwrap_or_default();
    let pod_sc = pod.security_context.clone().unwrap_or_default();
    assert_eq!((sc.run_as_user, sc.run_as_group), (pod_sc.run_as_user, pod_sc.run_as_group));
    assert_eq!(sc.run_as_user, Some(10001));
    assert_eq!(sc.seccomp_profile.map(|p| p.type_), Some("RuntimeDefault".to_owned()));
    assert_eq!(pod_sc.fs_group_change_policy.as_deref(), Some("OnRootMismatch"));
}

#[test]
fn a_container_departs_from_the_apps_security_and_the_pod_counts_the_loosest() {
    let mut a = app();
    a.containers.push(Container {
        name: "exporter".into(),
        image: Image::tag("example.com/exporter", "1.0"),
        termination_message_path: Some("/tmp/why".into()),
        security: ContainerSecurity {
            run_as_user: Some(65534),
            run_as_group: Some(65534),
            privilege_escalation: Some(true),
        },
        ..Container::default()
    });
    // Escalation in one container relaxes the pod: without a reason it is refused.
    let err = error(&env(a.clone()));
    assert!(err.contains("relaxes the restricted security profile without saying why"), "{err}");
    a.security.exception = Some("the vendor's exporter is built to escalate".into());
    let r = render(&env(a.clone())).unwrap_or_else(|e| panic!("{e}"));
    let d: &Deployment = r.get("web").unwrap_or_else(|| panic!("no Deployment"));
    let pod = d.spec.as_ref().and_then(|s| s.template.spec.as_ref()).unwrap_or_else(|| panic!());
    let sc = |i: usize| pod.containers[i].security_context.clone().unwrap_or_default();
    let (web, exporter) = (sc(0), sc(1));
    assert_eq!((web.run_as_user, web.allow_privilege_escalation), (None, Some(false)));
    assert_eq!((exporter.run_as_user, exporter.run_as_group), (Some(65534), Some(65534)));
    assert_eq!(exporter.allow_privilege_escalation, Some(true));
    assert_eq!(exporter.run_as_non_root, Some(true));
    assert_eq!(pod.containers[1].termination_message_path.as_deref(), Some("/tmp/why"));
    assert_eq!(pod.containers[0].termination_message_path, None);
    let pod_sc = pod.security_context.clone().unwrap_or_default();
    assert_eq!(pod_sc.run_as_user, Some(10001), "the app's user stays the pod's");
    assert_eq!(enforced(&r), "baseline");
    let skips: Vec<&String> = d.metadata.annotations.iter().flatten().map(|(_, v)| v).collect();
    assert!(skips.iter().any(|v| v.starts_with("CKV_K8S_20=")), "{skips:?}");

    // Root in one container counts as root; the root group alone is refused.
    a.containers[1].security =
        ContainerSecurity { run_as_user: Some(0), ..ContainerSecurity::default() };
    assert!(a.pod_security().run_as_root);
    let r = render(&env(a.clone())).unwrap_or_else(|e| panic!("{e}"));
    let d: &Deployment = r.get("web").unwrap_or_else(|| panic!("no Deployment"));
    let pod = d.spec.as_ref().and_then(|s| s.template.spec.as_ref()).unwrap_or_else(|| panic!());
    let root = pod.containers[1].security_context.clone().unwrap_or_default();
    assert_eq!((root.run_as_user, root.run_as_non_root), (Some(0), Some(false)));
    a.containers[1].security =
        ContainerSecurity { run_as_group: Some(0), ..ContainerSecurity::default() };
    let err = error(&env(a.clone()));
    assert!(err.contains("`containers[exporter].security.run_as_group`"), "{err}");
    assert!(err.contains("root group (GID 0)"), "{err}");
    a.containers[1].security =
        ContainerSecurity { run_as_user: Some(-1), ..ContainerSecurity::default() };
    let err = error(&env(a));
    assert!(err.contains("`-1` is not a user or group ID"), "{err}");
}

#[test]
fn a_node_agent_opens_host_ports_only_when_its_security_says_so() {
    let mut a = app();
    a.workload = Workload::DaemonSet;
    a.containers[0].ports = vec![Port { host_port: Some(4317), ..Port::tcp("otlp", 4317) }];
    a.expose = None;
    let err = error(&env(a.clone()));
    assert!(err.contains("`containers[web].ports[otlp].host_port`"), "{err}");
    assert!(err.contains("opens port 4317 on the node"), "{err}");
    // The opt-in alone relaxes the profile: it needs its reason.
    a.security.host_ports = true;
    let err = error(&env(a.clone()));
    assert!(err.contains("relaxes the restricted security profile without saying why"), "{err}");
    a.security.exception = Some("apps send traces to the agent on their node".into());
    assert_eq!(a.pod_security().level(), "privileged");
    let r = render(&env(a.clone())).unwrap_or_else(|e| panic!("{e}"));
    let ds: &rustomize::k8s::api::apps::v1::DaemonSet =
        r.get("web").unwrap_or_else(|| panic!("no DaemonSet"));
    let pod = ds.spec.as_ref().and_then(|s| s.template.spec.as_ref()).unwrap_or_else(|| panic!());
    let port = &pod.containers[0].ports.as_ref().unwrap_or_else(|| panic!("no ports"))[0];
    assert_eq!((port.container_port, port.host_port), (4317, Some(4317)));
    let skips: Vec<&String> = ds.metadata.annotations.iter().flatten().map(|(_, v)| v).collect();
    assert!(skips.iter().any(|v| v.starts_with("CKV_K8S_26=")), "{skips:?}");
    assert_eq!(enforced(&r), "privileged");
    a.containers[0].ports[0].host_port = Some(0);
    let err = error(&env(a));
    assert!(err.contains("host port 0 is no port"), "{err}");
}

#[test]
fn termination_message_app_protocol_and_job_annotations_render_as_the_api_says() {
    let mut a = app();
    a.containers[0].logs_on_failure = true;
    a.expose = Some(Expose {
        ports: vec![ServicePort {
            app_protocol: Some("https".into()),
            ..ServicePort::new("http", 443)
        }],
        ..Expose::default()
    });
    let r = render(&env(a.clone())).unwrap_or_else(|e| panic!("{e}"));
    let d: &Deployment = r.get("web").unwrap_or_else(|| panic!("no Deployment"));
    let c = &d
        .spec
        .as_ref()
        .and_then(|s| s.template.spec.as_ref())
        .unwrap_or_else(|| panic!())
        .containers[0];
    assert_eq!(c.termination_message_policy.as_deref(), Some("FallbackToLogsOnError"));
    let s: &Service = r.get("web").unwrap_or_else(|| panic!("no Service"));
    let port = &s.spec.as_ref().and_then(|s| s.ports.clone()).unwrap_or_default()[0];
    assert_eq!(port.app_protocol.as_deref(), Some("https"));

    a.expose = Some(Expose {
        ports: vec![ServicePort {
            app_protocol: Some("h t t p".into()),
            ..ServicePort::new("http", 443)
        }],
        ..Expose::default()
    });
    let err = error(&env(a));
    assert!(err.contains("app protocol `h t t p` is not valid"), "{err}");

    let mut job = app();
    job.expose = None;
    job.containers[0].ports.clear();
    job.workload = Workload::CronJob(CronJob {
        job_annotations: labels(&[("managed-by", "Tekton")]),
        ..CronJob::new("0 3 * * *")
    });
    let r = render(&env(job)).unwrap_or_else(|e| panic!("{e}"));
    let c: &KCronJob = r.get("web").unwrap_or_else(|| panic!("no CronJob"));
    let template = c.spec.as_ref().map(|s| &s.job_template).unwrap_or_else(|| panic!());
    let annotations = template.metadata.as_ref().and_then(|m| m.annotations.clone());
    assert_eq!(annotations, Some(labels(&[("managed-by", "Tekton")])));
}

#[test]
fn the_namespace_carries_its_own_labels_and_system_namespaces_are_never_rendered() {
    let mut e = env(app());
    e.namespace_labels = labels(&[("name", "shop-namespace")]);
    let r = render(&e).unwrap_or_else(|e| panic!("{e}"));
    let ns: &Namespace = r.get("shop").unwrap_or_else(|| panic!("no Namespace"));
    let l = ns.metadata.labels.clone().unwrap_or_default();
    assert_eq!(l.get("name").map(String::as_str), Some("shop-namespace"));
    assert_eq!(l.get("pod-security.kubernetes.io/enforce").map(String::as_str), Some("restricted"));

    e.namespace_labels = labels(&[("bad key!", "x")]);
    let err = error(&e);
    assert!(err.contains("`bad key!` is not a valid namespace_labels key"), "{err}");

    // kube-system exists, and restricted labels on it would stop the cluster's own pods.
    let mut e = env(app());
    e.namespace = Some("kube-system".into());
    let r = render(&e).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        r.objects.iter().all(|o| o.kind() != "Namespace"),
        "a kube-system Namespace was rendered"
    );
    assert!(r.objects.iter().any(|o| o.namespace() == Some("kube-system")));
}

#[test]
fn optional_files_and_probes_on_undeclared_ports_render_as_written() {
    use rustomize::k8s::apimachinery::pkg::util::intstr::IntOrString;
    use rustomize::{FileSource, Files, Mount, Probe, Probes, Volume, VolumeSource};
    let mut a = app();
    a.containers[0].probes =
        Probes { liveness: Some(Probe::http("/healthz", "9001")), ..Probes::default() };
    a.containers[0].mounts = vec![Mount::new("tls", "/tls")];
    // A TLS Secret another tool issues later: optional, so not declared.
    a.volumes = vec![Volume::new(
        "tls",
        VolumeSource::Files(Files {
            optional: true,
            items: vec![("tls.crt".into(), "tls.crt".into())],
            ..Files::new(FileSource::Secret("web-tls".into()))
        }),
    )];
    let r = render(&env(a.clone())).unwrap_or_else(|e| panic!("{e}"));
    let d: &Deployment = r.get("web").unwrap_or_else(|| panic!("no Deployment"));
    let pod = d.spec.as_ref().and_then(|s| s.template.spec.as_ref()).unwrap_or_else(|| panic!());
    let probe = pod.containers[0].liveness_probe.as_ref().and_then(|p| p.http_get.clone());
    assert_eq!(probe.map(|h| h.port), Some(IntOrString::Int(9001)));
    let secret = pod.volumes.as_ref().and_then(|v| v[0].secret.clone()).unwrap_or_default();
    assert_eq!((secret.secret_name.as_deref(), secret.optional), (Some("web-tls"), Some(true)));

    // Not optional, the Secret must be declared; a probe port that is no number, declared.
    a.volumes[0].source = VolumeSource::secret("web-tls");
    a.containers[0].probes.liveness = Some(Probe::http("/healthz", "metrics"));
    let e = error(&env(a));
    assert!(e.contains("web-tls"), "{e}");
    assert!(e.contains("probe port `metrics` is not declared"), "{e}");
}

#[test]
fn services_of_no_app_select_pods_by_label_with_targets_and_protocols_as_written() {
    use rustomize::k8s::apimachinery::pkg::util::intstr::IntOrString;
    use rustomize::{Protocol, ServiceSpec};
    // DNS for pods an operator runs: one number over UDP and TCP, targets by number.
    let port = |name: &str, protocol| ServicePort {
        name: Some(name.into()),
        protocol: Some(protocol),
        ..ServicePort::new("53", 53)
    };
    let dns = ServiceSpec::new(
        "dns",
        labels(&[("k8s-app", "kube-dns")]),
        Expose {
            ports: vec![port("dns", Protocol::Udp), port("dns-tcp", Protocol::Tcp)],
            labels: labels(&[("app.kubernetes.io/component", "dns")]),
            ..Expose::cluster_ip(&[])
        },
    );
    let mut e = env(app());
    e.services = vec![dns.clone()];
    let r = render(&e).unwrap_or_else(|err| panic!("{err}"));
    let s: &Service = r.get("dns").unwrap_or_else(|| panic!("no Service"));
    let spec = s.spec.clone().unwrap_or_default();
    assert_eq!(spec.selector, Some(labels(&[("k8s-app", "kube-dns")])));
    let ports: Vec<(Option<String>, Option<IntOrString>, Option<String>)> = spec
        .ports
        .unwrap_or_default()
        .into_iter()
        .map(|p| (p.name, p.target_port, p.protocol))
        .collect();
    assert_eq!(
        ports,
        vec![
            (Some("dns".into()), Some(IntOrString::Int(53)), Some("UDP".into())),
            (Some("dns-tcp".into()), Some(IntOrString::Int(53)), Some("TCP".into())),
        ]
    );
    let own = s.metadata.labels.clone().unwrap_or_default();
    assert_eq!(own.get("app.kubernetes.io/component").map(String::as_str), Some("dns"));

    // A target that is neither a port name nor a number, a name an app's Service has, and
    // one number twice over one protocol.
    let mut bad = dns.clone();
    bad.expose.ports[0].target = "not a port".into();
    let mut taken =
        ServiceSpec::new("web", labels(&[("app", "x")]), Expose::cluster_ip(&[("http", 80)]));
    taken.expose.ports.push(ServicePort::new("8080", 80));
    e.services = vec![bad, taken];
    let err = error(&e);
    assert!(err.contains("target port `not a port` is neither a port name nor a number"), "{err}");
    assert!(err.contains("Service `web` is declared by both app `web` and service `web`"), "{err}");
    assert!(err.contains("Service port 80 is used twice"), "{err}");
}

#[test]
fn the_images_user_can_be_required_non_root_and_stay_restricted() {
    let mut a = app();
    a.security = Security {
        image_user: true,
        require_non_root: true,
        exception: Some("the image picks its own non-root user".into()),
        ..Security::default()
    };
    assert_eq!(a.security.level(), "restricted");
    let r = render(&env(a.clone())).unwrap_or_else(|e| panic!("{e}"));
    let d: &Deployment = r.get("web").unwrap_or_else(|| panic!("no Deployment"));
    let pod = d.spec.as_ref().and_then(|s| s.template.spec.as_ref()).unwrap_or_else(|| panic!());
    let psc = pod.security_context.clone().unwrap_or_default();
    assert_eq!((psc.run_as_non_root, psc.run_as_user), (Some(true), None));
    let sc = pod.containers[0].security_context.clone().unwrap_or_default();
    assert_eq!((sc.run_as_non_root, sc.run_as_user), (Some(true), None));
    assert_eq!(enforced(&r), "restricted");
    // Without it, the image's user may be root: baseline, and no runAsNonRoot at all.
    a.security.require_non_root = false;
    assert_eq!(a.security.level(), "baseline");
    let r = render(&env(a)).unwrap_or_else(|e| panic!("{e}"));
    let d: &Deployment = r.get("web").unwrap_or_else(|| panic!("no Deployment"));
    let pod = d.spec.as_ref().and_then(|s| s.template.spec.as_ref()).unwrap_or_else(|| panic!());
    assert_eq!(pod.security_context.clone().unwrap_or_default().run_as_non_root, None);
}

#[test]
fn environment_policies_admit_pods_of_no_app_and_every_port() {
    use rustomize::k8s::api::networking::v1::NetworkPolicy;
    use rustomize::{Peer, Policy, ServiceAccountSpec};
    let mut e = env(app());
    e.policies = vec![
        // Every connection to the server, as `ingress: [{}]` says.
        Policy { all_ports: true, ..Policy::new("server", labels(&[("app", "server")])) },
        // Cache clients that are kept workloads: by their labels.
        Policy {
            from: vec![Peer::Labels(labels(&[("app", "legacy-worker")]))],
            ports: vec![(6379, rustomize::Protocol::Tcp)],
            labels: labels(&[("app.kubernetes.io/component", "cache")]),
            ..Policy::new("cache", labels(&[("app", "cache")]))
        },
    ];
    e.service_accounts = vec![ServiceAccountSpec {
        image_pull_secrets: vec!["registry".into()],
        secrets: vec!["legacy-token".into()],
        ..ServiceAccountSpec::new("worker")
    }];
    let r = render(&e).unwrap_or_else(|err| panic!("{err}"));
    let server: &NetworkPolicy = r.get("server").unwrap_or_else(|| panic!("no policy"));
    let ingress = server.spec.as_ref().and_then(|s| s.ingress.clone()).unwrap_or_default();
    assert_eq!(ingress.len(), 1);
    assert_eq!((ingress[0].from.clone(), ingress[0].ports.clone()), (None, None), "`[{{}}]`");
    let cache: &NetworkPolicy = r.get("cache").unwrap_or_else(|| panic!("no policy"));
    let rule = cache.spec.as_ref().and_then(|s| s.ingress.clone()).unwrap_or_default();
    let from = rule[0].from.clone().unwrap_or_default();
    assert_eq!(
        from[0].pod_selector.as_ref().and_then(|s| s.match_labels.clone()),
        Some(labels(&[("app", "legacy-worker")]))
    );
    assert_eq!(from[0].namespace_selector, None);
    let own = cache.metadata.labels.clone().unwrap_or_default();
    assert_eq!(own.get("app.kubernetes.io/component").map(String::as_str), Some("cache"));
    let sa: &rustomize::k8s::api::core::v1::ServiceAccount =
        r.get("worker").unwrap_or_else(|| panic!("no account"));
    let pulls: Vec<String> =
        sa.image_pull_secrets.iter().flatten().map(|s| s.name.clone()).collect();
    assert_eq!(pulls, ["registry"]);
    let mounts: Vec<Option<String>> = sa.secrets.iter().flatten().map(|s| s.name.clone()).collect();
    assert_eq!(mounts, [Some("legacy-token".to_owned())]);

    // A peer's labels are checked like any label.
    e.policies[1].from = vec![Peer::Labels(labels(&[("app", "not valid!")]))];
    let err = error(&e);
    assert!(err.contains("label `app: not valid!` is not valid"), "{err}");
}

#[test]
fn an_environment_policy_admits_each_source_on_its_own_ports() {
    use rustomize::k8s::api::networking::v1::NetworkPolicy;
    use rustomize::{Peer, Policy, PolicyRule, Protocol};
    let mut e = env(app());
    e.policies = vec![Policy {
        from: vec![Peer::Labels(labels(&[("app", "server")]))],
        ports: vec![(5556, Protocol::Tcp), (5557, Protocol::Tcp)],
        also: vec![PolicyRule {
            from: vec![Peer::Namespaces(labels(&[]))],
            ports: vec![(5558, Protocol::Tcp)],
            ..PolicyRule::default()
        }],
        ..Policy::new("dex", labels(&[("app", "dex")]))
    }];
    let r = render(&e).unwrap_or_else(|err| panic!("{err}"));
    let dex: &NetworkPolicy = r.get("dex").unwrap_or_else(|| panic!("no policy"));
    let ingress = dex.spec.as_ref().and_then(|s| s.ingress.clone()).unwrap_or_default();
    let ports = |i: usize| -> Vec<String> {
        ingress[i].ports.iter().flatten().map(|p| format!("{:?}", p.port)).collect()
    };
    assert_eq!(ingress.len(), 2, "{ingress:?}");
    assert_eq!(ports(0), ["Some(Int(5556))", "Some(Int(5557))"]);
    assert_eq!(ports(1), ["Some(Int(5558))"]);
    let second = ingress[1].from.clone().unwrap_or_default();
    assert!(second[0].namespace_selector.is_some() && second[0].pod_selector.is_none());

    // A rule that admits no port, or a bad peer in one, is refused where it is written.
    e.policies[0].also[0].ports.clear();
    e.policies[0].also[0].from = vec![Peer::Labels(labels(&[("app", "not valid!")]))];
    let err = error(&e);
    assert!(err.contains("`policies[dex].also[0]`"), "{err}");
    assert!(err.contains("the rule admits no port"), "{err}");
    assert!(err.contains("label `app: not valid!` is not valid"), "{err}");
}

#[test]
fn a_statefulset_may_name_a_governing_service_declared_elsewhere() {
    use rustomize::Rollout;
    use rustomize::k8s::api::apps::v1::StatefulSet;
    let mut a = app();
    a.workload = Workload::StatefulSet;
    a.expose = None;
    let err = error(&env(a.clone()));
    assert!(err.contains("a StatefulSet needs a Service for its pods' network identity"), "{err}");
    a.rollout = Rollout { service_name: Some("web-peers".into()), ..Rollout::default() };
    let mut e = env(a.clone());
    e.name_prefix = "eu-".into();
    let r = render(&e).unwrap_or_else(|err| panic!("{err}"));
    let s: &StatefulSet = r.get("eu-web").unwrap_or_else(|| panic!("no StatefulSet"));
    let spec = s.spec.clone().unwrap_or_default();
    assert_eq!(spec.service_name.as_deref(), Some("eu-web-peers"), "the environment's prefix");
    assert_eq!(spec.pod_management_policy.as_deref(), Some("OrderedReady"), "spelled out");

    a.rollout.service_name = Some("Web Peers".into());
    let err = error(&env(a.clone()));
    assert!(err.contains("`rollout.service_name`"), "{err}");
    a.rollout.service_name = Some("web-peers".into());
    a.workload = Workload::Deployment;
    let err = error(&env(a));
    assert!(err.contains("a Deployment has no governing Service"), "{err}");
}

#[test]
fn a_claim_templates_stand_in_among_the_pods_volumes_renders_as_the_api_stores_it() {
    use rustomize::k8s::api::apps::v1::StatefulSet;
    use rustomize::{Storage, Volume, VolumeSource};
    let mut a = app();
    a.workload = Workload::StatefulSet;
    a.expose = Some(Expose::headless(&[("http", 8080)]));
    a.storage = vec![Storage::new("data", "1Gi")];
    a.volumes = vec![Volume::new("data", VolumeSource::ClaimTemplate)];
    let r = render(&env(a.clone())).unwrap_or_else(|err| panic!("{err}"));
    let s: &StatefulSet = r.get("web").unwrap_or_else(|| panic!("no StatefulSet"));
    let spec = s.spec.clone().unwrap_or_default();
    let volumes = spec.template.spec.and_then(|p| p.volumes).unwrap_or_default();
    assert_eq!(volumes.len(), 1);
    assert_eq!((volumes[0].name.as_str(), volumes[0].empty_dir.is_some()), ("data", true));
    let templates = spec.volume_claim_templates.unwrap_or_default();
    assert_eq!(templates[0].metadata.name.as_deref(), Some("data"));

    // Another source under a template's name is declared twice; a stand-in needs its template.
    a.volumes = vec![Volume::new("data", VolumeSource::EmptyDir)];
    assert!(error(&env(a.clone())).contains("volume `data` is declared twice"));
    a.volumes = vec![Volume::new("cache", VolumeSource::ClaimTemplate)];
    let err = error(&env(a));
    assert!(
        err.contains(
            "volume `cache` stands for a claim template, and the app has none of that name"
        ),
        "{err}"
    );
}

#[test]
fn an_objects_own_annotation_wins_over_the_apps() {
    let mut a = app();
    a.annotations = labels(&[("description", "the web tier"), ("team", "web")]);
    if let Some(e) = a.expose.as_mut() {
        e.annotations = labels(&[("description", "stable names for the web pods")]);
    }
    let r = render(&env(a)).unwrap_or_else(|e| panic!("{e}"));
    let s: &Service = r.get("web").unwrap_or_else(|| panic!("no Service"));
    let d: &Deployment = r.get("web").unwrap_or_else(|| panic!("no Deployment"));
    let of = |m: &Option<std::collections::BTreeMap<String, String>>, k: &str| {
        m.clone().unwrap_or_default().get(k).cloned().unwrap_or_default()
    };
    assert_eq!(of(&s.metadata.annotations, "description"), "stable names for the web pods");
    assert_eq!(of(&s.metadata.annotations, "team"), "web", "the app's other keys still apply");
    assert_eq!(of(&d.metadata.annotations, "description"), "the web tier");
}

#[test]
fn pod_dns_service_links_process_namespace_and_runtime_class_render_as_the_api_says() {
    use rustomize::PodSettings;
    use rustomize::k8s::api::core::v1::{PodDNSConfig, PodDNSConfigOption};
    let ndots = PodDNSConfig {
        options: Some(vec![PodDNSConfigOption {
            name: Some("ndots".into()),
            value: Some("2".into()),
        }]),
        ..PodDNSConfig::default()
    };
    let mut a = app();
    a.pod = PodSettings {
        dns_policy: Some("ClusterFirst".into()),
        dns_config: Some(ndots.clone()),
        enable_service_links: Some(false),
        share_process_namespace: Some(true),
        runtime_class_name: Some("gvisor".into()),
        host_aliases: vec![("10.0.0.1".into(), vec!["db.local".into()])],
        ..PodSettings::default()
    };
    let r = render(&env(a.clone())).unwrap_or_else(|e| panic!("{e}"));
    let d: &Deployment = r.get("web").unwrap_or_else(|| panic!("no Deployment"));
    let spec = d.spec.as_ref().and_then(|s| s.template.spec.clone()).unwrap_or_default();
    assert_eq!(spec.dns_policy.as_deref(), Some("ClusterFirst"));
    assert_eq!(spec.dns_config, Some(ndots));
    assert_eq!(spec.enable_service_links, Some(false));
    assert_eq!(spec.share_process_namespace, Some(true));
    assert_eq!(spec.runtime_class_name.as_deref(), Some("gvisor"));
    assert_eq!(spec.host_aliases.unwrap_or_default()[0].ip, "10.0.0.1");

    a.pod.dns_policy = Some("ClusterFrist".into());
    a.pod.runtime_class_name = Some("G Visor".into());
    let err = error(&env(a.clone()));
    assert!(err.contains("DNS policy `ClusterFrist` is not one Kubernetes knows"), "{err}");
    assert!(err.contains("did you mean `ClusterFirst`?"), "{err}");
    assert!(err.contains("`G Visor` is not a RuntimeClass name"), "{err}");
    // `None` resolves only through the config given: a name server is required.
    a.pod.dns_policy = Some("None".into());
    a.pod.runtime_class_name = None;
    let err = error(&env(a));
    assert!(err.contains("DNS policy `None` with no name server in `dns_config`"), "{err}");
}

#[test]
fn scheduling_terminal_and_mount_settings_render_as_the_api_says() {
    let mut a = app();
    a.pod.scheduler_name = Some("batch-scheduler".into());
    a.pod.hostname = Some("web-0".into());
    a.pod.hostname_as_fqdn = Some(true);
    a.pod.preemption_policy = Some("Never".into());
    a.pod.os = Some("linux".into());
    a.pod.readiness_gates = vec!["target-health.example.com/web".into()];
    a.containers[0].stdin = true;
    a.containers[0].tty = true;
    a.volumes = vec![rustomize::Volume::new("logs", rustomize::VolumeSource::EmptyDir)];
    a.containers[0].mounts = vec![rustomize::Mount {
        sub_path_expr: Some("$(POD_NAME)".into()),
        propagation: Some("HostToContainer".into()),
        ..rustomize::Mount::new("logs", "/logs")
    }];
    let r = render(&env(a.clone())).unwrap_or_else(|e| panic!("{e}"));
    let d: &Deployment = r.get("web").unwrap_or_else(|| panic!("no Deployment"));
    let pod = d.spec.as_ref().and_then(|s| s.template.spec.as_ref()).unwrap_or_else(|| panic!());
    assert_eq!(pod.scheduler_name.as_deref(), Some("batch-scheduler"));
    assert_eq!(pod.hostname.as_deref(), Some("web-0"));
    assert_eq!(pod.set_hostname_as_fqdn, Some(true));
    assert_eq!(pod.preemption_policy.as_deref(), Some("Never"));
    assert_eq!(pod.os.as_ref().map(|o| o.name.as_str()), Some("linux"));
    let gates: Vec<&str> =
        pod.readiness_gates.iter().flatten().map(|g| g.condition_type.as_str()).collect();
    assert_eq!(gates, ["target-health.example.com/web"]);
    let c = &pod.containers[0];
    assert_eq!((c.stdin, c.stdin_once, c.tty), (Some(true), None, Some(true)));
    let m = &c.volume_mounts.iter().flatten().find(|m| m.mount_path == "/logs");
    let m = m.unwrap_or_else(|| panic!("no mount"));
    assert_eq!(m.sub_path_expr.as_deref(), Some("$(POD_NAME)"));
    assert_eq!(m.mount_propagation.as_deref(), Some("HostToContainer"));

    // Each one malformed is refused, naming the field and what was expected.
    type Break = fn(&mut App);
    let refused: [(&str, Break); 5] = [
        ("pod.os", |a| a.pod.os = Some("linx".into())),
        ("pod.preemption_policy", |a| a.pod.preemption_policy = Some("Always".into())),
        ("pod.hostname", |a| a.pod.hostname = Some("Web_0".into())),
        ("pod.readiness_gates", |a| a.pod.readiness_gates = vec!["a b".into()]),
        ("propagation", |a| a.containers[0].mounts[0].propagation = Some("Bidirectional".into())),
    ];
    for (field, break_it) in refused {
        let mut broken = a.clone();
        break_it(&mut broken);
        let err = error(&env(broken));
        assert!(err.contains(field), "{field}: {err}");
    }
    let mut typo = a.clone();
    typo.pod.os = Some("linx".into());
    assert!(error(&env(typo)).contains("did you mean `linux`"));
}

#[test]
fn safe_sysctls_and_csi_volumes_render_and_the_rest_is_refused() {
    let mut a = app();
    a.pod.sysctls = vec![("net.ipv4.tcp_keepalive_time".into(), "60".into())];
    a.volumes = vec![rustomize::Volume::new(
        "secrets",
        rustomize::VolumeSource::Csi {
            driver: "secrets-store.csi.k8s.io".into(),
            read_only: true,
            attributes: labels(&[("secretProviderClass", "web")]),
        },
    )];
    a.containers[0].mounts = vec![rustomize::Mount::new("secrets", "/mnt/secrets").read_only()];
    let r = render(&env(a.clone())).unwrap_or_else(|e| panic!("{e}"));
    let d: &Deployment = r.get("web").unwrap_or_else(|| panic!("no Deployment"));
    let pod = d.spec.as_ref().and_then(|s| s.template.spec.as_ref()).unwrap_or_else(|| panic!());
    let sysctls = pod.security_context.as_ref().and_then(|s| s.sysctls.clone()).unwrap_or_default();
    let sysctls: Vec<(&str, &str)> =
        sysctls.iter().map(|s| (s.name.as_str(), s.value.as_str())).collect();
    assert_eq!(sysctls, [("net.ipv4.tcp_keepalive_time", "60")]);
    let csi = pod.volumes.iter().flatten().find_map(|v| v.csi.as_ref());
    let csi = csi.unwrap_or_else(|| panic!("no CSI volume"));
    assert_eq!((csi.driver.as_str(), csi.read_only), ("secrets-store.csi.k8s.io", Some(true)));
    // Both are allowed by the restricted profile: the namespace stays restricted.
    assert_eq!(enforced(&r), "restricted");

    let mut unsafe_one = a.clone();
    unsafe_one.pod.sysctls = vec![("kernel.msgmax".into(), "65536".into())];
    let err = error(&env(unsafe_one));
    assert!(err.contains("sysctl `kernel.msgmax` is not one the restricted"), "{err}");
    let mut low_ports = a.clone();
    low_ports.pod.sysctls = vec![("net.ipv4.ip_unprivileged_port_start".into(), "80".into())];
    assert!(error(&env(low_ports)).contains("Security::bind_low_ports"));
    let mut driver = a;
    driver.volumes[0].source = rustomize::VolumeSource::Csi {
        driver: "Secrets Store".into(),
        read_only: true,
        attributes: Default::default(),
    };
    assert!(error(&env(driver)).contains("is not a CSI driver name"));
}

#[test]
fn tokens_ephemeral_claims_groups_and_user_namespaces_render_as_the_api_says() {
    use rustomize::{AccessMode, Mount, Volume, VolumeSource};
    let mut a = app();
    a.pod.supplemental_groups = vec![2000];
    a.pod.host_users = Some(false);
    a.volumes = vec![
        Volume::new(
            "vault",
            VolumeSource::Token {
                path: "token".into(),
                audience: Some("vault".into()),
                expiration_seconds: Some(3600),
            },
        ),
        Volume::new(
            "scratch",
            VolumeSource::Ephemeral {
                size: "10Gi".into(),
                access_mode: AccessMode::ReadWriteOnce,
                storage_class: Some("fast".into()),
            },
        ),
    ];
    a.containers[0].mounts =
        vec![Mount::new("vault", "/var/run/vault").read_only(), Mount::new("scratch", "/scratch")];
    let r = render(&env(a.clone())).unwrap_or_else(|e| panic!("{e}"));
    let d: &Deployment = r.get("web").unwrap_or_else(|| panic!("no Deployment"));
    let pod = d.spec.as_ref().and_then(|s| s.template.spec.as_ref()).unwrap_or_else(|| panic!());
    assert_eq!(pod.host_users, Some(false));
    let groups = pod.security_context.as_ref().and_then(|s| s.supplemental_groups.clone());
    assert_eq!(groups, Some(vec![2000]));
    let volume = |name: &str| {
        let found = pod.volumes.iter().flatten().find(|v| v.name == name);
        found.cloned().unwrap_or_else(|| panic!("no volume {name}"))
    };
    let sources = volume("vault").projected.and_then(|p| p.sources).unwrap_or_default();
    let token = sources.first().and_then(|s| s.service_account_token.clone());
    let token = token.unwrap_or_else(|| panic!("no token"));
    assert_eq!(
        (token.path.as_str(), token.audience.as_deref(), token.expiration_seconds),
        ("token", Some("vault"), Some(3600))
    );
    let claim = volume("scratch").ephemeral.and_then(|e| e.volume_claim_template);
    let spec = claim.map(|c| c.spec).unwrap_or_default();
    assert_eq!(spec.storage_class_name.as_deref(), Some("fast"));
    assert_eq!(spec.access_modes, Some(vec!["ReadWriteOnce".to_owned()]));
    assert_eq!(enforced(&r), "restricted");

    // A token outside its volume, or valid for less than Kubernetes allows, is refused.
    for (path, seconds, expected) in
        [("../token", None, "is not a path inside the volume"), ("token", Some(60), "at least 600")]
    {
        let mut broken = a.clone();
        broken.volumes[0].source =
            VolumeSource::Token { path: path.into(), audience: None, expiration_seconds: seconds };
        let err = error(&env(broken));
        assert!(err.contains(expected), "{path}: {err}");
    }
}

#[test]
fn service_traffic_settings_and_rollout_controls_render_as_the_api_says() {
    use rustomize::k8s::api::apps::v1::StatefulSet;
    use rustomize::k8s::api::batch::v1::Job as KJob;
    use rustomize::{Job, Strategy};
    let mut a = app();
    a.expose = Some(Expose {
        sticky_sessions: true,
        sticky_timeout_seconds: Some(600),
        internal_traffic_local: true,
        ip_family_policy: Some("PreferDualStack".into()),
        traffic_distribution: Some("PreferClose".into()),
        ..Expose::cluster_ip(&[("http", 80)])
    });
    a.rollout.paused = true;
    let r = render(&env(a.clone())).unwrap_or_else(|e| panic!("{e}"));
    let s: &Service = r.get("web").unwrap_or_else(|| panic!("no Service"));
    let spec = s.spec.clone().unwrap_or_default();
    let timeout = spec.session_affinity_config.and_then(|c| c.client_ip?.timeout_seconds);
    assert_eq!(timeout, Some(600));
    assert_eq!(spec.internal_traffic_policy.as_deref(), Some("Local"));
    assert_eq!(spec.ip_family_policy.as_deref(), Some("PreferDualStack"));
    assert_eq!(spec.traffic_distribution.as_deref(), Some("PreferClose"));
    let d: &Deployment = r.get("web").unwrap_or_else(|| panic!("no Deployment"));
    assert_eq!(d.spec.as_ref().and_then(|s| s.paused), Some(true));

    let mut db = app();
    db.workload = Workload::StatefulSet;
    db.rollout.strategy = Some(Strategy::RollingUpdate { max_surge: None, max_unavailable: None });
    db.rollout.partition = Some(2);
    let r = render(&env(db)).unwrap_or_else(|e| panic!("{e}"));
    let s: &StatefulSet = r.get("web").unwrap_or_else(|| panic!("no StatefulSet"));
    let update = s.spec.as_ref().and_then(|s| s.update_strategy.clone()).unwrap_or_default();
    assert_eq!(update.rolling_update.and_then(|r| r.partition), Some(2));

    let mut job = app();
    job.expose = None;
    job.containers[0].ports.clear();
    job.workload =
        Workload::Job(Job { indexed: true, completions: Some(3), suspend: true, ..Job::default() });
    let r = render(&env(job.clone())).unwrap_or_else(|e| panic!("{e}"));
    let j: &KJob = r.get("web").unwrap_or_else(|| panic!("no Job"));
    let spec = j.spec.clone().unwrap_or_default();
    assert_eq!((spec.completion_mode.as_deref(), spec.suspend), (Some("Indexed"), Some(true)));

    // Each out of place is refused, naming the field.
    let mut broken = a.clone();
    if let Some(e) = broken.expose.as_mut() {
        e.ip_family_policy = Some("DualStack".into());
    }
    assert!(error(&env(broken)).contains("ip_family_policy"));
    let mut broken = a.clone();
    if let Some(e) = broken.expose.as_mut() {
        e.sticky_sessions = false;
    }
    assert!(error(&env(broken)).contains("a sticky-session timeout without sticky sessions"));
    let mut broken = a;
    broken.rollout.partition = Some(1);
    assert!(error(&env(broken)).contains("a partition without a StatefulSet's rolling update"));
    job.workload = Workload::Job(Job { indexed: true, ..Job::default() });
    assert!(error(&env(job)).contains("an indexed Job without a number of completions"));
}

#[test]
fn spread_label_keys_min_domains_and_probe_grace_render_as_the_api_says() {
    use rustomize::{Probe, Spread};
    let mut a = app();
    a.pod.spread = vec![Spread {
        match_label_keys: vec!["pod-template-hash".into()],
        min_domains: Some(3),
        ..Spread::across("topology.kubernetes.io/zone").required()
    }];
    a.pod.anti_affinity = vec![Spread {
        match_label_keys: vec!["pod-template-hash".into()],
        ..Spread::across("kubernetes.io/hostname")
    }];
    a.containers[0].probes.liveness = Some(Probe {
        termination_grace_period_seconds: Some(10),
        ..Probe::http("/healthz", "http")
    });
    let r = render(&env(a.clone())).unwrap_or_else(|e| panic!("{e}"));
    let d: &Deployment = r.get("web").unwrap_or_else(|| panic!("no Deployment"));
    let pod = d.spec.as_ref().and_then(|s| s.template.spec.as_ref()).unwrap_or_else(|| panic!());
    let spread = &pod.topology_spread_constraints.clone().unwrap_or_default()[0];
    assert_eq!(spread.match_label_keys, Some(vec!["pod-template-hash".to_owned()]));
    assert_eq!(spread.min_domains, Some(3));
    let anti = pod.affinity.as_ref().and_then(|a| a.pod_anti_affinity.as_ref());
    let term = anti
        .and_then(|a| a.preferred_during_scheduling_ignored_during_execution.as_ref())
        .map(|t| t[0].pod_affinity_term.clone())
        .unwrap_or_default();
    assert_eq!(term.match_label_keys, Some(vec!["pod-template-hash".to_owned()]));
    let liveness = pod.containers[0].liveness_probe.as_ref();
    assert_eq!(liveness.and_then(|p| p.termination_grace_period_seconds), Some(10));

    // Min domains on a preferred spread, or a grace period on a readiness probe, is refused.
    let mut broken = a.clone();
    broken.pod.spread[0].required = false;
    assert!(error(&env(broken)).contains("min domains on a spread across"));
    let mut broken = a;
    broken.containers[0].probes.readiness =
        Some(Probe { termination_grace_period_seconds: Some(5), ..Probe::tcp("http") });
    assert!(error(&env(broken)).contains("a readiness probe never stops the container"));
}

#[test]
fn storage_and_priority_classes_render_unprefixed_and_malformed_ones_are_refused() {
    use rustomize::k8s::api::scheduling::v1::PriorityClass;
    use rustomize::k8s::api::storage::v1::StorageClass;
    use rustomize::{PriorityClassSpec, StorageClassSpec};
    let mut e = env(app());
    e.name_prefix = "prod-".into();
    e.storage_classes = vec![StorageClassSpec {
        parameters: labels(&[("type", "gp3")]),
        volume_binding_mode: Some("WaitForFirstConsumer".into()),
        allow_volume_expansion: Some(true),
        ..StorageClassSpec::new("fast", "ebs.csi.aws.com")
    }];
    e.priority_classes = vec![PriorityClassSpec {
        description: "The payment path".into(),
        ..PriorityClassSpec::new("critical", 100_000)
    }];
    let r = render(&e).unwrap_or_else(|err| panic!("{err}"));
    // Cluster-scoped and shared by the cluster's environments: never prefixed.
    let sc: &StorageClass = r.get("fast").unwrap_or_else(|| panic!("no StorageClass `fast`"));
    assert_eq!(sc.provisioner, "ebs.csi.aws.com");
    assert_eq!(sc.volume_binding_mode.as_deref(), Some("WaitForFirstConsumer"));
    assert_eq!(sc.allow_volume_expansion, Some(true));
    let pc: &PriorityClass = r.get("critical").unwrap_or_else(|| panic!("no PriorityClass"));
    assert_eq!((pc.value, pc.description.as_deref()), (100_000, Some("The payment path")));

    let mut broken = e.clone();
    broken.storage_classes[0].volume_binding_mode = Some("WaitForFirstConsumers".into());
    let err = error(&broken);
    assert!(err.contains("storage_classes[fast].volume_binding_mode"), "{err}");
    assert!(err.contains("did you mean `WaitForFirstConsumer`"), "{err}");
    let mut broken = e;
    broken.priority_classes[0].value = 2_000_000_000;
    assert!(error(&broken).contains("is reserved for the system's classes"));
}

#[test]
fn claim_retention_and_resize_policy_render_as_the_api_says() {
    use rustomize::k8s::api::apps::v1::StatefulSet;
    let mut db = app();
    db.workload = Workload::StatefulSet;
    db.rollout.claim_retention = Some(("Delete".into(), "Retain".into()));
    db.containers[0].resize_policy = vec![("memory".into(), "RestartContainer".into())];
    let r = render(&env(db.clone())).unwrap_or_else(|e| panic!("{e}"));
    let s: &StatefulSet = r.get("web").unwrap_or_else(|| panic!("no StatefulSet"));
    let spec = s.spec.clone().unwrap_or_default();
    let policy = spec.persistent_volume_claim_retention_policy.unwrap_or_default();
    assert_eq!(
        (policy.when_deleted.as_deref(), policy.when_scaled.as_deref()),
        (Some("Delete"), Some("Retain"))
    );
    let c = &spec.template.spec.unwrap_or_default().containers[0];
    let resize = c.resize_policy.clone().unwrap_or_default();
    assert_eq!(
        (resize[0].resource_name.as_str(), resize[0].restart_policy.as_str()),
        ("memory", "RestartContainer")
    );

    let mut broken = db.clone();
    broken.rollout.claim_retention = Some(("Deleted".into(), "Retain".into()));
    assert!(error(&env(broken)).contains("did you mean `Delete`"));
    let mut broken = db.clone();
    broken.containers[0].resize_policy = vec![("gpu".into(), "NotRequired".into())];
    assert!(error(&env(broken)).contains("resize_policy"));
    let mut deployment = db;
    deployment.workload = Workload::Deployment;
    assert!(error(&env(deployment)).contains("has no claim templates to retain"));
}
