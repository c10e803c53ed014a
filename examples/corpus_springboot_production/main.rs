//! Kustomize's `springboot` example, typed: one base app, a `production` environment (prefix,
//! replicas, probes, a memory limit the JVM reads back through `resourceFieldRef`, a hashed
//! properties file) and a `staging` one. `compare.py` checks `production` against
//! `kubectl kustomize overlays/production` field by field.
//!
//! `cargo run --example corpus_springboot_production -- render springboot-production`

use rustomize::{
    App, Compute, Config, Container, Env, EnvValue, Environment, Expose, Image, Mount, Overlay,
    Port, Probe, Probes, Project, Resources, Security, Volume, VolumeSource, Waiver, labels,
};

/// The Spring Boot demo as the base declares it: its properties file mounted at `/config`.
fn sbdemo() -> App {
    App {
        labels: labels(&[("app", "sbdemo")]),
        selector: labels(&[("app", "sbdemo")]),
        containers: vec![Container {
            name: "sbdemo".into(),
            // The original runs the image's only tag; pinning it is left to its owners.
            image: Image { repository: "jingfang/sbdemo".into(), ..Image::default() },
            ports: vec![Port::http(8080)],
            mounts: vec![Mount::new("demo-config", "/config")],
            resources: jvm("512Mi"),
            ..Container::default()
        }],
        config: Config {
            name: Some("demo-configmap".into()),
            ..Config::hashed().set("application.properties", include_str!("base.properties"))
        },
        volumes: vec![Volume::new("demo-config", VolumeSource::config())],
        expose: Some(Expose::load_balancer(&[("http", 8080)])),
        // A real port would move it to a Secret; the comparison needs the original's file.
        waivers: vec![Waiver::literal_credential(
            "the upstream demo publishes its sample database password in application.properties",
        )],
        security: Security {
            // Embedded Tomcat creates its work directories under java.io.tmpdir.
            writable_paths: vec!["/tmp".into()],
            unpinned_images: true,
            exception: Some("the upstream demo image is published without a version tag".into()),
            ..Security::default()
        },
        ..App::new("sbdemo")
    }
}

/// Memory requested and limited alike, as the JVM sizes its heap from the limit.
fn jvm(memory: &str) -> Resources {
    Resources {
        requests: Compute { cpu: Some("250m".into()), ..Compute::memory(memory) },
        limits: Compute { cpu: Some("1".into()), ..Compute::memory(memory) },
    }
}

fn environment(name: &str, prefix: &str, app: App) -> Environment {
    Environment {
        name: name.into(),
        tree: name.into(),
        name_prefix: prefix.into(),
        apps: vec![app],
        waivers: vec![Waiver::namespace_agnostic()],
        ..Environment::default()
    }
}

/// Production: two replicas, health checks, and the JVM sized by its 1250Mi limit.
fn production() -> Environment {
    let app = sbdemo().with(Overlay {
        replicas: Some(2),
        config: Config::new().set("application.properties", include_str!("production.properties")),
        env: Env::new().set("MEM_TOTAL_MB", EnvValue::resource("limits.memory")),
        resources: Some(jvm("1250Mi")),
        probes: Some(Probes {
            liveness: Some(Probe::http("/actuator/health", "http").after(10).every(3)),
            readiness: Some(Probe::http("/actuator/info", "http").after(20).every(10)),
            ..Probes::default()
        }),
        ..Overlay::default()
    });
    environment("springboot-production", "production-", app)
}

/// Staging: the staging database's properties plus the `foo` literal.
fn staging() -> Environment {
    let mut app = sbdemo().with(Overlay {
        config: Config::new()
            .set("application.properties", include_str!("staging.properties"))
            .set("foo", "bar"),
        ..Overlay::default()
    });
    app.waivers.extend([
        Waiver::new("CKV_K8S_8", "the original's staging overlay declares no probes"),
        Waiver::new("CKV_K8S_9", "the original's staging overlay declares no probes"),
    ]);
    environment("springboot-staging", "staging-", app)
}

fn main() -> std::process::ExitCode {
    let project = Project::new(
        concat!(env!("CARGO_MANIFEST_DIR"), "/examples/generated/corpus_springboot_production"),
        vec![production(), staging()],
    )
    .command("cargo run --example corpus_springboot_production --");
    rustomize::cli::main(project)
}
