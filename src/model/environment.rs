//! Environments: the apps of one tree with what they share, components, and the project
//! that lists the environments.

use super::Origin;
use super::origin::located_default;
use std::collections::BTreeMap;
use std::path::PathBuf;

use super::{
    ApiService, App, BindingSpec, ClaimSpec, ExternalService, ImageOverride, Overlay, Patch,
    Policy, PriorityClassSpec, RawYaml, Replicas, RoleSpec, SecretSpec, ServiceAccountSpec,
    ServiceSpec, SharedConfig, StorageClassSpec, Waiver,
};

/// One rendered tree: a set of apps with the namespace, labels and annotations they share.
///
/// ```
/// use rustomize::{App, Environment, labels};
///
/// let staging = Environment {
///     name: "staging".into(),
///     tree: "overlays/staging".into(),
///     namespace: Some("shop-staging".into()),
///     labels: labels(&[("environment", "staging")]),
///     name_prefix: "staging-".into(),
///     ..Environment::default()
/// };
/// assert_eq!(staging.host(&App::new("api")), "staging-api");
/// ```
#[derive(Clone, Debug, Default)]
pub struct Environment {
    /// Short name used on the command line, e.g. `prod`.
    pub name: String,
    /// Where its tree lives under `generated/`, e.g. `overlays/prod`.
    pub tree: String,
    /// The namespace every namespaced object goes into; the Namespace object is rendered
    /// too. `None` leaves objects unnamespaced (for environment-agnostic trees like `base`).
    pub namespace: Option<String>,
    /// Labels on every object's metadata and, unless [`Environment::label_scope`] says
    /// otherwise, its pod templates (never on selectors).
    pub labels: BTreeMap<String, String>,
    /// Labels on the environment's Namespace only, beside the Pod Security labels the render
    /// sets (a label a NetworkPolicy's namespace selector matches, say); one set here wins.
    pub namespace_labels: BTreeMap<String, String>,
    /// What [`Environment::labels`] reach: pod templates too (the default), or object
    /// metadata only.
    pub label_scope: LabelScope,
    /// Annotations on every object's metadata.
    pub annotations: BTreeMap<String, String>,
    /// The apps, in declaration order.
    pub apps: Vec<App>,
    /// Secrets the apps refer to. They are provisioned outside git; only their keys are known.
    pub secrets: Vec<SecretSpec>,
    /// ConfigMaps shared by several apps.
    pub configs: Vec<SharedConfig>,
    /// ServiceAccounts shared by several apps, or bound to roles on their own.
    pub service_accounts: Vec<ServiceAccountSpec>,
    /// Roles and ClusterRoles of the environment, apart from any one app's permissions.
    pub roles: Vec<RoleSpec>,
    /// RoleBindings and ClusterRoleBindings granting roles to accounts, users and groups.
    pub bindings: Vec<BindingSpec>,
    /// PersistentVolumeClaims any app may mount ([`VolumeSource::Claim`](super::VolumeSource::Claim)).
    pub claims: Vec<ClaimSpec>,
    /// Services over pods that are not an app's (or a second view of one's with labels of
    /// its own).
    pub services: Vec<ServiceSpec>,
    /// Aggregated APIs the apps serve to the cluster's API server (`v1beta1.metrics.k8s.io`).
    pub api_services: Vec<ApiService>,
    /// Services that resolve to names outside the cluster (managed databases).
    pub external_services: Vec<ExternalService>,
    /// StorageClasses the claims name (cluster-scoped, never prefixed).
    pub storage_classes: Vec<StorageClassSpec>,
    /// PriorityClasses the pods name (cluster-scoped, never prefixed).
    pub priority_classes: Vec<PriorityClassSpec>,
    /// NetworkPolicies of the environment itself, e.g. [`Policy::deny_all`](super::Policy::deny_all).
    pub policies: Vec<Policy>,
    /// Linter findings accepted for every object of the environment, with reasons.
    pub waivers: Vec<Waiver>,
    /// Third-party YAML (CRDs, operators' objects) included as it is, after checks.
    pub raw: Vec<RawYaml>,
    /// Prepended to the name of every object the environment renders, except Namespaces,
    /// CRDs and the Secrets it declares (they are provisioned outside the tree).
    pub name_prefix: String,
    /// Appended to those names.
    pub name_suffix: String,
    /// New names, tags or digests for container images, by repository.
    pub images: Vec<ImageOverride>,
    /// Replica counts by workload name.
    pub replicas: Vec<Replicas>,
    /// Typed edits of rendered objects.
    pub patches: Vec<Patch>,
    /// Optional bundles (a database, monitoring, an ingress) this environment includes.
    pub components: Vec<Component>,
    /// A YAML file mapping image repositories to the tag or digest this environment deploys,
    /// kept as data so CI can bump it (`rustomize set-image`) without editing Rust.
    pub image_file: Option<PathBuf>,
    /// Annotate every object with the Rust source that defined it (`render --provenance`).
    pub provenance: bool,
    /// The most the environment may request and use in total, replicas and autoscaling
    /// maxima included; `None` sets no limit.
    pub budget: Option<Budget>,
    /// What the tree holds: Kubernetes manifests (the default) or a Docker Compose file.
    pub target: Target,
    /// CustomResourceDefinitions the target cluster has (vendored, e.g.
    /// `RawYaml::file("crds/servicemonitors.yaml")`), not rendered: each custom resource in
    /// [`Environment::raw`] whose kind one of them (or a CRD in `raw`) defines is checked
    /// against that version's `openAPIV3Schema`.
    pub crds: Vec<RawYaml>,
    /// The Kubernetes version of the cluster the tree is applied to, as `"1.29"`: the render
    /// then refuses an apiVersion and kind that version does not serve, and a field its API
    /// does not have, naming the first version that has it. `None` is not gated (the crate
    /// renders with the API of [`KUBERNETES_VERSION`](crate::KUBERNETES_VERSION)).
    pub kubernetes: Option<String>,
    /// How the tree orders its apps for the tool that applies it: Argo CD sync waves, Flux
    /// stage folders. Set by a [`Fleet`](crate::Fleet) on its clusters' trees.
    pub staging: super::Staging,
}

