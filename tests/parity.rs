//! Parity with Kustomize: each scenario is a small Kustomize tree and the rustomize
//! environment meant to produce the same objects, built both ways (`kubectl kustomize`, and
//! `render`) and compared object by object after parsing.
//!
//! The Kustomize trees start from a base that is rustomize's own render of a base environment,
//! so what is compared is what each tool's transforms (namespace, prefix, labels, images,
//! replicas, generators, components, patches) do to the same objects. Every intentional
//! difference is a named normaliser with its reason, applied before comparing.

use std::collections::BTreeMap;

use rustomize::RawYaml;
use rustomize::k8s::api::apps::v1::Deployment;
use rustomize::k8s::apimachinery::pkg::api::resource::Quantity;
use rustomize::{
    App, Component, Config, Container, Env, EnvValue, Environment, Expose, Image, ImageOverride,
    Mount, Patch, Port, Probe, Probes, Replicas, Resources, Select, ServiceAccount, Storage,
    Workload, labels, render,
};
use serde_json::Value;

/// A difference kept on purpose, and why.
struct Difference {
    why: &'static str,
    normalise: fn(&mut Vec<Value>),
}

struct Scenario {
    name: &'static str,
    /// The Kustomize tree, path → text (the base is added by the harness).
    files: Vec<(String, String)>,
    /// The directory `kubectl kustomize` builds.
    build: &'static str,
    env: Environment,
    differences: Vec<Difference>,
}

/// rustomize renders the Namespace object itself; Kustomize would need it listed as a resource.
const NAMESPACE_OBJECT: Difference = Difference {
    why: "rustomize renders each tree's Namespace object; in Kustomize it is a separate resource",
    normalise: |docs| docs.retain(|d| d["kind"] != "Namespace"),
};

/// Kustomize's `commonAnnotations` also annotates pod templates (restarting every pod when an
/// annotation changes); rustomize annotates object metadata only.
const TEMPLATE_ANNOTATIONS: Difference = Difference {
    why: "Kustomize's commonAnnotations also reach pod templates; rustomize's do not, so an annotation change never restarts pods",
    normalise: |docs| {
        for d in docs {
            if let Some(meta) =
                d.pointer_mut("/spec/template/metadata").and_then(Value::as_object_mut)
            {
                meta.remove("annotations");
            }
        }
    },
};

/// Kustomize leaves a StatefulSet's `serviceName` behind when it renames the Service.
const STATEFULSET_SERVICE_NAME: Difference = Difference {
    why: "Kustomize's name prefix does not rename a StatefulSet's serviceName; rustomize derives it from the Service",
    normalise: |docs| {
        for d in docs.iter_mut().filter(|d| d["kind"] == "StatefulSet") {
            if let Some(s) = d.pointer_mut("/spec/serviceName") {
                *s = Value::Null;
            }
        }
    },
};

/// Labels on a StatefulSet's volumeClaimTemplates: immutable, so changing them breaks apply.
const CLAIM_TEMPLATE_LABELS: Difference = Difference {
    why: "Kustomize's includeTemplates also labels volumeClaimTemplates, which are immutable, so a label change would break kubectl apply; rustomize leaves them alone",
    normalise: |docs| {
        for d in docs.iter_mut().filter(|d| d["kind"] == "StatefulSet") {
            for claim in d
                .pointer_mut("/spec/volumeClaimTemplates")
                .and_then(Value::as_array_mut)
                .into_iter()
                .flatten()
            {
                claim["metadata"].as_object_mut().map(|m| m.remove("labels"));
            }
        }
    },
};

/// rustomize marks every object it writes, raw ones included, so old objects can be pruned.
const MANAGED_BY: Difference = Difference {
    why: "rustomize labels every object it writes app.kubernetes.io/managed-by: rustomize (for kubectl apply --prune -l), raw YAML included",
    normalise: |docs| {
        for d in docs {
            if let Some(l) = d.pointer_mut("/metadata/labels").and_then(Value::as_object_mut) {
                l.remove("app.kubernetes.io/managed-by");
                if l.is_empty() {
                    d["metadata"].as_object_mut().map(|m| m.remove("labels"));
                }
            }
        }
    },
};

