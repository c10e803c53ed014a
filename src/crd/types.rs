//! One CRD version's `openAPIV3Schema` as Rust type definitions.

use std::collections::BTreeSet;

use serde_json::Value;

use super::KEYWORDS;
use super::names::{doc_comment, field_ident, upper_camel, variant_ident};
use super::shape::{Def, FieldShape, Shape, Types};

/// A problem: where in the schema (`spec.issuerRef.kind`) and what.
type Problem = (String, String);

/// What a CRD says of the resource one of its versions serves.
pub(super) struct Resource<'a> {
    pub(super) group: &'a str,
    pub(super) version: &'a str,
    pub(super) kind: &'a str,
    pub(super) plural: &'a str,
    pub(super) namespaced: bool,
    pub(super) api_version: String,
}

/// The module of one CRD version: the root type `kind` and every type it needs, as text and
/// as data.
pub(super) fn module(
    resource: &Resource<'_>,
    schema: &Value,
) -> Result<(String, Types), Vec<Problem>> {
    let (kind, api_version) = (resource.kind, resource.api_version.as_str());
    let mut generator = Generator::default();
    let root = generator.root(resource, schema);
    if !generator.problems.is_empty() {
        return Err(generator.problems);
    }
    let mut out = String::from(super::HEADER);
    out.push_str(&format!(
        "//! `{}` `{}`: the custom resource and the types of its fields.\n\n",
        crate::safe::comment(api_version),
        crate::safe::comment(kind)
    ));
    // Descriptions are the CRD authors' Markdown, kept as written; enum values are theirs.
    out.push_str("#![allow(clippy::doc_lazy_continuation, clippy::enum_variant_names)]\n\n");
    let mut uses = vec!["rustomize::k8s::Resource", "rustomize::serde::{Deserialize, Serialize}"];
    let all = generator.defs.concat();
    for (needle, path) in [
        ("BTreeMap<", "std::collections::BTreeMap"),
        ("IntOrString", "rustomize::k8s::apimachinery::pkg::util::intstr::IntOrString"),
        ("ObjectMeta", "rustomize::k8s::apimachinery::pkg::apis::meta::v1::ObjectMeta"),
    ] {
        if all.contains(needle) {
            uses.push(path);
        }
    }
    uses.sort_unstable();
    for u in uses {
        out.push_str(&format!("use {u};\n"));
    }
    for def in &generator.defs {
        out.push('\n');
        out.push_str(def);
    }
    Ok((out, Types { root, defs: generator.shapes, ..Types::default() }))
}

/// The type definitions made so far, their names, and what could not be typed.
#[derive(Default)]
struct Generator {
    defs: Vec<String>,
    /// The same definitions as data.
    shapes: std::collections::BTreeMap<String, Def>,
    names: BTreeSet<String>,
    problems: Vec<Problem>,
    /// Rules that compare with the stored object (`oldSelf`), by where they sit.
    transitions: Vec<(String, String)>,
}

