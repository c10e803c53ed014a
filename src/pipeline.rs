//! The pipeline: the only driver. Assemble → load → validate → render → transform → checks,
//! for one environment or every tree of a project.

use std::collections::HashSet;
use std::path::Path;

use crate::compose::Compose;
use crate::error::{Diagnostic, Error};
use crate::model::{Environment, Project, Target};
use crate::object::{Object, Rendered};
use crate::output::TreeFiles;
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
    let runs = render_runs(env, Ok, Checks::All)?;
    Ok(Rendered { target: env.name.clone(), objects: runs.into_iter().flatten().collect() })
}

/// [`render`] of a stage that need not be valid on its own: `explain` replays an app as it
/// was before an overlay, which may refer to what only the overlay declares. Declarations
/// are not validated; what the render cannot do is still an error.
pub(crate) fn render_stage(env: &Environment) -> Result<Rendered, Error> {
    let runs = render_runs(env, Ok, Checks::RenderOnly)?;
    Ok(Rendered { target: env.name.clone(), objects: runs.into_iter().flatten().collect() })
}

/// How much of the checking a render does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Checks {
    /// Everything: the normal render.
    All,
    /// Only what the render needs (see [`render_stage`]).
    RenderOnly,
}

/// A run of objects finished: what the caller made of them, what the edits matched, and
/// what the target's Kubernetes version does not serve.
struct Finished<T> {
    made: T,
    hits: transform::Hits,
    unserved: Vec<Diagnostic>,
    /// The run's Services, and the ports its custom resources name on Services.
    services: Vec<crate::validate::references::Service>,
    references: Vec<crate::validate::references::Reference>,
}

/// What a run's objects became (typed objects, or documents) still tells of each object, in
/// order, its identity: the checks that need every object read it there, not from a copy.
pub(crate) trait Identities {
    /// The (group, kind, namespace, name) of each object, in order.
    fn identities(&self) -> impl Iterator<Item = Identity<'_>>;
}

impl Identities for Vec<Object> {
    fn identities(&self) -> impl Iterator<Item = Identity<'_>> {
        self.iter().map(|o| (o.group(), o.kind(), o.namespace(), o.name()))
    }
}

impl Identities for Vec<output::Document> {
    fn identities(&self) -> impl Iterator<Item = Identity<'_>> {
        self.iter().map(output::Document::identity)
    }
}

