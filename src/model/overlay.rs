//! Overlays: typed per-app changes an environment makes to a base app, applied by
//! [`App::with`] as a pure function on values (no string field paths, no patch files).

use std::collections::BTreeMap;

use super::Origin;
use super::origin::located_default;
use super::{
    App, Autoscale, Config, DisruptionBudget, Env, EnvFrom, Image, Ingress, Probes, Resources,
    Traffic,
};

/// Typed per-app changes an environment makes to a base app. `None` keeps the base value.
/// Renders nothing itself: the app it is applied to renders with the changed values.
///
/// ```
/// use rustomize::{App, Config, Overlay};
///
/// let base = App { config: Config::new().set("LOG_LEVEL", "info"), ..App::new("api") };
/// let prod = base.with(Overlay {
///     replicas: Some(3),
///     config: Config::new().set("LOG_LEVEL", "warn"),
///     ..Overlay::default()
/// });
/// assert_eq!(prod.replicas, 3);
/// assert_eq!(prod.config.data["LOG_LEVEL"], "warn");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Overlay {
    /// Replica count.
    pub replicas: Option<u32>,
    /// New tag for the main container's image (same repository).
    pub image_tag: Option<String>,
    /// A whole new image for the main container.
    pub image: Option<Image>,
    /// Variables set on the main container, replacing same-named ones in place.
    pub env: Env,
    /// Whole ConfigMaps or Secrets added to the main container's environment.
    pub env_from: Vec<EnvFrom>,
    /// Keys set in the app's ConfigMap.
    pub config: Config,
    /// Requests and limits of the main container.
    pub resources: Option<Resources>,
    /// Probes of the main container.
    pub probes: Option<Probes>,
    /// What the app's NetworkPolicy admits.
    pub traffic: Option<Traffic>,
    /// Annotations added to the pods.
    pub pod_annotations: BTreeMap<String, String>,
    /// Horizontal autoscaling.
    pub autoscale: Option<Autoscale>,
    /// A PodDisruptionBudget.
    pub disruption_budget: Option<DisruptionBudget>,
    /// An Ingress.
    pub ingress: Option<Ingress>,
    /// Variables removed from the main container.
    pub env_remove: Vec<String>,
    /// Changes to containers by name (any container, sidecar or init container).
    pub containers: Vec<ContainerOverlay>,
    /// Where it was written; set by its constructor or `Default`, read by messages.
    #[doc(hidden)]
    pub at: Origin,
}

located_default!(Overlay {
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
    containers
});

/// Typed changes to one container of an app, found by name. `None` keeps the base value.
/// Renders nothing itself: the container it names renders with the changed values.
///
/// ```
/// use rustomize::{App, Container, ContainerOverlay, Env, Overlay};
///
/// let app = App {
///     containers: vec![
///         Container { name: "server".into(), ..Container::default() },
///         Container { name: "proxy".into(), env: Env::new().set("DEBUG", "1"), ..Container::default() },
///     ],
///     ..App::new("web")
/// };
/// let app = app.with(Overlay {
///     containers: vec![ContainerOverlay { env_remove: vec!["DEBUG".into()], ..ContainerOverlay::new("proxy") }],
///     ..Overlay::default()
/// });
/// assert!(app.containers[1].env.get("DEBUG").is_none());
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContainerOverlay {
    /// The container's name; validation reports a name the app does not have.
    pub name: String,
    /// A whole new image.
    pub image: Option<Image>,
    /// New tag for the image (same repository).
    pub image_tag: Option<String>,
    /// Variables set, replacing same-named ones in place.
    pub env: Env,
    /// Variables removed.
    pub env_remove: Vec<String>,
    /// Requests and limits.
    pub resources: Option<Resources>,
    /// New arguments.
    pub args: Option<Vec<String>>,
}

impl ContainerOverlay {
    /// An overlay of the container called `name` that changes nothing yet.
    pub fn new(name: &str) -> ContainerOverlay {
        ContainerOverlay { name: name.into(), ..ContainerOverlay::default() }
    }
}

impl App {
    /// This app with `overlay` applied: a pure function, so base apps stay reusable.
    #[must_use]
    #[track_caller]
    pub fn with(self, overlay: Overlay) -> App {
        let here = std::panic::Location::caller();
        super::history::record(&self, here, &overlay);
        self.apply(overlay, here)
    }

