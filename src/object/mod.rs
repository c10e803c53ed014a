//! The Kubernetes vocabulary every stage shares: the closed set of objects rustomize renders
//! behind one enum, objects read from YAML, an environment's rendered objects, and the label
//! keys that tie them together.

mod raw;

pub use raw::RawObject;
pub(crate) use raw::is_cluster_scoped;

use std::sync::Arc;

use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, StatefulSet};
use k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler;
use k8s_openapi::api::batch::v1::{CronJob, Job};
use k8s_openapi::api::core::v1::{
    ConfigMap, LimitRange, Namespace, PersistentVolumeClaim, Pod, PodSpec, PodTemplateSpec,
    ResourceQuota, Secret, Service, ServiceAccount,
};
use k8s_openapi::api::networking::v1::{Ingress, IngressClass, NetworkPolicy};
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::api::rbac::v1::{ClusterRole, ClusterRoleBinding, Role, RoleBinding};
use k8s_openapi::api::scheduling::v1::PriorityClass;
use k8s_openapi::api::storage::v1::StorageClass;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::{ClusterResourceScope, Metadata, NamespaceResourceScope, Resource};

/// Whether a k8s-openapi scope type is namespaced; read from the type, never from a kind string.
trait Scope {
    const NAMESPACED: bool;
}

impl Scope for NamespaceResourceScope {
    const NAMESPACED: bool = true;
}

impl Scope for ClusterResourceScope {
    const NAMESPACED: bool = false;
}

/// A Kubernetes type that can be found inside an [`Object`].
pub trait Kind: Resource + Sized {
    /// Wraps a typed edit so it can be stored beside edits of other kinds.
    fn edit(edit: Arc<dyn Fn(&mut Self) + Send + Sync>) -> Edit;
    /// The object as this type, if it is one.
    fn from_object(object: &Object) -> Option<&Self>;
    /// The object as this type, mutably, if it is one.
    fn from_object_mut(object: &mut Object) -> Option<&mut Self>;
}

