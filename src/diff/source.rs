//! The two sides of a diff: a target rendered now, or its tree as committed at a revision.

use std::collections::BTreeMap;
use std::io::{BufRead as _, Read as _, Write as _};
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

use super::Key;
use crate::error::{Diagnostic, Error};
use crate::model::Environment;

/// One side of a diff: its objects as JSON, and what its environment adds to every name.
#[derive(Clone, Debug, Default)]
pub struct Side {
    /// How the side is shown (`dev`, `prod@HEAD`).
    pub label: String,
    /// Every object.
    pub objects: Vec<Value>,
    /// The environment's name prefix and suffix, set aside when objects are matched.
    pub prefix: String,
    /// See [`Side::prefix`].
    pub suffix: String,
    /// The environment's namespace, set aside too.
    pub namespace: Option<String>,
}

/// `env` rendered now.
pub fn of_environment(env: &Environment) -> Result<Side, Error> {
    let rendered = crate::pipeline::render(env)?;
    let objects = rendered
        .objects
        .iter()
        .map(|o| {
            o.to_json().map_err(|e| Error::Yaml { object: o.describe(), message: e.to_string() })
        })
        .collect::<Result<_, _>>()?;
    Ok(Side { label: env.name.clone(), objects, ..settings(env) })
}

fn settings(env: &Environment) -> Side {
    Side {
        prefix: env.name_prefix.clone(),
        suffix: env.name_suffix.clone(),
        namespace: env.namespace.clone(),
        ..Side::default()
    }
}

/// `env`'s tree under `generated` as committed at `revision`, read from git without touching
/// the working tree.
pub fn at_revision(env: &Environment, generated: &Path, revision: &str) -> Result<Side, Error> {
    // A revision reaches git's command line: never an option, never a second line.
    if revision.is_empty()
        || revision.starts_with('-')
        || revision.chars().any(|c| c.is_control() || c == ' ')
    {
        return Err(usage(format!("`{}` is not a git revision", crate::safe::shown(revision))));
    }
    let dir = std::fs::canonicalize(generated).map_err(|e| Error::io("read", generated, e))?;
    let git = |args: &[&str]| -> Result<Vec<u8>, Error> {
        let out = Command::new("git")
            .arg("-C")
            .arg(&dir)
            .args(args)
            .output()
            .map_err(|e| Error::io("run `git` in", &dir, e))?;
        if !out.status.success() {
            return Err(usage(format!(
                "`git {}` failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            )));
        }
        Ok(out.stdout)
    };
    let listed = git(&[
        "ls-tree",
        "-r",
        "-z",
        "--full-name",
        "--name-only",
        "--end-of-options",
        revision,
        "--",
        &env.tree,
    ])?;
    let paths: Vec<String> = String::from_utf8_lossy(&listed)
        .split('\0')
        .filter(|p| p.ends_with(".yaml") || p.ends_with(".yml"))
        .map(str::to_owned)
        .collect();
    let mut objects = Vec::new();
    for (path, text) in blobs(&dir, revision, &paths)? {
        let shown = format!("{revision}:{path}");
        let docs = crate::yaml::documents(&shown, &text).map_err(|d| Error::Invalid(vec![*d]))?;
        objects.extend(docs.into_iter().filter(|d| d.is_object()));
    }
    Ok(Side { label: format!("{}@{revision}", env.name), objects, ..settings(env) })
}

/// The text of each `path` at `revision`, through one `git cat-file --batch`.
fn blobs(dir: &Path, revision: &str, paths: &[String]) -> Result<Vec<(String, String)>, Error> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| Error::io("run `git` in", dir, e))?;
    let mut stdin = child.stdin.take().ok_or_else(|| usage("git's input closed".into()))?;
    let request: String = paths.iter().map(|p| format!("{revision}:{p}\n")).collect();
    // Written on its own thread: git answers while it reads, and a pipe holds little.
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let stdout = child.stdout.take().ok_or_else(|| usage("git's output closed".into()))?;
    let mut reader = std::io::BufReader::new(stdout);
    let mut out = Vec::new();
    for path in paths {
        let mut header = String::new();
        reader.read_line(&mut header).map_err(|e| Error::io("read", dir, e))?;
        let size = header
            .split(' ')
            .nth(2)
            .and_then(|s| s.trim().parse::<usize>().ok())
            .ok_or_else(|| usage(format!("git could not read `{path}` at `{revision}`")))?;
        if size > crate::load::raw::MAX_BYTES {
            return Err(usage(format!(
                "`{path}` at `{revision}` is larger than a manifest should be"
            )));
        }
        let mut body = vec![0; size + 1];
        reader.read_exact(&mut body).map_err(|e| Error::io("read", dir, e))?;
        body.pop();
        out.push((path.clone(), String::from_utf8_lossy(&body).into_owned()));
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(out)
}

fn usage(message: String) -> Error {
    Error::Usage(Box::new(Diagnostic { object: "`diff`".into(), message, ..Diagnostic::default() }))
}

impl Side {
    /// Each object by its identity with the environment set aside, with its name and
    /// namespace taken out, and every mention of a name of this side (a selector, a
    /// volume's ConfigMap) or of its namespace written as the other side would.
    pub(super) fn normalised(&self) -> BTreeMap<Key, Value> {
        let mut renames: BTreeMap<String, String> = BTreeMap::new();
        let mut keyed = Vec::new();
        for o in &self.objects {
            let kind = o["kind"].as_str().unwrap_or_default().to_owned();
            let api = o["apiVersion"].as_str().unwrap_or_default();
            let group = api.rsplit_once('/').map_or("", |(g, _)| g).to_owned();
            let full = o["metadata"]["name"].as_str().unwrap_or_default().to_owned();
            let mut base = full.strip_prefix(self.prefix.as_str()).unwrap_or(&full);
            base = base.strip_suffix(self.suffix.as_str()).unwrap_or(base);
            if matches!(kind.as_str(), "ConfigMap" | "Secret") {
                base = crate::hash::without_suffix(base);
            }
            // The environment's own Namespace is the same object on both sides.
            if kind == "Namespace" && self.namespace.as_deref() == Some(full.as_str()) {
                base = "(namespace)";
            }
            let base = base.to_owned();
            renames.insert(full.clone(), base.clone());
            // Objects outside the environment's namespace keep theirs in their identity.
            let ns = o["metadata"]["namespace"]
                .as_str()
                .filter(|n| Some(*n) != self.namespace.as_deref());
            let name = ns.map_or_else(|| base.clone(), |n| format!("{n}/{base}"));
            keyed.push(((group, kind, name), o));
        }
        let mut out = BTreeMap::new();
        for (key, o) in keyed {
            let mut v = o.clone();
            if let Some(meta) = v.get_mut("metadata").and_then(Value::as_object_mut) {
                meta.remove("name");
                meta.remove("namespace");
            }
            self.rename(&mut v, &renames);
            out.insert(key, v);
        }
        out
    }

    fn rename(&self, v: &mut Value, renames: &BTreeMap<String, String>) {
        match v {
            Value::String(s) => {
                if let Some(base) = renames.get(s.as_str()) {
                    *s = base.clone();
                } else if self.namespace.as_deref() == Some(s.as_str()) {
                    *s = "(namespace)".into();
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|i| self.rename(i, renames)),
            Value::Object(map) => map.values_mut().for_each(|i| self.rename(i, renames)),
            _ => {}
        }
    }
}
