//! Validation: every problem at once, each naming target, object and field.

use rustomize::{
    App, Autoscale, Container, Env, Environment, Expose, Image, Ingress, Mount, Port, Probe,
    Probes, SecretSpec, ServicePort, Workload, labels,
};

fn app() -> App {
    App {
        replicas: 1,
        containers: vec![Container {
            name: "web".into(),
            image: Image::tag("nginx", "1.27"),
            ports: vec![Port::http(8080)],
            ..Container::default()
        }],
        expose: Some(Expose::cluster_ip(&[("http", 80)])),
        ..App::new("web")
    }
}

fn env(apps: Vec<App>) -> Environment {
    Environment { name: "test".into(), tree: "test".into(), apps, ..Environment::default() }
}

fn problems(env: &Environment) -> String {
    match rustomize::render(env) {
        Ok(_) => String::from("(no problems)"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_valid_app_renders() {
    assert_eq!(problems(&env(vec![app()])), "(no problems)");
}

#[test]
fn every_problem_is_reported_at_once() {
    let mut broken = app();
    broken.name = "Web_1".into();
    let c = &mut broken.containers[0];
    c.image = Image { repository: "nginx".into(), ..Image::default() };
    c.probes = Probes { readiness: Some(Probe::http("/", "htp")), ..Probes::default() };
    c.env = Env::new().set("TOKEN", SecretSpec::new("api-token", &["TOKEN"]).key("TOKEN"));
    c.mounts = vec![Mount::new("cache", "/cache")];
    broken.expose = Some(Expose::cluster_ip(&[("htpp", 80)]));
    broken.ingress = Some(Ingress { port: "metrics".into(), ..Ingress::default() });
    broken.autoscale = Some(Autoscale {
        min_replicas: 5,
        max_replicas: 2,
        cpu_percent: Some(70),
        memory_percent: None,
        ..Autoscale::default()
    });
    let mut db = app();
    db.name = "db".into();
    db.workload = Workload::StatefulSet;
    db.expose = None;
    let mut e = env(vec![broken, db]);
    e.namespace = Some("Prod".into());
    e.labels = labels(&[("app.kubernetes.io/name", "x")]);
    insta::with_settings!({ snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots"), prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!("validate__every_problem", problems(&e));
    });
}

#[test]
fn unknown_secret_key_suggests_the_declared_one() {
    let spec = SecretSpec::new("api-token", &["TOKEN"]);
    let mut a = app();
    a.containers[0].env = Env::new().set("TOKEN", spec.key("TOKN"));
    let line = line!() - 1;
    let mut e = env(vec![a]);
    e.secrets = vec![spec];
    let out = problems(&e);
    assert!(out.contains("key `TOKN` is not declared by Secret `api-token`"), "{out}");
    assert!(out.contains("help: did you mean `TOKEN`?"), "{out}");
    let at = format!(
        "--> target `test`, app `web` (tests/validate.rs:{line}), field `containers[web].env.TOKEN`"
    );
    assert!(out.contains(&at), "{out}");
}

#[test]
fn node_ports_outside_the_range_are_refused() {
    let mut a = app();
    a.expose = Some(Expose::node_port(vec![ServicePort::new("http", 80).on_node(8080)]));
    let out = problems(&env(vec![a]));
    assert!(out.contains("node port 8080 is outside the node port range"), "{out}");
    assert!(out.contains("expected: 30000 to 32767"), "{out}");
}

#[test]
fn duplicate_apps_are_refused() {
    let out = problems(&env(vec![app(), app()]));
    assert!(out.contains("app `web` is declared twice"), "{out}");
}

#[track_caller]
fn rejects(env: &Environment, expected: &[&str]) {
    let out = problems(env);
    for e in expected {
        assert!(out.contains(e), "missing {e:?} in:\n{out}");
    }
}

#[test]
fn requests_above_limits_and_bad_quantities_are_refused() {
    let mut a = app();
    a.containers[0].resources = rustomize::Resources::requests("2", "1,5Gi").limits("500m", "1Gi");
    rejects(
        &env(vec![a]),
        &[
            "cpu request `2` is more than its limit `500m`",
            "quantity `1,5Gi` is not valid: unknown suffix `,5Gi`",
        ],
    );
}

#[test]
fn a_disruption_budget_that_blocks_every_eviction_is_refused() {
    let mut a = app();
    a.replicas = 2;
    a.disruption_budget = Some(rustomize::DisruptionBudget::MinAvailable(2));
    rejects(&env(vec![a.clone()]), &["allows no pod of 2 to be evicted"]);
    a.disruption_budget = Some(rustomize::DisruptionBudget::MaxUnavailable(0));
    rejects(&env(vec![a.clone()]), &["allows no pod of 2 to be evicted"]);
    a.disruption_budget = Some(rustomize::DisruptionBudget::MinAvailable(1));
    assert_eq!(problems(&env(vec![a])), "(no problems)");
}

#[test]
fn the_latest_tag_needs_a_waiver() {
    let mut a = app();
    a.containers[0].image = Image::tag("nginx", "latest");
    rejects(
        &env(vec![a.clone()]),
        &["image `nginx:latest` uses the `latest` tag", "Waiver::new(\"CKV_K8S_14\""],
    );
    a.waivers = vec![rustomize::Waiver::new("CKV_K8S_14", "a demo that tracks upstream")];
    assert_eq!(problems(&env(vec![a])), "(no problems)");
}

#[test]
fn literal_credentials_in_env_are_refused() {
    let mut a = app();
    a.containers[0].env = Env::new().set("DB_PASSWORD", "hunter2").set("LOG_LEVEL", "info");
    let out = problems(&env(vec![a]));
    assert!(out.contains("`DB_PASSWORD` looks like a credential but has a literal value"), "{out}");
    assert!(!out.contains("hunter2"), "the value must not be echoed");
    assert!(!out.contains("LOG_LEVEL"));
}

#[test]
fn relaxing_security_needs_a_reason() {
    let mut a = app();
    a.security =
        rustomize::Security { read_only_root_filesystem: false, ..rustomize::Security::default() };
    rejects(&env(vec![a.clone()]), &["relaxes the restricted security profile without saying why"]);
    a.security.exception = Some("writes its cache next to the binary".into());
    assert_eq!(problems(&env(vec![a.clone()])), "(no problems)");
    a.security.run_as_user = 0;
    rejects(&env(vec![a]), &["containers would run as root"]);
}

#[test]
fn node_ports_are_unique_across_the_environment() {
    let mut a = app();
    a.expose = Some(Expose::node_port(vec![ServicePort::new("http", 80).on_node(30080)]));
    let mut b = a.clone();
    b.name = "web2".into();
    rejects(&env(vec![a, b]), &["node port 30080 is used by both `web` and `web2`"]);
}

#[test]
fn a_budget_counts_replicas_and_autoscaling_maxima() {
    let mut a = app();
    a.containers[0].resources =
        rustomize::Resources::requests("250m", "256Mi").limits("500m", "512Mi");
    a.replicas = 2;
    let mut b = a.clone();
    b.name = "worker".into();
    b.expose = None;
    b.autoscale = Some(Autoscale {
        min_replicas: 1,
        max_replicas: 3,
        cpu_percent: Some(80),
        memory_percent: None,
        ..Autoscale::default()
    });
    let mut e = env(vec![a, b]);
    e.budget = Some(rustomize::Budget { cpu: "2".into(), memory: "2Gi".into() });
    // Limits: (2 + 3) pods × 500m = 2500m and 2560Mi; requests: 1250m and 1280Mi fit.
    rejects(
        &e,
        &[
            "cpu limits add up to 2500m, over the budget of `2`",
            "memory limits add up to 2560Mi, over the budget of `2Gi`",
        ],
    );
    assert!(!problems(&e).contains("requests add up"));
}

#[test]
fn config_env_files_join_the_data_and_bad_ones_are_located() {
    let mut a = app();
    a.config = rustomize::Config::new()
        .env_file("web.env", "# web settings\nMODE=on\nWORKERS=4\n")
        .set("LOG_LEVEL", "info");
    a.containers[0].env = Env::new().set("MODE", rustomize::EnvValue::Config("MODE".into()));
    let r = rustomize::render(&env(vec![a.clone()])).unwrap_or_else(|e| panic!("{e}"));
    let cm: &rustomize::k8s::api::core::v1::ConfigMap =
        r.get("web-config").unwrap_or_else(|| panic!("no ConfigMap"));
    let keys: Vec<&str> = cm.data.iter().flatten().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["LOG_LEVEL", "MODE", "WORKERS"]);
    a.config = rustomize::Config::new().env_file("web.env", "MODE=on\njunk\n").set("MODE", "off");
    rejects(&env(vec![a]), &["web.env:2: expected `KEY=VALUE`, found a line without `=`"]);
}

#[test]
fn counts_beyond_what_kubernetes_stores_are_reported_not_clamped() {
    let mut big = app();
    big.replicas = u32::MAX;
    let mut e = env(vec![big]);
    e.replicas = vec![rustomize::Replicas::new("web", 1 << 31)];
    let out = problems(&e);
    assert!(out.contains("replicas is 4294967295, more than Kubernetes can store"), "{out}");
    assert!(
        out.contains("the replica count 2147483648 is more than Kubernetes can store"),
        "{out}"
    );
    assert!(out.contains("= expected: at most 2147483647"), "{out}");
}

/// `App::host` is the bare app name; under a name prefix only `Environment::host` names
/// the Service that exists.
#[test]
fn a_bare_host_under_a_name_prefix_is_reported_with_the_fix() {
    let api = app();
    let mut web = app();
    web.name = "front".into();
    web.config = rustomize::Config::new().set("API_URL", format!("http://{}:80/v1", api.host()));
    let mut e = env(vec![api.clone(), web]);
    assert_eq!(problems(&e), "(no problems)", "without a prefix the bare name is the Service");
    e.name_prefix = "staging-".into();
    let out = problems(&e);
    assert!(
        out.contains(
            "error: the value names the Service `web`, which this environment renders as `staging-web`"
        ),
        "{out}"
    );
    assert!(out.contains("field `config.API_URL`"), "{out}");
    assert!(out.contains("help: build the value with `Environment::host(&app)`"), "{out}");
    let fixed = format!("http://{}:80/v1", e.host(&api));
    assert_eq!(fixed, "http://staging-web:80/v1");
    e.apps[1].config = rustomize::Config::new().set("API_URL", fixed);
    assert_eq!(problems(&e), "(no problems)");
    // Cross-namespace addresses are checked too, and built the same way.
    e.namespace = Some("shop".into());
    assert_eq!(e.host_in_cluster(&api), "staging-web.shop.svc.cluster.local");
    e.apps[1].config =
        rustomize::Config::new().set("API_URL", "http://web.shop.svc.cluster.local:80");
    assert!(problems(&e).contains("names the Service `web`"));
}

/// Images in code are held to the same OCI grammar as `set-image` and image files.
#[test]
fn image_references_in_code_follow_the_oci_grammar() {
    for (image, expected) in [
        (Image::tag("nginx", "1.27 beta"), "`1.27 beta` is not a tag"),
        (Image::digest("nginx", "sha256:abc"), "`sha256:abc` is not a digest"),
        (Image::tag("Acme/Web", "1.0"), "`Acme/Web` is not an image repository"),
    ] {
        let mut a = app();
        a.containers[0].image = image;
        let out = problems(&env(vec![a]));
        assert!(out.contains(expected), "{expected} in:\n{out}");
    }
}
