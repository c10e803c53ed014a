//! A pod spec's security settings as the model's, and what the original left open.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::core::v1 as core;

use crate::model::{App, ContainerSecurity, ImageRef, Security};

/// Who a pod's containers run as, in the model's terms.
pub(crate) struct Pod {
    /// The app's settings.
    pub(crate) security: Security,
    /// Where a container departs from them, by container name.
    pub(crate) containers: BTreeMap<String, ContainerSecurity>,
    /// What the original left open; each becomes part of the exception's reason.
    pub(crate) relaxed: Vec<String>,
    /// The pods' sysctls besides the low ports one, in order.
    pub(crate) sysctls: Vec<(String, String)>,
}

/// The model's security settings for what the pod spec says.
pub(crate) fn security(spec: &core::PodSpec, app: &App) -> Result<Pod, String> {
    let pod = spec.security_context.clone().unwrap_or_default();
    let containers: Vec<&core::Container> =
        spec.containers.iter().chain(spec.init_containers.iter().flatten()).collect();
    let sc: Vec<core::SecurityContext> =
        containers.iter().map(|c| c.security_context.clone().unwrap_or_default()).collect();
    let all = |f: &dyn Fn(&core::SecurityContext) -> bool| sc.iter().all(f);
    if sc.iter().any(|s| {
        s.privileged == Some(true)
            || s.se_linux_options.is_some()
            || s.proc_mount.is_some()
            || s.windows_options.is_some()
            || s.app_armor_profile.is_some()
    }) || spec.host_network == Some(true)
        || spec.host_pid == Some(true)
        || spec.host_ipc == Some(true)
    {
        return Err("it is privileged or shares the host's namespaces".into());
    }
    // The app's user is the pod's, else the one every container names; a container that
    // names another departs from it (a vendor's sidecar), and one that names none inherits.
    let uid_of = |s: &core::SecurityContext| s.run_as_user.or(pod.run_as_user);
    let uids: BTreeSet<Option<i64>> = sc.iter().map(uid_of).collect();
    let uid = match pod.run_as_user {
        Some(u) => Some(u),
        None if uids.len() == 1 => uids.into_iter().next().flatten(),
        None => None,
    };
    let gid_of = |s: &core::SecurityContext| s.run_as_group.or(pod.run_as_group);
    let gids: BTreeSet<i64> = sc.iter().filter_map(gid_of).collect();
    let gid = match pod.run_as_group {
        Some(g) => Some(g),
        None if gids.len() == 1 => gids.first().copied(),
        None => None,
    };
    // The render writes the app's group wherever it writes its user; a container with no
    // group of its own is given it (as every imported pod is), one with another keeps it.
    let app_gid = uid.map(|u| if u == 0 { 0 } else { gid.unwrap_or(u) });
    let escalation_of = |s: &core::SecurityContext| s.allow_privilege_escalation.unwrap_or(true);
    let escalation = !sc.iter().any(|s| s.allow_privilege_escalation == Some(false));
    let mut own = BTreeMap::new();
    for (c, s) in containers.iter().zip(&sc) {
        let mine = ContainerSecurity {
            run_as_user: uid_of(s).filter(|u| Some(*u) != uid),
            run_as_group: gid_of(s).filter(|g| Some(*g) != app_gid),
            privilege_escalation: Some(escalation_of(s)).filter(|e| *e != escalation),
        };
        if !mine.is_empty() {
            own.insert(c.name.clone(), mine);
        }
    }
    // Capabilities are the app's, so every container must agree.
    let one = |what: &str, values: BTreeSet<Vec<String>>| match values.len() {
        1 => Ok(values.into_iter().next().unwrap_or_default()),
        _ => Err(format!("its containers {what} different capabilities")),
    };
    let caps = |s: &core::SecurityContext| s.capabilities.clone().unwrap_or_default();
    let drop = one("drop", sc.iter().map(|s| caps(s).drop.unwrap_or_default()).collect())?;
    let add = one("add", sc.iter().map(|s| caps(s).add.unwrap_or_default()).collect())?;
    let read_only = all(&|s| s.read_only_root_filesystem == Some(true));
    let mut relaxed = Vec::new();
    let mut s = Security {
        read_only_root_filesystem: read_only,
        privilege_escalation: escalation,
        drop_capabilities: drop,
        add_capabilities: add,
        user_on_containers: sc.iter().any(|s| {
            s.run_as_user.is_some() || s.run_as_group.is_some() || s.seccomp_profile.is_some()
        }),
        fs_group_on_mismatch: pod.fs_group_change_policy.as_deref() == Some("OnRootMismatch"),
        ..Security::default()
    };
    if !read_only {
        relaxed.push("has a writable root filesystem".to_owned());
    }
    match uid {
        Some(0) => {
            s.run_as_root = true;
            s.run_as_user = 0;
            s.run_as_group = 0;
            s.fs_group = 0;
            relaxed.push("runs as root".to_owned());
        }
        Some(u) => {
            s.run_as_user = u;
            s.run_as_group = app_gid.unwrap_or(u);
            s.fs_group = pod.fs_group.unwrap_or(s.run_as_group);
            if u < 10000 {
                relaxed.push(format!("runs as UID {u}"));
            }
        }
        None => {
            s.image_user = true;
            // Required at the pod, or by every container: the kubelet checks the image's user.
            s.require_non_root = pod.run_as_non_root == Some(true)
                || (!sc.is_empty() && all(&|s| s.run_as_non_root == Some(true)));
            relaxed.push(if s.require_non_root {
                "runs as the image's user (required to be non-root) rather than a set UID"
                    .to_owned()
            } else {
                "runs as the image's user".to_owned()
            });
        }
    }
    if s.privilege_escalation {
        relaxed.push("allows privilege escalation".to_owned());
    }
    for (name, c) in &own {
        match c.run_as_user {
            Some(0) => relaxed.push(format!("runs container `{name}` as root")),
            Some(u) if u < 10000 => relaxed.push(format!("runs container `{name}` as UID {u}")),
            _ => {}
        }
        if c.privilege_escalation == Some(true) {
            relaxed.push(format!("lets container `{name}` escalate privileges"));
        }
    }
    if !s.drops_all() {
        relaxed.push("keeps the runtime's default capabilities".to_owned());
    }
    if !s.add_capabilities.is_empty() {
        relaxed.push(format!("adds the capabilities {}", s.add_capabilities.join(", ")));
    }
    // Non-root processes may bind the app's low ports; the others the restricted profile
    // allows are the pods' own settings.
    let mut sysctls = Vec::new();
    for sysctl in pod.sysctls.iter().flatten() {
        if sysctl.name == "net.ipv4.ip_unprivileged_port_start" {
            s.bind_low_ports = true;
        } else if crate::validate::SAFE_SYSCTLS.contains(&sysctl.name.as_str()) {
            sysctls.push((sysctl.name.clone(), sysctl.value.clone()));
        } else {
            return Err(format!(
                "it sets the sysctl `{}`, which the restricted Pod Security profile does not allow",
                sysctl.name
            ));
        }
    }
    s.host_ports = containers
        .iter()
        .flat_map(|c| c.ports.iter().flatten())
        .any(|p| p.host_port.is_some_and(|port| port != 0));
    if s.host_ports {
        relaxed.push("opens ports on the node".to_owned());
    }
    s.service_account_token = spec.automount_service_account_token != Some(false);
    if s.service_account_token {
        relaxed.push("mounts the ServiceAccount token".to_owned());
    }
    if app.all_containers().any(|c| {
        matches!(c.image.reference, ImageRef::Unpinned)
            || matches!(&c.image.reference, ImageRef::Tag(t) if t == "latest")
    }) {
        s.unpinned_images = true;
        relaxed.push("runs unpinned images".to_owned());
    }
    Ok(Pod { security: s, containers: own, relaxed, sysctls })
}
