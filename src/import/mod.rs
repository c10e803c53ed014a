//! `import`: an existing stack (plain YAML, a Kustomize directory, `helm template` output)
//! becomes a rustomize project in one command. Each workload is converted to a typed app,
//! rendered, and compared field by field with the original; an app whose render would change
//! a field the original sets stays as written (a typed raw object) and the report says why.

mod code;
mod convert;
mod custom;
mod factor;
mod project;
mod read;
mod report;
mod source;
mod verify;

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::error::{Code, Diagnostic, Error, Subject};
use crate::model::{Environment, RawYaml};

/// What `import` is asked to do.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `(environment name, path)`: a YAML file, a directory, a Kustomize directory or `-`.
    pub envs: Vec<(String, String)>,
    /// The project directory to create; it must not exist.
    pub out: PathBuf,
    /// The rustomize crate the project depends on; `None` uses the source this binary was
    /// built from.
    pub rustomize_path: Option<PathBuf>,
    /// Move each container variable whose literal value looks like a credential into a
    /// Secret key (the value is dropped, the key listed in `secrets.env.example`, the
    /// variable read through `secretKeyRef`), instead of keeping it in place, waived.
    pub move_credentials: bool,
    /// Directories of CRD files: custom resources of their kinds become struct literals of
    /// the types generated from them, and the CRDs and types go into the project.
    pub crds: Vec<PathBuf>,
}

/// What an import produced, for the user to read.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// The report as Markdown (also saved as `IMPORT.md` in the project).
    pub text: String,
    /// Apps written as typed Rust.
    pub typed: usize,
    /// Custom resources written as literals of their CRDs' types (`--crds`).
    pub custom: usize,
    /// Objects kept as written.
    pub kept: usize,
    /// The input's objects and fields (leaf values), across the environments.
    pub input: Share,
    /// How many of those a typed declaration renders (kept objects and custom resources are
    /// not counted).
    pub typed_share: Share,
}

/// A count of objects and of their fields (leaf values).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Share {
    /// Objects.
    pub objects: usize,
    /// Their leaf values: every scalar, and every empty list or map.
    pub fields: usize,
}

impl Share {
    /// Adds one object.
    fn add(&mut self, object: &serde_json::Value) {
        self.objects += 1;
        self.fields += leaves(object);
    }
}

/// The leaf values of `v`.
fn leaves(v: &serde_json::Value) -> usize {
    match v {
        serde_json::Value::Object(m) if !m.is_empty() => m.values().map(leaves).sum(),
        serde_json::Value::Array(a) if !a.is_empty() => a.iter().map(leaves).sum(),
        _ => 1,
    }
}

impl std::fmt::Display for Report {
    /// The summary line: objects and fields typed, of the input's.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let percent = |a: usize, b: usize| if b == 0 { 100.0 } else { a as f64 * 100.0 / b as f64 };
        write!(
            f,
            "{} typed apps, {} typed custom resources, {} objects kept as written; typed: {}/{} objects ({:.1}%), {}/{} fields ({:.1}%)",
            self.typed,
            self.custom,
            self.kept,
            self.typed_share.objects,
            self.input.objects,
            percent(self.typed_share.objects, self.input.objects),
            self.typed_share.fields,
            self.input.fields,
            percent(self.typed_share.fields, self.input.fields),
        )
    }
}

/// One environment after conversion and verification.
struct Imported {
    converted: convert::Converted,
    /// What the typed render sets that the original did not, `Kind field` → how many objects.
    additions: BTreeMap<String, usize>,
    /// Objects the render adds (a Namespace, a ServiceAccount of its own), as `Kind name`.
    extra: Vec<String>,
    /// The credentials `--move-credentials` moved into Secrets, one line each.
    moved: Vec<String>,
    /// The input's objects and fields, and how many a typed declaration renders.
    input: Share,
    typed: Share,
}

