//! `import --crds`: custom resources whose CRD is given become struct literals of the types
//! generated from it, and the imported project renders them as they were read. `.ci/run`
//! compiles the project this makes from the corpus's examples (formatted, no warnings) and
//! runs its `check`.

use std::path::{Path, PathBuf};

use rustomize::import::{Options, import};
use rustomize::serde_json::Value;

use crate::root;

/// A Deployment and the Service its ServiceMonitor and PodMonitor select (`.ci/run` imports
/// the same stream).
const APP: &str = include_str!("data/crd-examples-app.yaml");

/// The corpus's CRD sets, or `None` where the corpus is not beside the repository (CI has it).
fn sets() -> Option<Vec<PathBuf>> {
    let dir = crate::corpus_crds()?;
    let mut sets: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    sets.sort();
    Some(sets)
}

/// Every document of every file in `dir`, in file order.
fn documents(dir: &Path) -> Vec<Value> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    let mut docs = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        docs.extend(parse(&text));
    }
    docs
}

fn parse(text: &str) -> Vec<Value> {
    serde_saphyr::from_multiple::<Value>(text)
        .unwrap_or_else(|e| panic!("parse: {e}"))
        .into_iter()
        .filter(|d| !d.is_null())
        .collect()
}

fn options(stream: &Path, out: &Path, crds: Vec<PathBuf>) -> Options {
    Options {
        envs: vec![("prod".into(), stream.display().to_string())],
        out: out.to_owned(),
        rustomize_path: Some(root().to_owned()),
        crds,
        ..Options::default()
    }
}

/// Where `expected` sets a field, `got` sets the same value: numbers compared as numbers, a
/// field set to `null` the same as one left out. The path of the first difference.
fn covers(expected: &Value, got: Option<&Value>, at: &str) -> Result<(), String> {
    match (expected, got) {
        (Value::Null, None | Some(Value::Null)) => Ok(()),
        (Value::Object(e), Some(Value::Object(g))) => {
            e.iter().try_for_each(|(k, v)| covers(v, g.get(k), &format!("{at}.{k}")))
        }
        (Value::Array(e), Some(Value::Array(g))) if e.len() == g.len() => e
            .iter()
            .zip(g)
            .enumerate()
            .try_for_each(|(i, (e, g))| covers(e, Some(g), &format!("{at}[{i}]"))),
        (Value::Number(e), Some(Value::Number(g))) if e.as_f64() == g.as_f64() => Ok(()),
        (e, Some(g)) if e == g => Ok(()),
        (e, g) => Err(format!("{at}: expected {e}, found {g:?}")),
    }
}

/// The objects of the tree under `dir`, by `(kind, name)`.
fn tree(dir: &Path) -> Vec<Value> {
    let files = rustomize::output::read_tree(dir).unwrap_or_else(|e| panic!("{e}"));
    files
        .iter()
        .filter(|(name, _)| name.ends_with(".yaml"))
        .flat_map(|(_, bytes)| parse(&String::from_utf8_lossy(bytes)))
        .collect()
}

fn key(v: &Value) -> (String, String) {
    let s = |p: &str| v.pointer(p).and_then(Value::as_str).unwrap_or_default().to_owned();
    (s("/kind"), s("/metadata/name"))
}

