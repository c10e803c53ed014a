//! What `import` reads: a YAML file, a directory of them, a Kustomize directory (built with
//! `kubectl kustomize`) or a stream on stdin, as one list of objects per environment.

use std::io::Read as _;
use std::path::Path;

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::Deserialize as _;
use serde_json::Value;

use crate::error::{Diagnostic, Error};
use crate::object::{Kind, Object};

/// Largest input accepted, per environment: a rendered chart of a large stack is a few MiB.
const MAX_INPUT: usize = 64 * 1024 * 1024;

/// Most objects accepted per environment, whether they come as documents of a stream or as
/// the items of a `List`: one limit for both, well above a large stack's few thousand.
pub(crate) const MAX_OBJECTS: usize = crate::yaml::MAX_DOCUMENTS;

/// One object as read: as written, and typed once.
#[derive(Clone, Debug)]
pub(super) struct Read {
    /// The object as written: what verification compares a render with, and what a kept
    /// object keeps (explicit `null`s and all).
    pub(super) value: Value,
    /// The same object typed: as its k8s-openapi type when its kind is one of the crate's,
    /// else its metadata alone. Conversion reads this, never `value`'s fields.
    pub(super) typed: Typed,
}

/// An object read as the crate's types.
#[derive(Clone, Debug)]
pub(super) enum Typed {
    /// One of the crate's typed kinds ([`crate::object::visit_type`]); boxed, since an
    /// `Object` is a few KiB wide whatever its kind.
    Object(Box<Object>),
    /// Any other kind (a custom resource, an `APIService`): its metadata.
    Other(Box<ObjectMeta>),
}

impl Read {
    /// Checks `value` and reads it as the crate's types: a name, namespace or field of the
    /// wrong shape is an error saying so (what `kubectl apply` would refuse).
    pub(super) fn new(value: Value) -> Result<Read, String> {
        let typed = check(&value)?;
        Ok(Read { value, typed })
    }

    /// The object as `K`, when it is one.
    pub(super) fn get<K: Kind>(&self) -> Option<&K> {
        match &self.typed {
            Typed::Object(o) => K::from_object(o),
            Typed::Other(_) => None,
        }
    }

    /// Whether the object is of one of the crate's typed kinds.
    pub(super) fn is_typed(&self) -> bool {
        matches!(self.typed, Typed::Object(_))
    }

    /// The object's metadata.
    pub(super) fn meta(&self) -> &ObjectMeta {
        match &self.typed {
            Typed::Object(o) => o.metadata(),
            Typed::Other(m) => m,
        }
    }

    /// `kind`, as written (checked to be a kind name).
    pub(super) fn kind(&self) -> &str {
        self.value.get("kind").and_then(Value::as_str).unwrap_or_default()
    }

    /// `apiVersion`, as written.
    pub(super) fn api_version(&self) -> &str {
        self.value.get("apiVersion").and_then(Value::as_str).unwrap_or_default()
    }

    /// `metadata.name`.
    pub(super) fn name(&self) -> &str {
        self.meta().name.as_deref().unwrap_or_default()
    }

    /// `metadata.namespace`; empty for none.
    pub(super) fn namespace(&self) -> &str {
        self.meta().namespace.as_deref().unwrap_or_default()
    }

    /// `metadata.labels`.
    pub(super) fn labels(&self) -> BTreeMap<String, String> {
        self.meta().labels.clone().unwrap_or_default()
    }

    /// `metadata.annotations`.
    pub(super) fn annotations(&self) -> BTreeMap<String, String> {
        self.meta().annotations.clone().unwrap_or_default()
    }
}

/// Everything one `--env NAME=PATH` holds.
#[derive(Clone, Debug, Default)]
pub(super) struct Input {
    /// The objects, in the order read.
    pub(super) objects: Vec<Read>,
    /// The Secrets a `secrets.env.example` rustomize wrote beside the YAML lists (a tree being
    /// re-imported): their descriptions and keys, in its order.
    pub(super) secrets: Vec<SecretHint>,
}

