//! Kustomize's `wordpress` example, typed: WordPress and MySQL as two apps under the `demo-`
//! prefix, `Recreate` rollouts, an init container, the database host computed from the MySQL
//! app (Kustomize needed `vars` for it) and the password as a Secret key whose value never
//! enters git. `compare.py` checks the render (with `--secrets-from` an env file of the
//! original's values) against `kubectl kustomize` field by field.
//!
//! `cargo run --example corpus_wordpress -- render wordpress --secrets-from FILE`

use rustomize::{
    App, Container, Env, Environment, Expose, Image, Mount, Port, Project, Resources, Rollout,
    SecretSpec, Security, Strategy, Volume, VolumeSource, Waiver, labels,
};

/// The database password both apps read.
fn password() -> SecretSpec {
    SecretSpec {
        description: "The MySQL root password (the original generated it from a literal).".into(),
        // Declared Secrets keep their names: the original's generator produced this one.
        ..SecretSpec::new("demo-mysql-pass", &["password"])
    }
}

/// One of the two apps: its `app` label is its selector, and it is replaced all at once
/// because its storage allows one writer.
fn app(name: &str, container: Container, storage: &str) -> App {
    App {
        labels: labels(&[("app", name)]),
        selector: labels(&[("app", name)]),
        containers: vec![container],
        volumes: vec![Volume::new(storage, VolumeSource::EmptyDir)],
        rollout: Rollout { strategy: Some(Strategy::Recreate), ..Rollout::default() },
        waivers: vec![Waiver::no_probes()],
        ..App::new(name)
    }
}

fn mysql() -> App {
    let container = Container {
        name: "mysql".into(),
        image: Image::tag("mysql", "5.6"),
        ports: vec![Port::tcp("mysql", 3306)],
        env: Env::new().set("MYSQL_ROOT_PASSWORD", password().key("password")),
        mounts: vec![Mount::new("mysql-persistent-storage", "/var/lib/mysql")],
        resources: Resources::requests("250m", "512Mi").limits("1", "1Gi"),
        ..Container::default()
    };
    App {
        expose: Some(Expose::cluster_ip(&[("mysql", 3306)])),
        security: Security {
            // mysqld writes its socket and pid file here, and temporary tables in /tmp.
            writable_paths: vec!["/var/run/mysqld".into(), "/tmp".into()],
            ..Security::default()
        },
        ..app("mysql", container, "mysql-persistent-storage")
    }
}

fn wordpress(env: &Environment, mysql: &App) -> App {
    let init = Container {
        name: "init-command".into(),
        image: Image { repository: "debian".into(), ..Image::default() },
        command: vec!["/bin/sh".into()],
        // The original printed both Services' names through `vars`; here they are computed.
        args: vec![
            "-c".into(),
            format!("echo {}; echo {}", env.object_name("wordpress"), env.host(mysql)),
        ],
        resources: Resources::requests("10m", "16Mi").limits("100m", "64Mi"),
        ..Container::default()
    };
    let container = Container {
        name: "wordpress".into(),
        image: Image::tag("wordpress", "4.8-apache"),
        ports: vec![Port::tcp("wordpress", 80)],
        env: Env::new()
            .set("WORDPRESS_DB_HOST", env.host(mysql))
            .set("WORDPRESS_DB_PASSWORD", password().key("password")),
        mounts: vec![Mount::new("wordpress-persistent-storage", "/var/www/html")],
        resources: Resources::requests("250m", "256Mi").limits("1", "512Mi"),
        ..Container::default()
    };
    App {
        init_containers: vec![init],
        expose: Some(Expose::load_balancer(&[("wordpress", 80)])),
        security: Security {
            // Apache writes its pid file and lock here.
            writable_paths: vec!["/var/run/apache2".into(), "/var/lock/apache2".into()],
            // Apache listens on port 80.
            bind_low_ports: true,
            unpinned_images: true,
            exception: Some(
                "the original's init container runs the untagged `debian` image".into(),
            ),
            ..Security::default()
        },
        ..app("wordpress", container, "wordpress-persistent-storage")
    }
}

fn environment() -> Environment {
    let mut env = Environment {
        name: "wordpress".into(),
        tree: "wordpress".into(),
        name_prefix: "demo-".into(),
        secrets: vec![password()],
        waivers: vec![
            Waiver::images_by_tag(),
            Waiver::secrets_in_env(),
            Waiver::namespace_agnostic(),
        ],
        ..Environment::default()
    };
    let mysql = mysql();
    env.apps = vec![wordpress(&env, &mysql), mysql];
    env
}

fn main() -> std::process::ExitCode {
    let project = Project::new(
        concat!(env!("CARGO_MANIFEST_DIR"), "/examples/generated/corpus_wordpress"),
        vec![environment()],
    )
    .command("cargo run --example corpus_wordpress --");
    rustomize::cli::main(project)
}
