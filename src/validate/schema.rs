//! A custom resource against its CRD's OpenAPI v3 schema, offline: what the API server's
//! structural schema checks would refuse (types, required fields, enums, patterns, formats,
//! bounds, lengths, list and map rules, unknown fields), each problem with its field path.
//! The CRD's CEL rules (`x-kubernetes-validations`) are evaluated too (`super::cel`); a
//! transition rule, which compares with the stored object, cannot be judged offline and is
//! skipped (and listed: `transition_rules`). A pattern or rule rustomize cannot evaluate is a
//! problem saying so, never a silent pass.

use std::collections::BTreeSet;

use serde_json::Value;

/// The `openAPIV3Schema` of every served version of the CRDs among `objects`, by
/// (`group/version`, kind).
pub(crate) fn schemas<'a>(
    objects: impl Iterator<Item = &'a crate::object::RawObject>,
) -> std::collections::HashMap<(String, String), Value> {
    let mut out = std::collections::HashMap::new();
    for crd in objects.filter(|o| o.kind == "CustomResourceDefinition") {
        let spec = &crd.rest["spec"];
        let (Some(group), Some(kind)) = (spec["group"].as_str(), spec["names"]["kind"].as_str())
        else {
            continue;
        };
        for version in spec["versions"].as_array().into_iter().flatten() {
            let (Some(name), schema) =
                (version["name"].as_str(), &version["schema"]["openAPIV3Schema"])
            else {
                continue;
            };
            if version["served"] != Value::Bool(false) && schema.is_object() {
                out.insert((format!("{group}/{name}"), kind.to_owned()), schema.clone());
            }
        }
    }
    out
}

/// The transition rules (`oldSelf`) of `schema`, which compare with the stored object and so
/// only the API server can judge: `(field path, rule)` each.
pub(crate) fn transition_rules(schema: &Value, path: &str, out: &mut Vec<(String, String)>) {
    for rule in schema["x-kubernetes-validations"].as_array().into_iter().flatten() {
        let Some(text) = rule["rule"].as_str() else { continue };
        if super::cel::evaluate(text, &Value::Null) == super::cel::Outcome::Transition {
            let at = if path.is_empty() { "(the resource)".to_owned() } else { path.to_owned() };
            out.push((at, text.to_owned()));
        }
    }
    let join = |key: &str| if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") };
    for (key, property) in schema["properties"].as_object().into_iter().flatten() {
        transition_rules(property, &join(key), out);
    }
    if schema["items"].is_object() {
        transition_rules(&schema["items"], &format!("{path}[]"), out);
    }
    if schema["additionalProperties"].is_object() {
        transition_rules(&schema["additionalProperties"], &join("*"), out);
    }
}

/// Every problem of the custom resources among `objects` whose CRD `schemas` holds.
pub(crate) fn custom_resources(
    target: &str,
    source: &str,
    objects: &[crate::object::RawObject],
    schemas: &std::collections::HashMap<(String, String), Value>,
) -> Vec<crate::error::Diagnostic> {
    let mut out = Vec::new();
    for object in objects {
        let Some(schema) = schemas.get(&(object.api_version.clone(), object.kind.clone())) else {
            continue;
        };
        // The API server fills in the schema's defaults before it validates.
        let mut value = Value::Object(object.rest.clone());
        defaults(schema, &mut value);
        let mut found = Vec::new();
        check(schema, &value, "", &mut found);
        let name = object.metadata.name.as_deref().unwrap_or_default();
        for (field, message) in found {
            out.push(crate::error::Diagnostic {
                targets: vec![target.to_owned()],
                code: crate::error::Code::Schema,
                subject: crate::error::Subject::Object {
                    kind: object.kind.clone(),
                    name: name.to_owned(),
                },
                object: format!("raw YAML `{source}`, {} `{name}`", object.kind),
                field,
                message: format!("the value {message}"),
                expected: Some(format!("what the `{}` CRD's schema allows", object.kind)),
                help: None,
            });
        }
    }
    out
}

/// `value` with every field the schema gives a `default` and the value lacks filled in, as
/// the API server does before validating (structural defaulting).
fn defaults(schema: &Value, value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(properties) = schema["properties"].as_object() {
                for (key, sub) in properties {
                    if !map.contains_key(key)
                        && let Some(default) = sub.get("default")
                    {
                        map.insert(key.clone(), default.clone());
                    }
                    if let Some(v) = map.get_mut(key) {
                        defaults(sub, v);
                    }
                }
            } else if let Some(extra) = schema.get("additionalProperties").filter(|e| e.is_object())
            {
                map.values_mut().for_each(|v| defaults(extra, v));
            }
        }
        Value::Array(items) if schema["items"].is_object() => {
            items.iter_mut().for_each(|i| defaults(&schema["items"], i));
        }
        _ => {}
    }
}

