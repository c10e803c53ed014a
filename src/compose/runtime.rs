//! How a Compose service runs: its ports, health check, restart policy and resources.

use serde_json::{Map, Value, json};

use super::service::Context;
use super::{runs_once, units};
use crate::model::{App, Container, ExposeType, ProbeAction, RestartPolicy, Workload};

impl Context<'_> {
    /// Published ports for NodePort and LoadBalancer Services, `expose` for the rest. Inside
    /// the Compose network services reach each other on container ports, so a ClusterIP
    /// Service port must be its container port.
    pub(super) fn ports(&mut self, app: &App, object: &str, s: &mut Map<String, Value>) {
        let mut published = Vec::new();
        let mut expose = Vec::new();
        for e in app.expose.iter().chain(&app.services) {
            for p in &e.ports {
                let Some(container) = app.all_containers().find_map(|c| c.port(&p.target)) else {
                    continue;
                };
                match e.type_ {
                    ExposeType::NodePort | ExposeType::LoadBalancer => {
                        let host = if e.type_ == ExposeType::NodePort {
                            p.node_port.unwrap_or(p.port)
                        } else {
                            p.port
                        };
                        self.publish(app, object, "expose", host);
                        if app.replicas > 1 {
                            self.error(
                                object.into(),
                                "replicas",
                                format!(
                                    "{} replicas cannot all publish host port {host}",
                                    app.replicas
                                ),
                                Some("run one replica in Compose, or put a proxy in front"),
                            );
                        }
                        published.push(format!("{host}:{}", container.number));
                    }
                    ExposeType::ClusterIp | ExposeType::Headless => {
                        if p.port != container.number {
                            self.error(object.into(), "expose", format!("the Service port {} differs from the container port {}; other Compose services reach `{}` on {}", p.port, container.number, app.name, container.number), Some("use the container port as the Service port in this environment, or publish it with `Expose::node_port`"));
                        }
                        expose.push(container.number.to_string());
                    }
                }
            }
        }
        // A port the node opens is what Compose publishes on the host.
        for p in app.all_containers().flat_map(|c| &c.ports) {
            let Some(host) = p.host_port else { continue };
            self.publish(app, object, "host_port", host);
            let suffix = match p.protocol {
                crate::model::Protocol::Tcp => "",
                crate::model::Protocol::Udp => "/udp",
                crate::model::Protocol::Sctp => "/sctp",
            };
            published.push(format!("{host}:{}{suffix}", p.number));
        }
        if !published.is_empty() {
            s.insert("ports".into(), json!(published));
        }
        expose.dedup();
        if !expose.is_empty() {
            s.insert("expose".into(), json!(expose));
        }
    }

    /// Claims host port `host` for `app`; a port two services publish is an error at `field`.
    fn publish(&mut self, app: &App, object: &str, field: &str, host: u16) {
        if let Some(other) = self.published.insert(host, app.name.clone()) {
            self.error(
                object.into(),
                field,
                format!("host port {host} is published by both `{other}` and `{}`", app.name),
                None,
            );
        }
    }

    pub(super) fn has_health(&self, app: &App) -> bool {
        app.containers.first().is_some_and(|c| check_command(c).is_some())
    }

    /// A Compose health check from an exec probe or the declared check command; an HTTP,
    /// TCP or gRPC probe is not guessed at (the image may lack the tools) but listed.
    pub(super) fn healthcheck(&mut self, app: &App, c: &Container) -> Option<Value> {
        let Some((command, probe)) = check_command(c) else {
            let probed = [&c.probes.readiness, &c.probes.liveness, &c.probes.startup]
                .into_iter()
                .any(Option::is_some);
            if probed {
                self.left_out.push(format!(
                    "network probes of `{}` (declare `health_command` to check it in Compose)",
                    app.name
                ));
            }
            return None;
        };
        let mut h = Map::new();
        let mut test = vec!["CMD".to_owned()];
        test.extend(command);
        h.insert("test".into(), json!(test));
        if let Some(p) = probe {
            if let Some(s) = p.period_seconds {
                h.insert("interval".into(), json!(units::seconds(s)));
            }
            if let Some(s) = p.timeout_seconds {
                h.insert("timeout".into(), json!(units::seconds(s)));
            }
            if let Some(n) = p.failure_threshold {
                h.insert("retries".into(), json!(n));
            }
            if let Some(s) = p.initial_delay_seconds {
                h.insert("start_period".into(), json!(units::seconds(s)));
            }
        }
        Some(Value::Object(h))
    }

    /// Replicas, and requests and limits as reservations and limits.
    pub(super) fn deploy(&mut self, app: &App, c: &Container) -> Option<Value> {
        let mut deploy = Map::new();
        let replicas =
            self.env.replicas.iter().find(|r| r.name == app.name).map_or(app.replicas, |r| r.count);
        if replicas != 1 && !runs_once(&app.workload) {
            deploy.insert("replicas".into(), json!(replicas));
        }
        let mut resources = Map::new();
        for (key, compute) in
            [("limits", &c.resources.limits), ("reservations", &c.resources.requests)]
        {
            let mut r = Map::new();
            if let Some(cpu) = compute.cpu.as_deref().and_then(units::cpus) {
                r.insert("cpus".into(), json!(cpu));
            }
            if let Some(memory) = compute.memory.as_deref().and_then(units::memory) {
                r.insert("memory".into(), json!(memory));
            }
            if !compute.extended.is_empty() {
                self.error(
                    format!("app `{}`", app.name),
                    "resources",
                    "extended resources (GPUs) have no Compose form here".into(),
                    Some("run the app in a Kubernetes environment"),
                );
            }
            if compute.ephemeral_storage.is_some() {
                self.left_out.push(format!("ephemeral storage of `{}`", app.name));
            }
            if !r.is_empty() {
                resources.insert(key.into(), Value::Object(r));
            }
        }
        if !resources.is_empty() {
            deploy.insert("resources".into(), Value::Object(resources));
        }
        (!deploy.is_empty()).then_some(Value::Object(deploy))
    }
}

pub(super) fn restart(w: &Workload) -> &'static str {
    match w {
        Workload::Job(job) if job.restart_policy == RestartPolicy::OnFailure => "on-failure",
        Workload::Job(_) | Workload::Pod => "no",
        _ => "unless-stopped",
    }
}

/// The command a health check runs: the declared one, or an exec probe's (readiness first).
pub(super) fn check_command(c: &Container) -> Option<(Vec<String>, Option<&crate::model::Probe>)> {
    if !c.health_command.is_empty() {
        let probe = [&c.probes.readiness, &c.probes.liveness].into_iter().flatten().next();
        return Some((c.health_command.clone(), probe));
    }
    [&c.probes.readiness, &c.probes.liveness, &c.probes.startup].into_iter().flatten().find_map(
        |p| match &p.action {
            ProbeAction::Exec { command } => Some((command.clone(), Some(p))),
            _ => None,
        },
    )
}
