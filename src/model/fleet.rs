//! Clusters as typed data: a [`Fleet`] runs environments on clusters, each cluster overriding
//! what it needs the way environments override apps, and says how the trees reach the
//! clusters (Argo CD, Flux, or `kubectl apply` with pruning). Apps are ordered by
//! [`App::depends_on`](crate::App::depends_on): an app's stage is its depth in that graph.

use std::collections::BTreeMap;

use super::{Environment, ImageOverride, Overlay, RawYaml, Replicas};

/// The clusters a project delivers to, and how.
/// Renders as one tree per cluster and environment (`clusters/<cluster>/<env>/`) and, when
/// asked, the Argo CD (`gitops/argocd/`) and Flux (`gitops/flux/`) objects that apply them.
///
/// ```
/// use rustomize::{App, ArgoCd, Cluster, Environment, Fleet, Project, Replicas, Repository};
///
/// let prod = Environment { name: "prod".into(), tree: "prod".into(), apps: vec![App::new("api")], ..Environment::default() };
/// let fleet = Fleet {
///     name: "shop".into(),
///     clusters: vec![Cluster {
///         region: "eu-west-1".into(),
///         server: "https://eu-1.example.com".into(),
///         environments: vec!["prod".into()],
///         replicas: vec![Replicas::new("api", 4)],
///         ..Cluster::new("eu-1")
///     }],
///     repository: Repository::new("https://github.com/acme/shop.git", "main", "generated"),
///     argocd: Some(ArgoCd::default()),
///     ..Fleet::default()
/// };
/// let project = Project::new("generated", vec![prod]).fleet(fleet);
/// let eu = project.target("eu-1-prod").unwrap_or_else(|| panic!("no cluster tree"));
/// assert_eq!(eu.tree, "clusters/eu-1/prod");
/// assert_eq!(eu.replicas[0].count, 4);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fleet {
    /// The fleet's name: the Argo CD AppProject's and the Flux GitRepository's.
    pub name: String,
    /// The clusters, in the order their trees are listed.
    pub clusters: Vec<Cluster>,
    /// Where the committed trees are, for Argo CD and Flux to pull.
    pub repository: Repository,
    /// Argo CD delivers the trees: Applications in an AppProject, apps ordered by sync wave.
    pub argocd: Option<ArgoCd>,
    /// Flux delivers the trees: a GitRepository and a Kustomization per stage folder,
    /// chained by `dependsOn`.
    pub flux: Option<Flux>,
    /// The CRDs of Argo CD and Flux (vendored), which the GitOps objects are checked against.
    pub crds: Vec<RawYaml>,
}

/// One cluster: where it is, what it runs, and what it changes for its own trees.
/// Renders as a tree per environment it runs; its values override the environment's.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cluster {
    /// A DNS label naming it in trees, targets and GitOps objects (`eu-1`).
    pub name: String,
    /// Its region (`eu-west-1`), labelled on the GitOps objects that deliver to it.
    pub region: String,
    /// Its API server's URL: the Argo CD Application's destination.
    pub server: String,
    /// Its Kubernetes version (`"1.31"`), gating its trees as [`Environment::kubernetes`]
    /// does; `None` keeps the environment's.
    pub kubernetes: Option<String>,
    /// Labels on every object of its trees (capacity class, provider).
    pub labels: BTreeMap<String, String>,
    /// The environments it runs, by name.
    pub environments: Vec<String>,
    /// Changes to apps on this cluster, `(app, overlay)`, applied after the environment's.
    pub overlays: Vec<(String, Overlay)>,
    /// Replica counts on this cluster, after the environment's.
    pub replicas: Vec<Replicas>,
    /// Image overrides on this cluster, after the environment's.
    pub images: Vec<ImageOverride>,
}

impl Cluster {
    /// A cluster called `name` that runs nothing yet.
    pub fn new(name: &str) -> Cluster {
        Cluster { name: name.into(), ..Cluster::default() }
    }
}

/// A Git repository and branch holding the committed trees.
/// Renders as Argo CD's `repoURL`/`targetRevision` and Flux's GitRepository.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Repository {
    /// Its URL, as the GitOps controller clones it.
    pub url: String,
    /// The branch the trees are committed on.
    pub branch: String,
    /// The path of the generated directory inside it (`generated`).
    pub path: String,
}

impl Repository {
    /// The repository at `url`, branch `branch`, trees under `path`.
    pub fn new(url: &str, branch: &str, path: &str) -> Repository {
        Repository { url: url.into(), branch: branch.into(), path: path.into() }
    }
}

/// Argo CD settings.
/// Renders as an AppProject and one Application per cluster and environment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArgoCd {
    /// The namespace Argo CD runs in.
    pub namespace: String,
}

impl Default for ArgoCd {
    fn default() -> ArgoCd {
        ArgoCd { namespace: "argocd".into() }
    }
}

/// Flux settings.
/// Renders as a GitRepository and one Kustomization per cluster, environment and stage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flux {
    /// The namespace Flux runs in.
    pub namespace: String,
    /// How often Flux reconciles (`10m`).
    pub interval: String,
}

