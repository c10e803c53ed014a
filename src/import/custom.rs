//! `import --crds DIR`: custom resources whose CRD the project vendors become struct
//! literals of the types `rustomize crd` generates from it. The CRD files are copied into
//! the project (`crds/`), their types written under `src/crds/`, and each environment lists
//! the CRDs its resources need, so the render checks them against their schemas and rules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use super::convert::{Converted, Decisions};
use crate::crd::{Catalog, Literal, Printer};
use crate::error::Error;
use crate::model::RawYaml;

/// One vendored CRD file.
pub(super) struct CrdFile {
    /// Its path in the new project (`crds/<set>/<file>`).
    pub(super) path: String,
    /// Its YAML.
    pub(super) text: String,
    /// The `(apiVersion, kind)` each served version of its CRDs stands for.
    pub(super) serves: BTreeSet<(String, String)>,
}

/// The CRDs `--crds` names: their files and the types generated from them.
#[derive(Default)]
pub(super) struct Crds {
    /// The files, in the order given.
    pub(super) files: Vec<CrdFile>,
    /// The directories under `crds/` in the project, one per `--crds` directory.
    pub(super) sets: Vec<String>,
    /// The generated modules, by file name under `src/crds/`.
    pub(super) generated: crate::crd::Generated,
    /// The same types as data, for the literals.
    pub(super) catalog: Catalog,
}

/// Reads the CRDs in `dirs` and generates their types; `None` when there are none to read.
pub(super) fn read(dirs: &[PathBuf]) -> Result<Option<Crds>, Error> {
    if dirs.is_empty() {
        return Ok(None);
    }
    let mut crds = Crds::default();
    let mut all = Vec::new();
    let mut sources = Vec::new();
    for dir in dirs {
        // The set's name reaches a path in the project: a plain name, unique among sets.
        let base = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let mut set = crate::safe::rust_ident(&base, "crds").replace('_', "-");
        while crds.sets.contains(&set) {
            set.push_str("-2");
        }
        for (path, text) in crate::crd::read_dir(dir)? {
            let file = std::path::Path::new(&path)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            sources.push(format!("crds/{set}/{file}"));
            all.push((path, text));
        }
        crds.sets.push(set);
    }
    // Generated once for every file; each file then names the kinds it serves.
    (crds.generated, crds.catalog) = crate::crd::catalog(&all)?;
    for ((path, text), project_path) in all.into_iter().zip(sources) {
        let serves =
            crds.catalog.iter().filter(|(_, t)| t.source == path).map(|(k, _)| k.clone()).collect();
        crds.files.push(CrdFile { path: project_path, text, serves });
    }
    Ok(Some(crds))
}

/// Types each kept custom resource whose CRD is known, unless an earlier round found that
/// its typed form differs; lists in the environment the CRDs its resources need.
pub(super) fn type_kept(converted: &mut Converted, crds: &Crds, decisions: &Decisions) {
    let printer = Printer { catalog: &crds.catalog, qualified: false };
    let mut served = BTreeSet::new();
    for kept in &mut converted.kept {
        if printer.types_of(&kept.value).is_none() {
            continue;
        }
        served.insert((kept.api_version.clone(), kept.kind.clone()));
        if decisions.raw.contains_key(&kept.id) {
            continue;
        }
        match printer.literal(&kept.value) {
            Ok(literal) => kept.custom = Some(literal),
            Err(why) => kept.why = format!("its CRD's type cannot hold it: {why}"),
        }
    }
    converted.env.crds = crds
        .files
        .iter()
        .filter(|f| !f.serves.is_disjoint(&served))
        .map(|f| RawYaml::inline(&f.path, &f.text))
        .collect();
}

/// The literals of one environment's typed custom resources, as a module of functions (one
/// per resource, named by its kind and name) and the call of each (through `resources`, the
/// module's alias in the environment's file), by kept index.
pub(super) fn module(
    crds: &Crds,
    kept: &[super::convert::Kept],
) -> (String, BTreeMap<usize, String>) {
    let typed: Vec<(usize, &Literal)> =
        kept.iter().enumerate().filter_map(|(i, k)| Some((i, k.custom.as_ref()?))).collect();
    // A type name two modules define is written with its module's path.
    let mut owners: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (_, l) in &typed {
        for name in &l.names {
            owners.entry(name).or_default().insert(&l.module);
        }
    }
    let clash = owners.values().any(|m| m.len() > 1);
    let printer = Printer { catalog: &crds.catalog, qualified: clash };
    let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut externals = BTreeSet::new();
    let mut body = String::new();
    let mut calls = BTreeMap::new();
    let mut idents = BTreeSet::new();
    for (i, literal) in typed {
        let k = &kept[i];
        // Printed again when qualified; the same walk, so it cannot fail where it held.
        let literal = if clash { printer.literal(&k.value).ok() } else { Some(literal.clone()) };
        let Some(literal) = literal else { continue };
        let mut ident = crate::safe::rust_ident(
            &format!(
                "{}_{}",
                k.kind.to_lowercase(),
                k.namespace
                    .as_deref()
                    .map_or_else(|| k.name.clone(), |ns| format!("{ns}_{}", k.name))
            ),
            "resource",
        );
        while !idents.insert(ident.clone()) {
            ident.push('_');
        }
        if clash {
            uses.entry(literal.module.clone()).or_default();
        } else {
            uses.entry(literal.module.clone()).or_default().extend(literal.names.iter().cloned());
        }
        externals.extend(literal.externals.iter().copied());
        body.push_str(&format!(
            "\n/// {} `{}`{}.\npub fn {ident}() -> {} {{\n    {}\n}}\n",
            crate::safe::comment(&k.kind),
            crate::safe::comment(&k.name),
            k.namespace
                .as_deref()
                .map_or_else(String::new, |ns| format!(" in `{}`", crate::safe::comment(ns))),
            literal.root,
            literal.expr.layout(4, 4)
        ));
        calls.insert(i, format!("resources::{ident}()"));
    }
    let mut head = String::new();
    for (path, external) in [
        ("std::collections::BTreeMap", "BTreeMap"),
        ("rustomize::k8s::apimachinery::pkg::apis::meta::v1::ObjectMeta", "ObjectMeta"),
        ("rustomize::k8s::apimachinery::pkg::util::intstr::IntOrString", "IntOrString"),
        ("rustomize::serde_json::json", "json"),
    ] {
        if externals.contains(external) {
            head.push_str(&format!("use {path};\n"));
        }
    }
    for (module, names) in &uses {
        if names.is_empty() {
            head.push_str(&format!("use crate::crds::{module};\n"));
        } else {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            head.push_str(&format!("use crate::crds::{module}::{{{}}};\n", names.join(", ")));
        }
    }
    (format!("{head}{body}"), calls)
}
