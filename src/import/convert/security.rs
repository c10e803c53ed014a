//! A pod spec's security settings as the model's, and what the original left open.

use std::collections::BTreeSet;

use k8s_openapi::api::core::v1 as core;

use crate::model::{App, ImageRef, Security};

/// The model's security settings for what the pod spec says, and what the original left
/// open (each becomes part of the exception's reason).
pub(crate) fn security(spec: &core::PodSpec, app: &App) -> Result<(Security, Vec<String>), String> {
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
    let uid = |s: &core::SecurityContext| s.run_as_user.or(pod.run_as_user);
    let uids: BTreeSet<Option<i64>> = sc.iter().map(uid).collect();
    if uids.len() > 1 {
        return Err("its containers run as different users".into());
    }
    let uid = uids.into_iter().next().flatten();
    let gids: BTreeSet<Option<i64>> =
        sc.iter().map(|s| s.run_as_group.or(pod.run_as_group)).collect();
    if gids.len() > 1 {
        return Err("its containers run as different groups".into());
    }
    let gid = gids.into_iter().next().flatten();
    // Capabilities and privilege escalation are the app's, so every container must agree.
    let one = |what: &str, values: BTreeSet<Vec<String>>| match values.len() {
        1 => Ok(values.into_iter().next().unwrap_or_default()),
        _ => Err(format!("its containers {what} different capabilities")),
    };
    let caps = |s: &core::SecurityContext| s.capabilities.clone().unwrap_or_default();
    let drop = one("drop", sc.iter().map(|s| caps(s).drop.unwrap_or_default()).collect())?;
    let add = one("add", sc.iter().map(|s| caps(s).add.unwrap_or_default()).collect())?;
    let escalation: BTreeSet<Option<bool>> =
        sc.iter().map(|s| s.allow_privilege_escalation).collect();
    if escalation.len() > 1 {
        return Err("its containers differ in whether they may escalate privileges".into());
    }
    let read_only = all(&|s| s.read_only_root_filesystem == Some(true));
    let mut relaxed = Vec::new();
    let mut s = Security {
        read_only_root_filesystem: read_only,
        privilege_escalation: !escalation.contains(&Some(false)),
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
            s.run_as_group = gid.unwrap_or(u);
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
    if !s.drops_all() {
        relaxed.push("keeps the runtime's default capabilities".to_owned());
    }
    if !s.add_capabilities.is_empty() {
        relaxed.push(format!("adds the capabilities {}", s.add_capabilities.join(", ")));
    }
    // The one sysctl the model writes: non-root processes may bind the app's low ports.
    for sysctl in pod.sysctls.iter().flatten() {
        if sysctl.name != "net.ipv4.ip_unprivileged_port_start" {
            return Err(format!("it sets the sysctl `{}`", sysctl.name));
        }
        s.bind_low_ports = true;
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
    Ok((s, relaxed))
}