/// One Secret of a `secrets.env.example`.
#[derive(Clone, Debug, Default)]
pub(super) struct SecretHint {
    /// The Secret's name.
    pub(super) name: String,
    /// What it holds, as its declaration described it.
    pub(super) description: String,
    /// Its keys, in declaration order.
    pub(super) keys: Vec<String>,
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
    if p.join("Chart.yaml").is_file() {
        return Err(Error::Invalid(vec![Diagnostic {
            object: format!("`{path}`"),
            message: "this is a Helm chart, whose templates are not Kubernetes YAML yet".into(),
            expected: Some("rendered manifests".into()),
            help: Some(format!(
                "render it with your values and pipe it in: `helm template RELEASE {path} -f VALUES | … import --env NAME=-`"
            )),
            ..Diagnostic::default()
        }]));
    }
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
        let files = crate::load::files_in(p, &["yaml", "yml", "json"])
            .map_err(|e| Error::io("read", p, e))?;
        if files.is_empty() {
            return Err(problem(path, "the directory holds no `.yaml`, `.yml` or `.json` file"));
        }
        let mut input = Input::default();
        for f in files {
            input.objects.extend(documents(&f.display().to_string(), &read(&f)?)?);
        }
        let example = p.join("secrets.env.example");
        if example.is_file() {
            input.secrets = secret_hints(&read(&example)?);
        }
        return Ok(input);
    }
    if !p.exists() {
        return Err(problem(path, "no such file or directory"));
    }
    Ok(Input { objects: documents(path, &read(p)?)?, ..Input::default() })
}

