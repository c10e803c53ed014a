//! Kustomize's legacy object order, ported exactly, and file names that sort the same way.

use std::cmp::Ordering;

use crate::object::Object;

/// Kinds that come first, in this order (Kustomize's `defaultOrderFirst`, "DO NOT CHANGE!").
const ORDER_FIRST: &[&str] = &[
    "Namespace",
    "ResourceQuota",
    "StorageClass",
    "CustomResourceDefinition",
    "ServiceAccount",
    "PodSecurityPolicy",
    "Role",
    "ClusterRole",
    "RoleBinding",
    "ClusterRoleBinding",
    "ConfigMap",
    "Secret",
    "Endpoints",
    "Service",
    "LimitRange",
    "PriorityClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "Deployment",
    "StatefulSet",
    "CronJob",
    "PodDisruptionBudget",
];

/// Kinds that come last (Kustomize's `defaultOrderLast`).
const ORDER_LAST: &[&str] = &["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"];

/// Kustomize's rank: negative for the first kinds, 0 for the rest, positive for the last.
fn rank(kind: &str) -> i64 {
    let first = ORDER_FIRST.len() as i64;
    if let Some(i) = ORDER_FIRST.iter().position(|k| *k == kind) {
        return i as i64 - first;
    }
    ORDER_LAST.iter().position(|k| *k == kind).map_or(0, |i| 1 + i as i64)
}

fn or_tilde<'a>(s: &'a str, tilde: &'a str) -> &'a str {
    if s.is_empty() { tilde } else { s }
}

/// What the legacy order and file names read of an object: its group, version, kind,
/// namespace and name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Key<'a> {
    pub(crate) group: &'a str,
    pub(crate) version: &'a str,
    pub(crate) kind: &'a str,
    pub(crate) namespace: Option<&'a str>,
    pub(crate) name: &'a str,
}

impl<'a> Key<'a> {
    /// `object`'s key.
    pub(crate) fn of(object: &'a Object) -> Self {
        Key {
            group: object.group(),
            version: object.version(),
            kind: object.kind(),
            namespace: object.namespace(),
            name: object.name(),
        }
    }