/// Every way `value` at `path` falls short of `schema`, as (field path, what is wrong).
pub(crate) fn check(schema: &Value, value: &Value, path: &str, out: &mut Vec<(String, String)>) {
    let at = |p: &str| if p.is_empty() { "(the object)".to_owned() } else { p.to_owned() };
    if value.is_null() {
        if schema["nullable"] != Value::Bool(true) && !schema["type"].is_null() {
            out.push((at(path), "is null, which the schema does not allow".into()));
        }
        return;
    }
    for sub in schema["allOf"].as_array().into_iter().flatten() {
        check(sub, value, path, out);
    }
    let passes = |sub: &Value| {
        let mut found = Vec::new();
        check(sub, value, path, &mut found);
        found.is_empty()
    };
    if let Some(any) = schema["anyOf"].as_array()
        && !any.iter().any(passes)
    {
        out.push((at(path), "matches none of the schema's `anyOf` alternatives".into()));
    }
    if let Some(one) = schema["oneOf"].as_array() {
        let n = one.iter().filter(|s| passes(s)).count();
        if n != 1 {
            out.push((
                at(path),
                format!("matches {n} of the schema's `oneOf` alternatives, not exactly one"),
            ));
        }
    }
    if schema.get("not").is_some_and(passes) {
        out.push((at(path), "matches what the schema's `not` forbids".into()));
    }
    let int_or_string = schema["x-kubernetes-int-or-string"] == Value::Bool(true);
    if int_or_string {
        if !(value.is_i64() || value.is_u64() || value.is_string()) {
            out.push((at(path), format!("is {}, not an integer or a string", kind_of(value))));
        }
    } else if let Some(t) = schema["type"].as_str() {
        let ok = match t {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            _ => true,
        };
        if !ok {
            out.push((at(path), format!("is {}, not {} {t}", kind_of(value), article(t))));
            return;
        }
    }
    if let Some(choices) = schema["enum"].as_array()
        && !choices.contains(value)
    {
        let listed: Vec<String> = choices.iter().map(|c| c.to_string()).collect();
        out.push((at(path), format!("is {value}, not one of {}", listed.join(", "))));
    }
    for rule in schema["x-kubernetes-validations"].as_array().into_iter().flatten() {
        let Some(text) = rule["rule"].as_str() else { continue };
        let here = match rule["fieldPath"].as_str() {
            Some(field) if !field.is_empty() => format!("{path}{field}"),
            _ => at(path),
        };
        match super::cel::evaluate(text, value) {
            super::cel::Outcome::Holds | super::cel::Outcome::Transition => {}
            super::cel::Outcome::Fails(why) => {
                let mut message = rule["message"].as_str().map_or_else(
                    || format!("fails the rule `{text}`"),
                    |m| format!("fails the CRD's rule: {m}"),
                );
                if let Some(why) = why {
                    message.push_str(&format!(" ({why})"));
                }
                out.push((here, message));
            }
            super::cel::Outcome::Error(why) => {
                out.push((here, format!("cannot be checked offline: the CRD's rule `{text}` uses {why}, which rustomize does not evaluate")));
            }
        }
    }
    match value {
        Value::String(s) => string(schema, s, &at(path), out),
        Value::Number(n) => number(schema, n, &at(path), out),
        Value::Array(items) => array(schema, items, path, out),
        Value::Object(map) => object(schema, map, path, out),
        Value::Bool(_) | Value::Null => {}
    }
}

/// `n` against the schema's `min`/`max` keywords, counted in `what`: `has 3 items, more
/// than the 2 allowed`.
fn counted(
    schema: &Value,
    (min, max): (&str, &str),
    n: usize,
    (verb, what): (&str, &str),
    at: &str,
    out: &mut Vec<(String, String)>,
) {
    let n = n as u64;
    if let Some(min) = schema[min].as_u64()
        && n < min
    {
        out.push((at.into(), format!("{verb} {n} {what}, fewer than the {min} required")));
    }
    if let Some(max) = schema[max].as_u64()
        && n > max
    {
        out.push((at.into(), format!("{verb} {n} {what}, more than the {max} allowed")));
    }
}