impl Generator {
    /// The custom resource's own struct: `apiVersion`, `kind` and `metadata` first, with a
    /// `Default` that fills in the first two. Returns its name.
    fn root(&mut self, resource: &Resource<'_>, schema: &Value) -> String {
        let (kind, api_version) = (resource.kind, resource.api_version.as_str());
        self.keywords("", schema);
        let name = self.name(kind);
        let mut fields = vec![
            Field::plain(
                "apiVersion",
                Shape::Str,
                "APIVersion of the object: `".to_owned() + api_version + "`.",
            ),
            Field::plain("kind", Shape::Str, format!("Kind of the object: `{kind}`.")),
            Field::plain("metadata", Shape::Meta, "Standard object metadata.".into()),
        ];
        for (json, property) in properties(schema) {
            if !matches!(json.as_str(), "apiVersion" | "kind" | "metadata") {
                let required = required(schema).contains(json.as_str());
                fields.push(self.field(&name, &json, &json, property, required));
            }
        }
        let mut doc = description(schema).unwrap_or_else(|| format!("A `{kind}` custom resource."));
        if !self.transitions.is_empty() {
            // Listed where a reader of the type finds them: the render cannot judge them.
            doc.push_str("\n\nTransition rules, which only the API server checks (they compare with the stored object; the render skips them):");
            for (at, rule) in &self.transitions {
                doc.push_str(&format!(
                    "\n- `{at}`: `{}`",
                    rule.replace('`', "'").replace('\n', " ")
                ));
            }
        }
        idents(&mut fields);
        let mut def = self.structure_text(&name, &doc, &fields, false);
        let scope =
            if resource.namespaced { "NamespaceResourceScope" } else { "ClusterResourceScope" };
        def.push_str(&format!(
            "\nimpl Resource for {name} {{\n    const API_VERSION: &'static str = {};\n    const GROUP: &'static str = {};\n    const KIND: &'static str = {};\n    const VERSION: &'static str = {};\n    const URL_PATH_SEGMENT: &'static str = {};\n    type Scope = rustomize::k8s::{scope};\n}}\n",
            crate::safe::rust_str(api_version),
            crate::safe::rust_str(resource.group),
            crate::safe::rust_str(kind),
            crate::safe::rust_str(resource.version),
            crate::safe::rust_str(resource.plural),
        ));
        def.push_str(&format!(
            "\nimpl Default for {name} {{\n    fn default() -> Self {{\n        {name} {{\n"
        ));
        for f in &fields {
            let value = match f.json.as_str() {
                "apiVersion" => "<Self as Resource>::API_VERSION.into()".to_owned(),
                "kind" => "<Self as Resource>::KIND.into()".to_owned(),
                _ => "Default::default()".to_owned(),
            };
            def.push_str(&format!("            {}: {value},\n", f.ident));
        }
        def.push_str("        }\n    }\n}\n");
        self.defs.insert(0, def);
        self.shapes.insert(name.clone(), Def::Struct(fields.iter().map(Field::shape).collect()));
        name
    }

    /// A field of the struct `owner`, typed from `schema`; `path` locates it for messages.
    fn field(
        &mut self,
        owner: &str,
        json: &str,
        path: &str,
        schema: &Value,
        required: bool,
    ) -> Field {
        let shape = self.ty(&format!("{owner}{}", upper_camel(json)), path, schema);
        Field {
            json: json.to_owned(),
            ident: String::new(),
            shape,
            optional: !required,
            doc: description(schema).unwrap_or_default(),
        }
    }

    /// The Rust type of `schema`, defining a struct or enum named `hint` when it needs one.
    fn ty(&mut self, hint: &str, path: &str, schema: &Value) -> Shape {
        self.keywords(path, schema);
        if flag(schema, "x-kubernetes-preserve-unknown-fields") {
            return Shape::Json;
        }
        if flag(schema, "x-kubernetes-int-or-string") {
            return Shape::IntOrString;
        }
        match schema.get("type").and_then(Value::as_str) {
            Some("string") => match string_enum(schema) {
                Some(values) => Shape::Named(self.enumeration(hint, schema, &values)),
                None => Shape::Str,
            },
            Some("integer") => match schema.get("format").and_then(Value::as_str) {
                Some("int32") => Shape::I32,
                _ => Shape::I64,
            },
            Some("number") => Shape::F64,
            Some("boolean") => Shape::Bool,
            Some("array") => match schema.get("items") {
                Some(items) => Shape::List(Box::new(self.ty(hint, &format!("{path}[]"), items))),
                None => self.unsupported(path, "an array without `items`"),
            },
            Some("object") => self.object(hint, path, schema),
            Some(other) => self.unsupported(path, &format!("type `{}`", crate::safe::shown(other))),
            None if schema.get("properties").is_some() => self.object(hint, path, schema),
            None => self.unsupported(path, "a schema without a `type`"),
        }
    }

    /// A struct for an object with properties, a map for one with `additionalProperties`.
    fn object(&mut self, hint: &str, path: &str, schema: &Value) -> Shape {
        let props = properties(schema);
        if props.is_empty() {
            return match schema.get("additionalProperties") {
                Some(Value::Bool(true)) => Shape::Map(Box::new(Shape::Json)),
                Some(values @ Value::Object(_)) => {
                    Shape::Map(Box::new(self.ty(hint, &format!("{path}.*"), values)))
                }
                // Kubernetes prunes every field of an object that declares none: `{}`.
                _ => self.structure(hint, schema, Vec::new()),
            };
        }
        let req = required(schema);
        let mut fields = Vec::new();
        for (json, property) in props {
            let at = if path.is_empty() { json.clone() } else { format!("{path}.{json}") };
            let name = self.peek(hint);
            fields.push(self.field(&name, &json, &at, property, req.contains(json.as_str())));
        }
        self.structure(hint, schema, fields)
    }

