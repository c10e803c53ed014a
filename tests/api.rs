//! The typed options of the model API and what each changes in the output.

use rustomize::k8s::api::apps::v1::Deployment;
use rustomize::{
    App, Code, Component, Container, Environment, Error, Image, IntOrPercent, Object, Port,
    ReplicasFrom, Rollout, ServiceAccount, ServiceAccountSpec, Strategy, Waiver,
};

fn app(name: &str) -> App {
    App {
        containers: vec![Container {
            name: name.into(),
            image: Image::tag("nginx", "1.27.3"),
            ports: vec![Port::http(8080)],
            ..Container::default()
        }],
        expose: Some(rustomize::Expose::cluster_ip(&[("http", 80)])),
        ..App::new(name)
    }
}

fn env(apps: Vec<App>) -> Environment {
    Environment {
        name: "prod".into(),
        tree: "overlays/prod".into(),
        namespace: Some("shop".into()),
        apps,
        ..Environment::default()
    }
}

fn deployment(env: &Environment, name: &str) -> Deployment {
    let rendered = rustomize::render(env).unwrap_or_else(|e| panic!("{e}"));
    rendered
        .objects
        .into_iter()
        .find_map(|o| match o {
            Object::Deployment(d) if d.metadata.name.as_deref() == Some(name) => Some(d),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no Deployment `{name}`"))
}

#[test]
fn replicas_left_to_the_cluster_render_no_count() {
    let fixed = App { replicas: 3, ..app("web") };
    let spec = deployment(&env(vec![fixed.clone()]), "web").spec.unwrap_or_default();
    assert_eq!(spec.replicas, Some(3));
    let cluster = App { replicas_from: ReplicasFrom::Cluster, ..fixed };
    let spec = deployment(&env(vec![cluster]), "web").spec.unwrap_or_default();
    assert_eq!(spec.replicas, None, "`kubectl scale` or an autoscaler owns the count");
}

#[test]
fn rollout_counts_are_numbers_or_percentages() -> Result<(), Error> {
    let mut web = app("web");
    web.rollout = Rollout {
        strategy: Some(Strategy::RollingUpdate {
            max_surge: Some(IntOrPercent::Percent(25)),
            max_unavailable: Some(IntOrPercent::Count(0)),
        }),
        ..Rollout::default()
    };
    let yaml = rustomize::output::stream(&rustomize::render(&env(vec![web.clone()]))?)?;
    assert!(yaml.contains("maxSurge: 25%\n"), "{yaml}");
    assert!(yaml.contains("maxUnavailable: 0\n"), "{yaml}");

    web.rollout.strategy = Some(Strategy::RollingUpdate {
        max_surge: Some(IntOrPercent::Percent(0)),
        max_unavailable: Some(IntOrPercent::Count(0)),
    });
    let Err(Error::Invalid(problems)) = rustomize::render(&env(vec![web])) else {
        panic!("a rollout that can replace no pod must be refused")
    };
    assert!(problems[0].message.contains("can never replace a pod"), "{}", problems[0]);
    Ok(())
}

#[test]
fn a_components_prefix_stacks_inside_the_environments() {
    let db = Component {
        name: "database".into(),
        name_prefix: "db-".into(),
        apps: vec![app("postgres")],
        ..Component::default()
    };
    let prod = Environment { name_prefix: "prod-".into(), components: vec![db], ..env(vec![]) };
    let rendered = rustomize::render(&prod).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<(&str, &str)> = rendered.objects.iter().map(|o| (o.kind(), o.name())).collect();
    assert!(names.contains(&("Deployment", "prod-db-postgres")), "{names:?}");
    assert!(names.contains(&("Service", "prod-db-postgres")), "{names:?}");
}

#[test]
fn a_component_overlay_names_its_app_with_the_prefix() {
    let db = Component {
        name: "database".into(),
        name_prefix: "db-".into(),
        apps: vec![app("postgres")],
        remove: vec!["postgres".into()],
        ..Component::default()
    };
    let prod = Environment { components: vec![db], ..env(vec![]) };
    let Err(Error::Invalid(problems)) = rustomize::render(&prod) else {
        panic!("the unprefixed name is not an app of the environment")
    };
    assert_eq!(problems[0].code, Code::UnknownReference, "{}", problems[0]);
    assert!(problems[0].help.as_deref() == Some("did you mean `db-postgres`?"), "{}", problems[0]);
}

#[test]
fn a_handle_from_a_declaration_the_environment_lacks_is_reported() {
    let declared = ServiceAccountSpec::new("frontend");
    let stray = ServiceAccountSpec::new("backend");
    let web = App { service_account: ServiceAccount::Shared(stray.handle()), ..app("web") };
    let prod = Environment { service_accounts: vec![declared], ..env(vec![web]) };
    let Err(Error::Invalid(problems)) = rustomize::render(&prod) else {
        panic!("the handle's declaration is not in the environment")
    };
    assert_eq!(problems[0].code, Code::UnknownReference);
    assert!(problems[0].message.contains("ServiceAccount `backend` is not declared"));
}

#[test]
fn a_waiver_of_several_checks_renders_one_annotation_each() {
    let web = App { waivers: vec![Waiver::no_probes()], ..app("web") };
    let d = deployment(&env(vec![web]), "web");
    let annotations = d.metadata.annotations.unwrap_or_default();
    let skips: Vec<&String> = annotations
        .iter()
        .filter(|(k, _)| k.starts_with("checkov.io/skip"))
        .map(|(_, v)| v)
        .collect();
    assert_eq!(skips.len(), 2, "{annotations:?}");
    assert!(skips[0].starts_with("CKV_K8S_8=") && skips[1].starts_with("CKV_K8S_9="), "{skips:?}");
}

#[test]
fn a_secret_a_controller_issues_is_asked_of_nobody() {
    let tls = rustomize::SecretSpec::issued_tls("shop-tls", "cert-manager");
    let db = rustomize::SecretSpec::new("db", &["url"]);
    let web = App {
        volumes: vec![rustomize::Volume::new("tls", rustomize::VolumeSource::secret("shop-tls"))],
        ..app("web")
    };
    let prod = Environment { secrets: vec![tls, db], ..env(vec![web]) };
    let project = rustomize::Project::new("generated", vec![prod.clone()]);
    let files = rustomize::render_all(&project).unwrap_or_else(|e| panic!("{e}"));
    let example = &files["overlays/prod/secrets.env.example"];
    assert!(example.contains("url="), "{example}");
    assert!(!example.contains("tls.crt"), "cert-manager fills it, not a person: {example}");
    // An env file with only the hand-provisioned key is complete.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("prod.env");
    std::fs::write(&file, "url=postgres://db\n").unwrap_or_else(|e| panic!("{e}"));
    let rendered = rustomize::render_with_secrets(&prod, &file).unwrap_or_else(|e| panic!("{e}"));
    let secrets: Vec<&str> =
        rendered.objects.iter().filter(|o| o.kind() == "Secret").map(|o| o.name()).collect();
    assert_eq!(secrets, ["db"]);
}

/// An HTTPRoute to the app's Service on `port`, and a ServiceMonitor of its `endpoint` port.
fn custom_resources(port: u16, endpoint: &str) -> Vec<rustomize::RawYaml> {
    let route = format!(
        "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: web\nspec:\n  rules:\n  - backendRefs:\n    - name: web\n      port: {port}\n"
    );
    let monitor = format!(
        "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: web\n  endpoints:\n  - port: {endpoint}\n"
    );
    vec![
        rustomize::RawYaml::inline("route.yaml", &route),
        rustomize::RawYaml::inline("monitor.yaml", &monitor),
    ]
}

#[test]
fn custom_resources_naming_a_port_the_service_lacks_are_refused() {
    let web = App { expose: Some(rustomize::Expose::cluster_ip(&[("http", 80)])), ..app("web") };
    let ok = Environment { raw: custom_resources(80, "http"), ..env(vec![web.clone()]) };
    assert!(rustomize::render(&ok).is_ok(), "{:?}", rustomize::render(&ok).err());

    let wrong = Environment { raw: custom_resources(8080, "htp"), ..env(vec![web]) };
    let Err(Error::Invalid(problems)) = rustomize::render(&wrong) else {
        panic!("ports the Service does not have must be refused")
    };
    let route = problems
        .iter()
        .find(|p| p.object == "HTTPRoute `web`")
        .unwrap_or_else(|| panic!("{problems:#?}"));
    assert_eq!(route.code, Code::UnknownReference);
    assert_eq!(route.field, "spec.rules[0].backendRefs[0].port");
    assert!(route.message.contains("port `8080` is not a port of Service `web`"), "{route}");
    let monitor = problems
        .iter()
        .find(|p| p.object == "ServiceMonitor `web`")
        .unwrap_or_else(|| panic!("{problems:#?}"));
    assert_eq!(monitor.help.as_deref(), Some("did you mean `http`?"), "{monitor}");
    assert_eq!(problems.len(), 2, "{problems:#?}");
}

#[test]
fn a_reference_to_a_service_of_another_tree_is_not_judged() {
    let mut raw = custom_resources(8080, "htp");
    raw.truncate(1);
    let other = Environment { raw, ..env(vec![app("api")]) };
    assert!(rustomize::render(&other).is_ok(), "{:?}", rustomize::render(&other).err());
}
