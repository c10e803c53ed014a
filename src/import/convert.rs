//! Objects → the typed model: workloads become apps with their Services, config, scaling,
//! budgets and ServiceAccounts; Secrets become key-only declarations; what the model cannot
//! express stays as it was, as a typed raw object. `verify` decides which apps stay typed.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::core::v1 as core;
use serde_json::Value;

use super::read::{Read, SecretHint};
use crate::model::{
    AccessMode, App, Autoscale, Compute, Config, ConfigKeyRef, Container, CronJob,
    DisruptionBudget, Egress, EgressRule, Env, EnvFrom, EnvValue, Environment, Expose, ExposeType,
    ExternalService, FileSource, Files, Image, ImageRef, Job, LoadBalancer, Mount, Peer, Policy,
    Port, Probe, ProbeAction, Probes, Protocol, PullPolicy, ResourceRef, Resources, RestartPolicy,
    Rollout, SecretKeyRef, SecretSpec, Security, ServiceAccount, ServiceAccountSpec, ServicePort,
    SharedConfig, Storage, Strategy, Traffic, Volume, VolumeSource, Waiver, Workload,
};
use crate::object::{COMPONENT_LABEL, MANAGED_BY_LABEL, NAME_LABEL};

/// Kinds that become apps.
const WORKLOADS: &[&str] = &["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"];

/// A Helm test hook: not a live object (only `helm test` creates it), so not imported.
pub(super) fn is_helm_test(v: &Value) -> bool {
    str_at(v, "/metadata/annotations/helm.sh~1hook")
        .split(',')
        .any(|h| h.trim().starts_with("test"))
}

/// Whether `kind` becomes an app.
pub(super) fn is_workload(kind: &str) -> bool {
    WORKLOADS.contains(&kind)
}

/// Kubernetes' hash-suffix alphabet (no vowels, no look-alikes).
const HASH_ALPHABET: &str = "bcdfghjklmnpqrstvwxz2456789";

/// An object kept as it was, with why.
#[derive(Clone, Debug)]
pub(super) struct Kept {
    /// `apiVersion`.
    pub(super) api_version: String,
    /// `kind`.
    pub(super) kind: String,
    /// The name before the environment's prefix.
    pub(super) name: String,
    /// The object with the prefix taken off its name, as YAML.
    pub(super) yaml: String,
    /// Why it is not typed.
    pub(super) why: String,
}

/// One environment, converted.
#[derive(Debug, Default)]
pub(super) struct Converted {
    /// The typed environment (apps, Secrets, shared configs); raw objects are in `kept`.
    pub(super) env: Environment,
    /// Objects kept as they were.
    pub(super) kept: Vec<Kept>,
    /// Each original object (kind, name) → the app whose render must reproduce it.
    pub(super) owner: BTreeMap<(String, String), String>,
    /// Things the report lists: what changed on the way, what to harden.
    pub(super) notes: Vec<String>,
    /// Workloads the model could not express, with why.
    pub(super) failed: BTreeMap<String, String>,
    /// NetworkPolicies of apps kept as written, with why.
    pub(super) policies: BTreeMap<String, String>,
}

/// What the caller decided from earlier verification rounds.
#[derive(Clone, Debug, Default)]
pub(super) struct Decisions {
    /// Workloads kept as they were, with why.
    pub(super) keep: BTreeMap<String, String>,
    /// Apps whose NetworkPolicy stays as written instead of being rendered from the model,
    /// with why.
    pub(super) own_policy: BTreeMap<String, String>,
    /// Apps whose config or environment commits a value that looks like a credential.
    pub(super) credentials: BTreeSet<String>,
    /// Objects of no app whose typed form would differ, by (kind, name): kept as written.
    pub(super) raw: BTreeMap<(String, String), String>,
}

impl Decisions {
    /// How many decisions there are; a round that adds none ends the conversion.
    pub(super) fn size(&self) -> usize {
        self.keep.len() + self.own_policy.len() + self.credentials.len() + self.raw.len()
    }
}

/// Settings shared by every object of an environment, found before the apps.
#[derive(Clone, Debug, Default)]
pub(super) struct Common {
    pub(super) namespace: Option<String>,
    pub(super) prefix: String,
    pub(super) labels: BTreeMap<String, String>,
    pub(super) annotations: BTreeMap<String, String>,
    pub(super) waivers: Vec<Waiver>,
    /// The environment has one workload, so what every object carries may be its own.
    pub(super) single: bool,
}

fn str_at<'a>(v: &'a Value, pointer: &str) -> &'a str {
    v.pointer(pointer).and_then(Value::as_str).unwrap_or_default()
}

fn kind(v: &Value) -> &str {
    str_at(v, "/kind")
}

fn name(v: &Value) -> &str {
    str_at(v, "/metadata/name")
}

fn map_at(v: &Value, pointer: &str) -> BTreeMap<String, String> {
    v.pointer(pointer)
        .and_then(Value::as_object)
        .map(|m| m.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned()))).collect())
        .unwrap_or_default()
}

/// The pod template's metadata and spec of a workload, as JSON pointers.
fn template_pointer(kind: &str) -> &'static str {
    if kind == "CronJob" { "/spec/jobTemplate/spec/template" } else { "/spec/template" }
}

/// The labels, annotations and Checkov waivers every object carries, and the namespace they
/// share: those become the environment's.
pub(super) fn common(objects: &[Read], prefix: &str) -> Common {
    let mut labels: Option<BTreeMap<String, String>> = None;
    let mut annotations: Option<BTreeMap<String, String>> = None;
    let mut skips: Vec<Vec<Waiver>> = Vec::new();
    let mut namespaces = BTreeSet::new();
    for o in objects.iter().map(|r| &r.value) {
        let mut l = map_at(o, "/metadata/labels");
        if WORKLOADS.contains(&kind(o)) {
            let pod = map_at(o, &format!("{}/metadata/labels", template_pointer(kind(o))));
            l.retain(|k, v| pod.get(k) == Some(v));
        }
        let keep =
            |acc: &mut Option<BTreeMap<String, String>>, m: BTreeMap<String, String>| match acc {
                None => *acc = Some(m),
                Some(a) => a.retain(|k, v| m.get(k) == Some(v)),
            };
        keep(&mut labels, l);
        let mut a = map_at(o, "/metadata/annotations");
        skips.push(take_waivers(&mut a));
        keep(&mut annotations, a);
        if kind(o) != "Namespace" {
            namespaces.insert(str_at(o, "/metadata/namespace").to_owned());
        }
    }
    let mut labels = labels.unwrap_or_default();
    // One app's labels are its own; the selector label is always the app's.
    let single = objects.iter().filter(|r| WORKLOADS.contains(&kind(&r.value))).count() < 2;
    if single {
        labels.clear();
    }
    labels.remove(MANAGED_BY_LABEL);
    labels.remove(NAME_LABEL);
    labels.retain(|k, _| !k.starts_with("pod-security.kubernetes.io/"));
    // The environment's waivers come last on every object (after the app's own), so they
    // are the ones every object carries, in the order of the object that has the fewest.
    let shortest = skips.iter().min_by_key(|s| s.len()).cloned().unwrap_or_default();
    let waivers = shortest.into_iter().filter(|w| skips.iter().all(|s| s.contains(w))).collect();
    let namespace = match namespaces.len() {
        1 => namespaces.into_iter().next().filter(|n| !n.is_empty()),
        _ => None,
    };
    Common {
        namespace,
        prefix: prefix.to_owned(),
        labels,
        annotations: annotations.unwrap_or_default(),
        waivers,
        single,
    }
}

/// `checkov.io/skipN: CHECK=reason` annotations, in N order, removed from `annotations`.
fn take_waivers(annotations: &mut BTreeMap<String, String>) -> Vec<Waiver> {
    let mut skips: Vec<(u32, Waiver)> = Vec::new();
    annotations.retain(|k, v| {
        let Some(n) = k.strip_prefix("checkov.io/skip").and_then(|n| n.parse::<u32>().ok()) else {
            return true;
        };
        match v.split_once('=') {
            Some((check, reason)) => {
                skips.push((n, Waiver::new(check, reason)));
                false
            }
            None => true,
        }
    });
    skips.sort_by_key(|(n, _)| *n);
    skips.into_iter().map(|(_, w)| w).collect()
}

/// The prefix every object name of each environment carries, when the environments differ
/// only by it (Kustomize's `namePrefix` in each overlay); empty otherwise.
pub(super) fn prefixes(envs: &[&[Read]]) -> Vec<String> {
    let none = vec![String::new(); envs.len()];
    if envs.len() < 2 {
        return none;
    }
    let found: Vec<String> = envs
        .iter()
        .map(|objects| {
            let names: Vec<&str> = objects
                .iter()
                .map(|r| &r.value)
                .filter(|o| !matches!(kind(o), "Namespace" | "CustomResourceDefinition"))
                .map(name)
                .collect();
            let Some(first) = names.first() else { return String::new() };
            let mut common = *first;
            for n in &names {
                while !n.starts_with(common) {
                    common = &common[..common.len() - 1];
                }
            }
            common.rfind('-').map_or(String::new(), |i| common[..=i].to_owned())
        })
        .collect();
    let distinct: BTreeSet<&String> = found.iter().collect();
    if found.iter().any(String::is_empty) || distinct.len() != found.len() {
        return none;
    }
    found
}

