//! Rust types from CustomResourceDefinitions: for each served version of each CRD, plain
//! serde structs (with `Default`, documented from the schema's descriptions), enums for string
//! `enum`s, `Option` for optional fields, maps for `additionalProperties`, and
//! `serde_json::Value` only where the schema keeps unknown fields. The output is reproducible
//! text a project commits (`rustomize crd crds/ --out src/crds`), checked like `generated/`.
//!
//! Names from the schema reach generated Rust only through the crate's one escaping layer
//! (`safe`): identifiers, string literals and doc text each have their escape.

mod literal;
mod names;
mod shape;
mod types;

pub(crate) use literal::{Literal, Printer};
pub(crate) use shape::Catalog;

use std::collections::BTreeMap;

use serde_json::Value;

use crate::error::{Code, Diagnostic, Error, Subject};

/// The schema keywords the generator reads or knowingly leaves to validation; any other is an
/// error naming it, so a CRD is never typed more loosely than it says.
const KEYWORDS: &[&str] = &[
    "type",
    "description",
    "properties",
    "items",
    "required",
    "additionalProperties",
    "enum",
    "format",
    "default",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "anyOf",
    "oneOf",
    "allOf",
    "not",
    "nullable",
    "example",
    "title",
    "x-kubernetes-int-or-string",
    "x-kubernetes-preserve-unknown-fields",
    "x-kubernetes-list-type",
    "x-kubernetes-list-map-keys",
    "x-kubernetes-map-type",
    "x-kubernetes-validations",
    "x-kubernetes-embedded-resource",
];

/// One generated file: its path under the output directory and its text.
pub type Generated = BTreeMap<String, String>;

/// The Rust types of every served version of the CRDs among `files` (`(path, YAML text)`;
/// documents that are not CRDs are skipped), one module per CRD version plus a `mod.rs`
/// naming them. Every problem is reported at once.
///
/// ```
/// let crd = r#"
/// apiVersion: apiextensions.k8s.io/v1
/// kind: CustomResourceDefinition
/// metadata: {name: widgets.example.com}
/// spec:
///   group: example.com
///   names: {kind: Widget, plural: widgets}
///   scope: Namespaced
///   versions:
///   - name: v1
///     served: true
///     storage: true
///     schema:
///       openAPIV3Schema:
///         type: object
///         properties:
///           spec:
///             type: object
///             required: [size]
///             properties:
///               size: {type: integer, format: int32, description: How many.}
///               color: {type: string, enum: [red, green]}
/// "#;
/// let files = rustomize::crd::generate(&[("widgets.yaml".into(), crd.into())])?;
/// let code = &files["widget_example_com_v1.rs"];
/// assert!(code.contains("pub struct WidgetSpec {"));
/// assert!(code.contains("pub size: i32,"));
/// assert!(code.contains("pub color: Option<WidgetSpecColor>,"));
/// # Ok::<(), rustomize::Error>(())
/// ```
pub fn generate(files: &[(String, String)]) -> Result<Generated, Error> {
    catalog(files).map(|(generated, _)| generated)
}

