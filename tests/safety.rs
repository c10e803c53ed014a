//! The second safety round, each case through the public API: raw YAML read as kubectl reads
//! it, Secret values behind Lists, literal credentials by name and shape, the limits the
//! cluster would enforce later, and Pod Security admission labels on every Namespace. Nothing
//! is written on any of them (`render` fails before any output).

use rustomize::k8s::api::core::v1::Namespace;
use rustomize::{
    App, Config, Container, Environment, Expose, Image, Port, RawYaml, Resources, Security, Waiver,
    Workload, labels, render,
};

use crate::{copy_of_generated, rustomize as run, text};

fn app() -> App {
    App {
        replicas: 1,
        containers: vec![Container {
            name: "web".into(),
            image: Image::tag("nginx", "1.27"),
            ports: vec![Port::http(8080)],
            resources: Resources::requests("100m", "64Mi").limits("200m", "128Mi"),
            ..Container::default()
        }],
        expose: Some(Expose::cluster_ip(&[("http", 80)])),
        ..App::new("web")
    }
}

fn env(apps: Vec<App>) -> Environment {
    Environment {
        name: "t".into(),
        tree: "t".into(),
        namespace: Some("shop".into()),
        apps,
        ..Environment::default()
    }
}

fn error(env: &Environment) -> String {
    render(env).err().map(|e| e.to_string()).unwrap_or_default()
}

#[test]
fn raw_yaml_means_what_kubectl_reads() {
    let raw = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: modes\ndata:\n  enabled: 'yes'\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  defaultMode: 0400\n  other: 0644\n";
    let mut e = env(vec![app()]);
    e.raw = vec![RawYaml::inline("modes.yaml", raw)];
    let r = render(&e).unwrap_or_else(|err| panic!("{err}"));
    let widget = r
        .objects
        .iter()
        .find(|o| o.kind() == "Widget")
        .and_then(|o| o.to_json().ok())
        .unwrap_or_default();
    assert_eq!(widget["spec"]["defaultMode"], 256, "0400 is octal, as kubectl reads it");
    assert_eq!(widget["spec"]["other"], 420);
    for (yaml, expected) in [
        (
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  k: !Ref other\n",
            "unsupported tag `!Ref`\n  --> target `t`, raw YAML `modes.yaml:6:11`",
        ),
        (
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\nbinaryData:\n  k: !!binary aGVsbG8=\n",
            "`!!binary` values are refused",
        ),
    ] {
        e.raw = vec![RawYaml::inline("modes.yaml", yaml)];
        let err = error(&e);
        assert!(err.contains(expected), "{expected} in:\n{err}");
    }
}

#[test]
fn secret_values_inside_a_list_are_refused_and_never_printed() {
    let list = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: creds\n  stringData:\n    TOKEN: plain-s3cr3t\n";
    let mut e = env(vec![app()]);
    e.raw = vec![RawYaml::inline("list.yaml", list)];
    let err = error(&e);
    assert!(err.contains("Secret `creds` carries values"), "{err}");
    assert!(!err.contains("plain-s3cr3t"));
    // In a committed tree, `check` sees through the List too, and prints no diff of it.
    let (_tmp, dir) = copy_of_generated();
    std::fs::write(dir.join("overlays/prod/99-list.yaml"), list).unwrap_or_else(|e| panic!("{e}"));
    let out = run(&["check", "--dir", &dir.display().to_string()]);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("99-list.yaml` holds a Secret with values"), "{stderr}");
    assert!(!stderr.contains("plain-s3cr3t"), "{stderr}");
}