/// What to do with the k8s-openapi type of a kind, found by [`visit_type`].
pub(crate) trait TypeVisitor {
    /// What the visit gives.
    type Output;
    /// Visits type `K`, whose path under `k8s_openapi::` is `path` (`api::apps::v1::Deployment`).
    fn visit<K>(self, path: &'static str) -> Self::Output
    where
        K: Resource + serde::Serialize + serde::de::DeserializeOwned + Into<Object>;
}

macro_rules! objects {
    ($($variant:ident => $($module:ident)::+),* $(,)?) => {
        /// Visits the k8s-openapi type of `(apiVersion, kind)` when it is one of [`Object`]'s:
        /// the one list of typed kinds (import keeps an object it cannot type as this type).
        pub(crate) fn visit_type<V: TypeVisitor>(
            api_version: &str,
            kind: &str,
            visitor: V,
        ) -> Option<V::Output> {
            $(
                if api_version == <$variant as Resource>::API_VERSION
                    && kind == <$variant as Resource>::KIND
                {
                    let path = concat!($(stringify!($module), "::",)+ stringify!($variant));
                    return Some(visitor.visit::<$variant>(path));
                }
            )*
            None
        }

        /// The `apiVersion` the crate types `kind` at, when `kind` is one of [`Object`]'s.
        pub(crate) fn api_version_of(kind: &str) -> Option<&'static str> {
            $(
                if kind == <$variant as Resource>::KIND {
                    return Some(<$variant as Resource>::API_VERSION);
                }
            )*
            None
        }

        /// One rendered Kubernetes object.
        // Variants differ in size (a Pod spec against a Namespace), but objects live in one
        // Vec per tree and are matched by kind everywhere; boxing would cost an allocation
        // per object and a `Box` in every user's match.
        #[derive(Clone, Debug, PartialEq)]
        #[allow(missing_docs, clippy::large_enum_variant)]
        pub enum Object {
            $($variant($variant),)*
            /// An object included from raw YAML, of any kind.
            Raw(RawObject),
        }

        impl Object {
            /// The object's kind, e.g. `Deployment`.
            pub fn kind(&self) -> &str {
                match self { $(Object::$variant(_) => <$variant as Resource>::KIND,)* Object::Raw(r) => &r.kind }
            }

            /// The object's `apiVersion`, e.g. `apps/v1`.
            pub fn api_version(&self) -> &str {
                match self { $(Object::$variant(_) => <$variant as Resource>::API_VERSION,)* Object::Raw(r) => &r.api_version }
            }

            /// The object's API group; empty for the core group.
            pub fn group(&self) -> &str {
                match self { $(Object::$variant(_) => <$variant as Resource>::GROUP,)* Object::Raw(r) => r.group() }
            }

            /// The group, version and kind of a typed object, known at compile time; `None`
            /// for a raw one.
            pub(crate) fn static_type(&self) -> Option<(&'static str, &'static str, &'static str)> {
                match self {
                    $(Object::$variant(_) => Some((<$variant as Resource>::GROUP, <$variant as Resource>::VERSION, <$variant as Resource>::KIND)),)*
                    Object::Raw(_) => None,
                }
            }

            /// The object's API version within its group, e.g. `v1`.
            pub fn version(&self) -> &str {
                match self { $(Object::$variant(_) => <$variant as Resource>::VERSION,)* Object::Raw(r) => r.version() }
            }

            /// Whether the object lives in a namespace.
            pub fn is_namespaced(&self) -> bool {
                match self { $(Object::$variant(_) => <<$variant as Resource>::Scope as Scope>::NAMESPACED,)* Object::Raw(r) => r.is_namespaced() }
            }

            /// The object's metadata.
            pub fn metadata(&self) -> &ObjectMeta {
                match self { $(Object::$variant(o) => o.metadata(),)* Object::Raw(r) => &r.metadata }
            }

            /// The object's metadata, mutably.
            pub fn metadata_mut(&mut self) -> &mut ObjectMeta {
                match self { $(Object::$variant(o) => o.metadata_mut(),)* Object::Raw(r) => &mut r.metadata }
            }

            /// The object as JSON, in k8s-openapi's field order.
            pub fn to_json(&self) -> Result<serde_json::Value, serde_json::Error> {
                match self { $(Object::$variant(o) => serde_json::to_value(o),)* Object::Raw(r) => r.to_json() }
            }
        }

        /// Serialises as [`Object::to_json`] reads: the k8s-openapi object, or the raw one's
        /// fields.
        impl serde::Serialize for Object {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    $(Object::$variant(o) => o.serialize(serializer),)*
                    Object::Raw(r) => r.to_json().map_err(serde::ser::Error::custom)?.serialize(serializer),
                }
            }
        }

        /// A typed edit of one kind of object, for [`crate::Patch`]: any closure, so it may
        /// capture per-environment values. Not comparable: closures have no equality.
        #[derive(Clone)]
        #[allow(missing_docs)]
        pub enum Edit {
            $($variant(Arc<dyn Fn(&mut $variant) + Send + Sync>),)*
        }

        impl std::fmt::Debug for Edit {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "Edit({})", self.kind())
            }
        }

        impl Edit {
            /// The kind the edit applies to.
            pub fn kind(&self) -> &'static str {
                match self { $(Edit::$variant(_) => <$variant as Resource>::KIND,)* }
            }

            /// Applies the edit when `object` is of its kind; whether it was.
            pub fn apply(&self, object: &mut Object) -> bool {
                match (self, object) {
                    $((Edit::$variant(f), Object::$variant(o)) => { f(o); true })*
                    _ => false,
                }
            }
        }

        $(
            impl From<$variant> for Object {
                fn from(object: $variant) -> Self {
                    Object::$variant(object)
                }
            }

            impl Kind for $variant {
                fn edit(edit: Arc<dyn Fn(&mut Self) + Send + Sync>) -> Edit {
                    Edit::$variant(edit)
                }
                fn from_object(object: &Object) -> Option<&Self> {
                    match object { Object::$variant(o) => Some(o), _ => None }
                }
                fn from_object_mut(object: &mut Object) -> Option<&mut Self> {
                    match object { Object::$variant(o) => Some(o), _ => None }
                }
            }
        )*
    };
}

