//! Containers and the small typed values they are made of.

use super::Origin;
use super::origin::located_default;
use std::fmt;

use indexmap::IndexMap;

use std::collections::BTreeMap;

use super::{ConfigKeyRef, PullPolicy, SecretKeyRef};

/// One container of an app's pods.
/// Renders as one entry of `spec.template.spec.containers` (or `initContainers`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Container {
    /// The container's name, unique within the pod.
    pub name: String,
    /// The image, pinned by tag or digest.
    pub image: Image,
    /// When the kubelet pulls the image.
    pub pull_policy: PullPolicy,
    /// Overrides the image's entrypoint.
    pub command: Vec<String>,
    /// Arguments to the entrypoint.
    pub args: Vec<String>,
    /// Named ports; Services, probes and Ingresses refer to them by name.
    pub ports: Vec<Port>,
    /// Environment variables, in declaration order.
    pub env: Env,
    /// Whole ConfigMaps or Secrets exposed as environment variables.
    pub env_from: Vec<EnvFrom>,
    /// Liveness, readiness and startup probes.
    pub probes: Probes,
    /// CPU and memory requests and limits.
    pub resources: Resources,
    /// Volumes mounted into the container, by volume name.
    pub mounts: Vec<Mount>,
    /// The working directory; `None` is the image's.
    pub working_dir: Option<String>,
    /// Run before the container is stopped, e.g. a sleep that lets load balancers drain.
    pub pre_stop: Option<Handler>,
    /// Run right after the container starts.
    pub post_start: Option<Handler>,
    /// A command that checks the container's health from inside it, for targets that
    /// cannot probe over the network (Docker Compose's `healthcheck`); the image must have
    /// the command. An exec probe serves as well.
    pub health_command: Vec<String>,
    /// When the container fails without writing a termination message, report the end of
    /// its log instead (`terminationMessagePolicy: FallbackToLogsOnError`), so
    /// `kubectl describe` shows why.
    pub logs_on_failure: bool,
    /// The file the container writes why it ended to, when not `/dev/termination-log`.
    pub termination_message_path: Option<String>,
    /// Its standard input stays open for `kubectl attach` (`stdin`).
    pub stdin: bool,
    /// Its standard input closes after the first attach ends (`stdinOnce`).
    pub stdin_once: bool,
    /// It runs on a terminal (`tty`), for a console `kubectl attach -it` reaches.
    pub tty: bool,
    /// How an in-place resize of a resource applies: `(resource, restart policy)`, e.g.
    /// `("memory", "RestartContainer")`; `NotRequired` (the default) resizes live.
    pub resize_policy: Vec<(String, String)>,
    /// Where this container departs from the app's [`Security`](super::Security).
    pub security: super::ContainerSecurity,
}

/// A lifecycle hook's action.
/// Renders as `lifecycle.preStop` or `lifecycle.postStart`: `exec`, `httpGet` or `sleep`.
///
/// ```
/// use rustomize::{Container, Handler};
///
/// // Let load balancers notice the pod is going before it stops accepting connections.
/// let web = Container { pre_stop: Some(Handler::Sleep(5)), ..Container::default() };
/// # let _ = web;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Handler {
    /// A command run in the container.
    Exec(Vec<String>),
    /// An HTTP GET of a path on a named container port.
    Http {
        /// Request path.
        path: String,
        /// Name of a port the container declares.
        port: String,
    },
    /// Wait this many seconds (Kubernetes 1.30 and later).
    Sleep(i64),
}

impl Container {
    /// The declared port called `name`, if any.
    pub fn port(&self, name: &str) -> Option<&Port> {
        self.ports.iter().find(|p| p.name == name)
    }
}

/// A container image: a repository plus a tag or a digest.
/// Renders as `image: repository:tag` or `image: repository@sha256:…`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Image {
    /// Registry and repository, e.g. `ghcr.io/acme/api` or `postgres`.
    pub repository: String,
    /// Which build of the repository to run.
    pub reference: ImageRef,
}

/// How an image is pinned.
/// Renders as the `:tag`, `@digest` or `:tag@digest` part of `image:`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ImageRef {
    /// A tag, e.g. `1.4.2`.
    Tag(String),
    /// A content digest, e.g. `sha256:…`; immutable.
    Digest(String),
    /// A tag for readers plus the digest that is actually pulled.
    TagAndDigest(String, String),
    /// Not pinned; `validate` refuses it.
    #[default]
    Unpinned,
}

impl Image {
    /// An image pinned by tag.
    pub fn tag(repository: &str, tag: &str) -> Image {
        Image { repository: repository.into(), reference: ImageRef::Tag(tag.into()) }
    }

