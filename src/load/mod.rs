//! Load: what is read from disk before a render (raw YAML, image files), checked and located.

pub(crate) mod images;
pub(crate) mod raw;

use std::path::{Path, PathBuf};

/// The files directly in `dir` whose extension is one of `extensions`, sorted: a directory
/// of YAML read in the same order on every machine.
pub(crate) fn files_in(dir: &Path, extensions: &[&str]) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|f| {
            f.is_file() && f.extension().is_some_and(|x| extensions.iter().any(|e| x == *e))
        })
        .collect();
    files.sort();
    Ok(files)
}