/// Linter waivers are per tree by design (an environment-agnostic tree waives more).
const WAIVERS: Difference = Difference {
    why: "checkov.io/skip annotations are per tree by design; Checkov in CI covers them",
    normalise: |docs| {
        for d in docs {
            if let Some(a) = d.pointer_mut("/metadata/annotations").and_then(Value::as_object_mut) {
                a.retain(|k, _| !k.starts_with("checkov.io/"));
                if a.is_empty() {
                    d["metadata"].as_object_mut().map(|m| m.remove("annotations"));
                }
            }
        }
    },
};

fn web() -> App {
    App {
        component: Some("frontend".into()),
        replicas: 2,
        service_account: ServiceAccount::Own,
        containers: vec![Container {
            name: "web".into(),
            image: Image::tag("nginx", "1.27.2"),
            ports: vec![Port::http(8080)],
            env: Env::new().set("MODE", EnvValue::Config("MODE".into())),
            env_from: vec![rustomize::EnvFrom::Config],
            probes: Probes { readiness: Some(Probe::http("/ready", "http")), ..Probes::default() },
            resources: Resources::requests("100m", "64Mi").limits("200m", "128Mi"),
            mounts: vec![Mount::new("uploads", "/srv/uploads")],
            ..Container::default()
        }],
        config: Config::new().set("MODE", "on").set("LOG_LEVEL", "info"),
        storage: vec![Storage::new("uploads", "1Gi")],
        expose: Some(Expose::cluster_ip(&[("http", 80)])),
        ..App::new("web")
    }
}

fn db() -> App {
    App {
        workload: Workload::StatefulSet,
        containers: vec![Container {
            name: "postgres".into(),
            image: Image::tag("postgres", "16.4-alpine"),
            ports: vec![Port::tcp("postgres", 5432)],
            resources: Resources::requests("100m", "128Mi").limits("500m", "512Mi"),
            mounts: vec![Mount::new("data", "/var/lib/postgresql/data")],
            ..Container::default()
        }],
        storage: vec![Storage::new("data", "1Gi")],
        expose: Some(Expose::headless(&[("postgres", 5432)])),
        security: rustomize::Security {
            writable_paths: vec!["/var/run/postgresql".into()],
            ..rustomize::Security::image_user(70, "the postgres image runs as its user 70")
        },
        ..App::new("db")
    }
}

fn base_env(apps: Vec<App>) -> Environment {
    Environment { name: "base".into(), tree: "base".into(), apps, ..Environment::default() }
}

/// The shared Kustomize base: rustomize's render of `base`, one document stream.
fn base_files(base: &Environment) -> Vec<(String, String)> {
    let yaml = rustomize::output::stream(&render(base).unwrap_or_else(|e| panic!("{e}")))
        .unwrap_or_else(|e| panic!("{e}"));
    vec![
        ("base/resources.yaml".into(), yaml),
        ("base/kustomization.yaml".into(), "resources:\n- resources.yaml\n".into()),
    ]
}

fn overlay(env: Environment, kustomization: &str) -> (Vec<(String, String)>, Environment) {
    let base = base_env(vec![web(), db()]);
    let mut files = base_files(&base);
    files.push((
        "overlay/kustomization.yaml".into(),
        format!("resources:\n- ../base\n{kustomization}"),
    ));
    (files, env)
}

fn with(f: impl FnOnce(&mut Environment)) -> Environment {
    let mut env = base_env(vec![web(), db()]);
    env.name = "overlay".into();
    f(&mut env);
    env
}

