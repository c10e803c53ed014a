//! What `import` reads: a YAML file, a directory of them, a Kustomize directory (built with
//! `kubectl kustomize`) or a stream on stdin, as one list of objects per environment.

use std::io::Read as _;
use std::path::Path;

use serde_json::Value;

use crate::error::{Diagnostic, Error};

/// Largest input accepted, per environment: a rendered chart of a large stack is a few MiB.
const MAX_INPUT: usize = 64 * 1024 * 1024;

/// One object as read.
#[derive(Clone, Debug)]
pub(super) struct Read {
    /// The object.
    pub(super) value: Value,
}

/// Everything one `--env NAME=PATH` holds.
#[derive(Clone, Debug, Default)]
pub(super) struct Input {
    /// The objects, in the order read.
    pub(super) objects: Vec<Read>,
    /// Descriptions of Secrets from a `secrets.env.example` rustomize wrote beside the YAML
    /// (a tree being re-imported), by Secret name.
    pub(super) secret_descriptions: Vec<(String, String)>,
}

/// Reads `path` (`-` for stdin).
pub(super) fn input(path: &str) -> Result<Input, Error> {
    if path == "-" {
        let mut text = String::new();
        std::io::stdin()
            .take(MAX_INPUT as u64 + 1)
            .read_to_string(&mut text)
            .map_err(|e| Error::io("read", Path::new("<stdin>"), e))?;
        return Ok(Input { objects: documents("<stdin>", &text)?, ..Input::default() });
    }
    let p = Path::new(path);
    if p.is_dir() {
        if let Some(kustomization) = ["kustomization.yaml", "kustomization.yml", "Kustomization"]
            .iter()
            .map(|f| p.join(f))
            .find(|f| f.is_file())
        {
            let text = kustomize(p, &kustomization)?;
            return Ok(Input {
                objects: documents(&format!("kubectl kustomize {path}"), &text)?,
                ..Input::default()
            });
        }
        let mut files: Vec<_> = std::fs::read_dir(p)
            .map_err(|e| Error::io("read", p, e))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|f| {
                f.is_file()
                    && f.extension().is_some_and(|x| x == "yaml" || x == "yml" || x == "json")
            })
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(problem(path, "the directory holds no `.yaml`, `.yml` or `.json` file"));
        }
        let mut input = Input::default();
        for f in files {
            input.objects.extend(documents(&f.display().to_string(), &read(&f)?)?);
        }
        let example = p.join("secrets.env.example");
        if example.is_file() {
            input.secret_descriptions = descriptions(&read(&example)?);
        }
        return Ok(input);
    }
    if !p.exists() {
        return Err(problem(path, "no such file or directory"));
    }
    Ok(Input { objects: documents(path, &read(p)?)?, ..Input::default() })
}

fn read(path: &Path) -> Result<String, Error> {
    let bytes = crate::envfile::read_bounded(path, MAX_INPUT)
        .map_err(|m| Error::Invalid(vec![Diagnostic::in_file(path.display().to_string(), 0, m)]))?;
    String::from_utf8(bytes).map_err(|_| problem(&path.display().to_string(), "not valid UTF-8"))
}

fn problem(source: &str, message: &str) -> Error {
    Error::Invalid(vec![Diagnostic::in_file(source, 0, message)])
}

/// `kubectl kustomize DIR`, or a clear error when kubectl is missing or the build fails.
fn kustomize(dir: &Path, kustomization: &Path) -> Result<String, Error> {
    let shown = dir.display().to_string();
    let out = std::process::Command::new("kubectl").arg("kustomize").arg(dir).output();
    let out = match out {
        Ok(out) => out,
        Err(e) => {
            return Err(Error::Invalid(vec![Diagnostic {
                object: format!("`{}`", kustomization.display()),
                message: format!(
                    "building a Kustomize directory needs `kubectl`, which could not be run: {e}"
                ),
                help: Some(format!(
                    "install kubectl, or build it elsewhere and pipe it in: `kustomize build {shown} | … import --env NAME=-`"
                )),
                ..Diagnostic::default()
            }]));
        }
    };
    if !out.status.success() {
        return Err(Error::Invalid(vec![Diagnostic {
            object: format!("`{}`", kustomization.display()),
            message: format!(
                "`kubectl kustomize {shown}` failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ),
            expected: Some("a Kustomize directory that builds".into()),
            ..Diagnostic::default()
        }]));
    }
    String::from_utf8(out.stdout).map_err(|_| problem(&shown, "kubectl printed invalid UTF-8"))
}

/// The objects of a YAML stream; a `List` is expanded as kubectl expands it.
fn documents(source: &str, text: &str) -> Result<Vec<Read>, Error> {
    if text.len() > MAX_INPUT {
        return Err(problem(source, &format!("more than {MAX_INPUT} bytes")));
    }
    let docs = crate::yaml::documents(source, text).map_err(|d| Error::Invalid(vec![*d]))?;
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (i, doc) in docs.into_iter().enumerate().filter(|(_, d)| !d.is_null()) {
        let at = format!("{source} (document {})", i + 1);
        let items = match doc.get("kind").and_then(Value::as_str) {
            Some(k) if k.ends_with("List") && doc.get("items").is_some() => {
                doc.get("items").and_then(Value::as_array).cloned().unwrap_or_default()
            }
            _ => vec![doc],
        };
        for item in items {
            match check(&item) {
                Ok(()) => out.push(Read { value: item }),
                Err(m) => errors.push(Diagnostic::in_file(&at, 0, m)),
            }
        }
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    if out.is_empty() {
        return Err(problem(source, "no Kubernetes object (the input is empty or only comments)"));
    }
    Ok(out)
}

fn check(v: &Value) -> Result<(), String> {
    let Value::Object(map) = v else {
        return Err("expected a Kubernetes object (a mapping with `apiVersion` and `kind`)".into());
    };
    for key in ["apiVersion", "kind"] {
        if map.get(key).and_then(Value::as_str).is_none_or(str::is_empty) {
            return Err(format!("the object has no `{key}`; expected a Kubernetes object"));
        }
    }
    if v.pointer("/metadata/name").and_then(Value::as_str).is_none_or(str::is_empty) {
        return Err("the object has no `metadata.name`".into());
    }
    Ok(())
}

/// `# Secret `NAME`: DESCRIPTION` lines of a rustomize `secrets.env.example`.
fn descriptions(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|l| l.strip_prefix("# Secret `"))
        .filter_map(|l| l.split_once("`: "))
        .map(|(name, d)| (name.to_owned(), d.to_owned()))
        .collect()
}
