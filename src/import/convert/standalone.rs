//! Objects of no app the environment declares on its own: ServiceAccounts, roles and their
//! bindings, claims, Services, and aggregated APIs answered by a typed app's Service.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::core::v1 as core;
use serde_json::Value;

use super::{Common, Converted, Decisions, Id, Read, access, id, network, own_labels};
use k8s_openapi::api::scheduling::v1::PriorityClass;
use k8s_openapi::api::storage::v1::StorageClass;

use crate::model::{ApiService, Environment, PriorityClassSpec, Storage, StorageClassSpec};

/// Declares every object of no app the model can say (not `taken`, owned or decided raw)
/// on the environment, marking it taken; returns why each one it cannot say is kept.
/// Accounts and roles come first, so a binding names the declared ones by handle.
pub(super) fn declarations(
    reads: &[&Read],
    common: &Common,
    decisions: &Decisions,
    taken: &mut BTreeSet<Id>,
    c: &mut Converted,
) -> BTreeMap<Id, String> {
    let free: Vec<&Read> = reads
        .iter()
        .copied()
        .filter(|v| {
            let k = id(v);
            !taken.contains(&k) && !c.owner.contains_key(&k) && !decisions.raw.contains_key(&k)
        })
        .collect();
    let of = |kinds: &'static [&'static str]| {
        free.iter().copied().filter(move |v| kinds.contains(&v.kind()))
    };
    let mut unsupported = BTreeMap::new();
    let mut owned = Vec::new();
    let mut accounts: BTreeSet<String> =
        c.env.service_accounts.iter().map(|a| format!("{}{}", common.prefix, a.name)).collect();
    for (v, sa) in super::typed::<core::ServiceAccount>(free.iter().copied()) {
        if let Some(a) = or_why(&mut unsupported, v, access::account(sa, common))
            && !c.env.service_accounts.iter().any(|x| x.name == a.name)
        {
            accounts.insert(v.name().to_owned());
            c.env.service_accounts.push(a);
            owned.push(v);
        }
    }
    let mut roles: BTreeSet<(String, bool)> = BTreeSet::new();
    for v in of(&["Role", "ClusterRole"]) {
        if let Some(r) = or_why(&mut unsupported, v, access::role(v, common)) {
            roles.insert((v.name().to_owned(), r.cluster_wide));
            c.env.roles.push(r);
            owned.push(v);
        }
    }
    for v in of(&["RoleBinding", "ClusterRoleBinding"]) {
        if let Some(b) = or_why(&mut unsupported, v, access::binding(v, common, &roles, &accounts))
        {
            c.env.bindings.push(b);
            owned.push(v);
        }
    }
    // Claims of a kept workload, or of several apps.
    for (v, pvc) in super::typed::<core::PersistentVolumeClaim>(free.iter().copied()) {
        if let Some(claim) =
            or_why(&mut unsupported, v, super::claim_template(pvc, common, &BTreeMap::new()))
        {
            let short = v.name().strip_prefix(common.prefix.as_str()).unwrap_or(v.name());
            c.env.claims.push(Storage { name: short.to_owned(), ..claim });
            owned.push(v);
        }
    }
    // Services over a kept workload's pods, or another view of an app's.
    let external = |s: &core::Service| {
        s.spec.as_ref().and_then(|s| s.type_.as_deref()) == Some("ExternalName")
    };
    for (v, svc) in
        super::typed::<core::Service>(free.iter().copied()).filter(|(_, s)| !external(s))
    {
        // The environment's Services have no namespace of their own: a second of one name
        // (in another namespace) cannot be another declaration.
        let service = network::standalone_service(svc, common).and_then(|s| {
            if c.env.services.iter().any(|x| x.name() == s.name()) {
                Err(format!(
                    "the environment declares a Service `{}` already, from another namespace",
                    s.name()
                ))
            } else {
                Ok(s)
            }
        });
        if let Some(s) = or_why(&mut unsupported, v, service) {
            c.env.services.push(s);
            owned.push(v);
        }
    }
    // Cluster-scoped classes keep their names as written: the render never prefixes them.
    for (v, class) in super::typed::<StorageClass>(free.iter().copied()) {
        let spec = if class.allowed_topologies.is_some() {
            Err("it limits where volumes are made (`allowedTopologies`), which `StorageClassSpec` does not say".to_owned())
        } else {
            let m = &class.metadata;
            Ok(StorageClassSpec {
                parameters: class.parameters.clone().unwrap_or_default(),
                reclaim_policy: class.reclaim_policy.clone(),
                volume_binding_mode: class.volume_binding_mode.clone(),
                allow_volume_expansion: class.allow_volume_expansion,
                mount_options: class.mount_options.clone().unwrap_or_default(),
                labels: own_labels(m, common),
                annotations: super::own_annotations(m, common),
                ..StorageClassSpec::new(v.name(), &class.provisioner)
            })
        };
        if let Some(spec) = or_why(&mut unsupported, v, spec) {
            c.env.storage_classes.push(spec);
            owned.push(v);
        }
    }
    for (v, class) in super::typed::<PriorityClass>(free.iter().copied()) {
        let m = &class.metadata;
        if !super::own_annotations(m, common).is_empty() {
            unsupported
                .insert(id(v), "it has annotations, which `PriorityClassSpec` does not say".into());
            continue;
        }
        c.env.priority_classes.push(PriorityClassSpec {
            global_default: class.global_default == Some(true),
            preemption_policy: class.preemption_policy.clone(),
            description: class.description.clone().unwrap_or_default(),
            labels: own_labels(m, common),
            ..PriorityClassSpec::new(v.name(), class.value)
        });
        owned.push(v);
    }
    for v in of(&["APIService"]) {
        if let Some(api) = or_why(&mut unsupported, v, api_service(&v.value, &c.env, common)) {
            c.env.api_services.push(api);
            owned.push(v);
        }
    }
    for v in owned {
        c.owner.insert(id(v), String::new());
        taken.insert(id(v));
    }
    unsupported
}