/// What an environment renders to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Target {
    /// One Kubernetes manifest per object.
    #[default]
    Kubernetes,
    /// A Compose Specification file, for `docker compose` (local runs, Easypanel, a VM).
    Compose(ComposeTarget),
}

/// Where an environment's Compose file and its list of secret keys are written.
/// Renders nothing itself: it names the Compose file (`services:`, `volumes:`) and the
/// `.env.example` beside it.
///
/// ```
/// use rustomize::{ComposeTarget, Environment, Target};
///
/// let prod = Environment {
///     name: "compose-prod".into(),
///     tree: "compose/prod".into(),
///     target: Target::Compose(ComposeTarget {
///         file: "docker-compose.prod.yml".into(),
///         env_example: ".env.production.example".into(),
///     }),
///     ..Environment::default()
/// };
/// assert!(matches!(prod.target, Target::Compose(_)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComposeTarget {
    /// The Compose file's name, e.g. `compose.yaml` or `docker-compose.prod.yml`.
    pub file: String,
    /// The file listing the secret keys, to copy to `.env` and fill in outside git.
    pub env_example: String,
}

impl Default for ComposeTarget {
    fn default() -> Self {
        ComposeTarget { file: "compose.yaml".into(), env_example: ".env.example".into() }
    }
}