/// Rewrites, in every workload, each container variable whose literal value looks like a
/// credential (by its name or its shape) into a `secretKeyRef` to `<workload>-credentials`,
/// key = the variable's name; the value is dropped here and never written. Returns a line
/// per move, for the report.
fn move_credentials(objects: &mut [read::Read]) -> Vec<String> {
    use crate::validate::credentials::{name_looks_secret, value_looks_secret};
    let mut moved = Vec::new();
    for object in objects.iter_mut() {
        let kind = object.value["kind"].as_str().unwrap_or_default().to_owned();
        let name = object.value["metadata"]["name"].as_str().unwrap_or_default().to_owned();
        if !convert::is_workload(&kind) {
            continue;
        }
        let pod = convert::pod_spec_pointer(&kind);
        let secret = format!("{name}-credentials");
        let before = moved.len();
        let Some(spec) = object.value.pointer_mut(pod) else { continue };
        for list in ["initContainers", "containers"] {
            for c in
                spec.get_mut(list).and_then(serde_json::Value::as_array_mut).into_iter().flatten()
            {
                let container = c["name"].as_str().unwrap_or_default().to_owned();
                for e in
                    c.get_mut("env").and_then(serde_json::Value::as_array_mut).into_iter().flatten()
                {
                    let (Some(var), Some(value)) = (e["name"].as_str(), e["value"].as_str()) else {
                        continue;
                    };
                    let looks = (name_looks_secret(var) && !value.is_empty())
                        || value_looks_secret(value).is_some();
                    if !looks {
                        continue;
                    }
                    let var = var.to_owned();
                    *e = serde_json::json!({
                        "name": var,
                        "valueFrom": {"secretKeyRef": {"name": secret, "key": var}},
                    });
                    moved.push(format!(
                        "{kind} `{name}`, container `{container}`, variable `{var}` → Secret `{secret}` key `{var}` (value dropped; set it in the env file)"
                    ));
                }
            }
        }
        // Typed again from the edited value: conversion reads the typed object.
        if moved.len() > before
            && let Ok(retyped) = read::Read::new(object.value.clone())
        {
            *object = retyped;
        }
    }
    moved
}

/// Imports the stacks `options` names into a new project; nothing is written on error.
pub fn import(options: &Options) -> Result<Report, Error> {
    check_options(options)?;
    let crds = custom::read(&options.crds)?;
    let mut inputs = Vec::new();
    let mut moved = Vec::new();
    for (_, path) in &options.envs {
        let mut input = read::input(path)?;
        moved.push(if options.move_credentials {
            move_credentials(&mut input.objects)
        } else {
            Vec::new()
        });
        inputs.push(input);
    }
    let object_lists: Vec<&[read::Read]> = inputs.iter().map(|i| i.objects.as_slice()).collect();
    let mut prefixes = convert::prefixes(&object_lists);
    for (prefix, objects) in prefixes.iter_mut().zip(&object_lists) {
        if prefix.is_empty() {
            *prefix = convert::label_prefix(objects);
        }
    }
    let mut imported = Vec::new();
    for ((((name, path), input), prefix), moved) in
        options.envs.iter().zip(&inputs).zip(&prefixes).zip(moved)
    {
        // What the code says the input was: never an absolute path of this machine.
        let shown = project::source_shown(options, path);
        let mut env = environment(name, &shown, input, prefix, crds.as_ref())?;
        env.moved = moved;
        imported.push(env);
    }
    settle_variables(&mut imported);
    project::write(options, &imported, crds.as_ref())
}

