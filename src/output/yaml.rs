//! YAML serialisation with a canonical key order and YAML 1.1-safe quoting.

use serde_json::{Map, Value};

use crate::error::Error;
use crate::render::Object;

/// Keys that lead a mapping, in this order; the rest keep k8s-openapi's (alphabetical) order.
const TOP: &[&str] = &["apiVersion", "kind", "metadata"];
const METADATA: &[&str] = &["name", "namespace", "labels", "annotations"];

/// One object as a YAML document: `apiVersion`, `kind`, `metadata` first, `name` first in
/// every list item, LF line endings and a trailing newline.
pub fn to_yaml(object: &Object) -> Result<String, Error> {
    let err = |message: String| Error::Yaml { object: object.describe(), message };
    let value = object.to_json().map_err(|e| err(e.to_string()))?;
    to_yaml_value(&canonical(value, TOP)).map_err(err)
}

/// Any JSON-like value as YAML with the same settings as [`to_yaml`].
pub fn to_yaml_value(value: &Value) -> Result<String, String> {
    // No folding: a long annotation or command stays on one line, so diffs stay line-stable.
    // `yaml_12: false` (the default) quotes every YAML 1.1 bool, number, null and date
    // spelling (`on`, `NO`, `y`, `0123`, `1_000`, `2024-01-01`), which kubectl would misread.
    let options = serde_saphyr::ser_options! { folded_wrap_chars: usize::MAX / 2 };
    serde_saphyr::to_string_with_options(value, options).map_err(|e| e.to_string())
}

fn canonical(value: Value, lead: &[&str]) -> Value {
    match value {
        Value::Object(map) => {
            let mut map = map;
            let mut out = Map::with_capacity(map.len());
            for key in lead {
                if let Some(v) = map.shift_remove(*key) {
                    let nested = if *key == "metadata" { METADATA } else { &["name"] };
                    out.insert((*key).to_owned(), canonical(v, nested));
                }
            }
            for (k, v) in map {
                let nested: &[&str] = if k == "metadata" { METADATA } else { &[] };
                out.insert(k, canonical(v, nested));
            }
            Value::Object(out)
        }
        // Inside lists, `name` identifies the item (containers, ports, env): put it first.
        Value::Array(items) => {
            Value::Array(items.into_iter().map(|v| canonical(v, &["name"])).collect())
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn leading_keys_then_the_rest_in_order() {
        let v = json!({"data": {"b": "1", "a": "2"}, "kind": "ConfigMap", "metadata": {"labels": {"x": "web"}, "name": "c"}, "apiVersion": "v1"});
        let out = to_yaml_value(&canonical(v, TOP)).unwrap_or_default();
        assert_eq!(
            out,
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    x: web\ndata:\n  b: \"1\"\n  a: \"2\"\n"
        );
    }

    #[test]
    fn name_first_in_list_items_and_pod_template_metadata() {
        let v = json!({"spec": {"template": {"metadata": {"labels": {"a": "b"}, "annotations": {"c": "d"}, "name": "p"}}, "containers": [{"image": "x:1", "name": "api"}]}});
        let out = to_yaml_value(&canonical(v, TOP)).unwrap_or_default();
        assert!(out.contains("  - name: api\n    image: x:1\n"), "{out}");
        assert!(
            out.contains(
                "    metadata:\n      name: p\n      labels:\n        a: b\n      annotations:\n"
            ),
            "{out}"
        );
    }
}
