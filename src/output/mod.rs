//! Output: orders objects, serialises them and lays them out as trees of files.

mod drift;
mod order;
mod write;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

pub use crate::yaml::to_yaml_value;
pub use order::{file_name, legacy_cmp, sort_legacy};

pub(crate) use drift::is_local_env;
pub use drift::{Drift, check, compare, pruned, read_tree};
use order::{Key, SortKey};
pub use write::{Generate, TreeLock, generate, lock};

use crate::error::Error;
use crate::object::{Object, Rendered};

/// One object as a YAML document: `apiVersion`, `kind`, `metadata` first, `name` first in
/// every list item, LF line endings and a trailing newline.
pub fn to_yaml(object: &Object) -> Result<String, Error> {
    // Straight from the typed object; through its JSON value only for a shape the direct
    // writer refuses. Both give the same bytes (tested on every example's objects).
    if let Ok(yaml) = crate::yaml::typed_to_yaml(object) {
        return Ok(yaml);
    }
    let err = |message: String| Error::Yaml { object: object.describe(), message };
    let mut value = object.to_json().map_err(|e| err(e.to_string()))?;
    crate::yaml::canonical_object(&mut value);
    crate::yaml::to_yaml_value(&value).map_err(err)
}

/// The files of every tree, keyed by their path relative to `generated/` (`overlays/prod/…`).
pub type TreeFiles = BTreeMap<String, String>;

/// The order of objects in a `render` stream.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Order {
    /// Kustomize's default: by kind (Namespace first, webhooks last), then namespace and name.
    #[default]
    Legacy,
    /// Declaration order, like Kustomize's `sortOptions: {order: fifo}`.
    Fifo,
}

/// The multi-document stream `render` prints: Kustomize's legacy order, `---` between documents.
pub fn stream(rendered: &Rendered) -> Result<String, Error> {
    stream_in(rendered, Order::Legacy)
}

/// [`stream`] in the given order.
pub fn stream_in(rendered: &Rendered, order: Order) -> Result<String, Error> {
    let mut out = Vec::new();
    write_stream(rendered, order, &mut out)?;
    String::from_utf8(out)
        .map_err(|e| Error::Yaml { object: "a stream".into(), message: e.to_string() })
}

/// Writes the [`stream_in`] bytes to `out`.
pub fn write_stream(
    rendered: &Rendered,
    order: Order,
    out: &mut impl std::io::Write,
) -> Result<(), Error> {
    write_documents(&documents(&rendered.objects)?, order, out)
}

/// One object serialised, with what its place in a stream and its file name are read from:
/// a large tree is held as its documents, a fraction of its typed objects' size.
#[derive(Clone, Debug)]
pub(crate) struct Document {
    // Borrowed from k8s-openapi's constants for typed objects: a large tree has many.
    group: Cow<'static, str>,
    version: Cow<'static, str>,
    kind: Cow<'static, str>,
    namespace: Option<String>,
    name: String,
    namespaced: bool,
    /// What the legacy order compares (the kind's rank, `G_V_K`, `namespace|name`), built once.
    order: SortKey,
    /// The YAML document, with its trailing newline.
    pub(crate) yaml: String,
    /// The stage folder it is written to (`01-stage/`), when its tree has them.
    pub(crate) stage: Option<i64>,
}

impl Document {
    /// The object's (group, kind, namespace, name).
    pub(crate) fn identity(&self) -> (&str, &str, Option<&str>, &str) {
        (&self.group, &self.kind, self.namespace.as_deref(), &self.name)
    }

    fn key(&self) -> Key<'_> {
        Key {
            group: &self.group,
            version: &self.version,
            kind: &self.kind,
            namespace: self.namespace.as_deref(),
            name: &self.name,
        }
    }
}

/// `objects` serialised on every core, in their order.
pub(crate) fn documents(objects: &[Object]) -> Result<Vec<Document>, Error> {
    let refs: Vec<&Object> = objects.iter().collect();
    Ok(objects.iter().zip(to_yaml_all(&refs)?).map(|(o, yaml)| document(o, yaml)).collect())
}

/// `objects` serialised on this thread, in their order.
pub(crate) fn serialise(objects: &[Object]) -> Result<Vec<Document>, Error> {
    objects.iter().map(|o| Ok(document(o, to_yaml(o)?))).collect()
}

/// `object` serialised as `yaml`, with its identity.
fn document(o: &Object, yaml: String) -> Document {
    let (group, version, kind) = match o.static_type() {
        Some((g, v, k)) => (Cow::Borrowed(g), Cow::Borrowed(v), Cow::Borrowed(k)),
        None => {
            (o.group().to_owned().into(), o.version().to_owned().into(), o.kind().to_owned().into())
        }
    };
    Document {
        order: Key::of(o).sort_key(),
        group,
        version,
        kind,
        namespace: o.namespace().map(str::to_owned),
        name: o.name().to_owned(),
        namespaced: o.is_namespaced(),
        yaml,
        stage: None,
    }
}