/// Renders `env` on every core, a run of apps at a time, and hands each run's finished
/// objects (transforms and edits applied) to `make` on the thread that rendered them; what
/// `make` returned, in declaration order (shared objects, each app's, raw YAML last).
///
/// An edit that matched nothing or an object declared twice is only known once every run is
/// done: then only the problems are returned. When validation found problems, the render
/// still runs (it never fails on an invalid value, it only renders it wrongly), so that an
/// edit matching nothing is reported in the same run as they are.
fn render_runs<T: Identities + Send>(
    env: &Environment,
    make: impl Fn(Vec<Object>) -> Result<T, Error> + Sync,
    checks: Checks,
) -> Result<Vec<T>, Error> {
    if matches!(env.target, Target::Compose(_)) {
        return Err(wrong_target(env, "Docker Compose", "render_compose"));
    }
    let prepared = prepare(env, checks)?;
    let env = &*prepared.env;
    let mut raw = prepared.raw;
    let classes = transform::rename_raw(env, &mut raw);
    let referencing = checks == Checks::All && crate::validate::references::wanted(&raw);
    let edits = transform::Edits::new(env, &prepared.patches, &prepared.images);
    // Checked on the finished objects (a patch may add a field), only for a target that
    // names its version; validation has refused a version the table does not cover.
    let gated = env.kubernetes.as_deref().and_then(|v| crate::validate::versions::minor(v).ok());
    // A cycle is a validation problem; then every app is stage 0.
    let stages = env.staging.sync_waves.then(|| env.stages().unwrap_or_default());
    let finish = |mut objects: Vec<Object>| {
        transform::follow_classes(&classes, &mut objects);
        transform::apply(env, &mut objects);
        if let Some(stages) = &stages {
            transform::sync_waves(stages, &mut objects);
        }
        let mut hits = edits.hits();
        edits.apply(&mut objects, &mut hits);
        let unserved = gated
            .map(|minor| crate::validate::versions::gate(&env.name, minor, &objects))
            .unwrap_or_default();
        let (services, references) = if referencing {
            crate::validate::references::collect(&objects)
        } else {
            Default::default()
        };
        Ok::<_, Error>(Finished { made: make(objects)?, hits, unserved, services, references })
    };
    let renderer = crate::render::Renderer::new(env, &prepared.resolved);
    let apps = env.apps.len();
    // At most 32 apps at once a core: a large tree's typed objects (kilobytes each) are never
    // all held at once.
    let size = crate::parallel::run_size(apps, 32);
    let runs = crate::parallel::ordered(1 + apps.div_ceil(size), |i| {
        finish(match i {
            0 => renderer.shared(),
            i => renderer.apps(crate::parallel::span(i - 1, size, apps)),
        })
    })
    .and_then(|mut runs| {
        runs.push(finish(raw)?);
        Ok(runs)
    });
    let runs = match runs {
        Ok(runs) => runs,
        // What validation found explains a render that failed on the invalid values.
        Err(_) if !prepared.problems.is_empty() => return Err(Error::Invalid(prepared.problems)),
        Err(e) => return Err(e),
    };
    let mut hits = edits.hits();
    let mut made = Vec::with_capacity(runs.len());
    let mut unserved = Vec::new();
    let mut services = Vec::new();
    let mut references = Vec::new();
    for run in runs {
        hits.merge(run.hits);
        made.push(run.made);
        unserved.extend(run.unserved);
        services.extend(run.services);
        references.extend(run.references);
    }
    let ids = || made.iter().flat_map(Identities::identities);
    let unmatched = edits.finish(&hits, || ids().map(|(_, kind, _, name)| (kind, name)));
    if !prepared.problems.is_empty() {
        let mut problems = prepared.problems;
        problems.extend(unmatched);
        return Err(Error::Invalid(problems));
    }
    if !unmatched.is_empty() {
        return Err(Error::Invalid(unmatched));
    }
    let mut problems = unserved;
    problems.extend(crate::validate::references::check(&env.name, &services, &references));
    problems.extend(invalid_identities(env, ids()));
    problems.extend(declared_twice(env, ids()));
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    Ok(made)
}

/// `env` rendered (with its Secrets filled from the env file at `secrets`, if given) and
/// serialised run by run: what `render` prints and `generate` writes, without holding
/// every typed object of a large tree.
pub(crate) fn render_documents(
    env: &Environment,
    secrets: Option<&Path>,
) -> Result<Vec<output::Document>, Error> {
    let stages = env.staging.folders.then(|| env.assembled().0.stages().unwrap_or_default());
    let runs = render_runs(
        env,
        |objects| {
            let mut docs = output::serialise(&objects)?;
            if let Some(stages) = &stages {
                for (doc, object) in docs.iter_mut().zip(&objects) {
                    doc.stage = Some(transform::stage_of(stages, object) + 1);
                }
            }
            Ok(docs)
        },
        Checks::All,
    )?;
    // Sized once: a large tree's documents are not copied again as the list grows.
    let mut docs = Vec::with_capacity(runs.iter().map(Vec::len).sum());
    docs.extend(runs.into_iter().flatten());
    if let Some(path) = secrets {
        docs.extend(output::documents(&secret_objects(env, path)?)?);
    }
    Ok(docs)
}

/// Validates `env`, an environment whose [`Target`] is Docker Compose, and renders its
/// Compose file.
///
/// ```
/// use rustomize::{App, ComposeTarget, Container, Environment, Image, Target};
///
/// let env = Environment {
///     name: "local".into(),
///     tree: "compose/local".into(),
///     target: Target::Compose(ComposeTarget::default()),
///     apps: vec![App {
///         containers: vec![Container {
///             name: "redis".into(),
///             image: Image::tag("redis", "7.4.1-alpine"),
///             ..Container::default()
///         }],
///         ..App::new("redis")
///     }],
///     ..Environment::default()
/// };
/// let compose = rustomize::render_compose(&env)?;
/// assert_eq!(compose.document["services"]["redis"]["image"], "redis:7.4.1-alpine");
/// # Ok::<(), rustomize::Error>(())
/// ```
pub fn render_compose(env: &Environment) -> Result<Compose, Error> {
    let Target::Compose(target) = &env.target else {
        return Err(wrong_target(env, "Kubernetes", "render"));
    };
    let prepared = prepare(env, Checks::All)?;
    if !prepared.problems.is_empty() {
        return Err(Error::Invalid(prepared.problems));
    }
    crate::compose::render(&prepared.env, target, &prepared.resolved, &prepared.images)
        .map_err(Error::Invalid)
}

