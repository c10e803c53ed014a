//! Security settings: the Pod Security Standards *restricted* profile unless an app says why not.

/// How an app's pods are locked down. [`Security::default`] is the *restricted* profile:
/// non-root UID 10001, no privilege escalation, every capability dropped, the runtime's
/// default seccomp profile, a read-only root filesystem, no ServiceAccount token, and a
/// NetworkPolicy that admits traffic only on the ports the Service offers.
///
/// Unconfined seccomp and privileged containers cannot be expressed at all. The settings here
/// can be relaxed, but only with a written [`Security::exception`]; a container that departs
/// from them says so in its [`ContainerSecurity`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Security {
    /// The UID containers run as; 10000 and above never collide with a node's own users.
    pub run_as_user: i64,
    /// The primary GID containers run as.
    pub run_as_group: i64,
    /// The group that owns mounted volumes, so a non-root process can write its storage.
    pub fs_group: i64,
    /// Mount the image's filesystem read-only; writes go to [`Security::writable_paths`].
    pub read_only_root_filesystem: bool,
    /// Scratch directories (emptyDir volumes) for software that must write, e.g. `/tmp`.
    pub writable_paths: Vec<String>,
    /// Mount the ServiceAccount token; only apps that call the Kubernetes API need it.
    pub service_account_token: bool,
    /// Render a NetworkPolicy admitting ingress only on the ports the app's Service offers.
    pub network_policy: bool,
    /// Run as root (UID 0, `runAsNonRoot: false`), for images that need it; this leaves the
    /// *restricted* profile for *baseline*.
    pub run_as_root: bool,
    /// Let the non-root process listen on the app's ports below 1024 (Apache or nginx on port
    /// 80), through the namespaced sysctl `net.ipv4.ip_unprivileged_port_start`, which the
    /// *restricted* profile allows. (The `NET_BIND_SERVICE` capability would not reach a
    /// non-root process without file capabilities on its binary.)
    pub bind_low_ports: bool,
    /// Allow images without a tag or digest (or tagged `latest`), for images a team does
    /// not control.
    pub unpinned_images: bool,
    /// Let containers open ports on the node ([`Port::host_port`](super::Port::host_port)),
    /// as a node agent does: it bypasses NetworkPolicy and allows one pod per node and port,
    /// so no Pod Security profile below *privileged* admits it.
    pub host_ports: bool,
    /// Leave the user to the image (no `runAsUser`, `runAsGroup`, `fsGroup` or
    /// `runAsNonRoot`), as a workload migrated without a security context ran. The pods may
    /// run as root, so they meet the *baseline* profile only.
    pub image_user: bool,
    /// With [`Security::image_user`], still require that user not to be root
    /// (`runAsNonRoot: true` with no UID): the kubelet refuses to start an image whose user is
    /// root, so the pods can meet *restricted*.
    pub require_non_root: bool,
    /// Capabilities removed from the runtime's defaults, as written; `["ALL"]` (the default)
    /// removes every one, which *restricted* requires. Empty keeps the runtime's defaults.
    pub drop_capabilities: Vec<String>,
    /// Capabilities added back, as written (`NET_BIND_SERVICE`; `CHOWN`, `SETUID` and
    /// `SETGID` for an entrypoint that drops root). *Restricted* allows `NET_BIND_SERVICE`
    /// only; *baseline* a short list (see [`Security::level`]); any other makes the pods
    /// *privileged*.
    pub add_capabilities: Vec<String>,
    /// Set the user, group and seccomp profile on each container too, not only on the pod
    /// (the same effect; for tools that read containers only).
    pub user_on_containers: bool,
    /// Change the ownership of a volume's files to [`Security::fs_group`] only when its
    /// root does not already match (`fsGroupChangePolicy: OnRootMismatch`), so large
    /// volumes mount fast.
    pub fs_group_on_mismatch: bool,
    /// Let a process gain more privileges than its parent (setuid binaries): no
    /// `allowPrivilegeEscalation: false`. Leaves *restricted* for *baseline*.
    pub privilege_escalation: bool,
    /// Why this app relaxes the defaults; `validate` requires it when it does.
    pub exception: Option<String>,
}