fn string(schema: &Value, s: &str, at: &str, out: &mut Vec<(String, String)>) {
    let len = s.chars().count();
    counted(schema, ("minLength", "maxLength"), len, ("is", "characters long"), at, out);
    if let Some(pattern) = schema["pattern"].as_str() {
        match regex_lite::Regex::new(pattern) {
            Ok(re) if !re.is_match(s) => out.push((
                at.into(),
                format!("`{}` does not match the pattern `{pattern}`", crate::safe::shown(s)),
            )),
            Ok(_) => {}
            // Never passed silently: a value the check cannot judge is said to be unjudged.
            Err(e) => out.push((
                at.into(),
                format!(
                    "cannot be checked offline: the CRD's pattern `{pattern}` is not a regular expression rustomize reads ({})",
                    e.to_string().lines().last().unwrap_or_default().trim()
                ),
            )),
        }
    }
    if let Some(format) = schema["format"].as_str()
        && let Some(why) = wrong_format(format, s)
    {
        out.push((at.into(), format!("`{}` is not {why}", crate::safe::shown(s))));
    }
}

/// Why `s` is not of `format`, for the formats the corpus CRDs use; `None` for a format not
/// checked (the API server checks few of them either).
fn wrong_format(format: &str, s: &str) -> Option<&'static str> {
    let (ok, what) = match format {
        "int32" => (s.parse::<i32>().is_ok(), "a 32-bit integer"),
        "int64" => (s.parse::<i64>().is_ok(), "a 64-bit integer"),
        "ipv4" => (s.parse::<std::net::Ipv4Addr>().is_ok(), "an IPv4 address"),
        "ipv6" => (s.parse::<std::net::Ipv6Addr>().is_ok(), "an IPv6 address"),
        "date-time" => (date_time(s), "an RFC 3339 date-time"),
        "duration" => (super::cel::duration(s).is_some(), "a duration"),
        _ => return None,
    };
    (!ok).then_some(what)
}

/// `2024-01-31T12:00:00Z` or with an offset and fractions, as RFC 3339 has it.
fn date_time(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    b.len() >= 20
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && matches!(b[10], b'T' | b't')
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
        && (s.ends_with(['Z', 'z']) || s[19..].contains(['+', '-']))
}

fn number(schema: &Value, n: &serde_json::Number, at: &str, out: &mut Vec<(String, String)>) {
    let Some(v) = n.as_f64() else { return };
    let exclusive = |key: &str| schema[key] == Value::Bool(true);
    if let Some(min) = schema["minimum"].as_f64()
        && (v < min || (exclusive("exclusiveMinimum") && v == min))
    {
        out.push((at.into(), format!("is {n}, below the minimum {min}")));
    }
    if let Some(max) = schema["maximum"].as_f64()
        && (v > max || (exclusive("exclusiveMaximum") && v == max))
    {
        out.push((at.into(), format!("is {n}, above the maximum {max}")));
    }
}

