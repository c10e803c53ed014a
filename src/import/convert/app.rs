//! One workload and the objects that belong to it (config, Services, claims, scaling,
//! budget, Ingress, ServiceAccount, NetworkPolicy) as one typed app.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler;
use k8s_openapi::api::core::v1::{self as core, PersistentVolumeClaim};
use k8s_openapi::api::networking::v1::{Ingress, NetworkPolicy};
use k8s_openapi::api::policy::v1::PodDisruptionBudget;

use super::*;
use crate::model::{
    App, Config, ConfigKeyRef, CronJob, EnvValue, Expose, FileSource, Security, ServiceAccount,
    Storage, VolumeSource, Waiver, Workload,
};

/// Names an app's ConfigMaps get in the model: its own, and shared ones by declared name.
pub(crate) struct ConfigNames<'a> {
    pub(crate) own: Option<&'a str>,
    pub(crate) shared: &'a BTreeMap<String, String>,
    /// Every ConfigMap of the input, by name.
    pub(crate) input: &'a BTreeMap<String, Named<'a, core::ConfigMap>>,
}

impl ConfigNames<'_> {
    /// Why the app cannot name ConfigMap `name`.
    fn missing(&self, name: &str) -> String {
        if self.input.contains_key(name) {
            format!("ConfigMap `{name}` stays as written, and a typed app names typed ConfigMaps")
        } else {
            format!("ConfigMap `{name}` is not in the input")
        }
    }

    pub(crate) fn env(&self, name: &str, key: &str, optional: bool) -> Result<EnvValue, String> {
        if Some(name) == self.own {
            if optional {
                return Err("an optional key of the app's own ConfigMap".into());
            }
            return Ok(EnvValue::Config(key.into()));
        }
        match self.shared.get(name) {
            Some(base) => Ok(EnvValue::SharedConfig(ConfigKeyRef {
                config: base.clone(),
                key: key.into(),
                optional,
                ..ConfigKeyRef::default()
            })),
            None => Err(self.missing(name)),
        }
    }

    pub(crate) fn source(&self, name: &str) -> Result<FileSource, String> {
        if Some(name) == self.own {
            return Ok(FileSource::Config);
        }
        self.shared
            .get(name)
            .map(|b| FileSource::SharedConfig(crate::model::SharedConfigRef::named(b)))
            .ok_or_else(|| self.missing(name))
    }
}

/// What converting one workload may look at besides the workload.
pub(crate) struct Context<'a> {
    pub(crate) all: &'a ByKind<'a>,
    pub(crate) named: &'a ByName<'a>,
    pub(crate) selecting: &'a BySelector<'a>,
    pub(crate) common: &'a Common,
    pub(crate) own_config: &'a BTreeMap<String, String>,
    pub(crate) shared: &'a BTreeMap<String, String>,
    pub(crate) config_maps: &'a BTreeMap<String, Named<'a, core::ConfigMap>>,
    pub(crate) known: &'a Apps,
    pub(crate) uses: &'a Uses,
}

