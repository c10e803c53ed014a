//! Secret values: read at render time from an untracked env file, never written to a tree.
//!
//! Only key names ever appear in messages; a value is never printed, logged or snapshotted.

use std::collections::BTreeMap;

use k8s_openapi::ByteString;
use k8s_openapi::api::core::v1::Secret;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::envfile::EnvFile;
use crate::error::{Diagnostic, did_you_mean};
use crate::model::Environment;
use crate::object::Object;

/// The Secret objects of `env`, filled from `file` (untransformed: the pipeline applies the
/// environment to them like to every object). Every declared key must be present and every
/// key in the file must be declared; a key shared by two Secrets fills both.
pub(crate) fn secrets(env: &Environment, file: &EnvFile) -> Result<Vec<Object>, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let provisioned = || env.secrets.iter().filter(|s| s.issued_by.is_none());
    let declared: Vec<&str> =
        provisioned().flat_map(|s| s.keys.iter().map(String::as_str)).collect();
    for (key, (_, line)) in &file.entries {
        if !declared.contains(&key.as_str()) {
            // The key is not printed: an undeclared "key" may be a fragment of a value.
            let mut d = Diagnostic::in_file(
                file.path.display(),
                *line,
                format!("the line sets a key that no Secret of target `{}` declares", env.name),
            );
            d.help = did_you_mean(key, declared.iter().copied());
            problems.push(d);
        }
    }
    let mut objects = Vec::new();
    for spec in provisioned() {
        let mut data = BTreeMap::new();
        for key in &spec.keys {
            match file.entries.get(key) {
                Some((value, line)) if value.is_empty() && !spec.optional.contains(key) => {
                    let mut d = Diagnostic::in_file(
                        file.path.display(),
                        *line,
                        format!("`{key}` is empty; Secret `{}` needs a value", spec.name),
                    );
                    d.help = Some(format!(
                        "fill it in, or declare it in `SecretSpec::optional` if an empty `{key}` is meant"
                    ));
                    problems.push(d);
                }
                Some((value, _)) => {
                    data.insert(key.clone(), ByteString(value.clone().into_bytes()));
                }
                None => problems.push(Diagnostic::in_file(
                    file.path.display(),
                    0,
                    format!("`{key}` is missing; Secret `{}` needs it", spec.name),
                )),
            }
        }
        objects.push(
            Secret {
                metadata: ObjectMeta {
                    name: Some(spec.name.clone()),
                    labels: (!spec.labels.is_empty()).then(|| spec.labels.clone()),
                    ..ObjectMeta::default()
                },
                type_: Some(spec.type_.clone().unwrap_or_else(|| "Opaque".into())),
                data: Some(data),
                ..Secret::default()
            }
            .into(),
        );
    }
    if problems.is_empty() { Ok(objects) } else { Err(problems) }
}

/// The `secrets.env.example` of a tree: every key its Secrets need, with empty values.
/// Not YAML, so `kubectl apply -f` skips it. `None` when the environment needs no Secret.
pub(crate) fn example(env: &Environment, render_command: &str) -> Option<String> {
    // A Secret a controller issues is nobody's to fill in.
    let provisioned: Vec<&crate::model::SecretSpec> =
        env.secrets.iter().filter(|s| s.issued_by.is_none()).collect();
    if provisioned.is_empty() {
        return None;
    }
    let mut out = format!(
        "# Secrets of target `{}`: the keys only, never values. Copy this file outside git, fill it\n\
         # in, and apply the stack with its Secrets:\n#   {render_command} render {} --secrets-from FILE | kubectl apply -f -\n",
        env.name, env.name
    );
    out.push_str(&crate::envfile::example_body(
        provisioned.iter().map(|s| (s.name.as_str(), s.description.as_str(), s.keys.as_slice())),
        |_| None,
    ));
    Some(out)
}

/// What `check` may show of a file on disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Exposure {
    /// Neither a Secret nor unreadable: its diff may be printed.
    Clean,
    /// It holds a Secret (any case of `kind`), or may: its content is never printed.
    Secret,
    /// It holds a Secret with values (`data` or `stringData`): an error, and never printed.
    SecretValues,
    /// It does not parse as YAML, so what kubectl would read in it is unknown: never printed.
    Unparsable,
}

/// How a YAML (or JSON) file on disk may be shown; `check`'s guard against printing a value.
#[cfg_attr(not(feature = "cli"), allow(dead_code))]
pub(crate) fn exposure(text: &str) -> Exposure {
    // Only a text that spells `secret` in any case, or could through an escape or a tag
    // (`"Secr\x65t"`, `!!binary`), can hold one: `check` reads every file of a tree, and
    // parsing them all was most of its time.
    let spells = text.as_bytes().windows(6).any(|w| w.eq_ignore_ascii_case(b"secret"));
    if !spells && !text.contains(['\\', '!']) {
        return Exposure::Clean;
    }
    // Read as strictly as import reads: a duplicate key or an unknown tag is "unparsable",
    // since another reader may take it otherwise.
    let Ok(docs) = crate::yaml::documents("", text) else { return Exposure::Unparsable };
    if docs.iter().any(|d| !crate::object::secrets_with_values(d).is_empty()) {
        return Exposure::SecretValues;
    }
    fn any_secret(doc: &serde_json::Value) -> bool {
        crate::object::is_secret_kind(doc)
            || doc["items"].as_array().is_some_and(|items| items.iter().any(any_secret))
    }
    if docs.iter().any(any_secret) { Exposure::Secret } else { Exposure::Clean }
}

/// Whether a YAML file holds a Secret carrying values (`data` or `stringData`).
#[cfg(test)]
fn holds_secret_values(text: &str) -> bool {
    exposure(text) == Exposure::SecretValues
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_secret_values_in_yaml() {
        assert!(holds_secret_values(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\ndata:\n  k: dg==\n"
        ));
        assert!(holds_secret_values("kind: Secret\nstringData:\n  k: v\n"));
        assert!(!holds_secret_values("apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\n"));
        assert!(!holds_secret_values("apiVersion: v1\nkind: ConfigMap\ndata:\n  k: v\n"));
        // Spelled through an escape: still read.
        assert!(holds_secret_values("kind: \"Secr\\x65t\"\nstringData:\n  k: v\n"));
        // kubectl expands Lists: a Secret inside one is a Secret.
        assert!(holds_secret_values(
            "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: x\n  data:\n    k: dg==\n"
        ));
        assert!(holds_secret_values(
            "kind: SecretList\nitems:\n- kind: Secret\n  stringData:\n    k: v\n"
        ));
    }

    #[test]
    fn every_form_kubectl_reads_as_a_secret_is_never_shown() {
        let forms = [
            "kind: \"Secret\"\nstringData:\n  k: v\n",
            "kind: secret\ndata:\n  k: dg==\n",
            "{\"kind\": \"Secret\", \"data\": {\"k\": \"dg==\"}}",
            "kind: SECRET\nstringData: {k: v}\n",
        ];
        for text in forms {
            assert_eq!(exposure(text), Exposure::SecretValues, "{text}");
        }
        // A duplicate key: kubectl's reader and ours might disagree on which wins.
        assert_eq!(
            exposure("kind: ConfigMap\nkind: Secret\nstringData: {k: v}\n"),
            Exposure::Unparsable
        );
        assert_eq!(exposure("kind: Secret\ntype: Opaque\n"), Exposure::Secret);
        assert_eq!(exposure("kind: ConfigMap\ndata:\n  k: v\n"), Exposure::Clean);
        assert_eq!(exposure("kind: ConfigMap\ndata: {k: \"secret\"}\n"), Exposure::Clean);
    }
}