    /// An image pinned by digest (`sha256:…`).
    pub fn digest(repository: &str, digest: &str) -> Image {
        Image { repository: repository.into(), reference: ImageRef::Digest(digest.into()) }
    }

    /// The same repository at another tag.
    #[must_use]
    pub fn with_tag(&self, tag: &str) -> Image {
        Image { repository: self.repository.clone(), reference: ImageRef::Tag(tag.into()) }
    }
}

impl fmt::Display for Image {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.reference {
            ImageRef::Tag(tag) => write!(f, "{}:{tag}", self.repository),
            ImageRef::Digest(digest) => write!(f, "{}@{digest}", self.repository),
            ImageRef::TagAndDigest(tag, digest) => write!(f, "{}:{tag}@{digest}", self.repository),
            ImageRef::Unpinned => f.write_str(&self.repository),
        }
    }
}

/// A named container port.
/// Renders as `ports: [{name: http, containerPort: 8080, protocol: TCP}]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Port {
    /// An IANA service name (at most 15 characters); what everything else refers to.
    pub name: String,
    /// The port number inside the container.
    pub number: u16,
    /// TCP unless said otherwise.
    pub protocol: Protocol,
    /// The same port opened on the node's own address (`hostPort`), for a node agent that
    /// pods reach at their node's IP; needs [`Security::host_ports`](super::Security::host_ports).
    pub host_port: Option<u16>,
}

impl Port {
    /// A TCP port called `http`.
    pub fn http(number: u16) -> Port {
        Port::tcp("http", number)
    }

    /// A TCP port with the given name.
    pub fn tcp(name: &str, number: u16) -> Port {
        Port { name: name.into(), number, protocol: Protocol::Tcp, host_port: None }
    }
}

/// Transport protocol of a port.
/// Renders as `protocol: TCP`, `UDP` or `SCTP`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Protocol {
    /// TCP.
    #[default]
    Tcp,
    /// UDP.
    Udp,
    /// SCTP.
    Sctp,
}

impl Protocol {
    /// The spelling Kubernetes uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Tcp => "TCP",
            Protocol::Udp => "UDP",
            Protocol::Sctp => "SCTP",
        }
    }
}

/// The three probes a container may have.
/// Renders as the container's `livenessProbe`, `readinessProbe` and `startupProbe`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Probes {
    /// Restarts the container when it fails.
    pub liveness: Option<Probe>,
    /// Takes the pod out of its Service while it fails.
    pub readiness: Option<Probe>,
    /// Holds off the other probes until the container has started.
    pub startup: Option<Probe>,
}

/// One probe: what to check and how often.
/// Renders as one probe: `httpGet: {path: /healthz, port: http}`, `periodSeconds: 10`, ….
#[derive(Clone, Debug, PartialEq)]
pub struct Probe {
    /// The check itself.
    pub action: ProbeAction,
    /// Seconds to wait after start before the first check.
    pub initial_delay_seconds: Option<i32>,
    /// Seconds between checks.
    pub period_seconds: Option<i32>,
    /// Seconds before one check times out.
    pub timeout_seconds: Option<i32>,
    /// Consecutive failures that count as failed.
    pub failure_threshold: Option<i32>,
    /// Consecutive successes that count as healthy again (readiness only; 1 otherwise).
    pub success_threshold: Option<i32>,
    /// Seconds a container that failed this probe gets to stop, when not the pod's
    /// grace period (liveness and startup only).
    pub termination_grace_period_seconds: Option<i64>,
    /// Where it was written; set by its constructor or `Default`, read by messages.
    #[doc(hidden)]
    pub at: Origin,
}

located_default!(Probe {
    action,
    initial_delay_seconds,
    period_seconds,
    timeout_seconds,
    failure_threshold,
    success_threshold,
    termination_grace_period_seconds
});

impl Probe {
    /// An HTTP GET of `path` on the named container port.
    #[track_caller]
    pub fn http(path: &str, port: &str) -> Probe {
        Probe {
            action: ProbeAction::Http {
                path: path.into(),
                port: port.into(),
                https: false,
                headers: Vec::new(),
            },
            ..Probe::default()
        }
    }