    /// The bytes of `G_V_K` with `~G`, `~V`, `~K` for empty parts, as Kustomize's
    /// `gvkLessThan` compares them; an iterator, so sorting allocates nothing.
    fn gvk_bytes(self) -> impl Iterator<Item = u8> + 'a {
        let sep = || std::iter::once(b'_');
        or_tilde(self.group, "~G")
            .bytes()
            .chain(sep())
            .chain(or_tilde(self.version, "~V").bytes())
            .chain(sep())
            .chain(or_tilde(self.kind, "~K").bytes())
    }

    /// The bytes Kustomize compares last, `namespace|name` (`~X`, `~N` when empty); with equal
    /// kinds the `Kind.Version.Group|` prefix of its id string is equal too.
    fn id_tail(self) -> impl Iterator<Item = u8> + 'a {
        self.namespace
            .unwrap_or("~X")
            .bytes()
            .chain(std::iter::once(b'|'))
            .chain(or_tilde(self.name, "~N").bytes())
    }

    /// Kustomize's `legacyIDSorter.Less`, as an ordering.
    pub(crate) fn legacy_cmp(self, b: Key<'_>) -> Ordering {
        self.cmp_with(
            b,
            || (rank(self.kind), rank(b.kind)),
            |a, b| a.gvk_bytes().cmp(b.gvk_bytes()),
            |a, b| a.id_tail().cmp(b.id_tail()),
        )
    }

    /// [`Key::legacy_cmp`] given the two kinds' ranks and how to compare the `G_V_K` bytes
    /// and the `namespace|name` bytes of two keys, so a sort of many documents can use what
    /// it worked out once per document.
    pub(crate) fn cmp_with<'b>(
        self,
        b: Key<'b>,
        ranks: impl Fn() -> (i64, i64),
        gvk: impl Fn(Key<'a>, Key<'b>) -> Ordering,
        tail: impl Fn(Key<'a>, Key<'b>) -> Ordering,
    ) -> Ordering {
        let a = self;
        if a.group != b.group || a.version != b.version || a.kind != b.kind {
            let (ra, rb) = ranks();
            if ra != rb {
                return ra.cmp(&rb);
            }
            // The core Namespace precedes a same-named kind from another group.
            if a.kind == "Namespace"
                && b.kind == "Namespace"
                && (a.group.is_empty() || b.group.is_empty())
            {
                return gvk(a, b).reverse();
            }
            return gvk(a, b);
        }
        tail(a, b)
    }

    /// What [`Key::legacy_cmp`] compares, worked out once: the kind's rank, and the `G_V_K`
    /// bytes followed by the `namespace|name` bytes, with where the second part starts.
    pub(crate) fn sort_key(self) -> SortKey {
        let mut bytes: Vec<u8> = self.gvk_bytes().collect();
        let split = bytes.len();
        bytes.extend(self.id_tail());
        SortKey { rank: rank(self.kind), bytes: bytes.into_boxed_slice(), split }
    }

    /// The file name in a tree; see [`file_name`].
    pub(crate) fn file_name(self, with_namespace: bool) -> String {
        let kind = self.kind.to_ascii_lowercase();
        let prefix = match ORDER_FIRST.iter().position(|k| *k == self.kind) {
            Some(i) => format!("{i:02}-{kind}"),
            None => match ORDER_LAST.iter().position(|k| *k == self.kind) {
                Some(i) => format!("{}-{kind}", 90 + i),
                // Grouped kinds sort before core ones, as `~G` sorts after any group name.
                None if self.group.is_empty() => format!("60-{kind}"),
                None => format!("50-{}-{kind}", self.group),
            },
        };
        // `_`, which no namespace holds, so namespace `a-b` with name `c` and namespace `a`
        // with name `b-c` are two files.
        match self.namespace.filter(|_| with_namespace) {
            Some(ns) => format!("{prefix}-{ns}_{}.yaml", self.name),
            None => format!("{prefix}-{}.yaml", self.name),
        }
    }
}

/// [`Key::sort_key`]: one allocation per document.
#[derive(Clone, Debug)]
pub(crate) struct SortKey {
    pub(crate) rank: i64,
    bytes: Box<[u8]>,
    split: usize,
}

impl SortKey {
    /// The `G_V_K` bytes.
    pub(crate) fn gvk(&self) -> &[u8] {
        &self.bytes[..self.split]
    }

    /// The `namespace|name` bytes.
    pub(crate) fn tail(&self) -> &[u8] {
        &self.bytes[self.split..]
    }
}

/// Kustomize's `legacyIDSorter.Less`, as an ordering.
pub fn legacy_cmp(a: &Object, b: &Object) -> Ordering {
    Key::of(a).legacy_cmp(Key::of(b))
}

/// Sorts objects into Kustomize's legacy order (a stable sort; equal ids keep their order).
pub fn sort_legacy(objects: &mut [Object]) {
    objects.sort_by(legacy_cmp);
}

