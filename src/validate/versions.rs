//! What each Kubernetes version serves: kinds and fields, from the API schemas of every version
//! `kubernetes-validate` ships (`ci/kubernetes_versions.py` writes the table; CI checks the
//! committed one reproduces). An environment that names its cluster's version is held to it.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::Value;

use crate::error::Diagnostic;
use crate::object::Object;

/// The table, as committed.
const TABLE: &str = include_str!("../../data/kubernetes-versions.tsv");

/// The minor versions (of 1.x) a kind or field is served in, first to last.
type Span = (u32, u32);

/// The table, parsed once.
#[derive(Debug, Default)]
struct Table {
    /// The minor versions the table covers.
    range: Span,
    /// Every resource kind by (apiVersion, kind).
    kinds: HashMap<(String, String), Span>,
    /// The API groups the table knows (empty for the core group): a kind of one of these
    /// groups that the table lacks is served by no version in it.
    groups: std::collections::HashSet<String>,
    /// Fields a kind did not always have, by (apiVersion, kind), then path.
    fields: HashMap<(String, String), HashMap<String, Span>>,
}

fn table() -> &'static Table {
    static PARSED: OnceLock<Table> = OnceLock::new();
    PARSED.get_or_init(|| {
        let mut t = Table::default();
        let minor = |s: &str| s.strip_prefix("1.").and_then(|m| m.parse::<u32>().ok()).unwrap_or(0);
        for line in TABLE.lines() {
            let parts: Vec<&str> = line.split('\t').collect();
            match parts.as_slice() {
                ["versions", first, last] => t.range = (minor(first), minor(last)),
                ["kind", gv, kind, first, last] => {
                    t.groups.insert(group_of(gv).to_owned());
                    t.kinds.insert(((*gv).into(), (*kind).into()), (minor(first), minor(last)));
                }
                ["field", gv, kind, path, first, last] => {
                    t.fields
                        .entry(((*gv).into(), (*kind).into()))
                        .or_default()
                        .insert((*path).into(), (minor(first), minor(last)));
                }
                _ => {}
            }
        }
        t
    })
}

/// Whether Kubernetes `1.<minor>` serves `kind` of `api_version` (a custom resource's kind
/// is served by none).
pub(crate) fn serves(minor: u32, api_version: &str, kind: &str) -> bool {
    table()
        .kinds
        .get(&(api_version.to_owned(), kind.to_owned()))
        .is_some_and(|(first, last)| (*first..=*last).contains(&minor))
}

fn group_of(api_version: &str) -> &str {
    api_version.rsplit_once('/').map_or("", |(g, _)| g)
}

/// The minor version `version` names (`"1.29"` → 29), if the table covers it.
pub(crate) fn minor(version: &str) -> Result<u32, String> {
    let (first, last) = table().range;
    let parsed = version
        .strip_prefix("1.")
        .and_then(|m| m.parse::<u32>().ok())
        .filter(|m| (first..=last).contains(m));
    parsed.ok_or_else(|| {
        format!(
            "`{}` is not a Kubernetes version this crate knows; expected `1.{first}` to `1.{last}`",
            crate::safe::shown(version)
        )
    })
}

/// Every kind and field of `objects` that Kubernetes `1.<minor>` does not serve.
pub(crate) fn gate(target: &str, minor: u32, objects: &[Object]) -> Vec<Diagnostic> {
    let t = table();
    let mut out = Vec::new();
    for object in objects {
        let key = (object.api_version().to_owned(), object.kind().to_owned());
        let what = format!("{} `{}`", object.kind(), object.name());
        let problem = |field: String, message: String, expected: String| Diagnostic {
            targets: vec![target.to_owned()],
            code: crate::error::Code::Version,
            subject: crate::error::Subject::Object {
                kind: object.kind().to_owned(),
                name: object.name().to_owned(),
            },
            object: what.clone(),
            field,
            message,
            expected: Some(expected),
            help: None,
        };
        match t.kinds.get(&key) {
            Some(&(first, last)) if !(first..=last).contains(&minor) => {
                out.push(problem(
                    "apiVersion".into(),
                    format!(
                        "`{}` {} is not served by Kubernetes 1.{minor}: it is served from 1.{first} to 1.{last}",
                        key.0, key.1
                    ),
                    format!("an apiVersion Kubernetes 1.{minor} serves"),
                ));
                continue;
            }
            // A group without a dot is Kubernetes' own (`extensions`, `apps`); a custom
            // resource's group always has one, and is not gated.
            None if t.groups.contains(group_of(&key.0)) || !group_of(&key.0).contains('.') => {
                out.push(problem(
                    "apiVersion".into(),
                    format!(
                        "`{}` {} is served by no Kubernetes version from 1.{} to 1.{}",
                        key.0, key.1, t.range.0, t.range.1
                    ),
                    format!("an apiVersion Kubernetes 1.{minor} serves"),
                ));
                continue;
            }
            _ => {}
        }
        let Some(fields) = t.fields.get(&key) else { continue };
        let Ok(json) = object.to_json() else { continue };
        let mut present = Vec::new();
        paths(&json, "", &mut present);
        present.sort();
        present.dedup();
        for path in present {
            if let Some(&(first, last)) = fields.get(&path)
                && !(first..=last).contains(&minor)
            {
                let message = if minor < first {
                    format!(
                        "Kubernetes 1.{minor}'s API has no `{path}`; the first version that has it is 1.{first}"
                    )
                } else {
                    format!(
                        "Kubernetes 1.{minor}'s API has no `{path}`; the last version that had it is 1.{last}"
                    )
                };
                out.push(problem(path, message, format!("fields Kubernetes 1.{minor} serves")));
            }
        }
    }
    out
}

/// Every field path of `value` (dotted, `[]` for list items), below `prefix`.
fn paths(value: &Value, prefix: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
                paths(v, &path, out);
                out.push(path);
            }
        }
        Value::Array(items) => {
            let path = format!("{prefix}[]");
            for item in items {
                paths(item, &path, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_covers_the_versions_and_known_changes() {
        assert_eq!(table().range, (25, 37));
        let hpa = ("autoscaling/v2beta2".to_owned(), "HorizontalPodAutoscaler".to_owned());
        assert_eq!(table().kinds.get(&hpa), Some(&(25, 25)));
        let service = ("v1".to_owned(), "Service".to_owned());
        assert_eq!(table().fields[&service].get("spec.trafficDistribution"), Some(&(30, 37)));
        assert_eq!(minor("1.29"), Ok(29));
        assert!(minor("1.24").is_err() && minor("2.0").is_err() && minor("1.x").is_err());
    }
}
