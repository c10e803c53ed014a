//! The environment's own roles, bindings and aggregated APIs: rendered with its prefix,
//! namespace and labels, granting declared roles to declared accounts by handle (and roles and
//! accounts outside the tree by name as written; in another namespace where they say so), and
//! refused where the API server would refuse them.

use rustomize::k8s::api::core::v1::ServiceAccount;
use rustomize::k8s::api::rbac::v1::{ClusterRole, ClusterRoleBinding, Role, RoleBinding};
use rustomize::{
    BindingSpec, Environment, Grant, Grantee, RoleSpec, Rule, ServiceAccountSpec, labels, render,
};

fn env(
    accounts: Vec<ServiceAccountSpec>,
    roles: Vec<RoleSpec>,
    bindings: Vec<BindingSpec>,
) -> Environment {
    Environment {
        name: "prod".into(),
        tree: "overlays/prod".into(),
        namespace: Some("ops".into()),
        name_prefix: "team-".into(),
        labels: labels(&[("team", "ops")]),
        service_accounts: accounts,
        roles,
        bindings,
        ..Environment::default()
    }
}

fn error(env: &Environment) -> String {
    render(env).err().map(|e| e.to_string()).unwrap_or_default()
}

#[test]
fn declared_roles_are_granted_to_declared_accounts_with_the_environments_names() {
    let controller = ServiceAccountSpec {
        labels: labels(&[("app.kubernetes.io/component", "controller")]),
        ..ServiceAccountSpec::new("controller")
    };
    let reader = RoleSpec::new(
        "reader",
        vec![Rule {
            resource_names: vec!["settings".into()],
            ..Rule::new(&[""], &["configmaps"], &["get", "watch"])
        }],
    );
    let metrics = RoleSpec {
        aggregate: vec![labels(&[("rbac.example.com/aggregate-to-metrics", "true")])],
        labels: labels(&[("rbac.authorization.k8s.io/aggregate-to-view", "true")]),
        ..RoleSpec::cluster("metrics", vec![Rule::urls(&["/metrics"], &["get"])])
    };
    let bindings = vec![
        BindingSpec::new("reader", Grant::from(&reader), vec![Grantee::from(&controller)]),
        BindingSpec::cluster(
            "controller-auth",
            Grant::ClusterRole("system:auth-delegator".into()),
            vec![
                Grantee::from(&controller),
                Grantee::ServiceAccount {
                    name: "prometheus".into(),
                    namespace: "monitoring".into(),
                },
                Grantee::Group("system:serviceaccounts".into()),
            ],
        ),
        BindingSpec::cluster("metrics", Grant::from(&metrics), vec![Grantee::User("alice".into())]),
    ];
    let r = render(&env(vec![controller.clone()], vec![reader, metrics], bindings))
        .unwrap_or_else(|e| panic!("{e}"));

    let sa: &ServiceAccount = r.get("team-controller").unwrap_or_else(|| panic!("no account"));
    let sa_labels = sa.metadata.labels.clone().unwrap_or_default();
    assert_eq!(
        sa_labels.get("app.kubernetes.io/component").map(String::as_str),
        Some("controller")
    );
    assert_eq!(sa_labels.get("team").map(String::as_str), Some("ops"), "the environment's labels");

    let role: &Role = r.get("team-reader").unwrap_or_else(|| panic!("no Role"));
    assert_eq!(role.metadata.namespace.as_deref(), Some("ops"));
    let rule = &role.rules.as_ref().unwrap_or_else(|| panic!("no rules"))[0];
    assert_eq!(rule.api_groups, Some(vec![String::new()]));
    assert_eq!(rule.resource_names, Some(vec!["settings".to_owned()]));
    assert_eq!(rule.non_resource_urls, None);

    let binding: &RoleBinding = r.get("team-reader").unwrap_or_else(|| panic!("no RoleBinding"));
    assert_eq!(
        (binding.role_ref.kind.as_str(), binding.role_ref.name.as_str()),
        ("Role", "team-reader")
    );
    let subject = &binding.subjects.as_ref().unwrap_or_else(|| panic!("no subjects"))[0];
    assert_eq!(
        (subject.kind.as_str(), subject.name.as_str(), subject.namespace.as_deref()),
        ("ServiceAccount", "team-controller", Some("ops"))
    );

    // A role the cluster has keeps its name; accounts elsewhere keep theirs.
    let auth: &ClusterRoleBinding =
        r.get("team-controller-auth").unwrap_or_else(|| panic!("no ClusterRoleBinding"));
    assert_eq!(auth.metadata.namespace, None, "cluster-scoped");
    assert_eq!(auth.role_ref.name, "system:auth-delegator");
    let subjects: Vec<(String, String, Option<String>, Option<String>)> = auth
        .subjects
        .iter()
        .flatten()
        .map(|s| (s.kind.clone(), s.name.clone(), s.namespace.clone(), s.api_group.clone()))
        .collect();
    let group = Some("rbac.authorization.k8s.io".to_owned());
    assert_eq!(
        subjects,
        vec![
            ("ServiceAccount".into(), "team-controller".into(), Some("ops".into()), None),
            ("ServiceAccount".into(), "prometheus".into(), Some("monitoring".into()), None),
            ("Group".into(), "system:serviceaccounts".into(), None, group),
        ]
    );

    let cluster_role: &ClusterRole =
        r.get("team-metrics").unwrap_or_else(|| panic!("no ClusterRole"));
    let selectors = cluster_role
        .aggregation_rule
        .as_ref()
        .and_then(|a| a.cluster_role_selectors.clone())
        .unwrap_or_default();
    assert_eq!(
        selectors[0].match_labels,
        Some(labels(&[("rbac.example.com/aggregate-to-metrics", "true")]))
    );
    let rule = &cluster_role.rules.as_ref().unwrap_or_else(|| panic!("no rules"))[0];
    assert_eq!(
        (rule.non_resource_urls.clone(), rule.api_groups.clone()),
        (Some(vec!["/metrics".into()]), None)
    );
    let metrics: &ClusterRoleBinding =
        r.get("team-metrics").unwrap_or_else(|| panic!("no binding"));
    assert_eq!(
        (metrics.role_ref.kind.as_str(), metrics.role_ref.name.as_str()),
        ("ClusterRole", "team-metrics")
    );
}