/// The error for rendering an environment that `renders` something else with the other
/// target's entry point; `instead` is the one to call.
fn wrong_target(env: &Environment, renders: &str, instead: &str) -> Error {
    Error::Invalid(vec![Diagnostic {
        targets: vec![env.name.clone()],
        code: crate::error::Code::Conflict,
        subject: crate::error::Subject::Environment,
        object: "environment".into(),
        field: "target".into(),
        message: format!("target `{}` renders {renders}", env.name),
        expected: None,
        help: Some(format!("call `rustomize::{instead}`")),
    }])
}

/// An environment assembled, loaded and validated, ready for either renderer.
struct Prepared<'a> {
    env: std::borrow::Cow<'a, Environment>,
    patches: Vec<crate::model::Patch>,
    images: Vec<crate::model::ImageOverride>,
    resolved: crate::validate::Resolved,
    raw: Vec<Object>,
    /// What validation found (nothing, when only the render is checked).
    problems: Vec<Diagnostic>,
}

/// Assembles components, loads image files and raw YAML, and validates everything; every
/// problem at once.
fn prepare(env: &Environment, checks: Checks) -> Result<Prepared<'_>, Error> {
    let mut problems = crate::validate::components(env);
    let (assembled, patches) = env.assembled();
    let env = &*assembled;
    let mut images = env.images.clone();
    if let Some(path) = &env.image_file {
        match load::images::load(path) {
            Ok(file) => images.extend(file.overrides()),
            Err(d) => problems.push(located(env, "image file", *d)),
        }
    }
    let (found, resolved) = crate::validate::validate(env);
    problems.extend(found);
    problems.extend(crate::validate::image_overrides(env, &images));
    let mut raw = Vec::new();
    let (loaded, schemas) = load_raw(env, &mut problems);
    for (r, objects) in loaded {
        problems.extend(crate::validate::schema::custom_resources(
            &env.name, &r.source, &objects, &schemas,
        ));
        problems.extend(crate::validate::raw_workloads(&env.name, r, &objects));
        problems.extend(crate::validate::raw_credentials(
            &env.name,
            r,
            &objects,
            crate::validate::credentials_waived(&env.waivers),
        ));
        raw.extend(objects.into_iter().map(Object::Raw));
    }
    if checks == Checks::RenderOnly {
        problems.clear();
    }
    Ok(Prepared { env: assembled, patches, images, resolved, raw, problems })
}

