//! YAML text in and out: the canonical key order, the value writer with YAML 1.1-safe
//! quoting, and parse errors located by `file:line:column`.

use serde_json::Value;

use crate::error::Diagnostic;

mod typed;
mod write;

pub(crate) use typed::to_yaml as typed_to_yaml;

/// Keys that lead a Kubernetes object, in this order; the rest keep k8s-openapi's
/// (alphabetical) order.
pub(crate) const TOP: &[&str] = &["apiVersion", "kind", "metadata"];
pub(crate) const METADATA: &[&str] = &["name", "namespace", "labels", "annotations"];

/// A Kubernetes object's JSON in canonical order: `apiVersion`, `kind`, `metadata` first,
/// `name` first in every list item and every `metadata`.
pub(crate) fn canonical_object(value: &mut Value) {
    canonical(value, TOP);
}

/// Most documents in one stream: `import` of a large stack reads thousands.
pub(crate) const MAX_DOCUMENTS: usize = 20_000;

/// Most nodes (mappings, sequences, scalars) in one stream: about 200 per document of a
/// large stack, and far below what would exhaust memory.
const MAX_NODES: usize = 200 * MAX_DOCUMENTS;

/// The documents of a YAML stream, read as kubectl reads them: YAML 1.1 integers, octal
/// included (`0400` is 256). Unknown tags (`!Ref`, `!!python/…`) are refused with their
/// location instead of dropped. Duplicate keys are refused and aliases are bounded by
/// serde-saphyr's default budget, so a billion-laughs file fails in milliseconds instead of
/// exhausting memory.
pub(crate) fn documents(source: &str, text: &str) -> Result<Vec<Value>, Box<Diagnostic>> {
    // Without aliases, a node takes at least two bytes of text: a stream of thousands of
    // objects gets room in proportion, while a small file (an alias bomb is small) keeps the
    // parser's default, so aliases can never expand it far.
    let nodes = (text.len() / 2).clamp(250_000, MAX_NODES);
    let options = serde_saphyr::options! {
        legacy_octal_numbers: true,
        reject_unsupported_tags: true,
        budget: serde_saphyr::budget! {
            max_documents: MAX_DOCUMENTS,
            max_nodes: nodes,
            max_events: 4 * nodes,
        },
    };
    serde_saphyr::from_multiple_with_options(text, options)
        .map_err(|e| Box::new(parse_error(source, &e)))
}

/// Any JSON-like value as YAML: LF line endings, a trailing newline, no folding.
pub fn to_yaml_value(value: &Value) -> Result<String, String> {
    match value {
        Value::Object(map) if !map.is_empty() => write::document(map),
        other => reference(other),
    }
}

/// The serde-saphyr options every scalar is written with.
///
/// No folding: a long annotation or command stays on one line, so diffs stay line-stable.
/// `yaml_12: false` (the default) quotes every YAML 1.1 bool, number, null and date
/// spelling (`on`, `NO`, `y`, `0123`, `1_000`, `2024-01-01`), which kubectl would misread.
fn options() -> serde_saphyr::SerializerOptions {
    serde_saphyr::ser_options! { folded_wrap_chars: usize::MAX / 2 }
}

/// [`to_yaml_value`] by serde-saphyr alone: the writer for values that are not mappings, and
/// the reference [`write`] is tested against.
fn reference(value: &Value) -> Result<String, String> {
    serde_saphyr::to_string_with_options(&Safe(value), options()).map_err(|e| e.to_string())
}

/// A value written so every YAML reader (kubectl's goyaml, YAML 1.1, YAML 1.2) reads back the
/// same string: multi-line strings a block scalar cannot carry for all of them are written
/// double-quoted instead.
struct Safe<'a>(&'a Value);

impl serde::Serialize for Safe<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self.0 {
            Value::String(s) if needs_double_quotes(s) => {
                serde_saphyr::DoubleQuoted(s.as_str()).serialize(serializer)
            }
            Value::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&Safe(item))?;
                }
                seq.end()
            }
            Value::Object(map) => {
                let mut out = serializer.serialize_map(Some(map.len()))?;
                // Keys are names (config keys, label keys), never multi-line: written as they are.
                for (key, value) in map {
                    out.serialize_entry(key.as_str(), &Safe(value))?;
                }
                out.end()
            }
            other => other.serialize(serializer),
        }
    }
}