/// The generated files of [`generate`] and, as data, the types they define, by the
/// `(apiVersion, kind)` each module serves.
pub(crate) fn catalog(files: &[(String, String)]) -> Result<(Generated, Catalog), Error> {
    let mut out = Generated::new();
    let mut catalog = Catalog::new();
    let mut modules = Vec::new();
    let mut problems = Vec::new();
    for (path, text) in files {
        let docs = match crate::yaml::documents(path, text) {
            Ok(docs) => docs,
            Err(d) => {
                problems.push(*d);
                continue;
            }
        };
        for doc in docs.iter().filter(|d| d.get("kind") == Some(&"CustomResourceDefinition".into()))
        {
            match crd_modules(path, doc) {
                Ok(generated) => {
                    for (module, code, types) in generated {
                        let key = (types.0.clone(), types.1.clone());
                        let types = shape::Types {
                            module: module.clone(),
                            source: path.clone(),
                            ..types.2
                        };
                        catalog.insert(key, types);
                        if out.insert(format!("{module}.rs"), code).is_some() {
                            problems.push(problem(
                                path,
                                format!("two CRDs generate the module `{module}`"),
                            ));
                        }
                        modules.push(module);
                    }
                }
                Err(mut found) => problems.append(&mut found),
            }
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    modules.sort();
    let mut index = String::from(HEADER);
    index.push_str("//! Types of the custom resources of this project's CRDs.\n\n");
    for module in &modules {
        // Kept as generated: `check` compares the bytes.
        index.push_str(&format!("#[rustfmt::skip]\npub mod {module};\n"));
    }
    out.insert("mod.rs".into(), index);
    Ok((out, catalog))
}

/// Every `.yaml` and `.yml` file directly in `dir` (sorted), as `(path, text)`: where a
/// project vendors its CRDs.
pub(crate) fn read_dir(dir: &std::path::Path) -> Result<Vec<(String, String)>, Error> {
    let paths =
        crate::load::files_in(dir, &["yaml", "yml"]).map_err(|e| Error::io("read", dir, e))?;
    if paths.is_empty() {
        return Err(Error::Usage(Box::new(Diagnostic {
            message: format!("`{}` holds no `.yaml` file", dir.display()),
            help: Some("name the directory that holds the CRD files".into()),
            ..Diagnostic::default()
        })));
    }
    let mut out = Vec::new();
    for path in paths {
        let text = crate::envfile::read_text(&path, crate::MAX_RAW_BYTES)
            .map_err(|why| Error::Invalid(vec![Diagnostic::in_file(path.display(), 0, why)]))?;
        out.push((path.display().to_string(), text));
    }
    Ok(out)
}

/// The first line of every generated file, by which `crd` recognises its own.
pub const HEADER: &str = "// Generated by `rustomize crd` from the project's CRDs; do not edit.\n";

/// A problem in the CRD file at `path`.
fn problem(path: &str, message: String) -> Diagnostic {
    Diagnostic {
        code: Code::Schema,
        subject: Subject::File(path.to_owned()),
        object: path.to_owned(),
        message,
        ..Diagnostic::default()
    }
}

/// A generated module: its name, its code, and `(apiVersion, kind, types)`.
type Module = (String, String, (String, String, shape::Types));

/// The module of each served version of `crd`.
fn crd_modules(path: &str, crd: &Value) -> Result<Vec<Module>, Vec<Diagnostic>> {
    let str_at = |p: &str| crd.pointer(p).and_then(Value::as_str).unwrap_or_default();
    let (group, kind) = (str_at("/spec/group"), str_at("/spec/names/kind"));
    if kind.is_empty() || crate::safe::kind(kind).is_err() {
        return Err(vec![problem(
            path,
            format!("the CRD's kind `{}` is not a kind name", crate::safe::shown(kind)),
        )]);
    }
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let versions =
        crd.pointer("/spec/versions").and_then(Value::as_array).cloned().unwrap_or_default();
    for version in versions.iter().filter(|v| v.get("served") != Some(&Value::Bool(false))) {
        let name = version.get("name").and_then(Value::as_str).unwrap_or_default();
        let Some(schema) = version.pointer("/schema/openAPIV3Schema") else {
            problems.push(problem(
                path,
                format!(
                    "version `{}` of `{kind}` has no openAPIV3Schema",
                    crate::safe::shown(name)
                ),
            ));
            continue;
        };
        let module = crate::safe::rust_ident(&format!("{kind}_{group}_{name}"), "crd");
        let api_version =
            if group.is_empty() { name.to_owned() } else { format!("{group}/{name}") };
        let resource = types::Resource {
            group,
            version: name,
            kind,
            plural: str_at("/spec/names/plural"),
            namespaced: str_at("/spec/scope") != "Cluster",
            api_version: api_version.clone(),
        };
        match types::module(&resource, schema) {
            Ok((code, types)) => {
                out.push((module, code, (api_version.clone(), kind.to_owned(), types)));
            }
            Err(unsupported) => problems.extend(unsupported.into_iter().map(|(at, why)| {
                Diagnostic { field: at, ..problem(path, format!("`{kind}` {api_version}: {why}")) }
            })),
        }
    }
    if problems.is_empty() { Ok(out) } else { Err(problems) }
}
