//! Who may do what through the Kubernetes API, declared by the environment apart from any one
//! app: Roles and ClusterRoles, and the bindings that grant them (or roles the cluster already
//! has, like `view` or `system:auth-delegator`) to ServiceAccounts, users and groups.
//!
//! An app that only needs its own account's rights says so with
//! [`App::permissions`](super::App::permissions); these are for controllers whose roles are
//! written on their own, shared by several accounts, or granted to accounts elsewhere.

use std::collections::BTreeMap;

use super::origin::located_default;
use super::{Origin, ServiceAccountSpec, SharedAccountRef};

/// One rule of a role: `verbs` on `resources` of `api_groups` (or on `non_resource_urls`).
/// Renders as a `PolicyRule`.
///
/// ```
/// use rustomize::Rule;
///
/// let read = Rule::new(&[""], &["pods", "services"], &["get", "list", "watch"]);
/// let metrics = Rule::urls(&["/metrics"], &["get"]);
/// assert!(read.non_resource_urls.is_empty() && metrics.resources.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rule {
    /// API groups (`""` is the core group).
    pub api_groups: Vec<String>,
    /// Resources, e.g. `pods`, `deployments/scale`.
    pub resources: Vec<String>,
    /// Verbs, e.g. `get`, `list`, `watch`, or `*`.
    pub verbs: Vec<String>,
    /// Only these objects; empty for all of them.
    pub resource_names: Vec<String>,
    /// Paths outside the resource API (`/metrics`, `/healthz`); ClusterRoles only.
    pub non_resource_urls: Vec<String>,
}

impl Rule {
    /// `verbs` on `resources` of `api_groups`.
    pub fn new(api_groups: &[&str], resources: &[&str], verbs: &[&str]) -> Rule {
        Rule {
            api_groups: owned(api_groups),
            resources: owned(resources),
            verbs: owned(verbs),
            ..Rule::default()
        }
    }

    /// `verbs` on paths outside the resource API.
    pub fn urls(urls: &[&str], verbs: &[&str]) -> Rule {
        Rule { non_resource_urls: owned(urls), verbs: owned(verbs), ..Rule::default() }
    }
}

fn owned(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

/// A Role of the environment's namespace, or (with `cluster_wide`) a ClusterRole.
/// Its name gets the environment's prefix and suffix.
///
/// ```
/// use rustomize::{RoleSpec, Rule};
///
/// let reader = RoleSpec::new("config-reader", vec![Rule::new(&[""], &["configmaps"], &["get"])]);
/// assert_eq!(reader.handle().name(), "config-reader");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleSpec {
    /// Its name, before the environment's prefix and suffix.
    pub name: String,
    /// A ClusterRole (rights in every namespace, or on cluster-scoped objects) rather than a
    /// Role of the environment's namespace.
    pub cluster_wide: bool,
    /// What it allows.
    pub rules: Vec<Rule>,
    /// A ClusterRole that gathers the rules of every ClusterRole whose labels match one of
    /// these (`aggregationRule.clusterRoleSelectors[].matchLabels`).
    pub aggregate: Vec<BTreeMap<String, String>>,
    /// Labels of its own (`rbac.authorization.k8s.io/aggregate-to-view`), beside the
    /// environment's.
    pub labels: BTreeMap<String, String>,
    /// Annotations of its own.
    pub annotations: BTreeMap<String, String>,
    /// A Role's namespace when not the environment's (leader election in `kube-system`).
    pub namespace: Option<String>,
    /// Where it was declared; set by its constructors or `Default`, read by messages.
    #[doc(hidden)]
    pub at: Origin,
}

located_default!(RoleSpec { name, cluster_wide, rules, aggregate, labels, annotations, namespace });

impl RoleSpec {
    /// A Role of the environment's namespace.
    #[track_caller]
    pub fn new(name: &str, rules: Vec<Rule>) -> RoleSpec {
        RoleSpec { name: name.into(), rules, ..RoleSpec::default() }
    }

    /// A ClusterRole.
    #[track_caller]
    pub fn cluster(name: &str, rules: Vec<Rule>) -> RoleSpec {
        RoleSpec { name: name.into(), rules, cluster_wide: true, ..RoleSpec::default() }
    }

