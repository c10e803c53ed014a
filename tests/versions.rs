//! Each environment may name its cluster's Kubernetes version: the render then refuses kinds
//! and fields that version does not serve, from the table of every version
//! `kubernetes-validate` ships (`data/kubernetes-versions.tsv`).

use rustomize::{Environment, RawYaml, render};

use crate::{rustomize as run, text};

/// A Service that asks for `trafficDistribution` (an API field since 1.30), and a
/// ValidatingAdmissionPolicy (`admissionregistration.k8s.io/v1` since 1.30).
const NEWER: &str = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n  trafficDistribution: PreferClose\n---\napiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata:\n  name: replicas\nspec:\n  validations:\n  - expression: object.spec.replicas <= 5\n";

fn env(version: Option<&str>, raw: &str) -> Environment {
    Environment {
        name: "t".into(),
        tree: "t".into(),
        kubernetes: version.map(str::to_owned),
        raw: vec![RawYaml::inline("cluster.yaml", raw)],
        ..Environment::default()
    }
}

fn error(env: &Environment) -> String {
    render(env).err().map(|e| e.to_string()).unwrap_or_default()
}

#[test]
fn the_oldest_version_refuses_a_field_and_a_kind_added_later() {
    let err = error(&env(Some("1.25"), NEWER));
    assert!(
        err.contains("Kubernetes 1.25's API has no `spec.trafficDistribution`; the first version that has it is 1.30"),
        "{err}"
    );
    assert!(
        err.contains("Service `web`") && err.contains("field `spec.trafficDistribution`"),
        "{err}"
    );
    assert!(
        err.contains("`admissionregistration.k8s.io/v1` ValidatingAdmissionPolicy is not served by Kubernetes 1.25: it is served from 1.30"),
        "{err}"
    );
}

#[test]
fn the_newest_version_and_an_ungated_target_accept_them() {
    assert!(render(&env(Some("1.37"), NEWER)).is_ok());
    assert!(render(&env(None, NEWER)).is_ok());
}

#[test]
fn a_removed_api_is_refused_where_it_is_gone() {
    let hpa = "apiVersion: autoscaling/v2beta2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  maxReplicas: 3\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n";
    assert!(render(&env(Some("1.25"), hpa)).is_ok());
    let err = error(&env(Some("1.26"), hpa));
    assert!(err.contains("served from 1.25 to 1.25"), "{err}");
    let ingress = "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: web\n";
    let err = error(&env(Some("1.29"), ingress));
    assert!(err.contains("is served by no Kubernetes version from 1.25 to 1.37"), "{err}");
    // A custom resource's group is not Kubernetes': not gated.
    let widget = "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n";
    assert!(render(&env(Some("1.25"), widget)).is_ok());
}

#[test]
fn a_version_outside_the_table_is_an_error_naming_the_range() {
    let err = error(&env(Some("1.20"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n"));
    assert!(
        err.contains(
            "`1.20` is not a Kubernetes version this crate knows; expected `1.25` to `1.37`"
        ),
        "{err}"
    );
}

#[test]
fn list_shows_each_targets_version_or_the_default() {
    let out = run(&["list"]);
    let (stdout, _) = text(&out);
    assert!(stdout.starts_with("TARGET"), "{stdout}");
    assert!(stdout.contains(&format!("{} (default)", rustomize::KUBERNETES_VERSION)), "{stdout}");
}