fn scenarios() -> Vec<Scenario> {
    let mut out = Vec::new();
    let mut add =
        |name, (files, env): (Vec<(String, String)>, Environment), differences: Vec<Difference>| {
            out.push(Scenario { name, files, build: "overlay", env, differences });
        };
    add(
        "namespace",
        overlay(with(|e| e.namespace = Some("shop".into())), "namespace: shop\n"),
        vec![NAMESPACE_OBJECT],
    );
    add(
        "prefix-suffix-with-references",
        overlay(
            with(|e| {
                e.name_prefix = "prod-".into();
                e.name_suffix = "-v2".into();
            }),
            "namePrefix: prod-\nnameSuffix: -v2\n",
        ),
        vec![STATEFULSET_SERVICE_NAME],
    );
    add(
        "labels-and-annotations",
        overlay(
            with(|e| {
                e.labels = labels(&[("team", "checkout"), ("environment", "prod")]);
                e.annotations = labels(&[("owner", "checkout@example.com")]);
            }),
            "labels:\n- pairs: {team: checkout, environment: prod}\n  includeTemplates: true\ncommonAnnotations:\n  owner: checkout@example.com\n",
        ),
        vec![TEMPLATE_ANNOTATIONS, CLAIM_TEMPLATE_LABELS],
    );
    add(
        "images",
        overlay(
            with(|e| {
                e.images = vec![
                    ImageOverride::tag("nginx", "1.27.3"),
                    ImageOverride {
                        name: "postgres".into(),
                        new_name: Some("mirror.example.com/postgres".into()),
                        digest: Some(format!("sha256:{}", "c".repeat(64))),
                        ..ImageOverride::default()
                    },
                ];
            }),
            &format!(
                "images:\n- name: nginx\n  newTag: \"1.27.3\"\n- name: postgres\n  newName: mirror.example.com/postgres\n  digest: sha256:{}\n",
                "c".repeat(64)
            ),
        ),
        vec![],
    );
    add(
        "replicas",
        overlay(
            with(|e| e.replicas = vec![Replicas::new("web", 5), Replicas::new("db", 3)]),
            "replicas:\n- name: web\n  count: 5\n- name: db\n  count: 3\n",
        ),
        vec![],
    );
    add("config-map-generator-with-hash", generator(false), vec![]);
    add("generator-without-hash", generator(true), vec![]);
    add(
        "component",
        {
            let (mut files, env) = overlay(
                with(|e| e.components = vec![monitoring()]),
                "components:\n- ../monitoring\n",
            );
            files.push(("monitoring/exporter.yaml".into(), EXPORTER.into()));
            files.push((
                "monitoring/kustomization.yaml".into(),
                "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n- exporter.yaml\npatches:\n- patch: |\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: web\n    spec:\n      template:\n        metadata:\n          annotations:\n            prometheus.io/scrape: \"true\"\n".into(),
            ));
            (files, env)
        },
        vec![MANAGED_BY],
    );
    add(
        "strategic-merge-patch",
        overlay(
            with(|e| {
                e.patches = vec![Patch::on(Select::name("web"), |d: &mut Deployment| {
                    let Some(spec) = d.spec.as_mut() else { return };
                    spec.min_ready_seconds = Some(10);
                    if let Some(c) =
                        spec.template.spec.as_mut().and_then(|p| p.containers.first_mut())
                    {
                        c.resources.get_or_insert_with(Default::default).limits = Some(
                            [
                                ("cpu".to_owned(), Quantity("300m".into())),
                                ("memory".to_owned(), Quantity("256Mi".into())),
                            ]
                            .into(),
                        );
                    }
                })];
            }),
            "patches:\n- patch: |\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: web\n    spec:\n      minReadySeconds: 10\n      template:\n        spec:\n          containers:\n          - name: web\n            resources:\n              limits:\n                cpu: 300m\n                memory: 256Mi\n",
        ),
        vec![],
    );
    add(
        "json6902-patch",
        overlay(
            with(|e| {
                e.patches = vec![Patch::on(Select::name("web"), |d: &mut Deployment| {
                    let Some(pod) = d.spec.as_mut().and_then(|s| s.template.spec.as_mut()) else {
                        return;
                    };
                    pod.termination_grace_period_seconds = Some(45);
                    if let Some(c) = pod.containers.first_mut() {
                        c.args = Some(vec!["--verbose".into()]);
                    }
                })];
            }),
            "patches:\n- target: {kind: Deployment, name: web}\n  patch: |\n    - op: add\n      path: /spec/template/spec/terminationGracePeriodSeconds\n      value: 45\n    - op: add\n      path: /spec/template/spec/containers/0/args\n      value: [--verbose]\n",
        ),
        vec![],
    );
    add(
        "raw-resources",
        {
            let (mut files, env) = overlay(
                with(|e| {
                    e.namespace = Some("shop".into());
                    e.raw = vec![RawYaml::inline("monitoring.yaml", RAW)];
                }),
                "namespace: shop\nresources:\n- monitoring.yaml\n",
            );
            files.push(("overlay/monitoring.yaml".into(), RAW.into()));
            // `resources:` appears twice in that kustomization; merge into one list.
            for (path, text) in &mut files {
                if path == "overlay/kustomization.yaml" {
                    *text = "resources:\n- ../base\n- monitoring.yaml\nnamespace: shop\n".into();
                }
            }
            (files, env)
        },
        vec![NAMESPACE_OBJECT, MANAGED_BY],
    );
    out.extend(two_overlays());
    out.push(seed_000());
    out
}

