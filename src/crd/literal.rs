//! A custom resource written as a struct literal of its generated type, for `import`: the
//! walk follows the types the generator made (`shape`), so the literal compiles against
//! them, and it computes beside the text the object the literal serialises to, which is
//! what the imported project will render and what `import` compares with the original.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::shape::{Catalog, Def, Shape, Types};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::printer::Expr;

/// A custom resource as Rust.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Literal {
    /// The expression, e.g. `Certificate { metadata: …, ..Certificate::default() }`.
    pub(crate) expr: Expr,
    /// The generated module the type comes from.
    pub(crate) module: String,
    /// The resource's type, as the expression names it.
    pub(crate) root: String,
    /// What the expression serialises to (what the render writes).
    pub(crate) value: Value,
    /// The module's types the expression names (for its `use` line).
    pub(crate) names: BTreeSet<String>,
    /// Outside names it uses: `BTreeMap`, `IntOrString`, `ObjectMeta`, `json`.
    pub(crate) externals: BTreeSet<&'static str>,
}

/// The object sizes beyond which a kept-unknown value is not written with `json!`, whose
/// expansion recurses once per entry and would hit the compiler's recursion limit.
const MAX_JSON_ENTRIES: usize = 48;

/// Writes custom resources as literals of the types in a catalog.
pub(crate) struct Printer<'a> {
    /// The generated types, by `(apiVersion, kind)`.
    pub(crate) catalog: &'a Catalog,
    /// Write the module's types as `module::Type` (when two modules of one file define the
    /// same name) rather than by their bare names.
    pub(crate) qualified: bool,
}

/// One walk: the module and what it named so far.
struct Walk<'a> {
    types: &'a Types,
    qualified: bool,
    names: BTreeSet<String>,
    externals: BTreeSet<&'static str>,
}

impl Printer<'_> {
    /// The types of `object`'s `apiVersion` and `kind`, when the catalog has them.
    pub(crate) fn types_of(&self, object: &Value) -> Option<&Types> {
        let key = |k: &str| object.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
        self.catalog.get(&(key("apiVersion"), key("kind")))
    }

    /// `object` as a literal of its generated type; why not, naming the field, when a value
    /// does not fit the type (a field the schema lacks, a value of another type).
    pub(crate) fn literal(&self, object: &Value) -> Result<Literal, String> {
        let types = self.types_of(object).ok_or("its CRD is not among `--crds`")?;
        let mut walk = Walk {
            types,
            qualified: self.qualified,
            names: BTreeSet::new(),
            externals: BTreeSet::new(),
        };
        let (expr, mut value) = walk.named(&types.root, object, "", true)?;
        // `Default` fills these in; the walk leaves them to it.
        if let Value::Object(map) = &mut value {
            for key in ["apiVersion", "kind"] {
                map.insert(key.into(), object.get(key).cloned().unwrap_or_default());
            }
        }
        Ok(Literal {
            expr,
            module: types.module.clone(),
            root: walk.ty(&types.root),
            value,
            names: walk.names,
            externals: walk.externals,
        })
    }
}

/// `at.key`, or `key` at the top.
fn join(at: &str, key: &str) -> String {
    if at.is_empty() { key.to_owned() } else { format!("{at}.{key}") }
}

/// A string literal of type `String`.
fn string(s: &str) -> Expr {
    Expr::atom(format!("{}.into()", crate::safe::rust_str(s)))
}

/// `Some(expr)`.
fn some(expr: Expr) -> Expr {
    Expr::wrap("Some(", expr, ")")
}

/// `(key, value)`.
fn pair(key: Expr, value: Expr) -> Expr {
    Expr::list("(", vec![key, value], ")")
}

