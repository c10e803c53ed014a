//! Kustomize's `helloWorld` example, typed: names chosen per object, a kept selector, a
//! LoadBalancer Service and config keys read as environment variables. `compare.py` checks the
//! render against `kubectl kustomize` of the original field by field.
//!
//! `cargo run --example corpus_helloworld -- render helloworld`

use rustomize::{
    App, Config, Container, Env, EnvValue, Environment, Expose, Image, Port, Project, Resources,
    Security, Waiver, labels,
};

/// The one app: a Deployment called `the-deployment`, its Service `the-service` and its
/// ConfigMap `the-map`, selected by the original's two labels.
fn hello() -> App {
    App {
        labels: labels(&[("app", "hello")]),
        selector: labels(&[("app", "hello"), ("deployment", "hello")]),
        replicas: 3,
        containers: vec![Container {
            name: "the-container".into(),
            image: Image::tag("monopole/hello", "1"),
            command: vec![
                "/hello".into(),
                "--port=8080".into(),
                "--enableRiskyFeature=$(ENABLE_RISKY)".into(),
            ],
            ports: vec![Port::http(8080)],
            env: Env::new()
                .set("ALT_GREETING", EnvValue::Config("altGreeting".into()))
                .set("ENABLE_RISKY", EnvValue::Config("enableRisky".into())),
            resources: Resources::requests("50m", "32Mi").limits("200m", "64Mi"),
            ..Container::default()
        }],
        config: Config {
            name: Some("the-map".into()),
            ..Config::new().set("altGreeting", "Good Morning!").set("enableRisky", "false")
        },
        expose: Some(Expose {
            name: Some("the-service".into()),
            ..Expose::load_balancer(&[("http", 8666)])
        }),
        security: Security::default(),
        waivers: vec![Waiver::no_probes()],
        ..App::new("the-deployment")
    }
}

/// The stack as the original builds it: no namespace, no prefix.
fn helloworld() -> Environment {
    Environment {
        name: "helloworld".into(),
        tree: "helloworld".into(),
        apps: vec![hello()],
        waivers: vec![Waiver::images_by_tag(), Waiver::namespace_agnostic()],
        ..Environment::default()
    }
}

fn main() -> std::process::ExitCode {
    let project = Project::new(
        concat!(env!("CARGO_MANIFEST_DIR"), "/examples/generated/corpus_helloworld"),
        vec![helloworld()],
    )
    .command("cargo run --example corpus_helloworld --");
    rustomize::cli::main(project)
}
