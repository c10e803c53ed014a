//! Raw YAML, read and checked before it joins a tree: size, syntax, duplicate keys, alias
//! expansion, and one object per document with `apiVersion`, `kind` and `metadata.name`.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde_json::Value;

use crate::error::Diagnostic;
use crate::model::{RawContent, RawYaml};
use crate::object::RawObject;

/// Largest raw file accepted (Helm's per-file limit); larger input is a mistake or an attack.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;

/// The objects of `raw`, or every problem found in it, each located by file and document.
pub(crate) fn load(raw: &RawYaml) -> Result<Vec<RawObject>, Vec<Diagnostic>> {
    let at = |message: String| vec![Diagnostic::in_file(&raw.source, 0, message)];
    let docs: Vec<Value> = match &raw.content {
        RawContent::Value(v) => vec![v.clone()],
        RawContent::Invalid(why) => return Err(at(format!("cannot serialise the object: {why}"))),
        RawContent::Text(text) => parse(&raw.source, text)?,
        RawContent::File => {
            let text = crate::envfile::read_text(std::path::Path::new(&raw.source), MAX_BYTES)
                .map_err(at)?;
            parse(&raw.source, &text)?
        }
    };
    if docs.iter().all(Value::is_null) {
        return Err(at("the file holds no object (it is empty or only comments and `---`)".into()));
    }
    let mut objects = Vec::new();
    let mut errors = Vec::new();
    for (i, doc) in docs.into_iter().enumerate().filter(|(_, d)| !d.is_null()) {
        match object(doc) {
            Ok(o) => objects.push(o),
            Err(message) => errors.push(Diagnostic::in_file(
                format!("{} (document {})", raw.source, i + 1),
                0,
                message,
            )),
        }
    }
    if errors.is_empty() { Ok(objects) } else { Err(errors) }
}

fn parse(source: &str, text: &str) -> Result<Vec<Value>, Vec<Diagnostic>> {
    if text.len() > MAX_BYTES {
        return Err(vec![Diagnostic::in_file(
            source,
            0,
            format!("the file is {} bytes; at most {MAX_BYTES} are accepted", text.len()),
        )]);
    }
    // `!!binary` would be decoded here, where kubectl keeps the base64 text: refused.
    if let Some(line) = text.lines().position(|l| l.contains("!!binary")) {
        return Err(vec![Diagnostic::in_file(
            format!("{source}:{}", line + 1),
            0,
            "`!!binary` values are refused: kubectl would keep the base64 text where this reader decodes it; write the base64 as a plain string",
        )]);
    }
    crate::yaml::documents(source, text).map_err(|e| vec![*e])
}

/// One parsed document as a raw object, refusing a Secret with values and a missing identity.
pub(crate) fn object(doc: Value) -> Result<RawObject, String> {
    if let Some(name) = crate::object::secrets_with_values(&doc).first() {
        return Err(format!("Secret `{name}` carries values; secret values never belong in git"));
    }
    let Value::Object(mut map) = doc else {
        return Err(format!("expected a mapping (a Kubernetes object), found {}", kind_of(&doc)));
    };
    let mut text = |key: &str| match map.remove(key) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s),
        Some(other) => {
            Err(format!("`{key}` must be a non-empty string, found {}", kind_of(&other)))
        }
        None => Err(format!("`{key}` is missing")),
    };
    let api_version = text("apiVersion")?;
    let kind = text("kind")?;
    let metadata: ObjectMeta = match map.remove("metadata") {
        Some(m @ Value::Object(_)) => {
            serde_json::from_value(m).map_err(|e| format!("`metadata` is not valid: {e}"))?
        }
        _ => return Err(format!("{kind}: `metadata` is missing or not a mapping")),
    };
    if metadata.name.as_deref().is_none_or(str::is_empty) {
        return Err(format!("{kind}: `metadata.name` is missing"));
    }
    Ok(RawObject { api_version, kind, metadata, rest: map })
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}