    /// [`App::with`] without recording it, as written at `here`.
    pub(crate) fn apply(
        mut self,
        overlay: Overlay,
        here: &'static std::panic::Location<'static>,
    ) -> App {
        self.trace.origins.push(here);
        // What the overlay names but the app lacks is reported where the overlay was written.
        let here = overlay.at.location().unwrap_or(here);
        if let Some(replicas) = overlay.replicas {
            self.replicas = replicas;
        }
        self.config.merge(&overlay.config);
        if let Some(main) = self.main_container_mut() {
            if let Some(image) = overlay.image {
                main.image = image;
            }
            if let Some(tag) = &overlay.image_tag {
                main.image = main.image.with_tag(tag);
            }
            main.env.merge(&overlay.env);
            let mut missing = Vec::new();
            for name in &overlay.env_remove {
                if !main.env.remove(name) {
                    missing.push(format!("variable `{name}` of container `{}`", main.name));
                }
            }
            main.env_from.extend(overlay.env_from);
            if let Some(resources) = overlay.resources {
                main.resources = resources;
            }
            if let Some(probes) = overlay.probes {
                main.probes = probes;
            }
            self.trace.misses.extend(missing.into_iter().map(|m| (m, here)));
        }
        for c in overlay.containers {
            // An unknown name is kept for validation to report, with the app's containers.
            let Some(target) = self.container_mut(&c.name) else {
                self.trace.misses.push((format!("container `{}`", c.name), here));
                continue;
            };
            if let Some(image) = c.image {
                target.image = image;
            }
            if let Some(tag) = &c.image_tag {
                target.image = target.image.with_tag(tag);
            }
            target.env.merge(&c.env);
            let mut missing = Vec::new();
            for name in &c.env_remove {
                if !target.env.remove(name) {
                    missing.push(format!("variable `{name}` of container `{}`", c.name));
                }
            }
            if let Some(resources) = c.resources {
                target.resources = resources;
            }
            if let Some(args) = c.args {
                target.args = args;
            }
            self.trace.misses.extend(missing.into_iter().map(|m| (m, here)));
        }
        if overlay.autoscale.is_some() {
            self.autoscale = overlay.autoscale;
        }
        if overlay.disruption_budget.is_some() {
            self.disruption_budget = overlay.disruption_budget;
        }
        if overlay.ingress.is_some() {
            self.ingress = overlay.ingress;
        }
        if let Some(traffic) = overlay.traffic {
            self.traffic = traffic;
        }
        self.pod_annotations.extend(overlay.pod_annotations);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Container, EnvValue, ImageRef};

    fn base() -> App {
        App {
            containers: vec![Container {
                name: "api".into(),
                image: Image::tag("ghcr.io/acme/api", "1.0.0"),
                env: Env::new().set("A", "1").set("B", "2"),
                ..Container::default()
            }],
            config: Config::new().set("LOG_LEVEL", "info"),
            ..App::new("api")
        }
    }

    #[test]
    fn overlay_replaces_tag_but_keeps_repository() {
        let app = base().with(Overlay { image_tag: Some("2.0.0".into()), ..Overlay::default() });
        let image = &app.containers[0].image;
        assert_eq!(image.repository, "ghcr.io/acme/api");
        assert_eq!(image.reference, ImageRef::Tag("2.0.0".into()));
    }

    #[test]
    fn overlay_env_replaces_in_place_and_appends_new_names() {
        let app = base()
            .with(Overlay { env: Env::new().set("A", "x").set("C", "3"), ..Overlay::default() });
        let env: Vec<_> =
            app.containers[0].env.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        assert_eq!(
            env,
            vec![
                ("A", EnvValue::from("x")),
                ("B", EnvValue::from("2")),
                ("C", EnvValue::from("3"))
            ]
        );
    }

    #[test]
    fn empty_overlay_changes_nothing_but_records_where_it_was_applied() {
        let mut app = base().with(Overlay::default());
        assert_eq!(app.trace.origins.len(), 2, "where it was defined, then overlaid");
        assert!(app.trace.origins[1].file().ends_with("overlay.rs"));
        app.trace.origins.pop();
        assert_eq!(app, base());
    }

    #[test]
    fn overlay_config_merges_keys() {
        let app = base().with(Overlay {
            config: Config::new().set("LOG_LEVEL", "debug").set("X", "y"),
            ..Overlay::default()
        });
        assert_eq!(app.config.data.get("LOG_LEVEL").map(String::as_str), Some("debug"));
        assert_eq!(app.config.data.len(), 2);
    }
}
