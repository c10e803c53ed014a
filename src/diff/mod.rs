//! `diff`: what changes between two targets, or between the render now and the tree committed
//! at a git revision, object by object and field by field, with the risks a reviewer must see
//! first. It reads what the pipeline produces and never renders by another road.

mod print;
mod risk;
mod source;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

pub use print::Format;
pub use source::{Side, at_revision, of_environment};

/// One field that differs, by its path (`spec.template.spec.containers[api].image`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldChange {
    /// Where, dotted; list items that have a `name` are shown by it.
    pub path: String,
    /// The value on the left, `None` when the field is added.
    pub before: Option<String>,
    /// The value on the right, `None` when the field is removed.
    pub after: Option<String>,
}

/// One object in both sides that differs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectChange {
    /// `Kind `name`` (the name without the environment's prefix, suffix or hash).
    pub object: String,
    /// Every field that differs, in path order.
    pub fields: Vec<FieldChange>,
}

/// What differs between two sides.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diff {
    /// The left side's label (`dev`, or `prod@HEAD`).
    pub left: String,
    /// The right side's label.
    pub right: String,
    /// Objects in both that differ.
    pub changed: Vec<ObjectChange>,
    /// Objects only on the right.
    pub added: Vec<String>,
    /// Objects only on the left.
    pub removed: Vec<String>,
    /// What a reviewer must see first, one line each.
    pub risks: Vec<String>,
}

impl Diff {
    /// Whether the two sides are the same.
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.added.is_empty() && self.removed.is_empty()
    }
}

/// An object's identity with the environment set aside: group, kind and its name without
/// prefix, suffix or content hash.
type Key = (String, String, String);

/// The differences from `left` to `right`.
pub fn diff(left: &Side, right: &Side) -> Diff {
    let (l, r) = (left.normalised(), right.normalised());
    let mut out = Diff { left: left.label.clone(), right: right.label.clone(), ..Diff::default() };
    let keys: BTreeSet<&Key> = l.keys().chain(r.keys()).collect();
    for key in keys {
        let shown = format!("{} `{}`", key.1, key.2);
        match (l.get(key), r.get(key)) {
            (Some(a), Some(b)) => {
                let mut fields = Vec::new();
                compare(a, b, "", secret(key), &mut fields);
                if !fields.is_empty() {
                    risk::changed(key, a, b, &fields, &mut out.risks);
                    out.changed.push(ObjectChange { object: shown, fields });
                }
            }
            (Some(a), None) => {
                risk::removed(key, a, &mut out.risks);
                out.removed.push(shown);
            }
            (None, Some(b)) => {
                risk::added(key, b, &mut out.risks);
                out.added.push(shown);
            }
            (None, None) => {}
        }
    }
    out
}

fn secret(key: &Key) -> bool {
    key.1.eq_ignore_ascii_case("Secret")
}

/// Every difference between `a` and `b` below `path`; under a Secret's `data` or
/// `stringData`, values are never shown.
fn compare(a: &Value, b: &Value, path: &str, secret: bool, out: &mut Vec<FieldChange>) {
    let show = |v: &Value| shown(v, path, secret);
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                let sub = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                either(x.get(k), y.get(k), sub, secret, out);
            }
        }
        (Value::Array(x), Value::Array(y)) if named(x) && named(y) => {
            let by_name = |items: &Vec<Value>| -> BTreeMap<String, Value> {
                items
                    .iter()
                    .map(|i| (i["name"].as_str().unwrap_or_default().to_owned(), i.clone()))
                    .collect()
            };
            let (x, y) = (by_name(x), by_name(y));
            let names: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for n in names {
                let sub = format!("{path}[{n}]");
                either(x.get(n), y.get(n), sub, secret, out);
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                compare(p, q, &format!("{path}[{i}]"), secret, out);
            }
        }
        (p, q) if p != q => out.push(FieldChange {
            path: path.to_owned(),
            before: Some(show(p)),
            after: Some(show(q)),
        }),
        _ => {}
    }
}

/// A field or item on one side or both: compared, added or removed.
fn either(
    p: Option<&Value>,
    q: Option<&Value>,
    path: String,
    secret: bool,
    out: &mut Vec<FieldChange>,
) {
    match (p, q) {
        (Some(p), Some(q)) => compare(p, q, &path, secret, out),
        (Some(p), None) => {
            let before = Some(shown(p, &path, secret));
            out.push(FieldChange { path, before, after: None });
        }
        (None, Some(q)) => {
            let after = Some(shown(q, &path, secret));
            out.push(FieldChange { path, before: None, after });
        }
        (None, None) => {}
    }
}

/// Whether every item of a list is an object with a `name` (containers, ports, volumes).
fn named(items: &[Value]) -> bool {
    let names: BTreeSet<&str> = items.iter().filter_map(|i| i["name"].as_str()).collect();
    !items.is_empty() && names.len() == items.len()
}

/// `v` at `path` as the diff shows it: never a value under a Secret's `data` or `stringData`.
fn shown(v: &Value, path: &str, secret: bool) -> String {
    if secret && (path.starts_with("data") || path.starts_with("stringData")) {
        "(a Secret value, not shown)".to_owned()
    } else {
        show(v)
    }
}

/// A value on one line: strings as written, anything else as compact JSON, long ones cut.
fn show(v: &Value) -> String {
    let text = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let text = crate::safe::inert(&text).replace('\n', "\\n");
    if text.chars().count() > 100 {
        format!("{}…", text.chars().take(100).collect::<String>())
    } else {
        text
    }
}

#[cfg(test)]
mod tests;