const RAW: &str = "apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: servicemonitors.monitoring.coreos.com
spec:
  group: monitoring.coreos.com
  names: {kind: ServiceMonitor, plural: servicemonitors}
  scope: Namespaced
  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}]
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: web
spec:
  selector: {matchLabels: {app.kubernetes.io/name: web}}
  endpoints: [{port: http, interval: 30s}]
";

/// A ConfigMap generated from literals: rustomize's hashed config against `configMapGenerator`.
fn generator(disable_hash: bool) -> (Vec<(String, String)>, Environment) {
    // The base holds the workloads without the ConfigMap, which the generator makes.
    let mut base = base_env(vec![web(), db()]);
    base.apps[0].config = Config::new();
    base.apps[0].containers[0].env = Env::new();
    base.apps[0].containers[0].env_from.clear();
    let mut files = base_files(&base);
    // Point the base's workload at the generator's name, as a Kustomize base would.
    for (path, text) in &mut files {
        if path == "base/resources.yaml" {
            *text = text.replace("        image: nginx:1.27.2\n", "        envFrom:\n        - configMapRef:\n            name: web-config\n        image: nginx:1.27.2\n");
        }
    }
    let options = if disable_hash { "    disableNameSuffixHash: true\n" } else { "" };
    files.push(("overlay/kustomization.yaml".into(), format!(
        "resources:\n- ../base\nconfigMapGenerator:\n- name: web-config\n  literals:\n  - MODE=on\n  - LOG_LEVEL=info\n  - nginx.conf=events {{}}\n  options:\n    labels:\n      app.kubernetes.io/component: frontend\n      app.kubernetes.io/managed-by: rustomize\n      app.kubernetes.io/name: web\n{options}"
    )));
    let env = with(|e| {
        let web = &mut e.apps[0];
        web.config = Config { hashed: !disable_hash, ..Config::new() }
            .set("MODE", "on")
            .set("LOG_LEVEL", "info")
            .set("nginx.conf", "events {}");
        web.containers[0].env = Env::new();
    });
    (files, env)
}

/// An optional bundle: a metrics ConfigMap-carrying app and a patch on the web Deployment.
fn monitoring() -> Component {
    Component {
        name: "monitoring".into(),
        patches: vec![Patch::on(Select::name("web"), |d: &mut Deployment| {
            if let Some(t) = d.spec.as_mut().and_then(|s| s.template.metadata.as_mut()) {
                t.annotations
                    .get_or_insert_with(Default::default)
                    .insert("prometheus.io/scrape".into(), "true".into());
            }
        })],
        raw: vec![RawYaml::inline("exporter.yaml", EXPORTER)],
        ..Component::default()
    }
}

