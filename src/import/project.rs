//! The imported project on disk: `Cargo.toml`, `src/` (one file per app and per
//! environment), the kept objects, `generated/`, the workflow files and the report. It is
//! written beside the target directory and renamed into place, so a failure leaves nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::code::{self, Code, ENV_NAME, Printer};
use super::custom::{self, Crds};
use super::factor::Kind;
use super::source;
use super::{Imported, Options, Report, SHARED_KEPT, assemble, kept_file, kept_path};
use crate::error::{Diagnostic, Error};
use crate::model::{App, BindingSpec, Environment, Project, RoleSpec};

/// Writes the project; on any failure the partly written directory is removed.
pub(super) fn write(
    options: &Options,
    imported: &[Imported],
    crds: Option<&Crds>,
) -> Result<Report, Error> {
    let out = &options.out;
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let dir_name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let staging = parent.join(format!(".{dir_name}.import-{}", std::process::id()));
    let result = write_into(&staging, options, imported, crds).and_then(|report| {
        std::fs::rename(&staging, out).map_err(|e| Error::io("rename", &staging, e))?;
        Ok(report)
    });
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

/// A Rust identifier for a Kubernetes name (a module name), through the one escaping layer;
/// the crate's own module names are taken too.
fn ident(name: &str) -> String {
    let id = crate::safe::rust_ident(name, "app");
    if matches!(id.as_str(), "main" | "apps" | "environments") { format!("app_{id}") } else { id }
}

/// Writes the source file `rel` (`src/<dir>/<module>.rs`): its doc comment, the `use` lines
/// its body needs, the long texts the body printed as constants, then the body; a text long
/// enough to be a file of its own goes to `src/<dir>/files/<module>/`, read by `include_str!`.
fn write_source(
    cx: &Printer,
    root: &Path,
    rel: &str,
    doc: &str,
    body: &str,
    extra: &str,
) -> Result<(), Error> {
    let (dir, module) = rel.rsplit_once('/').unwrap_or(("", rel));
    let module = module.trim_end_matches(".rs");
    let (constants, files, body) = cx.take_constants(body, module);
    let body = body.as_str();
    for (file, text) in files {
        write_file(root, &format!("{dir}/files/{module}/{file}"), &text)?;
    }
    write_rust(root, rel, &format!("{doc}{extra}{constants}{body}"))
}

/// Writes generated Rust, laid out by [`source::layout`] with its `use` lines.
fn write_rust(root: &Path, rel: &str, text: &str) -> Result<(), Error> {
    // A hoisted text's marker left in code would be a bug here, never a file: refused.
    if text.contains('\0') {
        return Err(Error::Io {
            action: "write",
            path: root.join(rel),
            source: std::io::Error::other("a hoisted constant was not named (a bug in import)"),
        });
    }
    let text = source::layout(text).map_err(|e| {
        Error::Invalid(vec![Diagnostic {
            object: format!("import: {rel}"),
            message: format!(
                "the generated Rust does not parse (a bug in `import`; please report it): {e}"
            ),
            ..Diagnostic::default()
        }])
    })?;
    write_file(root, rel, &text)
}

fn write_file(root: &Path, rel: &str, text: &str) -> Result<(), Error> {
    let path = crate::safe::join(root, rel).map_err(|why| Error::Io {
        action: "write",
        path: root.to_path_buf(),
        source: std::io::Error::other(format!("refused: {why}; import writes only inside `--out`")),
    })?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
    }
    std::fs::write(&path, text).map_err(|e| Error::io("write", &path, e))
}

