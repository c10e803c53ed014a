//! What every environment declares alike, written once: the project's `src/shared.rs`, whose
//! functions each environment calls instead of repeating the declaration.

use std::collections::{BTreeMap, BTreeSet};

use super::code::{self, Code, Printer};
use crate::model::Environment;

/// A kind of declaration the environments may share.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Kind {
    /// A `SharedConfig`, bound to a variable.
    Config,
    /// A `ServiceAccountSpec`, bound to a variable.
    Account,
    /// A `RoleSpec`, bound to a variable; `true` for a ClusterRole.
    Role(bool),
    /// A claim of the environment (`Storage`), a list item.
    Claim,
    /// A `ServiceSpec`, a list item.
    Service,
    /// An `ExternalService`, a list item.
    External,
}

/// The shared declarations, by kind and name: the function in `crate::shared` that returns it.
#[derive(Default)]
pub(super) struct Shared {
    functions: BTreeMap<(Kind, String), String>,
    /// The module's body.
    pub(super) body: String,
}

impl Shared {
    /// The declarations every one of `envs` makes alike (none with fewer than two), each
    /// printed once as a function.
    pub(super) fn of(cx: &Printer, envs: &[&Environment]) -> Shared {
        let mut shared = Shared::default();
        if envs.len() < 2 {
            return shared;
        }
        let mut used = BTreeSet::new();
        let mut add = |kind: Kind, name: &str, ty: &str, expr: String, what: &str| {
            let stem = match kind {
                Kind::Config => code::declaration(name, code::Declared::Config),
                Kind::Account => code::declaration(name, code::Declared::Account),
                Kind::Role(false) => code::declaration(name, code::Declared::Role),
                Kind::Role(true) => code::declaration(name, code::Declared::ClusterRole),
                Kind::Claim => format!("{}_claim", crate::safe::rust_ident(name, "claim")),
                Kind::Service => format!("{}_service", crate::safe::rust_ident(name, "service")),
                Kind::External => {
                    format!("{}_external", crate::safe::rust_ident(name, "external"))
                }
            };
            let mut function = stem.clone();
            let mut n = 1;
            while !used.insert(function.clone()) {
                n += 1;
                function = format!("{stem}_{n}");
            }
            shared.body.push_str(&format!(
                "\n/// The {what} `{}` every environment declares.\npub fn {function}() -> {ty} {{\n    {expr}\n}}\n",
                crate::safe::comment(name)
            ));
            shared.functions.insert((kind, name.to_owned()), function);
        };
        for c in alike(each(envs, |e| &e.configs), |c| c.name.clone()) {
            add(Kind::Config, &c.name, "SharedConfig", c.code(cx), "ConfigMap");
        }
        for a in alike(each(envs, |e| &e.service_accounts), |a| a.name.clone()) {
            let expr = a.code(cx);
            add(Kind::Account, &a.name, "ServiceAccountSpec", expr, "ServiceAccount");
        }
        // A Role and a ClusterRole may share a name.
        for r in alike(each(envs, |e| &e.roles), |r| (r.cluster_wide, r.name.clone())) {
            let what = if r.cluster_wide { "ClusterRole" } else { "Role" };
            add(Kind::Role(r.cluster_wide), &r.name, "RoleSpec", r.code(cx), what);
        }
        for c in alike(each(envs, |e| &e.claims), |c| c.name.clone()) {
            add(Kind::Claim, &c.name, "Storage", c.code(cx), "claim");
        }
        let service_name =
            |s: &crate::model::ServiceSpec| s.expose.name.clone().unwrap_or_default();
        for s in alike(each(envs, |e| &e.services), service_name) {
            add(Kind::Service, &service_name(s), "ServiceSpec", s.code(cx), "Service");
        }
        for x in alike(each(envs, |e| &e.external_services), |x| x.name.clone()) {
            let expr = x.code(cx);
            add(Kind::External, &x.name, "ExternalService", expr, "external Service");
        }
        shared
    }

    /// `crate::shared::<function>()` for the declaration of `kind` called `name` when it is
    /// shared, else `printed`.
    pub(super) fn or(&self, kind: Kind, name: &str, printed: impl FnOnce() -> String) -> String {
        match self.functions.get(&(kind, name.to_owned())) {
            Some(function) => format!("crate::shared::{function}()"),
            None => printed(),
        }
    }

    /// Whether anything is shared (and `src/shared.rs` is written).
    pub(super) fn is_empty(&self) -> bool {
        self.functions.is_empty()
    }
}

/// The items of the first list that every other list has, equal, under the same key: one
/// lookup per item, so many environments of many declarations stay linear.
fn alike<T: PartialEq, K: Ord>(lists: Vec<Vec<&T>>, key: impl Fn(&T) -> K) -> Vec<&T> {
    let Some((first, rest)) = lists.split_first() else { return Vec::new() };
    let indexes: Vec<BTreeMap<K, &T>> =
        rest.iter().map(|list| list.iter().map(|x| (key(x), *x)).collect()).collect();
    first
        .iter()
        .filter(|x| indexes.iter().all(|index| index.get(&key(x)).is_some_and(|y| *y == **x)))
        .copied()
        .collect()
}

/// Each environment's list of one kind, in the environments' order.
fn each<'e, T>(
    envs: &[&'e Environment],
    list: impl Fn(&'e Environment) -> &'e [T],
) -> Vec<Vec<&'e T>> {
    envs.iter().map(|e| list(e).iter().collect()).collect()
}
