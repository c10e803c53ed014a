//! What every object of an environment shares (its namespace, labels, annotations and
//! waivers) and the name prefix each environment's objects carry.

use std::collections::{BTreeMap, BTreeSet};

use super::*;
use crate::model::Waiver;

/// The labels, annotations and Checkov waivers every object carries, and the namespace they
/// share: those become the environment's.
pub(crate) fn common(objects: &[Read], prefix: &str) -> Common {
    let mut labels: Option<BTreeMap<String, String>> = None;
    let mut annotations: Option<BTreeMap<String, String>> = None;
    let mut skips: Vec<Vec<Waiver>> = Vec::new();
    let mut namespaces = BTreeSet::new();
    for o in objects {
        let mut l = o.labels();
        if is_app(o) {
            let pod = Controller::of(o).map(|w| w.pod_labels()).unwrap_or_default();
            l.retain(|k, v| pod.get(k) == Some(v));
        }
        let keep =
            |acc: &mut Option<BTreeMap<String, String>>, m: BTreeMap<String, String>| match acc {
                None => *acc = Some(m),
                Some(a) => a.retain(|k, v| m.get(k) == Some(v)),
            };
        keep(&mut labels, l);
        let mut a = o.annotations();
        skips.push(take_waivers(&mut a));
        keep(&mut annotations, a);
        // Cluster-scoped objects have no namespace to share.
        if !crate::object::is_cluster_scoped(o.kind()) {
            namespaces.insert(o.namespace().to_owned());
        }
    }
    let mut labels = labels.unwrap_or_default();
    // One app's labels are its own; the selector label is always the app's.
    let single = objects.iter().filter(|r| is_app(r)).count() < 2;
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
        source: String::new(),
    }
}

/// `checkov.io/skipN: CHECK=reason` annotations, in N order, removed from `annotations`.
pub(crate) fn take_waivers(annotations: &mut BTreeMap<String, String>) -> Vec<Waiver> {
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
pub(crate) fn prefixes(envs: &[&[Read]]) -> Vec<String> {
    let none = vec![String::new(); envs.len()];
    if envs.len() < 2 {
        return none;
    }
    let found: Vec<String> = envs
        .iter()
        .map(|objects| {
            let names: Vec<&str> = objects
                .iter()
                .filter(|o| !matches!(o.kind(), "Namespace" | "CustomResourceDefinition"))
                .map(Read::name)
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
pub(crate) fn label_prefix(objects: &[Read]) -> String {
    let mut found: Option<String> = None;
    for w in objects.iter().filter(|r| is_app(r)) {
        let Some(label) = w.labels().get(NAME_LABEL).cloned() else {
            return String::new();
        };
        let Some(p) = w.name().strip_suffix(label.as_str()) else { return String::new() };
        match &found {
            None => found = Some(p.to_owned()),
            Some(f) if f != p => return String::new(),
            Some(_) => {}
        }
    }
    let prefix = found.filter(|p| p.ends_with('-')).unwrap_or_default();
    let all_named = objects
        .iter()
        .filter(|o| !matches!(o.kind(), "Namespace" | "CustomResourceDefinition" | "Secret"))
        .all(|o| o.name().starts_with(&prefix));
    if all_named { prefix } else { String::new() }
}