/// The file name for `object`: a prefix that makes byte order equal apply order, the kind,
/// and the name (`13-service-api.yaml`). Kinds outside Kustomize's lists get their group in
/// the name, because that is how the legacy order breaks ties between them.
pub fn file_name(object: &Object, with_namespace: bool) -> String {
    Key::of(object).file_name(with_namespace)
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::apps::v1::{Deployment, StatefulSet};
    use k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler;
    use k8s_openapi::api::batch::v1::Job;
    use k8s_openapi::api::core::v1::{ConfigMap, Namespace, Service};
    use k8s_openapi::api::networking::v1::Ingress;
    use k8s_openapi::api::policy::v1::PodDisruptionBudget;
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

    fn meta(name: &str) -> ObjectMeta {
        ObjectMeta { name: Some(name.into()), ..ObjectMeta::default() }
    }

    fn mixed() -> Vec<Object> {
        vec![
            Ingress { metadata: meta("web"), ..Default::default() }.into(),
            Job { metadata: meta("seed"), ..Default::default() }.into(),
            HorizontalPodAutoscaler { metadata: meta("web"), ..Default::default() }.into(),
            PodDisruptionBudget { metadata: meta("web"), ..Default::default() }.into(),
            StatefulSet { metadata: meta("db"), ..Default::default() }.into(),
            Deployment { metadata: meta("web"), ..Default::default() }.into(),
            Service { metadata: meta("b"), ..Default::default() }.into(),
            Service { metadata: meta("a"), ..Default::default() }.into(),
            ConfigMap { metadata: meta("a"), ..Default::default() }.into(),
            ConfigMap { metadata: meta("B"), ..Default::default() }.into(),
            Namespace { metadata: meta("ns"), ..Default::default() }.into(),
        ]
    }

    #[test]
    fn a_namespace_and_a_name_never_run_together_in_a_file_name() {
        let at = |ns: &str, name: &str| -> Object {
            let metadata = ObjectMeta { namespace: Some(ns.into()), ..meta(name) };
            ConfigMap { metadata, ..Default::default() }.into()
        };
        let (one, two) = (file_name(&at("a-b", "c"), true), file_name(&at("a", "b-c"), true));
        assert_eq!(
            (one.as_str(), two.as_str()),
            ("10-configmap-a-b_c.yaml", "10-configmap-a_b-c.yaml")
        );
        assert_eq!(file_name(&at("a", "b-c"), false), "10-configmap-b-c.yaml");
    }

    #[test]
    fn legacy_order_matches_kustomize() {
        // Expected order taken from `kubectl kustomize` (v5.5.0) on the same kinds; see
        // shared/reference/kustomize.md §2.1: ranked kinds, then unranked ones by group.
        let mut objects = mixed();
        sort_legacy(&mut objects);
        let got: Vec<String> =
            objects.iter().map(|o| format!("{}/{}", o.kind(), o.name())).collect();
        assert_eq!(
            got,
            [
                "Namespace/ns",
                "ConfigMap/B",
                "ConfigMap/a",
                "Service/a",
                "Service/b",
                "Deployment/web",
                "StatefulSet/db",
                "PodDisruptionBudget/web",
                "HorizontalPodAutoscaler/web",
                "Job/seed",
                "Ingress/web",
            ]
        );
    }

    #[test]
    fn file_names_sort_in_legacy_order() {
        let mut objects = mixed();
        objects.retain(|o| o.name() != "B");
        sort_legacy(&mut objects);
        let names: Vec<String> = objects.iter().map(|o| file_name(o, false)).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
        assert_eq!(names[0], "00-namespace-ns.yaml");
        assert!(names.contains(&"50-networking.k8s.io-ingress-web.yaml".to_owned()));
    }

    #[test]
    fn a_stream_of_documents_is_in_legacy_order() {
        // A Namespace of another group, a kind of no group and two namespaces: every branch
        // of the comparison the stream's sort reuses with bytes built once.
        let raw = |api: &str, kind: &str, ns: Option<&str>, name: &str| {
            Object::Raw(crate::object::RawObject {
                api_version: api.into(),
                kind: kind.into(),
                metadata: ObjectMeta { namespace: ns.map(str::to_owned), ..meta(name) },
                rest: serde_json::Map::new(),
            })
        };
        let mut objects = mixed();
        objects.extend([
            raw("example.com/v1", "Namespace", None, "ns"),
            raw("example.com/v1", "Widget", Some("b"), "w"),
            raw("example.com/v1", "Widget", Some("a"), "w"),
            raw("v1", "Widget", None, "w"),
            raw("admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration", None, "v"),
        ]);
        objects.reverse();
        let docs = super::super::documents(&objects).unwrap_or_else(|e| panic!("{e}"));
        let mut stream = Vec::new();
        super::super::write_documents(&docs, super::super::Order::Legacy, &mut stream)
            .unwrap_or_else(|e| panic!("{e}"));
        sort_legacy(&mut objects);
        let want: Vec<String> = super::super::documents(&objects)
            .unwrap_or_else(|e| panic!("{e}"))
            .into_iter()
            .map(|d| d.yaml)
            .collect();
        assert_eq!(String::from_utf8(stream).unwrap_or_default(), want.join("---\n"));
    }
}