fn write_into(
    root: &Path,
    options: &Options,
    imported: &[Imported],
    crds: Option<&Crds>,
) -> Result<Report, Error> {
    std::fs::create_dir_all(root).map_err(|e| Error::io("create", root, e))?;
    // One printer for the whole project: its files name the long texts it hoists.
    let mut cx = Printer::default();
    let project_name = options
        .out
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_else(|| "imported".into());
    let crate_name: String = project_name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .trim_matches('-')
        .to_owned();
    let crate_name = if crate_name.is_empty() { "imported-stack".to_owned() } else { crate_name };

    // Every declaration apps take handles of, by the variable it is bound to.
    let mut declared = BTreeMap::new();
    for i in imported {
        for c in &i.converted.env.configs {
            declared
                .insert(code::declaration(&c.name, code::Declared::Config), code::Declared::Config);
        }
        for a in &i.converted.env.service_accounts {
            declared.insert(
                code::declaration(&a.name, code::Declared::Account),
                code::Declared::Account,
            );
        }
    }
    // The base of each app: its value in the first environment that has it typed.
    let mut bases: BTreeMap<String, (String, App)> = BTreeMap::new();
    let mut idents = BTreeSet::new();
    for i in imported {
        for app in &i.converted.env.apps {
            if !bases.contains_key(&app.name) {
                let mut id = ident(&app.name);
                while !idents.insert(id.clone()) {
                    id.push('_');
                }
                bases.insert(app.name.clone(), (id, app.clone()));
            }
        }
    }
    // The declarations each base app takes, as arguments, by app. A peer names an app by
    // calling its function only when that takes no arguments (the caller has none to pass):
    // the others by their selector.
    // (A peer's form never holds a handle, so the arguments do not depend on it.)
    let params: BTreeMap<String, Vec<(String, code::Declared)>> = bases
        .values()
        .map(|(_, app)| {
            let _ = cx.take_handles();
            let _ = app.code(&cx);
            let takes = cx.take_handles().into_iter();
            (app.name.clone(), takes.filter(|(ident, _)| declared.contains_key(ident)).collect())
        })
        .collect();
    cx.set_apps(
        bases
            .values()
            .filter(|(_, a)| params[&a.name].is_empty())
            .map(|(id, a)| (a.pod_selector(), a.namespace.clone(), id.clone()))
            .collect(),
    );
    for (id, app) in bases.values() {
        let expr = app.code(&cx);
        let takes = &params[&app.name];
        let signature: Vec<String> =
            takes.iter().map(|(ident, what)| format!("{ident}: {}", what.ty())).collect();
        let body = format!(
            "/// `{}` as every environment starts from it.\npub fn app({}) -> App {{\n    {expr}\n}}\n",
            crate::safe::comment(&app.name),
            signature.join(", ")
        );
        let doc = format!(
            "//! The `{}` app, imported by `rustomize import`.\n",
            crate::safe::comment(&app.name)
        );
        write_source(&cx, root, &format!("src/apps/{id}.rs"), &doc, &body, "")?;
    }
    let mods: String = bases.values().map(|(id, _)| format!("pub mod {id};\n")).collect();
    write_rust(
        root,
        "src/apps/mod.rs",
        &format!("//! One module per app: its settings shared by every environment.\n\n{mods}"),
    )?;

    // An object every environment keeps as the same bytes is one file for all of them.
    let kept_sets: Vec<BTreeSet<(String, &str)>> = imported
        .iter()
        .map(|i| {
            let kept = i.converted.kept.iter().filter(|k| k.custom.is_none());
            kept.map(|k| (kept_file(k), k.yaml.as_str())).collect()
        })
        .collect();
    let shared_kept: BTreeSet<(String, &str)> = match kept_sets.split_first() {
        Some((first, rest)) if !rest.is_empty() => {
            first.iter().filter(|x| rest.iter().all(|s| s.contains(*x))).cloned().collect()
        }
        _ => BTreeSet::new(),
    };
    // A declaration every environment makes alike is one function of `src/shared.rs`.
    let envs: Vec<&crate::model::Environment> = imported.iter().map(|i| &i.converted.env).collect();
    let shared = super::factor::Shared::of(&cx, &envs);
    if !shared.is_empty() {
        let doc = "//! What every environment declares alike, written once; each environment calls these.\n";
        write_source(&cx, root, "src/shared.rs", doc, &shared.body, "")?;
    }
    cx.set_derived(derived_names(imported));
    // One file per environment: its settings, its apps (overlaid where they differ), what it kept.
    let mut env_mods = String::new();
    let mut env_calls = Vec::new();
    let mut resource_mods = String::new();
    for (i, (_, path)) in imported.iter().zip(&options.envs) {
        let env = &i.converted.env;
        let id = ident(&env.name);
        cx.in_environment(Some(&env.name));
        env_mods.push_str(&format!("pub mod {id};\n"));
        env_calls.push(format!("{id}::environment()"));
        let apps: Vec<String> = env
            .apps
            .iter()
            .map(|a| {
                let (app_id, base) = &bases[&a.name];
                let args: Vec<String> =
                    params[&a.name].iter().map(|(ident, _)| format!("&{ident}")).collect();
                code::app_in_env(
                    &cx,
                    base,
                    a,
                    &format!("crate::apps::{app_id}::app({})", args.join(", ")),
                )
            })
            .collect();
        // The name and tree come from `Environment::named`; what is made of the name, from it.
        let mut fields = Vec::new();
        if env.tree != Environment::named(&env.name).tree {
            fields.push(format!("tree: {}", cx.s(&env.tree)));
        }
        if let Some(ns) = &env.namespace {
            fields.push(format!("namespace: Some({})", cx.derived_s(ns)));
        }
        if !env.labels.is_empty() {
            fields.push(format!("labels: {}", cx.labels(&env.labels)));
        }
        if !env.namespace_labels.is_empty() {
            fields.push(format!("namespace_labels: {}", cx.labels(&env.namespace_labels)));
        }
        if !env.annotations.is_empty() {
            fields.push(format!("annotations: {}", cx.labels(&env.annotations)));
        }
        if !env.name_prefix.is_empty() {
            fields.push(format!("name_prefix: {}", cx.derived_s(&env.name_prefix)));
        }
        if !apps.is_empty() {
            fields.push(format!("apps: vec![{}]", apps.join(", ")));
        }
        // Each declared list, written only when it has items.
        let mut push = |field: &str, items: Vec<String>| {
            if !items.is_empty() {
                fields.push(format!("{field}: vec![{}]", items.join(", ")));
            }
        };
        push("secrets", env.secrets.iter().map(|x| x.code(&cx)).collect());
        // Each declaration bound once, before the apps that take its handle.
        let mut bindings = String::new();
        for c in &env.configs {
            let ident = code::declaration(&c.name, code::Declared::Config);
            let value = shared.or(Kind::Config, &c.name, || c.code(&cx));
            let _ = writeln!(bindings, "    let {ident} = {value};");
        }
        for a in &env.service_accounts {
            let ident = code::declaration(&a.name, code::Declared::Account);
            let value = shared.or(Kind::Account, &a.name, || a.code(&cx));
            let _ = writeln!(bindings, "    let {ident} = {value};");
        }
        let role = |r: &RoleSpec| {
            let what =
                if r.cluster_wide { code::Declared::ClusterRole } else { code::Declared::Role };
            code::declaration(&r.name, what)
        };
        let binding = |b: &BindingSpec| {
            let what = if b.cluster_wide {
                code::Declared::ClusterBinding
            } else {
                code::Declared::Binding
            };
            code::declaration(&b.name, what)
        };
        for r in &env.roles {
            let value = shared.or(Kind::Role(r.cluster_wide), &r.name, || r.code(&cx));
            let _ = writeln!(bindings, "    let {} = {value};", role(r));
        }
        for b in &env.bindings {
            let _ = writeln!(bindings, "    let {} = {};", binding(b), b.code(&cx));
        }
        push(
            "configs",
            env.configs
                .iter()
                .map(|c| code::declaration(&c.name, code::Declared::Config))
                .collect(),
        );
        push(
            "service_accounts",
            env.service_accounts
                .iter()
                .map(|a| code::declaration(&a.name, code::Declared::Account))
                .collect(),
        );
        push(
            "claims",
            env.claims.iter().map(|c| shared.or(Kind::Claim, &c.name, || c.code(&cx))).collect(),
        );
        push(
            "services",
            env.services
                .iter()
                .map(|s| {
                    shared.or(Kind::Service, s.expose.name.as_deref().unwrap_or_default(), || {
                        s.code(&cx)
                    })
                })
                .collect(),
        );
        push("api_services", env.api_services.iter().map(|x| x.code(&cx)).collect());
        push("storage_classes", env.storage_classes.iter().map(|x| x.code(&cx)).collect());
        push("priority_classes", env.priority_classes.iter().map(|x| x.code(&cx)).collect());
        push("roles", env.roles.iter().map(role).collect());
        push("bindings", env.bindings.iter().map(binding).collect());
        push(
            "external_services",
            env.external_services
                .iter()
                .map(|x| shared.or(Kind::External, &x.name, || x.code(&cx)))
                .collect(),
        );
        push("policies", env.policies.iter().map(|x| x.code(&cx)).collect());
        push("waivers", code::merged_waivers(&cx, &env.waivers));
        push(
            "crds",
            env.crds
                .iter()
                .map(|c| {
                    let include = crate::safe::rust_str(&format!("../../{}", c.source));
                    let source = crate::safe::rust_str(&c.source);
                    format!("RawYaml::inline({source}, include_str!({include}))")
                })
                .collect(),
        );
        let (resources, calls) = match crds {
            Some(crds) => custom::module(crds, &i.converted.kept),
            None => Default::default(),
        };
        if !calls.is_empty() {
            resource_mods.push_str(&format!("pub mod {id};\n"));
            let doc = format!(
                "//! The custom resources of environment `{}`, typed by their CRDs.\n\n",
                crate::safe::comment(&env.name)
            );
            write_rust(root, &format!("src/resources/{id}.rs"), &format!("{doc}{resources}"))?;
        }
        let mut raw = String::new();
        for (n, k) in i.converted.kept.iter().enumerate() {
            if let Some(call) = calls.get(&n) {
                let mut expr = format!("RawYaml::typed(&{call})");
                if !k.credentials.is_empty() {
                    expr.push_str(&format!(".waiver({})", i.converted.credential_waiver.code(&cx)));
                }
                let _ = writeln!(raw, "    raw.push({expr});");
                continue;
            }
            let rel = if shared_kept.contains(&(kept_file(k), k.yaml.as_str())) {
                format!("{SHARED_KEPT}/{}", kept_file(k))
            } else {
                kept_path(&env.name, k)
            };
            write_file(root, &rel, &k.yaml)?;
            let item = super::raw_item(&k.api_version, &k.kind, &rel, &k.yaml);
            let include =
                format!("include_str!({})", crate::safe::rust_str(&format!("../../{rel}")));
            // Long paths and reasons become constants named after the object they are of.
            let object = format!("{} {}", k.kind, k.name);
            let source = cx.q_named(&rel, &format!("{object} file"));
            let mut expr = match item.type_path {
                Some(p) => {
                    format!("RawYaml::of::<k8s::{}>({source}, {include})", p.trim_end_matches("::"))
                }
                None => format!("RawYaml::inline({source}, {include})"),
            };
            // A kept workload says why it falls short of *restricted*.
            if super::convert::is_workload(&k.kind) {
                let why = format!("imported as written: {}", k.why);
                expr.push_str(&format!(
                    ".exception({})",
                    cx.q_named(&why, &format!("{object} reason"))
                ));
            }
            if !k.credentials.is_empty() {
                expr.push_str(&format!(".waiver({})", i.converted.credential_waiver.code(&cx)));
            }
            let comment = source::comment(&format!("imported as-is: {}", k.why));
            let _ = writeln!(raw, "    {comment}\n    raw.push({expr});");
        }
        let (raw_decl, raw_field) = if raw.is_empty() {
            (String::new(), "")
        } else {
            (format!("    let mut raw = Vec::new();\n{raw}"), "raw, ")
        };
        let fields: String = fields.iter().map(|f| format!("{f}, ")).collect();
        // The name is a variable when a name or host is made of it.
        let literal = crate::safe::rust_str(&env.name);
        let (binding, named) = if cx.derived_any() {
            (format!("    let {ENV_NAME} = {literal};\n"), ENV_NAME.to_owned())
        } else {
            (String::new(), literal)
        };
        let body = format!(
            "/// The `{name}` environment.\npub fn environment() -> Environment {{\n{binding}{bindings}{raw_decl}    Environment {{ {fields}{raw_field}..Environment::named({named}) }}\n}}\n",
            name = crate::safe::comment(&env.name),
        );
        let doc = format!(
            "//! Environment `{}`, imported from `{}` by `rustomize import`.\n",
            crate::safe::comment(&env.name),
            crate::safe::comment(&source_shown(options, path))
        );
        let extra = if calls.is_empty() {
            String::new()
        } else {
            format!("use crate::resources::{id} as resources;\n")
        };
        write_source(&cx, root, &format!("src/environments/{id}.rs"), &doc, &body, &extra)?;
    }
    cx.in_environment(None);
    let envs_body = format!(
        "{env_mods}\n/// Every environment, rendered into this crate's `generated/`.\npub fn project() -> Project {{\n    Project::new(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/generated\"), vec![{}])\n}}\n",
        env_calls.join(", ")
    );
    write_source(
        &cx,
        root,
        "src/environments/mod.rs",
        "//! The environments, one module each.\n",
        &envs_body,
        "",
    )?;
    let mut main = MAIN.to_owned();
    if let Some(crds) = crds {
        for (name, text) in &crds.generated {
            write_file(root, &format!("src/crds/{name}"), text)?;
        }
        for file in &crds.files {
            write_file(root, &file.path, &file.text)?;
        }
        // The generated types of every CRD; a project uses only some of them.
        main = main.replace("mod apps;\n", "mod apps;\n#[allow(dead_code)]\nmod crds;\n");
    }
    if !resource_mods.is_empty() {
        write_rust(
            root,
            "src/resources/mod.rs",
            &format!(
                "//! The custom resources of each environment, one module each.\n\n{resource_mods}"
            ),
        )?;
        main = main.replace("mod environments;\n", "mod environments;\nmod resources;\n");
    }
    if !shared.is_empty() {
        main = main.replace("mod environments;\n", "mod environments;\nmod shared;\n");
    }
    write_file(root, "src/main.rs", &main)?;
    let rustomize =
        options.rustomize_path.clone().unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    let rustomize = std::fs::canonicalize(&rustomize).unwrap_or(rustomize);
    // Relative to the project, so no path of the importing machine is written into it.
    let dependency = project_dir(options)
        .and_then(|dir| relative(&dir, &rustomize))
        .unwrap_or_else(|| rustomize.clone());
    write_file(
        root,
        "Cargo.toml",
        &format!(
            "[package]\nname = {}\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\nrustomize = {{ path = {} }}\n\n# A project of its own, even when created inside another workspace.\n[workspace]\n\n[profile.dev]\n# k8s-openapi is large; no debug info for dependencies keeps the edit → check loop fast.\ndebug = \"line-tables-only\"\n\n[profile.dev.package.\"*\"]\ndebug = false\n",
            crate::safe::toml_str(&crate_name),
            crate::safe::toml_str(&dependency.display().to_string())
        ),
    )?;
    // Start from the versions rustomize itself was tested with; cargo adds this crate to it.
    if let Ok(lock) = std::fs::read_to_string(rustomize.join("Cargo.lock")) {
        write_file(root, "Cargo.lock", &lock)?;
    }
    write_file(root, ".gitignore", GITIGNORE)?;
    let (mut justfile, mut hook) = (JUSTFILE.to_owned(), HOOK.to_owned());
    if let Some(crds) = crds {
        // Set names are plain (`safe::rust_ident`), so they go into a shell line as they are.
        let dirs: Vec<String> = crds.sets.iter().map(|s| format!("crds/{s}")).collect();
        let command = format!("cargo run --quiet -- crd {} --out src/crds", dirs.join(" "));
        justfile.push_str(&format!(
            "\n# regenerate src/crds/ after updating the CRDs under crds/\ncrds:\n    {command}\n"
        ));
        hook = hook.replace("exec cargo run", &format!("{command} --check\nexec cargo run"));
    }
    write_file(root, "justfile", &justfile)?;
    write_file(root, ".pre-commit-config.yaml", PRE_COMMIT)?;
    write_file(root, "hooks/pre-commit", &hook)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let hook = root.join("hooks/pre-commit");
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| Error::io("chmod", &hook, e))?;
    }

    // The trees, rendered from the same values the code declares.
    let envs: Vec<Environment> = imported.iter().map(|i| assemble(&i.converted).0).collect();
    let project = Project::new(root.join("generated"), envs);
    let files = crate::pipeline::render_all(&project)?;
    crate::output::generate(&root.join("generated"), &files)?;

    let report = super::report::report(options, imported);
    write_file(root, "IMPORT.md", &report.text)?;
    write_file(root, "README.md", &super::report::readme(&crate_name, options, imported))?;
    Ok(report)
}