    /// A gRPC health check (`grpc.health.v1`) on the named container port.
    ///
    /// ```
    /// use rustomize::{Probe, ProbeAction};
    ///
    /// let live = Probe::grpc("grpc").every(10).timeout(2).failures(5);
    /// assert!(matches!(live.action, ProbeAction::Grpc { .. }));
    /// let ready = Probe::http("/healthz", "http").https().header("Cookie", "probe=1");
    /// assert!(matches!(ready.action, ProbeAction::Http { https: true, .. }));
    /// ```
    #[track_caller]
    pub fn grpc(port: &str) -> Probe {
        Probe { action: ProbeAction::Grpc { port: port.into(), service: None }, ..Probe::default() }
    }

    /// The same HTTP probe, over HTTPS (the certificate is not verified).
    #[must_use]
    pub fn https(mut self) -> Probe {
        if let ProbeAction::Http { https, .. } = &mut self.action {
            *https = true;
        }
        self
    }

    /// The same HTTP probe, sending the header `name: value`.
    #[must_use]
    pub fn header(mut self, name: &str, value: &str) -> Probe {
        if let ProbeAction::Http { headers, .. } = &mut self.action {
            headers.push((name.into(), value.into()));
        }
        self
    }

    /// The same probe, timing out after `seconds`.
    #[must_use]
    pub fn timeout(mut self, seconds: i32) -> Probe {
        self.timeout_seconds = Some(seconds);
        self
    }

    /// The same probe, failed after `failures` consecutive failures.
    #[must_use]
    pub fn failures(mut self, failures: i32) -> Probe {
        self.failure_threshold = Some(failures);
        self
    }

    /// A TCP connect to the named container port.
    #[track_caller]
    pub fn tcp(port: &str) -> Probe {
        Probe { action: ProbeAction::Tcp { port: port.into() }, ..Probe::default() }
    }

    /// A command run inside the container; exit status 0 is healthy.
    #[track_caller]
    pub fn exec<S: AsRef<str>>(command: &[S]) -> Probe {
        let command = command.iter().map(|s| s.as_ref().to_owned()).collect();
        Probe { action: ProbeAction::Exec { command }, ..Probe::default() }
    }

    /// The same probe, checked every `seconds`.
    #[must_use]
    pub fn every(mut self, seconds: i32) -> Probe {
        self.period_seconds = Some(seconds);
        self
    }

    /// The same probe, first checked after `seconds`.
    #[must_use]
    pub fn after(mut self, seconds: i32) -> Probe {
        self.initial_delay_seconds = Some(seconds);
        self
    }
}

/// What a probe checks.
/// Renders as the probe's `httpGet`, `tcpSocket`, `grpc` or `exec`.
#[derive(Clone, Debug, PartialEq)]
pub enum ProbeAction {
    /// HTTP GET; healthy on a 2xx or 3xx answer.
    Http {
        /// Request path.
        path: String,
        /// Name of a port the container declares, or a number it listens on without
        /// declaring it (`"9001"`; port names cannot be all digits).
        port: String,
        /// Use HTTPS (the certificate is not verified).
        https: bool,
        /// Request headers, `(name, value)`.
        headers: Vec<(String, String)>,
    },
    /// A gRPC health check.
    Grpc {
        /// Name of a port the container declares (rendered as its number, as gRPC probes
        /// need), or an undeclared number (`"9090"`).
        port: String,
        /// The service name sent in the health check request.
        service: Option<String>,
    },
    /// TCP connect.
    Tcp {
        /// Name of a port the container declares, or a number it listens on without
        /// declaring it (`"9001"`; port names cannot be all digits).
        port: String,
    },
    /// A command run in the container.
    Exec {
        /// The command and its arguments.
        command: Vec<String>,
    },
}

impl Default for ProbeAction {
    fn default() -> Self {
        ProbeAction::Exec { command: Vec::new() }
    }
}

/// Resource requests and limits of one container.
/// Renders as `resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {…}}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Resources {
    /// What the scheduler reserves.
    pub requests: Compute,
    /// The most the container may use.
    pub limits: Compute,
}

impl Resources {
    /// Requests of `cpu` and `memory` (`"250m"`, `"256Mi"`), without limits yet.
    ///
    /// ```
    /// let r = rustomize::Resources::requests("250m", "256Mi").limits("500m", "512Mi");
    /// assert_eq!(r.limits.memory.as_deref(), Some("512Mi"));
    /// ```
    pub fn requests(cpu: &str, memory: &str) -> Resources {
        Resources { requests: Compute::new(cpu, memory), limits: Compute::default() }
    }

    /// The same requests, with limits of `cpu` and `memory`.
    #[must_use]
    pub fn limits(mut self, cpu: &str, memory: &str) -> Resources {
        self.limits = Compute::new(cpu, memory);
        self
    }
}

