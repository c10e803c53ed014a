//! What the generated types are, as data: the printer of types writes them as Rust, and
//! `import` walks a custom resource through them to write it as a struct literal.

use std::collections::BTreeMap;

/// The Rust type of one schema node.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Shape {
    /// `String`.
    Str,
    /// `i32` (`format: int32`).
    I32,
    /// `i64`.
    I64,
    /// `f64`.
    F64,
    /// `bool`.
    Bool,
    /// `serde_json::Value`: the schema keeps unknown fields.
    Json,
    /// k8s-openapi's `IntOrString`.
    IntOrString,
    /// k8s-openapi's `ObjectMeta`.
    Meta,
    /// `Vec<_>`.
    List(Box<Shape>),
    /// `BTreeMap<String, _>`.
    Map(Box<Shape>),
    /// A struct or enum the module defines, by name.
    Named(String),
    /// What the generator could not type (it reports an error, so no module holds one).
    Unit,
}

impl Shape {
    /// The type as the generated module writes it.
    pub(crate) fn rust(&self) -> String {
        match self {
            Shape::Str => "String".into(),
            Shape::I32 => "i32".into(),
            Shape::I64 => "i64".into(),
            Shape::F64 => "f64".into(),
            Shape::Bool => "bool".into(),
            Shape::Json => "rustomize::serde_json::Value".into(),
            Shape::IntOrString => "IntOrString".into(),
            Shape::Meta => "ObjectMeta".into(),
            Shape::List(item) => format!("Vec<{}>", item.rust()),
            Shape::Map(value) => format!("BTreeMap<String, {}>", value.rust()),
            Shape::Named(name) => name.clone(),
            Shape::Unit => "()".into(),
        }
    }
}

/// A field of a generated struct.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FieldShape {
    /// Its name in the resource.
    pub(crate) json: String,
    /// Its Rust name.
    pub(crate) ident: String,
    /// Its type, inside `Option` when `optional`.
    pub(crate) shape: Shape,
    /// Not required by the schema: `Option<_>`, left out when `None`.
    pub(crate) optional: bool,
}

/// A type a generated module defines.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Def {
    /// A struct with these fields, in order.
    Struct(Vec<FieldShape>),
    /// A string enum: `(value, variant)` pairs; the first is the default.
    Enum(Vec<(String, String)>),
}

/// One generated module: the custom resource's root type and every type it defines.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Types {
    /// The module's name (`certificate_cert_manager_io_v1`).
    pub(crate) module: String,
    /// The file of the CRD it comes from.
    pub(crate) source: String,
    /// The root type (the custom resource itself).
    pub(crate) root: String,
    /// Every type the module defines, by name.
    pub(crate) defs: BTreeMap<String, Def>,
}

/// The generated modules of a set of CRDs, by the `(apiVersion, kind)` they serve.
pub(crate) type Catalog = BTreeMap<(String, String), Types>;