/// An environment's source as the project's files name it: as given, or relative to the
/// project when it was given as an absolute path of the importing machine.
pub(super) fn source_shown(options: &Options, path: &str) -> String {
    let given = Path::new(path);
    if !given.is_absolute() {
        return path.to_owned();
    }
    project_dir(options)
        .and_then(|dir| relative(&dir, given))
        .map_or_else(|| path.to_owned(), |p| p.display().to_string())
}

/// Where the project will be, as an absolute path (its parent exists; it does not yet).
fn project_dir(options: &Options) -> Option<PathBuf> {
    let parent =
        options.out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    Some(std::fs::canonicalize(parent).ok()?.join(options.out.file_name()?))
}

/// `to` as a path relative to the directory `from` (both absolute), or `None` when they
/// share no root.
fn relative(from: &Path, to: &Path) -> Option<PathBuf> {
    let (from, to): (Vec<_>, Vec<_>) = (from.components().collect(), to.components().collect());
    if from.first() != to.first() {
        return None;
    }
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    out.extend(&to[common..]);
    Some(if out.as_os_str().is_empty() { PathBuf::from(".") } else { out })
}

/// What the project keeps out of git: the build, every env file but the examples, and what a
/// killed `generate` or `import` may leave beside a tree (staging copies, temporary files).
const GITIGNORE: &str =
    "/target\n*.env\n.env\n.env.*\n!*.env.example\n!.env*.example\n.*.rustomize-*\n.*.import-*\n";

