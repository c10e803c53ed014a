//! Credentials written as literals: found by the name they are given and by the shape of the
//! value, in env literals, config data, command lines and annotations. Each is an error unless
//! the app (or, for environment-wide values, the environment) waives it with a reason.

use super::Validator;
use crate::error::Code;
use crate::model::{App, EnvValue, Waiver};

/// The waiver id that accepts a literal credential, with its written reason.
pub(crate) const CREDENTIAL_CHECK: &str = "RUSTOMIZE_LITERAL_CREDENTIAL";

/// Whether a variable or key name says it holds a credential: `DB_PASS`, `APIKEY`,
/// `JWT_SIGNING_KEY`, `client_secret`. Matched by whole words, so `AUTH_MODE` and `PASSPORT`
/// are not.
pub(crate) fn name_looks_secret(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let words: Vec<&str> =
        upper.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    const WORDS: &[&str] = &[
        "PASS",
        "PASSWORD",
        "PASSWD",
        "PWD",
        "SECRET",
        "TOKEN",
        "APIKEY",
        "CREDENTIAL",
        "CREDENTIALS",
        "PRIVATEKEY",
        "PASSPHRASE",
    ];
    const BEFORE_KEY: &[&str] = &[
        "API",
        "PRIVATE",
        "ACCESS",
        "SIGNING",
        "SECRET",
        "ENCRYPTION",
        "MASTER",
        "SERVICE",
        "ROLE",
        "ANON",
        "AUTH",
        "SESSION",
        "STRIPE",
        "CLIENT",
        "APP",
        "LICENSE",
        "HMAC",
        "WEBHOOK",
        "COOKIE",
        "CSRF",
    ];
    // Run together with a product or tool name: `PGPASSWORD`, `REDISPASSWORD`.
    const ENDINGS: &[&str] = &["PASSWORD", "PASSWD", "SECRET", "APIKEY", "TOKEN"];
    words.iter().any(|w| WORDS.contains(w))
        || words.iter().any(|w| {
            ENDINGS.iter().any(|e| w.len() > e.len() + 1 && w.ends_with(e) && *w != "TOKENIZER")
        })
        || words.windows(2).any(|p| p[1] == "KEY" && BEFORE_KEY.contains(&p[0]))
}

/// The kind of credential a value looks like, if any: a URL with a password, a cloud or
/// service key, a private key, a token.
pub(crate) fn value_looks_secret(value: &str) -> Option<&'static str> {
    if let Some(i) = value.find("://") {
        let authority = value[i + 3..].split(['/', '?', '#', ' ']).next().unwrap_or_default();
        if let Some((userinfo, _)) = authority.rsplit_once('@')
            && userinfo
                .split_once(':')
                .is_some_and(|(_, pass)| !pass.is_empty() && !pass.starts_with("${"))
        {
            return Some("a URL with a password");
        }
    }
    if ["xoxb-", "xoxp-", "xoxa-"].iter().any(|p| value.contains(p)) {
        return Some("a Slack token");
    }
    // `jdbc:…?user=app&password=…`, `Server=db;Password=…;`: a password among parameters.
    let parameter = value.split(['?', '&', ';']).any(|part| {
        part.split_once('=').is_some_and(|(name, v)| {
            let name = name.trim();
            matches!(name.to_ascii_lowercase().as_str(), "password" | "pass" | "pwd" | "passwd")
                && !v.trim().is_empty()
                && !v.trim().starts_with("${")
        })
    });
    if parameter && value.contains(['?', '&', ';']) {
        return Some("a connection string with a password");
    }
    // Every other token is at least `AKIA` and 16 characters long, and most values (ports,
    // hosts, log levels) are shorter: checked without searching them for each prefix.
    if value.len() >= 20
        && let Some(kind) = long_token(value)
    {
        return Some(kind);
    }
    // `password=…` or `secret: …` inside a properties, ini or YAML file.
    let assigned = value.lines().any(|l| {
        let l = l.trim();
        let Some(at) = l.find(['=', ':']) else { return false };
        let (name, rest) = (&l[..at], l[at + 1..].trim());
        name_looks_secret(name.trim())
            && !rest.is_empty()
            && !rest.starts_with("${")
            && !rest.starts_with('<')
    });
    assigned.then_some("a credential assigned in a config file")
}

