//! Raw YAML: third-party manifests (CRDs, operators' objects) and typed custom resources an
//! environment includes; `load` reads and checks them.

use std::path::PathBuf;

use serde_json::Value;

use crate::model::Waiver;

/// Kubernetes objects to include in an environment as they are, after the same checks as
/// every other object.
///
/// ```
/// use rustomize::RawYaml;
///
/// let crd = RawYaml::inline("crds/widget.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n");
/// assert_eq!(crd.source, "crds/widget.yaml");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawYaml {
    /// The name shown in messages, usually the file's path.
    pub source: String,
    /// Where the objects come from.
    pub content: RawContent,
    /// Why workloads in it may fall short of the *restricted* Pod Security profile (a CNI
    /// DaemonSet, a node agent); without one, they must meet it like every app.
    pub exception: Option<String>,
    /// Checks waived for these objects, each with its reason; only
    /// [`Waiver::literal_credential`] is read (a value the vendor's YAML commits on purpose).
    pub waivers: Vec<Waiver>,
}

/// What a [`RawYaml`] holds.
/// Renders as the objects it holds, after the environment's namespace, labels and prefix.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum RawContent {
    /// Read [`RawYaml::source`] from disk at render time.
    #[default]
    File,
    /// YAML text, usually `include_str!`-ed.
    Text(String),
    /// One object already in JSON form (from [`RawYaml::typed`]).
    Value(Value),
    /// A value that could not be serialised; reported, with this reason, when it is loaded.
    Invalid(String),
}

impl RawYaml {
    /// YAML compiled into the binary, e.g. `RawYaml::inline("crds/x.yaml", include_str!("crds/x.yaml"))`.
    pub fn inline(source: &str, text: &str) -> RawYaml {
        RawYaml {
            source: source.into(),
            content: RawContent::Text(text.into()),
            ..RawYaml::default()
        }
    }

    /// A typed custom resource: any type implementing k8s-openapi's `Resource` and serde's
    /// `Serialize` (a ServiceMonitor, an ExternalSecret, a `kube` `CustomResource`). It goes
    /// through the same checks as raw YAML; `apiVersion` and `kind` come from the type.
    #[track_caller]
    pub fn typed<K: k8s_openapi::Resource + serde::Serialize>(object: &K) -> RawYaml {
        let here = std::panic::Location::caller();
        let source = format!("{} at {}:{}", K::KIND, here.file(), here.line());
        let content = match serde_json::to_value(object) {
            Ok(mut v) => {
                if let Value::Object(map) = &mut v {
                    map.insert("apiVersion".into(), Value::String(K::API_VERSION.into()));
                    map.insert("kind".into(), Value::String(K::KIND.into()));
                }
                RawContent::Value(v)
            }
            Err(e) => RawContent::Invalid(e.to_string()),
        };
        RawYaml { source, content, ..RawYaml::default() }
    }

    /// One object of the k8s-openapi type `K`, written as YAML (an imported object the
    /// model does not express, `include_str!`-ed). It is checked by reading it into `K`, so a
    /// field of the wrong type or a different kind is an error naming `source`, then renders
    /// as written (explicit `null`s included) after the same checks as raw YAML.
    ///
    /// ```
    /// use rustomize::RawYaml;
    /// use rustomize::k8s::api::core::v1::ConfigMap;
    ///
    /// let ok = RawYaml::of::<ConfigMap>("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
    /// assert!(matches!(ok.content, rustomize::RawContent::Value(_)));
    /// let wrong = RawYaml::of::<ConfigMap>("cm.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: a\n");
    /// assert!(matches!(wrong.content, rustomize::RawContent::Invalid(_)));
    /// // Kept as written: the type would drop `data: null`.
    /// let empty = RawYaml::of::<ConfigMap>("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n");
    /// let rustomize::RawContent::Value(v) = empty.content else { panic!("not kept") };
    /// assert_eq!(v.get("data"), Some(&serde_json::Value::Null));
    /// ```
    pub fn of<K>(source: &str, text: &str) -> RawYaml
    where
        K: k8s_openapi::Resource + serde::Serialize + serde::de::DeserializeOwned,
    {
        let one = crate::yaml::documents(source, text)
            .map(|docs| docs.into_iter().filter(|d| !d.is_null()).collect::<Vec<_>>());
        let content = match one.as_deref() {
            Ok([v]) if v.get("kind").and_then(Value::as_str) != Some(K::KIND) => {
                RawContent::Invalid(format!("expected a `{}`, found another kind", K::KIND))
            }
            // Read into `K` only to check it; the object is kept as written, so a field the
            // type would drop (`affinity: null`, as Helm writes an empty block) still renders.
            Ok([v]) => match serde_json::from_value::<K>(v.clone()) {
                Ok(_) => {
                    let mut v = v.clone();
                    if let Value::Object(map) = &mut v {
                        map.insert("apiVersion".into(), Value::String(K::API_VERSION.into()));
                    }
                    RawContent::Value(v)
                }
                Err(e) => RawContent::Invalid(format!("not a valid `{}`: {e}", K::KIND)),
            },
            Ok(docs) => RawContent::Invalid(format!("expected one object, found {}", docs.len())),
            Err(e) => RawContent::Invalid(e.message.clone()),
        };
        RawYaml { source: source.into(), content, ..RawYaml::default() }
    }

    /// YAML read from `path` when the environment renders.
    pub fn file(path: impl Into<PathBuf>) -> RawYaml {
        RawYaml {
            source: path.into().display().to_string(),
            content: RawContent::File,
            ..RawYaml::default()
        }
    }

    /// The same YAML, whose workloads may fall short of the restricted profile for `reason`.
    #[must_use]
    pub fn exception(mut self, reason: &str) -> RawYaml {
        self.exception = Some(reason.into());
        self
    }

    /// The same YAML with `waiver` (e.g. [`Waiver::literal_credential`]) applied to its
    /// objects.
    ///
    /// ```
    /// use rustomize::{RawYaml, Waiver};
    ///
    /// let demo = RawYaml::file("vendor/demo.yaml")
    ///     .waiver(Waiver::literal_credential("the vendor's published demo password"));
    /// assert_eq!(demo.waivers.len(), 1);
    /// ```
    #[must_use]
    pub fn waiver(mut self, waiver: Waiver) -> RawYaml {
        self.waivers.push(waiver);
        self
    }
}
