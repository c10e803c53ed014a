//! One environment's objects → the typed environment: its Secrets and ConfigMaps, an app per
//! workload with what belongs to it, then what belongs to no app, and the rest kept as written.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::core::v1 as core;

use super::*;
use crate::model::{Config, Environment, ExternalService, SecretSpec, SharedConfig};

/// Converts one environment's objects.
pub(in crate::import) fn environment(
    env_name: &str,
    objects: &[Read],
    common: &Common,
    hints: &[SecretHint],
    decisions: &Decisions,
) -> Converted {
    let mut c = Converted { credential_waiver: common.credential_waiver(), ..Converted::default() };
    let strip = |n: &str| n.strip_prefix(common.prefix.as_str()).unwrap_or(n).to_owned();
    c.env = Environment {
        name: env_name.into(),
        tree: format!("overlays/{env_name}"),
        namespace: common.namespace.clone(),
        labels: common.labels.clone(),
        annotations: common.annotations.clone(),
        waivers: common.waivers.clone(),
        name_prefix: common.prefix.clone(),
        ..Environment::default()
    };
    if decisions.environment_credentials {
        c.env.waivers.push(common.credential_waiver());
    }
    let reads: Vec<&Read> = objects.iter().collect();
    let decisions = &with_unique_names(&reads, decisions);

    // Secrets: key-only declarations; values are dropped here and never written.
    let mut secrets: BTreeMap<String, SecretSpec> = BTreeMap::new();
    for (r, s) in typed::<core::Secret>(reads.iter().copied()) {
        let mut keys: BTreeSet<String> = BTreeSet::new();
        keys.extend(s.data.iter().flat_map(|d| d.keys().cloned()));
        keys.extend(s.string_data.iter().flat_map(|d| d.keys().cloned()));
        let type_ = s.type_.as_deref().unwrap_or_default();
        let spec = SecretSpec {
            name: r.name().to_owned(),
            keys: keys.into_iter().collect(),
            type_: (!type_.is_empty() && type_ != "Opaque").then(|| type_.to_owned()),
            description: describe(hints, r.name()),
            labels: own_labels(r.meta(), common),
            ..SecretSpec::default()
        };
        secrets.insert(spec.name.clone(), spec);
    }

    // Which workload uses which ConfigMap, to tell an app's own config from a shared one.
    let config_maps: BTreeMap<String, Named<'_, core::ConfigMap>> =
        typed::<core::ConfigMap>(reads.iter().copied())
            .map(|(r, cm)| (r.name().to_owned(), (r, cm)))
            .collect();
    let workloads: Vec<Controller<'_>> = reads
        .iter()
        .filter(|r| is_app(r) && !decisions.keep.contains_key(&id(r)))
        .filter_map(|r| Controller::of(r))
        .collect();
    let known: Apps = workloads
        .iter()
        .filter_map(|w| Some((w.selector()?.match_labels.clone()?, strip(w.read.name()))))
        .collect();
    // Who uses what, from each workload's pod spec (kept workloads count for accounts and
    // claims: they still share them; ConfigMaps go to typed apps only).
    let mut users: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut kept_users: BTreeSet<String> = BTreeSet::new();
    let mut uses = Uses { bound: access::bound_accounts(&reads, common), ..Uses::default() };
    for w in reads.iter().filter(|r| is_app(r)).filter_map(|r| Controller::of(r)) {
        let Some(spec) = w.pod_spec() else { continue };
        let who = w.read.name().to_owned();
        if let Some(account) = &spec.service_account_name {
            uses.accounts.entry(account.clone()).or_default().insert(who.clone());
        }
        for v in spec.volumes.iter().flatten() {
            if let Some(c) = &v.persistent_volume_claim {
                uses.claims.entry(c.claim_name.clone()).or_default().insert(who.clone());
            }
        }
        let referenced = referenced_config_maps(spec);
        if decisions.keep.contains_key(&id(w.read)) {
            kept_users.extend(referenced);
        } else {
            for cm in referenced {
                users.entry(cm).or_default().insert(who.clone());
            }
        }
    }
    // A ConfigMap no typed workload reads (settings a controller watches, or read by kept
    // workloads by its name) is the environment's.
    for cm in config_maps.keys() {
        users.entry(cm.clone()).or_default();
    }
    let workload_named: BTreeMap<&str, &Controller<'_>> =
        workloads.iter().map(|w| (w.read.name(), w)).collect();
    let mut own_config: BTreeMap<String, String> = BTreeMap::new(); // workload → ConfigMap
    let mut shared: BTreeMap<String, String> = BTreeMap::new(); // ConfigMap → declared name
    for (cm, who) in &users {
        let Some(&(r, v)) = config_maps.get(cm) else { continue };
        if v.binary_data.is_some() || decisions.raw.contains_key(&id(r)) {
            continue;
        }
        let w = who.iter().next().cloned().unwrap_or_default();
        // An app's own ConfigMap carries the app's labels; one with others is declared.
        // (Its annotations too: the app's go on every object of the app.)
        let workload = workload_named.get(w.as_str());
        let app_labels = workload.map(|x| x.read.labels()).unwrap_or_default();
        let app_annotations =
            workload.map(|x| own_annotations(x.meta(), common)).unwrap_or_default();
        let labels_fit =
            own_labels(r.meta(), common).iter().all(|(k, v)| app_labels.get(k) == Some(v))
                && own_annotations(r.meta(), common)
                    .iter()
                    .all(|(k, v)| app_annotations.get(k) == Some(v));
        // One a kept workload reads too keeps its name: the environment's.
        if who.len() == 1 && !own_config.contains_key(&w) && labels_fit && !kept_users.contains(cm)
        {
            own_config.insert(w, cm.clone());
        } else {
            let config = shared_config(r, v, common);
            shared.insert(cm.clone(), config.name.clone());
            c.env.configs.push(config);
            c.owner.insert(id(r), String::new());
        }
    }

    let index = by_kind(&reads);
    let named = by_name(&reads);
    let selecting = by_selector(&reads);
    let mut taken: BTreeSet<Id> = BTreeSet::new();
    for w in &workloads {
        let wname = w.read.name().to_owned();
        let context = Context {
            all: &index,
            named: &named,
            selecting: &selecting,
            common,
            own_config: &own_config,
            shared: &shared,
            config_maps: &config_maps,
            known: &known,
            uses: &uses,
        };
        match app(w, &context, decisions, &mut c) {
            Ok((app, owned)) => {
                for key in owned {
                    c.owner.insert(key.clone(), app.name.clone());
                    taken.insert(key);
                }
                taken.insert(id(w.read));
                c.owner.insert(id(w.read), app.name.clone());
                c.env.apps.push(app);
            }
            Err(why) => {
                c.failed.insert(wname, why);
            }
        }
    }
    // The own ConfigMap of a workload the model could not say is the environment's: it keeps
    // its name, which the kept workload reads.
    for (w, cm) in &own_config {
        if let (true, Some(&(r, v))) = (c.failed.contains_key(w), config_maps.get(cm)) {
            let config = shared_config(r, v, common);
            shared.insert(cm.clone(), config.name.clone());
            c.env.configs.push(config);
            c.owner.insert(id(r), String::new());
        }
    }
    for (r, _) in shared.keys().filter_map(|cm| config_maps.get(cm)) {
        taken.insert(id(r));
    }

    // Services that resolve to a name outside the cluster (a managed database).
    for (r, s) in typed::<core::Service>(reads.iter().copied()) {
        let key = id(r);
        let spec = s.spec.clone().unwrap_or_default();
        if taken.contains(&key)
            || decisions.raw.contains_key(&key)
            || spec.type_.as_deref() != Some("ExternalName")
        {
            continue;
        }
        let ports = spec
            .ports
            .iter()
            .flatten()
            .filter_map(|p| Some((p.name.clone().unwrap_or_default(), u16::try_from(p.port).ok()?)))
            .collect();
        c.env.external_services.push(ExternalService {
            ports,
            ..ExternalService::new(
                &strip(r.name()),
                spec.external_name.as_deref().unwrap_or_default(),
            )
        });
        c.owner.insert(key.clone(), String::new());
        taken.insert(key);
    }

    // NetworkPolicies of no app: the environment's own, when `Policy` says what they say.
    for (r, np) in typed::<k8s_openapi::api::networking::v1::NetworkPolicy>(reads.iter().copied()) {
        let key = id(r);
        if taken.contains(&key)
            || c.policies.contains_key(r.name())
            || decisions.raw.contains_key(&key)
        {
            continue;
        }
        if let Some(policy) = env_policy(np, common, &known) {
            c.env.policies.push(policy);
            c.owner.insert(key.clone(), String::new());
            taken.insert(key);
        }
    }

    // Accounts, roles, bindings, claims, Services and aggregated APIs of no app.
    let unsupported = standalone::declarations(&reads, common, decisions, &mut taken, &mut c);

    // Secrets the apps refer to but the input does not hold: declared from the references.
    for app in &c.env.apps {
        for (secret, key) in secret_refs(app) {
            let spec = secrets.entry(secret.clone()).or_insert_with(|| SecretSpec {
                name: secret.clone(),
                description: describe(hints, &secret),
                ..SecretSpec::default()
            });
            if let Some(key) = key
                && !spec.keys.contains(&key)
            {
                spec.keys.push(key);
            }
        }
    }
    // In the order a re-imported tree listed them (keys too), then by name.
    let mut secrets: Vec<SecretSpec> = secrets.into_values().collect();
    for spec in &mut secrets {
        if let Some(hint) = hints.iter().find(|h| h.name == spec.name) {
            let mut keys: Vec<String> = hint.keys.clone();
            keys.extend(spec.keys.iter().filter(|k| !hint.keys.contains(k)).cloned());
            spec.keys = keys;
        }
    }
    secrets.sort_by_key(|x| hints.iter().position(|h| h.name == x.name).unwrap_or(usize::MAX));
    c.env.secrets = secrets;

    for r in objects {
        let key = id(r);
        if taken.contains(&key) || c.owner.contains_key(&key) || r.kind() == "Secret" {
            continue;
        }
        if is_helm_test(r) {
            c.notes.push(format!(
                "left out {} `{}`: a Helm test hook, which only `helm test` creates",
                r.kind(),
                r.name()
            ));
            continue;
        }
        // The render writes the Namespaces of the environment and of its apps.
        let rendered_namespace = Some(r.name()) == common.namespace.as_deref()
            || c.env.apps.iter().any(|a| a.namespace.as_deref() == Some(r.name()));
        if r.get::<core::Namespace>().is_some() && rendered_namespace {
            if Some(r.name()) == common.namespace.as_deref() {
                // Its own labels (the environment's are on every object anyway).
                c.env.namespace_labels = r
                    .labels()
                    .into_iter()
                    .filter(|(k, v)| common.labels.get(k) != Some(v))
                    .collect();
            }
            continue;
        }
        let why = if is_app(r) {
            let why = decisions.keep.get(&key).or_else(|| c.failed.get(r.name()));
            why.cloned().unwrap_or_else(|| {
                untyped(r).unwrap_or_else(|| "it has no `spec`, so no pods".into())
            })
        } else if let Some(why) = c.policies.get(r.name()).filter(|_| r.kind() == "NetworkPolicy") {
            why.clone()
        } else if let Some(why) = decisions
            .raw
            .get(&key)
            .or_else(|| unsupported.get(&key))
            .or_else(|| c.detached.get(&key))
        {
            why.clone()
        } else {
            untyped(r).unwrap_or_else(|| {
                format!("rustomize has no typed form of a {} that belongs to no app", r.kind())
            })
        };
        c.kept.push(keep(&r.value, common, why));
    }
    c
}