/// Puts each environment's container variables in the order of the base app's (its value in
/// the first environment that types it), the variables the base lacks last, where an
/// `Overlay` adds them: an environment then states only what it adds or changes, rather than
/// every container again. The render was compared with the original by variable name, so
/// the comparison still holds; the order is kept where a value names another variable
/// (`$(VAR)` sees only those before it).
fn settle_variables(imported: &mut [Imported]) {
    let mut bases: BTreeMap<String, crate::model::App> = BTreeMap::new();
    for i in imported.iter() {
        for app in &i.converted.env.apps {
            bases.entry(app.name.clone()).or_insert_with(|| app.clone());
        }
    }
    for i in imported.iter_mut() {
        let env_name = i.converted.env.name.clone();
        for app in &mut i.converted.env.apps {
            let Some(base) = bases.get(&app.name) else { continue };
            let mut moved = false;
            let containers =
                app.containers.iter_mut().chain(&mut app.init_containers).chain(&mut app.sidecars);
            for c in containers {
                let Some(b) = base.all_containers().find(|b| b.name == c.name) else { continue };
                let refers = c.env.iter().any(
                    |(_, v)| matches!(v, crate::model::EnvValue::Literal(l) if l.contains("$(")),
                );
                if refers || c.env == b.env {
                    continue;
                }
                let first = b.env.iter().filter_map(|(k, _)| c.env.get(k).map(|v| (k, v)));
                let rest = c.env.iter().filter(|(k, _)| b.env.get(k).is_none());
                let settled = first
                    .chain(rest)
                    .fold(crate::model::Env::new(), |e, (k, v)| e.set(k, v.clone()));
                if settled != c.env {
                    c.env = settled;
                    moved = true;
                }
            }
            if moved {
                i.converted.notes.push(format!(
                    "`{}` in `{env_name}`: its variables follow the base app's order, the ones it adds last, so the environment states only what it changes; the first apply rolls its pods once",
                    app.name
                ));
            }
        }
    }
}

fn check_options(options: &Options) -> Result<(), Error> {
    let usage = |message: String, help: Option<String>| {
        Err(Error::Usage(Box::new(Diagnostic {
            object: "`import`".into(),
            message,
            help,
            ..Diagnostic::default()
        })))
    };
    if options.envs.is_empty() {
        return usage("no environment to import".into(), Some("pass `--env NAME=PATH`".into()));
    }
    let mut seen = std::collections::BTreeSet::new();
    for (name, _) in &options.envs {
        let valid = !name.is_empty()
            && name.len() <= 63
            && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && name.starts_with(|c: char| c.is_ascii_lowercase());
        if !valid {
            return usage(
                format!("environment name `{name}` is not a lowercase name (`prod`, `staging-eu`)"),
                None,
            );
        }
        if !seen.insert(name) {
            return usage(format!("environment `{name}` is given twice"), None);
        }
    }
    if options.envs.iter().filter(|(_, p)| p == "-").count() > 1 {
        return usage("only one environment can read stdin (`-`)".into(), None);
    }
    if options.out.exists() {
        return usage(
            format!("`{}` already exists; import writes a new project", options.out.display()),
            Some("choose a directory that does not exist yet".into()),
        );
    }
    Ok(())
}

/// A kept object as the environment includes it, and the Rust that says so.
pub(crate) struct RawItem {
    /// What the environment includes.
    pub(crate) raw: RawYaml,
    /// The k8s-openapi type it is read into, as a path under `rustomize::k8s`.
    pub(crate) type_path: Option<&'static str>,
}

/// A kept object as the environment includes it: as its k8s-openapi type when it is one of
/// the crate's typed kinds (`crate::object::visit_type`, the one list of them), else inline.
fn raw_item(api_version: &str, kind: &str, source: &str, text: &str) -> RawItem {
    struct Of<'a>(&'a str, &'a str);
    impl crate::object::TypeVisitor for Of<'_> {
        type Output = RawItem;
        fn visit<K>(self, path: &'static str) -> RawItem
        where
            K: k8s_openapi::Resource + serde::Serialize + serde::de::DeserializeOwned,
        {
            RawItem { raw: RawYaml::of::<K>(self.0, self.1), type_path: Some(path) }
        }
    }
    crate::object::visit_type(api_version, kind, Of(source, text))
        .unwrap_or_else(|| RawItem { raw: RawYaml::inline(source, text), type_path: None })
}

