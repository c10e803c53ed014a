//! One module per service, each a function returning its base [`rustomize::App`].

pub mod api;
pub mod db;
pub mod frontend;
pub mod workers;
