//! Environment-wide transforms: prefix and suffix with every reference following, overrides
//! and patches that must match something, components, ordering, provenance and set-image.

use rustomize::Object;
use rustomize::k8s::api::apps::v1::{Deployment, StatefulSet};
use rustomize::k8s::api::autoscaling::v2::HorizontalPodAutoscaler;
use rustomize::k8s::api::core::v1::Service;
use rustomize::k8s::api::networking::v1::Ingress;
use rustomize::{Component, ImageOverride, Patch, Replicas, Select, labels, render};

use crate::{environments, fixtures, rustomize as run, text};

fn pod_spec(o: &Object) -> rustomize::k8s::api::core::v1::PodSpec {
    match o {
        Object::Deployment(d) => d.spec.as_ref().and_then(|s| s.template.spec.clone()),
        Object::StatefulSet(s) => s.spec.as_ref().and_then(|s| s.template.spec.clone()),
        _ => None,
    }
    .unwrap_or_default()
}

#[test]
fn prefix_and_suffix_rename_objects_and_every_reference_follows() {
    let mut env = fixtures::all_knobs();
    env.name_prefix = "prod-".into();
    env.name_suffix = "-v2".into();
    env.apps[0].config.hashed = true;
    env.apps[0].autoscale = Some(rustomize::Autoscale {
        min_replicas: 2,
        max_replicas: 4,
        cpu_percent: Some(80),
        memory_percent: None,
        ..rustomize::Autoscale::default()
    });
    let mut db = environments::services::db::app();
    db.containers[0].env = rustomize::Env::new().set("PGDATA", "/var/lib/postgresql/data/pgdata");
    env.apps.push(db);
    env.secrets.push(environments::services::db::credentials());
    let r = render(&env).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = r.objects.iter().map(Object::name).collect();
    assert!(names.contains(&"knobs"), "the Namespace keeps its name: {names:?}");
    assert!(names.iter().filter(|n| **n != "knobs").all(|n| n.starts_with("prod-")), "{names:?}");
    let web: &Deployment =
        r.get("prod-web-v2").unwrap_or_else(|| panic!("no prod-web-v2 in {names:?}"));
    let spec = pod_spec(&Object::Deployment(web.clone()));
    let config_map = r
        .objects
        .iter()
        .find(|o| o.kind() == "ConfigMap" && o.name().starts_with("prod-web-config-v2-"))
        .map(Object::name);
    let config_map = config_map.unwrap_or_else(|| panic!("no hashed ConfigMap in {names:?}"));
    let env_ref = spec.containers[0]
        .env
        .iter()
        .flatten()
        .find_map(|e| e.value_from.as_ref()?.config_map_key_ref.as_ref())
        .map(|r| r.name.as_str());
    assert_eq!(env_ref, Some(config_map), "configMapKeyRef follows the hashed, prefixed name");
    let volume =
        spec.volumes.iter().flatten().find_map(|v| v.config_map.as_ref()).map(|c| c.name.as_str());
    assert_eq!(volume, Some(config_map));
    let claim = spec
        .volumes
        .iter()
        .flatten()
        .find_map(|v| v.persistent_volume_claim.as_ref())
        .map(|c| c.claim_name.clone());
    assert_eq!(claim.as_deref(), Some("prod-web-uploads-v2"));
    assert!(names.contains(&"prod-web-uploads-v2"));
    assert_eq!(spec.service_account_name.as_deref(), Some("prod-web-v2"));
    let secret = spec.containers[0]
        .env
        .iter()
        .flatten()
        .find_map(|e| e.value_from.as_ref()?.secret_key_ref.as_ref())
        .map(|r| r.name.as_str());
    assert_eq!(
        secret,
        Some("web-tokens"),
        "declared Secrets live outside the tree and keep their names"
    );
    let hpa: &HorizontalPodAutoscaler = r.get("prod-web-v2").unwrap_or_else(|| panic!("no HPA"));
    assert_eq!(hpa.spec.as_ref().map(|s| s.scale_target_ref.name.as_str()), Some("prod-web-v2"));
    let ingress: &Ingress = r.get("prod-web-v2").unwrap_or_else(|| panic!("no Ingress"));
    let backend = ingress
        .spec
        .as_ref()
        .and_then(|s| s.rules.as_ref())
        .and_then(|r| r[0].http.as_ref())
        .and_then(|h| h.paths[0].backend.service.as_ref())
        .map(|s| s.name.clone());
    assert_eq!(backend.as_deref(), Some("prod-web-v2"));
    // Kustomize misses this one: a StatefulSet's serviceName.
    let sts: &StatefulSet = r.get("prod-db-v2").unwrap_or_else(|| panic!("no StatefulSet"));
    assert_eq!(sts.spec.as_ref().and_then(|s| s.service_name.as_deref()), Some("prod-db-v2"));
    assert!(r.get::<Service>("prod-db-v2").is_some());
    // Selectors are labels, not names: unchanged.
    let selector =
        web.spec.as_ref().and_then(|s| s.selector.match_labels.clone()).unwrap_or_default();
    assert_eq!(selector, labels(&[("app.kubernetes.io/name", "web")]));
}