#[test]
fn every_upstream_example_becomes_typed_rust_that_renders_what_it_read() {
    let Some(sets) = sets() else { return };
    let t = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut stream = String::new();
    let mut customs = Vec::new();
    for set in &sets {
        for doc in documents(&set.join("examples")) {
            stream.push_str("---\n");
            stream.push_str(&rustomize::serde_json::to_string(&doc).unwrap_or_default());
            stream.push('\n');
            customs.push(doc);
        }
    }
    stream.push_str("---\n");
    stream.push_str(APP);
    let input = t.path().join("stream.yaml");
    std::fs::write(&input, &stream).unwrap_or_else(|e| panic!("{e}"));
    let out = t.path().join("project");
    let report = import(&options(&input, &out, sets.clone()))
        .unwrap_or_else(|e| panic!("import failed: {e}"));
    assert_eq!(report.custom, customs.len(), "{}", report.text);
    assert_eq!(report.kept, 0, "{}", report.text);
    assert_eq!(report.typed, 1, "{}", report.text);

    // Every custom resource is a function returning its generated type.
    let code = std::fs::read_to_string(out.join("src/resources/prod.rs")).unwrap_or_default();
    for c in &customs {
        let (kind, name) = key(c);
        let function = format!("_{}() -> {kind} {{", name.replace('-', "_"));
        assert!(code.contains(&function), "no `{function}` in:\n{code}");
    }
    assert!(code.contains("issuer_ref: CertificateSpecIssuerRef {"), "{code}");
    assert!(!code.contains("include_str!"), "{code}");
    assert!(!out.join("imported").exists(), "nothing is kept as written");
    // The types and the CRDs they come from are in the project, and `check` knows the command.
    assert!(out.join("src/crds/certificate_cert_manager_io_v1.rs").is_file());
    assert!(out.join("crds/cert-manager/cert-manager.io_certificates.yaml").is_file());
    let hook = std::fs::read_to_string(out.join("hooks/pre-commit")).unwrap_or_default();
    assert!(hook.contains("-- crd crds/argo-cd crds/cert-manager"), "{hook}");

    // The tree renders every field the input set, with the values it had.
    let rendered = tree(&out.join("generated"));
    for c in customs.iter().chain(&parse(APP)) {
        let found = rendered.iter().find(|r| key(r) == key(c));
        let found = found.unwrap_or_else(|| panic!("{:?} is not rendered", key(c)));
        covers(c, Some(found), "").unwrap_or_else(|why| panic!("{:?} differs at {why}", key(c)));
    }
}

/// A CRD with a required field, an enum and a map, for the cases the examples do not have.
const WIDGET_CRD: &str = "apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [size]
            properties:
              size: {type: integer, format: int32, minimum: 1}
              color: {type: string, enum: [red, green]}
              tags: {type: object, additionalProperties: {type: string}}
";

fn widget_import(widgets: &str) -> (Result<rustomize::import::Report, rustomize::Error>, PathBuf) {
    let t = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}")).keep();
    let crds = t.join("crds");
    std::fs::create_dir_all(&crds).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(crds.join("widgets.yaml"), WIDGET_CRD).unwrap_or_else(|e| panic!("{e}"));
    let input = t.join("stream.yaml");
    std::fs::write(&input, widgets).unwrap_or_else(|e| panic!("{e}"));
    let out = t.join("project");
    (import(&options(&input, &out, vec![crds])), out)
}

#[test]
fn a_resource_its_type_cannot_hold_is_kept_as_written_naming_the_field() {
    let (report, out) = widget_import(
        "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: typed}\nspec: {size: 2, color: green, tags: {b: '2', a: '1'}}\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: owned, ownerReferences: [{apiVersion: v1, kind: ConfigMap, name: owner, uid: 0d9a6d8e-5a3c-4f5e-9d6b-1b2c3d4e5f60}]}\nspec: {size: 2}\n",
    );
    let report = report.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((report.custom, report.kept), (1, 1), "{}", report.text);
    assert!(
        report.text.contains(
            "Widget `owned`: its CRD's type cannot hold it: `metadata.ownerReferences` is not a field import writes"
        ),
        "{}",
        report.text
    );
    let code = std::fs::read_to_string(out.join("src/resources/prod.rs")).unwrap_or_default();
    assert!(code.contains("color: Some(WidgetSpecColor::Green)"), "{code}");
    // A map is written sorted, as the `BTreeMap` it becomes renders it.
    let (a, b) =
        (code.find(r#"("a".into(), "1".into())"#), code.find(r#"("b".into(), "2".into())"#));
    assert!(a.is_some() && a < b, "{code}");
    let _ = std::fs::remove_dir_all(out.parent().unwrap_or(&out));
}

#[test]
fn a_resource_its_crd_refuses_stops_the_import_naming_the_rule() {
    let (result, out) = widget_import(
        "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: small}\nspec: {size: 0}\n",
    );
    let message = match result {
        Ok(r) => panic!("an invalid widget was imported:\n{}", r.text),
        Err(e) => e.to_string(),
    };
    assert!(message.contains("Widget `small`") && message.contains("spec.size"), "{message}");
    assert!(!out.exists(), "nothing is written");
    // A field the schema does not have would be pruned by the API server: refused too.
    let (result, out) = widget_import(
        "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: round}\nspec: {size: 2, shape: round}\n",
    );
    let message = result.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("field `spec.shape`"), "{message}");
    assert!(!out.exists(), "nothing is written");
    let _ = std::fs::remove_dir_all(out.parent().unwrap_or(&out));
    let _ = std::fs::remove_dir_all(out.parent().unwrap_or(&out));
}