/// Where a kept object's YAML lives in the project.
/// The same kind and name in two namespaces are two files. Every part was checked by
/// `read` (kind an identifier, namespace a DNS label, name by its API's rule), and `safe`
/// checks the whole path again before anything is written.
fn kept_path(env: &str, kept: &convert::Kept) -> String {
    format!("imported/{env}/{}", kept_file(kept))
}

/// A kept object's file name: its kind (with its group, outside the core one), namespace and
/// name joined by `_`, which no kind, group or namespace holds, so two objects never share a
/// file (`-` would make namespace `a-b` and name `c` the same as namespace `a` and name `b-c`).
fn kept_file(kept: &convert::Kept) -> String {
    let mut parts = vec![kept.kind.to_lowercase()];
    if let Some((group, _)) = kept.api_version.rsplit_once('/') {
        parts[0] = format!("{}.{group}", parts[0]);
    }
    parts.extend(kept.namespace.clone());
    parts.push(kept.name.clone());
    format!("{}.yaml", parts.join("_"))
}

/// Where the objects every environment keeps byte for byte are written, once: no
/// environment can be called this (names have no `_`).
const SHARED_KEPT: &str = "imported/_shared";

/// The environment with its kept objects included, as the generated code builds it.
fn assemble(c: &convert::Converted) -> (Environment, Vec<RawItem>) {
    let mut env = c.env.clone();
    let mut items = Vec::new();
    for k in &c.kept {
        let source = kept_path(&env.name, k);
        let mut item = match &k.custom {
            // What the literal serialises to: the imported project renders exactly this.
            Some(literal) => RawItem {
                raw: RawYaml {
                    source,
                    content: crate::model::RawContent::Value(literal.value.clone()),
                    ..RawYaml::default()
                },
                type_path: None,
            },
            None => raw_item(&k.api_version, &k.kind, &source, &k.yaml),
        };
        if convert::is_workload(&k.kind) {
            item.raw = item.raw.exception(&format!("imported as written: {}", k.why));
        }
        if !k.credentials.is_empty() {
            item.raw = item.raw.waiver(c.credential_waiver.clone());
        }
        env.raw.push(item.raw.clone());
        items.push(item);
    }
    (env, items)
}

