//! What an import tells its user: the report (printed and saved as `IMPORT.md`) and the
//! new project's README.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::{Imported, Options, Report};

/// The report: per environment, what became typed, what stayed as written and why, the
/// Secrets declared by key, and the hardening left to take.
pub(super) fn report(options: &Options, imported: &[Imported]) -> Report {
    let mut text = String::from("# Import report\n\n");
    let mut typed = BTreeSet::new();
    let mut kept = 0;
    let mut custom = 0;
    for (i, (name, path)) in imported.iter().zip(&options.envs) {
        let c = &i.converted;
        let path = super::project::source_shown(options, path);
        let _ = writeln!(text, "## Environment `{name}` (from `{path}`)\n");
        let _ = writeln!(text, "Typed apps ({}):\n", c.env.apps.len());
        for app in &c.env.apps {
            typed.insert(app.name.clone());
            let objects: Vec<String> = c
                .owner
                .iter()
                .filter(|(_, owner)| *owner == &app.name)
                .map(|((_, kind, _, n), _)| format!("{kind} `{n}`"))
                .collect();
            let _ = writeln!(text, "- `{}`: {}", app.name, objects.join(", "));
        }
        if !c.env.configs.is_empty() {
            let names: Vec<String> =
                c.env.configs.iter().map(|c| format!("`{}`", c.name)).collect();
            let _ = writeln!(text, "- shared ConfigMaps: {}", names.join(", "));
        }
        if !c.env.secrets.is_empty() {
            let names: Vec<String> =
                c.env.secrets.iter().map(|s| format!("`{}`", s.name)).collect();
            let _ = writeln!(
                text,
                "- Secrets, declared by key only (values were not written anywhere; fill in `generated/{}/secrets.env.example` outside git): {}",
                c.env.tree,
                names.join(", ")
            );
        }
        let typed_custom: Vec<String> = c
            .kept
            .iter()
            .filter_map(|k| Some(format!("{} `{}` ({})", k.kind, k.name, k.custom.as_ref()?.root)))
            .collect();
        if !typed_custom.is_empty() {
            custom += typed_custom.len();
            let _ = writeln!(
                text,
                "- custom resources, typed by their CRDs (`src/resources/`): {}",
                typed_custom.join(", ")
            );
        }
        let as_written: Vec<_> = c.kept.iter().filter(|k| k.custom.is_none()).collect();
        let _ = writeln!(
            text,
            "\nKept as written, as typed objects under `imported/{name}/`, or `imported/_shared/` when every environment keeps the same ({}):\n",
            as_written.len()
        );
        for k in as_written {
            kept += 1;
            let _ = writeln!(text, "- {} `{}`: {}", k.kind, k.name, k.why);
        }
        let _ = writeln!(
            text,
            "\nHardening left to take (each is an exception in the code; remove it when done):\n"
        );
        // First: the literal credentials the original commits: moved, or kept in place and
        // waived.
        for line in &i.moved {
            let _ = writeln!(text, "- credential moved: {line}");
        }
        let waiver = &c.credential_waiver;
        for app in c.env.apps.iter().filter(|a| a.waivers.contains(waiver)) {
            let _ = writeln!(
                text,
                "- credential: `{}` commits a value that looks like a credential in its config or variables; move it to a Secret (`--move-credentials` moves variables)",
                app.name
            );
        }
        if c.env.waivers.contains(waiver) {
            let _ = writeln!(
                text,
                "- credential: the environment's shared ConfigMaps or annotations commit a value that looks like a credential; move it to a Secret"
            );
        }
        for k in c.kept.iter().filter(|k| !k.credentials.is_empty()) {
            for (field, what) in &k.credentials {
                let _ = writeln!(
                    text,
                    "- credential: {} `{}`, `{field}`: {what}; move it to a Secret",
                    k.kind, k.name
                );
            }
        }
        for app in &c.env.apps {
            if let Some(why) = &app.security.exception {
                let _ =
                    writeln!(text, "- `{}`: {}", app.name, why.trim_start_matches("imported: "));
            }
        }
        for note in &c.notes {
            let _ = writeln!(text, "- {note}");
        }
        if !i.additions.is_empty() || !i.extra.is_empty() {
            let _ = writeln!(
                text,
                "\nWhat the typed render sets that the original did not (review before the first apply):\n"
            );
            for object in &i.extra {
                let _ = writeln!(text, "- a new object: {object}");
            }
            for (field, count) in &i.additions {
                let _ = writeln!(
                    text,
                    "- {field} ({count} object{})",
                    if *count == 1 { "" } else { "s" }
                );
            }
        }
        text.push('\n');
    }
    text.push_str(
        "Next: `cargo run -- generate` (already done once), `cargo run -- check`, then commit.\n",
    );
    let mut input = super::Share::default();
    let mut typed_share = super::Share::default();
    for i in imported {
        input.objects += i.input.objects;
        input.fields += i.input.fields;
        typed_share.objects += i.typed.objects;
        typed_share.fields += i.typed.fields;
    }
    Report { text, typed: typed.len(), custom, kept, input, typed_share }
}

/// The imported project's README: its layout, environments and commands.
pub(super) fn readme(name: &str, options: &Options, imported: &[Imported]) -> String {
    let envs: Vec<String> = imported
        .iter()
        .zip(&options.envs)
        .map(|(i, (_, path))| {
            format!(
                "| `{}` | `generated/{}/` | `{path}` |",
                i.converted.env.name,
                i.converted.env.tree,
                path = super::project::source_shown(options, path)
            )
        })
        .collect();
    format!(
        "# {name}\n\nThis stack was imported by `rustomize import`: the apps are typed Rust under `src/apps/`, each environment is `src/environments/<name>.rs`, what every environment declares alike is in `src/shared.rs`, long files are read from `files/` beside the code that uses them, and objects the model does not express are kept under `imported/` (see `IMPORT.md`).\n\n| environment | tree | imported from |\n|---|---|---|\n{}\n\n```sh\ncargo run -- render {}          # one environment as a YAML stream\ncargo run -- generate             # write generated/ from the code\ncargo run -- check                # fail when generated/ differs from the code (the pre-commit hook)\n```\n\n`Cargo.toml` takes rustomize by a path relative to this directory, to the source `import` ran from; when the project moves (into a repository of its own), point `path` at a checkout of rustomize, or at its version once it is published.\n\nSecrets are declared by key only; each tree's `secrets.env.example` lists them. Fill a copy outside git and apply with `cargo run -- render ENV --secrets-from FILE | kubectl apply -f -`.\n",
        envs.join("\n"),
        imported.first().map_or("ENV", |i| i.converted.env.name.as_str())
    )
}