/// A reusable, optional bundle of apps, Secrets, raw YAML and patches that environments
/// include or leave out, like a Kustomize component. It may also remove apps and overlay
/// them. Its patches act on every object of the environment that includes it.
///
/// ```
/// use rustomize::{Component, Env, Overlay};
///
/// // A managed Redis replaces the in-cluster one.
/// let memorystore = Component {
///     name: "memorystore".into(),
///     remove: vec!["redis".into()],
///     overlays: vec![("cart".into(), Overlay { env: Env::new().set("REDIS_ADDR", "10.0.0.3:6379"), ..Overlay::default() })],
///     ..Component::default()
/// };
/// assert_eq!(memorystore.remove, ["redis"]);
/// ```
#[derive(Clone, Debug)]
pub struct Component {
    /// The component's name, for messages.
    pub name: String,
    /// Apps it adds.
    pub apps: Vec<App>,
    /// Secrets its apps read.
    pub secrets: Vec<SecretSpec>,
    /// Third-party YAML it adds.
    pub raw: Vec<RawYaml>,
    /// Edits it makes to the environment's objects.
    pub patches: Vec<Patch>,
    /// Apps it removes from the environment, by name (a managed database replacing an
    /// in-cluster one).
    pub remove: Vec<String>,
    /// Overlays it applies to the environment's apps, by app name.
    pub overlays: Vec<(String, Overlay)>,
    /// Shared ConfigMaps it adds.
    pub configs: Vec<SharedConfig>,
    /// NetworkPolicies it adds.
    pub policies: Vec<Policy>,
    /// Prepended to the name of every app it adds, inside the environment's own prefix:
    /// `db-` in an environment prefixed `prod-` renders the app `postgres` as
    /// `prod-db-postgres` (its objects, its `app.kubernetes.io/name` label and selector
    /// too). Overlays, removals and references name the app with it (`db-postgres`).
    pub name_prefix: String,
    /// Where it was written; set by its constructor or `Default`, read by messages.
    #[doc(hidden)]
    pub at: Origin,
}

impl Component {
    /// `app` as this component adds it to an environment: its name prefixed.
    pub(crate) fn added(&self, app: &App) -> App {
        let mut app = app.clone();
        if !self.name_prefix.is_empty() {
            app.name = format!("{}{}", self.name_prefix, app.name);
        }
        app
    }
}

located_default!(Component {
    name,
    apps,
    secrets,
    raw,
    patches,
    remove,
    overlays,
    configs,
    policies,
    name_prefix
});

impl Environment {
    /// This environment with its components folded in, in order: each adds its apps, Secrets,
    /// shared configs and raw YAML, removes the apps it names and overlays others; every patch
    /// (its own, then each component's) is returned in order. Borrowed when there are no
    /// components. A component that names an app the environment lacks is reported by
    /// validation.
    pub fn assembled(&self) -> (std::borrow::Cow<'_, Environment>, Vec<Patch>) {
        if self.components.is_empty() {
            return (std::borrow::Cow::Borrowed(self), self.patches.clone());
        }
        let mut env = self.clone();
        let mut patches = self.patches.clone();
        for c in &self.components {
            env.apps.extend(c.apps.iter().map(|app| c.added(app)));
            for s in &c.secrets {
                if env.secret(&s.name).is_none() {
                    env.secrets.push(s.clone());
                }
            }
            env.configs.extend(c.configs.iter().cloned());
            env.policies.extend(c.policies.iter().cloned());
            env.raw.extend(c.raw.iter().cloned());
            env.apps.retain(|a| !c.remove.contains(&a.name));
            for (name, overlay) in &c.overlays {
                for app in env.apps.iter_mut().filter(|a| &a.name == name) {
                    // Located where the overlay was written, not here.
                    let at = overlay.at.location().unwrap_or_else(std::panic::Location::caller);
                    *app = app.clone().apply(overlay.clone(), at);
                }
            }
            patches.extend(c.patches.iter().cloned());
        }
        env.components.clear();
        (std::borrow::Cow::Owned(env), patches)
    }
}

/// An app's Service as an environment renders it ([`Environment::service`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceRef {
    /// The Service's final name (prefix and suffix applied).
    pub name: String,
    /// Its namespace, when the environment or the app sets one.
    pub namespace: Option<String>,
    /// Its ports, by the container port each forwards to.
    ports: Vec<(String, PortRef)>,
}

impl ServiceRef {
    /// The Service port that forwards to the container port called `target`; `None` when
    /// the Service has none, so a misspelt port is found where the reference is made.
    pub fn port(&self, target: &str) -> Option<PortRef> {
        self.ports.iter().find(|(t, _)| t == target).map(|(_, p)| p.clone())
    }
}

