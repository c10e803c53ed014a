//! Google's Online Boutique (`microservices-demo`), typed, as its
//! `tests/memorystore-with-all-components` build composes it: eleven services on gRPC and
//! HTTP, and four components that overlay and remove apps (`cymbal-branding`,
//! `google-cloud-operations`, `network-policies`, `memorystore`). `compare.py` checks the
//! render against `kubectl kustomize` of the original field by field.
//!
//! `cargo run --example corpus_online_boutique -- render online-boutique`

use rustomize::{
    App, Component, Compute, Config, Container, Egress, Env, Environment, Expose, FileSource,
    Files, Image, Mount, Overlay, Peer, PodSettings, Policy, Port, Probe, Probes, Project,
    Protocol, Resources, Security, ServiceAccount, Traffic, Volume, VolumeSource, Waiver, labels,
};

const REGISTRY: &str = "us-central1-docker.pkg.dev/online-boutique-ci/microservices-demo";
const VERSION: &str = "v0.10.6";
const BUSYBOX: &str = "sha256:fd8d9aa63ba2f0982b5304e1ee8d3b90a210bc1ffb5314d980eb6962f1a9715d";

/// Every service runs as its image's user 1000 under the restricted profile.
fn security() -> Security {
    Security::image_user(1000, "the Online Boutique images run as their built-in user 1000")
}

/// Requests and limits as `(cpu, memory)` pairs.
fn resources(requests: (&str, &str), limits: (&str, &str)) -> Resources {
    Resources::requests(requests.0, requests.1).limits(limits.0, limits.1)
}

fn image(name: &str) -> Image {
    Image::tag(&format!("{REGISTRY}/{name}"), VERSION)
}

/// The shape every backend shares: a `server` container on one port (named `grpc`, or
/// `http` for the frontend), a Service, its own ServiceAccount, `app: <name>` as selector.
fn service(
    name: &str,
    port: Port,
    service_port: u16,
    env: Env,
    probes: Probes,
    resources: Resources,
) -> App {
    let target = port.name.clone();
    App {
        labels: labels(&[("app", name)]),
        selector: labels(&[("app", name)]),
        containers: vec![Container {
            name: "server".into(),
            image: image(name),
            ports: vec![port],
            env,
            probes,
            resources,
            ..Container::default()
        }],
        expose: Some(Expose::cluster_ip(&[(&target, service_port)])),
        service_account: ServiceAccount::Own,
        pod: PodSettings { termination_grace_period_seconds: Some(5), ..PodSettings::default() },
        security: security(),
        ..App::new(name)
    }
}

/// A gRPC health check on the `grpc` port, first after `delay` seconds, every `period`.
fn grpc(delay: Option<i32>, period: Option<i32>) -> Probe {
    Probe { initial_delay_seconds: delay, period_seconds: period, ..Probe::grpc("grpc") }
}

fn both(probe: Probe) -> Probes {
    Probes { liveness: Some(probe.clone()), readiness: Some(probe), ..Probes::default() }
}

fn small() -> Resources {
    resources(("100m", "64Mi"), ("200m", "128Mi"))
}

fn adservice() -> App {
    let probes = both(grpc(Some(20), Some(15)));
    service(
        "adservice",
        Port::tcp("grpc", 9555),
        9555,
        Env::new().set("PORT", "9555"),
        probes,
        resources(("200m", "180Mi"), ("300m", "300Mi")),
    )
}

fn cartservice() -> App {
    let probes = Probes {
        liveness: Some(grpc(Some(15), Some(10))),
        readiness: Some(grpc(Some(15), None)),
        ..Probes::default()
    };
    let env = Env::new().set("REDIS_ADDR", format!("{}:6379", redis_cart().host()));
    service(
        "cartservice",
        Port::tcp("grpc", 7070),
        7070,
        env,
        probes,
        resources(("200m", "64Mi"), ("300m", "128Mi")),
    )
}

