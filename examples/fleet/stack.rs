//! srvthreds' `dev` and `prod` on three clusters in two regions. `eu-1` runs both, `eu-2` (a
//! larger cluster in the same region) runs prod with more engines, `us-1` runs both on an
//! older Kubernetes. Argo CD and Flux on the management cluster apply the trees, apps in the
//! order `depends_on` gives: RabbitMQ (dev), then the bootstrap Job, then the services.

use rustomize::{
    ArgoCd, Autoscale, Cluster, Fleet, Flux, Overlay, Project, RawYaml, Repository, labels,
};

use super::srvthreds;

/// The CRDs of Argo CD and Flux, vendored from upstream (the corpus beside this repository):
/// the GitOps objects are checked against them.
fn crds() -> Vec<RawYaml> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/crds");
    [
        "argo-cd/application-crd.yaml",
        "argo-cd/appproject-crd.yaml",
        "flux/source.toolkit.fluxcd.io_gitrepositories.yaml",
        "flux/kustomize.toolkit.fluxcd.io_kustomizations.yaml",
    ]
    .iter()
    .map(|f| RawYaml::file(format!("{dir}/{f}")))
    .collect()
}

/// The three clusters and how their trees reach them.
pub fn fleet() -> Fleet {
    Fleet {
        name: "srvthreds".into(),
        clusters: vec![
            Cluster {
                region: "eu-west-1".into(),
                server: "https://eu-1.k8s.srvthreds.example".into(),
                kubernetes: Some("1.31".into()),
                labels: labels(&[("srvthreds.io/capacity", "standard")]),
                environments: vec!["dev".into(), "prod".into()],
                ..Cluster::new("eu-1")
            },
            Cluster {
                region: "eu-west-1".into(),
                server: "https://eu-2.k8s.srvthreds.example".into(),
                kubernetes: Some("1.31".into()),
                labels: labels(&[("srvthreds.io/capacity", "large")]),
                environments: vec!["prod".into()],
                // The large cluster takes most of Europe's sessions.
                overlays: vec![(
                    "srvthreds-engine".into(),
                    Overlay {
                        autoscale: Some(Autoscale {
                            min_replicas: 5,
                            max_replicas: 20,
                            cpu_percent: Some(70),
                            ..Autoscale::default()
                        }),
                        replicas: Some(5),
                        ..Overlay::default()
                    },
                )],
                ..Cluster::new("eu-2")
            },
            Cluster {
                region: "us-east-1".into(),
                server: "https://us-1.k8s.srvthreds.example".into(),
                kubernetes: Some("1.30".into()),
                labels: labels(&[("srvthreds.io/capacity", "standard")]),
                environments: vec!["dev".into(), "prod".into()],
                ..Cluster::new("us-1")
            },
        ],
        repository: Repository::new(
            "https://github.com/srvthreds/platform.git",
            "main",
            "examples/generated/fleet",
        ),
        argocd: Some(ArgoCd::default()),
        flux: Some(Flux::default()),
        crds: crds(),
    }
}

/// The project: srvthreds' `dev` and `prod` as written (`overlays/…`), each cluster's trees
/// (`clusters/<cluster>/<env>/`) and the GitOps trees (`gitops/argocd/`, `gitops/flux/`),
/// committed under `examples/generated/fleet/`.
pub fn project() -> Project {
    Project::new(
        concat!(env!("CARGO_MANIFEST_DIR"), "/examples/generated/fleet"),
        vec![srvthreds::dev(), srvthreds::prod()],
    )
    .fleet(fleet())
    .command("cargo run --example fleet --")
}