const MAIN: &str = "//! The codegen binary: this project's environments plus rustomize's command line.\n\nmod apps;\nmod environments;\n\nfn main() -> std::process::ExitCode {\n    rustomize::cli::run(environments::project)\n}\n";

const JUSTFILE: &str = "# list the recipes\ndefault:\n    @just --list --unsorted\n\n# print one environment's YAML stream, e.g. `just render prod`\nrender env:\n    cargo run --quiet -- render {{env}}\n\n# write every tree under generated/\ngenerate:\n    cargo run --quiet -- generate\n\n# fail with a diff when generated/ differs from the code\ncheck:\n    cargo run --quiet -- check\n\n# run the drift check before every commit\ninstall-hook:\n    ln -sf ../../hooks/pre-commit \"$(git rev-parse --git-path hooks)/pre-commit\"\n";

const PRE_COMMIT: &str = "# pre-commit (https://pre-commit.com): `pre-commit install` once, then every commit runs the drift gate.\nrepos:\n  - repo: local\n    hooks:\n      - id: rustomize-check\n        name: rustomize check (generated/ matches the Rust code)\n        entry: hooks/pre-commit\n        language: system\n        pass_filenames: false\n        always_run: true\n";

const HOOK: &str = "#!/bin/sh\n# Refuse a commit whose generated/ does not match the Rust code, or leaves generated files\n# untracked or unstaged. Install with `just install-hook`.\nset -e\ncd \"$(git rev-parse --show-toplevel)\"\nif [ ! -x \"${CARGO_TARGET_DIR:-target}/debug/$(sed -n 's/^name = \"\\(.*\\)\"/\\1/p' Cargo.toml | head -1)\" ]; then\n  echo \"rustomize: compiling the drift check (first run only; a few minutes of CPU)...\" >&2\nfi\nexec cargo run --quiet -- check --staged\n";