    /// Defines a struct named after `hint` with `fields`; its name.
    fn structure(&mut self, hint: &str, schema: &Value, mut fields: Vec<Field>) -> Shape {
        idents(&mut fields);
        let name = self.name(hint);
        let doc =
            description(schema).unwrap_or_else(|| format!("The `{name}` part of the resource."));
        let def = self.structure_text(&name, &doc, &fields, true);
        self.defs.push(def);
        self.shapes.insert(name.clone(), Def::Struct(fields.iter().map(Field::shape).collect()));
        Shape::Named(name)
    }

    /// A struct's text; `derive_default` unless the caller writes its own.
    fn structure_text(
        &self,
        name: &str,
        doc: &str,
        fields: &[Field],
        derive_default: bool,
    ) -> String {
        let mut out = doc_comment(doc, "");
        let derives = if derive_default {
            "Clone, Debug, Default, PartialEq, Serialize, Deserialize"
        } else {
            "Clone, Debug, PartialEq, Serialize, Deserialize"
        };
        out.push_str(&format!(
            "#[derive({derives})]\n#[serde(crate = \"rustomize::serde\")]\npub struct {name} {{\n"
        ));
        for f in fields {
            let ident = &f.ident;
            let doc = if f.doc.is_empty() {
                format!("`{}`.", crate::safe::comment(&f.json))
            } else {
                f.doc.clone()
            };
            out.push_str(&doc_comment(&doc, "    "));
            let mut attrs = Vec::new();
            if ident.trim_start_matches("r#") != f.json {
                attrs.push(format!("rename = {}", crate::safe::rust_str(&f.json)));
            }
            if f.optional {
                attrs.push("default, skip_serializing_if = \"Option::is_none\"".into());
            }
            if !attrs.is_empty() {
                out.push_str(&format!("    #[serde({})]\n", attrs.join(", ")));
            }
            let ty = f.shape.rust();
            let ty = if f.optional { format!("Option<{ty}>") } else { ty };
            out.push_str(&format!("    pub {ident}: {ty},\n"));
        }
        out.push_str("}\n");
        out
    }

    /// Defines an enum of the string `values`; its name.
    fn enumeration(&mut self, hint: &str, schema: &Value, values: &[String]) -> String {
        let name = self.name(hint);
        let doc = description(schema).unwrap_or_else(|| format!("One of the values of `{name}`."));
        let mut out = doc_comment(&doc, "");
        out.push_str("#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]\n#[serde(crate = \"rustomize::serde\")]\n");
        out.push_str(&format!("pub enum {name} {{\n"));
        let mut variants = BTreeSet::new();
        let mut pairs = Vec::new();
        for (i, value) in values.iter().enumerate() {
            let mut variant = variant_ident(value);
            while !variants.insert(variant.clone()) {
                variant.push('_');
            }
            pairs.push((value.clone(), variant.clone()));
            out.push_str(&format!("    /// `{}`.\n", crate::safe::comment(value)));
            if i == 0 {
                out.push_str("    #[default]\n");
            }
            out.push_str(&format!(
                "    #[serde(rename = {})]\n    {variant},\n",
                crate::safe::rust_str(value)
            ));
        }
        out.push_str("}\n");
        self.defs.push(out);
        self.shapes.insert(name.clone(), Def::Enum(pairs));
        name
    }

    /// `hint` as a type name not used yet, reserved.
    fn name(&mut self, hint: &str) -> String {
        let name = self.peek(hint);
        self.names.insert(name.clone());
        name
    }

    /// The name [`Generator::name`] would give `hint`, without reserving it.
    fn peek(&self, hint: &str) -> String {
        let base = upper_camel(hint);
        let base = if base.is_empty() || base.starts_with(|c: char| c.is_ascii_digit()) {
            format!("T{base}")
        } else {
            base
        };
        let mut name = base.clone();
        let mut n = 2;
        while self.names.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        name
    }