/// One port of a [`ServiceRef`]: what a ServiceMonitor endpoint names and an HTTPRoute's
/// backend numbers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortRef {
    /// The Service port's name (`port: metrics` in a ServiceMonitor endpoint).
    pub name: String,
    /// Its number (`port: 80` in an HTTPRoute backend).
    pub number: u16,
}

/// Which parts of each object an environment's labels reach.
/// Renders environment labels under `metadata.labels` and, for `ObjectsAndPods`,
/// `spec.template.metadata.labels`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LabelScope {
    /// Object metadata and pod templates, so pods can be selected by environment
    /// (`kubectl get pods -l environment=prod`). Adding or changing such a label changes the
    /// pod template, which restarts the pods.
    #[default]
    ObjectsAndPods,
    /// Object metadata only, like Kustomize's `labels: [{includeTemplates: false}]`: pods keep
    /// the labels their app gives them, so adopting an existing stack (or adding a label
    /// later) restarts nothing. Renders `metadata.labels` only, never
    /// `spec.template.metadata.labels`.
    Objects,
}

/// A ceiling on an environment's total CPU and memory, e.g. what a laptop's Minikube offers.
/// Renders nothing: validation refuses a tree whose requests or limits add up to more.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Budget {
    /// Total CPU, as a quantity (`2`, `1500m`).
    pub cpu: String,
    /// Total memory, as a quantity (`2Gi`).
    pub memory: String,
}

impl Environment {
    /// An environment called `name`, rendered to the tree `overlays/<name>`.
    ///
    /// ```
    /// use rustomize::Environment;
    ///
    /// let staging = Environment { namespace: Some("shop-staging".into()), ..Environment::named("staging") };
    /// assert_eq!((staging.name.as_str(), staging.tree.as_str()), ("staging", "overlays/staging"));
    /// ```
    pub fn named(name: &str) -> Environment {
        Environment {
            name: name.to_owned(),
            tree: format!("overlays/{name}"),
            ..Environment::default()
        }
    }

    /// The app called `name`, if the environment has one.
    pub fn app(&self, name: &str) -> Option<&App> {
        self.apps.iter().find(|a| a.name == name)
    }

    /// The name an object called `base` gets in this environment (prefix and suffix applied).
    pub fn object_name(&self, base: &str) -> String {
        format!("{}{base}{}", self.name_prefix, self.name_suffix)
    }

    /// The in-namespace DNS name of `app`'s Service in this environment (prefix and suffix
    /// applied; [`App::host`] is the name before them).
    pub fn host(&self, app: &App) -> String {
        self.object_name(&app.name)
    }

    /// `app`'s Service as this environment renders it: its final name, namespace and ports,
    /// for what refers to it from outside the model (an HTTPRoute's `backendRefs`, a
    /// ServiceMonitor's endpoints). `None` when the app renders no Service.
    ///
    /// ```
    /// use rustomize::{App, Environment, Expose};
    ///
    /// let api = App { expose: Some(Expose::cluster_ip(&[("http", 80)])), ..App::new("api") };
    /// let prod = Environment { name_prefix: "prod-".into(), namespace: Some("shop".into()), ..Environment::default() };
    /// let service = prod.service(&api).unwrap();
    /// assert_eq!((service.name.as_str(), service.namespace.as_deref()), ("prod-api", Some("shop")));
    /// let port = service.port("http").unwrap();
    /// assert_eq!((port.name.as_str(), port.number), ("http", 80));
    /// assert!(service.port("htp").is_none());
    /// ```
    pub fn service(&self, app: &App) -> Option<ServiceRef> {
        let expose = app.expose.as_ref()?;
        let base = expose.name.as_deref().unwrap_or(&app.name);
        Some(ServiceRef {
            name: self.object_name(base),
            namespace: app.namespace.clone().or_else(|| self.namespace.clone()),
            ports: expose
                .ports
                .iter()
                .map(|p| {
                    (
                        p.target.clone(),
                        PortRef {
                            name: p.name.clone().unwrap_or_else(|| p.target.clone()),
                            number: p.port,
                        },
                    )
                })
                .collect(),
        })
    }