impl Default for Security {
    fn default() -> Self {
        Security {
            run_as_user: 10001,
            run_as_group: 10001,
            fs_group: 10001,
            read_only_root_filesystem: true,
            writable_paths: Vec::new(),
            service_account_token: false,
            network_policy: true,
            run_as_root: false,
            bind_low_ports: false,
            unpinned_images: false,
            host_ports: false,
            image_user: false,
            require_non_root: false,
            drop_capabilities: vec!["ALL".into()],
            add_capabilities: Vec::new(),
            privilege_escalation: false,
            user_on_containers: false,
            fs_group_on_mismatch: false,
            exception: None,
        }
    }
}

impl Security {
    /// The restricted profile plus a writable `/tmp`, which most runtimes want.
    pub fn with_tmp() -> Security {
        Security { writable_paths: vec!["/tmp".into()], ..Security::default() }
    }

    /// Runs as root, with a writable root filesystem: what most images written for Docker
    /// expect; `reason` is the exception. The pod then meets the *baseline* profile only.
    ///
    /// ```
    /// let s = rustomize::Security::root("the vendor image writes to /var as root");
    /// assert_eq!(s.level(), "baseline");
    /// assert!(s.waivers().iter().any(|w| w.covers("CKV_K8S_23")));
    /// ```
    pub fn root(reason: &str) -> Security {
        Security {
            run_as_root: true,
            run_as_user: 0,
            run_as_group: 0,
            fs_group: 0,
            read_only_root_filesystem: false,
            exception: Some(reason.into()),
            ..Security::default()
        }
    }

    /// The Pod Security Standards level the pods meet: `restricted` unless they run as root
    /// or as the image's own user, escalate or keep capabilities (`baseline`), or add a
    /// capability beyond baseline's or open host ports (`privileged`).
    pub fn level(&self) -> &'static str {
        /// What *baseline* lets a container add (Pod Security Standards).
        const BASELINE: &[&str] = &[
            "AUDIT_WRITE",
            "CHOWN",
            "DAC_OVERRIDE",
            "FOWNER",
            "FSETID",
            "KILL",
            "MKNOD",
            "NET_BIND_SERVICE",
            "SETFCAP",
            "SETGID",
            "SETPCAP",
            "SETUID",
            "SYS_CHROOT",
        ];
        if self.host_ports || self.add_capabilities.iter().any(|c| !BASELINE.contains(&c.as_str()))
        {
            "privileged"
        } else if self.run_as_root
            || (self.image_user && !self.require_non_root)
            || self.privilege_escalation
            || !self.drops_all()
            || self.add_capabilities.iter().any(|c| c != "NET_BIND_SERVICE")
        {
            "baseline"
        } else {
            "restricted"
        }
    }

    /// The UID, GID and volume group the pods are given: 0 for root, none for the image's
    /// own user (which keeps its own).
    pub fn ids(&self) -> Option<(i64, i64, i64)> {
        match (self.image_user, self.run_as_root) {
            (true, _) => None,
            (false, true) => Some((0, 0, 0)),
            (false, false) => Some((self.run_as_user, self.run_as_group, self.fs_group)),
        }
    }

    /// Whether every capability is dropped (`drop: [ALL]`).
    pub fn drops_all(&self) -> bool {
        self.drop_capabilities.iter().any(|c| c == "ALL")
    }

    /// The pods as a workload without a security context ran them (see
    /// [`Security::image_user`]), writable root filesystem and ServiceAccount token included;
    /// `reason` is the exception.
    ///
    /// ```
    /// let s = rustomize::Security::as_image("imported: the original sets no security context");
    /// assert_eq!(s.level(), "baseline");
    /// assert!(s.waivers().iter().any(|w| w.covers("CKV_K8S_20")));
    /// ```
    pub fn as_image(reason: &str) -> Security {
        Security {
            image_user: true,
            drop_capabilities: Vec::new(),
            privilege_escalation: true,
            read_only_root_filesystem: false,
            service_account_token: true,
            exception: Some(reason.into()),
            ..Security::default()
        }
    }

    /// Runs as an image's built-in non-root user (e.g. 70 for `postgres:*-alpine`), for
    /// images whose files belong to that user; `reason` is the exception.
    pub fn image_user(uid: i64, reason: &str) -> Security {
        Security {
            run_as_user: uid,
            run_as_group: uid,
            fs_group: uid,
            exception: Some(reason.into()),
            ..Security::default()
        }
    }

    /// The linter findings this relaxation causes, waived with [`Security::exception`] as the
    /// reason, so one written reason covers both rustomize and the linters.
    pub fn waivers(&self) -> Vec<Waiver> {
        let Some(reason) = self.exception.as_deref() else { return Vec::new() };
        let relaxed = [
            (self.run_as_user < 10000 || self.run_as_root || self.image_user, "CKV_K8S_40"),
            (self.run_as_root || (self.image_user && !self.require_non_root), "CKV_K8S_23"),
            (self.privilege_escalation, "CKV_K8S_20"),
            (
                !self.drops_all() && !self.drop_capabilities.iter().any(|c| c == "NET_RAW"),
                "CKV_K8S_28",
            ),
            (!self.add_capabilities.is_empty(), "CKV_K8S_25"),
            (!self.drops_all(), "CKV_K8S_37"),
            (!self.read_only_root_filesystem, "CKV_K8S_22"),
            (self.service_account_token, "CKV_K8S_38"),
            (!self.network_policy, "CKV2_K8S_6"),
            (self.unpinned_images, "CKV_K8S_14"),
            (self.unpinned_images, "CKV_K8S_43"),
            (self.host_ports, "CKV_K8S_26"),
        ];
        relaxed.iter().filter(|(on, _)| *on).map(|(_, check)| Waiver::new(check, reason)).collect()
    }

    /// Whether anything is looser than the restricted profile's recommendations.
    pub fn is_relaxed(&self) -> bool {
        self.run_as_user < 10000
            || !self.read_only_root_filesystem
            || self.service_account_token
            || !self.network_policy
            || self.run_as_root
            || self.unpinned_images
            || self.host_ports
            || self.image_user
            || self.privilege_escalation
            || !self.drops_all()
            || !self.add_capabilities.is_empty()
    }
}