fn checkoutservice() -> App {
    let addr = |app: App, port: u16| format!("{}:{port}", app.host());
    let env = Env::new()
        .set("PORT", "5050")
        .set("PRODUCT_CATALOG_SERVICE_ADDR", addr(productcatalogservice(), 3550))
        .set("SHIPPING_SERVICE_ADDR", addr(shippingservice(), 50051))
        .set("PAYMENT_SERVICE_ADDR", addr(paymentservice(), 50051))
        .set("EMAIL_SERVICE_ADDR", addr(emailservice(), 5000))
        .set("CURRENCY_SERVICE_ADDR", addr(currencyservice(), 7000))
        .set("CART_SERVICE_ADDR", addr(cartservice(), 7070));
    App {
        pod: PodSettings::default(),
        ..service(
            "checkoutservice",
            Port::tcp("grpc", 5050),
            5050,
            env,
            both(grpc(None, None)),
            small(),
        )
    }
}

fn currencyservice() -> App {
    let env = Env::new().set("PORT", "7000").set("DISABLE_PROFILER", "1");
    service("currencyservice", Port::tcp("grpc", 7000), 7000, env, both(grpc(None, None)), small())
}

fn emailservice() -> App {
    let env = Env::new().set("PORT", "8080").set("DISABLE_PROFILER", "1");
    service("emailservice", Port::tcp("grpc", 8080), 5000, env, both(grpc(None, Some(5))), small())
}

fn paymentservice() -> App {
    let env = Env::new().set("PORT", "50051").set("DISABLE_PROFILER", "1");
    service("paymentservice", Port::tcp("grpc", 50051), 50051, env, both(grpc(None, None)), small())
}

fn productcatalogservice() -> App {
    let env = Env::new().set("PORT", "3550").set("DISABLE_PROFILER", "1");
    service(
        "productcatalogservice",
        Port::tcp("grpc", 3550),
        3550,
        env,
        both(grpc(None, None)),
        small(),
    )
}

fn recommendationservice() -> App {
    let env = Env::new()
        .set("PORT", "8080")
        .set("PRODUCT_CATALOG_SERVICE_ADDR", format!("{}:3550", productcatalogservice().host()))
        .set("DISABLE_PROFILER", "1");
    service(
        "recommendationservice",
        Port::tcp("grpc", 8080),
        8080,
        env,
        both(grpc(None, Some(5))),
        resources(("100m", "220Mi"), ("200m", "450Mi")),
    )
}

fn shippingservice() -> App {
    let env = Env::new().set("PORT", "50051").set("DISABLE_PROFILER", "1");
    let probes = Probes {
        liveness: Some(grpc(None, None)),
        readiness: Some(grpc(None, Some(5))),
        ..Probes::default()
    };
    App {
        pod: PodSettings::default(),
        ..service("shippingservice", Port::tcp("grpc", 50051), 50051, env, probes, small())
    }
}

/// The web frontend: an HTTP check that carries a session cookie, an internal Service and a
/// public LoadBalancer over the same pods.
fn frontend() -> App {
    let health = |kind: &str| {
        Probe::http("/_healthz", "http")
            .header("Cookie", &format!("shop_session-id=x-{kind}-probe"))
            .after(10)
    };
    let addr = |app: App, port: u16| format!("{}:{port}", app.host());
    let env = Env::new()
        .set("PORT", "8080")
        .set("PRODUCT_CATALOG_SERVICE_ADDR", addr(productcatalogservice(), 3550))
        .set("CURRENCY_SERVICE_ADDR", addr(currencyservice(), 7000))
        .set("CART_SERVICE_ADDR", addr(cartservice(), 7070))
        .set("RECOMMENDATION_SERVICE_ADDR", addr(recommendationservice(), 8080))
        .set("SHIPPING_SERVICE_ADDR", addr(shippingservice(), 50051))
        .set("CHECKOUT_SERVICE_ADDR", addr(checkoutservice(), 5050))
        .set("AD_SERVICE_ADDR", addr(adservice(), 9555))
        // Part of the shopping-assistant component, which this build leaves out.
        .set("SHOPPING_ASSISTANT_SERVICE_ADDR", "shoppingassistantservice:80")
        .set("ENABLE_PROFILER", "0");
    let probes = Probes {
        liveness: Some(health("liveness")),
        readiness: Some(health("readiness")),
        ..Probes::default()
    };
    App {
        pod_annotations: labels(&[("sidecar.istio.io/rewriteAppHTTPProbers", "true")]),
        services: vec![Expose::load_balancer(&[("http", 80)]).named("frontend-external")],
        pod: PodSettings::default(),
        ..service("frontend", Port::http(8080), 80, env, probes, small())
    }
}

