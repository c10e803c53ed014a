//! A generated Rust file as text: parsed by syn, so code that does not parse is an error
//! (a bug in `import`) and never a file; its `use` lines taken from the names the parsed code
//! uses; laid out by prettyplease, so the bytes are the same whether or not rustfmt is
//! installed.

use std::collections::BTreeSet;

use syn::visit::Visit;
use syn::visit_mut::VisitMut;

/// The macro a printed line comment is until the file is laid out: comments are not tokens,
/// so syn would drop them. Printed as a statement, `comment!("text");`, it becomes
/// `// text` on its own line.
pub(super) const COMMENT: &str = "__rustomize_comment";

/// `text` (a whole source file: inner doc comments, items) parsed, given the `use` lines for
/// the names it uses from rustomize (and `BTreeMap`), and laid out.
pub(super) fn layout(text: &str) -> Result<String, String> {
    let mut file = syn::parse_file(text).map_err(|e| {
        let at = e.span().start();
        let line = text.lines().nth(at.line.saturating_sub(1)).unwrap_or_default();
        format!("line {}: {e}: `{}`", at.line, line.trim())
    })?;
    let mut names = Names::default();
    names.visit_file(&file);
    // What the file imports already (a custom resource module names its own) is not again.
    let mut imported = BTreeSet::new();
    for item in &file.items {
        if let syn::Item::Use(u) = item {
            imported_by(&u.tree, &mut imported);
        }
    }
    let wanted = |n: &str| names.0.contains(n) && !imported.contains(n);
    let mut uses = Vec::new();
    if wanted("BTreeMap") {
        uses.push("use std::collections::BTreeMap;".to_owned());
    }
    let mut model: Vec<&str> = MODEL_NAMES.iter().copied().filter(|n| wanted(n)).collect();
    model.sort_unstable();
    match model.as_slice() {
        [] => {}
        [one] => uses.push(format!("use rustomize::{one};")),
        many => uses.push(format!("use rustomize::{{{}}};", many.join(", "))),
    }
    let mut items = Vec::new();
    for u in &uses {
        items.push(syn::parse_str::<syn::Item>(u).map_err(|e| format!("{u}: {e}"))?);
    }
    file.items.splice(0..0, items);
    // Each comment becomes a call of a macro whose name the text does not hold, with the
    // comment's number: after layout, exactly those lines are the comments.
    let mut n = 0;
    let marker = loop {
        let candidate = format!("__comment_{n}");
        if !text.contains(&candidate) {
            break candidate;
        }
        n += 1;
    };
    let mut comments = Comments { marker: &marker, texts: Vec::new(), error: None };
    comments.visit_file_mut(&mut file);
    if let Some(e) = comments.error {
        return Err(e);
    }
    // Item by item, so a blank line goes between two items (not between two `use` lines,
    // constants or modules) and never into a multi-line string.
    let mut laid = String::new();
    let mut attrs = Some(std::mem::take(&mut file.attrs));
    let mut previous = "";
    for (i, item) in std::mem::take(&mut file.items).into_iter().enumerate() {
        let kind = match item {
            syn::Item::Use(_) => "use",
            syn::Item::Const(_) => "const",
            syn::Item::Mod(_) => "mod",
            _ => "",
        };
        if i > 0 && (kind.is_empty() || kind != previous) {
            laid.push('\n');
        }
        previous = kind;
        let attrs = attrs.take().unwrap_or_default();
        let one = syn::File { shebang: None, attrs, items: vec![item] };
        let mut text = prettyplease::unparse(&one);
        if i == 0 && !one.attrs.is_empty() {
            // The file's doc comment, then a blank line.
            let docs = text.lines().take_while(|l| l.starts_with("//!")).count();
            let mut lines: Vec<&str> = text.lines().collect();
            lines.insert(docs, "");
            text = lines.join("\n") + "\n";
        }
        laid.push_str(&text);
    }
    if let Some(attrs) = attrs.filter(|a| !a.is_empty()) {
        // A file of doc comments only.
        laid = prettyplease::unparse(&syn::File { shebang: None, attrs, items: Vec::new() });
    }
    let mut out = String::with_capacity(laid.len());
    for line in laid.lines() {
        let trimmed = line.trim_start();
        let comment = trimmed
            .strip_prefix(marker.as_str())
            .and_then(|rest| rest.strip_prefix("!("))
            .and_then(|rest| rest.strip_suffix(");"))
            .and_then(|id| id.parse::<usize>().ok())
            .and_then(|id| comments.texts.get(id));
        match comment {
            Some(c) => {
                out.push_str(&line[..line.len() - trimmed.len()]);
                out.push_str("// ");
                out.push_str(c);
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    Ok(out)
}

/// The names a `use` tree brings into scope.
fn imported_by(tree: &syn::UseTree, out: &mut BTreeSet<String>) {
    match tree {
        syn::UseTree::Path(p) => imported_by(&p.tree, out),
        syn::UseTree::Name(n) => {
            out.insert(n.ident.to_string());
        }
        syn::UseTree::Rename(r) => {
            out.insert(r.rename.to_string());
        }
        syn::UseTree::Group(g) => g.items.iter().for_each(|t| imported_by(t, out)),
        syn::UseTree::Glob(_) => {}
    }
}

/// Names that start a path in the code (`App` in `App::new`, `labels` in `labels(&[…])`),
/// never one after `::` (`ExposeType::LoadBalancer`'s variant) and never in a literal.
#[derive(Default)]
struct Names(BTreeSet<String>);

impl<'a> Visit<'a> for Names {
    fn visit_path(&mut self, path: &'a syn::Path) {
        if path.leading_colon.is_none()
            && let Some(first) = path.segments.first()
        {
            self.0.insert(first.ident.to_string());
        }
        syn::visit::visit_path(self, path);
    }

    /// The names in a macro's arguments too: `App` in `vec![App::new("api")]`.
    fn visit_macro(&mut self, mac: &'a syn::Macro) {
        use syn::punctuated::Punctuated;
        let args = mac.parse_body_with(Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated);
        for arg in args.iter().flatten() {
            let mut inner = Names::default();
            inner.visit_expr(arg);
            self.0.extend(inner.0);
        }
        syn::visit::visit_macro(self, mac);
    }
}

/// Turns each `__rustomize_comment!("text");` statement into `<marker>!(<number>);`,
/// keeping its text.
struct Comments<'m> {
    marker: &'m str,
    texts: Vec<String>,
    error: Option<String>,
}

impl VisitMut for Comments<'_> {
    fn visit_stmt_macro_mut(&mut self, stmt: &mut syn::StmtMacro) {
        if !stmt.mac.path.is_ident(COMMENT) {
            return syn::visit_mut::visit_stmt_macro_mut(self, stmt);
        }
        match stmt.mac.parse_body::<syn::LitStr>() {
            // Through the one escaping layer for comments: a line break would end it early,
            // a direction override would show other code than the compiler reads.
            Ok(text) => {
                let text = crate::safe::comment(&text.value());
                if let Ok(path) = syn::parse_str(self.marker) {
                    stmt.mac.path = path;
                }
                stmt.mac.tokens = self.texts.len().to_string().parse().unwrap_or_default();
                self.texts.push(text);
            }
            Err(e) => self.error = Some(format!("a comment that is not a string: {e}")),
        }
    }
}

/// `// text` as a statement of printed code, until [`layout`] makes it a comment again.
pub(super) fn comment(text: &str) -> String {
    format!("{COMMENT}!({});", crate::safe::rust_str(text))
}

const MODEL_NAMES: &[&str] = &[
    "AccessMode",
    "ApiService",
    "App",
    "Autoscale",
    "Backend",
    "BindingSpec",
    "Compute",
    "Concurrency",
    "Config",
    "ConfigKeyRef",
    "Container",
    "ContainerSecurity",
    "ContainerOverlay",
    "CronJob",
    "DisruptionBudget",
    "Egress",
    "EgressRule",
    "Env",
    "EnvFrom",
    "EnvValue",
    "Environment",
    "Expose",
    "ExposeType",
    "ExternalService",
    "FileSource",
    "Files",
    "Grant",
    "Grantee",
    "Handler",
    "Image",
    "ImageRef",
    "Ingress",
    "IngressPath",
    "IngressRule",
    "IntOrPercent",
    "Job",
    "LoadBalancer",
    "Metric",
    "Mount",
    "Overlay",
    "PathType",
    "Peer",
    "PodSettings",
    "Policy",
    "PolicyRule",
    "PriorityClassSpec",
    "Port",
    "Probe",
    "ProbeAction",
    "Probes",
    "Project",
    "Protocol",
    "PullPolicy",
    "RawYaml",
    "ReplicasFrom",
    "ResourceRef",
    "Resources",
    "RestartPolicy",
    "RoleSpec",
    "Rollout",
    "Rule",
    "SecretKeyRef",
    "SecretSpec",
    "Security",
    "StorageClassSpec",
    "ServiceAccount",
    "ServiceAccountSpec",
    "ServiceSpec",
    "ServicePort",
    "SharedConfig",
    "Spread",
    "Storage",
    "Strategy",
    "Toleration",
    "Traffic",
    "Volume",
    "VolumeSource",
    "Waiver",
    "Workload",
    "k8s",
    "labels",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Every type the model exports can be imported by the code import prints: a type added to
    /// the model but not to `MODEL_NAMES` would print code without its `use` line.
    #[test]
    fn every_type_the_model_exports_has_its_use_line() {
        let model = include_str!("../model/mod.rs");
        // Exported, never printed by import (the project's own types, handles built by
        // methods, an alias of `Storage`).
        let never = [
            "Budget",
            "Component",
            "ComposeTarget",
            "Target",
            "LabelScope",
            "PortRef",
            "ServiceRef",
            "Fleet",
            "Cluster",
            "ArgoCd",
            "Flux",
            "Repository",
            "Staging",
            "Origin",
            "Select",
            "Patch",
            "Replicas",
            "ImageOverride",
            "Template",
            "Permission",
            "RawContent",
            "ClaimRef",
            "SharedAccountRef",
            "SharedConfigRef",
            "RoleRef",
            "AppRef",
            "ClaimSpec",
        ];
        let mut missing = Vec::new();
        for block in model.split("pub use ").skip(1) {
            let list = block.split(';').next().unwrap_or_default();
            let names = list.rsplit_once("::").map_or(list, |(_, n)| n);
            for name in names.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
                if !name.is_empty() && !MODEL_NAMES.contains(&name) && !never.contains(&name) {
                    missing.push(name.to_owned());
                }
            }
        }
        assert!(missing.is_empty(), "add to MODEL_NAMES (or to `never` here): {missing:?}");
        let printed: Vec<&&str> = never.iter().filter(|n| MODEL_NAMES.contains(n)).collect();
        assert!(printed.is_empty(), "in MODEL_NAMES, so not `never`: {printed:?}");
    }

    #[test]
    fn use_lines_name_what_the_code_uses_and_nothing_in_strings_or_comments() {
        let text = format!(
            "//! Doc naming Config.\nfn f() -> App {{\n    {}\n    let x = App {{ s: \"Probe \\\" Env\".into(), t: ExposeType::LoadBalancer, r: r#\"# Port \"q\" Mount\"#, m: BTreeMap::new() }};\n    x\n}}\n",
            comment("a Volume, kept as written")
        );
        let out = layout(&text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            out.lines().take(6).collect::<Vec<_>>(),
            [
                "//! Doc naming Config.",
                "",
                "use std::collections::BTreeMap;",
                "use rustomize::{App, ExposeType};",
                "",
                "fn f() -> App {"
            ]
        );
        assert!(out.contains("\n    // a Volume, kept as written\n    let x = App {"), "{out}");
    }

    #[test]
    fn a_name_the_file_imports_already_gets_no_second_use_line() {
        let text = "use std::collections::BTreeMap;\nuse rustomize::{App as A};\nfn f() -> A { let _m: BTreeMap<u8, u8> = BTreeMap::new(); App::new(\"x\") }\n";
        let out = layout(text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(out.matches("use std::collections::BTreeMap;").count(), 1, "{out}");
        assert!(out.contains("use rustomize::App;"), "`App` itself is not imported: {out}");
    }

    #[test]
    fn a_comment_marker_in_a_string_stays_text() {
        // A config file that holds the marker's words is data: only statements are comments.
        let text = format!(
            "fn f() {{\n    {}\n    let s = r#\"\n__comment_0!(0);\n__rustomize_comment!(\"x\");\n\"#;\n}}\n",
            comment("kept")
        );
        let out = layout(&text).unwrap_or_else(|e| panic!("{e}"));
        assert!(out.contains("    // kept\n"), "{out}");
        assert!(out.contains("\n__comment_0!(0);\n__rustomize_comment!(\"x\");\n"), "{out}");
        assert!(!out.contains("__comment_1!") && !out.contains("// x"), "{out}");
    }

    #[test]
    fn code_that_does_not_parse_is_an_error_naming_its_line() {
        let err = layout("fn f() {\n    let x = App { a: 1,, };\n}\n").err().unwrap_or_default();
        assert!(err.starts_with("line 2: "), "{err}");
        assert!(err.contains("let x = App"), "{err}");
    }
}
