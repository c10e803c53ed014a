//! `explain`: where a rendered value comes from. The value, the Rust line that set it, and
//! each earlier value it replaced: the app as `App::new` wrote it, each overlay (`App::with`),
//! then the environment's edits (image and replica overrides, patches), each with its source.
//! It replays the pipeline with one layer at a time, from the overlay history
//! ([`history::collect`](crate::history::collect)), so the normal render records nothing.

use serde_json::Value;

use crate::error::{Diagnostic, Error};
use crate::model::history::History;
use crate::model::{App, Environment};

/// One value a field had on the way to the output, and what set it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The value after this step (`None`: the field is absent).
    pub value: Option<String>,
    /// What set it: `App::new`, `App::with`, `patch`, `image override`, …
    pub by: String,
    /// Where, as `file:line`, when known.
    pub at: Option<String>,
}

/// A field of a rendered object, with its history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explained {
    /// `Kind `name``, as rendered.
    pub object: String,
    /// The field path asked for.
    pub field: String,
    /// Each value it had, first to last; the last is what is rendered.
    pub steps: Vec<Step>,
}

impl Explained {
    /// The explanation as lines for the terminal.
    pub fn print(&self) -> String {
        let mut out = String::new();
        let last = self.steps.last();
        let value = last.and_then(|s| s.value.clone()).unwrap_or_else(|| "(not set)".into());
        out.push_str(&format!("{} {}: {value}\n", self.object, self.field));
        for (i, step) in self.steps.iter().enumerate().rev() {
            let verb = if i + 1 == self.steps.len() { "set by" } else { "overrode" };
            let shown = step.value.clone().unwrap_or_else(|| "(not set)".into());
            let at = step.at.as_deref().map_or_else(String::new, |a| format!(" at {a}"));
            out.push_str(&format!("  {verb:<8} {}{at}: {shown}\n", step.by));
        }
        out
    }
}

/// The history of `field` (`spec.template.spec.containers[api].image`) of the object
/// `kind/name` in `env`, whose apps' overlays `history` recorded.
pub fn explain(
    env: &Environment,
    history: &History,
    object: &str,
    field: &str,
) -> Result<Explained, Error> {
    let (kind, name) = object.split_once('/').ok_or_else(|| {
        usage(
            format!("`{}` is not `KIND/NAME`", crate::safe::shown(object)),
            "e.g. `deployment/api`",
        )
    })?;
    let path = parse_path(field)?;
    let in_render = |env: &Environment,
                     rendered: &crate::object::Rendered|
     -> Result<Option<Value>, Error> {
        for o in &rendered.objects {
            let base = o.name().strip_prefix(env.name_prefix.as_str()).unwrap_or(o.name());
            let base = base.strip_suffix(env.name_suffix.as_str()).unwrap_or(base);
            let unhashed = crate::hash::without_suffix(base);
            if o.kind().eq_ignore_ascii_case(kind)
                && (o.name() == name || base == name || unhashed == name)
            {
                let json = o
                    .to_json()
                    .map_err(|e| Error::Yaml { object: o.describe(), message: e.to_string() })?;
                return Ok(Some(json));
            }
        }
        Ok(None)
    };
    let find = |env: &Environment| in_render(env, &crate::pipeline::render(env)?);
    let Some(object_json) = find(env)? else {
        return Err(Error::Invalid(vec![Diagnostic {
            targets: vec![env.name.clone()],
            object: format!("`{}`", crate::safe::shown(object)),
            message: format!("target `{}` renders no {kind} named `{name}`", env.name),
            help: Some(format!("`render {}` lists what it renders", env.name)),
            ..Diagnostic::default()
        }]));
    };
    let shown_object = format!(
        "{} `{}`",
        object_json["kind"].as_str().unwrap_or(kind),
        object_json["metadata"]["name"].as_str().unwrap_or(name)
    );
    // A stage is rendered without validating it: before an overlay, an app may refer to
    // what only the overlay declares.
    let value_in = |env: &Environment| -> Result<Option<String>, Error> {
        let rendered = crate::pipeline::render_stage(env)?;
        Ok(in_render(env, &rendered)?.and_then(|o| lookup(&o, &path)).map(|v| show(&v)))
    };
    let mut steps: Vec<Step> = Vec::new();
    let mut push = |value: Option<String>, by: String, at: Option<String>| {
        if steps.last().is_none_or(|s: &Step| s.value != value) {
            steps.push(Step { value, by, at });
        }
    };
    // Without any edit: the apps, overlays and the environment's own settings.
    let bare = Environment {
        patches: Vec::new(),
        images: Vec::new(),
        replicas: Vec::new(),
        image_file: None,
        ..env.clone()
    };
    let owner = owner(env, &object_json, name);
    match owner.and_then(|(i, app)| history.chain(app).map(|chain| (i, app, chain))) {
        Some((i, app, chain)) => {
            let with_app = |a: &App| {
                let mut e = bare.clone();
                e.apps[i] = a.clone();
                e
            };
            let first = chain.first().map_or_else(|| app.clone(), |c| c.before.clone());
            push(
                value_in(&with_app(&first))?,
                format!("app `{}` (App::new, or the model's default)", app.name),
                app.trace.origins.first().map(|l| at(l)),
            );
            for (k, applied) in chain.iter().enumerate() {
                let after =
                    chain.get(k + 1).map_or_else(|| app.clone(), |next| next.before.clone());
                push(value_in(&with_app(&after))?, "App::with".into(), Some(at(applied.at)));
            }
        }
        None => {
            let by = owner.map_or_else(
                || format!("environment `{}`", env.name),
                |(_, a)| format!("app `{}`", a.name),
            );
            let at_ = env
                .apps
                .iter()
                .find(|a| a.name == name)
                .and_then(|a| a.trace.origins.first())
                .map(|l| at(l));
            push(value_in(&bare)?, by, at_);
        }
    }
    // Then each component (its apps, removals and overlays; its patches come with the
    // edits), in order.
    let mut edited = bare;
    for c in &env.components {
        edited.components.push(crate::model::Component { patches: Vec::new(), ..c.clone() });
        push(value_in(&edited)?, format!("component `{}`", c.name), None);
    }
    // Then the edits, in the order the pipeline applies them.
    if !env.images.is_empty() || env.image_file.is_some() {
        edited.images = env.images.clone();
        edited.image_file = env.image_file.clone();
        let source = env.image_file.as_ref().map(|p| p.display().to_string());
        push(value_in(&edited)?, "image override".into(), source);
    }
    if !env.replicas.is_empty() {
        edited.replicas = env.replicas.clone();
        push(value_in(&edited)?, format!("replica override of environment `{}`", env.name), None);
    }
    let component_patches = env.components.iter().flat_map(|c| &c.patches);
    for patch in env.patches.iter().chain(component_patches) {
        edited.patches.push(patch.clone());
        push(value_in(&edited)?, "patch".into(), patch.at.location().map(at));
    }
    Ok(Explained { object: shown_object, field: field.to_owned(), steps })
}