/// The converted value, or `None` with why `v` is kept recorded in `unsupported`.
fn or_why<T>(unsupported: &mut BTreeMap<Id, String>, v: &Read, r: Result<T, String>) -> Option<T> {
    r.map_err(|why| unsupported.insert(id(v), why)).ok()
}

/// An `APIService` of no app whose Service is a typed app's, or why the model cannot say it.
pub(crate) fn api_service(
    v: &Value,
    env: &Environment,
    common: &Common,
) -> Result<ApiService, String> {
    use k8s_openapi::kube_aggregator::pkg::apis::apiregistration::v1 as aggregator;
    let api: aggregator::APIService =
        serde_json::from_value(v.clone()).map_err(|e| e.to_string())?;
    let spec = api.spec.clone().unwrap_or_default();
    if spec.ca_bundle.is_some() {
        return Err("it carries a CA bundle, which `ApiService` does not say".into());
    }
    let Some(service) = spec.service else {
        return Err("the API server answers it locally (no Service)".into());
    };
    let name = service.name.unwrap_or_default();
    let app = env
        .apps
        .iter()
        .find(|a| {
            env.service(a).is_some_and(|s| {
                s.name == name && (service.namespace.is_none() || s.namespace == service.namespace)
            })
        })
        .ok_or_else(|| format!("its Service `{name}` is not a typed app's"))?;
    Ok(ApiService {
        port: service.port.and_then(|p| u16::try_from(p).ok()),
        group_priority_minimum: spec.group_priority_minimum,
        version_priority: spec.version_priority,
        insecure_skip_tls_verify: spec.insecure_skip_tls_verify == Some(true),
        labels: own_labels(&api.metadata, common),
        ..ApiService::new(
            &spec.group.unwrap_or_default(),
            &spec.version.unwrap_or_default(),
            app.handle(),
        )
    })
}
