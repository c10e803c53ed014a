//! Render: model → k8s-openapi objects. The only stage that constructs them.
//!
//! References are derived from the objects they point at: the Service selector is the pod
//! selector, the HPA's target and the Ingress backend are read off the rendered workload and
//! Service, a volume's claim is the PVC rendered beside it.

mod labels;
mod pod;
mod scaling;
mod service;

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1 as apps;
use k8s_openapi::api::batch::v1 as batch;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};

use crate::model::{App, Environment, Workload};
use crate::object::Object;
use labels::{app_labels, non_empty, selector};
use scaling::{autoscaler, disruption_budget};
use service::{ingress, network_policy, service};

/// The objects of `env`'s apps, with every reference derived from the objects it points
/// at; `configs` are the apps' final config data from validation, in app order. Pure: the
/// environment must have passed validation.
pub(crate) fn render(env: &Environment, configs: &[BTreeMap<String, String>]) -> Vec<Object> {
    // Every namespace the tree uses gets its Namespace object, so one apply creates them.
    let mut namespaces: Vec<&String> = env.namespace.iter().collect();
    for ns in env.apps.iter().filter_map(|a| a.namespace.as_ref()) {
        if !namespaces.contains(&ns) {
            namespaces.push(ns);
        }
    }
    let mut objects: Vec<Object> = namespaces
        .into_iter()
        .map(|ns| {
            core::Namespace { metadata: meta(ns, BTreeMap::new()), ..Default::default() }.into()
        })
        .collect();
    for (app, config) in env.apps.iter().zip(configs) {
        let first = objects.len();
        render_app(app, &Names::new(env, app, config), &mut objects);
        if let Some(ns) = &app.namespace {
            for object in &mut objects[first..] {
                object.metadata_mut().namespace = Some(ns.clone());
            }
        }
    }
    objects
}

/// The annotation `render --provenance` adds: where the object's app was defined and overlaid.
pub(crate) const ORIGIN_ANNOTATION: &str = "rustomize.dev/origin";

/// A source path as written in the repository: `src/../environments/x.rs` → `environments/x.rs`.
fn source_path(file: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in file.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The names an app's objects get in one environment: prefix and suffix applied, and the
/// config's content hash appended when it is hashed. Every reference is built from these.
pub(crate) struct Names {
    /// The workload, Service, HPA, PDB, Ingress, NetworkPolicy and own ServiceAccount.
    pub object: String,
    /// The app's ConfigMap.
    pub config_map: String,
    /// The ConfigMap's final data (templates rendered), from which its hash is taken.
    pub config_data: BTreeMap<String, String>,
    prefix: String,
    suffix: String,
    app: String,
    provenance: bool,
}

impl Names {
    fn new(env: &Environment, app: &App, config_data: &BTreeMap<String, String>) -> Names {
        let config_data = config_data.clone();
        let mut config_map = env.object_name(&app.config_map_name());
        if app.config.hashed {
            config_map = format!("{config_map}-{}", crate::hash::config_map(&config_data));
        }
        Names {
            object: env.object_name(&app.name),
            config_map,
            config_data,
            prefix: env.name_prefix.clone(),
            suffix: env.name_suffix.clone(),
            app: app.name.clone(),
            provenance: env.provenance,
        }
    }

    /// The PVC backing the app's storage called `storage`.
    fn claim(&self, storage: &str) -> String {
        format!("{}{}-{storage}{}", self.prefix, self.app, self.suffix)
    }
}

fn meta(name: &str, labels: BTreeMap<String, String>) -> ObjectMeta {
    ObjectMeta { name: Some(name.to_owned()), labels: non_empty(labels), ..ObjectMeta::default() }
}

fn render_app(app: &App, names: &Names, out: &mut Vec<Object>) {
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
            let pvc = claim(&names.claim(&s.name), s, labels.clone());
            claims.insert(s.name.clone(), pvc.metadata.name.clone().unwrap_or_default());
            out.push(pvc.into());
        }
    }
    let service = app.expose.as_ref().map(|expose| service(app, names, expose, labels.clone()));
    let template = pod::template(app, names, &claims);
    let workload = workload(app, names, &labels, template, service.as_ref());
    let hpa = app.autoscale.as_ref().map(|a| autoscaler(names, a, &workload, labels.clone()));
    let ingress = app
        .ingress
        .as_ref()
        .zip(service.as_ref())
        .map(|(i, s)| ingress(names, i, s, labels.clone()));
    if let Some(service) = service {
        out.push(service.into());
    }
    out.push(workload);
    out.extend(hpa.map(Object::from));
    if let Some(budget) = app.disruption_budget {
        out.push(disruption_budget(app, names, budget, labels.clone()).into());
    }
    out.extend(ingress.map(Object::from));
    if app.security.network_policy {
        out.push(network_policy(app, names, labels).into());
    }
    if names.provenance && !app.origins.is_empty() {
        let origin: Vec<String> =
            app.origins.iter().map(|l| format!("{}:{}", source_path(l.file()), l.line())).collect();
        for object in &mut out[first..] {
            object
                .metadata_mut()
                .annotations
                .get_or_insert_with(BTreeMap::new)
                .insert(ORIGIN_ANNOTATION.into(), origin.join(", "));
        }
    }
    let mut waivers = app.security.waivers();
    waivers.extend(app.waivers.iter().cloned());
    let skips: Vec<(&str, &str)> =
        waivers.iter().map(|w| (w.check.as_str(), w.reason.as_str())).collect();
    crate::object::add_skips(&mut out[first..], &skips);
}

