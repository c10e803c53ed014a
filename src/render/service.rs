//! What routes traffic to an app's pods: its Service, Ingress and NetworkPolicy, each built
//! from the objects it points at.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1 as core;
use k8s_openapi::api::networking::v1 as networking;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::labels::{non_empty, selector};
use super::{Names, match_labels, meta, pod};
use crate::model::{App, ExposeType};

/// Admits ingress only on the ports the app's Service offers; an app with no Service
/// admits none. Egress is left open: apps call databases and APIs outside the cluster.
pub(super) fn network_policy(
    app: &App,
    names: &Names,
    labels: BTreeMap<String, String>,
) -> networking::NetworkPolicy {
    let ports: Vec<networking::NetworkPolicyPort> = app
        .expose
        .iter()
        .flat_map(|e| &e.ports)
        .map(|p| networking::NetworkPolicyPort {
            port: Some(IntOrString::String(p.target.clone())),
            protocol: app
                .containers
                .iter()
                .find_map(|c| c.port(&p.target))
                .and_then(|port| pod::protocol(port.protocol)),
            end_port: None,
        })
        .collect();
    networking::NetworkPolicy {
        metadata: meta(&names.object, labels),
        spec: Some(networking::NetworkPolicySpec {
            pod_selector: Some(match_labels(app)),
            policy_types: Some(vec!["Ingress".into()]),
            ingress: (!ports.is_empty()).then(|| {
                vec![networking::NetworkPolicyIngressRule { ports: Some(ports), from: None }]
            }),
            egress: None,
        }),
    }
}

pub(super) fn service(
    app: &App,
    names: &Names,
    expose: &crate::model::Expose,
    labels: BTreeMap<String, String>,
) -> core::Service {
    let protocol_of = |target: &str| {
        app.containers
            .iter()
            .chain(&app.init_containers)
            .find_map(|c| c.port(target))
            .map(|p| p.protocol)
    };
    core::Service {
        metadata: meta(&names.object, labels),
        spec: Some(core::ServiceSpec {
            type_: (expose.type_ == ExposeType::NodePort).then(|| "NodePort".to_owned()),
            cluster_ip: (expose.type_ == ExposeType::Headless).then(|| "None".to_owned()),
            selector: Some(selector(app)),
            ports: Some(
                expose
                    .ports
                    .iter()
                    .map(|p| core::ServicePort {
                        name: Some(p.target.clone()),
                        port: i32::from(p.port),
                        target_port: Some(IntOrString::String(p.target.clone())),
                        node_port: p.node_port.map(i32::from),
                        protocol: protocol_of(&p.target).and_then(pod::protocol),
                        ..core::ServicePort::default()
                    })
                    .collect(),
            ),
            ..core::ServiceSpec::default()
        }),
        ..core::Service::default()
    }
}

pub(super) fn ingress(
    names: &Names,
    i: &crate::model::Ingress,
    service: &core::Service,
    labels: BTreeMap<String, String>,
) -> networking::Ingress {
    // The backend is read off the rendered Service, so a renamed Service or port follows.
    let port = service
        .spec
        .as_ref()
        .and_then(|s| s.ports.as_ref())
        .and_then(|ports| ports.iter().find(|p| p.name.as_deref() == Some(i.port.as_str())))
        .map(|p| p.port);
    let path = if i.path.is_empty() { "/".to_owned() } else { i.path.clone() };
    let host = (!i.host.is_empty()).then(|| i.host.clone());
    let mut metadata = meta(&names.object, labels);
    metadata.annotations = non_empty(i.annotations.clone());
    networking::Ingress {
        metadata,
        spec: Some(networking::IngressSpec {
            ingress_class_name: i.class_name.clone(),
            rules: Some(vec![networking::IngressRule {
                host: host.clone(),
                http: Some(networking::HTTPIngressRuleValue {
                    paths: vec![networking::HTTPIngressPath {
                        path: Some(path),
                        path_type: "Prefix".into(),
                        backend: networking::IngressBackend {
                            service: Some(networking::IngressServiceBackend {
                                name: service.metadata.name.clone().unwrap_or_default(),
                                port: Some(networking::ServiceBackendPort {
                                    number: port,
                                    name: None,
                                }),
                            }),
                            resource: None,
                        },
                    }],
                }),
            }]),
            tls: i.tls_secret.as_ref().map(|secret| {
                vec![networking::IngressTLS {
                    hosts: host.map(|h| vec![h]),
                    secret_name: Some(secret.clone()),
                }]
            }),
            default_backend: None,
        }),
        ..networking::Ingress::default()
    }
}
