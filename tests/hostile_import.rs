//! A hostile corpus through `import` and `generate`: names, kinds, strings, sizes and paths
//! that tried to become code, comments or file paths. Each input is refused with a located
//! error and nothing written, or imported; then every Rust file of the project parses with
//! `syn`, no identifier carries input text (only string literals and validated identifiers
//! do), every `include_str!` stays inside the project, and the imported inputs compile
//! together as one project whose `check` passes.

use std::path::{Path, PathBuf};

use proc_macro2::TokenTree;
use quote::ToTokens;
use serde_json::{Value, json};

use rustomize::import::{Options, import};
use rustomize::{Environment, Project, RawYaml};

use crate::root;

/// In every payload: an identifier holding it (in any case but this mixed one, which no
/// validated identifier has) means input text became code.
const MARK: &str = "PwNeD";

/// Strings that end a literal, a comment or a line, or reach a path, a shell or a template.
fn payloads() -> Vec<String> {
    vec![
        format!("x.yaml\")); {MARK}(); //"),
        format!("*/ {MARK}(); /*"),
        format!("a\n{MARK}(); //"),
        format!("\"#; {MARK}(); r#\""),
        format!("a\r\nfn {MARK}() {{}}"),
        format!("\u{202e}{MARK}"),
        format!("$({MARK}) ${{{MARK}}}"),
        format!("{{{{ {MARK} }}}}"),
        format!("\\\"); {MARK}(); (\""),
        MARK.repeat(20_000),
        format!("a\u{0}{MARK}"),
        format!("'; {MARK}(); '"),
        format!("../../../../{MARK}"),
        format!("/etc/{MARK}"),
        format!("{MARK}\u{2028}line"),
        format!("}}}} {MARK}(); {{{{"),
        format!("\")]\n#![{MARK}]"),
        format!("line one of a long file\n\u{202e}{MARK}\"# r#\"\n{}", "x".repeat(60)),
        format!("line one of a long file\n\u{202e}{MARK}\n{}", "x".repeat(60)),
    ]
}

/// A small stack (Deployment, Service, ConfigMap, custom resource) with `payload` at one
/// place.
fn stack(place: &str, payload: &str) -> Vec<Value> {
    let mut deployment = json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "web", "labels": {"app": "web"}},
        "spec": {
            "replicas": 1,
            "selector": {"matchLabels": {"app": "web"}},
            "template": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {"containers": [{
                    "name": "web", "image": "nginx:1.27",
                    "ports": [{"name": "http", "containerPort": 8080}],
                    "env": [{"name": "MODE", "value": "prod"}],
                    "args": ["--port=8080"],
                }]},
            },
        },
    });
    let mut service = json!({
        "apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"},
        "spec": {"selector": {"app": "web"}, "ports": [{"name": "http", "port": 80, "targetPort": "http"}]},
    });
    let mut config = json!({
        "apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "web-config"},
        "data": {"mode": "prod"},
    });
    let mut custom = json!({
        "apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"},
        "spec": {"size": "small"},
    });
    let p = json!(payload);
    let container = "/spec/template/spec/containers/0";
    let set = |v: &mut Value, pointer: &str, value: Value| {
        if let Some(slot) = v.pointer_mut(pointer) {
            *slot = value;
        }
    };
    match place {
        "deployment name" => set(&mut deployment, "/metadata/name", p),
        "config name" => set(&mut config, "/metadata/name", p),
        "custom name" => set(&mut custom, "/metadata/name", p),
        "kind" => set(&mut custom, "/kind", p),
        "api version" => set(&mut custom, "/apiVersion", p),
        "namespace" => set(&mut config, "/metadata/namespace", p),
        "label value" => set(&mut deployment, "/metadata/labels/tier", p),
        "label key" => {
            let labels = deployment.pointer_mut("/metadata/labels").and_then(Value::as_object_mut);
            labels.map(|l| l.insert(payload.to_owned(), json!("x")));
        }
        "annotation key" => set(&mut deployment, "/metadata/annotations", json!({ payload: "x" })),
        "annotation value" => set(&mut deployment, "/metadata/annotations", json!({"note": p})),
        "data key" => set(&mut config, "/data", json!({ payload: "x" })),
        "data value" => set(&mut config, "/data/mode", p),
        "container name" => set(&mut deployment, &format!("{container}/name"), p),
        "image" => set(&mut deployment, &format!("{container}/image"), p),
        "env name" => set(&mut deployment, &format!("{container}/env/0/name"), p),
        "env value" => set(&mut deployment, &format!("{container}/env/0/value"), p),
        "argument" => set(&mut deployment, &format!("{container}/args/0"), p),
        "command" => set(&mut deployment, &format!("{container}/command"), json!([p])),
        "port name" => set(&mut service, "/spec/ports/0/name", p),
        "custom value" => set(&mut custom, "/spec/size", p),
        "custom field" => set(&mut custom, "/spec", json!({ payload: 1 })),
        other => panic!("no place `{other}`"),
    }
    vec![deployment, service, config, custom]
}