/// The controller of the app's pods; a StatefulSet names its governing Service.
fn workload(
    app: &App,
    names: &Names,
    labels: &BTreeMap<String, String>,
    template: core::PodTemplateSpec,
    service: Option<&core::Service>,
) -> Object {
    match &app.workload {
        Workload::Deployment => apps::Deployment {
            metadata: meta(&names.object, labels.clone()),
            spec: Some(apps::DeploymentSpec {
                // With an autoscaler the HPA owns the count; a fixed one would fight it on every apply.
                replicas: app.autoscale.is_none().then(|| replicas(app.replicas)),
                selector: match_labels(app),
                template,
                ..apps::DeploymentSpec::default()
            }),
            ..apps::Deployment::default()
        }
        .into(),
        Workload::StatefulSet => apps::StatefulSet {
            metadata: meta(&names.object, labels.clone()),
            spec: Some(apps::StatefulSetSpec {
                replicas: app.autoscale.is_none().then(|| replicas(app.replicas)),
                selector: match_labels(app),
                service_name: service.and_then(|s| s.metadata.name.clone()),
                template,
                volume_claim_templates: pod::none_if_empty(
                    app.storage.iter().map(|s| claim(&s.name, s, BTreeMap::new())).collect(),
                ),
                ..apps::StatefulSetSpec::default()
            }),
            ..apps::StatefulSet::default()
        }
        .into(),
        Workload::Job(job) => batch::Job {
            metadata: meta(&names.object, labels.clone()),
            spec: Some(batch::JobSpec {
                backoff_limit: Some(job.backoff_limit),
                ttl_seconds_after_finished: job.ttl_seconds_after_finished,
                template,
                ..batch::JobSpec::default()
            }),
            ..batch::Job::default()
        }
        .into(),
    }
}

/// A count as the API stores it; validation refuses counts above `i32::MAX`.
fn replicas(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn match_labels(app: &App) -> LabelSelector {
    LabelSelector { match_labels: Some(selector(app)), match_expressions: None }
}

fn claim(
    name: &str,
    s: &crate::model::Storage,
    labels: BTreeMap<String, String>,
) -> core::PersistentVolumeClaim {
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
