//! The labels that tie an app's objects together, built in one place.

use std::collections::BTreeMap;

use crate::model::App;
use crate::object::{COMPONENT_LABEL, NAME_LABEL};

/// The pod selector: the one label that identifies an app's pods. Never changed by
/// environment labels, so adding a label never breaks `kubectl apply` on an immutable selector.
pub(crate) fn selector(app: &App) -> BTreeMap<String, String> {
    BTreeMap::from([(NAME_LABEL.to_owned(), app.name.clone())])
}

/// Labels on every object an app renders.
pub(crate) fn app_labels(app: &App) -> BTreeMap<String, String> {
    let mut labels = app.labels.clone();
    labels.extend(selector(app));
    if let Some(component) = &app.component {
        labels.insert(COMPONENT_LABEL.to_owned(), component.clone());
    }
    labels
}

/// `None` for an empty map, so absent fields are omitted rather than printed as `{}`.
pub(crate) fn non_empty<K, V>(map: BTreeMap<K, V>) -> Option<BTreeMap<K, V>> {
    (!map.is_empty()).then_some(map)
}