objects!(
    Namespace => api::core::v1,
    ServiceAccount => api::core::v1,
    Role => api::rbac::v1,
    ClusterRole => api::rbac::v1,
    RoleBinding => api::rbac::v1,
    ClusterRoleBinding => api::rbac::v1,
    ConfigMap => api::core::v1,
    Secret => api::core::v1,
    Service => api::core::v1,
    PersistentVolumeClaim => api::core::v1,
    Deployment => api::apps::v1,
    StatefulSet => api::apps::v1,
    DaemonSet => api::apps::v1,
    Job => api::batch::v1,
    CronJob => api::batch::v1,
    Pod => api::core::v1,
    HorizontalPodAutoscaler => api::autoscaling::v2,
    PodDisruptionBudget => api::policy::v1,
    Ingress => api::networking::v1,
    NetworkPolicy => api::networking::v1,
    // Not rendered from the model; typed when included as written (an imported stack's).
    LimitRange => api::core::v1,
    ResourceQuota => api::core::v1,
    IngressClass => api::networking::v1,
    // Rendered from the environment's declarations (cluster-scoped, never prefixed).
    StorageClass => api::storage::v1,
    PriorityClass => api::scheduling::v1,
);

impl Object {
    /// The object's name.
    pub fn name(&self) -> &str {
        self.metadata().name.as_deref().unwrap_or_default()
    }

    /// The object's namespace, if set.
    pub fn namespace(&self) -> Option<&str> {
        self.metadata().namespace.as_deref()
    }

    /// `` Kind `name` ``, for messages.
    pub fn describe(&self) -> String {
        format!("{} `{}`", self.kind(), self.name())
    }

    /// The pod template of a workload, for edits that must reach the pods.
    pub fn pod_template_mut(&mut self) -> Option<&mut PodTemplateSpec> {
        match self {
            Object::Deployment(d) => d.spec.as_mut().map(|s| &mut s.template),
            Object::StatefulSet(s) => s.spec.as_mut().map(|s| &mut s.template),
            Object::DaemonSet(d) => d.spec.as_mut().map(|s| &mut s.template),
            Object::Job(j) => j.spec.as_mut().map(|s| &mut s.template),
            Object::CronJob(c) => {
                c.spec.as_mut().and_then(|s| s.job_template.spec.as_mut()).map(|s| &mut s.template)
            }
            _ => None,
        }
    }

    /// The pod spec of a workload or a bare Pod.
    pub fn pod_spec_mut(&mut self) -> Option<&mut PodSpec> {
        if let Object::Pod(p) = self {
            return p.spec.as_mut();
        }
        self.pod_template_mut().and_then(|t| t.spec.as_mut())
    }

    /// The pod spec of a workload or a bare Pod.
    pub fn pod_spec(&self) -> Option<&PodSpec> {
        match self {
            Object::Pod(p) => p.spec.as_ref(),
            Object::Deployment(d) => d.spec.as_ref().and_then(|s| s.template.spec.as_ref()),
            Object::StatefulSet(s) => s.spec.as_ref().and_then(|s| s.template.spec.as_ref()),
            Object::DaemonSet(d) => d.spec.as_ref().and_then(|s| s.template.spec.as_ref()),
            Object::Job(j) => j.spec.as_ref().and_then(|s| s.template.spec.as_ref()),
            Object::CronJob(c) => c
                .spec
                .as_ref()
                .and_then(|s| s.job_template.spec.as_ref())
                .and_then(|s| s.template.spec.as_ref()),
            _ => None,
        }
    }
}

/// The label key every selector uses.
pub const NAME_LABEL: &str = "app.kubernetes.io/name";
/// The label key naming an app's role.
pub const COMPONENT_LABEL: &str = "app.kubernetes.io/component";
/// The label key naming the tool that owns the object; lets `kubectl apply --prune -l` find them.
pub const MANAGED_BY_LABEL: &str = "app.kubernetes.io/managed-by";

/// An environment's objects, in the order they were declared.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rendered {
    /// The environment's name.
    pub target: String,
    /// Every object: the Namespaces first, then each app's objects.
    pub objects: Vec<Object>,
}

