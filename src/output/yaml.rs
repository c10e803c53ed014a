//! YAML serialisation with a canonical key order and YAML 1.1-safe quoting.

use serde_json::Value;

use crate::error::Error;
use crate::render::Object;

/// Keys that lead a mapping, in this order; the rest keep k8s-openapi's (alphabetical) order.
const TOP: &[&str] = &["apiVersion", "kind", "metadata"];
const METADATA: &[&str] = &["name", "namespace", "labels", "annotations"];

/// One object as a YAML document: `apiVersion`, `kind`, `metadata` first, `name` first in
/// every list item, LF line endings and a trailing newline.
pub fn to_yaml(object: &Object) -> Result<String, Error> {
    let err = |message: String| Error::Yaml { object: object.describe(), message };
    let mut value = object.to_json().map_err(|e| err(e.to_string()))?;
    canonical(&mut value, TOP);
    to_yaml_value(&value).map_err(err)
}

/// Any JSON-like value as YAML with the same settings as [`to_yaml`].
pub fn to_yaml_value(value: &Value) -> Result<String, String> {
    // No folding: a long annotation or command stays on one line, so diffs stay line-stable.
    // `yaml_12: false` (the default) quotes every YAML 1.1 bool, number, null and date
    // spelling (`on`, `NO`, `y`, `0123`, `1_000`, `2024-01-01`), which kubectl would misread.
    let options = serde_saphyr::ser_options! { folded_wrap_chars: usize::MAX / 2 };
    serde_saphyr::to_string_with_options(value, options).map_err(|e| e.to_string())
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