/// The prefix every workload's name carries before its `app.kubernetes.io/name` label (a
/// `namePrefix` applied after the labels were set), when every object's name starts with it;
/// empty otherwise.
pub(super) fn label_prefix(objects: &[Read]) -> String {
    let mut found: Option<String> = None;
    for w in objects.iter().map(|r| &r.value).filter(|v| WORKLOADS.contains(&kind(v))) {
        let Some(label) = map_at(w, "/metadata/labels").get(NAME_LABEL).cloned() else {
            return String::new();
        };
        let Some(p) = name(w).strip_suffix(label.as_str()) else { return String::new() };
        match &found {
            None => found = Some(p.to_owned()),
            Some(f) if f != p => return String::new(),
            Some(_) => {}
        }
    }
    let prefix = found.filter(|p| p.ends_with('-')).unwrap_or_default();
    let all_named = objects
        .iter()
        .map(|r| &r.value)
        .filter(|o| !matches!(kind(o), "Namespace" | "CustomResourceDefinition" | "Secret"))
        .all(|o| name(o).starts_with(&prefix));
    if all_named { prefix } else { String::new() }
}

/// Converts one environment's objects.
pub(super) fn environment(
    env_name: &str,
    objects: &[Read],
    common: &Common,
    hints: &[SecretHint],
    decisions: &Decisions,
) -> Converted {
    let mut c = Converted::default();
    let strip = |n: &str| n.strip_prefix(common.prefix.as_str()).unwrap_or(n).to_owned();
    c.env = Environment {
        name: env_name.into(),
        tree: format!("overlays/{env_name}"),
        namespace: common.namespace.clone(),
        labels: common.labels.clone(),
        annotations: common.annotations.clone(),
        waivers: common.waivers.clone(),
        name_prefix: common.prefix.clone(),
        ..Environment::default()
    };
    let values: Vec<&Value> = objects.iter().map(|r| &r.value).collect();
    let by_kind = |k: &'static str| values.iter().copied().filter(move |v| kind(v) == k);

    // Secrets: key-only declarations; values are dropped here and never written.
    let mut secrets: BTreeMap<String, SecretSpec> = BTreeMap::new();
    for s in by_kind("Secret") {
        let mut keys: BTreeSet<String> = BTreeSet::new();
        for field in ["/data", "/stringData"] {
            if let Some(m) = s.pointer(field).and_then(Value::as_object) {
                keys.extend(m.keys().cloned());
            }
        }
        let type_ = str_at(s, "/type");
        let spec = SecretSpec {
            name: name(s).to_owned(),
            keys: keys.into_iter().collect(),
            type_: (!type_.is_empty() && type_ != "Opaque").then(|| type_.to_owned()),
            description: describe(hints, name(s)),
            ..SecretSpec::default()
        };
        secrets.insert(spec.name.clone(), spec);
    }

    // Which workload uses which ConfigMap, to tell an app's own config from a shared one.
    let config_maps: BTreeMap<String, &Value> =
        by_kind("ConfigMap").map(|v| (name(v).to_owned(), v)).collect();
    let workloads: Vec<&Value> = values
        .iter()
        .copied()
        .filter(|v| WORKLOADS.contains(&kind(v)) && !decisions.keep.contains_key(name(v)))
        .collect();
    let known: Apps = workloads
        .iter()
        .filter(|w| matches!(kind(w), "Deployment" | "StatefulSet" | "DaemonSet"))
        .map(|w| (map_at(w, "/spec/selector/matchLabels"), strip(name(w))))
        .collect();
    let mut users: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for w in &workloads {
        for cm in referenced_config_maps(w) {
            users.entry(cm).or_default().insert(name(w).to_owned());
        }
    }
    let mut own_config: BTreeMap<String, String> = BTreeMap::new(); // workload → ConfigMap
    let mut shared: BTreeMap<String, String> = BTreeMap::new(); // ConfigMap → declared name
    for (cm, who) in &users {
        let Some(v) = config_maps.get(cm) else { continue };
        if v.get("binaryData").is_some() {
            continue;
        }
        if decisions.raw.contains_key(&("ConfigMap".to_owned(), cm.clone())) {
            continue;
        }
        let w = who.iter().next().cloned().unwrap_or_default();
        if who.len() == 1 && !own_config.contains_key(&w) {
            own_config.insert(w, cm.clone());
        } else {
            let (base, hashed) = unhash(&strip(cm), &data(v));
            shared.insert(cm.clone(), base.clone());
            c.env.configs.push(SharedConfig {
                config: Config { data: data(v), hashed, ..Config::default() },
                ..SharedConfig::new(&base, Config::default())
            });
            c.owner.insert(("ConfigMap".into(), cm.clone()), String::new());
        }
    }

    let mut taken: BTreeSet<(String, String)> = BTreeSet::new();
    for w in &workloads {
        let wname = name(w).to_owned();
        let context = Context {
            all: &values,
            common,
            own_config: &own_config,
            shared: &shared,
            config_maps: &config_maps,
            known: &known,
        };
        match app(w, &context, decisions, &mut c) {
            Ok((app, owned)) => {
                for key in owned {
                    c.owner.insert(key.clone(), app.name.clone());
                    taken.insert(key);
                }
                taken.insert((kind(w).to_owned(), wname.clone()));
                c.owner.insert((kind(w).to_owned(), wname), app.name.clone());
                c.env.apps.push(app);
            }
            Err(why) => {
                c.failed.insert(wname, why);
            }
        }
    }
    for cm in shared.keys() {
        taken.insert(("ConfigMap".into(), cm.clone()));
    }

    // Services that resolve to a name outside the cluster (a managed database).
    for v in by_kind("Service") {
        let key = ("Service".to_owned(), name(v).to_owned());
        if taken.contains(&key)
            || decisions.raw.contains_key(&key)
            || str_at(v, "/spec/type") != "ExternalName"
        {
            continue;
        }
        let mut ports = Vec::new();
        for p in v.pointer("/spec/ports").and_then(Value::as_array).into_iter().flatten() {
            let number = p.get("port").and_then(Value::as_u64).and_then(|n| u16::try_from(n).ok());
            let name = p.get("name").and_then(Value::as_str).unwrap_or_default();
            if let Some(number) = number {
                ports.push((name.to_owned(), number));
            }
        }
        c.env.external_services.push(ExternalService {
            ports,
            ..ExternalService::new(&strip(name(v)), str_at(v, "/spec/externalName"))
        });
        c.owner.insert(key.clone(), String::new());
        taken.insert(key);
    }

    // NetworkPolicies of no app: the environment's own, when `Policy` says what they say.
    for v in by_kind("NetworkPolicy") {
        let key = ("NetworkPolicy".to_owned(), name(v).to_owned());
        if taken.contains(&key)
            || c.policies.contains_key(name(v))
            || decisions.raw.contains_key(&key)
        {
            continue;
        }
        if let Some(policy) = env_policy(v, common, &known) {
            c.env.policies.push(policy);
            c.owner.insert(key.clone(), String::new());
            taken.insert(key);
        }
    }

    // Secrets the apps refer to but the input does not hold: declared from the references.
    for app in &c.env.apps {
        for (secret, key) in secret_refs(app) {
            let spec = secrets.entry(secret.clone()).or_insert_with(|| SecretSpec {
                name: secret.clone(),
                description: describe(hints, &secret),
                ..SecretSpec::default()
            });
            if let Some(key) = key
                && !spec.keys.contains(&key)
            {
                spec.keys.push(key);
            }
        }
    }
    // In the order a re-imported tree listed them (keys too), then by name.
    let mut secrets: Vec<SecretSpec> = secrets.into_values().collect();
    for spec in &mut secrets {
        if let Some(hint) = hints.iter().find(|h| h.name == spec.name) {
            let mut keys: Vec<String> = hint.keys.clone();
            keys.extend(spec.keys.iter().filter(|k| !hint.keys.contains(k)).cloned());
            spec.keys = keys;
        }
    }
    secrets.sort_by_key(|x| hints.iter().position(|h| h.name == x.name).unwrap_or(usize::MAX));
    c.env.secrets = secrets;

    for r in objects {
        let v = &r.value;
        let key = (kind(v).to_owned(), name(v).to_owned());
        if taken.contains(&key) || c.owner.contains_key(&key) || kind(v) == "Secret" {
            continue;
        }
        if is_helm_test(v) {
            c.notes.push(format!(
                "left out {} `{}`: a Helm test hook, which only `helm test` creates",
                kind(v),
                name(v)
            ));
            continue;
        }
        // The render writes the Namespaces of the environment and of its apps.
        let rendered_namespace = Some(name(v)) == common.namespace.as_deref()
            || c.env.apps.iter().any(|a| a.namespace.as_deref() == Some(name(v)));
        if kind(v) == "Namespace" && rendered_namespace {
            continue;
        }
        let why = if WORKLOADS.contains(&kind(v)) {
            let why = decisions.keep.get(name(v)).or_else(|| c.failed.get(name(v)));
            why.cloned().unwrap_or_else(|| "rustomize cannot type it".into())
        } else if let Some(why) = c.policies.get(name(v)).filter(|_| kind(v) == "NetworkPolicy") {
            why.clone()
        } else if let Some(why) = decisions.raw.get(&key) {
            why.clone()
        } else {
            format!("rustomize has no typed form of a {} that belongs to no app", kind(v))
        };
        c.kept.push(keep(v, common, why));
    }
    c
}

