//! A shop whose metrics Prometheus scrapes (a ServiceMonitor), whose certificate cert-manager
//! issues (a Certificate) and whose traffic a Gateway routes (an HTTPRoute). Every reference
//! between them is taken from the app, never written twice.

use rustomize::k8s::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use rustomize::{
    App, Container, Environment, Expose, Image, Port, Probe, Probes, Project, RawYaml, Resources,
    Waiver,
};

use crate::certificate::{Certificate, CertificateSpec, CertificateSpecIssuerRef};
use crate::httproute::{
    HTTPRoute, HTTPRouteSpec, HTTPRouteSpecParentRefs, HTTPRouteSpecRules,
    HTTPRouteSpecRulesBackendRefs,
};
use crate::servicemonitor::{
    ServiceMonitor, ServiceMonitorSpec, ServiceMonitorSpecEndpoints, ServiceMonitorSpecSelector,
};

/// The shop's public host name.
const HOST: &str = "shop.example.com";

/// The shop: HTTP on 8080, Prometheus metrics on 9090.
fn shop() -> App {
    App {
        containers: vec![Container {
            name: "shop".into(),
            image: Image::tag("ghcr.io/acme/shop", "2.3.1"),
            ports: vec![Port::http(8080), Port::tcp("metrics", 9090)],
            probes: Probes {
                liveness: Some(Probe::http("/live", "http").every(10)),
                readiness: Some(Probe::http("/ready", "http")),
                ..Probes::default()
            },
            resources: Resources::requests("100m", "128Mi").limits("500m", "256Mi"),
            ..Container::default()
        }],
        expose: Some(Expose::cluster_ip(&[("http", 80), ("metrics", 9090)])),
        waivers: vec![Waiver::images_by_tag()],
        ..App::new("shop")
    }
}

/// Metadata naming an object `name`.
fn named(name: &str) -> ObjectMeta {
    ObjectMeta { name: Some(name.into()), ..ObjectMeta::default() }
}

/// The name of `app`'s Service port that forwards to the container port `target`.
fn service_port(app: &App, target: &str) -> String {
    let port = app.expose.as_ref().and_then(|e| e.port(target));
    port.map(|p| p.name.clone().unwrap_or_else(|| p.target.clone()))
        .unwrap_or_else(|| target.into())
}

/// Prometheus scrapes `app`'s Service on its metrics port, selected by the app's labels.
fn monitor(app: &App) -> ServiceMonitor {
    ServiceMonitor {
        metadata: named(&app.name),
        spec: ServiceMonitorSpec {
            selector: ServiceMonitorSpecSelector {
                match_labels: Some(app.pod_selector()),
                ..ServiceMonitorSpecSelector::default()
            },
            endpoints: vec![ServiceMonitorSpecEndpoints {
                port: Some(service_port(app, "metrics")),
                interval: Some("30s".into()),
                ..ServiceMonitorSpecEndpoints::default()
            }],
            ..ServiceMonitorSpec::default()
        },
        ..ServiceMonitor::default()
    }
}

/// The certificate cert-manager issues for `HOST`, into the Secret `secret` (which cert-manager
/// creates: it is never rendered here).
fn certificate(secret: &str) -> Certificate {
    Certificate {
        metadata: named(secret),
        spec: Some(CertificateSpec {
            secret_name: secret.into(),
            dns_names: Some(vec![HOST.into()]),
            issuer_ref: CertificateSpecIssuerRef {
                name: "letsencrypt".into(),
                kind: Some("ClusterIssuer".into()),
                group: Some("cert-manager.io".into()),
            },
            ..CertificateSpec::default()
        }),
        ..Certificate::default()
    }
}

/// The public Gateway routes `HOST` to `app`'s Service (as `env` names it) on port 80.
fn route(env: &Environment, app: &App) -> HTTPRoute {
    HTTPRoute {
        metadata: named(&app.name),
        spec: HTTPRouteSpec {
            hostnames: Some(vec![HOST.into()]),
            parent_refs: Some(vec![HTTPRouteSpecParentRefs {
                name: "public".into(),
                namespace: Some("gateways".into()),
                ..HTTPRouteSpecParentRefs::default()
            }]),
            rules: Some(vec![HTTPRouteSpecRules {
                backend_refs: Some(vec![HTTPRouteSpecRulesBackendRefs {
                    name: env.host(app),
                    port: app
                        .expose
                        .as_ref()
                        .and_then(|e| e.port("http"))
                        .map(|p| i32::from(p.port)),
                    ..HTTPRouteSpecRulesBackendRefs::default()
                }]),
                ..HTTPRouteSpecRules::default()
            }]),
        },
        ..HTTPRoute::default()
    }
}

/// The CRDs the cluster has, vendored from upstream (the corpus beside this repository).
fn crds() -> Vec<RawYaml> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/crds");
    [
        "prometheus-operator/monitoring.coreos.com_servicemonitors.yaml",
        "cert-manager/cert-manager.io_certificates.yaml",
        "gateway-api/gateway.networking.k8s.io_httproutes.yaml",
    ]
    .iter()
    .map(|f| RawYaml::file(format!("{dir}/{f}")))
    .collect()
}

/// `prod`: the shop with its three custom resources.
fn prod() -> Environment {
    let shop = shop();
    let mut env = Environment {
        name: "prod".into(),
        tree: "prod".into(),
        namespace: Some("shop".into()),
        crds: crds(),
        ..Environment::default()
    };
    env.raw = vec![
        RawYaml::typed(&monitor(&shop)),
        RawYaml::typed(&certificate("shop-tls")),
        RawYaml::typed(&route(&env, &shop)),
    ];
    env.apps = vec![shop];
    env
}

/// The project: its tree is committed under `examples/generated/custom_resources`.
pub fn project() -> Project {
    Project::new(
        concat!(env!("CARGO_MANIFEST_DIR"), "/examples/generated/custom_resources"),
        vec![prod()],
    )
    .command("cargo run --example custom_resources --")
}
