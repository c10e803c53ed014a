//! Secret values: read at render time from an untracked env file, never written to a tree.
//!
//! Only key names ever appear in messages; a value is never printed, logged or snapshotted.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use k8s_openapi::ByteString;
use k8s_openapi::api::core::v1::Secret;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::environment::Environment;
use crate::error::{Error, suggest};
use crate::render::Object;

/// Largest env file accepted; Kubernetes caps a Secret at 1 MiB anyway.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;
/// Largest single value accepted.
pub const MAX_VALUE_BYTES: usize = 64 * 1024;

/// The values of an env file, in file order, with the line each came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EnvFile {
    /// The file, for messages.
    pub path: PathBuf,
    /// Key to (value, line number).
    pub entries: IndexMap<String, (String, usize)>,
}

fn bad(path: &Path, line: usize, message: String) -> Error {
    Error::Input { path: path.to_path_buf(), line, message }
}

/// Reads `KEY=VALUE` lines. Blank lines and `#` comments are skipped; one pair of matching
/// surrounding quotes is removed from a value. Anything else is an error naming the line.
pub fn read_env_file(path: &Path) -> Result<EnvFile, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io("read", path, e))?;
    parse_env_file(path, &bytes)
}

/// [`read_env_file`] on bytes already read.
pub fn parse_env_file(path: &Path, bytes: &[u8]) -> Result<EnvFile, Error> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(bad(
            path,
            0,
            format!("the file is {} bytes; at most {MAX_FILE_BYTES} are accepted", bytes.len()),
        ));
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Err(bad(
            path,
            1,
            "the file starts with a UTF-8 byte-order mark; save it without one".into(),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = 1 + bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count();
        bad(path, line, "the line is not valid UTF-8".into())
    })?;
    let mut file = EnvFile { path: path.to_path_buf(), entries: IndexMap::new() };
    for (i, raw) in text.split('\n').enumerate() {
        let line = i + 1;
        if raw.ends_with('\r') {
            return Err(bad(path, line, "the line ends with a carriage return (Windows line endings); save the file with LF endings".into()));
        }
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let Some((key, value)) = trimmed.split_once('=') else {
            return Err(bad(path, line, "expected `KEY=VALUE`, found a line without `=`".into()));
        };
        let key = key.trim();
        if key.is_empty()
            || !key.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        {
            return Err(bad(
                path,
                line,
                format!("`{key}` is not a valid key: expected letters, digits, `_`, `-` and `.`"),
            ));
        }
        let value = unquote(value.trim());
        if value.len() > MAX_VALUE_BYTES {
            return Err(bad(
                path,
                line,
                format!(
                    "the value of `{key}` is {} bytes; at most {MAX_VALUE_BYTES} are accepted",
                    value.len()
                ),
            ));
        }
        if let Some((_, first)) = file.entries.get(key) {
            return Err(bad(path, line, format!("`{key}` is already set on line {first}")));
        }
        file.entries.insert(key.to_owned(), (value.to_owned(), line));
    }
    Ok(file)
}

fn unquote(v: &str) -> &str {
    for q in ['"', '\''] {
        if v.len() >= 2 && v.starts_with(q) && v.ends_with(q) {
            return &v[1..v.len() - 1];
        }
    }
    v
}

/// The Secret objects of `env`, filled from `file`. Every declared key must be present and
/// every key in the file must be declared; a key shared by two Secrets fills both.
pub fn secrets(env: &Environment, file: &EnvFile) -> Result<Vec<Object>, Error> {
    let mut problems = Vec::new();
    let declared: Vec<&str> =
        env.secrets.iter().flat_map(|s| s.keys.iter().map(String::as_str)).collect();
    for (key, (_, line)) in &file.entries {
        if !declared.contains(&key.as_str()) {
            let help = suggest(key, declared.iter().copied())
                .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
            problems.push(format!(
                "{}:{line}: `{key}` is not a key of any Secret of target `{}`{help}",
                file.path.display(),
                env.name
            ));
        }
    }
    let mut objects = Vec::new();
    for spec in &env.secrets {
        let mut data = BTreeMap::new();
        for key in &spec.keys {
            match file.entries.get(key) {
                Some((value, _)) => {
                    data.insert(key.clone(), ByteString(value.clone().into_bytes()));
                }
                None => problems.push(format!(
                    "{}: `{key}` is missing; Secret `{}` needs it",
                    file.path.display(),
                    spec.name
                )),
            }
        }
        objects.push(
            Secret {
                metadata: ObjectMeta { name: Some(spec.name.clone()), ..ObjectMeta::default() },
                type_: Some("Opaque".into()),
                data: Some(data),
                ..Secret::default()
            }
            .into(),
        );
    }
    if problems.is_empty() {
        let mut objects = objects;
        crate::transform::apply(env, &mut objects);
        Ok(objects)
    } else {
        Err(Error::Secrets(problems))
    }
}