/// Why `r` is not typed, when its kind is one of the crate's at another API version.
fn untyped(r: &Read) -> Option<String> {
    let typed = crate::object::api_version_of(r.kind())?;
    (!r.is_typed()).then(|| {
        format!(
            "its API version `{}` is not the one rustomize types a {} as (`{typed}`)",
            r.api_version(),
            r.kind()
        )
    })
}

/// `decisions`, plus what a name alone cannot tell apart kept as written: a workload that
/// has the name of an earlier one (in another namespace, or of another kind), since an
/// environment's apps have unique names; and a ConfigMap whose name is in two namespaces,
/// since pods name their ConfigMaps without a namespace and import links them by name.
fn with_unique_names(reads: &[&Read], decisions: &Decisions) -> Decisions {
    let mut d = decisions.clone();
    let place = |r: &Read| match r.namespace() {
        "" => format!("{} `{}`", r.kind(), r.name()),
        ns => format!("{} `{}` in namespace `{ns}`", r.kind(), r.name()),
    };
    let mut apps: BTreeMap<&str, &Read> = BTreeMap::new();
    for &w in reads.iter().filter(|r| is_app(r)) {
        match apps.get(w.name()) {
            Some(first) => {
                let why = format!(
                    "{} has its name, and the apps of an environment have unique names",
                    place(first)
                );
                d.keep.entry(id(w)).or_insert(why);
            }
            None => {
                apps.insert(w.name(), w);
            }
        }
    }
    let mut configs: BTreeMap<&str, Vec<&Read>> = BTreeMap::new();
    for &r in reads.iter().filter(|r| r.kind() == "ConfigMap") {
        configs.entry(r.name()).or_default().push(r);
    }
    for same in configs.values().filter(|same| same.len() > 1) {
        let all: Vec<String> = same.iter().map(|r| place(r)).collect();
        for r in same {
            let why = format!(
                "{} share its name, and import links pods to their ConfigMaps by name",
                all.join(" and ")
            );
            d.raw.entry(id(r)).or_insert(why);
        }
    }
    d
}

