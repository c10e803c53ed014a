//! An opt-in record of every overlay an app receives, with the app as it was before it: what
//! `explain` replays to say where a value came from, and what `check` warns from. It is off
//! unless [`collect`] runs the project's builder, so an ordinary render pays one thread-local
//! read per [`App::with`].

use std::cell::RefCell;
use std::collections::HashMap;
use std::panic::Location;

use super::{App, Overlay};

thread_local! {
    static RECORD: RefCell<Option<Vec<Applied>>> = const { RefCell::new(None) };
}

/// One [`App::with`] call: where it was written, the app before it, and the overlay.
#[derive(Clone, Debug)]
pub(crate) struct Applied {
    pub(crate) at: &'static Location<'static>,
    pub(crate) before: App,
    pub(crate) overlay: Overlay,
}

/// Every overlay applied while a project was built under [`collect`].
#[derive(Clone, Debug, Default)]
pub struct History {
    applied: Vec<Applied>,
    /// The overlays applied at each line to each app name, in order: a chain is found by
    /// lookups, not by searching every overlay of a large project (one line may overlay
    /// every app, in a loop) for each app.
    index: HashMap<&'static Location<'static>, HashMap<String, Vec<usize>>>,
}

/// Runs `build` (the function that makes a project) with every overlay recorded.
///
/// ```
/// use rustomize::{App, Overlay, history};
///
/// let (app, history) = history::collect(|| App::new("api").with(Overlay { replicas: Some(3), ..Overlay::default() }));
/// assert_eq!(app.replicas, 3);
/// assert_eq!(history.len(), 1);
/// ```
pub fn collect<T>(build: impl FnOnce() -> T) -> (T, History) {
    let previous = RECORD.with(|r| r.replace(Some(Vec::new())));
    let value = build();
    let applied: Vec<Applied> = RECORD.with(|r| r.replace(previous)).unwrap_or_default();
    let mut index: HashMap<_, HashMap<String, Vec<usize>>> = HashMap::new();
    for (i, a) in applied.iter().enumerate() {
        index.entry(a.at).or_default().entry(a.before.name.clone()).or_default().push(i);
    }
    (value, History { applied, index })
}

/// Records one overlay, when [`collect`] is running on this thread.
pub(crate) fn record(app: &App, at: &'static Location<'static>, overlay: &Overlay) {
    RECORD.with(|r| {
        if let Some(list) = r.borrow_mut().as_mut() {
            list.push(Applied { at, before: app.clone(), overlay: overlay.clone() });
        }
    });
}

impl History {
    /// How many overlays were recorded.
    pub fn len(&self) -> usize {
        self.applied.len()
    }

    /// Whether none was.
    pub fn is_empty(&self) -> bool {
        self.applied.is_empty()
    }

    /// The overlays `app` (as an environment holds it) received, in order, each with the app
    /// before it; `None` when one of them was not recorded.
    pub(crate) fn chain(&self, app: &App) -> Option<Vec<&Applied>> {
        let origins = &app.trace.origins;
        (1..origins.len())
            .map(|k| {
                let candidates = self.index.get(origins[k])?.get(app.name.as_str())?;
                candidates
                    .iter()
                    .filter_map(|&i| self.applied.get(i))
                    .find(|a| a.before.trace.origins == origins[..k])
            })
            .collect()
    }
}

/// `overlay` split into one overlay per thing it sets, each named as a reader would (`replicas`,
/// `env`, `containers[proxy]`); written with every field named, so a new overlay field is a
/// compile error here rather than a silent gap in the warnings.
pub(crate) fn parts(overlay: &Overlay) -> Vec<(String, Overlay)> {
    let Overlay {
        replicas,
        image_tag,
        image,
        env,
        env_from,
        config,
        resources,
        probes,
        traffic,
        pod_annotations,
        autoscale,
        disruption_budget,
        ingress,
        env_remove,
        containers,
        at,
    } = overlay;
    // Each part keeps the overlay's line, for messages about it.
    let none = || Overlay { at: *at, ..Overlay::default() };
    let mut out = Vec::new();
    let mut part = |name: &str, set: bool, o: Overlay| {
        if set {
            out.push((name.to_owned(), o));
        }
    };
    part("replicas", replicas.is_some(), Overlay { replicas: *replicas, ..none() });
    part("image_tag", image_tag.is_some(), Overlay { image_tag: image_tag.clone(), ..none() });
    part("image", image.is_some(), Overlay { image: image.clone(), ..none() });
    part("env", !env.is_empty(), Overlay { env: env.clone(), ..none() });
    part("env_from", !env_from.is_empty(), Overlay { env_from: env_from.clone(), ..none() });
    part("config", *config != Default::default(), Overlay { config: config.clone(), ..none() });
    part("resources", resources.is_some(), Overlay { resources: resources.clone(), ..none() });
    part("probes", probes.is_some(), Overlay { probes: probes.clone(), ..none() });
    part("traffic", traffic.is_some(), Overlay { traffic: traffic.clone(), ..none() });
    part(
        "pod_annotations",
        !pod_annotations.is_empty(),
        Overlay { pod_annotations: pod_annotations.clone(), ..none() },
    );
    part("autoscale", autoscale.is_some(), Overlay { autoscale: autoscale.clone(), ..none() });
    part(
        "disruption_budget",
        disruption_budget.is_some(),
        Overlay { disruption_budget: *disruption_budget, ..none() },
    );
    part("ingress", ingress.is_some(), Overlay { ingress: ingress.clone(), ..none() });
    part(
        "env_remove",
        !env_remove.is_empty(),
        Overlay { env_remove: env_remove.clone(), ..none() },
    );
    for c in containers {
        part(
            &format!("containers[{}]", c.name),
            true,
            Overlay { containers: vec![c.clone()], ..none() },
        );
    }
    out
}