const EXPORTER: &str = "apiVersion: v1
kind: ConfigMap
metadata:
  name: exporter-rules
data:
  rules.yaml: |
    groups: []
";

/// The same base under a dev and a prod overlay, compared both ways.
fn two_overlays() -> Vec<Scenario> {
    let base = base_env(vec![web(), db()]);
    let mut files = base_files(&base);
    files.push((
        "overlays/dev/kustomization.yaml".into(),
        "resources:\n- ../../base\nnamespace: dev\nreplicas:\n- name: web\n  count: 1\n".into(),
    ));
    files.push(("overlays/prod/kustomization.yaml".into(), "resources:\n- ../../base\nnamespace: prod\nnamePrefix: prod-\nreplicas:\n- name: web\n  count: 4\nimages:\n- name: nginx\n  newTag: \"1.27.3\"\n".into()));
    let dev = with(|e| {
        e.namespace = Some("dev".into());
        e.replicas = vec![Replicas::new("web", 1)];
    });
    let prod = with(|e| {
        e.namespace = Some("prod".into());
        e.name_prefix = "prod-".into();
        e.replicas = vec![Replicas::new("web", 4)];
        e.images = vec![ImageOverride::tag("nginx", "1.27.3")];
    });
    vec![
        Scenario {
            name: "base-with-two-overlays (dev)",
            files: files.clone(),
            build: "overlays/dev",
            env: dev,
            differences: vec![NAMESPACE_OBJECT],
        },
        Scenario {
            name: "base-with-two-overlays (prod)",
            files,
            build: "overlays/prod",
            env: prod,
            differences: vec![NAMESPACE_OBJECT, STATEFULSET_SERVICE_NAME],
        },
    ]
}