impl Default for Flux {
    fn default() -> Flux {
        Flux { namespace: "flux-system".into(), interval: "10m".into() }
    }
}

/// How a tree orders its apps for the tool that applies it.
/// Renders as `argocd.argoproj.io/sync-wave` annotations (`sync_waves`) and as stage folders
/// `NN-stage/` in the tree (`folders`): Namespaces and CRDs first, then each app after what
/// it depends on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Staging {
    /// Annotate each object with its Argo CD sync wave (Namespaces and CRDs `-1`, an app its
    /// stage).
    pub sync_waves: bool,
    /// Write each stage into its own folder (`00-stage/` Namespaces and CRDs, `01-stage/` the
    /// apps of stage 0 and the environment's own objects, …), for Flux.
    pub folders: bool,
}

impl Fleet {
    /// One environment per cluster and environment it runs, from the environments `base`
    /// (those it does not find are left to validation to name).
    pub(crate) fn environments(&self, base: &[Environment]) -> Vec<Environment> {
        let staging = Staging { sync_waves: self.argocd.is_some(), folders: self.flux.is_some() };
        let mut out = Vec::new();
        for cluster in &self.clusters {
            for name in &cluster.environments {
                let Some(env) = base.iter().find(|e| &e.name == name) else { continue };
                out.push(cluster.apply(env, staging));
            }
        }
        out
    }
}

impl Cluster {
    /// `env` as this cluster runs it.
    fn apply(&self, env: &Environment, staging: Staging) -> Environment {
        let mut env = env.clone();
        env.tree = format!("clusters/{}/{}", self.name, env.name);
        env.name = format!("{}-{}", self.name, env.name);
        if self.kubernetes.is_some() {
            env.kubernetes.clone_from(&self.kubernetes);
        }
        env.labels.extend(self.labels.iter().map(|(k, v)| (k.clone(), v.clone())));
        env.replicas.extend(self.replicas.iter().cloned());
        env.images.extend(self.images.iter().cloned());
        for (app, overlay) in &self.overlays {
            if let Some(found) = env.apps.iter_mut().find(|a| &a.name == app) {
                *found = found.clone().with(overlay.clone());
            }
        }
        env.staging = staging;
        env
    }
}

impl Environment {
    /// Each app's stage: 0 for an app that depends on none, otherwise one more than the
    /// deepest app it depends on. A cycle is the `Err`, as the names around it (`a`, `b`,
    /// `a`); a dependency the environment lacks is left to validation.
    ///
    /// ```
    /// use rustomize::{App, Environment};
    ///
    /// let db = App::new("db");
    /// let migrate = App { depends_on: vec![db.handle()], ..App::new("migrate") };
    /// let api = App { depends_on: vec![db.handle(), migrate.handle()], ..App::new("api") };
    /// let env = Environment { apps: vec![api, migrate, db], ..Environment::default() };
    /// let stages = env.stages().unwrap_or_default();
    /// assert_eq!((stages["db"], stages["migrate"], stages["api"]), (0, 1, 2));
    /// ```
    pub fn stages(&self) -> Result<BTreeMap<String, u32>, Vec<String>> {
        let index: BTreeMap<&str, usize> =
            self.apps.iter().enumerate().map(|(i, a)| (a.name.as_str(), i)).collect();
        // 0 unvisited, 1 on the current path, 2 done.
        let mut state = vec![0u8; self.apps.len()];
        let mut depth = vec![0u32; self.apps.len()];
        for start in 0..self.apps.len() {
            if state[start] != 0 {
                continue;
            }
            // An explicit stack of (app, next dependency to visit), so a deep chain of
            // dependencies cannot overflow the thread's stack.
            let mut stack = vec![(start, 0usize)];
            state[start] = 1;
            while let Some(top) = stack.last_mut() {
                let app = top.0;
                let deps = &self.apps[app].depends_on;
                if let Some(dep) = deps.get(top.1) {
                    top.1 += 1;
                    let Some(&d) = index.get(dep.name()) else { continue };
                    match state[d] {
                        0 => {
                            state[d] = 1;
                            stack.push((d, 0));
                        }
                        1 => {
                            let from = stack.iter().position(|(a, _)| *a == d).unwrap_or(0);
                            let mut cycle: Vec<String> = stack[from..]
                                .iter()
                                .map(|(a, _)| self.apps[*a].name.clone())
                                .collect();
                            cycle.push(self.apps[d].name.clone());
                            return Err(cycle);
                        }
                        _ => {}
                    }
                } else {
                    depth[app] = deps
                        .iter()
                        .filter_map(|dep| index.get(dep.name()))
                        .map(|&d| depth[d] + 1)
                        .max()
                        .unwrap_or(0);
                    state[app] = 2;
                    stack.pop();
                }
            }
        }
        Ok(self.apps.iter().zip(depth).map(|(a, d)| (a.name.clone(), d)).collect())
    }
}