/// Where one container departs from its app's [`Security`], e.g. a vendor's sidecar that runs
/// as its image's user, or an exporter written without a security context. Each `None`
/// keeps the app's setting. Renders in that container's `securityContext` only; the app's
/// profile level, waivers and need for an exception count the loosest container.
///
/// ```
/// use rustomize::{App, Container, ContainerSecurity, Security};
///
/// let exporter = Container {
///     name: "exporter".into(),
///     security: ContainerSecurity { run_as_user: Some(65534), ..ContainerSecurity::default() },
///     ..Container::default()
/// };
/// let app = App { containers: vec![exporter], ..App::new("db") };
/// assert_eq!(app.pod_security().run_as_user, 10001);
/// let root = ContainerSecurity { run_as_user: Some(0), ..ContainerSecurity::default() };
/// let app = App {
///     containers: vec![Container { security: root, ..Container::default() }],
///     security: Security { exception: Some("the agent reads the node's files".into()), ..Security::default() },
///     ..App::new("agent")
/// };
/// assert_eq!(app.pod_security().level(), "baseline");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContainerSecurity {
    /// The UID this container runs as, instead of the app's.
    pub run_as_user: Option<i64>,
    /// The primary GID this container runs as, instead of the app's.
    pub run_as_group: Option<i64>,
    /// Whether this container may gain more privileges than its parent, instead of the app's
    /// [`Security::privilege_escalation`].
    pub privilege_escalation: Option<bool>,
}

impl ContainerSecurity {
    /// Whether it keeps every setting of the app's.
    pub fn is_empty(&self) -> bool {
        *self == ContainerSecurity::default()
    }
}

impl Security {
    /// These settings loosened by what `containers` depart with: root or a low UID, and
    /// privilege escalation, count for the whole pod.
    pub fn with_containers<'c>(
        &self,
        containers: impl IntoIterator<Item = &'c ContainerSecurity>,
    ) -> Security {
        let mut s = self.clone();
        for c in containers {
            match c.run_as_user {
                Some(0) => s.run_as_root = true,
                Some(uid) => s.run_as_user = s.run_as_user.min(uid),
                None => {}
            }
            s.privilege_escalation |= c.privilege_escalation == Some(true);
        }
        s
    }
}

/// Linter findings accepted on purpose, with the reason; rendered as one
/// `checkov.io/skipN: CHECK=reason` annotation per check on the objects it covers, so the
/// exception lives next to what it excuses.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Waiver {
    /// The checks' ids, e.g. `CKV_K8S_43`; usually one.
    pub checks: Vec<String>,
    /// Why the findings are acceptable here.
    pub reason: String,
}

impl Waiver {
    /// Waives `check` for `reason`.
    pub fn new(check: &str, reason: &str) -> Waiver {
        Waiver { checks: vec![check.into()], reason: reason.into() }
    }