fn read(path: &Path) -> Result<String, Error> {
    crate::envfile::read_text(path, MAX_INPUT)
        .map_err(|m| Error::Invalid(vec![Diagnostic::in_file(path.display().to_string(), 0, m)]))
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
            if out.len() + errors.len() >= MAX_OBJECTS {
                return Err(problem(
                    source,
                    &format!(
                        "more than {MAX_OBJECTS} objects (documents and `List` items together)"
                    ),
                ));
            }
            match Read::new(item) {
                Ok(read) => out.push(read),
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

fn check(v: &Value) -> Result<Typed, String> {
    let Value::Object(map) = v else {
        return Err("expected a Kubernetes object (a mapping with `apiVersion` and `kind`)".into());
    };
    for key in ["apiVersion", "kind"] {
        if map.get(key).and_then(Value::as_str).is_none_or(str::is_empty) {
            return Err(format!("the object has no `{key}`; expected a Kubernetes object"));
        }
    }
    let Some(name) = v.pointer("/metadata/name").and_then(Value::as_str).filter(|n| !n.is_empty())
    else {
        return Err("the object has no `metadata.name`".into());
    };
    // Names become file names and text in generated Rust: each is held to its API's rule
    // here, before anything else reads it.
    let kind = map.get("kind").and_then(Value::as_str).unwrap_or_default();
    let api_version = map.get("apiVersion").and_then(Value::as_str).unwrap_or_default();
    let shown = crate::safe::shown;
    crate::safe::kind(kind)
        .map_err(|why| format!("`kind: {}` is not a Kubernetes kind: {why}", shown(kind)))?;
    crate::safe::api_version(api_version).map_err(|why| {
        format!("`apiVersion: {}` is not `GROUP/VERSION`: {why}", shown(api_version))
    })?;
    crate::safe::object_name(kind, name).map_err(|why| {
        format!("{kind} `{}`: `metadata.name` is not a valid name: {why}", shown(name))
    })?;
    match v.pointer("/metadata/namespace") {
        None | Some(Value::Null) => {}
        Some(Value::String(ns)) => crate::safe::dns_label(ns).map_err(|why| {
            format!(
                "{kind} `{name}`: `metadata.namespace` `{}` is not a DNS label: {why}",
                shown(ns)
            )
        })?,
        Some(_) => return Err(format!("{kind} `{name}`: `metadata.namespace` is not a string")),
    }
    // Read once as its k8s-openapi type when its kind is one of the crate's typed kinds: a
    // field of the wrong shape is an error of this file, as `kubectl apply` would refuse it,
    // not a surprise in a later stage.
    let invalid = |why: String| {
        format!("{kind} `{}` is not a valid `{api_version}` {kind}: {why}", shown(name))
    };
    match crate::object::visit_type(api_version, kind, Of(v)) {
        Some(typed) => typed.map(|o| Typed::Object(Box::new(o))).map_err(invalid),
        None => {
            let meta = v.get("metadata").map(ObjectMeta::deserialize).transpose();
            meta.map(|m| Typed::Other(Box::new(m.unwrap_or_default())))
                .map_err(|e| invalid(format!("`metadata`: {e}")))
        }
    }
}

/// Reads an object as the k8s-openapi type it is visited with.
struct Of<'a>(&'a Value);

impl crate::object::TypeVisitor for Of<'_> {
    type Output = Result<Object, String>;
    fn visit<K>(self, _: &'static str) -> Result<Object, String>
    where
        K: k8s_openapi::Resource + serde::Serialize + serde::de::DeserializeOwned + Into<Object>,
    {
        K::deserialize(self.0).map(Into::into).map_err(|e| e.to_string())
    }
}

/// The Secrets of a rustomize `secrets.env.example`: a `# Secret `NAME`[: DESCRIPTION]` line,
/// then its `KEY=` lines.
fn secret_hints(text: &str) -> Vec<SecretHint> {
    let mut out: Vec<SecretHint> = Vec::new();
    let mut current: Option<usize> = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# Secret `")
            && let Some((name, tail)) = rest.split_once('`')
        {
            let description = tail.strip_prefix(": ").unwrap_or_default().to_owned();
            out.push(SecretHint { name: name.to_owned(), description, keys: Vec::new() });
            current = Some(out.len() - 1);
        } else if line.trim().is_empty() || line.starts_with('#') {
            current = None;
        } else if let (Some(i), Some((key, _))) = (current, line.split_once('=')) {
            out[i].keys.push(key.trim().to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config_map(i: usize) -> String {
        format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{i}\ndata:\n  k: v\n")
    }

    #[test]
    fn one_limit_for_a_stream_and_a_list_alike() {
        let n = 10_000;
        let stream: Vec<String> = (0..n).map(config_map).collect();
        let stream = stream.join("---\n");
        let items: String = (0..n)
            .map(|i| format!("- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c{i}\n"))
            .collect();
        let list = format!("apiVersion: v1\nkind: List\nitems:\n{items}");
        assert_eq!(documents("stream", &stream).map(|d| d.len()).ok(), Some(n));
        assert_eq!(documents("list", &list).map(|d| d.len()).ok(), Some(n));
        // One more than the limit is refused in both forms, by the same rule.
        let over = MAX_OBJECTS + 1;
        let stream: Vec<String> = (0..over).map(config_map).collect();
        let items: String = (0..over)
            .map(|i| format!("- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c{i}\n"))
            .collect();
        let list = format!("apiVersion: v1\nkind: List\nitems:\n{items}");
        for (what, text) in [("stream", stream.join("---\n")), ("list", list)] {
            let err = documents(what, &text).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(err.contains(&format!("{MAX_OBJECTS}")), "{what}: {err}");
        }
    }

    #[test]
    fn identities_are_checked_before_anything_reads_them() {
        let bad = [
            ("v1", "../../../../x/Kind", "a"),
            ("v1", "ConfigMap", "../../../../esc/pwn"),
            ("v1", "ConfigMap", "x.yaml\")); std::process::exit(1); //"),
            ("../v1", "ConfigMap", "a"),
            ("v1", "Role\n", "a"),
        ];
        for (api, kind, name) in bad {
            let v =
                serde_json::json!({"apiVersion": api, "kind": kind, "metadata": {"name": name}});
            assert!(check(&v).is_err(), "{api} {kind:?} {name:?}");
        }
        let ns = serde_json::json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a", "namespace": "../x"}});
        assert!(check(&ns).is_err());
        let ok = serde_json::json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "system:view"}});
        assert!(check(&ok).is_ok());
    }

    #[test]
    fn every_object_is_read_typed_once_and_a_wrong_shape_names_its_object() {
        let typed = serde_json::json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "a"}, "spec": {"replicas": 2, "selector": {}, "template": {}}});
        let r = Read::new(typed).unwrap_or_else(|e| panic!("{e}"));
        let d = r.get::<k8s_openapi::api::apps::v1::Deployment>();
        assert_eq!(d.and_then(|d| d.spec.as_ref()).and_then(|s| s.replicas), Some(2));
        // Of a kind the crate does not type: its metadata is typed all the same.
        let custom = serde_json::json!({"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w", "labels": {"a": "b"}}});
        let r = Read::new(custom).unwrap_or_else(|e| panic!("{e}"));
        assert!(!r.is_typed());
        assert_eq!(r.labels().get("a").map(String::as_str), Some("b"));
        // A field of the wrong shape is refused when read, naming the object.
        let wrong = [
            serde_json::json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "a"}, "spec": {"replicas": "two"}}),
            serde_json::json!({"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w", "labels": ["a"]}}),
        ];
        for v in wrong {
            let err = Read::new(v.clone()).err().unwrap_or_default();
            assert!(err.contains("is not a valid"), "{v}: {err}");
            assert!(err.contains(v["kind"].as_str().unwrap_or_default()), "{err}");
        }
    }

    #[test]
    fn a_secrets_example_gives_names_descriptions_and_keys_in_order() {
        let text = "# Secrets of target `dev`: …\n#   cargo run -- render dev\n\n# Secret `b`: Keys of B.\nZ=\nA=\n\n# Secret `a`\nK=\n";
        let hints = secret_hints(text);
        let got: Vec<(&str, &str, Vec<&str>)> = hints
            .iter()
            .map(|h| {
                (
                    h.name.as_str(),
                    h.description.as_str(),
                    h.keys.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(got, [("b", "Keys of B.", vec!["Z", "A"]), ("a", "", vec!["K"])]);
    }
}