fn describe(hints: &[SecretHint], secret: &str) -> String {
    hints.iter().find(|h| h.name == secret).map(|h| h.description.clone()).unwrap_or_default()
}

/// An object as it stays: its name without the environment's prefix (the render adds it
/// back), its namespace and the environment's labels, annotations and waivers left for the
/// environment to add.
fn keep(v: &Value, common: &Common, why: String) -> Kept {
    let mut v = v.clone();
    let full = name(&v).to_owned();
    let unprefixed = matches!(kind(&v), "Namespace" | "CustomResourceDefinition" | "APIService");
    let short = if unprefixed {
        full.clone()
    } else {
        full.strip_prefix(common.prefix.as_str()).unwrap_or(&full).to_owned()
    };
    if let Some(meta) = v.get_mut("metadata").and_then(Value::as_object_mut) {
        {
            meta.insert("name".into(), Value::String(short.clone()));
        }
        // The environment adds its waivers again, after the object's own.
        if let Some(Value::Object(a)) = meta.get_mut("annotations") {
            a.retain(|k, v| {
                !(k.starts_with("checkov.io/skip")
                    && v.as_str()
                        .and_then(|v| v.split_once('='))
                        .is_some_and(|(c, r)| common.waivers.contains(&Waiver::new(c, r))))
            });
            if a.is_empty() {
                meta.remove("annotations");
            }
        }
    }
    crate::yaml::canonical_object(&mut v);
    let yaml = crate::yaml::to_yaml_value(&v).unwrap_or_default();
    Kept {
        api_version: str_at(&v, "/apiVersion").to_owned(),
        kind: kind(&v).to_owned(),
        name: short,
        yaml,
        why,
    }
}

fn data(v: &Value) -> BTreeMap<String, String> {
    map_at(v, "/data")
}

/// `name` without Kustomize's content-hash suffix when it carries the suffix of `data`'s
/// hash, and whether it did.
fn unhash(name: &str, data: &BTreeMap<String, String>) -> (String, bool) {
    if let Some((base, suffix)) = name.rsplit_once('-')
        && suffix.len() == 10
        && suffix.chars().all(|c| HASH_ALPHABET.contains(c))
        && crate::hash::config_map(data) == suffix
    {
        return (base.to_owned(), true);
    }
    (name.to_owned(), false)
}

fn pod_spec(w: &Value) -> Option<core::PodSpec> {
    let p = format!("{}/spec", template_pointer(kind(w)));
    serde_json::from_value(w.pointer(&p)?.clone()).ok()
}

fn referenced_config_maps(w: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let Some(spec) = pod_spec(w) else { return out };
    for c in spec.containers.iter().chain(spec.init_containers.iter().flatten()) {
        for e in c.env.iter().flatten() {
            if let Some(r) = e.value_from.as_ref().and_then(|f| f.config_map_key_ref.as_ref()) {
                out.insert(r.name.clone());
            }
        }
        for f in c.env_from.iter().flatten() {
            if let Some(r) = &f.config_map_ref {
                out.insert(r.name.clone());
            }
        }
    }
    for v in spec.volumes.iter().flatten() {
        if let Some(cm) = &v.config_map {
            out.insert(cm.name.clone());
        }
    }
    out
}

pub(super) fn secret_refs(app: &App) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    for c in app.all_containers() {
        for v in c.env.0.values() {
            if let EnvValue::Secret(r) = v {
                out.push((r.secret.clone(), Some(r.key.clone())));
            }
        }
        for f in &c.env_from {
            if let (EnvFrom::Secret(s), _, _) = f.parts() {
                out.push((s.clone(), None));
            }
        }
    }
    for v in &app.volumes {
        match &v.source {
            VolumeSource::Secret(s) => out.push((s.clone(), None)),
            VolumeSource::Files(Files { source: FileSource::Secret(s), items, .. }) => {
                out.extend(items.iter().map(|(k, _)| (s.clone(), Some(k.clone()))));
            }
            _ => {}
        }
    }
    out
}

/// Names an app's ConfigMaps get in the model: its own, and shared ones by declared name.
struct ConfigNames<'a> {
    own: Option<&'a str>,
    shared: &'a BTreeMap<String, String>,
}

impl ConfigNames<'_> {
    fn env(&self, name: &str, key: &str, optional: bool) -> Result<EnvValue, String> {
        if Some(name) == self.own {
            if optional {
                return Err("an optional key of the app's own ConfigMap".into());
            }
            return Ok(EnvValue::Config(key.into()));
        }
        match self.shared.get(name) {
            Some(base) => Ok(EnvValue::SharedConfig(ConfigKeyRef {
                config: base.clone(),
                key: key.into(),
                optional,
            })),
            None => Err(format!("ConfigMap `{name}` is not in the input")),
        }
    }

    fn source(&self, name: &str) -> Result<FileSource, String> {
        if Some(name) == self.own {
            return Ok(FileSource::Config);
        }
        self.shared
            .get(name)
            .map(|b| FileSource::SharedConfig(b.clone()))
            .ok_or_else(|| format!("ConfigMap `{name}` is not in the input"))
    }
}

/// What converting one workload may look at besides the workload.
struct Context<'a> {
    all: &'a [&'a Value],
    common: &'a Common,
    own_config: &'a BTreeMap<String, String>,
    shared: &'a BTreeMap<String, String>,
    config_maps: &'a BTreeMap<String, &'a Value>,
    known: &'a Apps,
}

