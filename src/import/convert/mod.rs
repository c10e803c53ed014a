//! Objects → the typed model: workloads become apps with their Services, config, scaling,
//! budgets and ServiceAccounts; Secrets become key-only declarations; what the model cannot
//! express stays as it was, as a typed raw object. `verify` decides which apps stay typed.
//! Conversion reads each object's typed form (`Read::get`, [`Controller`]), never the fields
//! of the YAML as written: that is what verification compares and a kept object keeps.

mod access;
mod app;
mod common;
mod container;
mod environment;
mod index;
mod network;
mod placement;
mod scaling;
mod security;
mod standalone;
mod storage;
mod workload;

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde_json::Value;

use super::read::{Read, SecretHint};
use crate::model::{App, EnvFrom, EnvValue, Environment, FileSource, Files, VolumeSource, Waiver};
use crate::object::{COMPONENT_LABEL, MANAGED_BY_LABEL, NAME_LABEL};

pub(crate) use app::*;
pub(crate) use common::*;
pub(crate) use container::*;
pub(super) use environment::environment;
pub(crate) use index::*;
pub(crate) use network::*;
pub(crate) use scaling::*;
pub(crate) use security::*;
pub(crate) use storage::*;
pub(crate) use workload::Controller;

/// Kinds that become apps (the one list of them in import).
const WORKLOADS: &[&str] = &["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod"];

/// A Helm test hook: not a live object (only `helm test` creates it), so not imported.
pub(super) fn is_helm_test(r: &Read) -> bool {
    let hook = r.meta().annotations.as_ref().and_then(|a| a.get("helm.sh/hook"));
    hook.is_some_and(|h| h.split(',').any(|h| h.trim().starts_with("test")))
}

/// Whether the object `r` becomes an app: a workload, but not a Helm test hook.
fn is_app(r: &Read) -> bool {
    WORKLOADS.contains(&r.kind()) && !is_helm_test(r)
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
    /// The name as the original spells it.
    pub(super) full_name: String,
    /// The original's identity.
    pub(super) id: Id,
    /// `metadata.namespace`, when the original sets it.
    pub(super) namespace: Option<String>,
    /// The literal credentials it commits, as (field, what was found): kept in place,
    /// waived, and listed first in the report.
    pub(super) credentials: Vec<(String, String)>,
    /// The object with the prefix taken off its name, as YAML.
    pub(super) yaml: String,
    /// The same object as data.
    pub(super) value: Value,
    /// The object as a literal of its CRD's generated type (`import --crds`).
    pub(super) custom: Option<crate::crd::Literal>,
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
    /// Each original object → the app whose render must reproduce it (empty for the
    /// environment's own declarations).
    pub(super) owner: BTreeMap<Id, String>,
    /// Things the report lists: what changed on the way, what to harden.
    pub(super) notes: Vec<String>,
    /// Workloads the model could not express, with why.
    pub(super) failed: BTreeMap<String, String>,
    /// Objects of a typed app the model cannot say (an autoscaler's metric), kept as
    /// written beside it, with why.
    pub(super) detached: BTreeMap<Id, String>,
    /// NetworkPolicies of apps kept as written, with why.
    pub(super) policies: BTreeMap<String, String>,
    /// The waiver a kept object that commits a credential carries.
    pub(super) credential_waiver: Waiver,
}

/// What the caller decided from earlier verification rounds.
#[derive(Clone, Debug, Default)]
pub(super) struct Decisions {
    /// Workloads kept as they were, with why.
    pub(super) keep: BTreeMap<Id, String>,
    /// Apps whose NetworkPolicy stays as written instead of being rendered from the model,
    /// with why.
    pub(super) own_policy: BTreeMap<String, String>,
    /// Apps whose config or environment commits a value that looks like a credential.
    pub(super) credentials: BTreeSet<String>,
    /// The environment's own objects (shared config, annotations) commit one.
    pub(super) environment_credentials: bool,
    /// Objects whose typed form would differ: kept as written.
    pub(super) raw: BTreeMap<Id, String>,
}

