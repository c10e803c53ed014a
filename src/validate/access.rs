//! Checks of the environment's own Roles, ClusterRoles and bindings: names by the API's rule,
//! rules the API server accepts, and every role and account a binding names declared.

use std::collections::BTreeSet;

use super::Validator;
use crate::error::{Code, Subject, did_you_mean};
use crate::model::{BindingSpec, Grant, Grantee, RoleSpec, Rule};
use crate::safe::shown;

impl Validator<'_> {
    /// The environment's roles and bindings.
    pub(super) fn access(&mut self) {
        let env = self.env;
        let mut seen = BTreeSet::new();
        for role in &env.roles {
            let kind = if role.cluster_wide { "ClusterRole" } else { "Role" };
            self.object = crate::error::declared(kind, &shown(&role.name), role.at.location());
            self.subject = Subject::Object { kind: kind.into(), name: role.name.clone() };
            self.rbac_name("name", kind, &role.name);
            if !seen.insert((role.cluster_wide, role.name.as_str())) {
                self.report(
                    Code::Duplicate,
                    "roles",
                    format!("{kind} `{}` is declared twice", shown(&role.name)),
                    None,
                    None,
                );
            }
            self.role(role);
        }
        let mut seen = BTreeSet::new();
        for binding in &env.bindings {
            let kind = if binding.cluster_wide { "ClusterRoleBinding" } else { "RoleBinding" };
            self.object =
                crate::error::declared(kind, &shown(&binding.name), binding.at.location());
            self.subject = Subject::Object { kind: kind.into(), name: binding.name.clone() };
            self.rbac_name("name", kind, &binding.name);
            if !seen.insert((binding.cluster_wide, binding.name.as_str())) {
                self.report(
                    Code::Duplicate,
                    "bindings",
                    format!("{kind} `{}` is declared twice", shown(&binding.name)),
                    None,
                    None,
                );
            }
            self.binding(binding);
        }
        self.object = "environment".into();
        self.subject = Subject::Environment;
    }

    fn role(&mut self, role: &RoleSpec) {
        self.own_namespace(role.namespace.as_deref(), role.cluster_wide);
        self.label_map("labels", &role.labels);
        self.annotation_keys("annotations", &role.annotations);
        for (i, selector) in role.aggregate.iter().enumerate() {
            self.label_map(&format!("aggregate[{i}]"), selector);
        }
        if !role.aggregate.is_empty() && !role.cluster_wide {
            self.report(
                Code::Conflict,
                "aggregate",
                "only a ClusterRole can aggregate other roles".into(),
                None,
                Some("set `cluster_wide: true`, or list the rules".into()),
            );
        }
        if role.rules.is_empty() && role.aggregate.is_empty() {
            self.report(
                Code::InvalidValue,
                "rules",
                "the role allows nothing: it has no rules and aggregates no roles".into(),
                Some("at least one `Rule`".into()),
                None,
            );
        }
        for (i, rule) in role.rules.iter().enumerate() {
            self.rule(&format!("rules[{i}]"), rule, role.cluster_wide);
        }
    }

    /// What the API server's validation of a `PolicyRule` requires.
    fn rule(&mut self, field: &str, rule: &Rule, cluster_wide: bool) {
        if rule.verbs.is_empty() || rule.verbs.iter().any(|v| v.trim().is_empty()) {
            self.report(
                Code::InvalidValue,
                format!("{field}.verbs"),
                "a rule needs verbs, none of them empty".into(),
                Some("verbs like `get`, `list`, `watch`, or `*`".into()),
                None,
            );
        }
        if !rule.non_resource_urls.is_empty() {
            if !cluster_wide {
                self.report(
                    Code::Conflict,
                    format!("{field}.non_resource_urls"),
                    "a Role of one namespace cannot allow paths outside the resource API".into(),
                    None,
                    Some("declare it as a ClusterRole (`cluster_wide: true`)".into()),
                );
            }
            let resources = [&rule.api_groups, &rule.resources, &rule.resource_names];
            if resources.iter().any(|v| !v.is_empty()) {
                self.report(
                    Code::Conflict,
                    field.to_owned(),
                    "a rule applies to resources or to non-resource URLs, not both".into(),
                    None,
                    Some("split it into two rules".into()),
                );
            }
            for url in &rule.non_resource_urls {
                if !url.starts_with('/') && url != "*" {
                    self.report(
                        Code::InvalidValue,
                        format!("{field}.non_resource_urls"),
                        format!("`{}` is not a path", shown(url)),
                        Some("a path like `/metrics` or `/healthz/*`".into()),
                        None,
                    );
                }
            }
        } else if rule.resources.is_empty() || rule.api_groups.is_empty() {
            self.report(
                Code::InvalidValue,
                field.to_owned(),
                "a rule needs API groups and resources (or non-resource URLs)".into(),
                Some("e.g. `Rule::new(&[\"\"], &[\"pods\"], &[\"get\"])`".into()),
                None,
            );
        }
    }

    fn binding(&mut self, binding: &BindingSpec) {
        let env = self.env;
        self.own_namespace(binding.namespace.as_deref(), binding.cluster_wide);
        self.label_map("labels", &binding.labels);
        self.annotation_keys("annotations", &binding.annotations);
        match &binding.role {
            Grant::Declared(role) => {
                let declared = env.roles.iter().find(|r| r.handle() == *role);
                match declared {
                    None => self.report(
                        Code::UnknownReference,
                        "role",
                        format!("role `{}` is not declared by the environment", shown(role.name())),
                        None,
                        did_you_mean(role.name(), env.roles.iter().map(|r| r.name.as_str()))
                            .or_else(|| Some("add the role to the environment's `roles`".into())),
                    ),
                    Some(r) if binding.cluster_wide && !r.cluster_wide => self.report(
                        Code::Conflict,
                        "role",
                        format!(
                            "a ClusterRoleBinding can only grant a ClusterRole, and `{}` is a Role",
                            shown(&r.name)
                        ),
                        None,
                        Some("use a RoleBinding (`cluster_wide: false`)".into()),
                    ),
                    // A RoleBinding finds its Role in its own namespace only.
                    Some(r) if !r.cluster_wide && r.namespace != binding.namespace => self.report(
                        Code::Conflict,
                        "role",
                        format!(
                            "Role `{}` is in namespace `{}` and the binding in `{}`; a RoleBinding grants a Role of its own namespace only",
                            shown(&r.name),
                            r.namespace.as_deref().unwrap_or("(the environment's)"),
                            binding.namespace.as_deref().unwrap_or("(the environment's)")
                        ),
                        None,
                        Some("declare the binding in the Role's namespace".into()),
                    ),
                    Some(_) => {}
                }
            }
            Grant::ClusterRole(name) => self.rbac_name("role", "ClusterRole", name),
            Grant::Role(name) => {
                self.rbac_name("role", "Role", name);
                if binding.cluster_wide {
                    self.report(
                        Code::Conflict,
                        "role",
                        format!(
                            "a ClusterRoleBinding can only grant a ClusterRole, not Role `{}`",
                            shown(name)
                        ),
                        None,
                        Some("use a RoleBinding (`cluster_wide: false`)".into()),
                    );
                }
            }
        }
        for (i, subject) in binding.subjects.iter().enumerate() {
            let field = format!("subjects[{i}]");
            match subject {
                Grantee::Account(account) => {
                    let names = || env.service_accounts.iter().map(|a| a.name.as_str());
                    if !names().any(|n| n == account.name()) {
                        self.report(
                            Code::UnknownReference,
                            field.clone(),
                            format!(
                                "ServiceAccount `{}` is not declared by the environment",
                                shown(account.name())
                            ),
                            None,
                            did_you_mean(account.name(), names()),
                        );
                    }
                    // A RoleBinding's subject of no namespace is in the binding's namespace.
                    if env.namespace.is_none() && binding.cluster_wide {
                        self.report(
                            Code::InvalidValue,
                            field,
                            "a ClusterRoleBinding to the environment's ServiceAccount needs the environment's namespace".into(),
                            None,
                            Some("set the environment's `namespace`".into()),
                        );
                    }
                }
                Grantee::ServiceAccount { name, namespace } => {
                    if let Err(why) = crate::safe::dns_subdomain(name) {
                        self.report(
                            Code::InvalidValue,
                            format!("{field}.name"),
                            format!("ServiceAccount `{}` is not a valid name: {why}", shown(name)),
                            Some(crate::safe::object_name_rule("ServiceAccount").into()),
                            None,
                        );
                    }
                    self.dns_label(&format!("{field}.namespace"), "namespace", namespace);
                }
                Grantee::User(name) | Grantee::Group(name) if name.trim().is_empty() => {
                    self.report(
                        Code::InvalidValue,
                        field,
                        "a user or group needs a name".into(),
                        None,
                        None,
                    );
                }
                Grantee::User(_) | Grantee::Group(_) => {}
            }
        }
    }

    /// A role's or binding's name, or a role it names: one path segment, the API's rule for
    /// RBAC objects (`system:auth-delegator` is fine).
    /// A namespace of its own: a real namespace name, and only on what lives in one.
    fn own_namespace(&mut self, namespace: Option<&str>, cluster_wide: bool) {
        let Some(ns) = namespace else { return };
        self.dns_label("namespace", "namespace", ns);
        if cluster_wide {
            self.report(
                Code::Conflict,
                "namespace",
                format!("a cluster-wide object has no namespace, and this one names `{ns}`"),
                None,
                Some("leave `namespace` out, or make it a Role or RoleBinding".into()),
            );
        }
    }

    fn rbac_name(&mut self, field: &str, kind: &str, name: &str) {
        if let Err(why) = crate::safe::object_name(kind, name) {
            self.report(
                Code::InvalidValue,
                field.to_owned(),
                format!("{kind} `{}` is not a valid name: {why}", shown(name)),
                Some(crate::safe::object_name_rule(kind).into()),
                None,
            );
        }
    }
}