/// A CPU and memory amount, as Kubernetes quantities (`250m`, `512Mi`), plus local scratch
/// storage and extended resources such as GPUs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Compute {
    /// CPU, e.g. `250m` or `1`.
    pub cpu: Option<String>,
    /// Memory, e.g. `256Mi`.
    pub memory: Option<String>,
    /// Local ephemeral storage (logs, emptyDirs, the writable layer), e.g. `1Gi`.
    pub ephemeral_storage: Option<String>,
    /// Extended resources by qualified name, e.g. `nvidia.com/gpu: 1`.
    pub extended: BTreeMap<String, String>,
}

impl Compute {
    /// Both amounts set.
    pub fn new(cpu: &str, memory: &str) -> Compute {
        Compute { cpu: Some(cpu.into()), memory: Some(memory.into()), ..Compute::default() }
    }

    /// Memory only, e.g. for a JVM sized by its limit.
    pub fn memory(memory: &str) -> Compute {
        Compute { memory: Some(memory.into()), ..Compute::default() }
    }
}

/// Environment variables by name, in declaration order; a name appears at most once.
/// Renders as `env: [{name: LOG_LEVEL, value: info}, …]`, in declaration order.
#[derive(Clone, Debug, Default)]
pub struct Env {
    /// Each variable's value, and where it was set (for messages about it).
    vars: IndexMap<String, (EnvValue, Origin)>,
}

/// Equal when they render the same: the same variables in the same order (a map's equality
/// would ignore the order the render keeps).
///
/// ```
/// use rustomize::Env;
///
/// let ab = Env::new().set("A", "1").set("B", "2");
/// assert_eq!(ab, Env::new().set("A", "1").set("B", "2"));
/// assert_ne!(ab, Env::new().set("B", "2").set("A", "1"));
/// ```
impl PartialEq for Env {
    fn eq(&self, other: &Env) -> bool {
        self.vars.len() == other.vars.len() && self.vars.iter().eq(other.vars.iter())
    }
}

impl Env {
    /// An empty set.
    pub fn new() -> Env {
        Env::default()
    }

    /// Sets `name`, replacing an earlier value in place (so the order stays stable).
    #[must_use]
    #[track_caller]
    pub fn set(mut self, name: &str, value: impl Into<EnvValue>) -> Env {
        self.vars.insert(name.into(), (value.into(), Origin::here()));
        self
    }

    /// Applies every entry of `other` on top of this set.
    pub fn merge(&mut self, other: &Env) {
        for (name, value) in &other.vars {
            self.vars.insert(name.clone(), value.clone());
        }
    }

    /// The value of `name`, if set.
    pub fn get(&self, name: &str) -> Option<&EnvValue> {
        self.vars.get(name).map(|(value, _)| value)
    }

    /// The variables, in the order they were set.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &EnvValue)> {
        self.vars.iter().map(|(name, (value, _))| (name, value))
    }

    /// Whether no variable is set.
    pub fn is_empty(&self) -> bool {
        self.vars.is_empty()
    }

    /// The variables with where each was set, in order.
    pub(crate) fn located(&self) -> impl Iterator<Item = (&String, &EnvValue, Origin)> {
        self.vars.iter().map(|(name, (value, at))| (name, value, *at))
    }

    /// Removes `name`, keeping the order of the rest; whether it was set.
    pub fn remove(&mut self, name: &str) -> bool {
        self.vars.shift_remove(name).is_some()
    }
}

/// Where an environment variable's value comes from.
/// Renders as an `env` entry's `value` or `valueFrom` (`configMapKeyRef`, `secretKeyRef`,
/// `fieldRef`, `resourceFieldRef`).
#[derive(Clone, Debug, PartialEq)]
pub enum EnvValue {
    /// A literal value. May refer to earlier variables as `$(NAME)`.
    Literal(String),
    /// A key of the app's own ConfigMap ([`App::config`](super::App::config)).
    Config(String),
    /// A key of a declared Secret.
    Secret(SecretKeyRef),
    /// A field of the pod, e.g. `metadata.name` or `status.podIP`.
    Field(String),
    /// A key of a [`SharedConfig`](super::SharedConfig) of the environment.
    SharedConfig(ConfigKeyRef),
    /// A request or limit of a container (`resourceFieldRef`), e.g. `limits.memory`.
    Resource(ResourceRef),
}

/// A container's request or limit, read as an environment variable.
/// Renders as `valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: …}}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResourceRef {
    /// `limits.cpu`, `limits.memory`, `limits.ephemeral-storage`, `requests.cpu`,
    /// `requests.memory` or `requests.ephemeral-storage`.
    pub resource: String,
    /// The container whose resources are read; `None` is the one the variable is set in.
    pub container: Option<String>,
    /// The unit the value is expressed in, e.g. `1Mi`; `None` is `1`.
    pub divisor: Option<String>,
}