fn app(
    w: &Value,
    context: &Context<'_>,
    decisions: &Decisions,
    c: &mut Converted,
) -> Result<(App, Vec<(String, String)>), String> {
    let Context { all, common, own_config, shared, config_maps, known } = *context;
    let full = name(w).to_owned();
    let app_name = full.strip_prefix(common.prefix.as_str()).unwrap_or(&full).to_owned();
    let wkind = kind(w);
    let tp = template_pointer(wkind);
    let spec = pod_spec(w).ok_or("it has no pod template")?;
    let mut owned = Vec::new();
    let mut app = App { name: app_name.clone(), replicas: 1, ..App::default() };
    // A stack across namespaces: each app keeps its own.
    let own_ns = str_at(w, "/metadata/namespace");
    if common.namespace.is_none() && !own_ns.is_empty() {
        app.namespace = Some(own_ns.to_owned());
    }
    let same_ns = |v: &&&Value| str_at(v, "/metadata/namespace") == own_ns;

    // Labels: the selector, the name and component labels the render derives, the rest.
    let selector = match wkind {
        "Deployment" | "StatefulSet" | "DaemonSet" => {
            if w.pointer("/spec/selector/matchExpressions").is_some() {
                return Err("its selector uses `matchExpressions`".into());
            }
            map_at(w, "/spec/selector/matchLabels")
        }
        _ => BTreeMap::new(),
    };
    let pod_labels = map_at(w, &format!("{tp}/metadata/labels"));
    if selector.is_empty() && matches!(wkind, "Deployment" | "StatefulSet" | "DaemonSet") {
        return Err("it has no `matchLabels` selector".into());
    }
    let default_selector = BTreeMap::from([(NAME_LABEL.to_owned(), app_name.clone())]);
    if selector != default_selector {
        app.selector = selector.clone();
    }
    let mut labels = map_at(w, "/metadata/labels");
    labels.remove(MANAGED_BY_LABEL);
    labels.retain(|k, v| common.labels.get(k) != Some(v) && selector.get(k) != Some(v));
    if labels.get(NAME_LABEL) == Some(&app_name) {
        labels.remove(NAME_LABEL);
    }
    app.component = labels.remove(COMPONENT_LABEL);
    app.labels = labels;
    let derived = crate::render::app_labels_of(&app);
    app.pod_labels = pod_labels
        .into_iter()
        .filter(|(k, v)| derived.get(k) != Some(v) && common.labels.get(k) != Some(v))
        .collect();
    let mut annotations = map_at(w, "/metadata/annotations");
    annotations.retain(|k, v| common.annotations.get(k) != Some(v));
    let mut waivers = take_waivers(&mut annotations);
    waivers.retain(|x| !common.waivers.contains(x));
    app.annotations = annotations;
    app.pod_annotations = map_at(w, &format!("{tp}/metadata/annotations"));

    // The controller.
    let int = |p: &str| w.pointer(p).and_then(Value::as_i64);
    let int32 = |p: &str| int(p).and_then(|n| i32::try_from(n).ok());
    app.workload = match wkind {
        "Deployment" => Workload::Deployment,
        "StatefulSet" => Workload::StatefulSet,
        "DaemonSet" => Workload::DaemonSet,
        "Job" => Workload::Job(job(w, "/spec", &spec)?),
        _ => Workload::CronJob(CronJob {
            schedule: str_at(w, "/spec/schedule").to_owned(),
            time_zone: w.pointer("/spec/timeZone").and_then(Value::as_str).map(str::to_owned),
            successful_jobs_history_limit: int32("/spec/successfulJobsHistoryLimit"),
            failed_jobs_history_limit: int32("/spec/failedJobsHistoryLimit"),
            starting_deadline_seconds: int("/spec/startingDeadlineSeconds"),
            suspend: w.pointer("/spec/suspend").and_then(Value::as_bool).unwrap_or(false),
            concurrency: match str_at(w, "/spec/concurrencyPolicy") {
                "Forbid" => crate::model::Concurrency::Forbid,
                "Replace" => crate::model::Concurrency::Replace,
                _ => crate::model::Concurrency::Allow,
            },
            job: job(w, "/spec/jobTemplate/spec", &spec)?,
        }),
    };
    if let Some(n) = int("/spec/replicas") {
        app.replicas = u32::try_from(n).map_err(|_| "its replica count is negative")?;
    }
    app.rollout = Rollout {
        strategy: strategy(w),
        min_ready_seconds: int32("/spec/minReadySeconds"),
        revision_history_limit: int32("/spec/revisionHistoryLimit"),
        progress_deadline_seconds: int32("/spec/progressDeadlineSeconds"),
        parallel_pods: str_at(w, "/spec/podManagementPolicy") == "Parallel",
    };

    // Config and containers.
    let own = own_config.get(&full).map(String::as_str);
    if let Some(cm) = own
        && let Some(v) = config_maps.get(cm)
    {
        let short = cm.strip_prefix(common.prefix.as_str()).unwrap_or(cm);
        let (base, hashed) = unhash(short, &data(v));
        app.config = Config {
            data: data(v),
            hashed,
            immutable: v.get("immutable").and_then(Value::as_bool).unwrap_or(false),
            name: (base != format!("{app_name}-config")).then_some(base),
            ..Config::default()
        };
        owned.push(("ConfigMap".to_owned(), cm.to_owned()));
    }
    let names = ConfigNames { own, shared };
    // The Services over these pods, whose port names name unnamed container ports.
    let template_labels = map_at(w, &format!("{tp}/metadata/labels"));
    let over_pods: Vec<&Value> = all
        .iter()
        .copied()
        .filter(|s| kind(s) == "Service" && str_at(s, "/metadata/namespace") == own_ns)
        .filter(|s| {
            let sel = map_at(s, "/spec/selector");
            !sel.is_empty() && sel.iter().all(|(k, v)| template_labels.get(k) == Some(v))
        })
        .collect();
    for k in &spec.containers {
        app.containers.push(container(k, &names, &over_pods)?);
    }
    for k in spec.init_containers.iter().flatten() {
        let converted = container(k, &names, &[])?;
        if k.restart_policy.as_deref() == Some("Always") {
            app.sidecars.push(converted);
        } else {
            app.init_containers.push(converted);
        }
    }
    for v in spec.volumes.iter().flatten() {
        app.volumes.push(volume(v, &names)?);
    }
    if let Some(templates) = w.pointer("/spec/volumeClaimTemplates").and_then(Value::as_array) {
        for t in templates {
            app.storage.push(claim_template(t, true)?);
        }
    }
    app.pod.termination_grace_period_seconds = spec.termination_grace_period_seconds;
    app.pod.node_selector = spec.node_selector.clone().unwrap_or_default();
    if spec.affinity.is_some() || spec.topology_spread_constraints.is_some() {
        return Err("it has affinity or spread rules, which import does not yet type".into());
    }
    app.pod.priority_class_name = spec.priority_class_name.clone();
    app.pod.image_pull_secrets =
        spec.image_pull_secrets.iter().flatten().map(|s| s.name.clone()).collect();
    app.pod.subdomain = spec.subdomain.clone();
    for t in spec.tolerations.iter().flatten() {
        if t.operator.as_deref() == Some("Exists") && t.value.is_some() {
            return Err("a toleration has both `Exists` and a value".into());
        }
        app.pod.tolerations.push(crate::model::Toleration {
            key: t.key.clone().unwrap_or_default(),
            value: if t.operator.as_deref() == Some("Exists") { None } else { t.value.clone() },
            effect: t.effect.clone(),
            toleration_seconds: t.toleration_seconds,
        });
    }

    // Who the pods run as, and what the original left open.
    let (security, mut relaxed) = security(&spec, &app)?;
    app.security = security;
    let mut account = spec.service_account_name.clone().unwrap_or_default();
    if account == "default" {
        account.clear();
    }
    if !account.is_empty() {
        let short = account.strip_prefix(common.prefix.as_str()).unwrap_or(&account).to_owned();
        let used_by_others = all.iter().any(|v| {
            WORKLOADS.contains(&kind(v))
                && name(v) != full
                && pod_spec(v).and_then(|s| s.service_account_name).as_deref()
                    == Some(account.as_str())
        });
        let key = ("ServiceAccount".to_owned(), account.clone());
        let sa = all.iter().find(|v| kind(v) == "ServiceAccount" && name(v) == account);
        app.service_account = match sa {
            Some(sa) if !decisions.raw.contains_key(&key) => {
                let mut annotations = map_at(sa, "/metadata/annotations");
                annotations.retain(|k, v| {
                    common.annotations.get(k) != Some(v) && !k.starts_with("checkov.io/skip")
                });
                let automount = sa.get("automountServiceAccountToken").and_then(Value::as_bool);
                if annotations.is_empty()
                    && automount.is_none()
                    && short == app_name
                    && !used_by_others
                {
                    owned.push(key);
                    ServiceAccount::Own
                } else {
                    // An account with settings (or shared) is the environment's.
                    if !c.env.service_accounts.iter().any(|a| a.name == short) {
                        c.env.service_accounts.push(ServiceAccountSpec {
                            annotations,
                            automount_token: automount,
                            ..ServiceAccountSpec::new(&short)
                        });
                    }
                    c.owner.insert(key, String::new());
                    ServiceAccount::Shared(short)
                }
            }
            _ => ServiceAccount::Existing(account.clone()),
        };
    }

    // Services that select exactly these pods.
    let pod_selector = app.pod_selector();
    let mut services: Vec<Expose> = Vec::new();
    for s in all.iter().filter(same_ns).filter(|v| kind(v) == "Service") {
        let sel = map_at(s, "/spec/selector");
        if sel.is_empty() || !sel.iter().all(|(k, v)| template_labels.get(k) == Some(v)) {
            continue;
        }
        if sel != pod_selector && !pod_selector.iter().all(|(k, v)| sel.get(k) == Some(v)) {
            // A Service over more pods than this app's belongs to no one app.
            continue;
        }
        services.push(service(s, &app, common)?);
        owned.push(("Service".into(), name(s).to_owned()));
    }
    services.sort_by_key(|e| e.name.is_some());
    let mut services = services.into_iter();
    app.expose = services.next();
    app.services = services.collect();

    // Scaling and budgets that point at this workload.
    for h in all.iter().filter(same_ns).filter(|v| kind(v) == "HorizontalPodAutoscaler") {
        if str_at(h, "/spec/scaleTargetRef/name") == full
            && str_at(h, "/spec/scaleTargetRef/kind") == wkind
            && str_at(h, "/apiVersion") == "autoscaling/v2"
        {
            app.autoscale = Some(autoscale(h)?);
            owned.push(("HorizontalPodAutoscaler".into(), name(h).to_owned()));
        }
    }
    for p in all.iter().filter(same_ns).filter(|v| kind(v) == "PodDisruptionBudget") {
        if map_at(p, "/spec/selector/matchLabels") == pod_selector && name(p) == full {
            let pct = |v: &Value| {
                v.as_str().and_then(|s| s.strip_suffix('%')).and_then(|n| n.parse::<u8>().ok())
            };
            let num = |v: &Value| v.as_u64().and_then(|n| u32::try_from(n).ok());
            app.disruption_budget =
                match (p.pointer("/spec/minAvailable"), p.pointer("/spec/maxUnavailable")) {
                    (Some(v), None) if num(v).is_some() => {
                        num(v).map(DisruptionBudget::MinAvailable)
                    }
                    (Some(v), None) => pct(v).map(DisruptionBudget::MinAvailablePercent),
                    (None, Some(v)) if num(v).is_some() => {
                        num(v).map(DisruptionBudget::MaxUnavailable)
                    }
                    (None, Some(v)) => pct(v).map(DisruptionBudget::MaxUnavailablePercent),
                    _ => None,
                };
            if app.disruption_budget.is_some() {
                owned.push(("PodDisruptionBudget".into(), name(p).to_owned()));
            }
        }
    }

    // Claims only this workload mounts become its storage (the PVC renders with the app).
    for v in std::mem::take(&mut app.volumes) {
        let claim = match &v.source {
            VolumeSource::ExistingClaim(claim) => all.iter().find(|o| {
                kind(o) == "PersistentVolumeClaim"
                    && name(o) == claim
                    && !all.iter().any(|w| {
                        WORKLOADS.contains(&kind(w))
                            && name(w) != full
                            && claims_of(w).contains(claim)
                    })
            }),
            _ => None,
        };
        match claim.map(|c| (c, claim_template(c, false))) {
            Some((c, Ok(storage))) => {
                let short = name(c).strip_prefix(common.prefix.as_str()).unwrap_or(name(c));
                app.storage.push(Storage {
                    name: v.name.clone(),
                    claim_name: Some(short.to_owned()),
                    ..storage
                });
                owned.push(("PersistentVolumeClaim".into(), name(c).to_owned()));
            }
            _ => app.volumes.push(v),
        }
    }

    // An Ingress named after the app whose every path leads to the app's own Services.
    for i in all.iter().filter(same_ns).filter(|v| kind(v) == "Ingress" && name(v) == full) {
        if let Some(ingress) = ingress(i, &app, common) {
            app.ingress = Some(ingress);
            owned.push(("Ingress".into(), name(i).to_owned()));
        }
    }

    // The NetworkPolicy the model renders for an app, when the original has one like it.
    let policy = all.iter().filter(same_ns).find(|v| {
        kind(v) == "NetworkPolicy"
            && name(v) == full
            && map_at(v, "/spec/podSelector/matchLabels") == pod_selector
    });
    let traffic = policy
        .filter(|_| !decisions.own_policy.contains_key(&app_name))
        .map(|p| (p, traffic(p, &app, known)));
    match traffic {
        Some((p, Some(t))) => {
            app.traffic = t;
            owned.push(("NetworkPolicy".into(), name(p).to_owned()));
        }
        Some((p, None)) => {
            app.security.network_policy = false;
            c.policies.insert(name(p).to_owned(), "its rules go beyond what `Traffic` says (one ingress rule over the app's Service ports and more)".into());
            relaxed.push("keeps its own NetworkPolicy as written".into());
        }
        None if policy.is_some() => {
            let p = policy.map(|p| name(p)).unwrap_or_default();
            app.security.network_policy = false;
            let why = decisions.own_policy.get(&app_name).cloned().unwrap_or_default();
            c.policies.insert(p.to_owned(), why);
            relaxed.push("keeps its own NetworkPolicy as written".into());
        }
        None => {
            app.security.network_policy = false;
            relaxed.push("has no NetworkPolicy of its own".into());
        }
    }
    if !relaxed.is_empty() {
        // The checks this relaxation waives; when the original already waives exactly those
        // with one reason (a stack rustomize rendered), that reason is the exception.
        let checks: Vec<String> =
            Security { exception: Some(String::new()), ..app.security.clone() }
                .waivers()
                .into_iter()
                .map(|w| w.check)
                .collect();
        // With one app, what every object carries may be the app's own: look there too.
        let pool: Vec<Waiver> = if common.single {
            waivers.iter().chain(&c.env.waivers).cloned().collect()
        } else {
            waivers.clone()
        };
        let reasons: BTreeSet<&str> =
            pool.iter().filter(|w| checks.contains(&w.check)).map(|w| w.reason.as_str()).collect();
        let covered = checks.iter().all(|c| pool.iter().any(|w| &w.check == c));
        let reason = match reasons.iter().next() {
            Some(r) if covered && reasons.len() == 1 => (*r).to_owned(),
            _ => format!("imported: the original {}", join(&relaxed)),
        };
        if common.single
            && reason
                == pool.iter().find(|w| checks.contains(&w.check)).map_or("", |w| w.reason.as_str())
        {
            c.env.waivers.retain(|x| !checks.contains(&x.check));
        }
        app.security.exception = Some(reason);
        waivers.retain(|x| !checks.contains(&x.check));
    }
    if decisions.credentials.contains(&app_name) {
        waivers.push(Waiver::literal_credential(
            "imported: the original commits this value in git; move it to a Secret",
        ));
    }
    app.waivers = waivers;
    if app.containers.iter().all(|k| k.probes.liveness.is_none() && k.probes.readiness.is_none())
        && !app.workload.runs_to_completion()
    {
        c.notes.push(format!("`{app_name}`: no liveness or readiness probe; add them"));
    }
    Ok((app, owned))
}

fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{}, and {last}", init.join(", ")),
    }
}

fn job(w: &Value, at: &str, spec: &core::PodSpec) -> Result<Job, String> {
    let int = |p: &str| w.pointer(&format!("{at}{p}")).and_then(Value::as_i64);
    let int32 = |p: &str| int(p).and_then(|n| i32::try_from(n).ok());
    Ok(Job {
        backoff_limit: int32("/backoffLimit").unwrap_or(6),
        ttl_seconds_after_finished: int32("/ttlSecondsAfterFinished"),
        restart_policy: match spec.restart_policy.as_deref() {
            Some("OnFailure") => RestartPolicy::OnFailure,
            Some("Never") => RestartPolicy::Never,
            other => return Err(format!("a Job's restart policy `{}`", other.unwrap_or("Always"))),
        },
        completions: int32("/completions"),
        parallelism: int32("/parallelism"),
        active_deadline_seconds: int("/activeDeadlineSeconds"),
    })
}

fn strategy(w: &Value) -> Option<Strategy> {
    let (at, key) = match kind(w) {
        "Deployment" => ("/spec/strategy", "rollingUpdate"),
        _ => ("/spec/updateStrategy", "rollingUpdate"),
    };
    let text =
        |v: Option<&Value>| v.map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned));
    match str_at(w, &format!("{at}/type")) {
        "Recreate" => Some(Strategy::Recreate),
        "OnDelete" => Some(Strategy::OnDelete),
        "RollingUpdate" | "" => {
            let ru = w.pointer(&format!("{at}/{key}"))?;
            Some(Strategy::RollingUpdate {
                max_surge: text(ru.get("maxSurge")),
                max_unavailable: text(ru.get("maxUnavailable")),
            })
        }
        _ => None,
    }
}

/// Pod selector → app name, for every workload of the environment that becomes an app: a
/// peer in the same namespace must name one (validation holds references to apps).
pub(super) type Apps = Vec<(BTreeMap<String, String>, String)>;

/// A peer of a NetworkPolicy as the model's, when it is one the model writes.
fn peer(p: &k8s_openapi::api::networking::v1::NetworkPolicyPeer, apps: &Apps) -> Option<Peer> {
    let labels = |s: &k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector| {
        s.match_expressions.is_none().then(|| s.match_labels.clone().unwrap_or_default())
    };
    match (&p.pod_selector, &p.namespace_selector, &p.ip_block) {
        (None, None, Some(b)) => {
            Some(Peer::Cidr { cidr: b.cidr.clone(), except: b.except.clone().unwrap_or_default() })
        }
        (Some(pods), None, None) => {
            let selector = labels(pods)?;
            let app = apps.iter().find(|(s, _)| *s == selector).map(|(_, a)| a.clone())?;
            Some(Peer::Pods { selector, namespace: None, app })
        }
        (Some(pods), Some(ns), None) => {
            let selector = labels(pods)?;
            let ns = labels(ns)?;
            let [(key, namespace)] = ns.into_iter().collect::<Vec<_>>().try_into().ok()?;
            if key != "kubernetes.io/metadata.name" {
                return None;
            }
            let app = selector.values().next().cloned().unwrap_or_default();
            Some(Peer::Pods { selector, namespace: Some(namespace), app })
        }
        (None, Some(ns), None) => Some(Peer::Namespaces(labels(ns)?)),
        _ => None,
    }
}

/// Egress rules as the model's.
fn egress(
    types: &[String],
    rules: Option<&Vec<k8s_openapi::api::networking::v1::NetworkPolicyEgressRule>>,
    apps: &Apps,
) -> Option<Egress> {
    if !types.iter().any(|t| t == "Egress") {
        return rules.is_none_or(Vec::is_empty).then_some(Egress::Unrestricted);
    }
    let rules = rules.cloned().unwrap_or_default();
    if let [only] = rules.as_slice()
        && only.to.is_none()
        && only.ports.is_none()
    {
        return Some(Egress::AllowAll);
    }
    let mut out = Vec::new();
    for r in rules {
        let to = r.to.iter().flatten().map(|p| peer(p, apps)).collect::<Option<Vec<_>>>()?;
        let mut ports = Vec::new();
        for p in r.ports.iter().flatten() {
            use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
            let Some(IntOrString::Int(n)) = p.port else { return None };
            if p.end_port.is_some() {
                return None;
            }
            ports.push((u16::try_from(n).ok()?, protocol(p.protocol.as_deref())));
        }
        if to.is_empty() && ports.is_empty() {
            return None;
        }
        out.push(EgressRule { to, ports });
    }
    Some(Egress::To(out))
}

fn protocol(p: Option<&str>) -> Protocol {
    match p {
        Some("UDP") => Protocol::Udp,
        Some("SCTP") => Protocol::Sctp,
        _ => Protocol::Tcp,
    }
}

fn policy_types(spec: &k8s_openapi::api::networking::v1::NetworkPolicySpec) -> Vec<String> {
    spec.policy_types.clone().unwrap_or_else(|| {
        let mut t = vec!["Ingress".to_owned()];
        if spec.egress.is_some() {
            t.push("Egress".to_owned());
        }
        t
    })
}

