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
    let dir = &real_dir(dir)?;
    let _lock = Lock::take(&sibling(dir, "lock"))?;
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
    let swapped = swap(dir, &staging, &old);
    // Whatever happened, the staging copy (the old tree after an exchange) is not needed.
    for leftover in [&staging, &old] {
        if leftover.exists() {
            let _ = fs::remove_dir_all(leftover);
        }
    }
    swapped.map(|()| drift)
}

/// The directory to write: a symlinked output directory is followed, so the link stays a
/// link; `.` and relative paths become absolute, so the staging copy is a true sibling.
fn real_dir(dir: &Path) -> Result<PathBuf, Error> {
    let absolute = if dir.is_absolute() {
        dir.to_path_buf()
    } else {
        std::env::current_dir().map_err(|e| Error::io("read", dir, e))?.join(dir)
    };
    let resolved = match fs::canonicalize(&absolute) {
        Ok(real) => real,
        // Not there yet: its parent must be.
        Err(_) => {
            let parent = absolute.parent().ok_or_else(|| no_parent(dir))?;
            let name = absolute.file_name().ok_or_else(|| no_parent(dir))?;
            fs::canonicalize(parent).map_err(|e| Error::io("read", parent, e))?.join(name)
        }
    };
    if resolved.parent().is_none() {
        return Err(no_parent(dir));
    }
    Ok(resolved)
}

fn no_parent(dir: &Path) -> Error {
    Error::Io {
        action: "write",
        path: dir.to_path_buf(),
        source: std::io::Error::other("the tree needs a parent directory to stage its new copy in"),
    }
}

/// Puts `staging` where `dir` is with no moment without a tree: one atomic exchange where the
/// system has it, two renames otherwise; a directory that cannot be renamed (a mount point)
/// is updated file by file instead.
fn swap(dir: &Path, staging: &Path, old: &Path) -> Result<(), Error> {
    if !dir.exists() {
        return fs::rename(staging, dir).map_err(|e| Error::io("rename", staging, e));
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, staging, CWD, dir, RenameFlags::EXCHANGE).is_ok() {
            return Ok(());
        }
    }
    match fs::rename(dir, old) {
        Ok(()) => {
            if let Err(e) = fs::rename(staging, dir) {
                let _ = fs::rename(old, dir);
                return Err(Error::io("rename", staging, e));
            }
            Ok(())
        }
        // A mount point (or a directory the process may not rename): sync in place.
        Err(_) => sync_in_place(dir, staging),
    }
}

/// Makes `dir` hold exactly the files of `staging`, each replaced atomically.
fn sync_in_place(dir: &Path, staging: &Path) -> Result<(), Error> {
    let want = read_tree(staging)?;
    let have = read_tree(dir)?;
    for (rel, bytes) in &want {
        if have.get(rel) != Some(bytes) {
            let path = dir.join(rel);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
            }
            let tmp = path.with_extension("rustomize-tmp");
            fs::write(&tmp, bytes).map_err(|e| Error::io("write", &tmp, e))?;
            fs::rename(&tmp, &path).map_err(|e| Error::io("rename", &tmp, e))?;
        }
    }
    for rel in have.keys().filter(|k| !want.contains_key(*k)) {
        let path = dir.join(rel);
        fs::remove_file(&path).map_err(|e| Error::io("remove", &path, e))?;
    }
    Ok(())
}

/// An exclusive claim on a tree while it is generated, so two runs (an editor's save hook and
/// a terminal) never interleave. A lock left by a killed run is taken over.
struct Lock(PathBuf);