/// The load generator: waits for the frontend, then drives traffic; no Service.
fn loadgenerator() -> App {
    let frontend_addr = format!("{}:80", frontend().host());
    let wait = Container {
        name: "frontend-check".into(),
        image: Image {
            repository: "busybox".into(),
            reference: rustomize::ImageRef::TagAndDigest("1.38.0".into(), BUSYBOX.into()),
        },
        command: vec![
            "/bin/sh".into(),
            "-exc".into(),
            include_str!("loadgenerator-init.sh").into(),
        ],
        env: Env::new().set("FRONTEND_ADDR", frontend_addr.as_str()),
        resources: resources(("10m", "16Mi"), ("50m", "32Mi")),
        ..Container::default()
    };
    let main = Container {
        name: "main".into(),
        image: image("loadgenerator"),
        env: Env::new()
            .set("FRONTEND_ADDR", frontend_addr.as_str())
            .set("USERS", "10")
            .set("RATE", "1"),
        resources: resources(("300m", "256Mi"), ("500m", "512Mi")),
        ..Container::default()
    };
    App {
        labels: labels(&[("app", "loadgenerator")]),
        selector: labels(&[("app", "loadgenerator")]),
        init_containers: vec![wait],
        containers: vec![main],
        pod_annotations: labels(&[("sidecar.istio.io/rewriteAppHTTPProbers", "true")]),
        service_account: ServiceAccount::Own,
        waivers: vec![
            Waiver::new("CKV_K8S_8", "a load generator serves nothing to probe"),
            Waiver::new("CKV_K8S_9", "a load generator serves nothing to probe"),
        ],
        pod: PodSettings { termination_grace_period_seconds: Some(5), ..PodSettings::default() },
        security: security(),
        ..App::new("loadgenerator")
    }
}

/// The in-cluster Redis the memorystore component replaces.
fn redis_cart() -> App {
    let probes = both(Probe::tcp("redis").every(5));
    App {
        labels: labels(&[("app", "redis-cart")]),
        selector: labels(&[("app", "redis-cart")]),
        containers: vec![Container {
            name: "redis".into(),
            image: Image::tag("redis", "alpine"),
            ports: vec![Port::tcp("redis", 6379)],
            probes,
            mounts: vec![Mount::new("redis-data", "/data")],
            resources: resources(("70m", "200Mi"), ("125m", "256Mi")),
            ..Container::default()
        }],
        volumes: vec![Volume::new("redis-data", VolumeSource::EmptyDir)],
        expose: Some(Expose {
            ports: vec![rustomize::ServicePort {
                name: Some("tcp-redis".into()),
                ..rustomize::ServicePort::new("redis", 6379)
            }],
            ..Expose::default()
        }),
        security: security(),
        ..App::new("redis-cart")
    }
}

/// `cymbal-branding`: the frontend shows the Cymbal Shops brand.
fn cymbal_branding() -> Component {
    Component {
        name: "cymbal-branding".into(),
        overlays: vec![(
            "frontend".into(),
            Overlay { env: Env::new().set("CYMBAL_BRANDING", "true"), ..Overlay::default() },
        )],
        ..Component::default()
    }
}