#[test]
fn what_the_api_server_would_refuse_is_an_error_at_its_declaration() {
    let controller = ServiceAccountSpec::new("controller");
    let reader = RoleSpec::new("reader", vec![Rule::new(&[""], &["pods"], &["get"])]);

    // An account the environment does not declare.
    let stranger = ServiceAccountSpec::new("controler");
    let e = error(&env(
        vec![controller.clone()],
        vec![reader.clone()],
        vec![BindingSpec::new("r", Grant::from(&reader), vec![Grantee::from(&stranger)])],
    ));
    assert!(e.contains("ServiceAccount `controler` is not declared"), "{e}");
    assert!(e.contains("did you mean `controller`"), "{e}");
    assert!(e.contains("tests/access.rs:"), "the binding's line: {e}");

    // A role that is not declared, and a ClusterRoleBinding granting a Role.
    let other = RoleSpec::new("writer", vec![Rule::new(&[""], &["pods"], &["create"])]);
    let e = error(&env(
        vec![controller.clone()],
        vec![reader.clone()],
        vec![
            BindingSpec::new("w", Grant::from(&other), vec![Grantee::from(&controller)]),
            BindingSpec::cluster("r", Grant::from(&reader), vec![Grantee::from(&controller)]),
        ],
    ));
    assert!(e.contains("role `writer` is not declared"), "{e}");
    assert!(e.contains("a ClusterRoleBinding can only grant a ClusterRole"), "{e}");

    // Rules the API server refuses, a name that is no path segment, aggregation on a Role.
    let bad = vec![
        RoleSpec::new("urls", vec![Rule::urls(&["/metrics"], &["get"])]),
        RoleSpec::cluster(
            "mixed",
            vec![Rule {
                non_resource_urls: vec!["/x".into()],
                ..Rule::new(&[""], &["pods"], &["get"])
            }],
        ),
        RoleSpec::new("no-verbs", vec![Rule::new(&[""], &["pods"], &[])]),
        RoleSpec::new("a/b", vec![Rule::new(&[""], &["pods"], &["get"])]),
        RoleSpec { aggregate: vec![labels(&[("x", "y")])], ..RoleSpec::new("agg", vec![]) },
    ];
    let e = error(&env(vec![], bad, vec![]));
    for expected in [
        "a Role of one namespace cannot allow paths outside the resource API",
        "a rule applies to resources or to non-resource URLs, not both",
        "a rule needs verbs",
        "Role `a/b` is not a valid name: it contains `/`",
        "only a ClusterRole can aggregate other roles",
    ] {
        assert!(e.contains(expected), "missing `{expected}` in:\n{e}");
    }

    // The same definitions, well formed, render.
    let good = env(
        vec![controller.clone()],
        vec![reader.clone()],
        vec![BindingSpec::new("r", Grant::from(&reader), vec![Grantee::from(&controller)])],
    );
    assert!(render(&good).is_ok(), "{}", error(&good));
}

