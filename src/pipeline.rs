//! The pipeline: the only driver. Assemble → load → validate → render → transform → checks,
//! for one environment or every tree of a project.

use std::path::Path;

use crate::error::{Diagnostic, Error};
use crate::model::{Environment, Project};
use crate::object::{Object, Rendered};
use crate::output::Files;
use crate::{load, output, secrets, transform};

/// Validates `env`, then renders it with its environment-wide transforms applied.
///
/// Fails with every problem at once when validation finds any; renders nothing then.
///
/// ```
/// use rustomize::{App, Container, Environment, Image};
///
/// let env = Environment {
///     name: "dev".into(),
///     tree: "overlays/dev".into(),
///     namespace: Some("shop-dev".into()),
///     apps: vec![App {
///         containers: vec![Container {
///             name: "web".into(),
///             image: Image::tag("nginx", "1.27"),
///             ..Container::default()
///         }],
///         ..App::new("web")
///     }],
///     ..Environment::default()
/// };
/// let rendered = rustomize::render(&env)?;
/// assert_eq!(rendered.objects[0].kind(), "Namespace");
/// # Ok::<(), rustomize::Error>(())
/// ```
pub fn render(env: &Environment) -> Result<Rendered, Error> {
    let mut problems = crate::validate::components(env);
    let (env_all, patches) = env.assembled();
    let env = &*env_all;
    let mut images = env.images.clone();
    if let Some(path) = &env.image_file {
        match load::images::load(path) {
            Ok(file) => images.extend(file.overrides()),
            Err(d) => problems.push(located(env, "image file", *d)),
        }
    }
    let (found, resolved) = crate::validate::validate(env);
    problems.extend(found);
    let mut raw_objects = Vec::new();
    for raw in &env.raw {
        match load::raw::load(raw) {
            Ok(objects) => {
                problems.extend(crate::validate::raw_workloads(&env.name, raw, &objects));
                raw_objects.extend(objects.into_iter().map(Object::Raw));
            }
            Err(errors) => problems.extend(errors.into_iter().map(|d| located(env, "raw YAML", d))),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let mut objects = crate::render::render(env, &resolved);
    let first_raw = objects.len();
    objects.extend(raw_objects);
    let classes = transform::rename_raw(env, &mut objects[first_raw..]);
    transform::follow_classes(&classes, &mut objects);
    transform::apply(env, &mut objects);
    let unmatched = transform::edits(env, &patches, &images, &mut objects);
    if !unmatched.is_empty() {
        return Err(Error::Invalid(unmatched));
    }
    let duplicates = duplicates(env, &objects);
    if !duplicates.is_empty() {
        return Err(Error::Invalid(duplicates));
    }
    Ok(Rendered { target: env.name.clone(), objects })
}

/// Every problem in `env`, without rendering it; empty when [`render`] would succeed as far
/// as the declarations go.
pub fn validate(env: &Environment) -> Vec<Diagnostic> {
    let mut problems = crate::validate::components(env);
    problems.extend(crate::validate::validate(&env.assembled().0).0);
    problems
}

/// [`render`], plus `env`'s Secrets filled from the env file at `path` (never written to a
/// tree: this is for `render --secrets-from FILE | kubectl apply -f -`).
pub fn render_with_secrets(env: &Environment, path: &Path) -> Result<Rendered, Error> {
    let mut rendered = render(env)?;
    let file = crate::envfile::read(path)?;
    let mut objects = secrets::secrets(env, &file)
        .map_err(|p| Error::Invalid(p.into_iter().map(|d| d.for_target(&env.name)).collect()))?;
    transform::apply(env, &mut objects);
    rendered.objects.extend(objects);
    Ok(rendered)
}

/// Every tree of `project`, in memory, with each tree's `secrets.env.example`; every
/// environment's problems are reported together.
pub fn render_all(project: &Project) -> Result<Files, Error> {
    let header = output::header(&project.regenerate());
    let mut files = Files::new();
    let mut problems = Vec::new();
    for env in &project.environments {
        match render(env).and_then(|r| output::tree(&r, &env.tree, &header)) {
            Ok(tree) => {
                files.extend(tree);
                if let Some(example) = secrets::example(env, &project.command) {
                    files.insert(format!("{}/secrets.env.example", env.tree), example);
                }
            }
            Err(Error::Invalid(mut p)) => problems.append(&mut p),
            Err(e) => return Err(e),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    Ok(files)
}

/// A problem in a file an environment reads, reported under the environment.
fn located(env: &Environment, what: &str, d: Diagnostic) -> Diagnostic {
    Diagnostic { target: env.name.clone(), object: format!("{what} `{}`", d.object), ..d }
}

/// Objects that share (group, kind, namespace, name): `kubectl apply` would keep only one.
fn duplicates(env: &Environment, objects: &[Object]) -> Vec<Diagnostic> {
    let mut seen = std::collections::BTreeSet::new();
    objects
        .iter()
        .filter(|o| {
            !seen.insert((
                o.group().to_owned(),
                o.kind().to_owned(),
                o.namespace().map(str::to_owned),
                o.name().to_owned(),
            ))
        })
        .map(|o| Diagnostic {
            target: env.name.clone(),
            object: o.describe(),
            field: "metadata.name".into(),
            message: format!(
                "{} is declared twice{}",
                o.describe(),
                o.namespace().map_or_else(String::new, |ns| format!(" in namespace `{ns}`"))
            ),
            expected: Some("one object per (group, kind, namespace, name) in a tree".into()),
            help: None,
        })
        .collect()
}