/// An app's NetworkPolicy as its `Traffic`: one ingress rule that admits at least the ports
/// the app's Services offer (the model always admits those), and egress the model can say.
fn traffic(np: &Value, app: &App, apps: &Apps) -> Option<Traffic> {
    use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
    let spec: k8s_openapi::api::networking::v1::NetworkPolicySpec =
        serde_json::from_value(np.get("spec")?.clone()).ok()?;
    let types = policy_types(&spec);
    let mut t =
        Traffic { egress: egress(&types, spec.egress.as_ref(), apps)?, ..Traffic::default() };
    let served: Vec<&str> = app
        .expose
        .iter()
        .chain(&app.services)
        .flat_map(|e| &e.ports)
        .map(|p| p.target.as_str())
        .collect();
    if !types.iter().any(|x| x == "Ingress") {
        t.ingress_unrestricted = true;
        return spec.ingress.is_none_or(|r| r.is_empty()).then_some(t);
    }
    let rules = spec.ingress.unwrap_or_default();
    match rules.as_slice() {
        [] if served.is_empty() => Some(t),
        [rule] => {
            t.from =
                rule.from.iter().flatten().map(|p| peer(p, apps)).collect::<Option<Vec<_>>>()?;
            let Some(ports) = &rule.ports else {
                t.all_ports = true;
                return Some(t);
            };
            let mut names = Vec::new();
            for p in ports {
                if p.end_port.is_some() {
                    return None;
                }
                let name = match p.port.as_ref()? {
                    IntOrString::String(n) => n.clone(),
                    IntOrString::Int(n) => app
                        .all_containers()
                        .flat_map(|c| &c.ports)
                        .find(|c| i32::from(c.number) == *n)
                        .map(|c| c.name.clone())?,
                };
                names.push(name);
            }
            if !served.iter().all(|s| names.iter().any(|n| n == s)) {
                return None;
            }
            t.ports = names.into_iter().filter(|n| !served.contains(&n.as_str())).collect();
            t.ports.dedup();
            Some(t)
        }
        _ => None,
    }
}

/// A NetworkPolicy of no app as an environment `Policy`, when the model can say it.
fn env_policy(np: &Value, common: &Common, apps: &Apps) -> Option<Policy> {
    use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
    let spec: k8s_openapi::api::networking::v1::NetworkPolicySpec =
        serde_json::from_value(np.get("spec")?.clone()).ok()?;
    let types = policy_types(&spec);
    if !types.iter().any(|t| t == "Ingress")
        || spec.pod_selector.as_ref().is_some_and(|s| s.match_expressions.is_some())
    {
        return None;
    }
    let short = name(np).strip_prefix(common.prefix.as_str()).unwrap_or(name(np));
    let pods = spec.pod_selector.as_ref().and_then(|s| s.match_labels.clone()).unwrap_or_default();
    let mut policy =
        Policy { egress: egress(&types, spec.egress.as_ref(), apps)?, ..Policy::new(short, pods) };
    match spec.ingress.unwrap_or_default().as_slice() {
        [] => {}
        [rule] => {
            policy.from =
                rule.from.iter().flatten().map(|p| peer(p, apps)).collect::<Option<Vec<_>>>()?;
            for p in rule.ports.as_ref()? {
                let Some(IntOrString::Int(n)) = p.port else { return None };
                if p.end_port.is_some() {
                    return None;
                }
                policy.ports.push((u16::try_from(n).ok()?, protocol(p.protocol.as_deref())));
            }
        }
        _ => return None,
    }
    Some(policy)
}

/// The claims a workload's pods mount.
fn claims_of(w: &Value) -> BTreeSet<String> {
    pod_spec(w)
        .and_then(|s| s.volumes)
        .into_iter()
        .flatten()
        .filter_map(|v| v.persistent_volume_claim.map(|c| c.claim_name))
        .collect()
}

/// An Ingress as the app's, when every path routes to one of the app's Services.
fn ingress(i: &Value, app: &App, common: &Common) -> Option<crate::model::Ingress> {
    use crate::model::{Backend, IngressPath, IngressRule, PathType};
    use k8s_openapi::api::networking::v1 as net;
    let spec: net::IngressSpec = serde_json::from_value(i.get("spec")?.clone()).ok()?;
    if spec.default_backend.is_some() {
        return None;
    }
    let services: Vec<&Expose> = app.expose.iter().chain(&app.services).collect();
    let backend = |p: &net::HTTPIngressPath| -> Option<Backend> {
        let svc = p.backend.service.as_ref()?;
        let short = svc.name.strip_prefix(common.prefix.as_str()).unwrap_or(&svc.name);
        let expose = services.iter().find(|e| e.name.as_deref().unwrap_or(&app.name) == short)?;
        let port = svc.port.as_ref()?;
        let target = expose.ports.iter().find(|sp| {
            port.number == Some(i32::from(sp.port)) || (port.name.is_some() && port.name == sp.name)
        })?;
        Some(Backend { service: short.to_owned(), port: target.target.clone() })
    };
    let path_type = |t: &str| match t {
        "Exact" => Some(Some(PathType::Exact)),
        "ImplementationSpecific" => Some(Some(PathType::ImplementationSpecific)),
        "Prefix" => Some(None),
        _ => None,
    };
    let rules = spec.rules.clone().unwrap_or_default();
    let (first, rest) = rules.split_first()?;
    let paths = first.http.as_ref()?.paths.clone();
    let (main, more) = paths.split_first()?;
    let main_backend = backend(main)?;
    let main_service = app
        .expose
        .as_ref()
        .map_or(app.name.clone(), |e| e.name.clone().unwrap_or_else(|| app.name.clone()));
    if main_backend.service != main_service {
        return None;
    }
    let mut out = crate::model::Ingress {
        host: first.host.clone().unwrap_or_default(),
        path: main.path.clone().unwrap_or_default(),
        path_type: path_type(&main.path_type)?,
        port: main_backend.port,
        class_name: spec.ingress_class_name.clone(),
        ..crate::model::Ingress::default()
    };
    let mut extra = Vec::new();
    if !more.is_empty() {
        extra.push((first.host.clone().unwrap_or_default(), more.to_vec()));
    }
    for r in rest {
        extra.push((r.host.clone().unwrap_or_default(), r.http.as_ref()?.paths.clone()));
    }
    for (host, paths) in extra {
        let mut rule = IngressRule { host, paths: Vec::new() };
        for p in &paths {
            rule.paths.push(IngressPath {
                path: p.path.clone().unwrap_or_default(),
                path_type: path_type(&p.path_type)?,
                backend: backend(p)?,
            });
        }
        out.rules.push(rule);
    }
    for (n, t) in spec.tls.iter().flatten().enumerate() {
        let hosts = t.hosts.clone().unwrap_or_default();
        let secret = t.secret_name.clone()?;
        if n == 0 && !out.host.is_empty() && hosts == [out.host.clone()] {
            out.tls_secret = Some(secret);
        } else {
            out.tls.push((hosts, secret));
        }
    }
    let mut annotations = map_at(i, "/metadata/annotations");
    annotations
        .retain(|k, v| common.annotations.get(k) != Some(v) && !k.starts_with("checkov.io/skip"));
    out.annotations = annotations;
    Some(out)
}

/// A StatefulSet's claim template, or a claim only one app mounts, as the model's storage
/// (a claim's labels are the app's, which the render adds again).
fn claim_template(t: &Value, template: bool) -> Result<Storage, String> {
    let claim: core::PersistentVolumeClaim =
        serde_json::from_value(t.clone()).map_err(|e| format!("a claim template: {e}"))?;
    let meta = &claim.metadata;
    let spec = claim.spec.unwrap_or_default();
    if (template && meta.labels.is_some())
        || meta
            .annotations
            .as_ref()
            .is_some_and(|a| a.keys().any(|k| !k.starts_with("checkov.io/skip")))
        || spec.selector.is_some()
        || spec.data_source.is_some()
        || spec.data_source_ref.is_some()
        || spec.volume_name.is_some()
        || spec.resources.as_ref().is_some_and(|r| r.limits.is_some())
    {
        return Err("a claim template with labels, a selector, a data source or limits".into());
    }
    let modes = spec.access_modes.unwrap_or_default();
    let access_mode = match modes.as_slice() {
        [m] if m == "ReadWriteOnce" => AccessMode::ReadWriteOnce,
        [m] if m == "ReadWriteOncePod" => AccessMode::ReadWriteOncePod,
        [m] if m == "ReadOnlyMany" => AccessMode::ReadOnlyMany,
        [m] if m == "ReadWriteMany" => AccessMode::ReadWriteMany,
        _ => return Err("a claim template without exactly one access mode".into()),
    };
    let size = spec
        .resources
        .and_then(|r| r.requests)
        .and_then(|r| r.get("storage").map(|q| q.0.clone()))
        .ok_or("a claim template without a storage request")?;
    Ok(Storage {
        name: meta.name.clone().unwrap_or_default(),
        size,
        access_mode,
        storage_class: spec.storage_class_name,
        claim_name: None,
    })
}

/// A name for an unnamed container port (the model refers to ports by name): the name a
/// Service gives the port that targets it, else `port-N`; never from what differs between
/// environments (a probe an overlay adds), so every environment names the port the same.
/// Adding a name changes nothing that reaches the port.
fn port_name(
    number: i32,
    protocol: &str,
    hints: &BTreeMap<i32, String>,
    taken: &[String],
) -> String {
    let valid = |n: &str| {
        n.len() <= 15
            && n.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && n.chars().any(|c| c.is_ascii_lowercase())
            && !n.starts_with('-')
            && !n.ends_with('-')
            && !n.contains("--")
    };
    match hints.get(&number) {
        Some(n) if valid(n) && !taken.contains(n) => n.clone(),
        _ => match protocol {
            "UDP" => format!("udp-{number}"),
            "SCTP" => format!("sctp-{number}"),
            _ => format!("port-{number}"),
        },
    }
}

