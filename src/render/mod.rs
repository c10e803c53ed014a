//! Render: model → k8s-openapi objects. The only stage that constructs them.
//!
//! References are derived from the objects they point at: a Service's selector is the pod
//! selector, the HPA's target and the Ingress backend are read off the rendered workload and
//! Services, a volume's claim is the PVC rendered beside it, a shared ConfigMap's name (hash
//! included) is computed once for every app that reads it.

mod container;
mod context;
mod labels;
mod pod;
mod rbac;
mod scaling;
mod service;
mod standalone;
mod workload;

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};

pub(crate) use context::{Context, Names};
pub(crate) use labels::app_labels;
pub(crate) use labels::app_labels as app_labels_of;

use crate::model::{App, Environment, Workload};
use crate::object::Object;
use crate::validate::Resolved;
use labels::non_empty;

/// Renders the objects of one environment: its Namespaces and own shared objects, then each
/// app's, with every reference derived from the objects it points at. Pure: the environment
/// must have passed validation, and `resolved` holds the final config data it computed.
///
/// Apps render independently of each other, so a caller may render ranges of them on
/// different threads and finish and serialise each range without holding every typed object
/// of a large tree at once.
pub(crate) struct Renderer<'a> {
    env: &'a Environment,
    resolved: &'a Resolved,
    ctx: Context<'a>,
}

impl<'a> Renderer<'a> {
    /// The renderer of `env`, with the names every app may refer to computed once.
    pub(crate) fn new(env: &'a Environment, resolved: &'a Resolved) -> Self {
        Renderer { env, resolved, ctx: Context::new(env, resolved) }
    }

    /// The Namespaces the tree uses and the environment's own shared objects.
    pub(crate) fn shared(&self) -> Vec<Object> {
        let env = self.env;
        // Every namespace the tree uses gets its Namespace object, so one apply creates them.
        let mut namespaces: Vec<&String> = env.namespace.iter().collect();
        for ns in env.apps.iter().filter_map(|a| a.namespace.as_ref()) {
            if !namespaces.contains(&ns) {
                namespaces.push(ns);
            }
        }
        // The cluster's own namespaces exist already, and Pod Security labels on them would
        // restrict the cluster's system pods.
        namespaces.retain(|ns| !SYSTEM_NAMESPACES.contains(&ns.as_str()));
        let mut objects: Vec<Object> =
            namespaces.into_iter().map(|ns| namespace(env, ns).into()).collect();
        standalone::render(env, &self.ctx, &mut objects);
        objects
    }

    /// The objects of the apps in `range` (indices into the environment's apps), in order.
    pub(crate) fn apps(&self, range: std::ops::Range<usize>) -> Vec<Object> {
        let apps = self.env.apps.get(range.clone()).unwrap_or_default();
        // An app renders a handful of objects, kilobytes each: no growing from one.
        let mut objects = Vec::with_capacity(apps.len() * 6);
        for app in apps {
            let config = self.resolved.app(&app.name);
            let first = objects.len();
            render_app(app, &Names::new(&self.ctx, app, config), &mut objects);
            if let Some(ns) = &app.namespace {
                for object in &mut objects[first..] {
                    object.metadata_mut().namespace = Some(ns.clone());
                }
            }
        }
        objects
    }
}