    /// Records a schema keyword the generator does not know.
    fn keywords(&mut self, path: &str, schema: &Value) {
        let rules = schema.get("x-kubernetes-validations").and_then(Value::as_array);
        for rule in rules.into_iter().flatten().filter_map(|r| r.get("rule")?.as_str()) {
            if rule.contains("oldSelf") {
                let at = if path.is_empty() { "(the resource)" } else { path };
                self.transitions.push((at.to_owned(), rule.to_owned()));
            }
        }
        for key in schema.as_object().into_iter().flat_map(|o| o.keys()) {
            if !KEYWORDS.contains(&key.as_str()) {
                self.problems.push((
                    path.to_owned(),
                    format!("the schema keyword `{}` is not supported", crate::safe::shown(key)),
                ));
            }
        }
    }

    /// Records `what` at `path` as something the generator cannot type; a placeholder type.
    fn unsupported(&mut self, path: &str, what: &str) -> Shape {
        self.problems.push((path.to_owned(), format!("{what} cannot be typed")));
        Shape::Unit
    }
}

/// A struct field as the generator writes it.
struct Field {
    json: String,
    ident: String,
    shape: Shape,
    optional: bool,
    doc: String,
}

impl Field {
    /// A required field of a fixed type.
    fn plain(json: &str, shape: Shape, doc: String) -> Field {
        // Its Rust name is given with the others' (`idents`), unique within the struct.
        Field { json: json.into(), ident: String::new(), shape, optional: false, doc }
    }

    /// The field as data.
    fn shape(&self) -> FieldShape {
        FieldShape {
            json: self.json.clone(),
            ident: self.ident.clone(),
            shape: self.shape.clone(),
            optional: self.optional,
        }
    }
}

/// Gives each field its Rust name, unique within the struct.
fn idents(fields: &mut [Field]) {
    let mut taken = BTreeSet::new();
    for f in fields {
        let mut ident = field_ident(&f.json);
        while !taken.insert(ident.clone()) {
            ident.push('_');
        }
        f.ident = ident;
    }
}

/// The properties of an object schema, in the schema's order.
fn properties(schema: &Value) -> Vec<(String, &Value)> {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| p.iter().map(|(k, v)| (k.clone(), v)).collect())
        .unwrap_or_default()
}

/// The names an object schema requires.
fn required(schema: &Value) -> BTreeSet<&str> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

/// Whether `schema` sets the boolean extension `key`.
fn flag(schema: &Value, key: &str) -> bool {
    schema.get(key) == Some(&Value::Bool(true))
}

/// The values of a string `enum`, when every one is a string.
fn string_enum(schema: &Value) -> Option<Vec<String>> {
    let values = schema.get("enum")?.as_array()?;
    values
        .iter()
        .map(|v| v.as_str().map(str::to_owned))
        .collect::<Option<Vec<_>>>()
        .filter(|v| !v.is_empty())
}

/// The schema's description, if it has one.
fn description(schema: &Value) -> Option<String> {
    schema
        .get("description")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transition_rules_are_listed_on_the_resource_type() {
        let schema = serde_json::json!({"type": "object", "properties": {"spec": {
            "type": "object",
            "properties": {"size": {"type": "integer", "x-kubernetes-validations": [
                {"rule": "self >= oldSelf", "message": "size may only grow"},
                {"rule": "self > 0"},
            ]}},
        }}});
        let widget = Resource {
            group: "example.com",
            version: "v1",
            kind: "Widget",
            plural: "widgets",
            namespaced: true,
            api_version: "example.com/v1".into(),
        };
        let code = module(&widget, &schema).map(|(code, _)| code).unwrap_or_default();
        assert!(code.contains("/// - `spec.size`: `self >= oldSelf`\n"), "{code}");
        assert!(!code.contains("`self > 0`"), "a rule the render judges is not listed: {code}");
    }

    #[test]
    fn an_unknown_keyword_is_refused_by_name() {
        let schema = serde_json::json!({"type": "object", "properties": {"a": {"type": "string", "x-magic": 1}}});
        let widget = Resource {
            group: "example.com",
            version: "v1",
            kind: "Widget",
            plural: "widgets",
            namespaced: true,
            api_version: "example.com/v1".into(),
        };
        let problems = module(&widget, &schema).err().unwrap_or_default();
        assert_eq!(
            problems,
            [("a".to_owned(), "the schema keyword `x-magic` is not supported".to_owned())]
        );
    }
}