/// What a value of 20 characters or more holds, if it holds a key or token of a known shape.
fn long_token(value: &str) -> Option<&'static str> {
    let token = |prefix: &str, min: usize| {
        value.match_indices(prefix).any(|(i, _)| {
            value[i + prefix.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
                .count()
                >= min
        })
    };
    if token("AIza", 35) {
        return Some("a Google API key");
    }
    if token("glpat-", 20) {
        return Some("a GitLab token");
    }
    if token("AKIA", 16) || token("ASIA", 16) {
        return Some("an AWS access key");
    }
    if ["ghp_", "gho_", "ghs_", "ghu_", "github_pat_"].iter().any(|p| token(p, 30)) {
        return Some("a GitHub token");
    }
    if token("sk_live_", 16) || token("rk_live_", 16) {
        return Some("a Stripe live key");
    }
    if value.contains("-----BEGIN") && value.contains("PRIVATE KEY-----") {
        return Some("a private key");
    }
    // Split at `=` and `:` too, so `--token=eyJ…` and `Bearer:eyJ…` are read.
    let jwt =
        value.split(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '=' | ':')).any(|w| {
            let parts: Vec<&str> = w.split('.').collect();
            parts.len() == 3
                && parts[0].starts_with("eyJ")
                && parts[1].starts_with("eyJ")
                && parts[2].len() >= 16
        });
    jwt.then_some("a JSON Web Token")
}

/// Whether `waivers` accept literal credentials (with a reason).
pub(crate) fn waived(waivers: &[Waiver]) -> bool {
    waivers.iter().any(|w| w.covers(CREDENTIAL_CHECK) && !w.reason.trim().is_empty())
}

/// The fix every literal-credential problem offers; `import` recognises the problem by it
/// (and waives what the original commits, for the report to flag).
pub(crate) const CREDENTIAL_HELP: &str = "declare the value in a `SecretSpec` and refer to its key; if it is no credential, waive it with `Waiver::literal_credential(\"<why>\")`";