/// The raw objects `env` includes (its own and its apps'), each with where it came from, and
/// the schemas custom resources are checked against: the cluster's CRDs (`crds`) and those
/// the tree itself installs. What cannot be read is added to `problems`.
fn load_raw<'e>(
    env: &'e Environment,
    problems: &mut Vec<Diagnostic>,
) -> (Vec<(&'e crate::model::RawYaml, Vec<crate::object::RawObject>)>, Schemas) {
    let mut definitions = Vec::new();
    for r in &env.crds {
        match load::raw::load(r) {
            Ok(objects) => definitions.extend(objects),
            Err(errors) => problems.extend(errors.into_iter().map(|d| located(env, "CRD", d))),
        }
    }
    let mut loaded = Vec::new();
    let owned = env.apps.iter().flat_map(|app| app.resources.iter().map(move |r| (Some(app), r)));
    for (owner, r) in env.raw.iter().map(|r| (None, r)).chain(owned) {
        match load::raw::load(r) {
            Ok(mut objects) => {
                if let Some(app) = owner {
                    owned_by(app, &mut objects);
                }
                loaded.push((r, objects));
            }
            Err(errors) => problems.extend(errors.into_iter().map(|d| located(env, "raw YAML", d))),
        }
    }
    let schemas = crate::validate::schema::schemas(
        definitions.iter().chain(loaded.iter().flat_map(|(_, objects)| objects)),
    );
    (loaded, schemas)
}

/// A CRD's schema of each served `(apiVersion, kind)`.
type Schemas = std::collections::HashMap<(String, String), serde_json::Value>;

/// The CRD rules the render cannot judge for `env`: transition rules (`oldSelf`), which
/// compare with the object stored in the cluster, of the CRDs whose resources `env`
/// includes; one line each, `Kind apiVersion field: rule`. The API server checks them on
/// apply. Raw YAML that cannot be read is left to [`render`] to report.
pub fn transition_rules(env: &Environment) -> Vec<String> {
    let (env, _) = env.assembled();
    // Without raw objects there is no custom resource, and no CRD to read again.
    if env.raw.is_empty() && env.apps.iter().all(|a| a.resources.is_empty()) {
        return Vec::new();
    }
    let (loaded, schemas) = load_raw(&env, &mut Vec::new());
    let used: std::collections::BTreeSet<(String, String)> = loaded
        .iter()
        .flat_map(|(_, objects)| objects)
        .map(|o| (o.api_version.clone(), o.kind.clone()))
        .filter(|key| schemas.contains_key(key))
        .collect();
    let mut out = Vec::new();
    for (api_version, kind) in used {
        let mut rules = Vec::new();
        crate::validate::schema::transition_rules(
            &schemas[&(api_version.clone(), kind.clone())],
            "",
            &mut rules,
        );
        out.extend(
            rules.into_iter().map(|(at, rule)| format!("`{kind}` {api_version} {at}: `{rule}`")),
        );
    }
    out
}

/// Objects an app owns carry its labels and annotations (their own win) and its namespace
/// when they set none, like the objects the app renders.
fn owned_by(app: &crate::model::App, objects: &mut [crate::object::RawObject]) {
    for object in objects {
        let meta = &mut object.metadata;
        let mut labels = crate::render::app_labels(app);
        labels.extend(meta.labels.take().unwrap_or_default());
        meta.labels = Some(labels);
        if !app.annotations.is_empty() {
            let mut annotations = app.annotations.clone();
            annotations.extend(meta.annotations.take().unwrap_or_default());
            meta.annotations = Some(annotations);
        }
        if meta.namespace.is_none() && !crate::object::is_cluster_scoped(&object.kind) {
            meta.namespace.clone_from(&app.namespace);
        }
    }
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
    rendered.objects.extend(secret_objects(env, path)?);
    Ok(rendered)
}

/// `env`'s Secrets filled from the env file at `path`, with the environment's namespace,
/// labels and annotations.
fn secret_objects(env: &Environment, path: &Path) -> Result<Vec<Object>, Error> {
    let file = crate::envfile::read(path)?;
    let mut objects = secrets::secrets(env, &file)
        .map_err(|p| Error::Invalid(p.into_iter().map(|d| d.for_target(&env.name)).collect()))?;
    transform::apply(env, &mut objects);
    Ok(objects)
}

/// Every tree of `project`, in memory, with each tree's `secrets.env.example`; every
/// environment's problems are reported together.
pub fn render_all(project: &Project) -> Result<TreeFiles, Error> {
    check_project(project)?;
    let header = output::header(&project.regenerate());
    let mut files = TreeFiles::new();
    let mut problems = Vec::new();
    let tree_of = |env: &Environment| tree(project, env, &header);
    for env in &project.environments {
        match tree_of(env) {
            Ok(tree) => files.extend(tree),
            Err(Error::Invalid(mut p)) => problems.append(&mut p),
            Err(e) => return Err(e),
        }
    }
    // The GitOps trees point at the stage folders the cluster trees turned out to have.
    if let Some(fleet) = &project.fleet {
        for env in crate::gitops::environments(fleet, &project.environments, &files) {
            match tree_of(&env) {
                Ok(tree) => files.extend(tree),
                Err(Error::Invalid(mut p)) => problems.append(&mut p),
                Err(e) => return Err(e),
            }
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(crate::error::merge_targets(problems)));
    }
    Ok(files)
}

/// The files of `env`'s tree, each with `header` (the generated-file comment).
pub(crate) fn tree(project: &Project, env: &Environment, header: &str) -> Result<TreeFiles, Error> {
    match &env.target {
        Target::Compose(_) => render_compose(env).and_then(|c| compose_tree(&c, &env.tree, header)),
        Target::Kubernetes => render_documents(env, None).and_then(|docs| {
            let mut tree = output::tree_of(&env.name, docs, &env.tree, header)?;
            if let Some(example) = secrets::example(env, &project.command) {
                tree.insert(format!("{}/secrets.env.example", env.tree), example);
            }
            Ok(tree)
        }),
    }
}

/// Refuses a project whose targets collide (a name or tree twice, nested trees).
pub fn check_project(project: &Project) -> Result<(), Error> {
    let problems = crate::validate::project(project);
    if problems.is_empty() { Ok(()) } else { Err(Error::Invalid(problems)) }
}

/// A Compose environment's tree: the Compose file (with the generated-file header), its
/// `.env.example`, and the config files it mounts.
pub(crate) fn compose_tree(
    compose: &Compose,
    tree: &str,
    header: &str,
) -> Result<TreeFiles, Error> {
    let mut files = TreeFiles::new();
    files.insert(format!("{tree}/{}", compose.file), format!("{header}{}", compose_yaml(compose)?));
    if let Some((name, text)) = &compose.env_example {
        files.insert(format!("{tree}/{name}"), text.clone());
    }
    for (path, text) in &compose.files {
        files.insert(format!("{tree}/{path}"), text.clone());
    }
    Ok(files)
}

/// The Compose document as YAML.
pub(crate) fn compose_yaml(compose: &Compose) -> Result<String, Error> {
    crate::yaml::to_yaml_value(&compose.document).map_err(|message| Error::Yaml {
        object: format!("Compose file of `{}`", compose.target),
        message,
    })
}

/// A problem in a file an environment reads, reported under the environment.
fn located(env: &Environment, what: &str, d: Diagnostic) -> Diagnostic {
    Diagnostic { targets: vec![env.name.clone()], object: format!("{what} `{}`", d.object), ..d }
}

/// An object's (group, kind, namespace, name): `kubectl apply` keeps one object per identity.
pub(crate) type Identity<'a> = (&'a str, &'a str, Option<&'a str>, &'a str);

/// The objects whose kind, group, namespace or name their API would refuse. They are checked
/// here, on what is about to be written, because a name becomes a file name: raw YAML and
/// imported objects are as hostile as any input (`../../.git/hooks/pre-commit`).
fn invalid_identities<'a>(
    env: &Environment,
    ids: impl Iterator<Item = Identity<'a>>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (group, kind, namespace, name) in ids {
        let mut problems = Vec::new();
        if let Err(why) = crate::safe::kind(kind) {
            problems.push(("kind", why, "a kind such as `ServiceMonitor`"));
        }
        if !group.is_empty()
            && let Err(why) = crate::safe::dns_subdomain(group)
        {
            problems.push(("apiVersion", why, "an API group that is a DNS subdomain"));
        }
        if let Some(ns) = namespace
            && let Err(why) = crate::safe::dns_label(ns)
        {
            problems.push(("metadata.namespace", why, "a DNS-1123 label"));
        }
        if let Err(why) = crate::safe::object_name(kind, name) {
            problems.push(("metadata.name", why, crate::safe::object_name_rule(kind)));
        }
        for (field, why, expected) in problems {
            let object = format!("{} `{}`", crate::safe::shown(kind), crate::safe::shown(name));
            out.push(Diagnostic {
                targets: vec![env.name.clone()],
                code: crate::error::Code::InvalidValue,
                subject: crate::error::Subject::Object {
                    kind: kind.to_owned(),
                    name: name.to_owned(),
                },
                object,
                field: field.into(),
                message: format!("the object's `{field}` is not valid: {why}"),
                expected: Some(expected.into()),
                help: None,
            });
        }
    }
    out
}

/// The objects (by identity, in order) that share (group, kind, namespace, name) with one
/// before them: `kubectl apply` would keep only one.
fn declared_twice<'a>(
    env: &Environment,
    ids: impl Iterator<Item = Identity<'a>>,
) -> Vec<Diagnostic> {
    let mut seen = HashSet::new();
    ids.filter(|id| !seen.insert(*id))
        .map(|(_, kind, namespace, name)| {
            let object = format!("{kind} `{name}`");
            Diagnostic {
                targets: vec![env.name.clone()],
                code: crate::error::Code::Duplicate,
                subject: crate::error::Subject::Object {
                    kind: kind.to_owned(),
                    name: name.to_owned(),
                },
                object: object.clone(),
                field: "metadata.name".into(),
                message: format!(
                    "{object} is declared twice{}",
                    namespace.map_or_else(String::new, |ns| format!(" in namespace `{ns}`"))
                ),
                expected: Some("one object per (group, kind, namespace, name) in a tree".into()),
                help: None,
            }
        })
        .collect()
}