fn describe(hints: &[SecretHint], secret: &str) -> String {
    hints.iter().find(|h| h.name == secret).map(|h| h.description.clone()).unwrap_or_default()
}

/// A ConfigMap as the environment's, named without the prefix (and content hash, when its
/// name carries the hash of its data).
fn shared_config(r: &Read, v: &core::ConfigMap, common: &Common) -> SharedConfig {
    let full = r.name();
    let short = full.strip_prefix(common.prefix.as_str()).unwrap_or(full);
    let data = v.data.clone().unwrap_or_default();
    let (base, hashed) = unhash(short, &data);
    SharedConfig {
        config: Config { data, hashed, ..Config::default() },
        labels: own_labels(r.meta(), common),
        annotations: own_annotations(r.meta(), common),
        ..SharedConfig::new(&base, Config::default())
    }
}

fn referenced_config_maps(spec: &core::PodSpec) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for c in spec.containers.iter().chain(spec.init_containers.iter().flatten()) {
        for e in c.env.iter().flatten() {
            if let Some(r) = e.value_from.as_ref().and_then(|f| f.config_map_key_ref.as_ref()) {
                out.insert(r.name.clone());
            }
        }
        for f in c.env_from.iter().flatten() {
            if let Some(r) = &f.config_map_ref {
                out.insert(r.name.clone());
            }
        }
    }
    for v in spec.volumes.iter().flatten() {
        if let Some(cm) = &v.config_map {
            out.insert(cm.name.clone());
        }
    }
    out
}
