//! A fleet: srvthreds on three clusters (`examples/fleet`), cluster values over environment
//! values, apps ordered by `depends_on` (Argo CD waves, Flux stage folders), the GitOps
//! objects, and `apply`'s ApplySet commands.

use std::collections::BTreeMap;

use base64::Engine as _;
use rustomize::k8s::api::autoscaling::v2::HorizontalPodAutoscaler;
use rustomize::k8s::api::batch::v1::Job;
use rustomize::{App, Cluster, Environment, Fleet, Project, render};
use sha2::Digest as _;

use crate::{root, rustomize, text};

use crate::examples::srvthreds;

#[path = "../examples/fleet/stack.rs"]
mod stack;

fn target<'a>(project: &'a Project, name: &str) -> &'a Environment {
    project.target(name).unwrap_or_else(|| panic!("no target `{name}`"))
}

/// The corpus is needed for the GitOps trees (their CRDs); CI has it.
fn corpus() -> bool {
    crate::corpus_crds().is_some()
}

#[test]
fn each_cluster_runs_its_environments_with_its_own_values() {
    let project = stack::project();
    let names: Vec<&str> = project.environments.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        ["dev", "prod", "eu-1-dev", "eu-1-prod", "eu-2-prod", "us-1-dev", "us-1-prod"]
    );
    let eu2 = target(&project, "eu-2-prod");
    assert_eq!(eu2.tree, "clusters/eu-2/prod");
    assert_eq!(eu2.kubernetes.as_deref(), Some("1.31"));
    assert_eq!(target(&project, "us-1-dev").kubernetes.as_deref(), Some("1.30"));
    let min = |env: &str| {
        let rendered = render(target(&project, env)).unwrap_or_else(|e| panic!("{e}"));
        let hpa = rendered.get::<HorizontalPodAutoscaler>("srvthreds-engine");
        hpa.and_then(|h| h.spec.as_ref()).and_then(|s| s.min_replicas)
    };
    // The cluster's overlay comes after the environment's; the environment stays as it was.
    assert_eq!((min("prod"), min("eu-1-prod"), min("eu-2-prod")), (Some(3), Some(3), Some(5)));
    let rendered = render(eu2).unwrap_or_else(|e| panic!("{e}"));
    let labels = rendered.objects[0].metadata().labels.clone().unwrap_or_default();
    assert_eq!(labels.get("srvthreds.io/capacity").map(String::as_str), Some("large"));
}

#[test]
fn apps_are_ordered_by_what_they_depend_on() {
    let project = stack::project();
    let dev = render(target(&project, "eu-1-dev")).unwrap_or_else(|e| panic!("{e}"));
    let wave = |kind: &str, name: &str| {
        let o = dev.objects.iter().find(|o| o.kind() == kind && o.name() == name);
        let o = o.unwrap_or_else(|| panic!("no {kind} {name}"));
        o.metadata()
            .annotations
            .as_ref()
            .and_then(|a| a.get("argocd.argoproj.io/sync-wave"))
            .cloned()
    };
    let waves = [
        wave("Namespace", "srvthreds"),
        wave("StatefulSet", "rabbitmq"),
        wave("ConfigMap", "srvthreds-config"),
        wave("Job", "srvthreds-bootstrap"),
        wave("Deployment", "srvthreds-engine"),
    ];
    let expected = ["-1", "0", "0", "1", "2"].map(|w| Some(w.to_owned()));
    assert_eq!(waves, expected);
    assert!(dev.get::<Job>("srvthreds-bootstrap").is_some());
    // The environment as written is not staged: nothing delivers it through a GitOps tool.
    let plain = render(target(&project, "dev")).unwrap_or_else(|e| panic!("{e}"));
    assert!(plain.objects.iter().all(|o| {
        o.metadata()
            .annotations
            .as_ref()
            .is_none_or(|a| !a.contains_key("argocd.argoproj.io/sync-wave"))
    }));
}

#[test]
fn a_dependency_cycle_is_refused_naming_it() {
    let a = App::new("a");
    let b = App { depends_on: vec![a.handle()], ..App::new("b") };
    let c = App { depends_on: vec![b.handle()], ..App::new("c") };
    let a = App { depends_on: vec![c.handle()], ..a };
    let env = Environment {
        name: "t".into(),
        tree: "t".into(),
        apps: vec![a, b, c],
        ..Environment::default()
    };
    assert_eq!(env.stages(), Err(vec!["a".into(), "c".into(), "b".into(), "a".into()]));
    let message = render(&env).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        message.contains("apps depend on each other in a cycle: `a` → `c` → `b` → `a`"),
        "{message}"
    );
}