/// The environment's own overrides that change nothing (a replica count the app already has,
/// an image tag it already runs) or replace what an overlay set.
fn environment_warnings(history: &History, env: &super::Environment) -> Vec<String> {
    let mut out = Vec::new();
    // Each app by its name and by its final name, once: not a search per override.
    let mut by_name = std::collections::HashMap::new();
    for app in env.apps.iter().rev() {
        by_name.insert(env.object_name(&app.name), app);
        by_name.insert(app.name.clone(), app);
    }
    for r in &env.replicas {
        let Some(app) = by_name.get(&r.name).copied() else {
            continue;
        };
        if app.replicas == r.count && app.autoscale.is_none() {
            out.push(format!(
                "warning: the replica override of `{}` in environment `{}` sets the count the app already has ({})",
                r.name, env.name, r.count
            ));
        } else if let Some(overlay) =
            history.chain(app).into_iter().flatten().rev().find(|a| a.overlay.replicas.is_some())
        {
            out.push(format!(
                "warning: `replicas` of app `{}` set by the overlay at {} is set again by environment `{}`'s replica override before it reaches the output",
                app.name,
                at_line(overlay.at),
                env.name
            ));
        }
    }
    for o in &env.images {
        let (Some(tag), None, None) = (&o.new_tag, &o.new_name, &o.digest) else { continue };
        let images: Vec<&super::Image> = env
            .apps
            .iter()
            .flat_map(|a| a.all_containers())
            .map(|c| &c.image)
            .filter(|i| i.repository == o.name)
            .collect();
        if !images.is_empty()
            && images.iter().all(|i| i.reference == super::ImageRef::Tag(tag.clone()))
        {
            out.push(format!(
                "warning: the image override of `{}` in environment `{}` sets the tag `{tag}` its apps already run",
                o.name, env.name
            ));
        }
    }
    out
}

/// `file:line`, with the `dir/../` a `#[path]` module leaves in `file!()` taken out.
pub(crate) fn at_line(l: &'static Location<'static>) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in l.file().split('/') {
        match part {
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            "." => {}
            p => parts.push(p),
        }
    }
    format!("{}:{}", parts.join("/"), l.line())
}

/// `app` without what only says where it came from, to compare what it renders.
fn content(mut app: App) -> App {
    app.trace.origins.clear();
    app.trace.misses.clear();
    app
}

impl History {
    /// `check`'s warnings for `env`'s apps: an overlay that sets a value the app already
    /// has, and one that a later overlay sets again before it reaches the output.
    ///
    /// ```
    /// use rustomize::{App, Environment, Overlay, history};
    ///
    /// let (env, history) = history::collect(|| Environment {
    ///     apps: vec![App::new("api").with(Overlay { replicas: Some(1), ..Overlay::default() })],
    ///     ..Environment::default()
    /// });
    /// let warnings = history.warnings(&env);
    /// assert!(warnings[0].contains("sets `replicas` of app `api` to the value it already has"));
    /// ```
    pub fn warnings(&self, env: &super::Environment) -> Vec<String> {
        let mut out = warnings(self, &env.apps);
        out.extend(environment_warnings(self, env));
        out
    }
}

fn warnings(history: &History, apps: &[App]) -> Vec<String> {
    let mut out = Vec::new();
    let at = |l: &'static Location<'static>| at_line(l);
    for app in apps {
        let Some(chain) = history.chain(app) else { continue };
        for (k, applied) in chain.iter().enumerate() {
            for (name, part) in parts(&applied.overlay) {
                let after = applied.before.clone().apply(part, applied.at);
                if content(after) == content(applied.before.clone()) {
                    out.push(format!(
                        "warning: the overlay at {} sets `{name}` of app `{}` to the value it already has",
                        at(applied.at),
                        app.name
                    ));
                }
                let again = chain[k + 1..]
                    .iter()
                    .find(|later| parts(&later.overlay).iter().any(|(n, _)| *n == name));
                if let Some(later) = again {
                    out.push(format!(
                        "warning: `{name}` of app `{}` set by the overlay at {} is set again at {} before it reaches the output",
                        app.name,
                        at(applied.at),
                        at(later.at)
                    ));
                }
            }
        }
    }
    out
}