/// Seed 000: begbot's base as Kustomize would hold it, and the prod overlay the team wrote
/// (namespace, labels, replicas, config merges, patches, HPA and PDB), against `prod`.
fn seed_000() -> Scenario {
    use crate::environments;
    let prod = environments::overlays::prod::prod();
    let rendered = render(&prod).unwrap_or_else(|e| panic!("{e}"));
    // The base: every begbot service as `base` renders it.
    let base = environments::base::base();
    let mut files = base_files(&base);
    // What the team's overlay adds as resources: the autoscalers and budgets.
    let added: Vec<String> = rendered
        .objects
        .iter()
        .filter(|o| matches!(o.kind(), "HorizontalPodAutoscaler" | "PodDisruptionBudget"))
        .map(|o| {
            let mut v = o.to_json().unwrap_or_else(|e| panic!("{e}"));
            let meta = v["metadata"].as_object_mut().unwrap_or_else(|| panic!("no metadata"));
            meta.remove("namespace");
            meta.remove("annotations");
            if let Some(l) = meta.get_mut("labels").and_then(Value::as_object_mut) {
                l.remove("environment");
            }
            rustomize::output::to_yaml_value(&v).unwrap_or_else(|e| panic!("{e}"))
        })
        .collect();
    files.push(("overlays/prod/scaling.yaml".into(), added.join("---\n")));
    let base_config = |app: &str| -> String {
        let cm = render(&base).ok().and_then(|r| {
            r.objects
                .into_iter()
                .find(|o| o.kind() == "ConfigMap" && o.name().starts_with(&format!("{app}-config")))
        });
        cm.map(|o| o.name().to_owned()).unwrap_or_default()
    };
    let (api_cm, workers_cm) = (base_config("api"), base_config("workers"));
    // The team's image file, as Kustomize's `images:` (so a `set-image` bump stays in parity).
    let image_file = prod.image_file.clone().unwrap_or_else(|| panic!("prod has an image file"));
    let text = std::fs::read_to_string(&image_file).unwrap_or_else(|e| panic!("{e}"));
    let pinned: BTreeMap<String, String> = serde_saphyr::from_str(&text).unwrap_or_default();
    let images: String = pinned
        .iter()
        .map(|(name, reference)| {
            let (tag, digest) = match reference.split_once('@') {
                Some((t, d)) => (Some(t), Some(d)),
                None if reference.starts_with("sha256:") => (None, Some(reference.as_str())),
                None => (Some(reference.as_str()), None),
            };
            let mut entry = format!("- name: {name}\n");
            if let Some(t) = tag {
                entry.push_str(&format!("  newTag: \"{t}\"\n"));
            }
            if let Some(d) = digest {
                entry.push_str(&format!("  digest: {d}\n"));
            }
            entry
        })
        .collect();
    files.push((
        "overlays/prod/kustomization.yaml".into(),
        format!(
            r#"resources:
- ../../base
- scaling.yaml
namespace: begbot-prod
labels:
- pairs: {{environment: prod}}
  includeTemplates: true
replicas:
- name: frontend
  count: 3
images:
{images}patches:
- target: {{kind: ConfigMap, name: {api_cm}}}
  patch: |
    - op: replace
      path: /data/APP_ENV
      value: production
- target: {{kind: ConfigMap, name: {workers_cm}}}
  patch: |
    - op: replace
      path: /data/APP_ENV
      value: production
- target: {{kind: Deployment, name: "api|workers"}}
  patch: |
    - op: remove
      path: /spec/replicas
    - op: replace
      path: /spec/template/spec/containers/0/env/0/valueFrom/secretKeyRef/name
      value: supabase-database
- target: {{kind: Deployment, name: api}}
  patch: |
    - op: replace
      path: /spec/template/spec/containers/0/resources
      value: {{limits: {{cpu: "1", memory: 1Gi}}, requests: {{cpu: 250m, memory: 512Mi}}}}
"#
        ),
    ));
    Scenario {
        name: "seed-000-begbot-prod",
        files,
        build: "overlays/prod",
        env: prod,
        differences: vec![NAMESPACE_OBJECT, WAIVERS, CONFIG_HASH_AFTER_PATCH],
    }
}

/// Kustomize hashes a generator once, at the top; a patched ConfigMap from a base keeps the
/// base's suffix, while rustomize hashes the final data, so the change rolls the pods.
const CONFIG_HASH_AFTER_PATCH: Difference = Difference {
    why: "a ConfigMap patched in an overlay keeps its base hash in Kustomize; rustomize hashes the final data, so the pods roll",
    normalise: |docs| {
        let strip = |name: &str| {
            name.rsplit_once('-')
                .filter(|(_, h)| h.len() == 10)
                .map_or(name.to_owned(), |(n, _)| n.to_owned())
        };
        for d in docs.iter_mut() {
            if d["kind"] == "ConfigMap" {
                let name = strip(d["metadata"]["name"].as_str().unwrap_or_default());
                d["metadata"]["name"] = Value::String(name);
            }
            for c in d
                .pointer_mut("/spec/template/spec/containers")
                .and_then(Value::as_array_mut)
                .into_iter()
                .flatten()
            {
                for from in c.get_mut("envFrom").and_then(Value::as_array_mut).into_iter().flatten()
                {
                    if let Some(n) = from.pointer_mut("/configMapRef/name") {
                        *n = Value::String(strip(n.as_str().unwrap_or_default()));
                    }
                }
            }
        }
    },
};

fn key(d: &Value) -> String {
    format!(
        "{}/{}/{}",
        d["kind"].as_str().unwrap_or("?"),
        d["metadata"]["namespace"].as_str().unwrap_or("-"),
        d["metadata"]["name"].as_str().unwrap_or("?")
    )
}

fn by_key(docs: Vec<Value>) -> BTreeMap<String, Value> {
    docs.into_iter().map(|d| (key(&d), d)).collect()
}

