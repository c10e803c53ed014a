//! A fleet against the project it delivers: clusters named and unique, every environment and
//! app a cluster names present, and somewhere for Argo CD or Flux to pull from.

use std::collections::BTreeSet;

use crate::error::{Code, Diagnostic, Subject, did_you_mean};
use crate::model::{Project, Target};

use super::names::check_dns_label;

/// Every problem of `project`'s fleet.
pub(crate) fn fleet(project: &Project) -> Vec<Diagnostic> {
    let Some(fleet) = &project.fleet else { return Vec::new() };
    let mut out = Vec::new();
    let problem = |cluster: &str, field: &str, message: String, help: Option<String>| Diagnostic {
        code: Code::UnknownReference,
        subject: Subject::Project,
        object: if cluster.is_empty() { "fleet".into() } else { format!("cluster `{cluster}`") },
        field: field.into(),
        message,
        help,
        ..Diagnostic::default()
    };
    // Only the environments as written: a cluster's own trees are not runnable by another.
    let clusters: BTreeSet<String> = fleet
        .clusters
        .iter()
        .flat_map(|c| c.environments.iter().map(move |e| format!("{}-{e}", c.name)))
        .collect();
    let envs: Vec<&str> = project
        .environments
        .iter()
        .filter(|e| !clusters.contains(&e.name))
        .map(|e| e.name.as_str())
        .collect();
    let mut seen = BTreeSet::new();
    for cluster in &fleet.clusters {
        let name = cluster.name.as_str();
        if let Err(why) = check_dns_label(name) {
            out.push(Diagnostic {
                code: Code::InvalidValue,
                ..problem(
                    name,
                    "name",
                    format!(
                        "cluster name `{}` is not a valid name: {why}",
                        crate::safe::shown(name)
                    ),
                    None,
                )
            });
        }
        if !seen.insert(name) {
            out.push(Diagnostic {
                code: Code::Duplicate,
                ..problem(name, "name", format!("cluster `{name}` is declared twice"), None)
            });
        }
        for env_name in &cluster.environments {
            let Some(env) = project
                .environments
                .iter()
                .find(|e| &e.name == env_name && !clusters.contains(&e.name))
            else {
                out.push(problem(
                    name,
                    "environments",
                    format!("environment `{env_name}` is not an environment of the project"),
                    did_you_mean(env_name, envs.iter().copied()),
                ));
                continue;
            };
            if matches!(env.target, Target::Compose(_)) {
                out.push(Diagnostic {
                    code: Code::InvalidValue,
                    ..problem(
                        name,
                        "environments",
                        format!(
                            "environment `{env_name}` renders Docker Compose, which no cluster runs"
                        ),
                        None,
                    )
                });
            }
            for (app, _) in &cluster.overlays {
                if env.app(app).is_none() {
                    let apps = env.apps.iter().map(|a| a.name.as_str());
                    out.push(problem(
                        name,
                        "overlays",
                        format!("app `{app}` is not an app of environment `{env_name}`"),
                        did_you_mean(app, apps),
                    ));
                }
            }
        }
    }
    if (fleet.argocd.is_some() || fleet.flux.is_some())
        && (fleet.repository.url.is_empty() || fleet.repository.branch.is_empty())
    {
        out.push(Diagnostic {
            code: Code::InvalidValue,
            ..problem(
                "",
                "repository",
                "Argo CD and Flux need the repository's URL and branch to pull the trees from"
                    .into(),
                Some("set `repository: Repository::new(url, branch, \"generated\")`".into()),
            )
        });
    }
    if (fleet.argocd.is_some() || fleet.flux.is_some())
        && let Err(why) = check_dns_label(&fleet.name)
    {
        {
            out.push(Diagnostic {
                code: Code::InvalidValue,
                ..problem(
                    "",
                    "name",
                    format!(
                        "fleet name `{}` is not a valid name: {why}",
                        crate::safe::shown(&fleet.name)
                    ),
                    None,
                )
            });
        }
    }
    out
}