fn array(schema: &Value, items: &[Value], path: &str, out: &mut Vec<(String, String)>) {
    let at = if path.is_empty() { "(the object)" } else { path };
    counted(schema, ("minItems", "maxItems"), items.len(), ("has", "items"), at, out);
    match schema["x-kubernetes-list-type"].as_str() {
        Some("set") => {
            let mut seen = BTreeSet::new();
            if let Some(dup) = items.iter().find(|i| !seen.insert(i.to_string())) {
                out.push((at.into(), format!("holds {dup} twice, in a list that is a set")));
            }
        }
        Some("map") => {
            let keys: Vec<&str> = schema["x-kubernetes-list-map-keys"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            let mut seen = BTreeSet::new();
            for item in items {
                let key: Vec<String> = keys.iter().map(|k| item[*k].to_string()).collect();
                if !seen.insert(key.clone()) {
                    out.push((
                        at.into(),
                        format!(
                            "holds two items with the same {} ({})",
                            keys.join(", "),
                            key.join(", ")
                        ),
                    ));
                }
            }
        }
        _ => {}
    }
    if schema["items"].is_object() {
        for (i, item) in items.iter().enumerate() {
            check(&schema["items"], item, &format!("{path}[{i}]"), out);
        }
    }
}

fn object(
    schema: &Value,
    map: &serde_json::Map<String, Value>,
    path: &str,
    out: &mut Vec<(String, String)>,
) {
    let at = |key: &str| if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") };
    let here = if path.is_empty() { "(the object)" } else { path };
    counted(schema, ("minProperties", "maxProperties"), map.len(), ("has", "fields"), here, out);
    for required in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
        // The API server's own fields are checked by it, and held apart from the rest here.
        let own = path.is_empty() && matches!(required, "apiVersion" | "kind" | "metadata");
        if !own && !map.contains_key(required) {
            out.push((at(required), "is required and missing".into()));
        }
    }
    let properties = schema["properties"].as_object();
    let preserve = schema["x-kubernetes-preserve-unknown-fields"] == Value::Bool(true);
    for (key, v) in map {
        // The API server's own fields are not the CRD's to describe.
        if path.is_empty() && matches!(key.as_str(), "apiVersion" | "kind" | "metadata") {
            continue;
        }
        if let Some(sub) = properties.and_then(|p| p.get(key)) {
            check(sub, v, &at(key), out);
        } else if let Some(extra) = schema.get("additionalProperties") {
            match extra {
                Value::Bool(false) => out.push((at(key), "is not a field of this schema".into())),
                Value::Object(_) => check(extra, v, &at(key), out),
                _ => {}
            }
        } else if properties.is_some() && !preserve {
            let known: Vec<&str> =
                properties.into_iter().flat_map(|p| p.keys()).map(String::as_str).collect();
            let hint = crate::error::suggest(key, known.iter().copied())
                .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
            out.push((at(key), format!("is not a field of this schema{hint}")));
        }
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a number",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn article(t: &str) -> &'static str {
    if matches!(t, "object" | "array" | "integer") { "an" } else { "a" }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn problems(schema: Value, value: Value) -> Vec<String> {
        let mut out = Vec::new();
        check(&schema, &value, "", &mut out);
        out.into_iter().map(|(p, m)| format!("{p}: {m}")).collect()
    }

    #[test]
    fn each_keyword_refuses_what_it_forbids_and_accepts_the_rest() {
        let schema = json!({"type": "object", "required": ["spec"], "properties": {"spec": {
            "type": "object",
            "required": ["port"],
            "properties": {
                "port": {"type": "integer", "minimum": 1, "maximum": 65535},
                "mode": {"type": "string", "enum": ["a", "b"]},
                "host": {"type": "string", "pattern": "^[a-z.]+$", "maxLength": 10, "minLength": 2},
                "ip": {"type": "string", "format": "ipv4"},
                "at": {"type": "string", "format": "date-time"},
                "tags": {"type": "array", "maxItems": 2, "items": {"type": "string"}, "x-kubernetes-list-type": "set"},
                "ports": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}}},
                    "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"]},
                "target": {"x-kubernetes-int-or-string": true},
                "labels": {"type": "object", "additionalProperties": {"type": "string"}, "maxProperties": 1},
                "either": {"anyOf": [{"type": "integer"}, {"type": "string", "pattern": "^x"}]},
                "free": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
            },
        }}});
        let good = json!({"apiVersion": "x/v1", "kind": "K", "metadata": {"name": "n"}, "spec": {
            "port": 80, "mode": "a", "host": "a.b", "ip": "10.0.0.1", "at": "2024-01-31T12:00:00Z",
            "tags": ["x", "y"], "ports": [{"name": "a"}, {"name": "b"}], "target": "http",
            "labels": {"k": "v"}, "either": "xyz", "free": {"anything": [1, 2]},
        }});
        assert_eq!(problems(schema.clone(), good), Vec::<String>::new());
        let bad = json!({"spec": {
            "port": 70000, "mode": "c", "host": "A", "ip": "10.0.0", "at": "yesterday",
            "tags": ["x", "x", "y"], "ports": [{"name": "a"}, {"name": "a"}], "target": true,
            "labels": {"k": 1, "j": "v"}, "either": "y", "prot": 1,
        }});
        let found = problems(schema.clone(), bad).join("\n");
        for expected in [
            "spec.port: is 70000, above the maximum 65535",
            "spec.mode: is \"c\", not one of \"a\", \"b\"",
            "spec.host: is 1 characters long, fewer than the 2 required",
            "spec.host: `A` does not match the pattern `^[a-z.]+$`",
            "spec.ip: `10.0.0` is not an IPv4 address",
            "spec.at: `yesterday` is not an RFC 3339 date-time",
            "spec.tags: has 3 items, more than the 2 allowed",
            "spec.tags: holds \"x\" twice, in a list that is a set",
            "spec.ports: holds two items with the same name (\"a\")",
            "spec.target: is a boolean, not an integer or a string",
            "spec.labels: has 2 fields, more than the 1 allowed",
            "spec.labels.k: is an integer, not a string",
            "spec.either: matches none of the schema's `anyOf` alternatives",
            "spec.prot: is not a field of this schema; did you mean `port`?",
        ] {
            assert!(found.contains(expected), "missing `{expected}` in:\n{found}");
        }
        assert_eq!(problems(schema, json!({})), ["spec: is required and missing"]);
    }

    #[test]
    fn a_pattern_rustomize_cannot_read_is_reported_not_passed() {
        let schema = json!({"type": "string", "pattern": "^\\p{L}+$"});
        let found = problems(schema, json!("abc")).join("\n");
        assert!(
            found.starts_with("(the object): cannot be checked offline: the CRD's pattern `^\\p{L}+$` is not a regular expression rustomize reads"),
            "{found}"
        );
    }
}