/// `google-cloud-operations`: an OpenTelemetry collector, and tracing (and the profiler
/// where it runs) turned on in the services that report to it.
fn google_cloud_operations() -> Component {
    let collector = opentelemetry_collector();
    let tracing = |name: &str| {
        Env::new()
            .set("COLLECTOR_SERVICE_ADDR", format!("{}:4317", collector.host()))
            .set("OTEL_SERVICE_NAME", name)
            .set("ENABLE_TRACING", "1")
    };
    let overlay = |name: &str, env: Env, remove: &[&str]| {
        (
            name.to_owned(),
            Overlay {
                env,
                env_remove: remove.iter().map(|s| (*s).to_owned()).collect(),
                ..Overlay::default()
            },
        )
    };
    Component {
        name: "google-cloud-operations".into(),
        overlays: vec![
            overlay("checkoutservice", tracing("checkoutservice").set("ENABLE_PROFILER", "1"), &[]),
            overlay("currencyservice", tracing("currencyservice"), &["DISABLE_PROFILER"]),
            overlay("emailservice", tracing("emailservice"), &["DISABLE_PROFILER"]),
            overlay("frontend", tracing("frontend").set("ENABLE_PROFILER", "1"), &[]),
            overlay("paymentservice", tracing("paymentservice"), &["DISABLE_PROFILER"]),
            overlay(
                "productcatalogservice",
                tracing("productcatalogservice").set("DISABLE_PROFILER", "1"),
                &[],
            ),
            overlay(
                "recommendationservice",
                tracing("recommendationservice"),
                &["DISABLE_PROFILER"],
            ),
            overlay("shippingservice", Env::new(), &["DISABLE_PROFILER"]),
        ],
        apps: vec![collector],
        ..Component::default()
    }
}

/// The collector: an init container fills the project id into its config template, written
/// to a scratch volume the collector reads.
fn opentelemetry_collector() -> App {
    let template = "collector-gateway-config-template";
    let init = Container {
        name: "otel-gateway-init".into(),
        image: Image {
            repository: "busybox".into(),
            reference: rustomize::ImageRef::TagAndDigest("1.38.0".into(), BUSYBOX.into()),
        },
        command: vec![
            "/bin/sh".into(),
            "-c".into(),
            include_str!("opentelemetrycollector-init.sh").into(),
        ],
        mounts: vec![
            Mount::new(template, "/template"),
            Mount::new("collector-gateway-config", "/conf"),
        ],
        resources: resources(("10m", "16Mi"), ("50m", "32Mi")),
        ..Container::default()
    };
    let gateway = Container {
        name: "otel-gateway".into(),
        image: Image {
            repository: "otel/opentelemetry-collector-contrib".into(),
            reference: rustomize::ImageRef::TagAndDigest(
                "0.157.0".into(),
                "sha256:f2f01157055a9b2aab9df7118e1f1c9abf345e99b23bc7a2bc791db374a7d0f6".into(),
            ),
        },
        args: vec!["--config=/conf/collector-gateway-config.yaml".into()],
        ports: vec![Port::tcp("grpc-otlp", 4317)],
        mounts: vec![Mount::new("collector-gateway-config", "/conf")],
        resources: Resources {
            requests: Compute::new("100m", "128Mi"),
            limits: Compute::new("500m", "512Mi"),
        },
        ..Container::default()
    };
    let file = format!("{template}.yaml");
    App {
        selector: labels(&[("app", "opentelemetrycollector")]),
        init_containers: vec![init],
        containers: vec![gateway],
        config: Config {
            name: Some(template.into()),
            ..Config::new().set(&file, include_str!("collector-gateway-config-template.yaml"))
        },
        volumes: vec![
            Volume::new(
                template,
                VolumeSource::Files(Files {
                    items: vec![(file.clone(), file)],
                    ..Files::new(FileSource::Config)
                }),
            ),
            Volume::new("collector-gateway-config", VolumeSource::EmptyDir),
        ],
        expose: Some(Expose::cluster_ip(&[("grpc-otlp", 4317)])),
        security: security(),
        waivers: vec![
            Waiver::new("CKV_K8S_8", "the original collector declares no probes"),
            Waiver::new("CKV_K8S_9", "the original collector declares no probes"),
        ],
        ..App::new("opentelemetrycollector")
    }
}

