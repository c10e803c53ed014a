//! The input's objects indexed for the questions each workload asks (its Services, its
//! autoscaler, its account): looked up by kind, namespace, name or selector, never scanned.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1 as core;

use super::{Named, Read, typed};

/// The input's objects by kind and namespace (`""` for none), each list in input order: a
/// workload looks up its Services, autoscaler and policy there, not in every object.
pub(crate) type ByKind<'a> = BTreeMap<(&'a str, &'a str), Vec<&'a Read>>;

/// The input's objects by kind, namespace (`""` for none) and name.
pub(crate) type ByName<'a> = BTreeMap<(String, String, String), Vec<&'a Read>>;

/// The input's Services by namespace and the first label of their selector, each with its
/// position in the input: a workload looks up only those its pods could match.
pub(crate) type BySelector<'a> =
    BTreeMap<(String, String, String), Vec<(usize, Named<'a, core::Service>)>>;

/// The Services of `objects` indexed by namespace and first selector label.
pub(crate) fn by_selector<'a>(objects: &[&'a Read]) -> BySelector<'a> {
    let mut out = BySelector::new();
    for (i, &o) in objects.iter().enumerate() {
        let Some(s) = o.get::<core::Service>() else { continue };
        let first = s.spec.as_ref().and_then(|s| s.selector.as_ref()).and_then(|m| m.iter().next());
        if let Some((k, v)) = first {
            let key = (o.namespace().to_owned(), k.clone(), v.clone());
            out.entry(key).or_default().push((i, (o, s)));
        }
    }
    out
}

/// The objects of one (kind, namespace, name).
fn lookup<'m, 'a>(named: &'m ByName<'a>, key: (&str, &str, &str)) -> &'m [&'a Read] {
    let key = (key.0.to_owned(), key.1.to_owned(), key.2.to_owned());
    named.get(&key).map_or(&[][..], Vec::as_slice)
}

/// `objects` indexed by kind, namespace and name.
pub(crate) fn by_name<'a>(objects: &[&'a Read]) -> ByName<'a> {
    let mut out = ByName::new();
    for &o in objects {
        let key = (o.kind().to_owned(), o.namespace().to_owned(), o.name().to_owned());
        out.entry(key).or_default().push(o);
    }
    out
}

/// `objects` indexed by kind and namespace.
pub(crate) fn by_kind<'a>(objects: &[&'a Read]) -> ByKind<'a> {
    let mut out = ByKind::new();
    for &o in objects {
        out.entry((o.kind(), o.namespace())).or_default().push(o);
    }
    out
}

/// The objects of one kind in namespace `ns`, each as its type.
pub(crate) fn here<'a, 'm, K: crate::object::Kind + 'static>(
    all: &'m ByKind<'a>,
    ns: &'m str,
) -> impl Iterator<Item = Named<'a, K>> + 'm {
    typed::<K>(all.get(&(K::KIND, ns)).into_iter().flatten().copied())
}

/// The objects of one kind in any namespace, each as its type.
pub(crate) fn anywhere<'a, 'm, K: crate::object::Kind + 'static>(
    all: &'m ByKind<'a>,
) -> impl Iterator<Item = Named<'a, K>> + 'm {
    let found = all.range((K::KIND, "")..).take_while(|((k, _), _)| *k == K::KIND);
    typed::<K>(found.flat_map(|(_, v)| v).copied())
}

/// The objects of one kind and name in namespace `ns` (looked up, not scanned: every
/// workload asks), each as its type.
pub(crate) fn here_named<'a, 'm, K: crate::object::Kind + 'static>(
    named: &'m ByName<'a>,
    ns: &str,
    n: &str,
) -> impl Iterator<Item = Named<'a, K>> + use<'a, 'm, K> {
    typed::<K>(lookup(named, (K::KIND, ns, n)).iter().copied())
}