pub(crate) fn app(
    w: &Controller<'_>,
    context: &Context<'_>,
    decisions: &Decisions,
    c: &mut Converted,
) -> Result<(App, Vec<Id>), String> {
    use super::workload::{Spec, job, rollout};
    let Context { all, named, selecting, common, own_config, shared, config_maps, known, uses } =
        *context;
    let full = w.read.name().to_owned();
    let app_name = full.strip_prefix(common.prefix.as_str()).unwrap_or(&full).to_owned();
    let wkind = w.read.kind();
    let spec = w.pod_spec().ok_or("it has no pod template")?;
    let mut owned = Vec::new();
    let mut app = App::new(&app_name);
    // A stack across namespaces: each app keeps its own.
    let own_ns = w.read.namespace();
    if common.namespace.is_none() && !own_ns.is_empty() {
        app.namespace = Some(own_ns.to_owned());
    }
    // Labels: the selector, the name and component labels the render derives, the rest.
    let selector = match w.selector() {
        Some(s) => {
            if s.match_expressions.is_some() {
                return Err("its selector uses `matchExpressions`".into());
            }
            let labels = s.match_labels.clone().unwrap_or_default();
            if labels.is_empty() {
                return Err("it has no `matchLabels` selector".into());
            }
            labels
        }
        None => BTreeMap::new(),
    };
    let pod_labels = w.pod_labels();
    let pod_labels_all = pod_labels.clone();
    let default_selector = BTreeMap::from([(NAME_LABEL.to_owned(), app_name.clone())]);
    if selector != default_selector {
        app.selector = selector.clone();
    }
    let mut labels = w.read.labels();
    labels.remove(MANAGED_BY_LABEL);
    labels.retain(|k, v| common.labels.get(k) != Some(v) && selector.get(k) != Some(v));
    if labels.get(NAME_LABEL) == Some(&app_name) {
        labels.remove(NAME_LABEL);
    }
    app.component = labels.remove(COMPONENT_LABEL);
    app.labels = labels;
    let derived = crate::render::app_labels_of(&app);
    app.pod_labels = pod_labels
        .into_iter()
        .filter(|(k, v)| derived.get(k) != Some(v) && common.labels.get(k) != Some(v))
        .collect();
    let mut annotations = w.read.annotations();
    annotations.retain(|k, v| common.annotations.get(k) != Some(v));
    let mut waivers = take_waivers(&mut annotations);
    waivers.retain(|x| !common.waivers.contains(x));
    app.annotations = annotations;
    app.pod_annotations = w.pod_annotations();

    // The controller.
    app.workload = match w.spec {
        Spec::Deployment(_) => Workload::Deployment,
        Spec::StatefulSet(_) => Workload::StatefulSet,
        Spec::DaemonSet(_) => Workload::DaemonSet,
        Spec::Job(j) => Workload::Job(job(j, spec)?),
        Spec::Pod(_) => Workload::Pod,
        Spec::CronJob(cj) => Workload::CronJob(CronJob {
            schedule: cj.schedule.clone(),
            time_zone: cj.time_zone.clone(),
            successful_jobs_history_limit: cj.successful_jobs_history_limit,
            failed_jobs_history_limit: cj.failed_jobs_history_limit,
            starting_deadline_seconds: cj.starting_deadline_seconds,
            suspend: cj.suspend.unwrap_or(false),
            concurrency: match cj.concurrency_policy.as_deref() {
                Some("Forbid") => crate::model::Concurrency::Forbid,
                Some("Replace") => crate::model::Concurrency::Replace,
                _ => crate::model::Concurrency::Allow,
            },
            job: job(cj.job_template.spec.as_ref().ok_or("its job template has no spec")?, spec)?,
            job_annotations: cj
                .job_template
                .metadata
                .as_ref()
                .and_then(|m| m.annotations.clone())
                .unwrap_or_default(),
        }),
    };
    if let Some(n) = w.replicas() {
        app.replicas = u32::try_from(n).map_err(|_| "its replica count is negative")?;
    }
    app.rollout = rollout(w.spec);

    // Config and containers.
    let own = own_config.get(&full).map(String::as_str);
    if let Some(cm) = own
        && let Some(&(r, v)) = config_maps.get(cm)
    {
        let short = cm.strip_prefix(common.prefix.as_str()).unwrap_or(cm);
        let data = v.data.clone().unwrap_or_default();
        let (base, hashed) = unhash(short, &data);
        app.config = Config {
            data,
            hashed,
            immutable: v.immutable.unwrap_or(false),
            name: (base != format!("{app_name}-config")).then_some(base),
            ..Config::default()
        };
        owned.push(id(r));
    }
    let names = ConfigNames { own, shared, input: config_maps };
    // The Services over these pods, whose port names name unnamed container ports.
    // Candidates: the Services whose first selector label the pods carry, in input order.
    let mut candidates: Vec<(usize, Named<'_, core::Service>)> = pod_labels_all
        .iter()
        .flat_map(|(k, v)| {
            selecting.get(&(own_ns.to_owned(), k.clone(), v.clone())).into_iter().flatten()
        })
        .copied()
        .collect();
    candidates.sort_by_key(|(i, _)| *i);
    let over_pods: Vec<Named<'_, core::Service>> = candidates
        .into_iter()
        .map(|(_, s)| s)
        .filter(|(_, s)| selects(s, &pod_labels_all))
        .collect();
    let services_over_pods: Vec<&core::Service> = over_pods.iter().map(|(_, s)| *s).collect();
    for k in &spec.containers {
        app.containers.push(container(k, &names, &services_over_pods)?);
    }
    for k in spec.init_containers.iter().flatten() {
        let converted = container(k, &names, &[])?;
        if k.restart_policy.as_deref() == Some("Always") {
            app.sidecars.push(converted);
        } else {
            app.init_containers.push(converted);
        }
    }
    for v in spec.volumes.iter().flatten() {
        app.volumes.push(volume(v, &names)?);
    }
    if let Spec::StatefulSet(s) = w.spec {
        for t in s.volume_claim_templates.iter().flatten() {
            // The environment's labels never reach a claim template: each label it has is
            // its own.
            let labels = t.metadata.labels.clone().unwrap_or_default();
            app.storage.push(Storage { labels, ..claim_template(t, common, &BTreeMap::new())? });
        }
    }
    // An empty directory (or a volume of no source, which the API server makes one) named
    // like a claim template stands for it: the controller mounts the claim there.
    for v in &mut app.volumes {
        if v.source == VolumeSource::EmptyDir && app.storage.iter().any(|s| s.name == v.name) {
            v.source = VolumeSource::ClaimTemplate;
        }
    }
    app.pod.termination_grace_period_seconds = spec.termination_grace_period_seconds;
    app.pod.node_selector = spec.node_selector.clone().unwrap_or_default();
    (app.pod.anti_affinity, app.pod.spread) = super::placement::spreads(spec, &app.pod_selector())?;
    if app.pod.anti_affinity.is_empty() {
        // Rules beyond keeping its own pods apart are taken as the API says them.
        app.pod.affinity = spec.affinity.clone().filter(|a| *a != core::Affinity::default());
    }
    app.pod.priority_class_name = spec.priority_class_name.clone();
    app.pod.image_pull_secrets =
        spec.image_pull_secrets.iter().flatten().map(|s| s.name.clone()).collect();
    app.pod.subdomain = spec.subdomain.clone();
    app.pod.dns_policy = spec.dns_policy.clone();
    app.pod.dns_config = spec.dns_config.clone();
    app.pod.enable_service_links = spec.enable_service_links;
    app.pod.share_process_namespace = spec.share_process_namespace;
    app.pod.runtime_class_name = spec.runtime_class_name.clone();
    app.pod.scheduler_name = spec.scheduler_name.clone();
    app.pod.hostname = spec.hostname.clone();
    app.pod.hostname_as_fqdn = spec.set_hostname_as_fqdn;
    app.pod.preemption_policy = spec.preemption_policy.clone();
    app.pod.os = spec.os.as_ref().map(|o| o.name.clone());
    app.pod.readiness_gates =
        spec.readiness_gates.iter().flatten().map(|g| g.condition_type.clone()).collect();
    app.pod.host_aliases = spec
        .host_aliases
        .iter()
        .flatten()
        .map(|h| (h.ip.clone(), h.hostnames.clone().unwrap_or_default()))
        .collect();
    for t in spec.tolerations.iter().flatten() {
        if t.operator.as_deref() == Some("Exists") && t.value.is_some() {
            return Err("a toleration has both `Exists` and a value".into());
        }
        app.pod.tolerations.push(crate::model::Toleration {
            key: t.key.clone().unwrap_or_default(),
            value: if t.operator.as_deref() == Some("Exists") { None } else { t.value.clone() },
            effect: t.effect.clone(),
            toleration_seconds: t.toleration_seconds,
        });
    }

    // Who the pods run as, and what the original left open.
    let pod = security(spec, &app)?;
    let mut relaxed = pod.relaxed;
    app.security = pod.security;
    app.pod.sysctls = pod.sysctls;
    app.pod.host_users = spec.host_users;
    app.pod.supplemental_groups = spec
        .security_context
        .as_ref()
        .and_then(|s| s.supplemental_groups.clone())
        .unwrap_or_default();
    let containers = app.containers.iter_mut().chain(&mut app.sidecars);
    for c in containers.chain(&mut app.init_containers) {
        c.security = pod.containers.get(&c.name).cloned().unwrap_or_default();
    }
    let mut account = spec.service_account_name.clone().unwrap_or_default();
    if account == "default" {
        account.clear();
    }
    if !account.is_empty() {
        let short = account.strip_prefix(common.prefix.as_str()).unwrap_or(&account).to_owned();
        let used_by_others = Uses::by_others(&uses.accounts, &account, &full);
        // A pod's ServiceAccount is in its namespace; one written without any counts too.
        let sa = here_named::<core::ServiceAccount>(named, own_ns, &account)
            .next()
            .or_else(|| anywhere::<core::ServiceAccount>(all).find(|(r, _)| r.name() == account));
        app.service_account = match sa {
            Some((r, sa)) if !decisions.raw.contains_key(&id(r)) => {
                let annotations = own_annotations(&sa.metadata, common);
                // An account with nothing of its own is the app's.
                if annotations.is_empty()
                    && sa.automount_service_account_token.is_none()
                    && sa.image_pull_secrets.is_none()
                    && sa.secrets.is_none()
                    && short == app_name
                    && !used_by_others
                    && !uses.bound.contains(&account)
                {
                    owned.push(id(r));
                    ServiceAccount::Own
                } else if let Ok(spec) = super::access::account(sa, common) {
                    // An account with settings (or shared) is the environment's.
                    if !c.env.service_accounts.iter().any(|a| a.name == short) {
                        c.env.service_accounts.push(spec);
                    }
                    c.owner.insert(id(r), String::new());
                    ServiceAccount::Shared(crate::model::SharedAccountRef::named(&short))
                } else {
                    ServiceAccount::Existing(account.clone())
                }
            }
            _ => ServiceAccount::Existing(account.clone()),
        };
    }

    // Services that select exactly these pods.
    let pod_selector = app.pod_selector();
    let mut services: Vec<Expose> = Vec::new();
    let workload_labels = w.read.labels();
    // An object of the app whose typed form would differ stays as written beside it
    // (`decisions.raw`): the smallest unit, never the whole app.
    let detached = |o: &Read| decisions.raw.contains_key(&id(o));
    for (r, s) in over_pods.iter().copied().filter(|(r, _)| !detached(r)) {
        let sel = s.spec.as_ref().and_then(|s| s.selector.clone()).unwrap_or_default();
        if sel != pod_selector && !pod_selector.iter().all(|(k, v)| sel.get(k) == Some(v)) {
            // A Service over more pods than this app's belongs to no one app.
            continue;
        }
        // One the app cannot say (a target no container declares, a label the workload sets
        // otherwise: another view of its pods) is the environment's; a StatefulSet's governing
        // Service is its own whatever its labels. Labels the workload lacks are the Service's.
        let own = own_labels(&s.metadata, common);
        let conflict = own.iter().any(|(k, v)| workload_labels.get(k).is_some_and(|x| x != v));
        let governing = w.service_name() == r.name();
        if conflict && !governing {
            continue;
        }
        if let Ok(expose) = service(s, &app, common) {
            let labels =
                own.into_iter().filter(|(k, _)| !workload_labels.contains_key(k)).collect();
            services.push(Expose { labels, ..expose });
            owned.push(id(r));
        }
    }
    services.sort_by_key(|e| e.name.is_some());
    let mut services = services.into_iter();
    app.expose = services.next();
    app.services = services.collect();
    // A StatefulSet whose governing Service is not its own (one the environment declares, or
    // one the stack does not make) names it.
    let governing = w.service_name();
    if !governing.is_empty() {
        let short = governing.strip_prefix(common.prefix.as_str()).unwrap_or(governing);
        let exposed = app.expose.as_ref().map(|e| e.name.as_deref().unwrap_or(&app.name));
        if exposed != Some(short) {
            app.rollout.service_name = Some(short.to_owned());
        }
    }

    // Scaling and budgets that point at this workload.
    for (r, h) in here::<HorizontalPodAutoscaler>(all, own_ns) {
        let target = h.spec.as_ref().map(|s| &s.scale_target_ref);
        if !detached(r) && target.is_some_and(|t| t.name == full && t.kind == wkind) {
            match autoscale(h) {
                Ok(a) => {
                    app.autoscale = Some(a);
                    owned.push(id(r));
                }
                // The smallest unit: the autoscaler stays as written beside the typed app.
                Err(why) => {
                    c.detached.insert(id(r), format!("as the app's, {why}"));
                }
            }
        }
    }
    // A count the original leaves out belongs to the cluster: rendering one would reset it.
    let replicated = matches!(app.workload, Workload::Deployment | Workload::StatefulSet);
    if replicated && app.autoscale.is_none() && w.replicas().is_none() {
        app.replicas_from = crate::model::ReplicasFrom::Cluster;
    }
    for (r, p) in here_named::<PodDisruptionBudget>(named, own_ns, &full) {
        if !detached(r) && budget_selector(p) == pod_selector {
            app.disruption_budget = budget(p);
            if app.disruption_budget.is_some() {
                owned.push(id(r));
            }
        }
    }

    // Claims only this workload mounts become its storage (the PVC renders with the app). A
    // StatefulSet's storage is its claim templates, so a claim it mounts stays the
    // environment's, shared by every replica.
    let templated = matches!(app.workload, Workload::StatefulSet);
    for v in std::mem::take(&mut app.volumes) {
        let claim = match &v.source {
            VolumeSource::ExistingClaim(claim)
                if !templated && !Uses::by_others(&uses.claims, claim, &full) =>
            {
                here_named::<PersistentVolumeClaim>(named, own_ns, claim).next().or_else(|| {
                    anywhere::<PersistentVolumeClaim>(all).find(|(r, _)| r.name() == claim)
                })
            }
            _ => None,
        };
        match claim.map(|(r, c)| (r, claim_template(c, common, &workload_labels))) {
            Some((r, Ok(storage))) => {
                let short = r.name().strip_prefix(common.prefix.as_str()).unwrap_or(r.name());
                app.storage.push(Storage {
                    name: v.name.clone(),
                    claim_name: Some(short.to_owned()),
                    ..storage
                });
                owned.push(id(r));
            }
            _ => app.volumes.push(v),
        }
    }

    // An Ingress named after the app whose every path leads to the app's own Services.
    for (r, i) in here_named::<Ingress>(named, own_ns, &full).filter(|(r, _)| !detached(r)) {
        if let Some(ingress) = ingress(i, &app, common) {
            app.ingress = Some(ingress);
            owned.push(id(r));
        }
    }

    // The NetworkPolicy the model renders for an app, when the original has one like it.
    let policy = here_named::<NetworkPolicy>(named, own_ns, &full).find(|(_, p)| {
        let pods = p.spec.as_ref().and_then(|s| s.pod_selector.as_ref());
        pods.and_then(|s| s.match_labels.clone()).unwrap_or_default() == pod_selector
    });
    let traffic = policy
        .filter(|_| !decisions.own_policy.contains_key(&app_name))
        .map(|(r, p)| (r, traffic(p, &app, known)));
    match traffic {
        Some((r, Some(t))) => {
            app.traffic = t;
            owned.push(id(r));
        }
        Some((r, None)) => {
            app.security.network_policy = false;
            c.policies.insert(r.name().to_owned(), "its rules go beyond what `Traffic` says (one ingress rule over the app's Service ports and more)".into());
            relaxed.push("keeps its own NetworkPolicy as written".into());
        }
        None if policy.is_some() => {
            let p = policy.map(|(r, _)| r.name()).unwrap_or_default();
            app.security.network_policy = false;
            let why = decisions.own_policy.get(&app_name).cloned().unwrap_or_default();
            c.policies.insert(p.to_owned(), why);
            relaxed.push("keeps its own NetworkPolicy as written".into());
        }
        None => {
            app.security.network_policy = false;
            relaxed.push("has no NetworkPolicy of its own".into());
        }
    }
    if !relaxed.is_empty() {
        // The checks this relaxation waives; when the original already waives exactly those
        // with one reason (a stack rustomize rendered), that reason is the exception.
        let checks: Vec<String> =
            Security { exception: Some(String::new()), ..app.security.clone() }
                .waivers()
                .into_iter()
                .flat_map(|w| w.checks)
                .collect();
        let waives_any = |w: &Waiver| w.checks.iter().any(|c| checks.contains(c));
        // With one app, what every object carries may be the app's own: look there too.
        let pool: Vec<Waiver> = if common.single {
            waivers.iter().chain(&c.env.waivers).cloned().collect()
        } else {
            waivers.clone()
        };
        let reasons: BTreeSet<&str> =
            pool.iter().filter(|w| waives_any(w)).map(|w| w.reason.as_str()).collect();
        let covered = checks.iter().all(|c| pool.iter().any(|w| w.covers(c)));
        let reason = match reasons.iter().next() {
            Some(r) if covered && reasons.len() == 1 => (*r).to_owned(),
            _ => format!("imported: the original {}", join(&relaxed)),
        };
        if common.single
            && reason == pool.iter().find(|w| waives_any(w)).map_or("", |w| w.reason.as_str())
        {
            c.env.waivers.retain(|x| !waives_any(x));
        }
        app.security.exception = Some(reason);
        waivers.retain(|x| !waives_any(x));
    }
    if decisions.credentials.contains(&app_name) {
        waivers.push(common.credential_waiver());
    }
    app.waivers = waivers;
    if app.containers.iter().all(|k| k.probes.liveness.is_none() && k.probes.readiness.is_none())
        && !app.workload.runs_to_completion()
    {
        c.notes.push(format!("`{app_name}`: no liveness or readiness probe; add them"));
    }
    Ok((app, owned))
}

pub(crate) fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{}, and {last}", init.join(", ")),
    }
}

/// Whether Service `s` selects pods labelled `labels` (without building its selector: every
/// workload asks this of every Service of its namespace).
fn selects(s: &core::Service, labels: &BTreeMap<String, String>) -> bool {
    let Some(selector) = s.spec.as_ref().and_then(|s| s.selector.as_ref()) else {
        return false;
    };
    !selector.is_empty() && selector.iter().all(|(k, v)| labels.get(k) == Some(v))
}