impl Validator<'_> {
    fn credential(&mut self, field: String, what: String) {
        self.report(
            Code::Credential,
            field,
            format!("{what}, which would be committed to git"),
            Some("a Secret key reference".into()),
            Some(CREDENTIAL_HELP.into()),
        );
    }

    /// An app's env literals, config data, command lines and annotations.
    pub(super) fn app_credentials(&mut self, app: &App) {
        if waived(&app.waivers) {
            return;
        }
        for c in app.all_containers() {
            for (name, value) in c.env.iter() {
                let EnvValue::Literal(v) = value else { continue };
                let field = format!("containers[{}].env.{name}", c.name);
                if name_looks_secret(name) && !v.is_empty() {
                    self.credential(
                        field,
                        format!("`{name}` looks like a credential but has a literal value"),
                    );
                } else if let Some(kind) = value_looks_secret(v) {
                    self.credential(field, format!("the value of `{name}` looks like {kind}"));
                }
            }
            for (i, arg) in c.command.iter().chain(&c.args).enumerate() {
                if let Some(kind) = value_looks_secret(arg) {
                    self.credential(
                        format!("containers[{}].args[{i}]", c.name),
                        format!("an argument looks like {kind}"),
                    );
                }
            }
        }
        // Out of the list while it is read, so reporting can borrow the validator.
        if let Some(config) = self.configs.pop() {
            self.data_credentials("config", &config);
            self.configs.push(config);
        }
        let annotations = app
            .annotations
            .iter()
            .chain(&app.pod_annotations)
            .chain(app.expose.iter().flat_map(|e| &e.annotations))
            .chain(app.ingress.iter().flat_map(|i| &i.annotations));
        let found: Vec<(String, &'static str)> = annotations
            .filter_map(|(k, v)| value_looks_secret(v).map(|kind| (k.clone(), kind)))
            .collect();
        for (key, kind) in found {
            self.credential(
                format!("annotations.{key}"),
                format!("annotation `{key}` looks like {kind}"),
            );
        }
    }

    /// Config data: a key named like a credential with a value, or a value shaped like one.
    pub(super) fn data_credentials(
        &mut self,
        field: &str,
        data: &std::collections::BTreeMap<String, String>,
    ) {
        for (key, value) in data {
            if name_looks_secret(key) && !value.is_empty() {
                self.credential(
                    format!("{field}.{key}"),
                    format!("config key `{key}` looks like a credential"),
                );
            } else if let Some(kind) = value_looks_secret(value) {
                self.credential(
                    format!("{field}.{key}"),
                    format!("config key `{key}` holds what looks like {kind}"),
                );
            }
        }
    }

    /// The environment's shared configs and annotations.
    pub(super) fn environment_credentials(&mut self) {
        if waived(&self.env.waivers) {
            return;
        }
        let env = self.env;
        // Out of the validator while it is read, so reporting can borrow the validator.
        let resolved = std::mem::take(&mut self.shared);
        for (shared, data) in env.configs.iter().zip(resolved.iter()) {
            self.object = format!("config `{}`", shared.name);
            self.subject = crate::error::Subject::Config(shared.name.clone());
            self.data_credentials("config", data);
        }
        self.shared = resolved;
        self.object = "environment".into();
        self.subject = crate::error::Subject::Environment;
        for (key, value) in &env.annotations {
            if let Some(kind) = value_looks_secret(value) {
                self.credential(
                    format!("annotations.{key}"),
                    format!("annotation `{key}` looks like {kind}"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_by_whole_words() {
        for secret in [
            "PASS",
            "DB_PASS",
            "APIKEY",
            "JWT_SIGNING_KEY",
            "client_secret",
            "GITHUB_TOKEN",
            "SUPABASE_SERVICE_ROLE_KEY",
            "MYSQL_ROOT_PASSWORD",
            "SESSION_KEY",
            "STRIPE_KEY",
            "PGPASSWORD",
        ] {
            assert!(name_looks_secret(secret), "{secret}");
        }
        for plain in ["AUTH_MODE", "PASSPORT_URL", "KEY_PREFIX", "TOKENIZER", "LOG_LEVEL"] {
            assert!(!name_looks_secret(plain), "{plain}");
        }
    }

    #[test]
    fn values_by_shape() {
        let cases = [
            ("postgresql://app:hunter2@db:5432/app", Some("a URL with a password")),
            ("postgresql://app@db:5432/app", None),
            ("AKIAIOSFODNN7EXAMPLE", Some("an AWS access key")),
            ("ghp_abcdefghijklmnopqrstuvwxyz0123456789", Some("a GitHub token")),
            ("sk_live_4eC39HqLyjWDarjtT1zdp7dc", Some("a Stripe live key")),
            ("-----BEGIN RSA PRIVATE KEY-----\nMIIE", Some("a private key")),
            (
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
                Some("a JSON Web Token"),
            ),
            ("spring.datasource.password=admin\n", Some("a credential assigned in a config file")),
            ("password: ${DB_PASSWORD}\n", None),
            ("https://learning-platform.supabase.co", None),
            ("AIzaSyD-1234567890abcdefghijklmnopqrstu", Some("a Google API key")),
            ("glpat-abcdefghij0123456789", Some("a GitLab token")),
            (
                "--token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
                Some("a JSON Web Token"),
            ),
            (
                "jdbc:postgresql://db:5432/app?user=app&password=hunter2",
                Some("a connection string with a password"),
            ),
            ("Server=db;User Id=sa;Password=hunter2;", Some("a connection string with a password")),
            ("jdbc:postgresql://db:5432/app?sslmode=require", None),
        ];
        for (value, kind) in cases {
            assert_eq!(value_looks_secret(value), kind, "{value}");
        }
    }
}
