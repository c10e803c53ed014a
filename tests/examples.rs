//! The seed stacks in `examples/`: every environment snapshotted, committed trees current, and
//! each plan's stated requirements checked.

use rustomize::Object;
use rustomize::k8s::api::apps::v1::{Deployment, StatefulSet};
use rustomize::k8s::api::autoscaling::v2::HorizontalPodAutoscaler;
use rustomize::k8s::api::core::v1::{ConfigMap, Service};
use rustomize::k8s::api::networking::v1::Ingress;
use rustomize::{Project, Rendered, render};

use crate::insta_settings;

#[path = "../examples/habit_tracker/stack.rs"]
mod habit_tracker;
#[path = "../examples/production_migration/stack.rs"]
mod production_migration;
#[path = "../examples/srvthreds/stack.rs"]
pub(crate) mod srvthreds;
#[path = "../examples/todo_chatbot/stack.rs"]
mod todo_chatbot;

pub(crate) fn projects() -> Vec<(&'static str, Project)> {
    vec![
        ("habit_tracker", habit_tracker::project()),
        ("production_migration", production_migration::project()),
        ("srvthreds", srvthreds::project()),
        ("todo_chatbot", todo_chatbot::project()),
    ]
}

fn rendered(project: &Project, target: &str) -> Rendered {
    render(project.target(target).unwrap_or_else(|| panic!("no target {target}")))
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn snapshots_of_every_example_environment() {
    for (name, project) in projects() {
        for env in &project.environments {
            let yaml = match env.target {
                // A Compose environment's snapshot is its Compose file.
                rustomize::Target::Compose(_) => {
                    let compose = rustomize::render_compose(env).unwrap_or_else(|e| panic!("{e}"));
                    rustomize::output::to_yaml_value(&compose.document)
                        .unwrap_or_else(|e| panic!("{e}"))
                }
                rustomize::Target::Kubernetes => {
                    rustomize::output::stream(&render(env).unwrap_or_else(|e| panic!("{e}")))
                        .unwrap_or_else(|e| panic!("{e}"))
                }
            };
            insta_settings()
                .bind(|| insta::assert_snapshot!(format!("example__{name}__{}", env.name), yaml));
        }
    }
}

#[test]
fn committed_example_trees_match_a_fresh_render() {
    for (name, project) in projects() {
        let files = rustomize::render_all(&project).unwrap_or_else(|e| panic!("{e}"));
        let drift = rustomize::output::check(&project.generated_dir, &files)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            drift.is_clean(),
            "{}",
            drift.report(&format!("examples/generated/{name}"), &project.regenerate())
        );
    }
}

fn containers(o: &Object) -> Vec<rustomize::k8s::api::core::v1::Container> {
    let spec = match o {
        Object::Deployment(d) => d.spec.as_ref().and_then(|s| s.template.spec.clone()),
        Object::StatefulSet(s) => s.spec.as_ref().and_then(|s| s.template.spec.clone()),
        _ => None,
    };
    spec.map(|s| s.containers).unwrap_or_default()
}

#[test]
fn habit_tracker_follows_its_plan() {
    let r = rendered(&habit_tracker::project(), "local");
    let frontend: &Service =
        r.get("habit-tracker-frontend").unwrap_or_else(|| panic!("no frontend Service"));
    let spec = frontend.spec.as_ref().unwrap_or_else(|| panic!("no spec"));
    assert_eq!(spec.type_.as_deref(), Some("NodePort"));
    assert_eq!(spec.ports.as_ref().and_then(|p| p[0].node_port), Some(30080));
    let backend: &Service =
        r.get("habit-tracker-backend").unwrap_or_else(|| panic!("no backend Service"));
    assert_eq!(backend.spec.as_ref().and_then(|s| s.type_.clone()), None, "ClusterIP");
    assert_eq!(backend.spec.as_ref().and_then(|s| s.ports.as_ref()).map(|p| p[0].port), Some(8000));
    let config: &ConfigMap =
        r.get("habit-tracker-frontend-config").unwrap_or_else(|| panic!("no ConfigMap"));
    assert_eq!(
        config.data.as_ref().and_then(|d| d.get("NEXT_PUBLIC_API_URL")).map(String::as_str),
        Some("http://habit-tracker-backend:8000")
    );
    let mut cpu_millis = 0;
    for o in r.objects.iter().filter(|o| matches!(o, Object::Deployment(_))) {
        let labels = o.metadata().labels.clone().unwrap_or_default();
        for key in ["app", "component", "version"] {
            assert!(labels.contains_key(key), "{} has no `{key}` label", o.describe());
        }
        for c in containers(o) {
            let res = c.resources.unwrap_or_default();
            let get =
                |m: &Option<
                    std::collections::BTreeMap<
                        String,
                        rustomize::k8s::apimachinery::pkg::api::resource::Quantity,
                    >,
                >,
                 k: &str| m.as_ref().and_then(|m| m.get(k)).map(|q| q.0.clone());
            assert_eq!(
                (get(&res.requests, "cpu"), get(&res.requests, "memory")),
                (Some("250m".into()), Some("256Mi".into()))
            );
            assert_eq!(
                (get(&res.limits, "cpu"), get(&res.limits, "memory")),
                (Some("500m".into()), Some("512Mi".into()))
            );
            cpu_millis += 500;
        }
    }
    // The plan's budget: under 2 CPU and 2 GiB in total (limits, one replica each).
    assert!(cpu_millis < 2000, "{cpu_millis}m");
}

