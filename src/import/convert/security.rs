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
            || s.capabilities.as_ref().is_some_and(|c| c.add.is_some())
            || s.se_linux_options.is_some()
            || s.proc_mount.is_some()
            || s.windows_options.is_some()
            || s.app_armor_profile.is_some()
    }) || spec.host_network == Some(true)
        || spec.host_pid == Some(true)
        || spec.host_ipc == Some(true)
    {
        return Err("it is privileged, adds capabilities or shares the host's namespaces".into());
    }
    let uid = |s: &core::SecurityContext| s.run_as_user.or(pod.run_as_user);
    let uids: BTreeSet<Option<i64>> = sc.iter().map(uid).collect();
    if uids.len() > 1 {
        return Err("its containers run as different users".into());
    }
    let uid = uids.into_iter().next().flatten();
    let locked = all(&|s| {
        s.allow_privilege_escalation == Some(false)
            && s.capabilities
                .as_ref()
                .and_then(|c| c.drop.as_ref())
                .is_some_and(|d| d.iter().any(|x| x == "ALL"))
    });
    let read_only = all(&|s| s.read_only_root_filesystem == Some(true));
    let mut relaxed = Vec::new();
    let mut s = Security { read_only_root_filesystem: read_only, ..Security::default() };
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
            if !locked {
                return Err("it runs as root with privilege escalation or capabilities".into());
            }
        }
        Some(u) if locked => {
            s.run_as_user = u;
            s.run_as_group = pod.run_as_group.unwrap_or(u);
            s.fs_group = pod.fs_group.unwrap_or(s.run_as_group);
            if u < 10000 {
                relaxed.push(format!("runs as UID {u}"));
            }
        }
        _ => {
            s.image_user = true;
            relaxed.push(
                "runs as the image's user with the runtime's default capabilities".to_owned(),
            );
        }
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