impl Lock {
    fn take(path: &Path) -> Result<Lock, Error> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            match fs::OpenOptions::new().write(true).create_new(true).open(path) {
                Ok(mut file) => {
                    use std::io::Write as _;
                    let _ = write!(file, "{}", std::process::id());
                    return Ok(Lock(path.to_path_buf()));
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    if Lock::stale(path) {
                        let _ = fs::remove_file(path);
                        continue;
                    }
                    if std::time::Instant::now() > deadline {
                        return Err(Error::Io {
                            action: "lock",
                            path: path.to_path_buf(),
                            source: std::io::Error::other(
                                "another `generate` has been writing this tree for a minute; if none runs, delete the lock file",
                            ),
                        });
                    }
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                Err(e) => return Err(Error::io("create", path, e)),
            }
        }
    }

    /// Whether the process that wrote the lock is gone (known on Linux only).
    fn stale(path: &Path) -> bool {
        let Ok(pid) = fs::read_to_string(path) else { return false };
        let Ok(pid) = pid.trim().parse::<u32>() else { return false };
        cfg!(target_os = "linux") && !Path::new(&format!("/proc/{pid}")).exists()
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

/// `generated` → `.generated.rustomize-new`: beside the tree, so the rename stays on one
/// filesystem, and named so `.gitignore` can match every project's (`*.rustomize-*`).
fn sibling(dir: &Path, what: &str) -> PathBuf {
    let name =
        dir.file_name().map_or_else(|| "generated".into(), |n| n.to_string_lossy().into_owned());
    dir.with_file_name(format!(".{name}.rustomize-{what}"))
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
        assert!(!tmp.path().join(".generated.rustomize-new").exists());
        assert!(!tmp.path().join(".generated.rustomize-old").exists());
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
        assert!(
            !tmp.path().join(".generated.rustomize-new").exists(),
            "the staging copy is cleaned up"
        );
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

#[cfg(test)]
mod robustness {
    use super::*;

    fn files(n: usize) -> Files {
        (0..n).map(|i| (format!("t/{i:05}.yaml"), format!("i: {i}\n"))).collect()
    }

    #[test]
    fn concurrent_runs_never_leave_a_mixed_or_missing_tree() -> Result<(), Error> {
        let tmp = tempfile::tempdir().map_err(|e| Error::io("create", "tmp", e))?;
        let dir = tmp.path().join("generated");
        let a = files(300);
        let b: Files = a.iter().map(|(k, v)| (k.clone(), format!("{v}# b\n"))).collect();
        generate(&dir, &a)?;
        std::thread::scope(|s| {
            let watcher = s.spawn(|| {
                // While both write, the tree is always there. (A reader walking it during a
                // swap may see files of both versions; the tree itself is never mixed.)
                for _ in 0..200 {
                    assert!(dir.join("t/00000.yaml").exists(), "a moment without a tree");
                }
            });
            let one = s.spawn(|| {
                (0..10).try_for_each(|i| generate(&dir, if i % 2 == 0 { &b } else { &a }).map(drop))
            });
            let two = s.spawn(|| {
                (0..10).try_for_each(|i| generate(&dir, if i % 2 == 0 { &a } else { &b }).map(drop))
            });
            for h in [one, two] {
                assert!(h.join().is_ok_and(|r| r.is_ok()));
            }
            assert!(watcher.join().is_ok());
        });
        let last = read_tree(&dir)?;
        let whole = |f: &Files| {
            f.iter().map(|(k, v)| (k.clone(), v.as_bytes().to_vec())).collect::<BTreeMap<_, _>>()
        };
        assert!(last == whole(&a) || last == whole(&b), "the final tree is one whole version");
        let names: Vec<String> = fs::read_dir(tmp.path())
            .map_err(|e| Error::io("read", tmp.path(), e))?
            .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect();
        assert_eq!(names, ["generated"], "no lock or staging copy left behind");
        Ok(())
    }

    #[test]
    fn a_symlinked_tree_stays_a_link_and_dot_works() -> Result<(), Error> {
        let tmp = tempfile::tempdir().map_err(|e| Error::io("create", "tmp", e))?;
        let real = tmp.path().join("real");
        fs::create_dir(&real).map_err(|e| Error::io("create", &real, e))?;
        let link = tmp.path().join("generated");
        std::os::unix::fs::symlink(&real, &link).map_err(|e| Error::io("link", &link, e))?;
        generate(&link, &files(3))?;
        assert!(fs::symlink_metadata(&link).is_ok_and(|m| m.file_type().is_symlink()));
        assert_eq!(read_tree(&real)?.len(), 3);
        Ok(())
    }

    #[test]
    fn a_fifo_in_the_tree_is_an_error_not_a_hang() -> Result<(), Error> {
        let tmp = tempfile::tempdir().map_err(|e| Error::io("create", "tmp", e))?;
        let status = std::process::Command::new("mkfifo").arg(tmp.path().join("pipe")).status();
        if !status.is_ok_and(|s| s.success()) {
            return Ok(()); // no mkfifo here
        }
        let err = read_tree(tmp.path()).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("not a regular file"), "{err}");
        Ok(())
    }
}