/// Port number → a name for it, from the Services over the pods.
fn port_hints(services: &[&Value]) -> BTreeMap<i32, String> {
    let mut hints = BTreeMap::new();
    for s in services {
        for p in s.pointer("/spec/ports").and_then(Value::as_array).into_iter().flatten() {
            let name = p.get("name").and_then(Value::as_str);
            let target = match p.get("targetPort") {
                Some(Value::Number(n)) => n.as_i64(),
                None => p.get("port").and_then(Value::as_i64),
                _ => None,
            };
            if let (Some(name), Some(n)) = (name, target.and_then(|n| i32::try_from(n).ok())) {
                hints.insert(n, name.to_owned());
            }
        }
    }
    hints
}

fn container(
    k: &core::Container,
    names: &ConfigNames<'_>,
    services: &[&Value],
) -> Result<Container, String> {
    let hints = port_hints(services);
    let image = image(k.image.as_deref().unwrap_or_default())
        .ok_or_else(|| format!("container `{}` has an image rustomize cannot read", k.name))?;
    let mut ports = Vec::new();
    for p in k.ports.iter().flatten() {
        let protocol = p.protocol.as_deref().unwrap_or("TCP");
        let taken: Vec<String> = k.ports.iter().flatten().filter_map(|p| p.name.clone()).collect();
        ports.push(Port {
            name: p.name.clone().unwrap_or_else(|| {
                let mine: Vec<String> =
                    ports.iter().map(|p: &Port| p.name.clone()).chain(taken).collect();
                port_name(p.container_port, protocol, &hints, &mine)
            }),
            number: u16::try_from(p.container_port).map_err(|_| "a port outside 1–65535")?,
            protocol: match protocol {
                "UDP" => Protocol::Udp,
                "SCTP" => Protocol::Sctp,
                _ => Protocol::Tcp,
            },
        });
        if p.host_port.is_some() || p.host_ip.is_some() {
            return Err(format!("container `{}` uses a host port", k.name));
        }
    }
    let mut env = Env::new();
    for e in k.env.iter().flatten() {
        let value = match (&e.value, &e.value_from) {
            (v, None) => EnvValue::Literal(v.clone().unwrap_or_default()),
            (_, Some(from)) => {
                if let Some(r) = &from.config_map_key_ref {
                    names.env(&r.name, &r.key, r.optional.unwrap_or(false))?
                } else if let Some(r) = &from.secret_key_ref {
                    EnvValue::Secret(SecretKeyRef {
                        secret: r.name.clone(),
                        key: r.key.clone(),
                        optional: r.optional.unwrap_or(false),
                    })
                } else if let Some(r) = &from.field_ref {
                    EnvValue::Field(r.field_path.clone())
                } else if let Some(r) = &from.resource_field_ref {
                    EnvValue::Resource(ResourceRef {
                        resource: r.resource.clone(),
                        container: r.container_name.clone(),
                        divisor: r.divisor.as_ref().map(|q| q.0.clone()),
                    })
                } else {
                    return Err(format!("variable `{}` reads a source rustomize lacks", e.name));
                }
            }
        };
        env = env.set(&e.name, value);
    }
    let mut env_from = Vec::new();
    for f in k.env_from.iter().flatten() {
        let (from, optional) = if let Some(r) = &f.config_map_ref {
            let from = match names.source(&r.name)? {
                FileSource::Config => EnvFrom::Config,
                FileSource::SharedConfig(s) => EnvFrom::Shared(s),
                FileSource::Secret(s) => EnvFrom::Secret(s),
            };
            (from, r.optional.unwrap_or(false))
        } else if let Some(r) = &f.secret_ref {
            (EnvFrom::Secret(r.name.clone()), r.optional.unwrap_or(false))
        } else {
            continue;
        };
        let from = if optional { from.optional() } else { from };
        env_from.push(match &f.prefix {
            Some(p) => from.prefixed(p),
            None => from,
        });
    }
    let resources = k.resources.as_ref().map(resources).transpose()?.unwrap_or_default();
    let pull_policy = match k.image_pull_policy.as_deref() {
        Some("Always") => PullPolicy::Always,
        Some("Never") => PullPolicy::Never,
        Some(_) => PullPolicy::IfNotPresent,
        // The API server's default, so the pods pull as they did.
        None if matches!(image.reference, ImageRef::Unpinned)
            || matches!(&image.reference, ImageRef::Tag(t) if t == "latest") =>
        {
            PullPolicy::Always
        }
        None => PullPolicy::IfNotPresent,
    };
    if k.lifecycle.is_some() || k.stdin.is_some() || k.tty.is_some() {
        return Err(format!("container `{}` has lifecycle hooks or a terminal", k.name));
    }
    let probe = |p: &Option<core::Probe>| -> Result<Option<Probe>, String> {
        p.as_ref().map(|p| probe(p, &ports, &k.name)).transpose()
    };
    Ok(Container {
        name: k.name.clone(),
        image,
        pull_policy,
        command: k.command.clone().unwrap_or_default(),
        args: k.args.clone().unwrap_or_default(),
        env,
        env_from,
        probes: Probes {
            liveness: probe(&k.liveness_probe)?,
            readiness: probe(&k.readiness_probe)?,
            startup: probe(&k.startup_probe)?,
        },
        resources,
        mounts: k
            .volume_mounts
            .iter()
            .flatten()
            .map(|m| Mount {
                volume: m.name.clone(),
                path: m.mount_path.clone(),
                sub_path: m.sub_path.clone(),
                read_only: m.read_only.unwrap_or(false),
            })
            .collect(),
        working_dir: k.working_dir.clone(),
        ports,
        ..Container::default()
    })
}

/// `repo[:tag][@digest]`.
fn image(s: &str) -> Option<Image> {
    let (rest, digest) = match s.split_once('@') {
        Some((r, d)) => (r, Some(d.to_owned())),
        None => (s, None),
    };
    let slash = rest.rfind('/').map_or(0, |i| i + 1);
    let (repository, tag) = match rest[slash..].rfind(':') {
        Some(i) => (&rest[..slash + i], Some(rest[slash + i + 1..].to_owned())),
        None => (rest, None),
    };
    if repository.is_empty() {
        return None;
    }
    let reference = match (tag, digest) {
        (Some(t), Some(d)) => ImageRef::TagAndDigest(t, d),
        (Some(t), None) => ImageRef::Tag(t),
        (None, Some(d)) => ImageRef::Digest(d),
        (None, None) => ImageRef::Unpinned,
    };
    Some(Image { repository: repository.to_owned(), reference })
}

fn resources(r: &core::ResourceRequirements) -> Result<Resources, String> {
    if r.claims.is_some() {
        return Err("resource claims".into());
    }
    let compute =
        |m: &Option<BTreeMap<String, k8s_openapi::apimachinery::pkg::api::resource::Quantity>>| {
            let mut c = Compute::default();
            for (k, q) in m.iter().flatten() {
                match k.as_str() {
                    "cpu" => c.cpu = Some(q.0.clone()),
                    "memory" => c.memory = Some(q.0.clone()),
                    "ephemeral-storage" => c.ephemeral_storage = Some(q.0.clone()),
                    _ => {
                        c.extended.insert(k.clone(), q.0.clone());
                    }
                }
            }
            c
        };
    Ok(Resources { requests: compute(&r.requests), limits: compute(&r.limits) })
}

fn probe(p: &core::Probe, ports: &[Port], container: &str) -> Result<Probe, String> {
    use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
    let port = |p: &IntOrString| -> Result<String, String> {
        match p {
            IntOrString::String(s) => Ok(s.clone()),
            IntOrString::Int(n) => ports
                .iter()
                .find(|x| i32::from(x.number) == *n)
                .map(|x| x.name.clone())
                .ok_or_else(|| {
                    format!("container `{container}` probes port {n}, which it does not declare")
                }),
        }
    };
    let action = if let Some(h) = &p.http_get {
        if h.host.is_some() {
            return Err("an HTTP probe with a host".into());
        }
        ProbeAction::Http {
            path: h.path.clone().unwrap_or_default(),
            port: port(&h.port)?,
            https: h.scheme.as_deref() == Some("HTTPS"),
            headers: h
                .http_headers
                .iter()
                .flatten()
                .map(|x| (x.name.clone(), x.value.clone()))
                .collect(),
        }
    } else if let Some(t) = &p.tcp_socket {
        ProbeAction::Tcp { port: port(&t.port)? }
    } else if let Some(g) = &p.grpc {
        ProbeAction::Grpc { port: port(&IntOrString::Int(g.port))?, service: g.service.clone() }
    } else if let Some(e) = &p.exec {
        ProbeAction::Exec { command: e.command.clone().unwrap_or_default() }
    } else {
        return Err("a probe with no action".into());
    };
    if p.termination_grace_period_seconds.is_some() {
        return Err("a probe with its own grace period".into());
    }
    Ok(Probe {
        action,
        initial_delay_seconds: p.initial_delay_seconds,
        period_seconds: p.period_seconds,
        timeout_seconds: p.timeout_seconds,
        failure_threshold: p.failure_threshold,
        success_threshold: p.success_threshold,
    })
}

