//! What is on disk against a fresh render: reading a tree, and the drift between the two.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use similar::TextDiff;

use super::TreeFiles;
use crate::error::Error;

/// How the files on disk differ from a fresh render.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Drift {
    /// Files whose bytes differ, with a unified diff (on disk → fresh render).
    pub changed: Vec<(String, String)>,
    /// Files the render produces that are not on disk.
    pub missing: Vec<String>,
    /// Files on disk the render no longer produces.
    pub orphaned: Vec<String>,
}

impl Drift {
    /// Whether disk and render agree byte for byte.
    pub fn is_clean(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.orphaned.is_empty()
    }

    /// A report naming every file, with a diff per changed file and a `help:` line.
    pub fn report(&self, dir: &str, regenerate: &str) -> String {
        let mut out = String::new();
        let n = self.changed.len() + self.missing.len() + self.orphaned.len();
        out.push_str(&format!(
            "error: `{dir}` has drifted from the code: {n} file{} differ{}\n",
            if n == 1 { "" } else { "s" },
            if n == 1 { "s" } else { "" }
        ));
        for (path, _) in &self.changed {
            out.push_str(&format!("  changed:  {dir}/{path}\n"));
        }
        for path in &self.missing {
            out.push_str(&format!("  missing:  {dir}/{path}\n"));
        }
        for path in &self.orphaned {
            out.push_str(&format!("  orphaned: {dir}/{path}\n"));
        }
        for (_, diff) in &self.changed {
            out.push('\n');
            out.push_str(diff);
        }
        out.push_str(&format!("\nhelp: run `{regenerate}` and commit the result\n"));
        out
    }
}

/// Every file under `dir`, keyed by its `/`-separated path relative to `dir`. A missing
/// directory reads as empty.
pub fn read_tree(dir: &Path) -> Result<BTreeMap<String, Vec<u8>>, Error> {
    let mut files = Vec::new();
    if dir.exists() {
        walk(dir, "", &mut files)?;
    }
    // A large tree is tens of thousands of small files: read on every core.
    let runs = crate::parallel::runs(&files, 64, |run| {
        run.iter()
            .map(|(_, path)| fs::read(path).map_err(|e| Error::io("read", path, e)))
            .collect::<Result<Vec<_>, _>>()
    })?;
    Ok(files.into_iter().map(|(rel, _)| rel).zip(runs.into_iter().flatten()).collect())
}

/// The files under `dir` (their paths relative to the tree's root, with `prefix`, and on
/// disk), refusing anything that is neither a file nor a directory.
fn walk(dir: &Path, prefix: &str, out: &mut Vec<(String, PathBuf)>) -> Result<(), Error> {
    let entries = fs::read_dir(dir).map_err(|e| Error::io("read", dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io("read", dir, e))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() { name } else { format!("{prefix}/{name}") };
        // Not followed: a FIFO would hang the read, a device or a link could reach anything.
        let kind = entry.file_type().map_err(|e| Error::io("read", &path, e))?;
        if kind.is_dir() {
            walk(&path, &rel, out)?;
        } else if kind.is_file() {
            out.push((rel, path));
        } else {
            return Err(Error::Io {
                action: "read",
                path,
                source: std::io::Error::other(
                    "not a regular file; a generated tree holds only files and directories",
                ),
            });
        }
    }
    Ok(())
}

/// Compares `expected` with the files under `dir`, byte for byte.
pub fn check(dir: &Path, expected: &TreeFiles) -> Result<Drift, Error> {
    Ok(compare(read_tree(dir)?, expected))
}

/// The drift between a tree already read (`read_tree`) and `expected`.
pub fn compare(mut on_disk: BTreeMap<String, Vec<u8>>, expected: &TreeFiles) -> Drift {
    on_disk.retain(|path, _| !is_local_env(path));
    let mut drift = Drift::default();
    for (path, want) in expected {
        match on_disk.remove(path) {
            None => drift.missing.push(path.clone()),
            Some(have) if have != want.as_bytes() => {
                let have = String::from_utf8_lossy(&have);
                let diff = TextDiff::from_lines(have.as_ref(), want.as_str())
                    .unified_diff()
                    .context_radius(3)
                    .header(&format!("a/{path}"), &format!("b/{path}"))
                    .to_string();
                drift.changed.push((path.clone(), diff));
            }
            Some(_) => {}
        }
    }
    drift.orphaned = on_disk.into_keys().collect();
    drift
}

/// Whether `rel` is a Compose tree's own `.env` (or `.env.local`, …): the user's values,
/// which Compose reads beside its file. Never compared, printed, replaced or removed.
pub(crate) fn is_local_env(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    (name == ".env" || name.starts_with(".env.")) && !name.ends_with(".example")
}

/// The YAML files under `dir` that `files` no longer has, each with the object it holds
/// (``Deployment `api` ``): what the next `apply` of its tree prunes, since the object is
/// gone from the code.
pub fn pruned(dir: &Path, files: &super::TreeFiles) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).into_iter().flatten().flatten() {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(path);
                continue;
            }
            let rel = path.strip_prefix(dir).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            if !rel.ends_with(".yaml") || files.contains_key(&rel) {
                continue;
            }
            // Files of the generated tree, written by rustomize: read as they are.
            let text = std::fs::read(&path).map(|b| String::from_utf8_lossy(&b).into_owned());
            let text = text.unwrap_or_default();
            let docs = crate::yaml::documents(&rel, &text).unwrap_or_default();
            for doc in docs.iter().filter(|d| d.get("kind").is_some()) {
                let at = |p: &str| {
                    crate::safe::shown(
                        doc.pointer(p).and_then(serde_json::Value::as_str).unwrap_or("?"),
                    )
                };
                out.push((rel.clone(), format!("{} `{}`", at("/kind"), at("/metadata/name"))));
            }
        }
    }
    out.sort();
    out
}
