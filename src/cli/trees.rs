//! Commands on the committed trees as a whole: `generate`, `check` and `list`.

use super::*;

/// `generate`: every tree written, atomically.
pub(super) fn generate(project: &Project, force: bool, session: Session<'_>) -> Result<u8, Error> {
    let shown = project.generated_dir.display().to_string();
    let files = render_all(project)?;
    // What the next `apply` prunes: the objects of the files this generate removes, read
    // before they go.
    let pruned = output::pruned(&project.generated_dir, &files);
    let drift = output::Generate { force }.run(&project.generated_dir, &files)?;
    for (path, object) in pruned.iter().filter(|(p, _)| drift.orphaned.contains(p)) {
        eprintln!("note: `{path}` is gone: the next `apply` of its tree prunes {object}");
    }
    if drift.is_clean() {
        eprintln!("`{shown}` is up to date ({} files)", files.len());
    } else {
        eprintln!(
            "wrote `{shown}`: {} changed, {} added, {} removed ({} files)",
            drift.changed.len(),
            drift.missing.len(),
            drift.orphaned.len(),
            files.len()
        );
    }
    session.release(files);
    Ok(0)
}

/// `check [--staged]`: drift, leaked Secret values, and (staged) what git would commit.
pub(super) fn check(project: &Project, staged: bool, session: Session<'_>) -> Result<u8, Error> {
    let shown = project.generated_dir.display().to_string();
    if !project.generated_dir.is_dir() {
        return Err(Error::Invalid(vec![Diagnostic {
            object: format!("`{shown}`"),
            message: format!("`{shown}` does not exist, so there is nothing to check"),
            help: Some(format!("run `{}` to write the trees", project.regenerate())),
            ..Diagnostic::default()
        }]));
    }
    // The tree on disk is read while the project renders: neither needs the other.
    let (files, on_disk) =
        crate::parallel::join(|| render_all(project), || output::read_tree(&project.generated_dir));
    let (files, on_disk) = (files?, on_disk?);
    // Nothing kubectl could read as a Secret is ever printed: its diff is replaced by a note.
    let mut leaked = Vec::new();
    let mut hidden = std::collections::BTreeMap::new();
    for (path, bytes) in &on_disk {
        if output::is_local_env(path) {
            continue;
        }
        let exposure = secrets::exposure(&String::from_utf8_lossy(bytes));
        if exposure == secrets::Exposure::SecretValues {
            leaked.push(path.clone());
        }
        if exposure != secrets::Exposure::Clean {
            hidden.insert(path.clone(), exposure);
        }
    }
    let mut drift = output::compare(on_disk, &files);
    for (path, diff) in &mut drift.changed {
        if let Some(exposure) = hidden.get(path) {
            let why = match exposure {
                secrets::Exposure::Unparsable => "the file on disk does not parse as YAML",
                _ => "the file on disk holds a Secret",
            };
            *diff = format!(
                "--- a/{path}\n+++ b/{path}\n(diff not shown: {why}, and a Secret's values are never printed)\n"
            );
        }
    }
    if !leaked.is_empty() {
        for path in &leaked {
            eprintln!(
                "error: `{shown}/{path}` holds a Secret with values; secret values never belong in git"
            );
        }
        eprintln!(
            "help: delete the file(s), rotate the exposed values, and keep values in an untracked env file (`render --secrets-from`)"
        );
        drift.changed.retain(|(path, _)| !leaked.contains(path));
    }
    if !drift.is_clean() {
        eprint!("{}", drift.report(&shown, &project.regenerate()));
    }
    if !leaked.is_empty() || !drift.is_clean() {
        session.release(files);
        return Ok(1);
    }
    let result = if staged { staged_check(&project.generated_dir, &shown, &files) } else { Ok(0) };
    session.release(files);
    for env in &project.environments {
        note_transition_rules(env);
    }
    result
}

/// Says which CRD rules `env`'s render could not judge (they compare with the stored object),
/// so a passing check is not read as more than it is.
pub(super) fn note_transition_rules(env: &Environment) {
    let rules = crate::pipeline::transition_rules(env);
    if rules.is_empty() {
        return;
    }
    eprintln!(
        "note: target `{}`: {} transition rule(s) of its CRDs compare with the object stored in the cluster, so only the API server can judge them on apply:",
        env.name,
        rules.len()
    );
    for rule in rules {
        eprintln!("  {rule}");
    }
}

/// `list`: every target, its tree and what it renders, and what Compose leaves out.
pub(super) fn list(project: &Project) -> Result<u8, Error> {
    let shown = project.generated_dir.display().to_string();
    let width = project.environments.iter().map(|e| e.name.len()).max().unwrap_or(0).max(6);
    let tree_width = project.environments.iter().map(|e| e.tree.len()).max().unwrap_or(0).max(4);
    let version = |e: &Environment| {
        e.kubernetes.clone().unwrap_or_else(|| format!("{} (default)", crate::KUBERNETES_VERSION))
    };
    let version_width =
        project.environments.iter().map(|e| version(e).len()).max().unwrap_or(0).max(10);
    let mut out = format!(
        "{:<width$}  {:<tree_width$}  {:<version_width$}  OBJECTS\n",
        "TARGET", "TREE", "KUBERNETES"
    );
    let mut left_out = Vec::new();
    for env in &project.environments {
        let count = if matches!(env.target, Target::Compose(_)) {
            let compose = render_compose(env)?;
            left_out.extend(compose.left_out.iter().map(|l| format!("{}: {l}", env.name)));
            let services = compose.document["services"].as_object().map_or(0, |s| s.len());
            format!("{services} Compose services")
        } else {
            render(env)?.objects.len().to_string()
        };
        out.push_str(&format!(
            "{:<width$}  {:<tree_width$}  {:<version_width$}  {count}\n",
            env.name,
            env.tree,
            version(env)
        ));
    }
    if !left_out.is_empty() {
        out.push_str("\nleft out of Compose (no Compose meaning):\n");
        for line in left_out {
            out.push_str(&format!("  {line}\n"));
        }
    }
    out.push_str(&format!("\ntrees are under `{shown}`\n"));
    print(&out);
    Ok(0)
}
