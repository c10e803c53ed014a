//! Load: what is read from disk before a render (raw YAML, image files), checked and located.

pub(crate) mod images;
pub(crate) mod raw;
