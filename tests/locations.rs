//! Every problem is reported at the line of the user's code that caused it, and one render
//! reports every problem at once, each once.

use rustomize::k8s::api::apps::v1::Deployment;
use rustomize::{
    App, Code, Component, Config, Container, Diagnostic, Env, EnvValue, Environment, Error, Expose,
    Image, ImageOverride, Ingress, Overlay, Patch, Port, Probe, Probes, Replicas, Select,
};

/// `tests/locations.rs:LINE`, as a diagnostic names this file.
fn here(line: u32) -> String {
    format!("tests/locations.rs:{line}")
}

fn web() -> App {
    App {
        containers: vec![Container {
            name: "web".into(),
            image: Image::tag("nginx", "1.27.3"),
            ports: vec![Port::http(8080)],
            ..Container::default()
        }],
        config: Config::new().set("MODE", "fast"),
        ..App::new("web")
    }
}

fn env(apps: Vec<App>) -> Environment {
    Environment {
        name: "dev".into(),
        tree: "overlays/dev".into(),
        namespace: Some("shop".into()),
        apps,
        ..Environment::default()
    }
}

fn problems(env: &Environment) -> Vec<Diagnostic> {
    match rustomize::render(env) {
        Err(Error::Invalid(problems)) => problems,
        Err(other) => panic!("expected validation problems, got {other}"),
        Ok(_) => panic!("expected validation problems, the render succeeded"),
    }
}

/// The one problem whose message contains `message`; fails when there are none or several.
fn one<'a>(problems: &'a [Diagnostic], message: &str) -> &'a Diagnostic {
    let found: Vec<&Diagnostic> = problems.iter().filter(|d| d.message.contains(message)).collect();
    assert_eq!(found.len(), 1, "one problem saying {message:?} expected in {problems:#?}");
    found[0]
}

#[test]
fn a_valid_stack_renders_so_the_mistakes_below_are_the_only_problems() {
    let mut env = env(vec![web()]);
    env.components = vec![Component { name: "extra".into(), ..Component::default() }];
    assert!(rustomize::render(&env).is_ok(), "{:?}", rustomize::render(&env).err());
}

#[test]
fn a_service_targeting_an_undeclared_port_is_one_error_at_the_expose_line() {
    let expose = Expose::cluster_ip(&[("htpp", 80)]);
    let line = line!() - 1;
    let ingress =
        Ingress { host: "shop.example.com".into(), port: "http".into(), ..Ingress::default() };
    let app = App { ingress: Some(ingress), expose: Some(expose), ..web() };
    let problems = problems(&env(vec![app]));
    assert_eq!(
        problems.len(),
        1,
        "the Ingress naming the real port is no second mistake: {problems:#?}"
    );
    assert!(one(&problems, "target port `htpp`").object.contains(&here(line)), "{problems:#?}");
}

#[test]
fn a_probe_on_an_undeclared_port_is_reported_at_the_probe_line() {
    let mut app = web();
    let line = line!() + 1;
    let probe = Probe::http("/healthz", "admin");
    app.containers[0].probes = Probes { readiness: Some(probe), ..Probes::default() };
    let problems = problems(&env(vec![app]));
    assert!(one(&problems, "probe port `admin`").object.contains(&here(line)), "{problems:#?}");
}

#[test]
fn each_mistake_is_located_at_its_own_line_and_one_render_reports_them_all() {
    let mut app = web();
    let port = line!() + 1;
    app.expose = Some(Expose::cluster_ip(&[("htpp", 80)]));
    let key = line!() + 1;
    app.containers[0].env = Env::new().set("MODE", EnvValue::Config("mdoe".into()));
    let mut env = env(vec![app]);
    let tuning = Overlay { replicas: Some(2), ..Overlay::default() };
    let overlay = line!() - 1;
    env.components = vec![Component {
        name: "tuning".into(),
        overlays: vec![("wbe".into(), tuning)],
        ..Component::default()
    }];
    let image = line!() + 1;
    env.images = vec![ImageOverride::tag("ngnix", "1.27.4")];
    let replicas = line!() + 1;
    env.replicas = vec![Replicas::new("wbe", 3)];
    let patch = line!() + 1;
    env.patches = vec![Patch::on(Select::name("wbe"), |d: &mut Deployment| {
        d.metadata.annotations = None;
    })];

    let problems = problems(&env);
    let cases = [
        ("target port `htpp` is not declared", port, Code::UnknownReference),
        ("config key `mdoe` is not in the app's config", key, Code::UnknownReference),
        ("app `wbe` is not in the environment", overlay, Code::UnknownReference),
        ("the image override for `ngnix` matches no container image", image, Code::UnmatchedEdit),
        ("the replica override for `wbe` matches no Deployment", replicas, Code::UnmatchedEdit),
        ("the patch on Deployment `wbe` matches no object", patch, Code::UnmatchedEdit),
    ];
    for (message, line, code) in cases {
        let d = one(&problems, message);
        assert!(d.object.contains(&here(line)), "{message:?} should point at line {line}: {d}");
        assert_eq!(d.code, code, "{d}");
    }
    assert_eq!(problems.len(), cases.len(), "one error per mistake: {problems:#?}");
}

#[test]
fn an_overlay_naming_a_missing_container_is_reported_at_the_overlay() {
    let line = line!() + 3;
    let app = web().with(Overlay {
        containers: vec![rustomize::ContainerOverlay::new("wbe")],
        ..Overlay::default()
    });
    let problems = problems(&env(vec![app]));
    let d = one(&problems, "names container `wbe`");
    assert!(d.object.contains(&here(line)), "{d}");
}

#[test]
fn a_value_of_a_plain_struct_literal_is_located_at_its_default_call() {
    let mut app = web();
    let line = line!() + 4;
    app.containers[0].mounts = vec![rustomize::Mount {
        volume: "cache".into(),
        path: "/cache".into(),
        ..rustomize::Mount::default()
    }];
    let problems = problems(&env(vec![app]));
    assert!(one(&problems, "volume `cache`").object.contains(&here(line)), "{problems:#?}");
}