impl Decisions {
    /// How many decisions there are; a round that adds none ends the conversion.
    pub(super) fn size(&self) -> usize {
        self.keep.len()
            + self.own_policy.len()
            + self.credentials.len()
            + self.raw.len()
            + usize::from(self.environment_credentials)
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
    /// Where the environment's objects were read from, as given (`overlays/prod`, `-`).
    pub(super) source: String,
}

impl Common {
    /// The waiver of a credential the original commits: the value keeps its place, and the
    /// report lists it first under the hardening left.
    pub(super) fn credential_waiver(&self) -> Waiver {
        Waiver::literal_credential(&format!(
            "imported: the original commits this value in `{}`; move it to a Secret",
            self.source
        ))
    }
}

/// An object's identity: (group, kind, namespace, name), as the original spells them. Two
/// objects that differ in any part are two objects everywhere in import.
pub(super) type Id = super::verify::Key;

/// The identity of the original object `r`.
pub(super) fn id(r: &Read) -> Id {
    super::verify::key(&r.value)
}

/// The pod template's spec of a workload as written, as a JSON pointer: where
/// `--move-credentials` edits the input before it is typed again.
/// (A bare Pod is its own template: its spec is at the top.)
pub(super) fn pod_spec_pointer(kind: &str) -> &'static str {
    match kind {
        "CronJob" => "/spec/jobTemplate/spec/template/spec",
        "Pod" => "/spec",
        _ => "/spec/template/spec",
    }
}

/// An object of one typed kind, as read and as its type.
pub(crate) type Named<'a, K> = (&'a Read, &'a K);

/// The objects of `reads` of type `K`, each with its typed form.
pub(crate) fn typed<'a, K: crate::object::Kind + 'static>(
    reads: impl IntoIterator<Item = &'a Read>,
) -> impl Iterator<Item = Named<'a, K>> {
    reads.into_iter().filter_map(|r| Some((r, r.get::<K>()?)))
}

/// An object as it stays: its name without the environment's prefix (the render adds it
/// back), its namespace and the environment's labels, annotations and waivers left for the
/// environment to add.
fn keep(v: &Value, common: &Common, why: String) -> Kept {
    let original = super::verify::key(v);
    let mut v = v.clone();
    let text =
        |v: &Value, key: &str| v.get(key).and_then(Value::as_str).unwrap_or_default().to_owned();
    let full = v.get("metadata").map(|m| text(m, "name")).unwrap_or_default();
    let kind = text(&v, "kind");
    let unprefixed =
        matches!(kind.as_str(), "Namespace" | "CustomResourceDefinition" | "APIService");
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
        api_version: text(&v, "apiVersion"),
        kind,
        name: short,
        full_name: full,
        id: original,
        namespace: v.pointer("/metadata/namespace").and_then(Value::as_str).map(str::to_owned),
        credentials: crate::load::raw::object(v.clone())
            .map(|o| crate::validate::credentials_in(&o))
            .unwrap_or_default(),
        yaml,
        value: v,
        custom: None,
        why,
    }
}

/// An object's annotations less the environment's and its waivers (the environment adds
/// them).
pub(crate) fn own_annotations(meta: &ObjectMeta, common: &Common) -> BTreeMap<String, String> {
    let mut annotations = meta.annotations.clone().unwrap_or_default();
    annotations
        .retain(|k, v| common.annotations.get(k) != Some(v) && !k.starts_with("checkov.io/skip"));
    annotations
}

/// An object's labels less the environment's (which the render adds to every object).
fn own_labels(meta: &ObjectMeta, common: &Common) -> BTreeMap<String, String> {
    let mut labels = meta.labels.clone().unwrap_or_default();
    labels.retain(|k, v| common.labels.get(k) != Some(v) && k != MANAGED_BY_LABEL);
    labels
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

/// Which workloads (by name) use each ServiceAccount and each claim.
#[derive(Debug, Default)]
pub(crate) struct Uses {
    pub(crate) accounts: BTreeMap<String, BTreeSet<String>>,
    pub(crate) claims: BTreeMap<String, BTreeSet<String>>,
    /// ServiceAccounts a binding of no app grants a role to: the environment's, by handle.
    pub(crate) bound: BTreeSet<String>,
}

impl Uses {
    /// Whether a workload other than `me` uses the account or claim `name` in `of`.
    pub(crate) fn by_others(of: &BTreeMap<String, BTreeSet<String>>, name: &str, me: &str) -> bool {
        of.get(name).is_some_and(|who| who.iter().any(|w| w != me))
    }
}

pub(super) fn secret_refs(app: &App) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    for c in app.all_containers() {
        for v in c.env.iter().map(|(_, v)| v) {
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
    let files = app.volumes.iter().flat_map(|v| match &v.source {
        VolumeSource::Files(f) => std::slice::from_ref(f),
        VolumeSource::Projected(fs) => fs.as_slice(),
        _ => &[],
    });
    for f in files {
        match f {
            // An optional Secret another tool issues is not declared.
            Files { optional: true, .. } => {}
            Files { source: FileSource::Secret(s), items, .. } if items.is_empty() => {
                out.push((s.clone(), None));
            }
            Files { source: FileSource::Secret(s), items, .. } => {
                out.extend(items.iter().map(|(k, _)| (s.clone(), Some(k.clone()))));
            }
            _ => {}
        }
    }
    out
}