/// Converts one environment, keeping as written each app whose typed render would change
/// a field the original sets, until every typed app reproduces its objects.
fn environment(
    name: &str,
    source: &str,
    input: &read::Input,
    prefix: &str,
    crds: Option<&custom::Crds>,
) -> Result<Imported, Error> {
    let common =
        convert::Common { source: source.to_owned(), ..convert::common(&input.objects, prefix) };
    let mut decisions = convert::Decisions::default();
    let originals: Vec<&serde_json::Value> = input
        .objects
        .iter()
        .filter(|r| r.kind() != "Secret" && !convert::is_helm_test(r))
        .map(|r| &r.value)
        .collect();
    // Each round keeps at least one more workload or policy as written, so this ends.
    for _ in 0..=2 * input.objects.len() + 1 {
        let mut additions = BTreeMap::new();
        let mut extra = Vec::new();
        let mut notes = Vec::new();
        let mut converted =
            convert::environment(name, &input.objects, &common, &input.secrets, &decisions);
        if let Some(crds) = crds {
            custom::type_kept(&mut converted, crds, &decisions);
        }
        let (env, _) = assemble(&converted);
        let before = decisions.size();
        match crate::pipeline::render(&env) {
            Err(e) => blame(&converted, e, &mut decisions)?,
            Ok(rendered) => {
                let mut got = BTreeMap::new();
                let mut ports = verify::Ports::new();
                for o in &rendered.objects {
                    let v = o.to_json().map_err(|e| Error::Yaml {
                        object: o.describe(),
                        message: e.to_string(),
                    })?;
                    verify::collect_ports(&v, &mut ports);
                    got.insert(verify::key(&v), v);
                }
                // The custom resources typed by their CRDs, looked up once per original.
                let typed_custom: std::collections::BTreeSet<(&str, &str)> = converted
                    .kept
                    .iter()
                    .filter(|k| k.custom.is_some())
                    .map(|k| (k.kind.as_str(), k.full_name.as_str()))
                    .collect();
                for orig in &originals {
                    let id = verify::key(orig);
                    let (group, kind, ns, obj_name) = id.clone();
                    if kind == "Namespace" && Some(obj_name.as_str()) == env.namespace.as_deref() {
                        continue;
                    }
                    let ns =
                        if ns.is_empty() { env.namespace.clone().unwrap_or_default() } else { ns };
                    let rendered_ns =
                        if crate::object::is_cluster_scoped(&kind) { String::new() } else { ns };
                    let rendered_key = (group, kind.clone(), rendered_ns, obj_name.clone());
                    // What the typed form does, completing a sentence about it.
                    let why = match got.remove(&rendered_key) {
                        None => Some("would not be rendered".to_owned()),
                        Some(g) => {
                            let orig = handed_to_autoscaler(orig, &g, &converted, &mut notes);
                            verify::additions(&orig, &g, &mut additions);
                            verify::difference(&orig, &g, &ports)
                                .map(|at| format!("would differ at {at}"))
                        }
                    };
                    let custom = typed_custom.contains(&(kind.as_str(), obj_name.as_str()));
                    if let Some(why) = why.as_ref().filter(|_| custom) {
                        // Kept as written next round: the report says where the type fell short.
                        let why = format!("as typed by its CRD, it {why}");
                        decisions.raw.insert(id, why);
                    } else if let Some(why) = why {
                        let owner = converted.owner.get(&id);
                        match owner {
                            Some(app) if !app.is_empty() => {
                                if kind == "NetworkPolicy"
                                    && !decisions.own_policy.contains_key(app)
                                {
                                    decisions.own_policy.insert(
                                        app.clone(),
                                        format!("the app's typed NetworkPolicy {why}"),
                                    );
                                } else if matches!(
                                    kind.as_str(),
                                    "PodDisruptionBudget"
                                        | "HorizontalPodAutoscaler"
                                        | "Service"
                                        | "Ingress"
                                ) && !decisions.raw.contains_key(&id)
                                {
                                    // The smallest unit: the budget, autoscaler, Service or
                                    // Ingress stays as written beside the typed app.
                                    decisions.raw.insert(id, format!("as the app's, it {why}"));
                                } else {
                                    let workload = workload_of(&converted, app);
                                    decisions
                                        .keep
                                        .entry(workload)
                                        .or_insert(format!("as typed, {kind} `{obj_name}` {why}"));
                                }
                            }
                            Some(_) if !decisions.raw.contains_key(&id) => {
                                let why = format!("its typed form {why}");
                                decisions.raw.insert(id, why);
                            }
                            _ => {
                                return Err(Error::Invalid(vec![Diagnostic {
                                    targets: vec![name.into()],
                                    object: format!("{kind} `{obj_name}`"),
                                    message: format!(
                                        "import cannot reproduce it: its typed form {why}"
                                    ),
                                    ..Diagnostic::default()
                                }]));
                            }
                        }
                    }
                }
                // What is left was not in the original.
                extra.extend(got.keys().map(|(_, kind, _, name)| format!("{kind} `{name}`")));
            }
        }
        if decisions.size() == before {
            let mut converted = converted;
            converted.notes.extend(notes);
            let (input_share, typed) = shares(&input.objects, &converted.kept);
            return Ok(Imported {
                converted,
                additions,
                extra,
                moved: Vec::new(),
                input: input_share,
                typed,
            });
        }
    }
    Err(Error::Invalid(vec![Diagnostic {
        targets: vec![name.into()],
        object: "import".into(),
        message: "the conversion did not settle".into(),
        ..Diagnostic::default()
    }]))
}