/// Whether a block scalar could be misread: a multi-line string with a tab (goyaml and
/// libyaml refuse a tab where indentation is expected), a carriage return or another control
/// character, a first line that starts with a space (an indentation indicator some readers
/// mishandle), or a line of spaces only (read as indentation).
fn needs_double_quotes(s: &str) -> bool {
    s.contains('\n')
        && (s.chars().any(|c| c.is_control() && c != '\n')
            || s.starts_with(' ')
            || s.lines().any(|l| !l.is_empty() && l.trim().is_empty()))
}

/// Puts `lead` keys first (in that order) in this mapping, `name` first in list items and the
/// metadata keys first in every `metadata`; in place, moving only the keys that need it.
fn canonical(value: &mut Value, lead: &[&str]) {
    match value {
        Value::Object(map) => {
            let mut at = 0;
            for key in lead {
                if let Some(i) = map.keys().position(|k| k == key) {
                    if i != at
                        && let Some((k, v)) = map.shift_remove_entry(*key)
                    {
                        map.shift_insert(at, k, v);
                    }
                    at += 1;
                }
            }
            for (key, child) in map.iter_mut() {
                canonical(child, if key == "metadata" { METADATA } else { &[] });
            }
        }
        // Inside lists, `name` identifies the item (containers, ports, env): put it first.
        Value::Array(items) => items.iter_mut().for_each(|v| canonical(v, &["name"])),
        _ => {}
    }
}

/// A serde-saphyr error as a diagnostic at `source:line:column`, its first line only: the
/// snippet it would quote may hold a secret value.
pub(crate) fn parse_error(source: &str, e: &serde_saphyr::Error) -> Diagnostic {
    let first =
        e.to_string().lines().next().unwrap_or_default().trim_start_matches("error: ").to_owned();
    let location = e
        .location()
        .map_or_else(|| source.to_owned(), |l| format!("{source}:{}:{}", l.line(), l.column()));
    // The first line repeats the position ("line 4 column 9: …"); the location has it already.
    let message = first
        .split_once(": ")
        .filter(|(head, _)| head.starts_with("line "))
        .map_or(first.clone(), |(_, m)| m.to_owned());
    // The parser's budget reports read like Debug output; say what the limit protects.
    let message = if message.contains("budget") {
        format!(
            "the YAML is larger or more deeply nested than a manifest should be ({message}); the reader bounds nodes (by the text's size), nesting (64 levels) and documents ({MAX_DOCUMENTS}) so an alias bomb cannot exhaust memory"
        )
    } else {
        message
    };
    Diagnostic::in_file(location, 0, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn leading_keys_then_the_rest_in_order() {
        let v = json!({"data": {"b": "1", "a": "2"}, "kind": "ConfigMap", "metadata": {"labels": {"x": "web"}, "name": "c"}, "apiVersion": "v1"});
        let mut v = v;
        canonical(&mut v, TOP);
        let out = to_yaml_value(&v).unwrap_or_default();
        assert_eq!(
            out,
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    x: web\ndata:\n  b: \"1\"\n  a: \"2\"\n"
        );
    }

    #[test]
    fn name_first_in_list_items_and_pod_template_metadata() {
        let v = json!({"spec": {"template": {"metadata": {"labels": {"a": "b"}, "annotations": {"c": "d"}, "name": "p"}}, "containers": [{"image": "x:1", "name": "api"}]}});
        let mut v = v;
        canonical(&mut v, TOP);
        let out = to_yaml_value(&v).unwrap_or_default();
        assert!(out.contains("  - name: api\n    image: x:1\n"), "{out}");
        assert!(
            out.contains(
                "    metadata:\n      name: p\n      labels:\n        a: b\n      annotations:\n"
            ),
            "{out}"
        );
    }
}
