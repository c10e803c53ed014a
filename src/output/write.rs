//! Writing trees to disk without ever leaving them half-updated, and checking them for drift.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use similar::TextDiff;

use super::Files;
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
    let mut out = BTreeMap::new();
    if dir.exists() {
        walk(dir, "", &mut out)?;
    }
    Ok(out)
}

fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, Vec<u8>>) -> Result<(), Error> {
    let entries = fs::read_dir(dir).map_err(|e| Error::io("read", dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io("read", dir, e))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() { name } else { format!("{prefix}/{name}") };
        if path.is_dir() {
            walk(&path, &rel, out)?;
        } else {
            let bytes = fs::read(&path).map_err(|e| Error::io("read", &path, e))?;
            out.insert(rel, bytes);
        }
    }
    Ok(())
}

/// Compares `expected` with the files under `dir`, byte for byte.
pub fn check(dir: &Path, expected: &Files) -> Result<Drift, Error> {
    Ok(compare(read_tree(dir)?, expected))
}

/// The drift between a tree already read (`read_tree`) and `expected`.
pub fn compare(mut on_disk: BTreeMap<String, Vec<u8>>, expected: &Files) -> Drift {
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

/// Makes `dir` hold exactly `expected`, and returns what changed.
///
/// The new tree is written beside `dir` and swapped in with renames, so a failure part-way
/// leaves the previous tree in place; an unchanged tree is not touched at all.
pub fn generate(dir: &Path, expected: &Files) -> Result<Drift, Error> {
    generate_failing_after(dir, expected, None)
}

/// [`generate`], failing on purpose after `fail_after` files, so tests can prove a failure
/// part-way leaves the previous tree intact.
pub(crate) fn generate_failing_after(
    dir: &Path,
    expected: &Files,
    fail_after: Option<usize>,
) -> Result<Drift, Error> {
    let drift = check(dir, expected)?;
    if drift.is_clean() {
        return Ok(drift);
    }
    let staging = sibling(dir, "new");
    let old = sibling(dir, "old");
    for leftover in [&staging, &old] {
        if leftover.exists() {
            fs::remove_dir_all(leftover).map_err(|e| Error::io("remove", leftover, e))?;
        }
    }
    let written = write_all(&staging, expected, fail_after);
    if let Err(e) = written {
        // Best effort: the staging copy is ours and useless now; the real tree is untouched.
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    let had_old = dir.exists();
    if had_old {
        fs::rename(dir, &old).map_err(|e| Error::io("rename", dir, e))?;
    }
    if let Err(e) = fs::rename(&staging, dir) {
        if had_old {
            let _ = fs::rename(&old, dir);
        }
        return Err(Error::io("rename", &staging, e));
    }
    if had_old {
        fs::remove_dir_all(&old).map_err(|e| Error::io("remove", &old, e))?;
    }
    Ok(drift)
}

/// `generated` → `.generated.new`: beside the tree, so the rename stays on one filesystem.
fn sibling(dir: &Path, what: &str) -> PathBuf {
    let name =
        dir.file_name().map_or_else(|| "generated".into(), |n| n.to_string_lossy().into_owned());
    dir.with_file_name(format!(".{name}.{what}"))
}

fn write_all(root: &Path, files: &Files, fail_after: Option<usize>) -> Result<(), Error> {
    fs::create_dir_all(root).map_err(|e| Error::io("create", root, e))?;
    for (i, (rel, body)) in files.iter().enumerate() {
        if fail_after == Some(i) {
            let simulated = std::io::Error::other("simulated failure");
            return Err(Error::io("write", root.join(rel), simulated));
        }
        let path = root.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
        }
        fs::write(&path, body).map_err(|e| Error::io("write", &path, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> Files {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn generate_then_check_is_clean_and_second_generate_changes_nothing() -> Result<(), Error> {
        let tmp = tempfile::tempdir().map_err(|e| Error::io("create", "tmp", e))?;
        let dir = tmp.path().join("generated");
        let want = files(&[("base/a.yaml", "a: 1\n"), ("overlays/prod/b.yaml", "b: 2\n")]);
        let first = generate(&dir, &want)?;
        assert_eq!(first.missing.len(), 2);
        assert!(check(&dir, &want)?.is_clean());
        assert!(generate(&dir, &want)?.is_clean());
        assert!(!tmp.path().join(".generated.new").exists());
        assert!(!tmp.path().join(".generated.old").exists());
        Ok(())
    }

    #[test]
    fn a_failure_part_way_leaves_the_previous_tree_intact() -> Result<(), Error> {
        let tmp = tempfile::tempdir().map_err(|e| Error::io("create", "tmp", e))?;
        let dir = tmp.path().join("generated");
        let old = files(&[("t/a.yaml", "a: 1\n"), ("t/b.yaml", "b: 2\n"), ("t/c.yaml", "c: 3\n")]);
        generate(&dir, &old)?;
        let before = read_tree(&dir)?;
        let new = files(&[("t/a.yaml", "a: 9\n"), ("t/b.yaml", "b: 9\n"), ("t/d.yaml", "d: 9\n")]);
        let failed = generate_failing_after(&dir, &new, Some(2));
        assert!(matches!(failed, Err(Error::Io { action: "write", .. })), "{failed:?}");
        assert_eq!(read_tree(&dir)?, before, "the previous tree must be untouched");
        assert!(!tmp.path().join(".generated.new").exists(), "the staging copy is cleaned up");
        generate(&dir, &new)?;
        assert!(check(&dir, &new)?.is_clean());
        Ok(())
    }

    #[test]
    fn check_reports_changed_missing_and_orphaned() -> Result<(), Error> {
        let tmp = tempfile::tempdir().map_err(|e| Error::io("create", "tmp", e))?;
        let dir = tmp.path().join("generated");
        generate(
            &dir,
            &files(&[("t/a.yaml", "a: 1\n"), ("t/b.yaml", "b: 2\n"), ("t/c.yaml", "c: 3\n")]),
        )?;
        let want = files(&[("t/a.yaml", "a: 9\n"), ("t/b.yaml", "b: 2\n"), ("t/d.yaml", "d: 4\n")]);
        let drift = check(&dir, &want)?;
        assert_eq!(drift.changed.iter().map(|c| c.0.as_str()).collect::<Vec<_>>(), ["t/a.yaml"]);
        assert!(drift.changed[0].1.contains("-a: 1\n+a: 9\n"), "{}", drift.changed[0].1);
        assert_eq!(drift.missing, ["t/d.yaml"]);
        assert_eq!(drift.orphaned, ["t/c.yaml"]);
        let report = drift.report("generated", "cargo run -- generate");
        assert!(report.contains("orphaned: generated/t/c.yaml"), "{report}");
        assert!(report.ends_with("help: run `cargo run -- generate` and commit the result\n"));
        generate(&dir, &want)?;
        assert!(check(&dir, &want)?.is_clean());
        Ok(())
    }
}
