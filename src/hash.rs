//! Kustomize's content-hash name suffix, reproduced byte for byte so migrated object names
//! (and therefore running pods) do not change.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

/// The suffix Kustomize appends to a generated ConfigMap holding `data`.
pub fn config_map(data: &BTreeMap<String, String>) -> String {
    let mut map = serde_json::Map::new();
    map.insert("data".into(), strings(data.iter().map(|(k, v)| (k, v.clone()))));
    map.insert("kind".into(), "ConfigMap".into());
    // Kustomize looks the name up as the single key `metadata/name`, which never exists, so
    // the name always hashes as empty: equal data gives equal suffixes.
    map.insert("name".into(), "".into());
    suffix(&serde_json::Value::Object(map))
}

/// The suffix Kustomize appends to a generated Secret of `type_` holding `data` (raw bytes,
/// base64-encoded as in the object).
pub fn secret(type_: &str, data: &BTreeMap<String, Vec<u8>>) -> String {
    use base64::Engine as _;
    let encoded =
        data.iter().map(|(k, v)| (k, base64::engine::general_purpose::STANDARD.encode(v)));
    let mut map = serde_json::Map::new();
    map.insert("data".into(), strings(encoded));
    map.insert("kind".into(), "Secret".into());
    map.insert("name".into(), "".into());
    map.insert("type".into(), type_.into());
    suffix(&serde_json::Value::Object(map))
}

/// A JSON object of strings; built directly, so there is no serialisation that could fail.
fn strings<'a>(pairs: impl Iterator<Item = (&'a String, String)>) -> serde_json::Value {
    serde_json::Value::Object(
        pairs.map(|(k, v)| (k.clone(), serde_json::Value::String(v))).collect(),
    )
}

fn suffix(value: &serde_json::Value) -> String {
    let json = go_json(value);
    let digest = Sha256::digest(json.as_bytes());
    let hex: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
    // kubectl's hash alphabet avoids characters that could spell words.
    hex.chars()
        .map(|c| match c {
            '0' => 'g',
            '1' => 'h',
            '3' => 'k',
            'a' => 'm',
            'e' => 't',
            c => c,
        })
        .collect()
}

/// JSON as Go's `encoding/json` writes it: sorted keys, no spaces, and `<`, `>`, `&`, U+2028,
/// U+2029 escaped (serde_json sorts maps the same way and escapes control characters alike).
fn go_json(value: &serde_json::Value) -> String {
    // `Value`'s Display is its compact JSON, and cannot fail.
    let json = value.to_string();
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// `name` without a content-hash suffix this module would make (`-` and ten characters of
/// its alphabet), if it has one: `api-config-5dk2f8m9bh` → `api-config`.
pub fn without_suffix(name: &str) -> &str {
    match name.rsplit_once('-') {
        Some((base, hash))
            if hash.len() == 10 && hash.chars().all(|c| "245678bcdfghkmt9".contains(c)) =>
        {
            base
        }
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    // Expected suffixes come from `kubectl kustomize` (Kustomize v5.5.0) on generators with the
    // same data; the parity suite re-checks them against kubectl on every run.
    #[test]
    fn matches_kustomize_for_config_maps() {
        let d = data(&[
            ("LOG_LEVEL", "info"),
            ("HTML", "<a href='x'>&</a>"),
            ("nginx.conf", "server {\n  listen 80;\n}\n"),
        ]);
        assert_eq!(config_map(&d), "6ktcb6256b");
    }

    #[test]
    fn matches_kustomize_for_secrets() {
        let d = BTreeMap::from([("PASSWORD".to_owned(), b"s3cr3t".to_vec())]);
        assert_eq!(secret("Opaque", &d), "fbt842tmg5");
    }
}