    /// Whether it waives `check`.
    pub fn covers(&self, check: &str) -> bool {
        self.checks.iter().any(|c| c == check)
    }

    /// Each check with the reason, as the annotations render them.
    pub fn each(&self) -> impl Iterator<Item = (&str, &str)> {
        self.checks.iter().map(|c| (c.as_str(), self.reason.as_str()))
    }

    /// Images pinned by tag, not digest (Checkov `CKV_K8S_43`), with the usual reason.
    ///
    /// ```
    /// assert!(rustomize::Waiver::images_by_tag().covers("CKV_K8S_43"));
    /// ```
    pub fn images_by_tag() -> Waiver {
        Waiver::new(
            "CKV_K8S_43",
            "images are pinned by release tag; digests are not resolved in this pipeline",
        )
    }

    /// Secrets read as environment variables, not files (Checkov `CKV_K8S_35`), as
    /// 12-factor services do.
    pub fn secrets_in_env() -> Waiver {
        Waiver::new(
            "CKV_K8S_35",
            "the services read credentials from environment variables (12-factor)",
        )
    }

    /// Objects without a namespace (Checkov `CKV_K8S_21`), for a stack that leaves the
    /// choice to `kubectl apply -n`, as a migrated namespace-agnostic layout does.
    ///
    /// ```
    /// assert!(rustomize::Waiver::namespace_agnostic().covers("CKV_K8S_21"));
    /// ```
    pub fn namespace_agnostic() -> Waiver {
        Waiver::new("CKV_K8S_21", "the stack is namespace-agnostic; `kubectl apply -n` chooses one")
    }

    /// Containers without liveness and readiness probes (Checkov `CKV_K8S_8` and `CKV_K8S_9`),
    /// for a migrated workload whose restarts should not change with the move.
    ///
    /// ```
    /// assert_eq!(rustomize::Waiver::no_probes().checks, ["CKV_K8S_8", "CKV_K8S_9"]);
    /// ```
    pub fn no_probes() -> Waiver {
        Waiver {
            checks: vec!["CKV_K8S_8".into(), "CKV_K8S_9".into()],
            reason: "the workload declares no probes; adding some would change when pods restart"
                .into(),
        }
    }

    /// Accepts a value rustomize takes for a literal credential (by its name or shape) in this
    /// app's or environment's code, for `reason`; it never becomes a linter annotation.
    ///
    /// ```
    /// let w = rustomize::Waiver::literal_credential("the demo's published sample password");
    /// assert!(w.covers("RUSTOMIZE_LITERAL_CREDENTIAL"));
    /// ```
    pub fn literal_credential(reason: &str) -> Waiver {
        Waiver::new("RUSTOMIZE_LITERAL_CREDENTIAL", reason)
    }

    /// Images that must not be pulled because they are loaded into the cluster by hand, as on
    /// Minikube (Checkov `CKV_K8S_15`).
    pub fn local_images() -> Waiver {
        Waiver::new(
            "CKV_K8S_15",
            "images are built locally and loaded into Minikube, so they must not be pulled",
        )
    }
}

/// When the kubelet pulls a container's image.
/// Renders as `imagePullPolicy: Always`, `IfNotPresent` or `Never`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PullPolicy {
    /// On every start, so a re-pushed tag and registry credentials are always checked.
    #[default]
    Always,
    /// Only when the node lacks the image (images loaded into Minikube by hand).
    IfNotPresent,
    /// Never; the image must already be on the node.
    Never,
}

impl PullPolicy {
    /// The spelling Kubernetes uses.
    pub fn as_str(self) -> &'static str {
        match self {
            PullPolicy::Always => "Always",
            PullPolicy::IfNotPresent => "IfNotPresent",
            PullPolicy::Never => "Never",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_relaxation_waives_its_check_with_the_exception_as_reason() {
        assert!(Security::default().waivers().is_empty());
        let s =
            Security { read_only_root_filesystem: false, ..Security::image_user(70, "image user") };
        let got: Vec<(String, String)> =
            s.waivers().iter().flat_map(|w| w.each()).map(|(c, r)| (c.into(), r.into())).collect();
        assert_eq!(
            got,
            [
                ("CKV_K8S_40".into(), "image user".into()),
                ("CKV_K8S_22".into(), "image user".into())
            ]
        );
        // Without a written reason nothing is waived; validation reports the missing reason.
        let unexplained = Security { exception: None, ..Security::image_user(70, "x") };
        assert!(unexplained.waivers().is_empty());
    }
}