#[test]
fn flux_stages_are_folders_chained_by_depends_on_and_argo_cd_gets_an_application_each() {
    if !corpus() {
        return;
    }
    let files: BTreeMap<String, String> =
        rustomize::render_all(&stack::project()).unwrap_or_else(|e| panic!("{e}"));
    let dev = "clusters/eu-1/dev";
    for (stage, file) in [
        ("00", "00-namespace-srvthreds.yaml"),
        ("01", "19-statefulset-rabbitmq.yaml"),
        ("02", "50-batch-job-srvthreds-bootstrap.yaml"),
        ("03", "18-deployment-srvthreds-engine.yaml"),
    ] {
        let path = format!("{dev}/{stage}-stage/{file}");
        assert!(files.contains_key(&path), "no `{path}`");
    }
    let kustomization =
        &files["gitops/flux/50-kustomize.toolkit.fluxcd.io-kustomization-eu-1-dev-03.yaml"];
    assert!(
        kustomization.contains("path: ./examples/generated/fleet/clusters/eu-1/dev/03-stage\n"),
        "{kustomization}"
    );
    assert!(kustomization.contains("dependsOn:\n  - name: eu-1-dev-02\n"), "{kustomization}");
    let first = &files["gitops/flux/50-kustomize.toolkit.fluxcd.io-kustomization-eu-1-dev-00.yaml"];
    assert!(!first.contains("dependsOn"), "{first}");
    let apps: Vec<&String> = files
        .keys()
        .filter(|k| k.starts_with("gitops/argocd/50-argoproj.io-application-"))
        .collect();
    assert_eq!(apps.len(), 5, "{apps:?}");
    let eu2 = &files["gitops/argocd/50-argoproj.io-application-eu-2-prod.yaml"];
    for line in [
        "    server: https://eu-2.k8s.srvthreds.example\n",
        "    path: examples/generated/fleet/clusters/eu-2/prod\n",
        "    rustomize.dev/region: eu-west-1\n",
    ] {
        assert!(eu2.contains(line), "no `{line}` in\n{eu2}");
    }
    // Never inside the trees they deliver.
    assert!(
        files
            .keys()
            .filter(|k| k.starts_with("clusters/"))
            .all(|k| !files[k].contains("kind: Application\n"))
    );
}

#[test]
fn gitops_objects_are_checked_against_their_crds() {
    if !corpus() {
        return;
    }
    let mut fleet = stack::fleet();
    // An interval Flux cannot parse is refused by the Kustomization CRD's pattern.
    if let Some(flux) = fleet.flux.as_mut() {
        flux.interval = "every ten minutes".into();
    }
    let project = Project::new(
        root().join("target/fleet-invalid"),
        vec![srvthreds::dev(), srvthreds::prod()],
    )
    .fleet(fleet);
    let message = rustomize::render_all(&project).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        message.contains("Kustomization `eu-1-dev-00`") && message.contains("spec.interval"),
        "{message}"
    );
}

#[test]
fn a_fleet_naming_what_the_project_lacks_is_refused() {
    let fleet = Fleet {
        clusters: vec![
            Cluster { environments: vec!["prd".into()], ..Cluster::new("eu-1") },
            Cluster {
                environments: vec!["dev".into()],
                overlays: vec![("srvthreds-engin".into(), rustomize::Overlay::default())],
                ..Cluster::new("EU_2")
            },
        ],
        argocd: Some(rustomize::ArgoCd::default()),
        ..Fleet::default()
    };
    let project = Project::new("generated", vec![srvthreds::dev(), srvthreds::prod()]).fleet(fleet);
    let message =
        rustomize::check_project(&project).err().map(|e| e.to_string()).unwrap_or_default();
    for expected in [
        "environment `prd` is not an environment of the project",
        "did you mean `prod`?",
        "app `srvthreds-engin` is not an app of environment `dev`",
        "cluster name `EU_2` is not a valid name",
        "Argo CD and Flux need the repository's URL and branch",
    ] {
        assert!(message.contains(expected), "missing `{expected}` in:\n{message}");
    }
}

/// KEP-3659's id, computed here on its own: base64url (no padding) of the SHA-256 of
/// `<name>.<namespace>.<Kind>.<group>`.
fn applyset_id(name: &str, namespace: &str) -> String {
    let digest = sha2::Sha256::digest(format!("{name}.{namespace}.ConfigMap."));
    format!("applyset-{}-v1", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest))
}

#[test]
fn apply_prints_the_namespace_first_then_the_tree_as_one_applyset() {
    let out = rustomize(&["apply", "prod", "--print"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    let tree = root().join("generated/overlays/prod");
    let id = applyset_id("rustomize-prod", "begbot-prod");
    assert_eq!(
        stdout,
        format!(
            "# ApplySet `configmaps/rustomize-prod` in `begbot-prod`, id {id}\n\
             # the Namespaces first: the ApplySet's parent lives in one\n\
             kubectl apply --server-side -f {ns}\n\
             # the tree as one ApplySet: what the code no longer renders is pruned\n\
             KUBECTL_APPLYSET=true kubectl apply --server-side --prune --applyset=configmaps/rustomize-prod -n begbot-prod -R -f {tree}\n",
            ns = tree.join("00-namespace-begbot-prod.yaml").display(),
            tree = tree.display(),
        )
    );
    let unknown = rustomize(&["apply", "prdo", "--print"]);
    assert!(!unknown.status.success());
    assert!(text(&unknown).1.contains("did you mean `prod`?"), "{}", text(&unknown).1);
}

#[test]
fn generate_names_what_the_next_apply_prunes() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let env = |apps: Vec<App>| Environment {
        name: "t".into(),
        tree: "t".into(),
        apps,
        ..Environment::default()
    };
    let web = || App {
        containers: vec![rustomize::Container {
            name: "web".into(),
            image: rustomize::Image::tag("nginx", "1.27"),
            ..rustomize::Container::default()
        }],
        ..App::new("web")
    };
    let old = Project::new(dir.path(), vec![env(vec![web(), App { name: "old".into(), ..web() }])]);
    let files = rustomize::render_all(&old).unwrap_or_else(|e| panic!("{e}"));
    rustomize::output::generate(dir.path(), &files).unwrap_or_else(|e| panic!("{e}"));
    let new = Project::new(dir.path(), vec![env(vec![web()])]);
    let files = rustomize::render_all(&new).unwrap_or_else(|e| panic!("{e}"));
    let pruned = rustomize::output::pruned(dir.path(), &files);
    assert!(
        pruned.contains(&("t/18-deployment-old.yaml".into(), "Deployment `old`".into())),
        "{pruned:?}"
    );
    // Only the removed app's objects.
    assert!(pruned.iter().all(|(_, o)| o.ends_with("`old`")), "{pruned:?}");
}