/// The input's objects and fields, and those a typed declaration renders (every object not
/// in `kept`). Only kinds the crate's Kubernetes version serves count: custom resources are
/// typed by their CRDs, outside this count.
fn shares(objects: &[read::Read], kept: &[convert::Kept]) -> (Share, Share) {
    let kept: std::collections::BTreeSet<(&str, &str)> =
        kept.iter().map(|k| (k.kind.as_str(), k.full_name.as_str())).collect();
    let minor = crate::validate::versions::minor(crate::KUBERNETES_VERSION).ok();
    let served = |o: &serde_json::Value| {
        let at = |p: &str| o.pointer(p).and_then(serde_json::Value::as_str).unwrap_or_default();
        minor.is_some_and(|m| crate::validate::versions::serves(m, at("/apiVersion"), at("/kind")))
    };
    let (mut input, mut typed) = (Share::default(), Share::default());
    for r in objects {
        let o = &r.value;
        if convert::is_helm_test(r) || !served(o) {
            continue;
        }
        input.add(o);
        let (_, kind, _, obj_name) = verify::key(o);
        if !kept.contains(&(kind.as_str(), obj_name.as_str())) {
            typed.add(o);
        }
    }
    (input, typed)
}

/// The original, without `spec.replicas` when the typed app leaves the count to its
/// autoscaler (so `kubectl apply` stops resetting it) and the render leaves it out; the note
/// says how to apply that change without scaling down once.
fn handed_to_autoscaler(
    orig: &serde_json::Value,
    got: &serde_json::Value,
    converted: &convert::Converted,
    notes: &mut Vec<String>,
) -> serde_json::Value {
    let (_, kind, _, name) = verify::key(orig);
    let autoscaled = converted.owner.get(&verify::key(orig)).is_some_and(|app| {
        converted.env.apps.iter().any(|a| &a.name == app && a.autoscale.is_some())
    });
    let mut orig = orig.clone();
    if autoscaled
        && got.pointer("/spec/replicas").is_none()
        && let Some(spec) = orig.get_mut("spec").and_then(serde_json::Value::as_object_mut)
        && let Some(replicas) = spec.remove("replicas")
    {
        notes.push(format!(
            "{kind} `{name}`: the original sets `replicas: {replicas}` beside its autoscaler; the typed render leaves the count to the autoscaler. Before the first apply, run `kubectl apply edit-last-applied {}/{name}` and delete `spec.replicas`, so the apply does not reset the scale (Kubernetes' \"migrating to horizontal autoscaling\")",
            kind.to_lowercase()
        ));
    }
    orig
}

/// The original object of `kind` that `app` owns, if one.
fn owned_by(c: &convert::Converted, app: &str, kind: &str) -> Option<convert::Id> {
    c.owner
        .iter()
        .find(|((_, k, _, _), owner)| k == kind && owner.as_str() == app)
        .map(|(id, _)| id.clone())
}

/// The original workload behind `app`.
fn workload_of(c: &convert::Converted, app: &str) -> convert::Id {
    c.owner
        .iter()
        .find(|((_, kind, _, _), owner)| owner.as_str() == app && convert::is_workload(kind))
        .map_or_else(Default::default, |(id, _)| id.clone())
}

/// Keeps as written the apps a failed render names; an error nobody can be blamed for is
/// the import's error.
/// The original of the environment's declaration a validation `field` is about
/// (`storage_classes[fast].provisioner` → StorageClass `fast`), when one is.
fn declared_object(c: &convert::Converted, field: &str) -> Option<convert::Id> {
    const LISTS: &[(&str, &[&str])] = &[
        ("services", &["Service"]),
        ("external_services", &["Service"]),
        ("storage_classes", &["StorageClass"]),
        ("priority_classes", &["PriorityClass"]),
        ("api_services", &["APIService"]),
        ("roles", &["Role", "ClusterRole"]),
        ("bindings", &["RoleBinding", "ClusterRoleBinding"]),
        ("service_accounts", &["ServiceAccount"]),
        ("claims", &["PersistentVolumeClaim"]),
        ("policies", &["NetworkPolicy"]),
        ("configs", &["ConfigMap"]),
    ];
    let (list, rest) = field.split_once('[')?;
    let name = rest.split_once(']')?.0;
    let kinds = LISTS.iter().find(|(l, _)| *l == list)?.1;
    let prefixed = format!("{}{name}", c.env.name_prefix);
    c.owner
        .iter()
        .filter(|(_, owner)| owner.is_empty())
        .map(|(id, _)| id)
        .find(|(_, kind, _, n)| kinds.contains(&kind.as_str()) && (*n == name || *n == prefixed))
        .cloned()
}