#[test]
fn patches_edit_typed_objects_by_name_or_labels() {
    let mut env = environments::overlays::prod::prod();
    env.name_prefix = "p-".into();
    // With a prefix the frontend must address the API's Service by its prefixed name
    // (validation refuses the bare one).
    let api_url = env.app("api").map(|api| format!("http://{}:80", env.host(api)));
    for app in env.apps.iter_mut().filter(|a| a.name == "frontend") {
        app.config.data.insert("API_URL".into(), api_url.clone().unwrap_or_default());
    }
    env.patches = vec![
        Patch::on(Select::name("api"), |d: &mut Deployment| {
            if let Some(spec) = d.spec.as_mut() {
                spec.min_ready_seconds = Some(10);
            }
        }),
        Patch::on(
            Select::Labels(labels(&[("app.kubernetes.io/component", "worker")])),
            |d: &mut Deployment| {
                if let Some(spec) = d.spec.as_mut() {
                    spec.revision_history_limit = Some(3);
                }
            },
        ),
    ];
    let r = render(&env).unwrap_or_else(|e| panic!("{e}"));
    let api: &Deployment = r.get("p-api").unwrap_or_else(|| panic!("no api"));
    assert_eq!(api.spec.as_ref().and_then(|s| s.min_ready_seconds), Some(10));
    let workers: &Deployment = r.get("p-workers").unwrap_or_else(|| panic!("no workers"));
    assert_eq!(workers.spec.as_ref().and_then(|s| s.revision_history_limit), Some(3));
    assert_eq!(api.spec.as_ref().and_then(|s| s.revision_history_limit), None);
}

