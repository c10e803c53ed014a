//! The labels that tie an app's objects together, built in one place.

use std::collections::BTreeMap;

use crate::model::App;
use crate::object::{COMPONENT_LABEL, NAME_LABEL};

/// Labels on every object an app renders and on its pods: the app's own labels, its name,
/// its selector labels (so a kept selector's labels stay on the objects too) and its role.
/// Environment labels never reach a selector, so adding one never breaks `kubectl apply` on an
/// immutable selector.
pub(crate) fn app_labels(app: &App) -> BTreeMap<String, String> {
    let mut labels = app.labels.clone();
    labels.insert(NAME_LABEL.to_owned(), app.name.clone());
    labels.extend(app.selector.clone());
    if let Some(component) = &app.component {
        labels.insert(COMPONENT_LABEL.to_owned(), component.clone());
    }
    labels
}

/// `None` for an empty map, so absent fields are omitted rather than printed as `{}`.
pub(crate) fn non_empty<K, V>(map: BTreeMap<K, V>) -> Option<BTreeMap<K, V>> {
    (!map.is_empty()).then_some(map)
}
