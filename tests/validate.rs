//! Validation: every problem at once, each naming target, object and field.

use rustomize::{
    App, Autoscale, Container, Env, Environment, Expose, Image, Ingress, Mount, Port, Probe,
    Probes, SecretSpec, Workload, labels,
};

fn app() -> App {
    App {
        name: "web".into(),
        replicas: 1,
        containers: vec![Container {
            name: "web".into(),
            image: Image::tag("nginx", "1.27"),
            ports: vec![Port::http(8080)],
            ..Container::default()
        }],
        expose: Some(Expose::cluster_ip(&[("http", 80)])),
        ..App::default()
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
    let mut e = env(vec![a]);
    e.secrets = vec![spec];
    let out = problems(&e);
    assert!(out.contains("key `TOKN` is not declared by Secret `api-token`"), "{out}");
    assert!(out.contains("help: did you mean `TOKEN`?"), "{out}");
    assert!(
        out.contains("--> target `test`, app `web`, field `containers[web].env.TOKEN`"),
        "{out}"
    );
}

#[test]
fn node_ports_outside_the_range_are_refused() {
    let mut a = app();
    a.expose = Some(Expose::node_port(&[("http", 80, 8080)]));
    let out = problems(&env(vec![a]));
    assert!(out.contains("node port 8080 is outside the node port range"), "{out}");
    assert!(out.contains("expected: 30000 to 32767"), "{out}");
}

#[test]
fn duplicate_apps_are_refused() {
    let out = problems(&env(vec![app(), app()]));
    assert!(out.contains("app `web` is declared twice"), "{out}");
}