#[test]
fn an_edit_that_matches_nothing_is_an_error_naming_it() {
    let mut env = environments::overlays::prod::prod();
    env.patches =
        vec![Patch::on(Select::name("apii"), |d: &mut Deployment| d.metadata.generation = None)];
    env.replicas = vec![Replicas::new("frontnd", 2)];
    env.images = vec![ImageOverride::tag("ghcr.io/begbot/worker", "2.0.0")];
    let err = render(&env).err().map(|e| e.to_string()).unwrap_or_default();
    for expected in [
        "error: the patch on Deployment `apii` matches no object\n  --> target `prod`, patch at tests/transform.rs:",
        "help: did you mean `api`?",
        "error: the replica override for `frontnd` matches no Deployment or StatefulSet",
        "help: did you mean `frontend`?",
        "error: the image override for `ghcr.io/begbot/worker` matches no container image",
        "help: did you mean `ghcr.io/begbot/workers`?",
        "found 3 problems; nothing was written",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
}

#[test]
fn edits_reach_every_app_of_a_large_environment_and_report_once() {
    // Enough apps that they are rendered in several runs on several threads: each edit must
    // still reach its one object, and one that matches nothing is reported once, with the
    // names of apps from every run to suggest.
    let mut env = environments::overlays::prod::prod();
    env.image_file = None;
    let template = env.apps[0].clone();
    let image = template.containers[0].image.repository.clone();
    env.apps = (0..150)
        .map(|i| {
            let mut app = template.clone();
            app.name = format!("app-{i:03}");
            app.expose.iter_mut().for_each(|e| e.name = None);
            app.ingress = None;
            app.containers[0].image = rustomize::Image::tag(&format!("{image}-{i:03}"), "1.0.0");
            app
        })
        .collect();
    env.patches = vec![Patch::on(Select::name("app-003"), |d: &mut Deployment| {
        d.metadata.generation = Some(7);
    })];
    env.replicas = vec![Replicas::new("app-140", 5)];
    env.images = vec![ImageOverride::tag(&format!("{image}-097"), "2.0.0")];
    let r = render(&env).unwrap_or_else(|e| panic!("{e}"));
    let deployments: Vec<&Deployment> = r
        .objects
        .iter()
        .filter_map(|o| match o {
            Object::Deployment(d) => Some(d),
            _ => None,
        })
        .collect();
    assert_eq!(deployments.len(), 150);
    for d in deployments {
        let name = d.metadata.name.as_deref().unwrap_or_default();
        let patched = d.metadata.generation == Some(7);
        assert_eq!(patched, name.ends_with("app-003"), "patch on {name}");
        let replicas = d.spec.as_ref().and_then(|s| s.replicas);
        assert_eq!(replicas == Some(5), name.ends_with("app-140"), "replicas of {name}");
        let pod = d.spec.as_ref().and_then(|s| s.template.spec.as_ref());
        let image = pod.and_then(|p| p.containers[0].image.as_deref()).unwrap_or_default();
        assert_eq!(image.ends_with(":2.0.0"), name.ends_with("app-097"), "image of {name}");
    }
    env.replicas = vec![Replicas::new("apq-120", 5)];
    env.images = vec![ImageOverride::tag(&format!("{image}-1499"), "2.0.0")];
    let err = render(&env).err().map(|e| e.to_string()).unwrap_or_default();
    for expected in [
        "help: did you mean `app-120`?",
        &format!("help: did you mean `{image}-149`?"),
        "found 2 problems; nothing was written",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
}

#[test]
fn replica_and_image_overrides_apply() {
    let mut env = environments::overlays::dev::dev();
    env.replicas = vec![Replicas::new("frontend", 4)];
    env.images = vec![ImageOverride {
        name: "postgres".into(),
        digest: Some(format!("sha256:{}", "b".repeat(64))),
        ..ImageOverride::default()
    }];
    let r = render(&env).unwrap_or_else(|e| panic!("{e}"));
    let frontend: &Deployment = r.get("frontend").unwrap_or_else(|| panic!("no frontend"));
    assert_eq!(frontend.spec.as_ref().and_then(|s| s.replicas), Some(4));
    let db =
        r.objects.iter().find(|o| o.kind() == "StatefulSet").unwrap_or_else(|| panic!("no db"));
    assert_eq!(
        pod_spec(db).containers[0].image,
        Some(format!("postgres@sha256:{}", "b".repeat(64)))
    );
}

#[test]
fn a_component_adds_apps_secrets_and_patches() {
    let mut env = environments::overlays::prod::prod();
    env.components = vec![Component {
        name: "database".into(),
        apps: vec![environments::services::db::app()],
        secrets: vec![environments::services::db::credentials()],
        patches: vec![Patch::on(Select::name("db"), |s: &mut StatefulSet| {
            if let Some(spec) = s.spec.as_mut() {
                spec.pod_management_policy = Some("Parallel".into());
            }
        })],
        ..Component::default()
    }];
    let r = render(&env).unwrap_or_else(|e| panic!("{e}"));
    let db: &StatefulSet = r.get("db").unwrap_or_else(|| panic!("the component's app is missing"));
    assert_eq!(db.spec.as_ref().and_then(|s| s.pod_management_policy.as_deref()), Some("Parallel"));
    assert_eq!(db.metadata.namespace.as_deref(), Some("begbot-prod"));
    env.components.clear();
    assert!(
        render(&env).map(|r| r.get::<StatefulSet>("db").is_none()).unwrap_or(false),
        "left out, it adds nothing"
    );
}

#[test]
fn fifo_order_keeps_declaration_order() {
    let out = run(&["render", "prod", "--order", "fifo"]);
    assert!(out.status.success(), "{}", text(&out).1);
    let stdout = text(&out).0;
    let kinds: Vec<&str> =
        stdout.lines().filter_map(|l| l.strip_prefix("kind: ")).take(4).collect();
    // The api's objects together, in render order, not all ConfigMaps first.
    assert_eq!(kinds, ["Namespace", "ConfigMap", "Service", "Deployment"]);
}

#[test]
fn provenance_points_at_the_rust_source() {
    let out = run(&["render", "prod", "--provenance"]);
    let stdout = text(&out).0;
    let line = stdout
        .lines()
        .find(|l| l.contains("rustomize.dev/origin") && l.contains("api.rs"))
        .unwrap_or_default();
    assert!(line.contains("environments/services/api.rs:"), "{line}");
    assert!(line.contains(", environments/overlays/prod.rs:"), "the overlay is named too: {line}");
    let committed = std::fs::read_to_string(
        crate::root().join("generated/overlays/prod/18-deployment-api.yaml"),
    )
    .unwrap_or_default();
    assert!(
        !committed.contains("rustomize.dev/origin"),
        "off by default, so trees do not churn when code moves"
    );
}

#[test]
fn set_image_updates_the_image_file_and_regenerates() {
    let (tmp, dir) = crate::copy_of_generated();
    let images = tmp.path().join("prod.images.yaml");
    std::fs::copy(crate::root().join("environments/overlays/prod.images.yaml"), &images)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut project = environments::project();
    project.generated_dir = dir.clone();
    project.environments[2].image_file = Some(images.clone());
    assert_eq!(
        rustomize::cli::run_args(
            project.clone(),
            ["rustomize", "set-image", "prod", "ghcr.io/begbot/api=99.0.0"]
        ),
        0
    );
    let file = std::fs::read_to_string(&images).unwrap_or_default();
    assert!(
        file.contains("ghcr.io/begbot/api: 99.0.0\n")
            || file.contains("ghcr.io/begbot/api: \"99.0.0\"\n"),
        "{file}"
    );
    let deployment = std::fs::read_to_string(dir.join("overlays/prod/18-deployment-api.yaml"))
        .unwrap_or_default();
    assert!(deployment.contains("image: ghcr.io/begbot/api:99.0.0\n"), "{deployment}");
    // An image no app uses is refused; the file and the tree stay as they were.
    let tree = rustomize::output::read_tree(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        rustomize::cli::run_args(
            project.clone(),
            ["rustomize", "set-image", "prod", "ghcr.io/begbot/nope=1.0"]
        ),
        1
    );
    assert_eq!(std::fs::read_to_string(&images).unwrap_or_default(), file);
    assert_eq!(rustomize::output::read_tree(&dir).unwrap_or_else(|e| panic!("{e}")), tree);
    assert_eq!(
        rustomize::cli::run_args(
            project.clone(),
            ["rustomize", "set-image", "prod", "no-equals-sign"]
        ),
        2,
        "a malformed argument is a usage error"
    );
    // References outside the OCI grammar are usage errors; `latest` is refused unless waived.
    for bad in ["sha256:abc", "1.8.0 beta", "v1/2", "ünïcode"] {
        let arg = format!("ghcr.io/begbot/api={bad}");
        assert_eq!(
            rustomize::cli::run_args(project.clone(), ["rustomize", "set-image", "prod", &arg]),
            2,
            "{bad}"
        );
    }
    assert_eq!(
        rustomize::cli::run_args(
            project.clone(),
            ["rustomize", "set-image", "prod", "ghcr.io/begbot/api=latest"]
        ),
        1
    );
    assert_eq!(std::fs::read_to_string(&images).unwrap_or_default(), file, "the file is restored");
    assert_eq!(rustomize::output::read_tree(&dir).unwrap_or_else(|e| panic!("{e}")), tree);
}

#[test]
fn an_included_ingress_class_is_followed_through_the_prefix() {
    let mut env = fixtures::all_knobs();
    env.name_prefix = "staging-".into();
    env.raw = vec![rustomize::RawYaml::inline(
        "ingress-class.yaml",
        "apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: nginx\nspec:\n  controller: k8s.io/ingress-nginx\n",
    )];
    let r = render(&env).unwrap_or_else(|e| panic!("{e}"));
    assert!(r.objects.iter().any(|o| o.kind() == "IngressClass" && o.name() == "staging-nginx"));
    let ingress: &Ingress = r.get("staging-web").unwrap_or_else(|| panic!("no Ingress"));
    assert_eq!(
        ingress.spec.as_ref().and_then(|s| s.ingress_class_name.as_deref()),
        Some("staging-nginx")
    );
}

#[test]
fn environment_labels_reach_pod_templates_unless_the_scope_is_objects() {
    use rustomize::{App, Container, Environment, Image, LabelScope};
    let env = |scope: LabelScope| Environment {
        name: "t".into(),
        tree: "t".into(),
        labels: [("team".to_owned(), "shop".to_owned())].into(),
        label_scope: scope,
        apps: vec![App {
            containers: vec![Container {
                name: "web".into(),
                image: Image::tag("nginx", "1.27"),
                ..Container::default()
            }],
            ..App::new("web")
        }],
        ..Environment::default()
    };
    let labels = |scope: LabelScope| {
        let rendered = render(&env(scope)).unwrap_or_else(|e| panic!("{e}"));
        let d: &Deployment = rendered.get("web").unwrap_or_else(|| panic!("no Deployment"));
        let template = d.spec.as_ref().and_then(|s| s.template.metadata.as_ref());
        (
            d.metadata.labels.as_ref().and_then(|l| l.get("team")).cloned(),
            template.and_then(|m| m.labels.as_ref()).and_then(|l| l.get("team")).cloned(),
        )
    };
    assert_eq!(labels(LabelScope::ObjectsAndPods), (Some("shop".into()), Some("shop".into())));
    assert_eq!(labels(LabelScope::Objects), (Some("shop".into()), None));
}
