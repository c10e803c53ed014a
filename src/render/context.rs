//! The names objects get in one environment, computed once: prefix and suffix applied,
//! content hashes appended, and the Services each app offers. Every reference between objects
//! is built from these, never from a string written twice.

use std::collections::BTreeMap;

use crate::model::{App, Environment, ServiceAccount, Storage};
use crate::validate::Resolved;

/// What every app of an environment may refer to.
pub(crate) struct Context<'a> {
    pub(crate) env: &'a Environment,
    /// Shared ConfigMap name → its final name (prefix, suffix, hash).
    pub(crate) configs: BTreeMap<String, String>,
    /// Shared ConfigMap name → its final data.
    pub(crate) config_data: BTreeMap<String, BTreeMap<String, String>>,
    /// Service base name → its final name and ports.
    pub(crate) services: BTreeMap<String, ServiceName>,
}

/// A Service as other objects refer to it.
#[derive(Clone, Debug, Default)]
pub(crate) struct ServiceName {
    /// The final name.
    pub(crate) name: String,
    /// Target container port name → service port number.
    pub(crate) ports: BTreeMap<String, u16>,
}

impl<'a> Context<'a> {
    pub(crate) fn new(env: &'a Environment, resolved: &Resolved) -> Context<'a> {
        let mut configs = BTreeMap::new();
        let mut config_data = BTreeMap::new();
        for shared in &env.configs {
            let data = resolved.shared(&shared.name);
            let mut name = env.object_name(&shared.name);
            if shared.config.hashed {
                name = format!("{name}-{}", crate::hash::config_map(data));
            }
            configs.insert(shared.name.clone(), name);
            config_data.insert(shared.name.clone(), data.clone());
        }
        let mut services = BTreeMap::new();
        for app in &env.apps {
            for expose in app.expose.iter().chain(&app.services) {
                let base = expose.name.clone().unwrap_or_else(|| app.name.clone());
                let ports = expose.ports.iter().map(|p| (p.target.clone(), p.port)).collect();
                services.insert(base.clone(), ServiceName { name: env.object_name(&base), ports });
            }
        }
        Context { env, configs, config_data, services }
    }

    /// The final name of the object declared as `base`.
    pub(crate) fn name(&self, base: &str) -> String {
        self.env.object_name(base)
    }

    /// The final name of the shared ConfigMap declared as `name`.
    pub(crate) fn shared_config(&self, name: &str) -> String {
        self.configs.get(name).cloned().unwrap_or_else(|| self.name(name))
    }
}

/// The names one app's objects get, and the context they are resolved in.
pub(crate) struct Names<'a> {
    pub(crate) ctx: &'a Context<'a>,
    /// The workload, HPA, PDB, Ingress, NetworkPolicy, Role and own ServiceAccount.
    pub(crate) object: String,
    /// The app's ConfigMap.
    pub(crate) config_map: String,
    /// The ConfigMap's final data (templates rendered), from which its hash is taken.
    pub(crate) config_data: BTreeMap<String, String>,
    app: String,
}

impl<'a> Names<'a> {
    pub(crate) fn new(
        ctx: &'a Context<'a>,
        app: &App,
        config_data: &BTreeMap<String, String>,
    ) -> Names<'a> {
        let config_data = config_data.clone();
        let mut config_map = ctx.name(&app.config_map_name());
        if app.config.hashed {
            config_map = format!("{config_map}-{}", crate::hash::config_map(&config_data));
        }
        Names { ctx, object: ctx.name(&app.name), config_map, config_data, app: app.name.clone() }
    }

    /// Whether objects carry their source location.
    pub(crate) fn provenance(&self) -> bool {
        self.ctx.env.provenance
    }

    /// The PVC backing the app's `storage`.
    pub(crate) fn claim(&self, storage: &Storage) -> String {
        match &storage.claim_name {
            Some(name) => self.ctx.name(name),
            None => self.ctx.name(&format!("{}-{}", self.app, storage.name)),
        }
    }

    /// The ServiceAccount the app's pods run as, if not the namespace's default.
    pub(crate) fn service_account(&self, account: &ServiceAccount) -> Option<String> {
        match account {
            ServiceAccount::Default => None,
            ServiceAccount::Own => Some(self.object.clone()),
            ServiceAccount::Shared(name) => Some(self.ctx.name(name.name())),
            ServiceAccount::Existing(name) => Some(name.clone()),
        }
    }

    /// The namespace the app's objects land in, when known.
    pub(crate) fn namespace<'b>(&'b self, app: &'b App) -> Option<&'b str> {
        app.namespace.as_deref().or(self.ctx.env.namespace.as_deref())
    }
}
