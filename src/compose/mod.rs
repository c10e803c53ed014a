//! Compose: the same declarations rendered as a Compose Specification file, for the teams
//! that run Docker Compose locally or in production. Pure, like `render`.
//!
//! The mapping follows the model's meaning, not Kubernetes fields: one service per app (its
//! init containers become services it waits for), the app's config and Secret keys as
//! environment (Secret values come from `.env`, never from git), published ports for
//! NodePort and LoadBalancer Services, health checks from exec probes or a declared check
//! command, start-up order from `depends_on`, and the secure defaults (a non-root user, a
//! read-only root with tmpfs for writable paths, no capabilities, no privilege escalation).
//! What has no Compose meaning is left out and listed; what an app needs to work and Compose
//! cannot express is an error.

mod runtime;
mod service;
mod units;
mod volumes;

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::error::Diagnostic;
use crate::model::{ComposeTarget, Environment, ImageOverride, Workload};
use crate::validate::Resolved;

/// An environment rendered for Docker Compose.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Compose {
    /// The environment's name.
    pub target: String,
    /// The Compose file's name, e.g. `compose.yaml`.
    pub file: String,
    /// The document: `services`, then `volumes` and `configs` when there are any.
    pub document: Value,
    /// The `.env.example` file's name and text (the secret keys, never values), if any
    /// Secret is declared.
    pub env_example: Option<(String, String)>,
    /// Config files mounted into services, by path relative to the Compose file.
    pub files: BTreeMap<String, String>,
    /// What the model declares but Compose has no meaning for, one line each.
    pub left_out: Vec<String>,
}

/// The Compose file of `env`, or every reason it cannot be one. `images` are the image
/// overrides in force (the environment's and its image file's).
pub(crate) fn render(
    env: &Environment,
    target: &ComposeTarget,
    resolved: &Resolved,
    images: &[ImageOverride],
) -> Result<Compose, Vec<Diagnostic>> {
    let mut cx = service::Context::new(env, resolved, images);
    cx.environment_checks();
    let mut services = Map::new();
    for app in &env.apps {
        cx.app(app, &mut services);
    }
    if !cx.problems.is_empty() {
        return Err(cx.problems);
    }
    let variables = variables(env)?;
    let mut document = Map::new();
    document.insert("services".into(), Value::Object(services));
    if !cx.volumes.is_empty() {
        document.insert("volumes".into(), Value::Object(cx.volumes.clone()));
    }
    if !cx.configs.is_empty() {
        document.insert("configs".into(), Value::Object(cx.configs.clone()));
    }
    let mut document = Value::Object(document);
    escape(&mut document, &variables);
    Ok(Compose {
        target: env.name.clone(),
        file: target.file.clone(),
        document,
        env_example: env_example(env, target, &variables),
        files: cx.files,
        left_out: cx.left_out,
    })
}

/// The key under which [`service::from_dotenv`] marks a Secret key's place.
const SECRET_MARKER: &str = "\0rustomize-secret";

/// Each Secret key's `.env` variable ([`crate::safe::compose_variable`]); every key that has
/// none, and every two keys that would share one, is an error naming them.
fn variables(env: &Environment) -> Result<BTreeMap<String, String>, Vec<Diagnostic>> {
    let mut by_key: BTreeMap<String, String> = BTreeMap::new();
    let mut by_variable: BTreeMap<String, String> = BTreeMap::new();
    let mut problems = Vec::new();
    for secret in &env.secrets {
        for key in &secret.keys {
            let problem = |message: String, help: &str| {
                Diagnostic {
                targets: vec![env.name.clone()],
                code: crate::error::Code::InvalidValue,
                subject: crate::error::Subject::Secret(secret.name.clone()),
                object: format!("Secret `{}`", secret.name),
                field: "keys".into(),
                message,
                expected: Some("keys Compose can read from `.env`: letters, digits, `_`, `-` and `.`, not starting with a digit".into()),
                help: Some(help.into()),
            }
            };
            let Some(variable) = crate::safe::compose_variable(key) else {
                problems.push(problem(
                    format!("key `{}` has no `.env` variable name", crate::safe::shown(key)),
                    "rename the key; Compose reads Secret values from `.env` variables",
                ));
                continue;
            };
            match by_variable.get(&variable) {
                Some(other) if other != key => problems.push(problem(
                    format!("keys `{other}` and `{key}` would both be read from `.env` variable `{variable}`"),
                    "rename one of the keys",
                )),
                _ => {
                    by_variable.insert(variable.clone(), key.clone());
                    by_key.insert(key.clone(), variable);
                }
            }
        }
    }
    if problems.is_empty() { Ok(by_key) } else { Err(problems) }
}

/// Every string of `value` made literal for Compose, which interpolates them all (`$` becomes
/// `$$`, so `pg_isready -U $POSTGRES_USER` reaches the container as written), and each Secret
/// key's marker made the one reference that must interpolate: `${VAR:?set VAR in .env}`.
fn escape(value: &mut Value, variables: &BTreeMap<String, String>) {
    match value {
        Value::String(s) if s.contains('$') => *s = crate::safe::compose_literal(s),
        Value::Array(items) => items.iter_mut().for_each(|v| escape(v, variables)),
        Value::Object(map) => {
            if map.len() == 1
                && let Some(Value::String(key)) = map.get(SECRET_MARKER)
            {
                let var = variables.get(key).cloned().unwrap_or_else(|| key.clone());
                *value = Value::String(format!("${{{var}:?set {var} in .env}}"));
                return;
            }
            map.values_mut().for_each(|v| escape(v, variables));
        }
        _ => {}
    }
}

/// The keys every Secret of `env` needs, to fill in a `.env` beside the Compose file.
fn env_example(
    env: &Environment,
    target: &ComposeTarget,
    variables: &BTreeMap<String, String>,
) -> Option<(String, String)> {
    if env.secrets.is_empty() {
        return None;
    }
    let mut out = format!(
        "# Secrets of target `{}`: the keys only, never values. Copy this file to `.env` beside\n\
         # `{}`, outside git, and fill it in; Compose reads it when the services start.\n",
        env.name, target.file
    );
    out.push_str(&crate::envfile::example_body(
        env.secrets.iter().map(|s| (s.name.as_str(), s.description.as_str(), s.keys.as_slice())),
        |key| variables.get(key).map(String::as_str),
    ));
    Some((target.env_example.clone(), out))
}

/// Whether an app runs once to completion in Compose.
fn runs_once(workload: &Workload) -> bool {
    matches!(workload, Workload::Job(_) | Workload::Pod)
}