impl EnvValue {
    /// A request or limit of the container itself, e.g. `EnvValue::resource("limits.memory")`.
    ///
    /// ```
    /// let env = rustomize::Env::new().set("MEM_TOTAL_MB", rustomize::EnvValue::resource("limits.memory"));
    /// assert!(env.get("MEM_TOTAL_MB").is_some());
    /// ```
    pub fn resource(resource: &str) -> EnvValue {
        EnvValue::Resource(ResourceRef { resource: resource.into(), ..ResourceRef::default() })
    }
}

impl From<ConfigKeyRef> for EnvValue {
    fn from(value: ConfigKeyRef) -> Self {
        EnvValue::SharedConfig(value)
    }
}

impl From<&str> for EnvValue {
    fn from(value: &str) -> Self {
        EnvValue::Literal(value.into())
    }
}

impl From<String> for EnvValue {
    fn from(value: String) -> Self {
        EnvValue::Literal(value)
    }
}

impl From<SecretKeyRef> for EnvValue {
    fn from(value: SecretKeyRef) -> Self {
        EnvValue::Secret(value)
    }
}

/// A whole ConfigMap or Secret exposed as environment variables.
/// Renders as `envFrom: [{configMapRef: {name: …}}]` or `secretRef`, with `prefix` and `optional`.
#[derive(Clone, Debug, PartialEq)]
pub enum EnvFrom {
    /// The app's own ConfigMap.
    Config,
    /// A declared Secret, by name.
    Secret(String),
    /// A [`SharedConfig`](super::SharedConfig) of the environment, by its handle.
    Shared(super::SharedConfigRef),
    /// The same source with every variable name prefixed, e.g. `APP_`.
    Prefixed {
        /// The prefix.
        prefix: String,
        /// The source.
        from: Box<EnvFrom>,
    },
    /// The same source, which may be missing when the pod starts.
    Optional(Box<EnvFrom>),
}

impl EnvFrom {
    /// This source with every variable name prefixed by `prefix`.
    #[must_use]
    pub fn prefixed(self, prefix: &str) -> EnvFrom {
        EnvFrom::Prefixed { prefix: prefix.into(), from: Box::new(self) }
    }

    /// This source, allowed to be missing.
    #[must_use]
    pub fn optional(self) -> EnvFrom {
        EnvFrom::Optional(Box::new(self))
    }

    /// The source itself, without prefix or optionality; with the prefix and whether it is
    /// optional.
    pub fn parts(&self) -> (&EnvFrom, Option<&str>, bool) {
        match self {
            EnvFrom::Prefixed { prefix, from } => {
                let (inner, _, optional) = from.parts();
                (inner, Some(prefix), optional)
            }
            EnvFrom::Optional(from) => {
                let (inner, prefix, _) = from.parts();
                (inner, prefix, true)
            }
            other => (other, None, false),
        }
    }
}

/// A volume mounted into a container.
/// Renders as `volumeMounts: [{name: data, mountPath: /data, readOnly: true}]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mount {
    /// Name of a [`Volume`](super::Volume) or [`Storage`](super::Storage) of the app.
    pub volume: String,
    /// Where it appears in the container.
    pub path: String,
    /// Mount a single file or subdirectory of the volume.
    pub sub_path: Option<String>,
    /// Mount read-only.
    pub read_only: bool,
    /// A subdirectory named by the container's variables (`$(POD_NAME)`), instead of
    /// [`Mount::sub_path`].
    pub sub_path_expr: Option<String>,
    /// `HostToContainer`: mounts the host makes under the volume later reach the container
    /// (`None`, the default, when unset). `Bidirectional` needs a privileged container, and
    /// is refused.
    pub propagation: Option<String>,
    /// Where it was written; set by its constructor or `Default`, read by messages.
    #[doc(hidden)]
    pub at: Origin,
}

located_default!(Mount { volume, path, sub_path, read_only, sub_path_expr, propagation });

impl Mount {
    /// Mounts the volume called `volume` at `path`.
    #[track_caller]
    pub fn new(volume: &str, path: &str) -> Mount {
        Mount { volume: volume.into(), path: path.into(), ..Mount::default() }
    }

    /// The same mount, read-only.
    #[must_use]
    pub fn read_only(mut self) -> Mount {
        self.read_only = true;
        self
    }
}