fn blame(
    c: &convert::Converted,
    e: Error,
    decisions: &mut convert::Decisions,
) -> Result<(), Error> {
    let Error::Invalid(problems) = &e else { return Err(e) };
    let mut blamed = false;
    let mut waived = std::collections::BTreeSet::new();
    for p in problems {
        for app in &c.env.apps {
            // A problem with a Secret is the problem of the apps that read it.
            let reads = convert::secret_refs(app)
                .iter()
                .any(|(secret, _)| p.subject == Subject::Secret(secret.clone()));
            if reads {
                let workload = workload_of(c, &app.name);
                decisions.keep.entry(workload).or_insert(format!(
                    "it reads Secret {}: {}",
                    p.object.trim_start_matches("Secret "),
                    p.message
                ));
                blamed = true;
                continue;
            }
            // About the app, or about an object named after it.
            let about = match &p.subject {
                Subject::App(name) | Subject::Object { name, .. } => *name == app.name,
                _ => false,
            };
            if !about {
                continue;
            }
            // A value the original commits stays, waived, and the report says to move it.
            // (An app with two such values is waived once, in this round.)
            if p.code == Code::Credential
                && (decisions.credentials.insert(app.name.clone()) || waived.contains(&app.name))
            {
                waived.insert(app.name.clone());
                blamed = true;
                continue;
            }
            // A scaling rule or budget the model refuses: only that object stays as written,
            // beside the typed app (`autoscale` needs CPU requests the original leaves out).
            let part = [
                ("autoscale", "HorizontalPodAutoscaler"),
                ("disruption_budget", "PodDisruptionBudget"),
            ]
            .into_iter()
            .find(|(field, _)| p.field.starts_with(field))
            .and_then(|(_, kind)| owned_by(c, &app.name, kind))
            .filter(|id| !decisions.raw.contains_key(id));
            if let Some(id) = part {
                let why = format!("as the app's, it would be refused: {}", p.message);
                decisions.raw.insert(id, why);
                blamed = true;
                continue;
            }
            // A traffic rule the model refuses: the app's NetworkPolicy stays as written.
            if p.field.starts_with("traffic") && !decisions.own_policy.contains_key(&app.name) {
                let why = format!("as typed, it would be refused: {}", p.message);
                decisions.own_policy.insert(app.name.clone(), why);
                blamed = true;
                continue;
            }
            {
                let workload = workload_of(c, &app.name);
                decisions.keep.entry(workload).or_insert(format!(
                    "as typed, it would be refused: {}{}",
                    p.message,
                    if p.field.is_empty() { String::new() } else { format!(" (`{}`)", p.field) }
                ));
                blamed = true;
            }
        }
    }
    // A declaration of the environment the model refuses (a StorageClass's provisioner,
    // say) stays as written, rather than refusing the stack.
    for p in problems {
        if let Some(id) = declared_object(c, &p.field).filter(|id| !decisions.raw.contains_key(id))
        {
            decisions
                .raw
                .insert(id, format!("as the environment's, it would be refused: {}", p.message));
            blamed = true;
        }
    }
    // A credential in the environment's own objects (a shared ConfigMap, an annotation) is
    // never a reason to refuse the stack: it keeps its place, waived, and is reported.
    if !blamed
        && !decisions.environment_credentials
        && problems.iter().any(|p| p.code == Code::Credential)
    {
        decisions.environment_credentials = true;
        blamed = true;
    }
    if blamed { Ok(()) } else { Err(e) }
}
