//! Claims as the model's storage: a StatefulSet's claim templates, a claim one app mounts,
//! and the environment's own.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::PersistentVolumeClaim;

use super::{Common, own_labels};
use crate::model::{AccessMode, Storage};

/// A StatefulSet's claim template, a claim only one app mounts, or one of the environment, as
/// the model's storage; its labels less `rendered` (those the render adds: the app's) and the
/// environment's.
pub(crate) fn claim_template(
    claim: &PersistentVolumeClaim,
    common: &Common,
    rendered: &BTreeMap<String, String>,
) -> Result<Storage, String> {
    let meta = &claim.metadata;
    let spec = claim.spec.clone().unwrap_or_default();
    if meta
        .annotations
        .as_ref()
        .is_some_and(|a| a.keys().any(|k| !k.starts_with("checkov.io/skip")))
        || spec.selector.is_some()
        || spec.data_source.is_some()
        || spec.data_source_ref.is_some()
        || spec.volume_name.is_some()
        || spec.resources.as_ref().is_some_and(|r| r.limits.is_some())
    {
        return Err("a claim with annotations, a selector, a data source or limits".into());
    }
    let modes = spec.access_modes.unwrap_or_default();
    let access_mode = match modes.as_slice() {
        [m] if m == "ReadWriteOnce" => AccessMode::ReadWriteOnce,
        [m] if m == "ReadWriteOncePod" => AccessMode::ReadWriteOncePod,
        [m] if m == "ReadOnlyMany" => AccessMode::ReadOnlyMany,
        [m] if m == "ReadWriteMany" => AccessMode::ReadWriteMany,
        [] => return Err("its claim names no access mode, and `Storage` needs one".into()),
        _ => {
            return Err(format!(
                "its claim asks for the access modes {}, and `Storage::access_mode` holds one",
                modes.join(" and ")
            ));
        }
    };
    let size = spec
        .resources
        .and_then(|r| r.requests)
        .and_then(|r| r.get("storage").map(|q| q.0.clone()))
        .ok_or("its claim requests no storage size")?;
    Ok(Storage {
        name: meta.name.clone().unwrap_or_default(),
        size,
        access_mode,
        storage_class: spec.storage_class_name,
        claim_name: None,
        labels: own_labels(meta, common)
            .into_iter()
            .filter(|(k, v)| rendered.get(k) != Some(v))
            .collect(),
    })
}
