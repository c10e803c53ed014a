//! One workload and the objects that belong to it (config, Services, claims, scaling,
//! budget, Ingress, ServiceAccount, NetworkPolicy) as one typed app.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler;
use k8s_openapi::api::batch::v1 as batch;
use k8s_openapi::api::core::v1::{self as core, PersistentVolumeClaim};
use k8s_openapi::api::networking::v1::{Ingress, NetworkPolicy};
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::*;
use crate::model::{
    AccessMode, App, Autoscale, Config, ConfigKeyRef, CronJob, DisruptionBudget, EnvValue, Expose,
    FileSource, Job, Metric, RestartPolicy, Rollout, Security, ServiceAccount, Spread, Storage,
    Strategy, VolumeSource, Waiver, Workload,
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

/// The input's objects by kind and namespace (`""` for none), each list in input order: a
/// workload looks up its Services, autoscaler and policy there, not in every object.
pub(crate) type ByKind<'a> = BTreeMap<(&'a str, &'a str), Vec<&'a Read>>;

/// The input's objects by kind, namespace (`""` for none) and name.
pub(crate) type ByName<'a> = BTreeMap<(String, String, String), Vec<&'a Read>>;

/// The input's Services by namespace and the first label of their selector, each with its
/// position in the input: a workload looks up only those its pods could match.
pub(crate) type BySelector<'a> =
    BTreeMap<(String, String, String), Vec<(usize, Named<'a, core::Service>)>>;

/// The Services of `objects` indexed by namespace and first selector label.
pub(crate) fn by_selector<'a>(objects: &[&'a Read]) -> BySelector<'a> {
    let mut out = BySelector::new();
    for (i, &o) in objects.iter().enumerate() {
        let Some(s) = o.get::<core::Service>() else { continue };
        let first = s.spec.as_ref().and_then(|s| s.selector.as_ref()).and_then(|m| m.iter().next());
        if let Some((k, v)) = first {
            let key = (o.namespace().to_owned(), k.clone(), v.clone());
            out.entry(key).or_default().push((i, (o, s)));
        }
    }
    out
}

/// The objects of one (kind, namespace, name).
fn lookup<'m, 'a>(named: &'m ByName<'a>, key: (&str, &str, &str)) -> &'m [&'a Read] {
    let key = (key.0.to_owned(), key.1.to_owned(), key.2.to_owned());
    named.get(&key).map_or(&[][..], Vec::as_slice)
}

/// `objects` indexed by kind, namespace and name.
pub(crate) fn by_name<'a>(objects: &[&'a Read]) -> ByName<'a> {
    let mut out = ByName::new();
    for &o in objects {
        let key = (o.kind().to_owned(), o.namespace().to_owned(), o.name().to_owned());
        out.entry(key).or_default().push(o);
    }
    out
}