/// The `format!` templates of names and hosts made of an environment's name (its namespace,
/// name prefix and Ingress hosts) that at least two environments share: where the pattern
/// is clear, each environment's code derives them from its name.
fn derived_names(imported: &[Imported]) -> BTreeSet<String> {
    let mut made: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for env in imported.iter().map(|i| &i.converted.env) {
        let mut values: Vec<&str> = env.namespace.iter().map(String::as_str).collect();
        values.push(&env.name_prefix);
        for ingress in env.apps.iter().filter_map(|a| a.ingress.as_ref()) {
            values.push(&ingress.host);
            values.extend(ingress.rules.iter().map(|r| r.host.as_str()));
            values.extend(ingress.tls.iter().flat_map(|(hosts, _)| hosts).map(String::as_str));
        }
        for v in values {
            if let Some(t) = code::template(v, &env.name) {
                made.entry(t).or_default().insert(&env.name);
            }
        }
    }
    made.into_iter().filter(|(_, envs)| envs.len() >= 2).map(|(t, _)| t).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dependency_path_is_relative_to_the_project() {
        let rel = |from: &str, to: &str| relative(Path::new(from), Path::new(to));
        assert_eq!(rel("/work/shop", "/work/rustomize"), Some(PathBuf::from("../rustomize")));
        assert_eq!(
            rel("/tmp/a/b", "/work/rustomize"),
            Some(PathBuf::from("../../../work/rustomize"))
        );
        assert_eq!(rel("/work/rustomize/x", "/work/rustomize"), Some(PathBuf::from("..")));
    }
}