fn volume(v: &core::Volume, names: &ConfigNames<'_>) -> Result<Volume, String> {
    let items = |i: &Option<Vec<core::KeyToPath>>| -> Result<Vec<(String, String)>, String> {
        i.iter()
            .flatten()
            .map(|k| match k.mode {
                Some(_) => Err("a per-file mode".to_owned()),
                None => Ok((k.key.clone(), k.path.clone())),
            })
            .collect()
    };
    let source = if let Some(e) = &v.empty_dir {
        match (e.medium.as_deref(), &e.size_limit) {
            (Some("Memory"), Some(q)) => VolumeSource::Memory(q.0.clone()),
            (None | Some(""), None) => VolumeSource::EmptyDir,
            (None | Some(""), Some(q)) => VolumeSource::Scratch(q.0.clone()),
            _ => return Err(format!("volume `{}`: an emptyDir rustomize cannot express", v.name)),
        }
    } else if let Some(cm) = &v.config_map {
        let source = names.source(&cm.name)?;
        let files = Files {
            source: source.clone(),
            items: items(&cm.items)?,
            default_mode: cm.default_mode,
        };
        if cm.optional.is_some() {
            return Err(format!("volume `{}` is optional", v.name));
        }
        match (source, files.items.is_empty() && files.default_mode.is_none()) {
            (FileSource::Config, true) => VolumeSource::Config,
            (FileSource::SharedConfig(s), true) => VolumeSource::SharedConfig(s),
            _ => VolumeSource::Files(files),
        }
    } else if let Some(s) = &v.secret {
        let secret = s.secret_name.clone().ok_or("a Secret volume without a name")?;
        if s.optional.is_some() {
            return Err(format!("volume `{}` is optional", v.name));
        }
        let files = Files {
            source: FileSource::Secret(secret.clone()),
            items: items(&s.items)?,
            default_mode: s.default_mode,
        };
        if files.items.is_empty() && files.default_mode.is_none() {
            VolumeSource::Secret(secret)
        } else {
            VolumeSource::Files(files)
        }
    } else if let Some(c) = &v.persistent_volume_claim {
        if c.read_only.is_some() {
            return Err(format!("volume `{}` is a read-only claim", v.name));
        }
        VolumeSource::ExistingClaim(c.claim_name.clone())
    } else {
        return Err(format!("volume `{}` has a source rustomize does not model", v.name));
    };
    Ok(Volume { name: v.name.clone(), source })
}

fn service(s: &Value, app: &App, common: &Common) -> Result<Expose, String> {
    let spec: core::ServiceSpec =
        serde_json::from_value(s.get("spec").cloned().unwrap_or_default())
            .map_err(|e| e.to_string())?;
    let full = name(s);
    let short = full.strip_prefix(common.prefix.as_str()).unwrap_or(full);
    let type_ = match (spec.type_.as_deref(), spec.cluster_ip.as_deref()) {
        (_, Some("None")) => ExposeType::Headless,
        (Some("NodePort"), _) => ExposeType::NodePort,
        (Some("LoadBalancer"), _) => ExposeType::LoadBalancer,
        (None | Some("ClusterIP"), None) => ExposeType::ClusterIp,
        _ => return Err(format!("Service `{full}` pins a cluster IP or is of another type")),
    };
    let container_ports: Vec<&Port> = app.all_containers().flat_map(|c| &c.ports).collect();
    let mut ports = Vec::new();
    for p in spec.ports.iter().flatten() {
        use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
        let target = match &p.target_port {
            Some(IntOrString::String(n)) => n.clone(),
            Some(IntOrString::Int(n)) => container_ports
                .iter()
                .find(|c| i32::from(c.number) == *n)
                .map(|c| c.name.clone())
                .ok_or_else(|| {
                    format!("Service `{full}` targets port {n}, which no container declares")
                })?,
            None => container_ports
                .iter()
                .find(|c| i32::from(c.number) == p.port)
                .map(|c| c.name.clone())
                .ok_or_else(|| format!("Service `{full}` port {} has no container port", p.port))?,
        };
        ports.push(ServicePort {
            name: p.name.clone(),
            target,
            port: u16::try_from(p.port).map_err(|_| "a Service port outside 1–65535")?,
            node_port: p.node_port.and_then(|n| u16::try_from(n).ok()),
        });
    }
    let mut annotations = map_at(s, "/metadata/annotations");
    annotations
        .retain(|k, v| common.annotations.get(k) != Some(v) && !k.starts_with("checkov.io/skip"));
    Ok(Expose {
        name: (short != app.name).then(|| short.to_owned()),
        type_,
        ports,
        annotations,
        load_balancer: LoadBalancer {
            class: spec.load_balancer_class.clone(),
            source_ranges: spec.load_balancer_source_ranges.clone().unwrap_or_default(),
            external_traffic_policy_local: spec.external_traffic_policy.as_deref() == Some("Local"),
        },
        sticky_sessions: spec.session_affinity.as_deref() == Some("ClientIP"),
        publish_not_ready: spec.publish_not_ready_addresses.unwrap_or(false),
    })
}

fn autoscale(h: &Value) -> Result<Autoscale, String> {
    let spec: k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscalerSpec =
        serde_json::from_value(h.get("spec").cloned().unwrap_or_default())
            .map_err(|e| e.to_string())?;
    let mut a = Autoscale {
        min_replicas: spec.min_replicas.and_then(|n| u32::try_from(n).ok()).unwrap_or(1),
        max_replicas: u32::try_from(spec.max_replicas).map_err(|_| "a negative maximum")?,
        ..Autoscale::default()
    };
    if spec.behavior.is_some() {
        return Err("an autoscaler with a scaling behaviour, which import does not yet type".into());
    }
    for m in spec.metrics.iter().flatten() {
        let r = m.resource.as_ref().filter(|_| m.type_ == "Resource");
        let pct = r
            .filter(|r| r.target.type_ == "Utilization")
            .and_then(|r| r.target.average_utilization)
            .and_then(|n| u8::try_from(n).ok());
        match (r.map(|r| r.name.as_str()), pct) {
            (Some("cpu"), Some(p)) => a.cpu_percent = Some(p),
            (Some("memory"), Some(p)) => a.memory_percent = Some(p),
            _ => return Err("an autoscaler metric other than CPU or memory utilisation".into()),
        }
    }
    Ok(a)
}

/// The model's security settings for what the pod spec says, and what the original left
/// open (each becomes part of the exception's reason).
fn security(spec: &core::PodSpec, app: &App) -> Result<(Security, Vec<String>), String> {
    let pod = spec.security_context.clone().unwrap_or_default();
    let containers: Vec<&core::Container> =
        spec.containers.iter().chain(spec.init_containers.iter().flatten()).collect();
    let sc: Vec<core::SecurityContext> =
        containers.iter().map(|c| c.security_context.clone().unwrap_or_default()).collect();
    let all = |f: &dyn Fn(&core::SecurityContext) -> bool| sc.iter().all(f);
    if sc.iter().any(|s| {
        s.privileged == Some(true)
            || s.capabilities.as_ref().is_some_and(|c| c.add.is_some())
            || s.se_linux_options.is_some()
            || s.proc_mount.is_some()
            || s.windows_options.is_some()
            || s.app_armor_profile.is_some()
    }) || spec.host_network == Some(true)
        || spec.host_pid == Some(true)
        || spec.host_ipc == Some(true)
    {
        return Err("it is privileged, adds capabilities or shares the host's namespaces".into());
    }
    let uid = |s: &core::SecurityContext| s.run_as_user.or(pod.run_as_user);
    let uids: BTreeSet<Option<i64>> = sc.iter().map(uid).collect();
    if uids.len() > 1 {
        return Err("its containers run as different users".into());
    }
    let uid = uids.into_iter().next().flatten();
    let locked = all(&|s| {
        s.allow_privilege_escalation == Some(false)
            && s.capabilities
                .as_ref()
                .and_then(|c| c.drop.as_ref())
                .is_some_and(|d| d.iter().any(|x| x == "ALL"))
    });
    let read_only = all(&|s| s.read_only_root_filesystem == Some(true));
    let mut relaxed = Vec::new();
    let mut s = Security { read_only_root_filesystem: read_only, ..Security::default() };
    if !read_only {
        relaxed.push("has a writable root filesystem".to_owned());
    }
    match uid {
        Some(0) => {
            s.run_as_root = true;
            s.run_as_user = 0;
            s.run_as_group = 0;
            s.fs_group = 0;
            relaxed.push("runs as root".to_owned());
            if !locked {
                return Err("it runs as root with privilege escalation or capabilities".into());
            }
        }
        Some(u) if locked => {
            s.run_as_user = u;
            s.run_as_group = pod.run_as_group.unwrap_or(u);
            s.fs_group = pod.fs_group.unwrap_or(s.run_as_group);
            if u < 10000 {
                relaxed.push(format!("runs as UID {u}"));
            }
        }
        _ => {
            s.image_user = true;
            relaxed.push(
                "runs as the image's user with the runtime's default capabilities".to_owned(),
            );
        }
    }
    // The one sysctl the model writes: non-root processes may bind the app's low ports.
    for sysctl in pod.sysctls.iter().flatten() {
        if sysctl.name != "net.ipv4.ip_unprivileged_port_start" {
            return Err(format!("it sets the sysctl `{}`", sysctl.name));
        }
        s.bind_low_ports = true;
    }
    s.service_account_token = spec.automount_service_account_token != Some(false);
    if s.service_account_token {
        relaxed.push("mounts the ServiceAccount token".to_owned());
    }
    if app.all_containers().any(|c| {
        matches!(c.image.reference, ImageRef::Unpinned)
            || matches!(&c.image.reference, ImageRef::Tag(t) if t == "latest")
    }) {
        s.unpinned_images = true;
        relaxed.push("runs unpinned images".to_owned());
    }
    Ok((s, relaxed))
}
