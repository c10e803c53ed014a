//! The GitOps objects of a fleet, for the management cluster: Argo CD's AppProject and one
//! Application per cluster and environment; Flux's GitRepository and one Kustomization per
//! cluster, environment and stage folder, each depending on the stage before. They form
//! trees of their own (`gitops/argocd/`, `gitops/flux/`), never inside the trees they
//! deliver, and are rendered and checked (against Argo CD's and Flux's CRDs) like raw YAML.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use crate::model::{Cluster, Environment, Fleet, RawContent, RawYaml};

/// The label naming the cluster a GitOps object delivers to.
const CLUSTER_LABEL: &str = "rustomize.dev/cluster";
/// The label naming that cluster's region.
const REGION_LABEL: &str = "rustomize.dev/region";
/// The label naming the environment it delivers.
const ENVIRONMENT_LABEL: &str = "rustomize.dev/environment";

/// The GitOps environments of `fleet` (none when it asks for neither tool): each cluster tree
/// is found among `envs` (`<cluster>-<env>`); `files` are the rendered trees, whose stage
/// folders the Flux Kustomizations point at.
pub(crate) fn environments(
    fleet: &Fleet,
    envs: &[Environment],
    files: &BTreeMap<String, String>,
) -> Vec<Environment> {
    let mut out = Vec::new();
    let delivered: Vec<(&Cluster, &Environment)> = fleet
        .clusters
        .iter()
        .flat_map(|c| {
            c.environments.iter().filter_map(move |e| {
                let name = format!("{}-{e}", c.name);
                envs.iter().find(|x| x.name == name).map(|x| (c, x))
            })
        })
        .collect();
    if let Some(argocd) = &fleet.argocd {
        let mut raw = vec![object("AppProject", app_project(fleet, &argocd.namespace))];
        for (cluster, env) in &delivered {
            raw.push(object("Application", application(fleet, &argocd.namespace, cluster, env)));
        }
        out.push(gitops_environment(fleet, "argocd", raw));
    }
    if let Some(flux) = &fleet.flux {
        let mut raw = vec![object(
            "GitRepository",
            json!({
                "apiVersion": "source.toolkit.fluxcd.io/v1",
                "kind": "GitRepository",
                "metadata": {"name": fleet.name, "namespace": flux.namespace},
                "spec": {
                    "interval": flux.interval,
                    "url": fleet.repository.url,
                    "ref": {"branch": fleet.repository.branch},
                },
            }),
        )];
        for (cluster, env) in &delivered {
            let stages = stage_folders(&env.tree, files);
            let mut previous: Option<String> = None;
            for stage in stages {
                let name = format!("{}-{stage}", env.name);
                let mut spec = json!({
                    "interval": flux.interval,
                    "path": format!("./{}", repo_path(fleet, &format!("{}/{stage}-stage", env.tree))),
                    "prune": true,
                    // Ready before the next stage starts: what `dependsOn` waits for.
                    "wait": true,
                    "sourceRef": {"kind": "GitRepository", "name": fleet.name},
                    "kubeConfig": {"secretRef": {"name": format!("{}-kubeconfig", cluster.name)}},
                });
                if let Some(before) = &previous {
                    spec["dependsOn"] = json!([{"name": before}]);
                }
                raw.push(object(
                    "Kustomization",
                    json!({
                        "apiVersion": "kustomize.toolkit.fluxcd.io/v1",
                        "kind": "Kustomization",
                        "metadata": {"name": name, "namespace": flux.namespace, "labels": labels(cluster, env)},
                        "spec": spec,
                    }),
                ));
                previous = Some(name);
            }
        }
        out.push(gitops_environment(fleet, "flux", raw));
    }
    out
}

/// The stage folders (`00`, `01`, …) of the tree `tree` among `files`, in order.
fn stage_folders(tree: &str, files: &BTreeMap<String, String>) -> BTreeSet<String> {
    let prefix = format!("{tree}/");
    files
        .keys()
        .filter_map(|path| path.strip_prefix(&prefix))
        .filter_map(|rest| rest.split_once('/').map(|(folder, _)| folder))
        .filter_map(|folder| folder.strip_suffix("-stage"))
        .map(str::to_owned)
        .collect()
}

/// `tree` as a path in the repository.
fn repo_path(fleet: &Fleet, tree: &str) -> String {
    let base = fleet.repository.path.trim_matches('/');
    if base.is_empty() { tree.to_owned() } else { format!("{base}/{tree}") }
}

/// The labels of the objects delivering `env` to `cluster`.
fn labels(cluster: &Cluster, env: &Environment) -> Value {
    let base = env.name.strip_prefix(&format!("{}-", cluster.name)).unwrap_or(&env.name);
    let mut labels = serde_json::Map::new();
    labels.insert(CLUSTER_LABEL.into(), json!(cluster.name));
    labels.insert(ENVIRONMENT_LABEL.into(), json!(base));
    if !cluster.region.is_empty() {
        labels.insert(REGION_LABEL.into(), json!(cluster.region));
    }
    Value::Object(labels)
}

/// The AppProject every Application of the fleet belongs to: the repository, and the
/// fleet's clusters as destinations.
fn app_project(fleet: &Fleet, namespace: &str) -> Value {
    let servers: BTreeSet<&str> = fleet.clusters.iter().map(|c| c.server.as_str()).collect();
    let destinations: Vec<Value> =
        servers.into_iter().map(|s| json!({"server": s, "namespace": "*"})).collect();
    json!({
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "AppProject",
        "metadata": {"name": fleet.name, "namespace": namespace},
        "spec": {
            "description": format!("The `{}` fleet, rendered by rustomize", fleet.name),
            "sourceRepos": [fleet.repository.url],
            "destinations": destinations,
            "clusterResourceWhitelist": [{"group": "*", "kind": "*"}],
        },
    })
}

/// The Application applying `env`'s tree to `cluster`, pruning what the tree no longer has.
fn application(fleet: &Fleet, namespace: &str, cluster: &Cluster, env: &Environment) -> Value {
    let mut destination = json!({"server": cluster.server});
    if let Some(ns) = &env.namespace {
        destination["namespace"] = json!(ns);
    }
    json!({
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "Application",
        "metadata": {
            "name": env.name,
            "namespace": namespace,
            "labels": labels(cluster, env),
            // Deleting the Application deletes what it applied.
            "finalizers": ["resources-finalizer.argocd.argoproj.io"],
        },
        "spec": {
            "project": fleet.name,
            "source": {
                "repoURL": fleet.repository.url,
                "targetRevision": fleet.repository.branch,
                "path": repo_path(fleet, &env.tree),
                "directory": {"recurse": true},
            },
            "destination": destination,
            "syncPolicy": {
                "automated": {"prune": true, "selfHeal": true},
                "syncOptions": ["ServerSideApply=true"],
            },
        },
    })
}

/// `value` as raw YAML the environment includes.
fn object(kind: &str, value: Value) -> RawYaml {
    let name = value.pointer("/metadata/name").and_then(Value::as_str).unwrap_or_default();
    RawYaml {
        source: format!("{kind} `{name}` of the fleet"),
        content: RawContent::Value(value),
        ..RawYaml::default()
    }
}

/// The environment of one tool's tree.
fn gitops_environment(fleet: &Fleet, tool: &str, raw: Vec<RawYaml>) -> Environment {
    Environment {
        name: format!("gitops-{tool}"),
        tree: format!("gitops/{tool}"),
        raw,
        crds: fleet.crds.clone(),
        ..Environment::default()
    }
}