const PLACES: &[&str] = &[
    "deployment name",
    "config name",
    "custom name",
    "kind",
    "api version",
    "namespace",
    "label value",
    "label key",
    "annotation key",
    "annotation value",
    "data key",
    "data value",
    "container name",
    "image",
    "env name",
    "env value",
    "argument",
    "command",
    "port name",
    "custom value",
    "custom field",
];

/// Every input: each place with three payloads, taken in turn so each payload meets
/// several places.
fn corpus() -> Vec<(String, String)> {
    let payloads = payloads();
    let mut out = Vec::new();
    for (i, place) in PLACES.iter().enumerate() {
        for j in 0..3 {
            let payload = &payloads[(3 * i + j) % payloads.len()];
            let docs: Vec<String> = stack(place, payload)
                .iter()
                .map(|d| serde_json::to_string(d).unwrap_or_default())
                .collect();
            out.push((format!("{place} #{j}"), docs.join("\n---\n")));
        }
    }
    // A config value is where long and multi-line text lands (as a constant): every payload.
    for (j, payload) in payloads.iter().enumerate() {
        let docs: Vec<String> = stack("data value", payload)
            .iter()
            .map(|d| serde_json::to_string(d).unwrap_or_default())
            .collect();
        out.push((format!("data value, payload {j}"), docs.join("\n---\n")));
    }
    out
}

fn options(envs: Vec<(String, String)>, out: &Path) -> Options {
    Options {
        envs,
        out: out.to_owned(),
        rustomize_path: Some(root().to_owned()),
        ..Options::default()
    }
}

/// Every path under `dir`.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        out.push(path.clone());
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            walk(&path, out);
        }
    }
}

/// The problems of one imported project's Rust: identifiers that hold input text, and
/// `include_str!` paths that leave the project.
fn code_problems(project: &Path) -> Vec<String> {
    let mut files = Vec::new();
    walk(&project.join("src"), &mut files);
    let mut problems = Vec::new();
    for file in files.iter().filter(|f| f.extension().is_some_and(|x| x == "rs")) {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let parsed = match syn::parse_file(&text) {
            Ok(parsed) => parsed,
            Err(e) => {
                problems.push(format!("{}: does not parse: {e}", file.display()));
                continue;
            }
        };
        let tokens: Vec<TokenTree> = parsed.to_token_stream().into_iter().collect();
        inspect(&tokens, file, project, &mut problems);
    }
    problems
}

/// Walks `tokens` in order: an identifier holding input is a problem, and so is an
/// `include_str!`/`include_bytes!`/`include!` whose path leaves `project`.
fn inspect(tokens: &[TokenTree], file: &Path, project: &Path, problems: &mut Vec<String>) {
    for (i, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Group(g) => {
                let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                inspect(&inner, file, project, problems);
            }
            TokenTree::Ident(ident) => {
                let name = ident.to_string();
                if name.contains(MARK) {
                    problems.push(format!("{}: identifier `{name}` from input", file.display()));
                }
                let include = matches!(name.as_str(), "include_str" | "include_bytes" | "include");
                let bang =
                    matches!(tokens.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!');
                if let (true, true, Some(TokenTree::Group(args))) =
                    (include, bang, tokens.get(i + 2))
                {
                    let literal =
                        args.stream().into_iter().next().map(|t| t.to_string()).unwrap_or_default();
                    let path = syn::parse_str::<syn::LitStr>(&literal)
                        .map(|l| l.value())
                        .unwrap_or_default();
                    let joined = file.parent().map(|d| d.join(&path)).unwrap_or_default();
                    let inside = std::fs::canonicalize(&joined).is_ok_and(|p| {
                        p.starts_with(std::fs::canonicalize(project).unwrap_or_default())
                    });
                    if !inside {
                        problems.push(format!(
                            "{}: `{name}!({literal})` leaves the project",
                            file.display()
                        ));
                    }
                }
            }
            TokenTree::Literal(_) | TokenTree::Punct(_) => {}
        }
    }
}

