//! A synthetic stack for benchmarks: `SCALE_APPS=N` apps (default 200), each a Deployment
//! with two containers, env, envFrom of a hashed ConfigMap, a config volume and probes, plus
//! a Service. `prod` applies a name prefix, labels, 10 image overrides, a replica count for
//! every app and N/4 typed patches: the work of Kustomize's benchmark tree in `bench/`.
//!
//! `cargo run --release --example scale -- render prod`

use rustomize::k8s::api::apps::v1::Deployment;
use rustomize::k8s::apimachinery::pkg::api::resource::Quantity;
use rustomize::{
    App, Config, Container, Env, EnvFrom, Environment, Expose, Image, ImageOverride, Mount, Patch,
    Port, Probe, Probes, Replicas, Resources, Security, Select, Volume, VolumeSource, Waiver,
    labels,
};

/// The name of app `i`.
pub fn name(i: usize) -> String {
    format!("app-{i:05}")
}

/// App `i`: the same shape as each Deployment in the Kustomize benchmark tree.
pub fn app(i: usize) -> App {
    App {
        containers: vec![
            Container {
                name: "main".into(),
                image: Image::tag(
                    &format!("registry.example.com/team/service-{}", i % 10),
                    "1.0.0",
                ),
                ports: vec![Port::http(8080)],
                env: Env::new()
                    .set("APP_INDEX", i.to_string())
                    .set("LOG_FORMAT", "json")
                    .set("REGION", "eu-west-1"),
                env_from: vec![EnvFrom::Config],
                probes: Probes {
                    liveness: Some(Probe::http("/healthz", "http").every(10)),
                    readiness: Some(Probe::http("/ready", "http").every(5)),
                    ..Probes::default()
                },
                resources: Resources::requests("50m", "64Mi").limits("200m", "128Mi"),
                mounts: vec![Mount::new("config", "/etc/app").read_only()],
                ..Container::default()
            },
            Container {
                name: "proxy".into(),
                image: Image::tag("registry.example.com/platform/proxy", "2.3.1"),
                ports: vec![Port::tcp("admin", 9901)],
                probes: Probes { readiness: Some(Probe::tcp("admin")), ..Probes::default() },
                resources: Resources::requests("20m", "32Mi").limits("100m", "64Mi"),
                ..Container::default()
            },
        ],
        config: Config::hashed()
            .set("FEATURE_FLAGS", "search,checkout")
            .set("POOL_SIZE", "8")
            .set("TIMEOUT", "30s"),
        volumes: vec![Volume::new("config", VolumeSource::config())],
        expose: Some(Expose::cluster_ip(&[("http", 80)])),
        security: Security::with_tmp(),
        ..App::new(&name(i))
    }
}

/// Sets what a strategic-merge patch file of the Kustomize tree sets.
fn tune(d: &mut Deployment) {
    let Some(spec) = d.spec.as_mut() else { return };
    spec.min_ready_seconds = Some(10);
    if let Some(main) = spec.template.spec.as_mut().and_then(|p| p.containers.first_mut()) {
        main.resources.get_or_insert_with(Default::default).limits = Some(
            [
                ("cpu".to_owned(), Quantity("500m".into())),
                ("memory".to_owned(), Quantity("256Mi".into())),
            ]
            .into(),
        );
    }
}

/// `prod` over `n` apps.
pub fn prod(n: usize) -> Environment {
    Environment {
        name: "prod".into(),
        tree: "overlays/prod".into(),
        namespace: Some("scale".into()),
        name_prefix: "prod-".into(),
        labels: labels(&[("environment", "prod"), ("team", "platform")]),
        apps: (0..n).map(app).collect(),
        images: (0..10.min(n))
            .map(|k| ImageOverride::tag(&format!("registry.example.com/team/service-{k}"), "1.1.0"))
            .collect(),
        replicas: (0..n).map(|i| Replicas::new(&name(i), 3)).collect(),
        patches: (0..n).step_by(4).map(|i| Patch::on(Select::Name(name(i)), tune)).collect(),
        waivers: vec![Waiver::new("CKV_K8S_43", "synthetic benchmark images")],
        ..Environment::default()
    }
}

/// `prod` as environment `name` (`dev`, `staging`, `prod`): its own namespace, prefix and tree.
pub fn environment(name: &str, n: usize) -> Environment {
    Environment {
        name: name.into(),
        tree: format!("overlays/{name}"),
        namespace: Some(format!("scale-{name}")),
        name_prefix: format!("{name}-"),
        labels: labels(&[("environment", name), ("team", "platform")]),
        ..prod(n)
    }
}

/// The CRDs of Argo CD and Flux from the corpus beside the repository, when it is there.
pub fn gitops_crds() -> Vec<rustomize::RawYaml> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/crds");
    let files = [
        "argo-cd/application-crd.yaml",
        "argo-cd/appproject-crd.yaml",
        "flux/source.toolkit.fluxcd.io_gitrepositories.yaml",
        "flux/kustomize.toolkit.fluxcd.io_kustomizations.yaml",
    ];
    let paths = files.map(|f| format!("{dir}/{f}"));
    if paths.iter().all(|p| std::path::Path::new(p).is_file()) {
        paths.into_iter().map(rustomize::RawYaml::file).collect()
    } else {
        Vec::new()
    }
}

/// `clusters` clusters in three regions, each running `environments`, with its own
/// Kubernetes version and capacity label; delivered by Argo CD and
/// Flux (their objects checked against the corpus's CRDs when it is there).
pub fn fleet(clusters: usize, environments: &[&str]) -> rustomize::Fleet {
    let regions = ["eu-west-1", "us-east-1", "ap-south-1"];
    rustomize::Fleet {
        name: "scale".into(),
        clusters: (0..clusters)
            .map(|c| rustomize::Cluster {
                region: regions[c % regions.len()].into(),
                server: format!("https://c{c:03}.k8s.example.com"),
                kubernetes: Some(if c % 2 == 0 { "1.31" } else { "1.30" }.into()),
                labels: labels(&[("capacity", if c % 3 == 0 { "large" } else { "standard" })]),
                environments: environments.iter().map(|e| (*e).to_owned()).collect(),
                ..rustomize::Cluster::new(&format!("c{c:03}"))
            })
            .collect(),
        repository: rustomize::Repository::new(
            "https://git.example.com/platform/scale.git",
            "main",
            "generated",
        ),
        argocd: Some(rustomize::ArgoCd::default()),
        flux: Some(rustomize::Flux::default()),
        crds: gitops_crds(),
    }
}