    /// The handle a binding grants it by ([`Grant::Declared`]).
    pub fn handle(&self) -> RoleRef {
        RoleRef { name: self.name.clone(), cluster_wide: self.cluster_wide }
    }
}

/// A [`RoleSpec`] of the environment, from [`RoleSpec::handle`]: its name and kind (a Role and
/// a ClusterRole may share a name); renders as a binding's `roleRef`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RoleRef {
    name: String,
    cluster_wide: bool,
}

impl RoleRef {
    /// The declared role's name (before the environment's prefix and suffix).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether it is a ClusterRole.
    pub fn cluster_wide(&self) -> bool {
        self.cluster_wide
    }
}

/// The role a binding grants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Grant {
    /// A Role or ClusterRole the environment declares, by its handle: renders with the
    /// environment's prefix and the kind it was declared with.
    Declared(RoleRef),
    /// A ClusterRole the cluster has already (`view`, `system:auth-delegator`), by its name.
    ClusterRole(String),
    /// A Role of the binding's namespace the tree does not render, by its name.
    Role(String),
}

impl Default for Grant {
    fn default() -> Grant {
        Grant::ClusterRole(String::new())
    }
}

impl From<&RoleSpec> for Grant {
    fn from(role: &RoleSpec) -> Grant {
        Grant::Declared(role.handle())
    }
}

/// Who a binding grants its role to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Grantee {
    /// A ServiceAccount the environment declares: renders with its prefixed name in the
    /// environment's namespace.
    Account(SharedAccountRef),
    /// A ServiceAccount outside the tree, by its name and namespace as written.
    ServiceAccount {
        /// Its name.
        name: String,
        /// Its namespace.
        namespace: String,
    },
    /// A user the cluster's authenticator names.
    User(String),
    /// A group, e.g. `system:serviceaccounts`.
    Group(String),
}

impl From<&ServiceAccountSpec> for Grantee {
    fn from(account: &ServiceAccountSpec) -> Grantee {
        Grantee::Account(account.handle())
    }
}

/// A RoleBinding in the environment's namespace, or (with `cluster_wide`) a
/// ClusterRoleBinding, granting one role to its subjects.
///
/// ```
/// use rustomize::{BindingSpec, Grant, RoleSpec, Rule, ServiceAccountSpec, Grantee};
///
/// let controller = ServiceAccountSpec::new("controller");
/// let reader = RoleSpec::new("reader", vec![Rule::new(&[""], &["pods"], &["get"])]);
/// let binding = BindingSpec::new("reader", Grant::from(&reader), vec![Grantee::from(&controller)]);
/// assert_eq!(binding.role, Grant::Declared(reader.handle()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BindingSpec {
    /// Its name, before the environment's prefix and suffix.
    pub name: String,
    /// A ClusterRoleBinding (the role in every namespace) rather than a RoleBinding.
    pub cluster_wide: bool,
    /// The role it grants.
    pub role: Grant,
    /// Who it grants it to.
    pub subjects: Vec<Grantee>,
    /// Labels of its own, beside the environment's.
    pub labels: BTreeMap<String, String>,
    /// Annotations of its own.
    pub annotations: BTreeMap<String, String>,
    /// A RoleBinding's namespace when not the environment's; a declared Role it grants must
    /// be in the same one.
    pub namespace: Option<String>,
    /// Where it was declared; set by its constructors or `Default`, read by messages.
    #[doc(hidden)]
    pub at: Origin,
}

located_default!(BindingSpec {
    name,
    cluster_wide,
    role,
    subjects,
    labels,
    annotations,
    namespace
});

impl BindingSpec {
    /// A RoleBinding of the environment's namespace.
    #[track_caller]
    pub fn new(name: &str, role: Grant, subjects: Vec<Grantee>) -> BindingSpec {
        BindingSpec { name: name.into(), role, subjects, ..BindingSpec::default() }
    }

    /// A ClusterRoleBinding.
    #[track_caller]
    pub fn cluster(name: &str, role: Grant, subjects: Vec<Grantee>) -> BindingSpec {
        BindingSpec { name: name.into(), role, subjects, cluster_wide: true, ..Default::default() }
    }
}