/// Keys sorted, so a diff shows only what differs (maps compare unordered anyway).
fn pretty(v: &Value) -> String {
    fn sorted(v: &Value) -> Value {
        match v {
            Value::Object(m) => {
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort();
                Value::Object(keys.into_iter().map(|k| (k.clone(), sorted(&m[k]))).collect())
            }
            Value::Array(a) => Value::Array(a.iter().map(sorted).collect()),
            other => other.clone(),
        }
    }
    serde_json::to_string_pretty(&sorted(v)).unwrap_or_default() + "\n"
}

#[test]
fn rustomize_matches_kustomize_object_by_object() {
    let Some(_) = crate::kubectl("the parity suite") else { return };
    let mut failures = Vec::new();
    let all = scenarios();
    assert!(all.len() >= 12, "the suite must cover at least 12 scenarios, has {}", all.len());
    for s in all {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        for (path, text) in &s.files {
            let path = tmp.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap_or(tmp.path()))
                .unwrap_or_else(|e| panic!("{e}"));
            std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
        }
        let Some(mut cmd) = crate::kubectl("the parity suite") else { return };
        let out = cmd
            .arg("kustomize")
            .arg(tmp.path().join(s.build))
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            out.status.success(),
            "{}: kubectl kustomize failed: {}",
            s.name,
            String::from_utf8_lossy(&out.stderr)
        );
        let mut theirs: Vec<Value> =
            serde_saphyr::from_multiple(&String::from_utf8_lossy(&out.stdout))
                .unwrap_or_else(|e| panic!("{}: {e}", s.name));
        let rendered = render(&s.env).unwrap_or_else(|e| panic!("{}: {e}", s.name));
        let mut ours: Vec<Value> = rendered
            .objects
            .iter()
            .map(|o| o.to_json().unwrap_or_else(|e| panic!("{e}")))
            .collect();
        for d in &s.differences {
            assert!(!d.why.is_empty());
            (d.normalise)(&mut theirs);
            (d.normalise)(&mut ours);
        }
        let (theirs, ours) = (by_key(theirs), by_key(ours));
        let keys: std::collections::BTreeSet<&String> = theirs.keys().chain(ours.keys()).collect();
        for k in keys {
            match (theirs.get(k), ours.get(k)) {
                (Some(t), Some(o)) if t == o => {}
                (Some(t), Some(o)) => {
                    let diff = similar::TextDiff::from_lines(pretty(t), pretty(o))
                        .unified_diff()
                        .header("kustomize", "rustomize")
                        .to_string();
                    failures.push(format!("{}: {k} differs:\n{diff}", s.name));
                }
                (Some(_), None) => {
                    failures.push(format!("{}: {k} only in kustomize's output", s.name))
                }
                (None, _) => failures.push(format!("{}: {k} only in rustomize's output", s.name)),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn secret_hash_matches_kustomize() {
    let Some(mut cmd) = crate::kubectl("the parity suite") else { return };
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(tmp.path().join("kustomization.yaml"), "secretGenerator:\n- name: creds\n  literals: [PASSWORD=pa<ss>&word, USER=app]\n  type: Opaque\n").unwrap_or_else(|e| panic!("{e}"));
    let out = cmd.arg("kustomize").arg(tmp.path()).output().unwrap_or_else(|e| panic!("{e}"));
    let docs: Vec<Value> = serde_saphyr::from_multiple(&String::from_utf8_lossy(&out.stdout))
        .unwrap_or_else(|e| panic!("{e}"));
    let data = BTreeMap::from([
        ("PASSWORD".to_owned(), b"pa<ss>&word".to_vec()),
        ("USER".to_owned(), b"app".to_vec()),
    ]);
    let ours = format!("creds-{}", rustomize::hash::secret("Opaque", &data));
    assert_eq!(docs[0]["metadata"]["name"], Value::String(ours));
}