/// The `secrets.env.example` of a tree: every key its Secrets need, with empty values.
/// Not YAML, so `kubectl apply -f` skips it. `None` when the environment needs no Secret.
pub fn example(env: &Environment, render_command: &str) -> Option<String> {
    if env.secrets.is_empty() {
        return None;
    }
    let mut out = format!(
        "# Secrets of target `{}`: the keys only, never values. Copy this file outside git, fill it\n\
         # in, and apply the stack with its Secrets:\n#   {render_command} render {} --secrets-from FILE | kubectl apply -f -\n",
        env.name, env.name
    );
    let mut seen = Vec::new();
    for spec in &env.secrets {
        out.push_str(&format!("\n# Secret `{}`", spec.name));
        if !spec.description.is_empty() {
            out.push_str(&format!(": {}", spec.description));
        }
        out.push('\n');
        for key in &spec.keys {
            if seen.contains(key) {
                out.push_str(&format!("# {key} (set above; shared)\n"));
            } else {
                out.push_str(&format!("{key}=\n"));
                seen.push(key.clone());
            }
        }
    }
    Some(out)
}

/// Whether a YAML file holds a Secret carrying values (`data` or `stringData`).
pub fn holds_secret_values(text: &str) -> bool {
    let docs: Vec<serde_json::Value> = serde_saphyr::from_multiple(text).unwrap_or_default();
    let parsed_secret = docs.iter().any(|d| {
        d["kind"] == "Secret"
            && [&d["data"], &d["stringData"]]
                .iter()
                .any(|v| v.as_object().is_some_and(|m| !m.is_empty()))
    });
    // A file that does not parse is still suspect if it says so in plain text.
    parsed_secret
        || (docs.is_empty()
            && text.contains("kind: Secret")
            && (text.contains("data:") || text.contains("stringData:")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &[u8]) -> Result<EnvFile, String> {
        parse_env_file(Path::new("prod.env"), text).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_keys_values_comments_and_quotes() {
        let file = parse(b"# comment\n\nA=1\nB = \"two words\"\nC='x=y'\nD=\n").unwrap_or_default();
        let got: Vec<(&str, &str, usize)> =
            file.entries.iter().map(|(k, (v, l))| (k.as_str(), v.as_str(), *l)).collect();
        assert_eq!(got, [("A", "1", 3), ("B", "two words", 4), ("C", "x=y", 5), ("D", "", 6)]);
    }

    #[track_caller]
    fn rejects(text: &[u8], expected: &str) {
        let err = parse(text).err().unwrap_or_default();
        assert_eq!(err, expected);
    }

    #[test]
    fn bad_files_name_the_line_and_never_the_value() {
        rejects(
            b"A=1\njunk\n",
            "error: prod.env:2: expected `KEY=VALUE`, found a line without `=`",
        );
        rejects(b"A=s3cret\nA=other\n", "error: prod.env:2: `A` is already set on line 1");
        rejects(
            b"\xEF\xBB\xBFA=1\n",
            "error: prod.env:1: the file starts with a UTF-8 byte-order mark; save it without one",
        );
        rejects(
            b"A=1\r\nB=2\r\n",
            "error: prod.env:1: the line ends with a carriage return (Windows line endings); save the file with LF endings",
        );
        rejects(b"A=1\nB=\xff\xfe\n", "error: prod.env:2: the line is not valid UTF-8");
        rejects(
            b"MY KEY=1\n",
            "error: prod.env:1: `MY KEY` is not a valid key: expected letters, digits, `_`, `-` and `.`",
        );
        let long = format!("BIG={}\n", "x".repeat(MAX_VALUE_BYTES + 1));
        rejects(
            long.as_bytes(),
            &format!(
                "error: prod.env:1: the value of `BIG` is {} bytes; at most {MAX_VALUE_BYTES} are accepted",
                MAX_VALUE_BYTES + 1
            ),
        );
    }

    #[test]
    fn finds_secret_values_in_yaml() {
        assert!(holds_secret_values(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\ndata:\n  k: dg==\n"
        ));
        assert!(holds_secret_values("kind: Secret\nstringData:\n  k: v\n"));
        assert!(!holds_secret_values("apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\n"));
        assert!(!holds_secret_values("apiVersion: v1\nkind: ConfigMap\ndata:\n  k: v\n"));
    }
}
