//! `crd DIR --out DIR [--check]`: Rust types from the CRDs a project vendors, written (or
//! checked, like `generated/`) where the project keeps them.

use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error};

/// Generates the types of the CRDs in `dir` into `out`, or (`check`) reports whether `out`
/// holds exactly them: exit 0 when it does, 1 when it drifted.
pub(super) fn crd(dirs: &[PathBuf], out: &Path, check: bool) -> Result<u8, Error> {
    let mut yaml = Vec::new();
    for dir in dirs {
        yaml.extend(crate::crd::read_dir(dir)?);
    }
    let files = crate::crd::generate(&yaml)?;
    let dir = dirs.iter().map(|d| format!("{}", d.display())).collect::<Vec<_>>().join(" ");
    let existing = generated_in(out)?;
    let changed: Vec<&String> = files
        .iter()
        .filter(|(name, text)| existing.get(*name) != Some(text))
        .map(|(n, _)| n)
        .collect();
    let stale: Vec<&String> = existing.keys().filter(|name| !files.contains_key(*name)).collect();
    let shown = out.display();
    if check {
        if changed.is_empty() && stale.is_empty() {
            eprintln!("`{shown}` is up to date ({} files)", files.len());
            return Ok(0);
        }
        for name in &changed {
            eprintln!("error: `{shown}/{name}` differs from the types of the CRDs in `{dir}`");
        }
        for name in &stale {
            eprintln!("error: `{shown}/{name}` was generated from a CRD that is gone");
        }
        eprintln!("help: run `rustomize crd {dir} --out {shown}` and commit the result");
        return Ok(1);
    }
    std::fs::create_dir_all(out).map_err(|e| Error::io("create", out, e))?;
    for name in &changed {
        let path =
            crate::safe::join(out, name).map_err(|why| usage(&format!("`{name}`: {why}")))?;
        super::write_atomically(&path, &files[*name])?;
    }
    for name in &stale {
        let path = out.join(name);
        std::fs::remove_file(&path).map_err(|e| Error::io("remove", &path, e))?;
    }
    eprintln!(
        "wrote `{shown}`: {} changed, {} removed ({} files)",
        changed.len(),
        stale.len(),
        files.len()
    );
    Ok(0)
}

/// The files in `out` that `crd` wrote (they start with its header), by name.
fn generated_in(out: &Path) -> Result<std::collections::BTreeMap<String, String>, Error> {
    let mut found = std::collections::BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(out) else { return Ok(found) };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".rs") || !path.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io("read", &path, e))?;
        if text.starts_with(crate::crd::HEADER) {
            found.insert(name, text);
        }
    }
    Ok(found)
}

fn usage(message: &str) -> Error {
    Error::Usage(Box::new(Diagnostic { message: message.to_owned(), ..Diagnostic::default() }))
}
