//! The house rule: data flows one way, and a module of `src/` imports only modules below it.
//! This test reads the source, so a new import that points upward fails here, not in review.

use std::collections::BTreeSet;
use std::path::Path;

use crate::root;

/// Top-level modules of `src/`, lowest first. Leaves, then declarations, then the stages in
/// the order data flows through them; `output` is a sink the drivers call, so it sits below
/// `pipeline` and imports only leaves.
const LAYERS: &[&[&str]] = &[
    &["safe"],
    &["error", "parallel", "printer"],
    &["object", "hash"],
    &["yaml", "envfile"],
    &["model"],
    &["template"],
    &["load"],
    &["validate"],
    &["render"],
    &["compose"],
    &["transform"],
    &["secrets", "gitops"],
    &["output"],
    &["pipeline"],
    &["diff", "explain", "crd"],
    &["import"],
    &["cli", "guide"],
];

fn rank(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The top-level modules a source file names through `crate::…`, outside comments.
fn imports(source: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in source.lines() {
        let code = line.split("//").next().unwrap_or_default();
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            if let Some(list) = rest.strip_prefix('{') {
                // `crate::{a, b::c, d}`: the first segment of each item at depth one.
                let mut depth = 0;
                let mut item = String::new();
                for c in list.chars() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => break,
                        '}' => depth -= 1,
                        ',' if depth == 0 => {
                            out.insert(first_segment(&item));
                            item.clear();
                            continue;
                        }
                        _ => {}
                    }
                    item.push(c);
                }
                out.insert(first_segment(&item));
            } else {
                out.insert(first_segment(rest));
            }
        }
    }
    out.retain(|m| !m.is_empty());
    out
}

fn first_segment(path: &str) -> String {
    path.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect()
}

/// `(file, importer, imported)` for every import that points upward or sideways between
/// modules of `src`.
fn violations(src: &Path) -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let relative = path.strip_prefix(src).unwrap_or(&path);
            let top = relative.components().next().map_or(String::new(), |c| {
                c.as_os_str().to_string_lossy().trim_end_matches(".rs").to_owned()
            });
            let Some(own) = rank(&top) else { continue }; // lib.rs and main.rs sit above all
            let source = std::fs::read_to_string(&path).unwrap_or_default();
            for imported in imports(&source) {
                if imported == top {
                    continue;
                }
                // Root re-exports (`crate::App`) are the model's vocabulary.
                let theirs = rank(&imported).unwrap_or_else(|| rank("model").unwrap_or(0));
                if theirs >= own {
                    found.push((relative.display().to_string(), top.clone(), imported));
                }
            }
        }
    }
    found.sort();
    found
}

#[test]
fn no_module_imports_one_above_it() {
    let found = violations(&root().join("src"));
    let lines: Vec<String> =
        found.iter().map(|(file, from, to)| format!("{file}: `{from}` imports `{to}`")).collect();
    assert!(lines.is_empty(), "imports that point upward:\n{}", lines.join("\n"));
}

#[test]
fn every_module_of_src_has_a_layer() {
    let mut unknown = Vec::new();
    for entry in std::fs::read_dir(root().join("src")).unwrap_or_else(|e| panic!("{e}")) {
        let name = entry.unwrap_or_else(|e| panic!("{e}")).file_name();
        let name = name.to_string_lossy().trim_end_matches(".rs").to_owned();
        if !["lib", "main"].contains(&name.as_str()) && rank(&name).is_none() {
            unknown.push(name);
        }
    }
    assert!(unknown.is_empty(), "modules without a layer in LAYERS: {unknown:?}");
}

#[test]
fn the_checker_sees_upward_and_listed_imports() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir(tmp.path().join("render")).unwrap_or_else(|e| panic!("{e}"));
    let upward = "use crate::{model::App, pipeline};\n// crate::cli in a comment is fine\n";
    std::fs::write(tmp.path().join("render/mod.rs"), upward).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(tmp.path().join("yaml.rs"), "use crate::error::Diagnostic;\n")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        violations(tmp.path()),
        [("render/mod.rs".to_owned(), "render".to_owned(), "pipeline".to_owned())]
    );
}