#[test]
fn todo_chatbot_splits_tiers_across_namespaces_with_right_addresses() {
    let r = rendered(&todo_chatbot::project(), "minikube");
    let namespaces: Vec<&str> =
        r.objects.iter().filter(|o| matches!(o, Object::Namespace(_))).map(Object::name).collect();
    assert_eq!(namespaces, ["todo-frontend", "todo-backend", "todo-data"]);
    let ns_of = |kind: &str, name: &str| {
        r.objects
            .iter()
            .find(|o| o.kind() == kind && o.name() == name)
            .and_then(|o| o.namespace().map(str::to_owned))
    };
    assert_eq!(ns_of("Deployment", "frontend").as_deref(), Some("todo-frontend"));
    assert_eq!(ns_of("Deployment", "backend").as_deref(), Some("todo-backend"));
    assert_eq!(ns_of("StatefulSet", "postgres").as_deref(), Some("todo-data"));
    let frontend_config: &ConfigMap =
        r.get("frontend-config").unwrap_or_else(|| panic!("no frontend config"));
    assert_eq!(
        frontend_config.data.as_ref().and_then(|d| d.get("API_URL")).map(String::as_str),
        Some("http://backend.todo-backend.svc.cluster.local:8000")
    );
    let backend: &Deployment = r.get("backend").unwrap_or_else(|| panic!("no backend"));
    let env = containers(&Object::Deployment(backend.clone()))[0].env.clone().unwrap_or_default();
    let url = env.iter().find(|e| e.name == "DATABASE_URL").and_then(|e| e.value.clone());
    assert_eq!(
        url.as_deref(),
        Some("postgresql://todo@postgres.todo-data.svc.cluster.local:5432/todo")
    );
    let db: &StatefulSet = r.get("postgres").unwrap_or_else(|| panic!("no postgres"));
    assert!(
        db.spec
            .as_ref()
            .and_then(|s| s.volume_claim_templates.as_ref())
            .is_some_and(|v| !v.is_empty())
    );
}

#[test]
fn srvthreds_environments_follow_the_roadmap() {
    let project = srvthreds::project();
    let minikube = rendered(&project, "minikube");
    // One ConfigMap for every service; the host's databases behind ExternalName Services.
    let configs: Vec<&ConfigMap> = minikube
        .objects
        .iter()
        .filter_map(|o| match o {
            Object::ConfigMap(c) => Some(c),
            _ => None,
        })
        .collect();
    assert_eq!(configs.len(), 1, "one shared ConfigMap");
    let data = configs[0].data.clone().unwrap_or_default();
    assert_eq!(data.get("MONGO_HOST").map(String::as_str), Some("mongodb:27017"));
    assert_eq!(data.get("LOG_LEVEL").map(String::as_str), Some("DEBUG"));
    let mongodb: &Service = minikube.get("mongodb").unwrap_or_else(|| panic!("no mongodb Service"));
    assert_eq!(
        mongodb.spec.as_ref().and_then(|s| s.external_name.as_deref()),
        Some("host.minikube.internal")
    );
    assert!(minikube.get::<Ingress>("srvthreds-session-agent").is_some());
    assert!(minikube.get::<StatefulSet>("rabbitmq").is_some());
    assert!(
        minikube.objects.iter().any(|o| o.kind() == "Job" && o.name() == "srvthreds-bootstrap")
    );

    let prod = rendered(&project, "prod");
    assert!(prod.get::<StatefulSet>("rabbitmq").is_none(), "prod uses CloudAMQP");
    for (app, min) in [
        ("srvthreds-engine", 3),
        ("srvthreds-session-agent", 2),
        ("srvthreds-persistence-agent", 2),
    ] {
        let hpa: &HorizontalPodAutoscaler =
            prod.get(app).unwrap_or_else(|| panic!("no HPA for {app}"));
        assert_eq!(hpa.spec.as_ref().and_then(|s| s.min_replicas), Some(min), "{app}");
        let deployment: &Deployment = prod.get(app).unwrap_or_else(|| panic!("no {app}"));
        let env =
            containers(&Object::Deployment(deployment.clone()))[0].env.clone().unwrap_or_default();
        for key in ["MONGO_HOST", "REDIS_HOST", "RABBITMQ_HOST"] {
            let secret = env
                .iter()
                .find(|e| e.name == key)
                .and_then(|e| e.value_from.as_ref())
                .and_then(|v| v.secret_key_ref.as_ref());
            assert_eq!(secret.map(|s| s.name.as_str()), Some("srvthreds-managed"), "{app} {key}");
        }
    }
    for target in ["minikube", "dev", "staging", "prod"] {
        assert!(
            rendered(&project, target)
                .objects
                .iter()
                .all(|o| !o.is_namespaced() || o.namespace() == Some("srvthreds"))
        );
    }
}

#[test]
fn production_migration_moves_state_out_of_the_cluster() {
    let project = production_migration::project();
    let local = rendered(&project, "local");
    assert!(
        local.get::<StatefulSet>("postgres").is_some()
            && local.get::<StatefulSet>("minio").is_some()
    );
    let production = rendered(&project, "production");
    assert!(
        production.objects.iter().all(|o| !matches!(o, Object::StatefulSet(_))),
        "no database or object store in production"
    );
    for name in ["frontend", "backend", "celery", "redis"] {
        let d: &Deployment = production.get(name).unwrap_or_else(|| panic!("no {name}"));
        for c in containers(&Object::Deployment(d.clone())) {
            assert!(
                c.liveness_probe.is_some() && c.readiness_probe.is_some(),
                "{name} has no health checks"
            );
        }
    }
    let config: &ConfigMap =
        production.get("backend-config").unwrap_or_else(|| panic!("no backend config"));
    assert!(
        config
            .data
            .as_ref()
            .and_then(|d| d.get("S3_ENDPOINT"))
            .is_some_and(|e| e.ends_with(".r2.cloudflarestorage.com"))
    );
}