impl Walk<'_> {
    /// How the expression names the module's type `name`.
    fn ty(&mut self, name: &str) -> String {
        self.names.insert(name.to_owned());
        if self.qualified { format!("{}::{name}", self.types.module) } else { name.to_owned() }
    }

    /// `value` as an expression of `shape`, and what it serialises to.
    fn value(&mut self, shape: &Shape, value: &Value, at: &str) -> Result<(Expr, Value), String> {
        let wrong = |expected: &str| {
            Err(format!("`{at}` is {}, where the CRD expects {expected}", what(value)))
        };
        match shape {
            Shape::Str => match value.as_str() {
                Some(s) => Ok((string(s), value.clone())),
                None => wrong("a string"),
            },
            Shape::I32 | Shape::I64 => {
                let n =
                    value.as_i64().filter(|n| *shape == Shape::I64 || i32::try_from(*n).is_ok());
                match n {
                    Some(n) => Ok((Expr::atom(n.to_string()), Value::from(n))),
                    None if *shape == Shape::I32 => wrong("a 32-bit integer"),
                    None => wrong("an integer"),
                }
            }
            Shape::F64 => match value.as_f64() {
                Some(f) => Ok((Expr::atom(format!("{f:?}")), Value::from(f))),
                None => wrong("a number"),
            },
            Shape::Bool => match value.as_bool() {
                Some(b) => Ok((Expr::atom(b.to_string()), value.clone())),
                None => wrong("a boolean"),
            },
            Shape::Json => {
                if too_large(value) {
                    return Err(format!(
                        "`{at}` holds an object of more than {MAX_JSON_ENTRIES} entries"
                    ));
                }
                self.externals.insert("json");
                Ok((Expr::wrap("json!(", json(value), ")"), value.clone()))
            }
            Shape::IntOrString => {
                self.externals.insert("IntOrString");
                match value {
                    Value::String(s) => {
                        Ok((Expr::wrap("IntOrString::String(", string(s), ")"), value.clone()))
                    }
                    _ => match value.as_i64().and_then(|n| i32::try_from(n).ok()) {
                        Some(n) => {
                            Ok((Expr::atom(format!("IntOrString::Int({n})")), value.clone()))
                        }
                        None => wrong("an integer or a string"),
                    },
                }
            }
            Shape::Meta => self.meta(value, at),
            Shape::List(item) => {
                let Some(items) = value.as_array() else { return wrong("a list") };
                if items.is_empty() {
                    return Ok((Expr::atom("Vec::new()"), value.clone()));
                }
                let mut exprs = Vec::new();
                let mut back = Vec::new();
                for (i, v) in items.iter().enumerate() {
                    let (e, b) = self.value(item, v, &format!("{at}[{i}]"))?;
                    exprs.push(e);
                    back.push(b);
                }
                Ok((Expr::list("vec![", exprs, "]"), Value::Array(back)))
            }
            Shape::Map(item) => {
                let Some(entries) = value.as_object() else { return wrong("a map") };
                self.externals.insert("BTreeMap");
                if entries.is_empty() {
                    return Ok((Expr::atom("BTreeMap::new()"), value.clone()));
                }
                let mut exprs = Vec::new();
                let mut back = Map::new();
                // A `BTreeMap` writes its keys sorted; so does the literal.
                let sorted: std::collections::BTreeMap<&String, &Value> = entries.iter().collect();
                for (k, v) in sorted {
                    let (e, b) = self.value(item, v, &join(at, k))?;
                    exprs.push(pair(string(k), e));
                    back.insert(k.clone(), b);
                }
                Ok((Expr::list("BTreeMap::from([", exprs, "])"), Value::Object(back)))
            }
            Shape::Named(name) => self.named(name, value, at, false),
            Shape::Unit => Err(format!("`{at}` has no type")),
        }
    }

    /// `value` as the struct or enum `name`; `root` leaves `apiVersion` and `kind` to the
    /// type's `Default`.
    fn named(
        &mut self,
        name: &str,
        value: &Value,
        at: &str,
        root: bool,
    ) -> Result<(Expr, Value), String> {
        let types = self.types;
        let ty = self.ty(name);
        match types.defs.get(name) {
            Some(Def::Enum(variants)) => {
                let found = value.as_str().and_then(|s| variants.iter().find(|(v, _)| v == s));
                match found {
                    Some((_, variant)) => {
                        Ok((Expr::atom(format!("{ty}::{variant}")), value.clone()))
                    }
                    None => Err(format!("`{at}` is {}, not one of the CRD's values", what(value))),
                }
            }
            Some(Def::Struct(fields)) => {
                let Some(map) = value.as_object() else {
                    return Err(format!(
                        "`{at}` is {}, where the CRD expects an object",
                        what(value)
                    ));
                };
                if let Some(unknown) = map.keys().find(|k| !fields.iter().any(|f| &f.json == *k)) {
                    return Err(format!("`{}` is not in the CRD's schema", join(at, unknown)));
                }
                let mut parts = Vec::new();
                let mut back = Map::new();
                let mut all = true;
                for f in fields {
                    if root && matches!(f.json.as_str(), "apiVersion" | "kind") {
                        all = false;
                        continue;
                    }
                    let here = join(at, &f.json);
                    match map.get(&f.json) {
                        None | Some(Value::Null) if f.optional => all = false,
                        None => {
                            // Serialised as the type's default: the comparison sees it.
                            back.insert(f.json.clone(), self.default_of(&f.shape));
                            all = false;
                        }
                        Some(Value::Null) => {
                            return Err(format!(
                                "`{here}` is null, where the CRD requires a value"
                            ));
                        }
                        Some(v) => {
                            let (e, b) = self.value(&f.shape, v, &here)?;
                            let e = if f.optional { some(e) } else { e };
                            parts.push(Expr::field(&f.ident, e));
                            back.insert(f.json.clone(), b);
                        }
                    }
                }
                let expr = match (parts.is_empty(), all) {
                    (true, _) => Expr::atom(format!("{ty}::default()")),
                    (false, true) => Expr::structure(&ty, parts, None),
                    (false, false) => {
                        Expr::structure(&ty, parts, Some(format!("..{ty}::default()")))
                    }
                };
                Ok((expr, Value::Object(back)))
            }
            None => Err(format!("`{at}`: the type `{name}` is not in its module")),
        }
    }

    /// What `Default` of `shape` serialises to.
    fn default_of(&self, shape: &Shape) -> Value {
        match shape {
            Shape::Str => Value::from(""),
            Shape::I32 | Shape::I64 | Shape::IntOrString => Value::from(0),
            Shape::F64 => Value::from(0.0),
            Shape::Bool => Value::Bool(false),
            Shape::Json | Shape::Unit => Value::Null,
            Shape::Meta | Shape::Map(_) => Value::Object(Map::new()),
            Shape::List(_) => Value::Array(Vec::new()),
            Shape::Named(name) => match self.types.defs.get(name) {
                Some(Def::Enum(variants)) => {
                    variants.first().map_or(Value::Null, |(v, _)| Value::from(v.as_str()))
                }
                Some(Def::Struct(fields)) => Value::Object(
                    fields
                        .iter()
                        .filter(|f| !f.optional)
                        .map(|f| (f.json.clone(), self.default_of(&f.shape)))
                        .collect(),
                ),
                None => Value::Null,
            },
        }
    }

    /// `metadata` as an `ObjectMeta` literal: the fields a resource in a repository sets.
    fn meta(&mut self, value: &Value, at: &str) -> Result<(Expr, Value), String> {
        let Some(map) = value.as_object() else {
            return Err(format!("`{at}` is {}, where an object is expected", what(value)));
        };
        self.externals.insert("ObjectMeta");
        let mut parts = Vec::new();
        for (key, v) in map {
            let here = join(at, key);
            let part = match (key.as_str(), v) {
                (_, Value::Null) => continue,
                ("name" | "namespace" | "generateName", Value::String(s)) => {
                    let ident = if key == "generateName" { "generate_name" } else { key };
                    Expr::field(ident, some(string(s)))
                }
                ("labels" | "annotations", Value::Object(entries)) => {
                    let mut pairs = Vec::new();
                    for (k, v) in entries {
                        let Some(v) = v.as_str() else {
                            return Err(format!(
                                "`{}` is {}, not a string",
                                join(&here, k),
                                what(v)
                            ));
                        };
                        pairs.push(pair(string(k), string(v)));
                    }
                    self.externals.insert("BTreeMap");
                    Expr::field(key, some(Expr::list("BTreeMap::from([", pairs, "])")))
                }
                ("finalizers", Value::Array(items)) => {
                    let mut strings = Vec::new();
                    for (i, item) in items.iter().enumerate() {
                        let Some(s) = item.as_str() else {
                            return Err(format!("`{here}[{i}]` is {}, not a string", what(item)));
                        };
                        strings.push(string(s));
                    }
                    Expr::field("finalizers", some(Expr::list("vec![", strings, "]")))
                }
                _ => return Err(format!("`{here}` is not a field import writes")),
            };
            parts.push(part);
        }
        // What k8s-openapi's `ObjectMeta` writes: its own field order, maps sorted.
        let meta: ObjectMeta = serde_json::from_value(value.clone())
            .map_err(|e| format!("`{at}` is not object metadata: {e}"))?;
        let back = serde_json::to_value(&meta).map_err(|e| format!("`{at}`: {e}"))?;
        let expr = if parts.is_empty() {
            Expr::atom("ObjectMeta::default()")
        } else {
            Expr::structure("ObjectMeta", parts, Some("..ObjectMeta::default()".into()))
        };
        Ok((expr, back))
    }
}