/// A Namespace that tells the cluster the promise its pods keep: Pod Security admission
/// enforces (and audits and warns at) the strictest level every app in it meets, so a later
/// hand edit cannot quietly loosen a pod. A level below *restricted* names the apps and their
/// reasons.
fn namespace(env: &Environment, ns: &str) -> core::Namespace {
    let in_ns = |a: &&App| a.namespace.as_deref().or(env.namespace.as_deref()) == Some(ns);
    let relaxed: Vec<String> = env
        .apps
        .iter()
        .filter(in_ns)
        .filter(|a| a.pod_security().level() != "restricted")
        .map(|a| format!("`{}`: {}", a.name, a.security.exception.as_deref().unwrap_or_default()))
        .collect();
    // Raw workloads with an exception may need anything (a host network, privileges), so
    // a namespace that holds them cannot enforce a level at all without rejecting them.
    let raw: Vec<String> = env
        .raw
        .iter()
        .filter_map(|r| r.exception.as_ref().map(|why| format!("`{}`: {why}", r.source)))
        .collect();
    let privileged_app =
        env.apps.iter().filter(in_ns).any(|a| a.pod_security().level() == "privileged");
    let level = match (relaxed.is_empty(), raw.is_empty() && !privileged_app) {
        (_, false) => "privileged",
        (true, true) => "restricted",
        (false, true) => "baseline",
    };
    let mut labels: BTreeMap<String, String> = ["enforce", "audit", "warn"]
        .into_iter()
        .map(|mode| (format!("pod-security.kubernetes.io/{mode}"), level.to_owned()))
        .collect();
    if env.namespace.as_deref() == Some(ns) {
        labels.extend(env.namespace_labels.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    let mut metadata = meta(ns, labels);
    if level != "restricted" {
        let reasons: Vec<String> = relaxed.into_iter().chain(raw).collect();
        metadata.annotations = Some(BTreeMap::from([(
            POD_SECURITY_ANNOTATION.to_owned(),
            format!("{level}, for {}", reasons.join("; ")),
        )]));
    }
    core::Namespace { metadata, ..Default::default() }
}

/// Namespaces every cluster has, which a tree never creates or labels.
pub(crate) const SYSTEM_NAMESPACES: &[&str] =
    &["default", "kube-system", "kube-public", "kube-node-lease"];

/// Why a Namespace is below the *restricted* Pod Security level.
pub(crate) const POD_SECURITY_ANNOTATION: &str = "rustomize.dev/pod-security";

/// The annotation `render --provenance` adds: where the object's app was defined and overlaid.
pub(crate) const ORIGIN_ANNOTATION: &str = "rustomize.dev/origin";

fn meta(name: &str, labels: BTreeMap<String, String>) -> ObjectMeta {
    ObjectMeta { name: Some(name.to_owned()), labels: non_empty(labels), ..ObjectMeta::default() }
}

fn render_app(app: &App, names: &Names<'_>, out: &mut Vec<Object>) {
    let first = out.len();
    let labels = app_labels(app);
    if app.service_account == crate::model::ServiceAccount::Own {
        out.push(
            core::ServiceAccount {
                metadata: meta(&names.object, labels.clone()),
                ..Default::default()
            }
            .into(),
        );
    }
    rbac::render(app, names, &labels, out);
    if !app.config.is_empty() {
        out.push(
            core::ConfigMap {
                metadata: meta(&names.config_map, labels.clone()),
                data: Some(names.config_data.clone()),
                immutable: app.config.immutable.then_some(true),
                ..core::ConfigMap::default()
            }
            .into(),
        );
    }
    let mut claims = BTreeMap::new();
    if app.workload != Workload::StatefulSet {
        for s in &app.storage {
            let pvc = claim(&names.claim(s), s, labels.clone());
            claims.insert(s.name.clone(), pvc.metadata.name.clone().unwrap_or_default());
            out.push(pvc.into());
        }
    }
    let services: Vec<core::Service> = app
        .expose
        .iter()
        .chain(&app.services)
        .map(|expose| service::service(app, names, expose, labels.clone()))
        .collect();
    let template = pod::template(app, names, &claims);
    let workload = workload::workload(app, names, &labels, template, services.first());
    let hpa =
        app.autoscale.as_ref().map(|a| scaling::autoscaler(names, a, &workload, labels.clone()));
    let ingress = app
        .ingress
        .as_ref()
        .zip(services.first())
        .map(|(i, s)| service::ingress(names, i, s, labels.clone()));
    out.extend(services.into_iter().map(Object::from));
    out.push(workload);
    out.extend(hpa.map(Object::from));
    if let Some(budget) = app.disruption_budget {
        out.push(scaling::disruption_budget(app, names, budget, labels.clone()).into());
    }
    out.extend(ingress.map(Object::from));
    if app.security.network_policy {
        out.push(service::network_policy(app, names, labels).into());
    }
    annotate(app, names, &mut out[first..]);
}

/// Provenance, the app's own annotations and its waivers, on every object the app rendered;
/// an object's own annotation (a Service's `description`) wins over the app's of that key.
fn annotate(app: &App, names: &Names<'_>, objects: &mut [Object]) {
    if !app.annotations.is_empty() {
        for object in objects.iter_mut() {
            let own = object.metadata_mut().annotations.get_or_insert_with(BTreeMap::new);
            for (key, value) in &app.annotations {
                own.entry(key.clone()).or_insert_with(|| value.clone());
            }
        }
    }
    if names.provenance() && !app.trace.origins.is_empty() {
        let origin: Vec<String> = app
            .trace
            .origins
            .iter()
            .map(|l| format!("{}:{}", crate::error::source_path(l.file()), l.line()))
            .collect();
        for object in objects.iter_mut() {
            object
                .metadata_mut()
                .annotations
                .get_or_insert_with(BTreeMap::new)
                .insert(ORIGIN_ANNOTATION.into(), origin.join(", "));
        }
    }
    let mut waivers = app.pod_security().waivers();
    waivers.extend(app.waivers.iter().cloned());
    let skips: Vec<(&str, &str)> = waivers.iter().flat_map(crate::model::Waiver::each).collect();
    crate::object::add_skips(objects, &skips);
}

/// A count as the API stores it; validation refuses counts above `i32::MAX`.
fn replicas(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn match_labels(app: &App) -> LabelSelector {
    LabelSelector { match_labels: Some(app.pod_selector()), match_expressions: None }
}

fn claim(
    name: &str,
    s: &crate::model::Storage,
    labels: BTreeMap<String, String>,
) -> core::PersistentVolumeClaim {
    let mut labels = labels;
    labels.extend(s.labels.iter().map(|(k, v)| (k.clone(), v.clone())));
    core::PersistentVolumeClaim {
        metadata: meta(name, labels),
        spec: Some(core::PersistentVolumeClaimSpec {
            access_modes: Some(vec![s.access_mode.as_str().to_owned()]),
            storage_class_name: s.storage_class.clone(),
            resources: Some(core::VolumeResourceRequirements {
                requests: Some(BTreeMap::from([("storage".to_owned(), Quantity(s.size.clone()))])),
                limits: None,
            }),
            ..core::PersistentVolumeClaimSpec::default()
        }),
        ..core::PersistentVolumeClaim::default()
    }
}
