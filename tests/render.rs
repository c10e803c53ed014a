//! Every target's full render, snapshotted; and the references render derives, checked.

use std::collections::BTreeMap;

use rustomize::Object;
use rustomize::k8s::api::apps::v1::{Deployment, StatefulSet};
use rustomize::k8s::api::autoscaling::v2::HorizontalPodAutoscaler;
use rustomize::k8s::api::core::v1::{PodTemplateSpec, Service};
use rustomize::k8s::api::policy::v1::PodDisruptionBudget;
use rustomize::k8s::apimachinery::pkg::util::intstr::IntOrString;
use rustomize::{Rendered, render};

use crate::{environments, insta_settings};

fn rendered(target: &str) -> Rendered {
    let project = environments::project();
    let env = project.target(target).unwrap_or_else(|| panic!("no target {target}"));
    render(env).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn snapshots_of_every_target() {
    for env in environments::all() {
        let yaml = rustomize::output::stream(&render(&env).unwrap_or_else(|e| panic!("{e}")))
            .unwrap_or_else(|e| panic!("{e}"));
        insta_settings().bind(|| insta::assert_snapshot!(format!("render__{}", env.name), yaml));
    }
}

fn template(o: &Object) -> Option<&PodTemplateSpec> {
    match o {
        Object::Deployment(d) => d.spec.as_ref().map(|s| &s.template),
        Object::StatefulSet(s) => s.spec.as_ref().map(|s| &s.template),
        Object::Job(j) => j.spec.as_ref().map(|s| &s.template),
        _ => None,
    }
}

fn pod_labels(o: &Object) -> BTreeMap<String, String> {
    template(o).and_then(|t| t.metadata.as_ref()).and_then(|m| m.labels.clone()).unwrap_or_default()
}

fn selects(selector: &BTreeMap<String, String>, labels: &BTreeMap<String, String>) -> bool {
    !selector.is_empty() && selector.iter().all(|(k, v)| labels.get(k) == Some(v))
}

#[test]
fn every_service_selects_exactly_one_workload_and_targets_declared_ports() {
    for env in environments::all() {
        let r = render(&env).unwrap_or_else(|e| panic!("{e}"));
        for svc in r.objects.iter().filter_map(|o| match o {
            Object::Service(s) => Some(s),
            _ => None,
        }) {
            let spec = svc.spec.as_ref().unwrap_or_else(|| panic!("service without spec"));
            let selector = spec.selector.clone().unwrap_or_default();
            let workloads: Vec<&Object> = r
                .objects
                .iter()
                .filter(|o| template(o).is_some() && selects(&selector, &pod_labels(o)))
                .collect();
            assert_eq!(
                workloads.len(),
                1,
                "{}: Service {:?} selects {} workloads",
                env.name,
                svc.metadata.name,
                workloads.len()
            );
            let containers = &template(workloads[0])
                .and_then(|t| t.spec.as_ref())
                .unwrap_or_else(|| panic!("no pod spec"))
                .containers;
            for port in spec.ports.iter().flatten() {
                let Some(IntOrString::String(target)) = &port.target_port else {
                    panic!("target port is not named")
                };
                let declared = containers
                    .iter()
                    .flat_map(|c| c.ports.iter().flatten())
                    .any(|p| p.name.as_deref() == Some(target));
                assert!(declared, "{}: Service port {target} is not declared", env.name);
            }
        }
    }
}

#[test]
fn selectors_are_the_pod_labels_and_ignore_environment_labels() {
    let r = rendered("prod");
    let api: &Deployment = r.get("api").unwrap_or_else(|| panic!("no api Deployment"));
    let spec = api.spec.as_ref().unwrap_or_else(|| panic!("no spec"));
    let selector = spec.selector.match_labels.clone().unwrap_or_default();
    assert_eq!(selector, BTreeMap::from([("app.kubernetes.io/name".to_owned(), "api".to_owned())]));
    let labels = spec.template.metadata.as_ref().and_then(|m| m.labels.clone()).unwrap_or_default();
    assert!(selects(&selector, &labels));
    assert_eq!(
        labels.get("environment").map(String::as_str),
        Some("prod"),
        "environment labels reach pods"
    );
}

#[test]
fn prod_scales_api_and_workers_with_hpa_and_pdb() {
    let r = rendered("prod");
    for app in ["api", "workers"] {
        let hpa: &HorizontalPodAutoscaler =
            r.get(app).unwrap_or_else(|| panic!("no HPA for {app}"));
        let spec = hpa.spec.as_ref().unwrap_or_else(|| panic!("no spec"));
        let target = &spec.scale_target_ref;
        let deployment: &Deployment =
            r.get(&target.name).unwrap_or_else(|| panic!("HPA targets a missing {}", target.name));
        assert_eq!(
            (target.kind.as_str(), target.api_version.as_deref()),
            ("Deployment", Some("apps/v1"))
        );
        assert_eq!(spec.min_replicas, Some(3));
        // The HPA owns the replica count; a fixed one would fight it on every apply.
        assert_eq!(deployment.spec.as_ref().and_then(|s| s.replicas), None);
        let pdb: &PodDisruptionBudget = r.get(app).unwrap_or_else(|| panic!("no PDB for {app}"));
        let selector = pdb
            .spec
            .as_ref()
            .and_then(|s| s.selector.as_ref())
            .and_then(|s| s.match_labels.clone())
            .unwrap_or_default();
        assert!(selects(&selector, &pod_labels(&Object::Deployment(deployment.clone()))));
    }
    assert!(r.get::<HorizontalPodAutoscaler>("frontend").is_none());
    assert!(r.get::<StatefulSet>("db").is_none(), "prod uses the managed database");
}

#[test]
fn dev_runs_one_replica_each_and_the_in_cluster_database() {
    let r = rendered("dev");
    for o in &r.objects {
        if let Object::Deployment(d) = o {
            assert_eq!(d.spec.as_ref().and_then(|s| s.replicas), Some(1), "{:?}", d.metadata.name);
        }
        let expected = if o.is_namespaced() { Some("begbot-dev") } else { None };
        assert_eq!(o.namespace(), expected, "{}", o.describe());
    }
    let db: &StatefulSet = r.get("db").unwrap_or_else(|| panic!("dev has no db"));
    let spec = db.spec.as_ref().unwrap_or_else(|| panic!("no spec"));
    let svc: &Service = r
        .get(spec.service_name.as_deref().unwrap_or_default())
        .unwrap_or_else(|| panic!("serviceName names no Service"));
    assert_eq!(svc.spec.as_ref().and_then(|s| s.cluster_ip.as_deref()), Some("None"), "headless");
    let claims: Vec<_> = spec
        .volume_claim_templates
        .iter()
        .flatten()
        .filter_map(|c| c.metadata.name.clone())
        .collect();
    assert_eq!(claims, ["data"]);
    let api: &Deployment = r.get("api").unwrap_or_else(|| panic!("no api"));
    let env = api
        .spec
        .as_ref()
        .and_then(|s| s.template.spec.as_ref())
        .map(|p| p.containers[0].env.clone().unwrap_or_default())
        .unwrap_or_default();
    let url = env.iter().find(|e| e.name == "DATABASE_URL").and_then(|e| e.value.clone());
    assert_eq!(url.as_deref(), Some("postgresql://begbot@db:5432/begbot"));
}

#[test]
fn every_model_knob_renders() {
    use rustomize::k8s::api::core::v1::PersistentVolumeClaim;
    use rustomize::k8s::api::networking::v1::Ingress;

    let r = render(&crate::fixtures::all_knobs()).unwrap_or_else(|e| panic!("{e}"));
    let yaml = rustomize::output::stream(&r).unwrap_or_else(|e| panic!("{e}"));
    insta_settings().bind(|| insta::assert_snapshot!("render__all_knobs", yaml));

    // The volume's claim is the PVC that was rendered beside the Deployment.
    let web: &Deployment = r.get("web").unwrap_or_else(|| panic!("no web"));
    let pod = web
        .spec
        .as_ref()
        .and_then(|s| s.template.spec.as_ref())
        .unwrap_or_else(|| panic!("no pod"));
    let claim = pod
        .volumes
        .iter()
        .flatten()
        .find_map(|v| v.persistent_volume_claim.as_ref())
        .unwrap_or_else(|| panic!("no claim"));
    assert!(
        r.get::<PersistentVolumeClaim>(&claim.claim_name).is_some(),
        "claim {} was not rendered",
        claim.claim_name
    );
    // The Ingress backend is the rendered Service and the number of its `http` port.
    let ingress: &Ingress = r.get("web").unwrap_or_else(|| panic!("no ingress"));
    let backend = ingress
        .spec
        .as_ref()
        .and_then(|s| s.rules.as_ref())
        .and_then(|r| r[0].http.as_ref())
        .map(|h| h.paths[0].backend.clone());
    let service = backend.and_then(|b| b.service).unwrap_or_else(|| panic!("no backend"));
    let svc: &Service = r.get(&service.name).unwrap_or_else(|| panic!("backend names no Service"));
    let http = svc
        .spec
        .as_ref()
        .and_then(|s| s.ports.as_ref())
        .and_then(|p| p.iter().find(|p| p.name.as_deref() == Some("http")))
        .map(|p| p.port);
    assert_eq!(service.port.and_then(|p| p.number), http);
    // The environment's annotation reaches every object's metadata but not the pods.
    for o in &r.objects {
        assert_eq!(
            o.metadata().annotations.as_ref().and_then(|a| a.get("owner")).map(String::as_str),
            Some("platform@example.com"),
            "{}",
            o.describe()
        );
    }
    let pod_annotations = web
        .spec
        .as_ref()
        .and_then(|s| s.template.metadata.as_ref())
        .and_then(|m| m.annotations.clone())
        .unwrap_or_default();
    assert!(!pod_annotations.contains_key("owner"));
}

/// An overlay that adds an env file adds its keys (it used to add nothing), and one that asks
/// for a hashed config gets a hashed name every reference follows.
#[test]
fn an_overlay_env_file_and_hashing_reach_the_config_map() {
    use rustomize::k8s::api::core::v1::ConfigMap;
    use rustomize::{Config, Overlay};
    let mut env = environments::overlays::dev::dev();
    let workers = env.apps.iter().position(|a| a.name == "workers").unwrap_or_else(|| panic!());
    let overlay = Overlay {
        config: Config::hashed().env_file("flags.env", "FEATURE_X=on\nLOG_LEVEL=trace\n"),
        ..Overlay::default()
    };
    env.apps[workers] = env.apps[workers].clone().with(overlay);
    let r = render(&env).unwrap_or_else(|e| panic!("{e}"));
    let map = r
        .objects
        .iter()
        .filter_map(|o| match o {
            Object::ConfigMap(c) => Some(c),
            _ => None,
        })
        .find(|c| c.metadata.name.as_deref().is_some_and(|n| n.starts_with("workers-config-")))
        .unwrap_or_else(|| panic!("no hashed workers ConfigMap"));
    let data = map.data.clone().unwrap_or_default();
    assert_eq!(data.get("FEATURE_X").map(String::as_str), Some("on"));
    assert_eq!(data.get("LOG_LEVEL").map(String::as_str), Some("trace"));
    let name = map.metadata.name.clone().unwrap_or_default();
    let deployment: &Deployment = r.get("workers").unwrap_or_else(|| panic!("no workers"));
    let yaml = serde_json::to_string(deployment).unwrap_or_default();
    assert!(yaml.contains(&name), "the Deployment must refer to `{name}`");
    assert!(r.get::<ConfigMap>("workers-config").is_none());
}
