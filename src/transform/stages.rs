//! Stages of a tree's objects, for the tools that apply apps in order: Namespaces and CRDs
//! first (`-1`), then each app at its depth in the `depends_on` graph; objects of no app
//! (shared config, raw YAML of the environment) with the first apps (`0`).

use std::collections::BTreeMap;

use crate::object::{NAME_LABEL, Object};

/// The annotation Argo CD orders a sync by.
pub(crate) const SYNC_WAVE_ANNOTATION: &str = "argocd.argoproj.io/sync-wave";

/// `object`'s stage, given each app's (`Environment::stages`); the app is the one its name
/// label names.
pub(crate) fn stage_of(stages: &BTreeMap<String, u32>, object: &Object) -> i64 {
    if matches!(object.kind(), "Namespace" | "CustomResourceDefinition") {
        return -1;
    }
    let app = object.metadata().labels.as_ref().and_then(|l| l.get(NAME_LABEL));
    app.and_then(|a| stages.get(a)).map_or(0, |&d| i64::from(d))
}

/// Annotates every object with its Argo CD sync wave.
pub(crate) fn sync_waves(stages: &BTreeMap<String, u32>, objects: &mut [Object]) {
    for object in objects.iter_mut() {
        let wave = stage_of(stages, object).to_string();
        object
            .metadata_mut()
            .annotations
            .get_or_insert_with(Default::default)
            .insert(SYNC_WAVE_ANNOTATION.to_owned(), wave);
    }
}
