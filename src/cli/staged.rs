//! `check --staged`: git's index against the render, so what is committed is what was checked.

use crate::error::{Diagnostic, Error};
use crate::output;

/// Fails unless git's index holds, under `dir`, exactly the files of the render: compared by
/// blob id, so `.gitignore`, `--assume-unchanged` and `--skip-worktree` change nothing.
pub(super) fn staged_check(
    dir: &std::path::Path,
    shown: &str,
    files: &output::TreeFiles,
) -> Result<u8, Error> {
    let dir = &std::fs::canonicalize(dir).map_err(|e| Error::io("read", dir, e))?;
    let git = |args: &[&str]| -> Result<String, Error> {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .output()
            .map_err(|e| Error::io("run `git` in", dir, e))?;
        if !out.status.success() {
            return Err(Error::Usage(Box::new(Diagnostic {
                object: format!("`{shown}`"),
                message: format!(
                    "`check --staged` needs a git repository: {}",
                    String::from_utf8_lossy(&out.stderr).trim()
                ),
                ..Diagnostic::default()
            })));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    // `dir`'s path inside the repository, as the index spells paths.
    let prefix = git(&["rev-parse", "--show-prefix"])?.trim_end_matches('\n').to_owned();
    let sha256 = git(&["rev-parse", "--show-object-format"])?.trim() == "sha256";
    let listed = git(&["ls-files", "-z", "--stage", "--full-name", "--", "."])?;
    let mut index = std::collections::BTreeMap::new();
    for entry in listed.split('\0').filter(|e| !e.is_empty()) {
        // `MODE OBJECT STAGE\tPATH`
        let Some((meta, path)) = entry.split_once('\t') else { continue };
        let object = meta.split(' ').nth(1).unwrap_or_default().to_owned();
        let rel = path.strip_prefix(prefix.as_str()).unwrap_or(path).to_owned();
        index.insert(rel, object);
    }
    let mut problems = Vec::new();
    for (rel, body) in files {
        let path = format!("{prefix}{rel}");
        match index.remove(rel) {
            None => problems.push(format!(
                "error: `{path}` is generated but not in git's index, so the commit would lack it"
            )),
            Some(object) if object != blob_id(body.as_bytes(), sha256) => problems.push(format!(
                "error: `{path}` is staged in another version than the render, so the commit would hold that one"
            )),
            Some(_) => {}
        }
    }
    for rel in index.into_keys().filter(|rel| !output::is_local_env(rel)) {
        problems.push(format!(
            "error: `{prefix}{rel}` is in git's index but no longer generated, so the commit would keep it"
        ));
    }
    if problems.is_empty() {
        return Ok(0);
    }
    for problem in problems {
        eprintln!("{problem}");
    }
    eprintln!(
        "help: run `git add --force --all {shown}` (and `git update-index --no-assume-unchanged --no-skip-worktree` on any file marked so), then commit again"
    );
    Ok(1)
}

/// Git's id of a blob holding `bytes` (SHA-1, or SHA-256 in a repository that uses it).
fn blob_id(bytes: &[u8], sha256: bool) -> String {
    let header = format!("blob {}\0", bytes.len());
    let hex = |digest: &[u8]| digest.iter().map(|b| format!("{b:02x}")).collect::<String>();
    if sha256 {
        use sha2::Digest as _;
        let mut h = sha2::Sha256::new();
        h.update(header.as_bytes());
        h.update(bytes);
        hex(&h.finalize())
    } else {
        use sha1::Digest as _;
        let mut h = sha1::Sha1::new();
        h.update(header.as_bytes());
        h.update(bytes);
        hex(&h.finalize())
    }
}