/// What a value is, for messages.
fn what(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("`{n}`"),
        Value::String(s) => format!("`{}`", crate::safe::shown(s)),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// Whether some list or object in `value` has more entries than `json!` should expand.
fn too_large(value: &Value) -> bool {
    match value {
        Value::Array(items) => items.len() > MAX_JSON_ENTRIES || items.iter().any(too_large),
        Value::Object(map) => map.len() > MAX_JSON_ENTRIES || map.values().any(too_large),
        _ => false,
    }
}

/// `value` as the tokens of a `json!` invocation; strings go through the one escaping layer.
fn json(value: &Value) -> Expr {
    match value {
        Value::Null => Expr::atom("null"),
        Value::Bool(b) => Expr::atom(b.to_string()),
        Value::Number(n) => Expr::atom(match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.to_string(),
            (None, Some(u), _) => u.to_string(),
            (None, None, Some(f)) => format!("{f:?}"),
            _ => "null".into(),
        }),
        Value::String(s) => Expr::atom(crate::safe::rust_str(s)),
        Value::Array(items) => Expr::list("[", items.iter().map(json).collect(), "]"),
        Value::Object(map) => Expr::list(
            "{",
            map.iter()
                .map(|(k, v)| Expr::wrap(format!("{}: ", crate::safe::rust_str(k)), json(v), ""))
                .collect(),
            "}",
        ),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const CRD: &str = "apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [size, owner]
            properties:
              size: {type: integer, format: int32}
              ratio: {type: number}
              owner: {type: object, required: [name], properties: {name: {type: string}}}
              color: {type: string, enum: [red, green]}
              port: {x-kubernetes-int-or-string: true}
              extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
";

    fn literal(spec: Value) -> Result<Literal, String> {
        let files = [("widgets.yaml".to_owned(), CRD.to_owned())];
        let (_, catalog) = super::super::catalog(&files).unwrap_or_default();
        let object = json!({"apiVersion": "example.com/v1", "kind": "Widget",
            "metadata": {"name": "w"}, "spec": spec});
        Printer { catalog: &catalog, qualified: false }.literal(&object)
    }

    #[test]
    fn each_shape_is_written_as_its_rust_value_and_serialises_as_the_type_would() {
        let l = literal(json!({"size": 3, "ratio": 1, "owner": {"name": "a"}, "color": "red",
            "port": "http", "extra": {"k": [1, "x\"y"]}}))
        .unwrap_or_else(|e| panic!("{e}"));
        let text = l.expr.flat();
        for part in [
            "size: 3",
            "ratio: Some(1.0)",
            "owner: WidgetSpecOwner { name: \"a\".into() }",
            "color: Some(WidgetSpecColor::Red)",
            "port: Some(IntOrString::String(\"http\".into()))",
            "extra: Some(json!({\"k\": [1, \"x\\\"y\"]}))",
            "..Widget::default()",
        ] {
            assert!(text.contains(part), "no `{part}` in {text}");
        }
        // An `f64` writes `1.0` for the `1` it read.
        assert_eq!(l.value.pointer("/spec/ratio"), Some(&json!(1.0)));
        assert_eq!(l.value["apiVersion"], "example.com/v1");
        assert!(l.names.contains("WidgetSpecOwner"), "{:?}", l.names);
        assert!(l.externals.contains("IntOrString") && l.externals.contains("json"));
    }

    #[test]
    fn a_required_field_left_out_serialises_as_its_default() {
        let l = literal(json!({"size": 3})).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(l.value.pointer("/spec/owner"), Some(&json!({"name": ""})));
    }

    #[test]
    fn a_value_the_type_cannot_hold_is_named_with_its_field() {
        let cases = [
            (
                json!({"size": 3_000_000_000_i64, "owner": {"name": "a"}}),
                "`spec.size` is `3000000000`, where the CRD expects a 32-bit integer",
            ),
            (
                json!({"size": 1, "owner": {"name": "a"}, "color": "blue"}),
                "`spec.color` is `blue`, not one of the CRD's values",
            ),
            (
                json!({"size": 1, "owner": {"name": "a", "id": 2}}),
                "`spec.owner.id` is not in the CRD's schema",
            ),
            (
                json!({"size": 1, "owner": null}),
                "`spec.owner` is null, where the CRD requires a value",
            ),
        ];
        for (spec, why) in cases {
            assert_eq!(literal(spec).err().as_deref(), Some(why));
        }
    }

    #[test]
    fn qualified_names_carry_their_module() {
        let files = [("widgets.yaml".to_owned(), CRD.to_owned())];
        let (_, catalog) = super::super::catalog(&files).unwrap_or_default();
        let object = json!({"apiVersion": "example.com/v1", "kind": "Widget",
            "metadata": {"name": "w"}, "spec": {"size": 1, "owner": {"name": "a"}}});
        let l = Printer { catalog: &catalog, qualified: true }
            .literal(&object)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(l.expr.flat().starts_with("widget_example_com_v1::Widget {"), "{}", l.expr.flat());
        assert_eq!(l.root, "widget_example_com_v1::Widget");
    }
}