/// `objects` indexed by kind and namespace.
pub(crate) fn by_kind<'a>(objects: &[&'a Read]) -> ByKind<'a> {
    let mut out = ByKind::new();
    for &o in objects {
        out.entry((o.kind(), o.namespace())).or_default().push(o);
    }
    out
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
    use super::workload::Spec;
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
    // The objects of one kind in the workload's namespace; of one kind in any namespace;
    // each as its type.
    fn here<'a, K: crate::object::Kind + 'static>(
        all: &ByKind<'a>,
        ns: &str,
    ) -> impl Iterator<Item = Named<'a, K>> {
        typed::<K>(all.get(&(K::KIND, ns)).cloned().unwrap_or_default())
    }
    fn anywhere<'a, 'm, K: crate::object::Kind + 'static>(
        all: &'m ByKind<'a>,
    ) -> impl Iterator<Item = Named<'a, K>> + 'm {
        let found = all.range((K::KIND, "")..).take_while(|((k, _), _)| *k == K::KIND);
        typed::<K>(found.flat_map(|(_, v)| v).copied())
    }
    // The objects of one kind and name in the workload's namespace (looked up, not scanned:
    // every workload asks), each as its type.
    fn here_named<'a, K: crate::object::Kind + 'static>(
        named: &ByName<'a>,
        ns: &str,
        n: &str,
    ) -> impl Iterator<Item = Named<'a, K>> {
        typed::<K>(lookup(named, (K::KIND, ns, n)).to_vec())
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
    (app.pod.anti_affinity, app.pod.spread) = spreads(spec, &app.pod_selector())?;
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
    for (r, s) in over_pods.iter().copied() {
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
    // One that would differ as the app's stays as written (`decisions.raw`).
    let detached = |o: &Read| decisions.raw.contains_key(&id(o));
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
        let spec = p.spec.clone().unwrap_or_default();
        let selects_pods = spec.selector.as_ref().and_then(|s| s.match_labels.as_ref());
        if !detached(r) && selects_pods.cloned().unwrap_or_default() == pod_selector {
            use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
            let pct = |v: &str| v.strip_suffix('%').and_then(|n| n.parse::<u8>().ok());
            app.disruption_budget = match (spec.min_available, spec.max_unavailable) {
                (Some(IntOrString::Int(n)), None) => {
                    u32::try_from(n).ok().map(DisruptionBudget::MinAvailable)
                }
                (Some(IntOrString::String(v)), None) => {
                    pct(&v).map(DisruptionBudget::MinAvailablePercent)
                }
                (None, Some(IntOrString::Int(n))) => {
                    u32::try_from(n).ok().map(DisruptionBudget::MaxUnavailable)
                }
                (None, Some(IntOrString::String(v))) => {
                    pct(&v).map(DisruptionBudget::MaxUnavailablePercent)
                }
                _ => None,
            };
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
    for (r, i) in here_named::<Ingress>(named, own_ns, &full) {
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

/// A Job's settings; its pods' restart policy is one the model's `Job` says.
fn job(j: &batch::JobSpec, spec: &core::PodSpec) -> Result<Job, String> {
    Ok(Job {
        backoff_limit: j.backoff_limit.unwrap_or(6),
        ttl_seconds_after_finished: j.ttl_seconds_after_finished,
        restart_policy: match spec.restart_policy.as_deref() {
            Some("OnFailure") => RestartPolicy::OnFailure,
            Some("Never") => RestartPolicy::Never,
            other => return Err(format!("a Job's restart policy `{}`", other.unwrap_or("Always"))),
        },
        completions: j.completions,
        parallelism: j.parallelism,
        active_deadline_seconds: j.active_deadline_seconds,
    })
}

/// A controller's rollout settings (none for Jobs, CronJobs and Pods).
fn rollout(spec: super::workload::Spec<'_>) -> Rollout {
    use super::workload::Spec;
    match spec {
        Spec::Deployment(s) => Rollout {
            strategy: s.strategy.as_ref().and_then(|st| {
                let amounts =
                    st.rolling_update.as_ref().map(|r| (&r.max_surge, &r.max_unavailable));
                strategy(st.type_.as_deref(), amounts)
            }),
            min_ready_seconds: s.min_ready_seconds,
            revision_history_limit: s.revision_history_limit,
            progress_deadline_seconds: s.progress_deadline_seconds,
            ..Rollout::default()
        },
        Spec::StatefulSet(s) => Rollout {
            strategy: s.update_strategy.as_ref().and_then(|st| {
                let amounts = st.rolling_update.as_ref().map(|r| (&None, &r.max_unavailable));
                strategy(st.type_.as_deref(), amounts)
            }),
            min_ready_seconds: s.min_ready_seconds,
            revision_history_limit: s.revision_history_limit,
            parallel_pods: s.pod_management_policy.as_deref() == Some("Parallel"),
            ..Rollout::default()
        },
        Spec::DaemonSet(s) => Rollout {
            strategy: s.update_strategy.as_ref().and_then(|st| {
                let amounts =
                    st.rolling_update.as_ref().map(|r| (&r.max_surge, &r.max_unavailable));
                strategy(st.type_.as_deref(), amounts)
            }),
            min_ready_seconds: s.min_ready_seconds,
            revision_history_limit: s.revision_history_limit,
            ..Rollout::default()
        },
        Spec::Job(_) | Spec::CronJob(_) | Spec::Pod(_) => Rollout::default(),
    }
}

/// A strategy of `type_` with a rolling update's (surge, unavailable) amounts, as the model's.
fn strategy(
    type_: Option<&str>,
    rolling: Option<(&Option<IntOrString>, &Option<IntOrString>)>,
) -> Option<Strategy> {
    // A count or `N%`; anything else is left out, and verification finds the difference.
    let amount = |v: &Option<IntOrString>| match v.as_ref()? {
        IntOrString::Int(n) => u32::try_from(*n).ok().map(crate::model::IntOrPercent::Count),
        IntOrString::String(s) => {
            s.strip_suffix('%')?.parse().ok().map(crate::model::IntOrPercent::Percent)
        }
    };
    match (type_.unwrap_or_default(), rolling) {
        ("Recreate", _) => Some(Strategy::Recreate),
        ("OnDelete", _) => Some(Strategy::OnDelete),
        // The type alone, spelled out: a rolling update with the API's amounts.
        ("RollingUpdate", None) => {
            Some(Strategy::RollingUpdate { max_surge: None, max_unavailable: None })
        }
        ("RollingUpdate" | "", Some((surge, unavailable))) => Some(Strategy::RollingUpdate {
            max_surge: amount(surge),
            max_unavailable: amount(unavailable),
        }),
        _ => None,
    }
}

/// Anti-affinity and topology spread rules that keep the app's own pods apart, as the
/// model's `Spread`s; with any other affinity rule, no anti-affinity `Spread` (the caller
/// takes the whole affinity as it is).
fn spreads(
    spec: &core::PodSpec,
    own: &BTreeMap<String, String>,
) -> Result<(Vec<Spread>, Vec<Spread>), String> {
    let selects_own = |s: &Option<
        k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector,
    >| {
        s.as_ref()
            .is_some_and(|s| s.match_expressions.is_none() && s.match_labels.as_ref() == Some(own))
    };
    let mut anti = Vec::new();
    if let Some(a) = &spec.affinity {
        let pa = a.pod_anti_affinity.clone().unwrap_or_default();
        let plain = |t: &core::PodAffinityTerm| {
            selects_own(&t.label_selector)
                && t.namespaces.is_none()
                && t.namespace_selector.is_none()
                && t.match_label_keys.is_none()
                && t.mismatch_label_keys.is_none()
        };
        let required = pa.required_during_scheduling_ignored_during_execution.unwrap_or_default();
        let preferred = pa.preferred_during_scheduling_ignored_during_execution.unwrap_or_default();
        if a.node_affinity.is_some()
            || a.pod_affinity.is_some()
            || !required.iter().all(plain)
            || !preferred.iter().all(|w| plain(&w.pod_affinity_term) && w.weight == 100)
        {
            return spread_rules(spec, selects_own).map(|s| (Vec::new(), s));
        }
        for t in &required {
            anti.push(Spread { required: true, ..Spread::across(&t.topology_key) });
        }
        for w in &preferred {
            anti.push(Spread::across(&w.pod_affinity_term.topology_key));
        }
    }
    spread_rules(spec, selects_own).map(|s| (anti, s))
}

/// Topology spread rules that spread the app's own pods, as the model's `Spread`s.
fn spread_rules(
    spec: &core::PodSpec,
    selects_own: impl Fn(&Option<k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector>) -> bool,
) -> Result<Vec<Spread>, String> {
    let mut spread = Vec::new();
    for t in spec.topology_spread_constraints.iter().flatten() {
        let plain = selects_own(&t.label_selector)
            && t.min_domains.is_none()
            && t.node_affinity_policy.is_none()
            && t.node_taints_policy.is_none()
            && t.match_label_keys.is_none();
        if !plain {
            return Err("it has topology spread rules beyond spreading its own pods".into());
        }
        spread.push(Spread {
            topology_key: t.topology_key.clone(),
            max_skew: t.max_skew,
            required: t.when_unsatisfiable == "DoNotSchedule",
        });
    }
    Ok(spread)
}

/// Whether Service `s` selects pods labelled `labels` (without building its selector: every
/// workload asks this of every Service of its namespace).
fn selects(s: &core::Service, labels: &BTreeMap<String, String>) -> bool {
    let Some(selector) = s.spec.as_ref().and_then(|s| s.selector.as_ref()) else {
        return false;
    };
    !selector.is_empty() && selector.iter().all(|(k, v)| labels.get(k) == Some(v))
}

/// A StatefulSet's claim template, a claim only one app mounts, or one of the environment, as
/// the model's storage; its labels less `rendered` (those the render adds: the app's) and the
/// environment's.
pub(crate) fn claim_template(
    claim: &PersistentVolumeClaim,
    common: &Common,
    rendered: &BTreeMap<String, String>,
) -> Result<Storage, String> {
    let meta = &claim.metadata;
    let spec = claim.spec.clone().unwrap_or_default();
    if meta
        .annotations
        .as_ref()
        .is_some_and(|a| a.keys().any(|k| !k.starts_with("checkov.io/skip")))
        || spec.selector.is_some()
        || spec.data_source.is_some()
        || spec.data_source_ref.is_some()
        || spec.volume_name.is_some()
        || spec.resources.as_ref().is_some_and(|r| r.limits.is_some())
    {
        return Err("a claim with annotations, a selector, a data source or limits".into());
    }
    let modes = spec.access_modes.unwrap_or_default();
    let access_mode = match modes.as_slice() {
        [m] if m == "ReadWriteOnce" => AccessMode::ReadWriteOnce,
        [m] if m == "ReadWriteOncePod" => AccessMode::ReadWriteOncePod,
        [m] if m == "ReadOnlyMany" => AccessMode::ReadOnlyMany,
        [m] if m == "ReadWriteMany" => AccessMode::ReadWriteMany,
        [] => return Err("its claim names no access mode, and `Storage` needs one".into()),
        _ => {
            return Err(format!(
                "its claim asks for the access modes {}, and `Storage::access_mode` holds one",
                modes.join(" and ")
            ));
        }
    };
    let size = spec
        .resources
        .and_then(|r| r.requests)
        .and_then(|r| r.get("storage").map(|q| q.0.clone()))
        .ok_or("its claim requests no storage size")?;
    Ok(Storage {
        name: meta.name.clone().unwrap_or_default(),
        size,
        access_mode,
        storage_class: spec.storage_class_name,
        claim_name: None,
        labels: own_labels(meta, common)
            .into_iter()
            .filter(|(k, v)| rendered.get(k) != Some(v))
            .collect(),
    })
}

pub(crate) fn autoscale(h: &HorizontalPodAutoscaler) -> Result<Autoscale, String> {
    let spec = h.spec.clone().unwrap_or_default();
    let mut a = Autoscale {
        min_replicas: spec.min_replicas.and_then(|n| u32::try_from(n).ok()).unwrap_or(1),
        max_replicas: u32::try_from(spec.max_replicas).map_err(|_| "a negative maximum")?,
        ..Autoscale::default()
    };
    a.behavior = spec.behavior;
    // A target of an average value per pod, as custom and external metrics take it.
    let average = |t: &k8s_openapi::api::autoscaling::v2::MetricTarget| {
        t.average_value.as_ref().filter(|_| t.type_ == "AverageValue").map(|q| q.0.clone())
    };
    for m in spec.metrics.iter().flatten() {
        let r = m.resource.as_ref().filter(|_| m.type_ == "Resource");
        let pct = r
            .filter(|r| r.target.type_ == "Utilization")
            .and_then(|r| r.target.average_utilization)
            .and_then(|n| u8::try_from(n).ok());
        let pods = m.pods.as_ref().filter(|p| m.type_ == "Pods" && p.metric.selector.is_none());
        let external = m.external.as_ref().filter(|e| {
            m.type_ == "External"
                && e.metric.selector.as_ref().is_none_or(|s| s.match_expressions.is_none())
        });
        match (r.map(|r| r.name.as_str()), pct) {
            (Some("cpu"), Some(p)) => a.cpu_percent = Some(p),
            (Some("memory"), Some(p)) => a.memory_percent = Some(p),
            _ => match (pods, external) {
                (Some(p), _) if average(&p.target).is_some() => a.metrics.push(Metric::Pods {
                    name: p.metric.name.clone(),
                    average_value: average(&p.target).unwrap_or_default(),
                }),
                (_, Some(e)) if average(&e.target).is_some() => a.metrics.push(Metric::External {
                    name: e.metric.name.clone(),
                    selector: e
                        .metric
                        .selector
                        .as_ref()
                        .and_then(|s| s.match_labels.clone())
                        .unwrap_or_default(),
                    average_value: average(&e.target).unwrap_or_default(),
                }),
                _ => {
                    return Err(format!(
                        "its `{}` metric is not CPU or memory utilisation, nor a pods' or external metric's average value",
                        m.type_
                    ));
                }
            },
        }
    }
    Ok(a)
}
