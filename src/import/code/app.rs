//! Apps as Rust: the base app every environment starts from, and an environment's app as
//! that base with an `Overlay` (the model's own form of an environment's changes), plus a
//! struct update for what no overlay can say.

use super::*;
use crate::model::{App, Container, ContainerOverlay, ImageRef, Overlay};

/// An app's fields, each printed.
pub(crate) fn app_lit(cx: &Printer, a: &App) -> Lit {
    let App {
        // The argument of `App::new`.
        name: _,
        component,
        namespace,
        labels: own,
        annotations,
        selector,
        workload,
        replicas,
        replicas_from,
        containers,
        init_containers,
        sidecars,
        expose,
        services,
        config,
        storage,
        volumes,
        autoscale,
        disruption_budget,
        ingress,
        rollout,
        pod,
        service_account,
        traffic,
        security,
        waivers,
        pod_labels,
        pod_annotations,
        // Never set by import: Kubernetes objects carry no start-up order, an app's own
        // objects are kept beside it, and RBAC is the environment's `roles`/`bindings`.
        depends_on: _,
        resources: _,
        permissions: _,
        // Where the value was built, which the printed code records again when it runs.
        trace: _,
    } = a;
    Lit::new("App")
        .field("component", cx.opt_s(component))
        .field("namespace", cx.opt_s(namespace))
        .field("labels", cx.map(own))
        .field("annotations", cx.map(annotations))
        .field("selector", cx.map(selector))
        .field("workload", workload.code(cx))
        .field("replicas", replicas.to_string())
        .field("replicas_from", format!("ReplicasFrom::{replicas_from:?}"))
        .field("containers", cx.vec(containers))
        .field("init_containers", cx.vec(init_containers))
        .field("sidecars", cx.vec(sidecars))
        .field("expose", cx.option(expose))
        .field("services", cx.vec(services))
        .field("config", config.code(cx))
        .field("storage", cx.vec(storage))
        .field("volumes", cx.vec(volumes))
        .field("autoscale", cx.option(autoscale))
        .field("ingress", cx.option(ingress))
        .field("disruption_budget", cx.option(disruption_budget))
        .field("rollout", rollout.code(cx))
        .field("pod", pod.code(cx))
        .field("service_account", service_account.code(cx))
        .field("traffic", traffic.code(cx))
        .field("security", security.code(cx))
        .field("waivers", format!("vec![{}]", merged_waivers(cx, waivers).join(", ")))
        .field("pod_labels", cx.map(pod_labels))
        .field("pod_annotations", cx.map(pod_annotations))
}

impl Code for App {
    /// `App { …, ..App::new("name") }`.
    fn code(&self, cx: &Printer) -> String {
        let base = App::new(&self.name);
        app_lit(cx, self).print(&app_lit(cx, &base), &format!("App::new({})", cx.q(&self.name)))
    }
}

/// `a` as an environment writes it: the base app (`call`) with what differs. What an
/// [`Overlay`] can say exactly (replicas, the main container's image, variables, resources
/// and probes, other containers' through `ContainerOverlay`, scaling, budget, route, traffic,
/// pod annotations) is the overlay; the rest is a struct update of the base.
pub(crate) fn app_in_env(cx: &Printer, base: &App, a: &App, call: &str) -> String {
    let overlay = overlay(base, a);
    let applied = base.clone().with(overlay.clone());
    let applied = app_lit(cx, &applied);
    let changed: Vec<String> = app_lit(cx, a)
        .fields()
        .iter()
        .zip(applied.fields())
        .filter(|((_, v), (_, b))| v != b)
        .map(|((n, v), _)| format!("{n}: {v}"))
        .collect();
    let expr = if changed.is_empty() {
        call.to_owned()
    } else {
        format!("App {{ {}, ..{call} }}", changed.join(", "))
    };
    if overlay == Overlay::default() { expr } else { format!("{expr}.with({})", overlay.code(cx)) }
}

/// The overlay that turns `base` into `a` where an overlay says it exactly. Every part it
/// sets leaves its field equal to `a`'s, so the struct update printed beside it (of the
/// fields still different) never touches what the overlay changes.
fn overlay(base: &App, a: &App) -> Overlay {
    let mut o = containers_overlay(base, a).unwrap_or_default();
    // Replicas where the app owns them; beside a change of who owns them, the two read
    // best together in the struct update.
    if base.replicas != a.replicas && base.replicas_from == a.replicas_from {
        o.replicas = Some(a.replicas);
    }
    // An overlay can set these, never unset them.
    if a.autoscale.is_some() && base.autoscale != a.autoscale {
        o.autoscale = a.autoscale.clone();
    }
    if a.disruption_budget.is_some() && base.disruption_budget != a.disruption_budget {
        o.disruption_budget = a.disruption_budget;
    }
    if a.ingress.is_some() && base.ingress != a.ingress {
        o.ingress = a.ingress.clone();
    }
    if base.traffic != a.traffic {
        o.traffic = Some(a.traffic.clone());
    }
    // Pod annotations are added to, so only when `a` keeps every one of the base's.
    if base.pod_annotations.iter().all(|(k, v)| a.pod_annotations.get(k) == Some(v)) {
        o.pod_annotations = a
            .pod_annotations
            .iter()
            .filter(|(k, v)| base.pod_annotations.get(*k) != Some(*v))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
    }
    o
}

