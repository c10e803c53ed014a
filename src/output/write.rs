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

/// Makes `dir` hold exactly `expected`, and returns what changed.
///
/// The new tree is written beside `dir` and swapped in with renames, so a failure part-way
/// leaves the previous tree in place; an unchanged tree is not touched at all. A directory
/// holding `.git`, or files rustomize did not write, is refused (see [`Generate::force`]).
pub fn generate(dir: &Path, expected: &Files) -> Result<Drift, Error> {
    Generate::default().run(dir, expected)
}

/// How [`generate`] treats the directory it writes.
#[derive(Clone, Copy, Debug, Default)]
pub struct Generate {
    /// Replace files that do not start with rustomize's header too (never a `.git`).
    pub force: bool,
}

impl Generate {
    /// [`generate`] with these settings.
    pub fn run(self, dir: &Path, expected: &Files) -> Result<Drift, Error> {
        let dir = real_dir(dir)?;
        let lock = lock(&dir)?;
        self.run_locked(&lock, &dir, expected, None)
    }

    /// [`Generate::run`] under a [`TreeLock`] the caller already holds (`set-image` holds
    /// it across its read, edit and regenerate), failing on purpose after `fail_after` files
    /// in tests.
    pub(crate) fn run_locked(
        self,
        _lock: &TreeLock,
        dir: &Path,
        expected: &Files,
        fail_after: Option<usize>,
    ) -> Result<Drift, Error> {
        let dir = &real_dir(dir)?;
        for rel in expected.keys() {
            crate::safe::relative_path(rel).map_err(|why| unsafe_path(dir, rel, &why))?;
        }
        let staging = sibling(dir, "new");
        let old = sibling(dir, "old");
        recover(dir, &old)?;
        refuse_repository(dir)?;
        let on_disk = read_tree(dir)?;
        let local: Vec<(String, Vec<u8>)> = on_disk
            .iter()
            .filter(|(p, _)| is_local_env(p))
            .map(|(p, b)| (p.clone(), b.clone()))
            .collect();
        if !self.force {
            let foreign: Vec<&String> = on_disk
                .iter()
                .filter(|(p, bytes)| !is_local_env(p) && !is_ours(bytes))
                .map(|(p, _)| p)
                .collect();
            if !foreign.is_empty() {
                return Err(foreign_files(dir, &foreign));
            }
        }
        let drift = compare(on_disk, expected);
        if drift.is_clean() {
            return Ok(drift);
        }
        for leftover in [&staging, &old] {
            if leftover.exists() {
                fs::remove_dir_all(leftover).map_err(|e| Error::io("remove", leftover, e))?;
            }
        }
        let written = write_all(&staging, expected, fail_after).and_then(|()| {
            // A Compose tree's `.env` lives beside its Compose file: it survives the swap.
            let kept: Files = local
                .into_iter()
                .map(|(p, b)| (p, String::from_utf8_lossy(&b).into_owned()))
                .collect();
            write_all(&staging, &kept, None)
        });
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
}

/// [`generate`], failing on purpose after `fail_after` files, so tests can prove a failure
/// part-way leaves the previous tree intact.
#[cfg(test)]
pub(crate) fn generate_failing_after(
    dir: &Path,
    expected: &Files,
    fail_after: Option<usize>,
) -> Result<Drift, Error> {
    let dir = real_dir(dir)?;
    let lock = lock(&dir)?;
    Generate::default().run_locked(&lock, &dir, expected, fail_after)
}

/// Whether `rel` is a Compose tree's own `.env` (or `.env.local`, …): the user's values,
/// which Compose reads beside its file. Never compared, printed, replaced or removed.
pub(crate) fn is_local_env(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    (name == ".env" || name.starts_with(".env.")) && !name.ends_with(".example")
}

/// Whether a file's bytes start as every file rustomize writes starts: the generated header,
/// or the heading of a `secrets.env.example`.
fn is_ours(bytes: &[u8]) -> bool {
    bytes.starts_with(b"# Generated by rustomize") || bytes.starts_with(b"# Secrets of target `")
}

/// A tree whose previous swap was cut short between its two renames (the fallback where the
/// atomic exchange is missing) has no directory, only the previous tree beside it: put it back.
fn recover(dir: &Path, old: &Path) -> Result<(), Error> {
    if !dir.exists() && old.is_dir() {
        fs::rename(old, dir).map_err(|e| Error::io("restore", old, e))?;
    }
    Ok(())
}

/// Refuses to write over a repository (or any directory holding `.git`), whatever `force`.
fn refuse_repository(dir: &Path) -> Result<(), Error> {
    if dir.join(".git").exists() {
        return Err(Error::Invalid(vec![crate::error::Diagnostic {
            object: format!("`{}`", dir.display()),
            message: format!(
                "`{}` holds `.git`: it is a repository, not a generated tree, and generating would replace it",
                dir.display()
            ),
            expected: Some("a directory of generated files, such as `generated/`".into()),
            help: Some("point `--dir` (or `Project::new`) at a directory of its own".into()),
            ..Default::default()
        }]));
    }
    Ok(())
}

fn foreign_files(dir: &Path, foreign: &[&String]) -> Error {
    let mut listed: Vec<String> =
        foreign.iter().take(5).map(|p| format!("`{}`", crate::safe::shown(p))).collect();
    if foreign.len() > 5 {
        listed.push(format!("and {} more", foreign.len() - 5));
    }
    Error::Invalid(vec![crate::error::Diagnostic {
        object: format!("`{}`", dir.display()),
        message: format!(
            "`{}` holds {} file{} rustomize did not write: {}",
            dir.display(),
            foreign.len(),
            if foreign.len() == 1 { "" } else { "s" },
            listed.join(", ")
        ),
        expected: Some("only files that start with rustomize's generated header".into()),
        help: Some(
            "move them out of the tree, or pass `--force` to replace them with the generated tree"
                .into(),
        ),
        ..Default::default()
    }])
}

fn unsafe_path(dir: &Path, rel: &str, why: &str) -> Error {
    Error::Io {
        action: "write",
        path: dir.join(crate::safe::shown(rel)),
        source: std::io::Error::other(format!(
            "refused: {why}; files are only written below the tree"
        )),
    }
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
            let path = crate::safe::join(dir, rel).map_err(|why| unsafe_path(dir, rel, &why))?;
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
            }
            let tmp = path.with_extension("rustomize-tmp");
            fs::write(&tmp, bytes).map_err(|e| Error::io("write", &tmp, e))?;
            fs::rename(&tmp, &path).map_err(|e| Error::io("rename", &tmp, e))?;
        }
    }
    for rel in have.keys().filter(|k| !want.contains_key(*k)) {
        let path = crate::safe::join(dir, rel).map_err(|why| unsafe_path(dir, rel, &why))?;
        fs::remove_file(&path).map_err(|e| Error::io("remove", &path, e))?;
    }
    Ok(())
}