#[test]
fn an_aggregated_api_is_answered_by_an_apps_service() {
    use rustomize::{ApiService, App, Container, Expose, Image, Port};
    let server = App {
        containers: vec![Container {
            name: "server".into(),
            image: Image::tag("example.com/metrics-server", "0.7"),
            ports: vec![Port::tcp("https", 10250)],
            ..Container::default()
        }],
        expose: Some(Expose::cluster_ip(&[("https", 443)])),
        ..App::new("metrics-server")
    };
    let api = ApiService {
        insecure_skip_tls_verify: true,
        ..ApiService::new("metrics.k8s.io", "v1beta1", server.handle())
    };
    let mut e = env(vec![], vec![], vec![]);
    e.apps = vec![server.clone()];
    e.api_services = vec![api.clone()];
    let r = render(&e).unwrap_or_else(|err| panic!("{err}"));
    let object = r
        .objects
        .iter()
        .find(|o| o.kind() == "APIService")
        .unwrap_or_else(|| panic!("no APIService"));
    let json = object.to_json().unwrap_or_else(|err| panic!("{err}"));
    // Named by the API's rule, never prefixed; the Service by the environment's names.
    assert_eq!(json["metadata"]["name"], "v1beta1.metrics.k8s.io");
    assert_eq!(json["metadata"].get("namespace"), None, "cluster-scoped");
    assert_eq!(json["spec"]["service"]["name"], "team-metrics-server");
    assert_eq!(json["spec"]["service"]["namespace"], "ops");
    assert_eq!(json["spec"]["insecureSkipTLSVerify"], true);
    assert_eq!(json["spec"]["groupPriorityMinimum"], 100);

    // An app the environment lacks, and a port its Service does not have.
    let other = App::new("metrics-srever");
    e.api_services = vec![
        ApiService::new("metrics.k8s.io", "v1beta1", other.handle()),
        ApiService { port: Some(8443), ..api },
    ];
    let err = error(&e);
    assert!(err.contains("app `metrics-srever` is not in the environment"), "{err}");
    assert!(err.contains("did you mean `metrics-server`"), "{err}");
    assert!(err.contains("Service `team-metrics-server` has no port 8443"), "{err}");
}

#[test]
fn a_role_and_binding_may_live_in_another_namespace_than_the_environments() {
    let leases = RoleSpec {
        namespace: Some("kube-system".into()),
        ..RoleSpec::new("leases", vec![Rule::new(&["coordination.k8s.io"], &["leases"], &["get"])])
    };
    let grant = BindingSpec {
        namespace: Some("kube-system".into()),
        ..BindingSpec::new(
            "leases",
            Grant::from(&leases),
            vec![Grantee::ServiceAccount { name: "robot".into(), namespace: "ops".into() }],
        )
    };
    let mut e = env(Vec::new(), vec![leases.clone()], vec![grant.clone()]);
    let r = render(&e).unwrap_or_else(|err| panic!("{err}"));
    let role: &Role = r.get("team-leases").unwrap_or_else(|| panic!("no Role"));
    assert_eq!(role.metadata.namespace.as_deref(), Some("kube-system"));
    let binding: &RoleBinding = r.get("team-leases").unwrap_or_else(|| panic!("no RoleBinding"));
    assert_eq!(binding.metadata.namespace.as_deref(), Some("kube-system"));

    // A RoleBinding finds its Role in its own namespace only.
    e.bindings[0].namespace = None;
    let err = error(&e);
    assert!(
        err.contains(
            "Role `leases` is in namespace `kube-system` and the binding in `(the environment's)`"
        ),
        "{err}"
    );
    // A ClusterRole has no namespace, and a namespace is a DNS label.
    let wide =
        RoleSpec { namespace: Some("Kube System".into()), ..RoleSpec::cluster("wide", Vec::new()) };
    let err = error(&env(Vec::new(), vec![wide], Vec::new()));
    assert!(
        err.contains("a cluster-wide object has no namespace, and this one names `Kube System`"),
        "{err}"
    );
    assert!(err.contains("namespace `Kube System` is not a valid name"), "{err}");
}
