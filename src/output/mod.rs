//! Output: orders objects, serialises them and lays them out as trees of files.

mod order;
mod write;

use std::collections::{BTreeMap, BTreeSet};

pub use crate::yaml::to_yaml_value;
pub use order::{file_name, legacy_cmp, sort_legacy};
pub use write::{Drift, check, compare, generate, read_tree};

use crate::error::Error;
use crate::object::{Object, Rendered};

/// One object as a YAML document: `apiVersion`, `kind`, `metadata` first, `name` first in
/// every list item, LF line endings and a trailing newline.
pub fn to_yaml(object: &Object) -> Result<String, Error> {
    let err = |message: String| Error::Yaml { object: object.describe(), message };
    let mut value = object.to_json().map_err(|e| err(e.to_string()))?;
    crate::yaml::canonical_object(&mut value);
    crate::yaml::to_yaml_value(&value).map_err(err)
}

/// The files of every tree, keyed by their path relative to `generated/` (`overlays/prod/…`).
pub type Files = BTreeMap<String, String>;

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

/// Objects serialised per batch before they are written: large enough to keep every core
/// busy, small enough that a large tree's YAML is never held whole.
const BATCH: usize = 1024;

/// Writes the [`stream_in`] bytes to `out` as they are serialised, batch by batch, so the
/// whole stream is never held in memory.
pub fn write_stream(
    rendered: &Rendered,
    order: Order,
    out: &mut impl std::io::Write,
) -> Result<(), Error> {
    let mut objects: Vec<&Object> = rendered.objects.iter().collect();
    if order == Order::Legacy {
        objects.sort_by(|a, b| legacy_cmp(a, b));
    }
    let io = |e: std::io::Error| Error::io("write", std::path::Path::new("<stdout>"), e);
    for (i, batch) in objects.chunks(BATCH).enumerate() {
        for (j, doc) in to_yaml_all(batch)?.iter().enumerate() {
            if i + j > 0 {
                out.write_all(b"---\n").map_err(io)?;
            }
            out.write_all(doc.as_bytes()).map_err(io)?;
        }
    }
    Ok(())
}

/// Serialises objects on every core; the result keeps the input order, so output is the same
/// bytes whatever the machine.
pub fn to_yaml_all(objects: &[&Object]) -> Result<Vec<String>, Error> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    if threads < 2 || objects.len() < 64 {
        return objects.iter().map(|o| to_yaml(o)).collect();
    }
    // Strided, not chunked: the legacy order groups heavy kinds (Deployments) together, so
    // contiguous halves would leave one core doing most of the work.
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    objects
                        .iter()
                        .skip(t)
                        .step_by(threads)
                        .map(|o| to_yaml(o))
                        .collect::<Result<Vec<_>, _>>()
                })
            })
            .collect();
        let mut parts = Vec::with_capacity(threads);
        for handle in handles {
            let part = handle.join().map_err(|_| Error::Yaml {
                object: "a tree".into(),
                message: "a serialising thread panicked".into(),
            })?;
            parts.push(part?.into_iter());
        }
        // Interleave back: object i came from thread i % threads.
        let mut docs = Vec::with_capacity(objects.len());
        for i in 0..objects.len() {
            if let Some(doc) = parts[i % threads].next() {
                docs.push(doc);
            }
        }
        Ok(docs)
    })
}

/// One environment's tree: one file per object, each starting with `header`.
pub fn tree(rendered: &Rendered, tree: &str, header: &str) -> Result<Files, Error> {
    let namespaces: BTreeSet<Option<&str>> =
        rendered.objects.iter().filter(|o| o.is_namespaced()).map(|o| o.namespace()).collect();
    // Objects with the same kind and name may share a tree only across namespaces.
    let with_namespace = namespaces.len() > 1;
    let mut files = Files::new();
    let objects: Vec<&Object> = rendered.objects.iter().collect();
    for (object, yaml) in objects.iter().zip(to_yaml_all(&objects)?) {
        let path = format!("{tree}/{}", file_name(object, with_namespace));
        let body = format!("{header}{yaml}");
        if files.insert(path.clone(), body).is_some() {
            return Err(Error::Invalid(vec![crate::error::Diagnostic {
                target: rendered.target.clone(),
                object: object.describe(),
                field: "metadata.name".into(),
                message: format!(
                    "{} is rendered twice; both would be written to `{path}`",
                    object.describe()
                ),
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