/// What a container overlay changes in `c` to make it `to`.
fn container_change(c: &Container, to: &Container) -> ContainerOverlay {
    let mut o = ContainerOverlay::new(&to.name);
    if c.image != to.image {
        match &to.image.reference {
            ImageRef::Tag(t) if to.image.repository == c.image.repository => {
                o.image_tag = Some(t.clone());
            }
            _ => o.image = Some(to.image.clone()),
        }
    }
    for (k, v) in to.env.iter() {
        if c.env.get(k) != Some(v) {
            o.env = std::mem::take(&mut o.env).set(k, v.clone());
        }
    }
    o.env_remove =
        c.env.iter().map(|(k, _)| k).filter(|k| to.env.get(k).is_none()).cloned().collect();
    if c.resources != to.resources {
        o.resources = Some(to.resources.clone());
    }
    if c.args != to.args {
        o.args = Some(to.args.clone());
    }
    o
}

/// The overlay that turns `base`'s containers into `a`'s, if an overlay can say it.
fn containers_overlay(base: &App, a: &App) -> Option<Overlay> {
    let names = |x: &App| x.all_containers().map(|c| c.name.clone()).collect::<Vec<_>>();
    if names(base) != names(a) {
        return None;
    }
    let mut o = Overlay::default();
    for (i, (b, c)) in base.all_containers().zip(a.all_containers()).enumerate() {
        if b == c {
            continue;
        }
        let mut change = container_change(b, c);
        if i == 0 && !base.containers.is_empty() {
            // The main container's changes read best as the overlay's own fields.
            o.image = change.image.take();
            o.image_tag = change.image_tag.take();
            o.env = std::mem::take(&mut change.env);
            o.env_remove = std::mem::take(&mut change.env_remove);
            o.resources = change.resources.take();
            if b.probes != c.probes {
                o.probes = Some(c.probes.clone());
            }
        }
        if change != ContainerOverlay::new(&c.name) {
            o.containers.push(change);
        }
    }
    // Only when applying it gives exactly `a`'s containers (order of variables included).
    let applied = App {
        containers: base.containers.clone(),
        init_containers: base.init_containers.clone(),
        sidecars: base.sidecars.clone(),
        ..App::new(&a.name)
    }
    .with(o.clone());
    let same = applied.containers == a.containers
        && applied.init_containers == a.init_containers
        && applied.sidecars == a.sidecars;
    same.then_some(o)
}

impl Code for ContainerOverlay {
    fn code(&self, cx: &Printer) -> String {
        let lit = |o: &ContainerOverlay| {
            let ContainerOverlay { name, image: img, image_tag, env, env_remove, resources, args } =
                o;
            Lit::new("ContainerOverlay")
                .field("image", opt(img, |i| image(cx, i, name)))
                .field("image_tag", cx.opt_s(image_tag))
                .field("env", env.code(cx))
                .field("env_remove", cx.vec(env_remove))
                .field("resources", cx.option(resources))
                .field("args", opt(args, |a| cx.vec(a)))
        };
        let base = ContainerOverlay::new(&self.name);
        lit(self).print(&lit(&base), &format!("ContainerOverlay::new({})", cx.q(&self.name)))
    }
}

impl Code for Overlay {
    fn code(&self, cx: &Printer) -> String {
        let lit = |o: &Overlay| {
            let Overlay {
                replicas,
                image_tag,
                image: img,
                env,
                env_from,
                config,
                resources,
                probes: p,
                traffic,
                pod_annotations,
                autoscale,
                disruption_budget,
                ingress,
                env_remove,
                containers,
                // Where the overlay was written, which the printed code records again.
                at: _,
            } = o;
            Lit::new("Overlay")
                .field("replicas", opt_n(replicas))
                .field("image_tag", cx.opt_s(image_tag))
                .field("image", opt(img, |i| image(cx, i, "app")))
                .field("env", env.code(cx))
                .field("env_remove", cx.vec(env_remove))
                .field("env_from", cx.vec(env_from))
                .field("config", config.code(cx))
                .field("resources", cx.option(resources))
                .field("probes", opt(p, |p| probes(cx, p, "app")))
                .field("containers", cx.vec(containers))
                .field("autoscale", cx.option(autoscale))
                .field("disruption_budget", cx.option(disruption_budget))
                .field("ingress", cx.option(ingress))
                .field("traffic", cx.option(traffic))
                .field("pod_annotations", cx.map(pod_annotations))
        };
        with_default(self, lit, "Overlay")
    }
}