fn at(l: &'static std::panic::Location<'static>) -> String {
    crate::model::history::at_line(l)
}

/// The app of `env` that renders the object: by the app label, else by name.
fn owner<'a>(env: &'a Environment, object: &Value, name: &str) -> Option<(usize, &'a App)> {
    let label = object["metadata"]["labels"]["app.kubernetes.io/name"].as_str();
    env.apps.iter().enumerate().find(|(_, a)| Some(a.name.as_str()) == label || a.name == name)
}

/// One step of a field path: a key, a list item by its `name`, or by its index.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    Key(String),
    Named(String),
    Index(usize),
}

fn parse_path(field: &str) -> Result<Vec<Segment>, Error> {
    let mut out = Vec::new();
    for part in field.split('.') {
        let (key, rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        if !key.is_empty() {
            out.push(Segment::Key(key.to_owned()));
        }
        for item in rest.split('[').filter(|s| !s.is_empty()) {
            let item = item.strip_suffix(']').ok_or_else(|| {
                usage(
                    format!("`{}` has an unclosed `[`", crate::safe::shown(field)),
                    "e.g. `spec.template.spec.containers[api].image`",
                )
            })?;
            out.push(match item.parse::<usize>() {
                Ok(i) => Segment::Index(i),
                Err(_) => Segment::Named(item.to_owned()),
            });
        }
    }
    if out.is_empty() {
        return Err(usage("the field path is empty".into(), "e.g. `spec.replicas`"));
    }
    Ok(out)
}

fn lookup(v: &Value, path: &[Segment]) -> Option<Value> {
    let mut here = v;
    for segment in path {
        here = match segment {
            Segment::Key(k) => here.get(k)?,
            Segment::Index(i) => here.get(*i)?,
            Segment::Named(n) => here.as_array()?.iter().find(|i| i["name"] == n.as_str())?,
        };
    }
    Some(here.clone())
}

fn show(v: &Value) -> String {
    match v {
        Value::String(s) => crate::safe::inert(s).into_owned(),
        other => other.to_string(),
    }
}

fn usage(message: String, help: &str) -> Error {
    Error::Usage(Box::new(Diagnostic {
        object: "`explain`".into(),
        message,
        help: Some(help.into()),
        ..Diagnostic::default()
    }))
}