#[test]
fn a_hostile_corpus_is_refused_or_imported_as_inert_code_that_compiles() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let inputs = tmp.path().join("inputs");
    std::fs::create_dir_all(&inputs).unwrap_or_else(|e| panic!("{e}"));
    let corpus = corpus();
    assert!(corpus.len() >= 50, "{} inputs", corpus.len());
    let mut imported = Vec::new();
    let mut refused = 0;
    for (i, (what, text)) in corpus.iter().enumerate() {
        let input = inputs.join(format!("{i:03}.yaml"));
        std::fs::write(&input, text).unwrap_or_else(|e| panic!("{e}"));
        let out = tmp.path().join("out").join(format!("p{i:03}"));
        let env = vec![("hostile".to_owned(), input.display().to_string())];
        match import(&options(env, &out)) {
            Err(e) => {
                let message = e.to_string();
                assert!(!out.exists(), "{what}: refused but `{}` was written", out.display());
                let located =
                    message.contains(&input.display().to_string()) || message.contains('`');
                assert!(located, "{what}: the error names no file or object: {message}");
                assert!(!message.contains('\u{0}'), "{what}: a raw NUL reached the message");
                refused += 1;
            }
            Ok(_) => {
                let problems = code_problems(&out);
                assert!(problems.is_empty(), "{what}:\n{}", problems.join("\n"));
                imported.push(input.display().to_string());
            }
        }
    }
    // Nothing outside the two folders the test made, and no staging copy left behind.
    let mut all = Vec::new();
    walk(tmp.path(), &mut all);
    for path in &all {
        let rel = path.strip_prefix(tmp.path()).unwrap_or(path);
        assert!(
            rel.starts_with("inputs") || rel.starts_with("out"),
            "written outside the targets: {}",
            path.display()
        );
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        assert!(!name.contains(MARK), "a file named from input: {}", path.display());
    }
    assert!(refused > 0 && imported.len() > 10, "{refused} refused, {} imported", imported.len());
    eprintln!(
        "hostile corpus: {} inputs, {refused} refused, {} imported",
        corpus.len(),
        imported.len()
    );

    // Every imported input, as environments of one project: one compile for all.
    let together = tmp.path().join("out").join("together");
    let envs = imported.iter().enumerate().map(|(i, p)| (format!("e{i}"), p.clone())).collect();
    import(&options(envs, &together)).unwrap_or_else(|e| panic!("together: {e}"));
    assert!(code_problems(&together).is_empty());
    assert!(
        crate::imported_project_checks(&together),
        "the imported corpus does not compile or does not pass its check"
    );
}

/// A project of one environment holding `raw` as vendor YAML, or with `tree` as its tree.
fn project(dir: &Path, raw: Option<String>, tree: &str) -> Project {
    let env = Environment {
        name: "t".into(),
        tree: tree.into(),
        raw: raw.map(|r| vec![RawYaml::inline("vendor.yaml", &r)]).unwrap_or_default(),
        ..Environment::default()
    };
    Project::new(dir, vec![env])
}

#[test]
fn a_hostile_corpus_through_generate_writes_only_inside_the_tree() {
    let payloads = payloads();
    let mut cases: Vec<(String, Option<String>, String)> = Vec::new();
    for (i, field) in
        ["name", "kind", "apiVersion", "namespace", "label", "annotation"].iter().enumerate()
    {
        for j in 0..3 {
            let p = &payloads[(3 * i + j) % payloads.len()];
            let mut doc = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"k": "v"}});
            match *field {
                "name" => doc["metadata"]["name"] = json!(p),
                "kind" => doc["kind"] = json!(p),
                "apiVersion" => doc["apiVersion"] = json!(p),
                "namespace" => doc["metadata"]["namespace"] = json!(p),
                "label" => doc["metadata"]["labels"] = json!({"x": p}),
                _ => doc["metadata"]["annotations"] = json!({"x": p}),
            }
            cases.push((format!("{field} #{j}"), Some(doc.to_string()), "t".into()));
        }
    }
    for tree in ["../escape", "/etc", "a/../../b", "a\u{0}b", "a\\..\\b", "", "./a"] {
        cases.push((format!("tree {tree:?}"), None, tree.to_owned()));
    }
    let big = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "big"}, "data": {"k": "x".repeat(rustomize::MAX_RAW_BYTES)}});
    cases.push(("size".into(), Some(big.to_string()), "t".into()));
    assert!(cases.len() >= 20, "{} inputs", cases.len());
    for (what, raw, tree) in cases {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let dir = tmp.path().join("repo").join("generated");
        let result = rustomize::render_all(&project(&dir, raw, &tree))
            .and_then(|files| rustomize::output::generate(&dir, &files));
        let mut all = Vec::new();
        walk(tmp.path(), &mut all);
        match result {
            Err(e) => {
                let message = e.to_string();
                assert!(message.contains('`'), "{what}: the error names nothing: {message}");
                assert!(all.is_empty(), "{what}: refused, yet wrote {all:?}");
            }
            Ok(_) => {
                for path in &all {
                    assert!(
                        path.starts_with(&dir) || *path == tmp.path().join("repo"),
                        "{what}: wrote outside the tree: {}",
                        path.display()
                    );
                }
            }
        }
    }
}

#[test]
fn the_inspection_sees_an_include_that_leaves_the_project_and_an_identifier_from_input() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let project = tmp.path().join("p");
    std::fs::create_dir_all(project.join("src")).unwrap_or_else(|e| panic!("{e}"));
    let file = project.join("src/main.rs");
    let code = format!("fn main() {{ let _ = include_str!(\"../../outside.yaml\"); {MARK}(); }}");
    std::fs::write(tmp.path().join("outside.yaml"), "x").unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&file, &code).unwrap_or_else(|e| panic!("{e}"));
    let problems = code_problems(&project).join("\n");
    assert!(
        problems.contains("include_str!(\"../../outside.yaml\")` leaves the project"),
        "{problems}"
    );
    assert!(problems.contains(&format!("identifier `{MARK}` from input")), "{problems}");
}
