//! Where a model value was written: the line a user's constructor call (or `..X::default()`)
//! is on, so a problem with the value is reported there rather than at its app.

use std::panic::Location;

/// The line of the user's code that made a value (its constructor, or the
/// `..X::default()` ending its struct literal). Set by the model itself; not part of the
/// value: two values written in different places compare equal.
/// Renders nothing: it only locates messages.
#[derive(Clone, Copy, Default)]
pub struct Origin(Option<&'static Location<'static>>);

impl Origin {
    /// The caller's location, unless the caller is this crate's own code (a derived
    /// `Default` filling in a field says nothing about where the user wrote anything).
    #[track_caller]
    pub(crate) fn here() -> Origin {
        let at = Location::caller();
        Origin((!internal(at.file())).then_some(at))
    }

    /// The location, when known.
    pub fn location(self) -> Option<&'static Location<'static>> {
        self.0
    }

    /// This origin, or `other` when this one is unknown.
    #[must_use]
    pub fn or(self, other: Origin) -> Origin {
        if self.0.is_some() { self } else { other }
    }
}

impl From<&'static Location<'static>> for Origin {
    fn from(at: &'static Location<'static>) -> Origin {
        Origin(Some(at))
    }
}

/// Whether `file` is one of this crate's own sources (and not a user's file that a
/// `#[path = "../…"]` module reaches through `src/`).
fn internal(file: &str) -> bool {
    let ours = file!();
    let root = ours.strip_suffix("model/origin.rs").unwrap_or(ours);
    file.strip_prefix(root).is_some_and(|rest| !rest.split('/').any(|part| part == ".."))
}

impl PartialEq for Origin {
    fn eq(&self, _: &Origin) -> bool {
        true
    }
}

impl Eq for Origin {}

impl std::hash::Hash for Origin {
    fn hash<H: std::hash::Hasher>(&self, _: &mut H) {}
}

impl std::fmt::Debug for Origin {
    // Kept out of debug output: it would change with every edit above the value.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Origin")
    }
}

/// `impl Default` for a model type with an `at: Origin` field: every other field at its own
/// default, `at` at the caller's line (the `..X::default()` of a struct literal, or the
/// user's call of a `#[track_caller]` constructor that starts from it). Lists every field,
/// so a new one that is left out does not compile.
macro_rules! located_default {
    ($ty:ident { $($field:ident),* $(,)? }) => {
        impl Default for $ty {
            #[track_caller]
            fn default() -> $ty {
                $ty { $($field: Default::default(),)* at: $crate::model::Origin::here() }
            }
        }
    };
}
pub(crate) use located_default;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_crate_own_lines_are_unknown_and_equality_ignores_place() {
        assert!(Origin::here().location().is_none());
        assert!(internal("src/render/mod.rs"));
        assert!(!internal("src/../environments/prod.rs"));
        assert!(!internal("examples/srvthreds/stack.rs"));
        assert!(!internal("src/yaml/../../tests/pieces.rs"));
        let known = Origin::from(Location::caller());
        assert_eq!(known, Origin::default(), "where a value was written is not part of it");
        assert_eq!(Origin::default().or(known).location(), known.location());
        assert!(known.or(Origin::default()).location().is_some());
    }
}