    /// The DNS name pods in any namespace use to reach `app`'s Service in this environment.
    pub fn host_in_cluster(&self, app: &App) -> String {
        let namespace = app.namespace.as_ref().or(self.namespace.as_ref());
        match namespace {
            Some(ns) => format!("{}.{ns}.svc.cluster.local", self.host(app)),
            None => self.host(app),
        }
    }

    /// The declared Secret called `name`, if any.
    pub fn secret(&self, name: &str) -> Option<&SecretSpec> {
        self.secrets.iter().find(|s| s.name == name)
    }
}

/// A label or annotation map from `(key, value)` pairs.
pub fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

/// Everything the CLI needs: the environments and where their trees are committed.
/// Renders one tree per environment under `generated_dir` (`generated/overlays/prod/…`).
#[derive(Clone, Debug, Default)]
pub struct Project {
    /// The environments, in the order `list` shows them.
    pub environments: Vec<Environment>,
    /// The directory that holds every tree, usually `<crate>/generated`.
    pub generated_dir: PathBuf,
    /// How users invoke this project's binary, e.g. `cargo run --`; quoted in file headers,
    /// `help:` lines and `secrets.env.example`.
    pub command: String,
    /// The clusters the project delivers to, when it has a fleet ([`Project::fleet`]).
    pub fleet: Option<super::Fleet>,
}

impl Project {
    /// A project whose trees live in `generated_dir`, run as `cargo run --` (the binary of a
    /// crate with one); see [`Project::command`] for examples and other binaries.
    pub fn new(generated_dir: impl Into<PathBuf>, environments: Vec<Environment>) -> Project {
        Project {
            environments,
            generated_dir: generated_dir.into(),
            command: "cargo run --".into(),
            fleet: None,
        }
    }

    /// The same project, invoked as `command`, e.g. `cargo run --example shop --`.
    ///
    /// ```
    /// let project = rustomize::Project::new("generated", vec![])
    ///     .command("cargo run --example shop --");
    /// assert_eq!(project.regenerate(), "cargo run --example shop -- generate");
    /// ```
    #[must_use]
    pub fn command(mut self, command: &str) -> Project {
        self.command = command.into();
        self
    }

    /// The command that rewrites the trees.
    pub fn regenerate(&self) -> String {
        format!("{} generate", self.command)
    }

    /// The same project with `fleet`'s clusters: one environment per cluster and environment it
    /// runs (named `<cluster>-<env>`, its tree under `clusters/<cluster>/<env>/`), beside the
    /// environments as they are; and, when the fleet asks for them, the Argo CD and Flux
    /// objects that deliver those trees (`gitops/argocd/`, `gitops/flux/`).
    #[must_use]
    pub fn fleet(mut self, fleet: super::Fleet) -> Project {
        let clusters = fleet.environments(&self.environments);
        self.environments.extend(clusters);
        self.fleet = Some(fleet);
        self
    }

    /// The environment a command-line target names: its name (`prod`) or its tree
    /// (`overlays/prod`, with or without a trailing slash or a `generated/` prefix).
    pub fn target(&self, target: &str) -> Option<&Environment> {
        let trimmed = target.trim_end_matches('/');
        let trimmed = trimmed.strip_prefix("generated/").unwrap_or(trimmed);
        self.environments.iter().find(|e| e.name == trimmed || e.tree == trimmed)
    }

    /// Every name and tree path the command line accepts, for suggestions.
    pub fn target_names(&self) -> Vec<&str> {
        self.environments.iter().flat_map(|e| [e.name.as_str(), e.tree.as_str()]).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_accepts_name_and_tree_path() {
        let env = Environment {
            name: "prod".into(),
            tree: "overlays/prod".into(),
            ..Environment::default()
        };
        let project = Project::new("generated", vec![env]);
        for target in ["prod", "overlays/prod", "overlays/prod/", "generated/overlays/prod"] {
            assert_eq!(project.target(target).map(|e| e.name.as_str()), Some("prod"), "{target}");
        }
        assert!(project.target("prd").is_none());
    }
}
