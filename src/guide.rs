//! A guide, from one service to a stack with three environments. Every example here is
//! compiled and run by `cargo test`.
//!
//! # 1. One service
//!
//! An [`App`](crate::App) is one workload and everything that belongs to it. Start each with
//! [`App::new`](crate::App::new) (the one way to start an app: it records the line, so a
//! problem is reported where you wrote it) and fill in what differs from the defaults.
//!
//! ```
//! use rustomize::{App, Container, Environment, Expose, Image, Port, Probe, Probes};
//!
//! fn api() -> App {
//!     App {
//!         containers: vec![Container {
//!             name: "api".into(),
//!             image: Image::tag("ghcr.io/acme/api", "1.4.2"),
//!             ports: vec![Port::http(8080)],
//!             probes: Probes { readiness: Some(Probe::http("/ready", "http")), ..Probes::default() },
//!             ..Container::default()
//!         }],
//!         // A Service whose port 80 targets the container port named `http`.
//!         expose: Some(Expose::cluster_ip(&[("http", 80)])),
//!         ..App::new("api")
//!     }
//! }
//!
//! let dev = Environment {
//!     name: "dev".into(),
//!     tree: "overlays/dev".into(),
//!     namespace: Some("shop-dev".into()),
//!     apps: vec![api()],
//!     ..Environment::default()
//! };
//! let rendered = rustomize::render(&dev)?;
//! let kinds: Vec<&str> = rendered.objects.iter().map(|o| o.kind()).collect();
//! assert_eq!(kinds, ["Namespace", "Service", "Deployment", "NetworkPolicy"]);
//! # Ok::<(), rustomize::Error>(())
//! ```
//!
//! The Deployment runs as a non-root user with a read-only root filesystem, and the
//! NetworkPolicy admits only what [`Traffic`](crate::Traffic) says: the *restricted* profile
//! is the default, and loosening it takes a reason ([`Security`](crate::Security)).
//!
//! # 2. A second app, and references between them
//!
//! References are values, not strings: a shared ConfigMap or Secret is declared once and its
//! keys are taken from the declaration, so a misspelt name does not compile; a misspelt key or
//! port is reported at the line that wrote it.
//!
//! ```
//! use rustomize::{App, Config, Container, Env, Environment, Image, Port, SecretSpec, SharedConfig};
//!
//! let settings = SharedConfig::new("settings", Config::new().set("LOG_LEVEL", "info"));
//! let db = SecretSpec::new("db", &["url"]);
//! let worker = App {
//!     containers: vec![Container {
//!         name: "worker".into(),
//!         image: Image::tag("ghcr.io/acme/worker", "1.4.2"),
//!         env: Env::new()
//!             .set("LOG_LEVEL", settings.key("LOG_LEVEL"))
//!             .set("DATABASE_URL", db.key("url")),
//!         ..Container::default()
//!     }],
//!     ..App::new("worker")
//! };
//! let env = Environment {
//!     name: "dev".into(),
//!     tree: "overlays/dev".into(),
//!     namespace: Some("shop-dev".into()),
//!     apps: vec![worker],
//!     configs: vec![settings],
//!     secrets: vec![db],
//!     ..Environment::default()
//! };
//! assert!(rustomize::validate(&env).is_empty());
//! ```
//!
//! # 3. Three environments
//!
//! Environments share the apps and change them with typed overlays ([`App::with`](crate::App::with)), and with
//! environment-wide settings: namespace, labels, name prefix, image and replica overrides.
//!
//! ```
//! use rustomize::{App, Container, Environment, Image, ImageOverride, Overlay, Port, labels};
//!
//! fn api() -> App {
//!     App {
//!         containers: vec![Container {
//!             name: "api".into(),
//!             image: Image::tag("ghcr.io/acme/api", "1.4.2"),
//!             ports: vec![Port::http(8080)],
//!             ..Container::default()
//!         }],
//!         ..App::new("api")
//!     }
//! }
//!
//! fn environment(name: &str, apps: Vec<App>) -> Environment {
//!     Environment {
//!         name: name.into(),
//!         tree: format!("overlays/{name}"),
//!         namespace: Some(format!("shop-{name}")),
//!         labels: labels(&[("environment", name)]),
//!         apps,
//!         ..Environment::default()
//!     }
//! }
//!
//! let dev = environment("dev", vec![api()]);
//! let staging = Environment {
//!     images: vec![ImageOverride::tag("ghcr.io/acme/api", "1.5.0-rc.1")],
//!     ..environment("staging", vec![api()])
//! };
//! let prod = Environment {
//!     kubernetes: Some("1.30".into()),
//!     ..environment("prod", vec![api().with(Overlay { replicas: Some(3), ..Overlay::default() })])
//! };
//! let project = rustomize::Project::new("generated", vec![dev, staging, prod]);
//! let files = rustomize::render_all(&project)?;
//! assert!(files["overlays/prod/18-deployment-api.yaml"].contains("replicas: 3"));
//! # Ok::<(), rustomize::Error>(())
//! ```
//!
//! A project's binary hands the project to the command line, which renders, writes and
//! checks the trees (`cargo run -- render prod`, `generate`, `check`, `diff dev prod`,
//! `explain prod Deployment/api spec.replicas`):
//!
//! ```no_run
//! fn project() -> rustomize::Project {
//!     rustomize::Project::new("generated", vec![])
//! }
//!
//! fn main() -> std::process::ExitCode {
//!     rustomize::cli::run(project)
//! }
//! ```
//!
//! # 4. When something is wrong
//!
//! One render reports every problem at once, each at the line of code that caused it, with
//! a [`Code`](crate::Code) tools can match on; nothing is written.
//!
//! ```
//! use rustomize::{App, Code, Container, Environment, Error, Expose, Image, Port, Replicas};
//!
//! let app = App {
//!     containers: vec![Container {
//!         name: "web".into(),
//!         image: Image::tag("nginx", "1.27.3"),
//!         ports: vec![Port::http(8080)],
//!         ..Container::default()
//!     }],
//!     expose: Some(Expose::cluster_ip(&[("htpp", 80)])), // the port is called `http`
//!     ..App::new("web")
//! };
//! let env = Environment {
//!     name: "dev".into(),
//!     tree: "overlays/dev".into(),
//!     apps: vec![app],
//!     replicas: vec![Replicas::new("wbe", 2)], // no app is called `wbe`
//!     ..Environment::default()
//! };
//! let Err(Error::Invalid(problems)) = rustomize::render(&env) else { panic!("invalid") };
//! let codes: Vec<Code> = problems.iter().map(|p| p.code).collect();
//! assert_eq!(codes, [Code::UnknownReference, Code::UnmatchedEdit]);
//! // Located at the `Expose::cluster_ip` line: `app `web` (src/stack.rs:9)` in a project.
//! assert!(problems[0].object.starts_with("app `web` ("), "{}", problems[0]);
//! ```
//!
//! A value written as a struct literal field is located at the nearest constructor call (or
//! its `..X::default()`); builders such as [`Probe::http`](crate::Probe::http) and
//! [`Expose::cluster_ip`](crate::Expose::cluster_ip) locate the value itself.