/// Writes `docs` as one stream, `---` between documents, in `order`.
pub(crate) fn write_documents(
    docs: &[Document],
    order: Order,
    out: &mut impl std::io::Write,
) -> Result<(), Error> {
    let positions = match order {
        Order::Legacy => legacy_positions(docs),
        Order::Fifo => (0..docs.len()).collect(),
    };
    let io = |e: std::io::Error| Error::io("write", std::path::Path::new("<stdout>"), e);
    for (i, &p) in positions.iter().enumerate() {
        if i > 0 {
            out.write_all(b"---\n").map_err(io)?;
        }
        out.write_all(docs[p].yaml.as_bytes()).map_err(io)?;
    }
    Ok(())
}

/// The positions of `docs` in the legacy order (the same order as a stable sort by
/// `legacy_cmp`). A tree has few kinds and many objects: the kinds are ordered once, then
/// each kind's objects by their `namespace|name` bytes alone, and positions are sorted
/// rather than the documents themselves.
fn legacy_positions(docs: &[Document]) -> Vec<usize> {
    let mut kinds: Vec<Vec<usize>> = Vec::new();
    let mut index: std::collections::HashMap<(&str, &str, &str), usize> = Default::default();
    for (i, doc) in docs.iter().enumerate() {
        let kind = *index.entry((&doc.group, &doc.version, &doc.kind)).or_insert_with(|| {
            kinds.push(Vec::new());
            kinds.len() - 1
        });
        kinds[kind].push(i);
    }
    // Each list has at least the document that created it; two lists never share a kind.
    let first = |members: &Vec<usize>| &docs[members[0]];
    kinds.sort_by(|a, b| {
        let (a, b) = (first(a), first(b));
        a.key().cmp_with(
            b.key(),
            || (a.order.rank, b.order.rank),
            |_, _| a.order.gvk().cmp(b.order.gvk()),
            |_, _| std::cmp::Ordering::Equal,
        )
    });
    for members in &mut kinds {
        members.sort_by(|&a, &b| docs[a].order.tail().cmp(docs[b].order.tail()));
    }
    kinds.into_iter().flatten().collect()
}

/// Serialises objects on every core; the result keeps the input order, so output is the same
/// bytes whatever the machine.
pub fn to_yaml_all(objects: &[&Object]) -> Result<Vec<String>, Error> {
    // Small runs claimed in turn, so heavy kinds grouped together (Deployments, in the legacy
    // order) are still shared between cores.
    let runs = crate::parallel::runs(objects, 32, |run| {
        run.iter().map(|o| to_yaml(o)).collect::<Result<Vec<_>, _>>()
    })?;
    Ok(runs.into_iter().flatten().collect())
}

/// One environment's tree: one file per object, each starting with `header`.
pub fn tree(rendered: &Rendered, tree: &str, header: &str) -> Result<TreeFiles, Error> {
    tree_of(&rendered.target, documents(&rendered.objects)?, tree, header)
}

/// [`tree`] from the documents of `target`.
pub(crate) fn tree_of(
    target: &str,
    docs: Vec<Document>,
    tree: &str,
    header: &str,
) -> Result<TreeFiles, Error> {
    let namespaces: BTreeSet<Option<&str>> =
        docs.iter().filter(|d| d.namespaced).map(|d| d.namespace.as_deref()).collect();
    // Objects with the same kind and name may share a tree only across namespaces.
    let with_namespace = namespaces.len() > 1;
    let mut files = TreeFiles::new();
    for doc in &docs {
        let folder = doc.stage.map_or_else(String::new, |s| format!("{s:02}-stage/"));
        let path = format!("{tree}/{folder}{}", doc.key().file_name(with_namespace));
        let body = format!("{header}{}", doc.yaml);
        if files.insert(path.clone(), body).is_some() {
            let object = format!("{} `{}`", doc.kind, doc.name);
            return Err(Error::Invalid(vec![crate::error::Diagnostic {
                targets: vec![target.to_owned()],
                code: crate::error::Code::Duplicate,
                subject: crate::error::Subject::Object {
                    kind: doc.kind.to_string(),
                    name: doc.name.clone(),
                },
                object: object.clone(),
                field: "metadata.name".into(),
                message: format!("{object} is rendered twice; both would be written to `{path}`"),
                expected: Some("unique (kind, namespace, name) within a tree".into()),
                help: None,
            }]));
        }
    }
    Ok(files)
}

/// The header comment every generated file starts with. No timestamp or version: those would
/// make every release look like drift.
pub fn header(regenerate: &str) -> String {
    format!("# Generated by rustomize. Do not edit: change the Rust code and run `{regenerate}`.\n")
}
