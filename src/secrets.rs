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
    let declared: Vec<&str> =
        env.secrets.iter().flat_map(|s| s.keys.iter().map(String::as_str)).collect();
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
    for spec in &env.secrets {
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
                metadata: ObjectMeta { name: Some(spec.name.clone()), ..ObjectMeta::default() },
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
    if env.secrets.is_empty() {
        return None;
    }
    let mut out = format!(
        "# Secrets of target `{}`: the keys only, never values. Copy this file outside git, fill it\n\
         # in, and apply the stack with its Secrets:\n#   {render_command} render {} --secrets-from FILE | kubectl apply -f -\n",
        env.name, env.name
    );
    out.push_str(&crate::envfile::example_body(
        env.secrets.iter().map(|s| (s.name.as_str(), s.description.as_str(), s.keys.as_slice())),
    ));
    Some(out)
}

/// Whether a YAML file holds a Secret carrying values (`data` or `stringData`); `check`'s guard.
#[cfg_attr(not(feature = "cli"), allow(dead_code))]
pub(crate) fn holds_secret_values(text: &str) -> bool {
    // Only a text that spells `Secret`, or could spell it through an escape or a tag
    // (`"Secr\x65t"`, `!!binary`), can hold one: `check` reads every file of a tree, and
    // parsing them all was most of its time.
    if !text.contains("Secret") && !text.contains(['\\', '!']) {
        return false;
    }
    let docs: Vec<serde_json::Value> = serde_saphyr::from_multiple(text).unwrap_or_default();
    let parsed_secret = docs.iter().any(|d| !crate::object::secrets_with_values(d).is_empty());
    // A file that does not parse is still suspect if it says so in plain text.
    parsed_secret
        || (docs.is_empty()
            && text.contains("kind: Secret")
            && (text.contains("data:") || text.contains("stringData:")))
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
}