/// `network-policies`: deny everything, then admit each service's callers on its port;
/// every service may call out.
fn network_policies() -> Component {
    let from = |apps: Vec<App>| Traffic {
        from: apps.iter().map(Peer::app).collect(),
        egress: Egress::AllowAll,
        ..Traffic::default()
    };
    let traffic = |name: &str, traffic: Traffic| {
        (name.to_owned(), Overlay { traffic: Some(traffic), ..Overlay::default() })
    };
    Component {
        name: "network-policies".into(),
        overlays: vec![
            traffic("adservice", from(vec![frontend()])),
            traffic("cartservice", from(vec![frontend(), checkoutservice()])),
            traffic("checkoutservice", from(vec![frontend()])),
            traffic("currencyservice", from(vec![frontend(), checkoutservice()])),
            traffic("emailservice", from(vec![checkoutservice()])),
            traffic(
                "frontend",
                Traffic { all_ports: true, egress: Egress::AllowAll, ..Traffic::default() },
            ),
            traffic(
                "loadgenerator",
                Traffic {
                    ingress_unrestricted: true,
                    egress: Egress::AllowAll,
                    ..Traffic::default()
                },
            ),
            traffic("paymentservice", from(vec![checkoutservice()])),
            traffic(
                "productcatalogservice",
                from(vec![frontend(), checkoutservice(), recommendationservice()]),
            ),
            traffic("recommendationservice", from(vec![frontend()])),
            traffic("shippingservice", from(vec![frontend(), checkoutservice()])),
        ],
        policies: vec![
            Policy::deny_all("deny-all"),
            // Kept even where the memorystore component removes Redis, as the original does.
            Policy {
                from: vec![Peer::app(&cartservice())],
                ports: vec![(6379, Protocol::Tcp)],
                egress: Egress::AllowAll,
                ..Policy::new("redis-cart", redis_cart().pod_selector())
            },
        ],
        ..Component::default()
    }
}

/// `memorystore`: the cart uses a managed Redis instead of the in-cluster one.
fn memorystore() -> Component {
    Component {
        name: "memorystore".into(),
        overlays: vec![(
            "cartservice".into(),
            Overlay {
                env: Env::new().set("REDIS_ADDR", "REDIS_CONNECTION_STRING"),
                ..Overlay::default()
            },
        )],
        remove: vec!["redis-cart".into()],
        ..Component::default()
    }
}

fn environment() -> Environment {
    Environment {
        name: "online-boutique".into(),
        tree: "online-boutique".into(),
        apps: vec![
            adservice(),
            cartservice(),
            redis_cart(),
            checkoutservice(),
            currencyservice(),
            emailservice(),
            frontend(),
            loadgenerator(),
            paymentservice(),
            productcatalogservice(),
            recommendationservice(),
            shippingservice(),
        ],
        components: vec![
            cymbal_branding(),
            google_cloud_operations(),
            network_policies(),
            memorystore(),
        ],
        waivers: vec![Waiver::images_by_tag(), Waiver::namespace_agnostic()],
        ..Environment::default()
    }
}

fn main() -> std::process::ExitCode {
    let project = Project::new(
        concat!(env!("CARGO_MANIFEST_DIR"), "/examples/generated/corpus_online_boutique"),
        vec![environment()],
    )
    .command("cargo run --example corpus_online_boutique --");
    rustomize::cli::main(project)
}