/// An exclusive claim on a tree while it is written, so two runs (an editor's save hook and
/// a terminal, two `set-image`s) never interleave. It is the operating system's lock on the
/// directory that holds the tree, so it leaves no file behind and ends with its process: a
/// killed run never blocks the next.
#[derive(Debug)]
pub struct TreeLock {
    _dir: fs::File,
}

/// Waits for and takes the [`TreeLock`] of the tree at `dir`.
pub fn lock(dir: &Path) -> Result<TreeLock, Error> {
    let dir = real_dir(dir)?;
    let parent = dir.parent().ok_or_else(|| no_parent(&dir))?;
    let handle = fs::File::open(parent).map_err(|e| Error::io("lock", parent, e))?;
    handle.lock().map_err(|e| Error::io("lock", parent, e))?;
    Ok(TreeLock { _dir: handle })
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
        let path = crate::safe::join(root, rel).map_err(|why| unsafe_path(root, rel, &why))?;
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

    /// Files as rustomize writes them: each starts with the generated header.
    fn files(pairs: &[(&str, &str)]) -> Files {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), format!("{}{v}", HEADER))).collect()
    }

    const HEADER: &str = "# Generated by rustomize. Do not edit.\n";

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
mod guards {
    use super::*;

    fn tree(pairs: &[(&str, &str)]) -> Files {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), format!("# Generated by rustomize\n{v}")))
            .collect()
    }

    fn tmp() -> Result<tempfile::TempDir, Error> {
        tempfile::tempdir().map_err(|e| Error::io("create", "tmp", e))
    }

    fn write(path: &Path, text: &str) -> Result<(), Error> {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
        }
        fs::write(path, text).map_err(|e| Error::io("write", path, e))
    }

    #[test]
    fn a_repository_is_never_replaced_even_with_force() -> Result<(), Error> {
        let repo = tmp()?;
        write(&repo.path().join(".git/HEAD"), "ref: refs/heads/main\n")?;
        write(&repo.path().join("Cargo.toml"), "[package]\n")?;
        for force in [false, true] {
            let err = Generate { force }.run(repo.path(), &tree(&[("a.yaml", "a: 1\n")]));
            let text = err.err().map(|e| e.to_string()).unwrap_or_default();
            assert!(text.contains("holds `.git`"), "{text}");
        }
        assert!(repo.path().join("Cargo.toml").exists() && repo.path().join(".git/HEAD").exists());
        assert!(!repo.path().join("a.yaml").exists());
        Ok(())
    }

    #[test]
    fn files_rustomize_did_not_write_are_refused_unless_forced() -> Result<(), Error> {
        let tmp = tmp()?;
        let dir = tmp.path().join("generated");
        write(&dir.join("notes.md"), "mine\n")?;
        let want = tree(&[("a.yaml", "a: 1\n")]);
        let err = generate(&dir, &want).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("1 file rustomize did not write: `notes.md`"), "{err}");
        assert!(err.contains("--force"), "{err}");
        assert!(dir.join("notes.md").exists() && !dir.join("a.yaml").exists());
        Generate { force: true }.run(&dir, &want)?;
        assert_eq!(read_tree(&dir)?.into_keys().collect::<Vec<_>>(), ["a.yaml"]);
        Ok(())
    }

    #[test]
    fn a_compose_env_file_survives_generate_and_is_never_compared() -> Result<(), Error> {
        let tmp = tmp()?;
        let dir = tmp.path().join("generated");
        generate(&dir, &tree(&[("local/compose.yaml", "services: {}\n")]))?;
        write(&dir.join("local/.env"), "API_KEY=s3cr3t\n")?;
        assert!(check(&dir, &tree(&[("local/compose.yaml", "services: {}\n")]))?.is_clean());
        let next = tree(&[("local/compose.yaml", "services: {a: {}}\n")]);
        generate(&dir, &next)?;
        let on_disk = read_tree(&dir)?;
        assert_eq!(on_disk.get("local/.env").map(Vec::as_slice), Some(&b"API_KEY=s3cr3t\n"[..]));
        assert!(check(&dir, &next)?.is_clean());
        Ok(())
    }

    #[test]
    fn a_swap_cut_short_between_its_renames_is_recovered() -> Result<(), Error> {
        let tmp = tmp()?;
        let dir = tmp.path().join("generated");
        let old = tree(&[("a.yaml", "a: 1\n"), ("b.yaml", "b: 1\n")]);
        generate(&dir, &old)?;
        // The state a kill leaves between `rename(dir, old)` and `rename(staging, dir)`.
        fs::rename(&dir, sibling(&dir, "old")).map_err(|e| Error::io("rename", &dir, e))?;
        write(&sibling(&dir, "new").join("a.yaml"), "half\n")?;
        let new = tree(&[("a.yaml", "a: 2\n"), ("b.yaml", "b: 1\n")]);
        let drift = generate(&dir, &new)?;
        assert_eq!(drift.changed.len(), 1, "compared with the recovered tree: {drift:?}");
        assert!(drift.missing.is_empty());
        assert!(check(&dir, &new)?.is_clean());
        assert!(!sibling(&dir, "old").exists() && !sibling(&dir, "new").exists());
        Ok(())
    }

    #[test]
    fn paths_that_leave_the_tree_are_refused_before_anything_is_written() -> Result<(), Error> {
        let tmp = tmp()?;
        let dir = tmp.path().join("t").join("generated");
        for rel in ["../../esc/pwn.yaml", "/etc/x.yaml", "a/../../b.yaml", "a\0.yaml", ""] {
            let err = generate(&dir, &tree(&[("ok.yaml", "a: 1\n"), (rel, "x: 1\n")]));
            assert!(err.is_err(), "{rel:?}");
            assert!(!dir.exists(), "nothing written for {rel:?}");
        }
        assert!(!tmp.path().join("esc").exists());
        Ok(())
    }

    #[test]
    fn a_lock_file_left_by_an_older_version_blocks_nothing() -> Result<(), Error> {
        let tmp = tmp()?;
        let dir = tmp.path().join("generated");
        // Empty, or naming a live process that is not rustomize: both used to block 60 s.
        write(&sibling(&dir, "lock"), "")?;
        generate(&dir, &tree(&[("a.yaml", "a: 1\n")]))?;
        write(&sibling(&dir, "lock"), &std::process::id().to_string())?;
        generate(&dir, &tree(&[("a.yaml", "a: 2\n")]))?;
        assert!(check(&dir, &tree(&[("a.yaml", "a: 2\n")]))?.is_clean());
        Ok(())
    }

    #[test]
    fn a_held_lock_is_released_with_its_holder() -> Result<(), Error> {
        let tmp = tmp()?;
        let dir = tmp.path().join("generated");
        let held = lock(&dir)?;
        drop(held);
        // Taken again at once: nothing was left behind to go stale.
        let _again = lock(&dir)?;
        assert_eq!(fs::read_dir(tmp.path()).map(|d| d.count()).unwrap_or(1), 0);
        Ok(())
    }
}

#[cfg(test)]
mod robustness {
    use super::*;

    fn files(n: usize) -> Files {
        (0..n)
            .map(|i| (format!("t/{i:05}.yaml"), format!("# Generated by rustomize\ni: {i}\n")))
            .collect()
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