impl Rendered {
    /// The object of type `K` called `name`, if there is one.
    ///
    /// ```
    /// use rustomize::{App, Container, Environment, Image};
    /// use rustomize::k8s::api::apps::v1::Deployment;
    ///
    /// let app = App {
    ///     containers: vec![Container {
    ///         name: "web".into(),
    ///         image: Image::tag("nginx", "1.27"),
    ///         ..Container::default()
    ///     }],
    ///     ..App::new("web")
    /// };
    /// let env = Environment { name: "dev".into(), tree: "dev".into(), apps: vec![app], ..Environment::default() };
    /// let rendered = rustomize::render(&env)?;
    /// assert!(rendered.get::<Deployment>("web").is_some());
    /// # Ok::<(), rustomize::Error>(())
    /// ```
    pub fn get<K: Kind>(&self, name: &str) -> Option<&K> {
        self.objects.iter().filter(|o| o.name() == name).find_map(K::from_object)
    }
}

/// Whether a parsed document is a Secret as kubectl would match it: `kind` compared without
/// regard to case (`secret`, `SECRET`).
pub(crate) fn is_secret_kind(doc: &serde_json::Value) -> bool {
    doc["kind"].as_str().is_some_and(|k| k.eq_ignore_ascii_case("Secret"))
}

/// The names of Secrets carrying values (`data` or `stringData`) in a parsed document,
/// including those inside a `List` (or any kind with `items`), which kubectl expands.
pub(crate) fn secrets_with_values(doc: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    // Anything but nothing counts: a `data` that is not a mapping is still a value to hide.
    let has_values = [&doc["data"], &doc["stringData"]]
        .iter()
        .any(|v| !v.is_null() && v.as_object().is_none_or(|m| !m.is_empty()));
    if is_secret_kind(doc) && has_values {
        out.push(doc["metadata"]["name"].as_str().unwrap_or("(unnamed)").to_owned());
    }
    for item in doc["items"].as_array().into_iter().flatten() {
        out.extend(secrets_with_values(item));
    }
    out
}

/// Adds `checkov.io/skipN` annotations for `(check, reason)` pairs, numbered after any the
/// objects already carry.
pub(crate) fn add_skips(objects: &mut [Object], skips: &[(&str, &str)]) {
    // Only Checkov's checks become annotations; rustomize's own waivers stay in the code.
    let skips: Vec<&(&str, &str)> =
        skips.iter().filter(|(check, _)| check.starts_with("CKV")).collect();
    if skips.is_empty() {
        return;
    }
    for object in objects {
        let annotations = object.metadata_mut().annotations.get_or_insert_with(Default::default);
        let taken = annotations.keys().filter(|k| k.starts_with("checkov.io/skip")).count();
        for (i, (check, reason)) in skips.iter().enumerate() {
            annotations
                .insert(format!("checkov.io/skip{}", taken + i + 1), format!("{check}={reason}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A visitor that names the type it was given and its kind.
    struct Name;
    impl TypeVisitor for Name {
        type Output = (&'static str, &'static str);
        fn visit<K>(self, path: &'static str) -> Self::Output
        where
            K: Resource + serde::Serialize + serde::de::DeserializeOwned,
        {
            (path, K::KIND)
        }
    }

    #[test]
    fn each_typed_kind_is_found_by_its_api_version_and_kind_with_its_path() {
        let found = |v: &str, k: &str| visit_type(v, k, Name);
        assert_eq!(
            found("apps/v1", "Deployment"),
            Some(("api::apps::v1::Deployment", "Deployment"))
        );
        assert_eq!(found("v1", "LimitRange"), Some(("api::core::v1::LimitRange", "LimitRange")));
        assert_eq!(
            found("autoscaling/v2", "HorizontalPodAutoscaler"),
            Some(("api::autoscaling::v2::HorizontalPodAutoscaler", "HorizontalPodAutoscaler"))
        );
        // Another version of a kind is not the type: its fields differ.
        assert_eq!(found("policy/v1beta1", "PodDisruptionBudget"), None);
        assert_eq!(found("example.com/v1", "Widget"), None);
    }
}