#[test]
fn literal_credentials_are_found_by_name_and_shape_everywhere() {
    type Plant = fn(&mut App);
    let cases: Vec<(Plant, &str)> = vec![
        (
            |a| a.containers[0].env = rustomize::Env::new().set("DB_PASS", "hunter2"),
            "`DB_PASS` looks like a credential",
        ),
        (
            |a| {
                a.containers[0].env =
                    rustomize::Env::new().set("DATABASE_URL", "postgres://app:hunter2@db/app")
            },
            "looks like a URL with a password",
        ),
        (
            |a| {
                a.containers[0].args =
                    vec!["--token=ghp_abcdefghijklmnopqrstuvwxyz0123456789".into()]
            },
            "an argument looks like a GitHub token",
        ),
        (
            |a| a.config = Config::new().set("aws", "AKIAIOSFODNN7EXAMPLE"),
            "config key `aws` holds what looks like an AWS access key",
        ),
        (
            |a| a.config = Config::new().set("JWT_SIGNING_KEY", "abc"),
            "config key `JWT_SIGNING_KEY` looks like a credential",
        ),
        (
            |a| {
                a.pod_annotations =
                    labels(&[("example.com/key", "sk_live_4eC39HqLyjWDarjtT1zdp7dc")])
            },
            "annotation `example.com/key` looks like a Stripe live key",
        ),
    ];
    for (plant, expected) in cases {
        let mut a = app();
        plant(&mut a);
        let err = error(&env(vec![a.clone()]));
        assert!(err.contains(expected), "{expected} in:\n{err}");
        assert!(err.contains("help: declare the value in a `SecretSpec`"), "{err}");
        a.waivers.push(Waiver::literal_credential("a published test fixture"));
        assert_eq!(error(&env(vec![a])), "", "a written reason waives it");
    }
}

#[test]
fn what_the_cluster_would_refuse_later_is_refused_now() {
    type Break = fn(&mut Environment);
    let cases: Vec<(Break, &str)> = vec![
        (
            |e| e.name_prefix = format!("{}-", "p".repeat(60)),
            "a Deployment name may have at most 63",
        ),
        (
            |e| e.apps[0].name = "1web".into(),
            "Service name `1web` is not valid: it does not start with a letter",
        ),
        (
            |e| e.apps[0].expose = Some(Expose::cluster_ip(&[("http", 0)])),
            "Service port 0 is not valid",
        ),
        (
            |e| {
                e.apps[0].name = "a-stateful-set-name-that-is-fifty-three-characters-xx".into();
                e.apps[0].workload = Workload::StatefulSet;
            },
            "a StatefulSet name may have at most 52",
        ),
        (
            |e| e.apps[0].config = Config::new().set("bad key", "x"),
            "config key `bad key` is not valid",
        ),
        (
            |e| e.apps[0].config = Config::new().set("big", "x".repeat(1024 * 1024 + 1)),
            "the config holds 1048580 bytes",
        ),
        (
            |e| e.apps[0].pod_annotations = labels(&[("example.com/big", &"x".repeat(300 * 1024))]),
            "the annotations add up to",
        ),
        (
            |e| {
                e.apps[0].containers[0].resources =
                    Resources::requests("100m", "256m").limits("200m", "512Mi")
            },
            "did you mean `256Mi`?",
        ),
        (
            |e| {
                e.apps[0].ingress = Some(rustomize::Ingress {
                    host: "Shop.Example.com".into(),
                    port: "http".into(),
                    ..rustomize::Ingress::default()
                })
            },
            "host `Shop.Example.com` has capitals",
        ),
    ];
    for (i, (mutate, expected)) in cases.into_iter().enumerate() {
        let mut e = env(vec![app()]);
        mutate(&mut e);
        let err = error(&e);
        assert!(err.contains(expected), "case {i}: {expected} in:\n{err}");
    }
}

#[test]
fn namespaces_carry_the_pod_security_level_their_apps_meet() {
    let r = render(&env(vec![app()])).unwrap_or_else(|e| panic!("{e}"));
    let ns: &Namespace = r.get("shop").unwrap_or_else(|| panic!("no Namespace"));
    let labels = ns.metadata.labels.clone().unwrap_or_default();
    for mode in ["enforce", "audit", "warn"] {
        assert_eq!(
            labels.get(&format!("pod-security.kubernetes.io/{mode}")).map(String::as_str),
            Some("restricted")
        );
    }
    let mut root = app();
    root.name = "legacy".into();
    root.containers[0].ports = vec![Port::http(8080)];
    root.security = Security::root("the vendor image needs root");
    let r = render(&env(vec![app(), root])).unwrap_or_else(|e| panic!("{e}"));
    let ns: &Namespace = r.get("shop").unwrap_or_else(|| panic!("no Namespace"));
    let meta = ns.metadata.clone();
    assert_eq!(
        meta.labels
            .unwrap_or_default()
            .get("pod-security.kubernetes.io/enforce")
            .map(String::as_str),
        Some("baseline")
    );
    let why = meta
        .annotations
        .unwrap_or_default()
        .get("rustomize.dev/pod-security")
        .cloned()
        .unwrap_or_default();
    assert_eq!(why, "baseline, for `legacy`: the vendor image needs root");
}
