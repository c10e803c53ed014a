//! A shop whose metrics Prometheus scrapes (a ServiceMonitor), whose certificate cert-manager
//! issues (a Certificate) and whose traffic a Gateway routes (an HTTPRoute). Every reference
//! between them is taken from the app, never written twice.

use rustomize::k8s::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use rustomize::{
    App, Container, Environment, Expose, Image, Port, Probe, Probes, Project, RawYaml, Resources,
    SecretSpec, ServiceRef, Waiver,
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

/// Prometheus scrapes `service` on its metrics port, selected by `app`'s labels.
fn monitor(app: &App, service: &ServiceRef) -> Option<ServiceMonitor> {
    Some(ServiceMonitor {
        metadata: named(&app.name),
        spec: ServiceMonitorSpec {
            selector: ServiceMonitorSpecSelector {
                match_labels: Some(app.pod_selector()),
                ..ServiceMonitorSpecSelector::default()
            },
            endpoints: vec![ServiceMonitorSpecEndpoints {
                port: Some(service.port("metrics")?.name),
                interval: Some("30s".into()),
                ..ServiceMonitorSpecEndpoints::default()
            }],
            ..ServiceMonitorSpec::default()
        },
        ..ServiceMonitor::default()
    })
}

/// The certificate cert-manager issues for `HOST` into the Secret `tls` declares (which
/// cert-manager creates: it is never rendered here, nor asked of anyone).
fn certificate(tls: &SecretSpec) -> Certificate {
    Certificate {
        metadata: named(&tls.name),
        spec: Some(CertificateSpec {
            secret_name: tls.name.clone(),
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

/// The public Gateway routes `HOST` to `service` on the port that forwards to `http`.
fn route(service: &ServiceRef) -> Option<HTTPRoute> {
    Some(HTTPRoute {
        metadata: named(&service.name),
        spec: HTTPRouteSpec {
            hostnames: Some(vec![HOST.into()]),
            parent_refs: Some(vec![HTTPRouteSpecParentRefs {
                name: "public".into(),
                namespace: Some("gateways".into()),
                ..HTTPRouteSpecParentRefs::default()
            }]),
            rules: Some(vec![HTTPRouteSpecRules {
                backend_refs: Some(vec![HTTPRouteSpecRulesBackendRefs {
                    name: service.name.clone(),
                    port: Some(i32::from(service.port("http")?.number)),
                    ..HTTPRouteSpecRulesBackendRefs::default()
                }]),
                ..HTTPRouteSpecRules::default()
            }]),
        },
        ..HTTPRoute::default()
    })
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
    // The Secret cert-manager creates for the Certificate: declared, never provisioned by hand.
    let tls = SecretSpec::issued_tls("shop-tls", "cert-manager");
    let mut env = Environment {
        name: "prod".into(),
        tree: "prod".into(),
        namespace: Some("shop".into()),
        crds: crds(),
        ..Environment::default()
    };
    // A reference that does not resolve (a port the Service lacks) stops the build here,
    // naming it, before anything is rendered.
    let service = env.service(&shop).unwrap_or_else(|| panic!("the shop renders no Service"));
    let monitor = monitor(&shop, &service)
        .unwrap_or_else(|| panic!("the shop's Service has no `metrics` port"));
    let route = route(&service).unwrap_or_else(|| panic!("the shop's Service has no `http` port"));
    // The shop owns its monitor and its certificate: they carry its labels, and an
    // environment without the shop has neither. The Gateway's route is the environment's.
    let shop = App {
        resources: vec![RawYaml::typed(&monitor), RawYaml::typed(&certificate(&tls))],
        ..shop
    };
    env.raw = vec![RawYaml::typed(&route)];
    env.secrets = vec![tls];
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
