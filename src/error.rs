//! Errors and diagnostics, worded like a compiler's: what was found, what was expected, a fix.
//!
//! Every problem with the input, whether in Rust declarations, an env file, raw YAML or an
//! image file, is one [`Diagnostic`]; the `error:` prefix is added here, by the printer.

use std::fmt;
use std::path::PathBuf;

/// One problem found in the input: what kind ([`Code`]), where (the targets, the subject
/// and the field), what was found and expected. Tools match on the code and the subject;
/// the text is for people.
///
/// ```
/// use rustomize::{Code, Subject};
///
/// let d = rustomize::Diagnostic::in_file("prod.env", 3, "expected `KEY=VALUE`")
///     .with_help("quote values that contain spaces");
/// assert_eq!(d.to_string(), "error: expected `KEY=VALUE`\n  --> prod.env:3\n  = help: quote values that contain spaces");
/// assert_eq!((d.code, d.subject), (Code::Syntax, Subject::File("prod.env".into())));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostic {
    /// What kind of problem it is.
    pub code: Code,
    /// The environments it was found in, e.g. `["prod"]` (one problem of a value several
    /// environments share is reported once); empty for a file read on its own.
    pub targets: Vec<String>,
    /// What the problem is about.
    pub subject: Subject,
    /// How the subject is shown, with the line of code that wrote it when known, e.g.
    /// ``app `api` (environments/api.rs:12)`` or `prod.env:3`.
    pub object: String,
    /// The field inside it, e.g. `containers[api].probes.readiness.port`.
    pub field: String,
    /// What is wrong, naming what was found.
    pub message: String,
    /// What would have been accepted.
    pub expected: Option<String>,
    /// A fix, when one is known.
    pub help: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Every piece may quote a name read from a hostile file: printed inert.
        use crate::safe::inert;
        writeln!(f, "error: {}", inert(&self.message))?;
        let object = inert(&self.object);
        let targets: Vec<&str> =
            self.targets.iter().map(String::as_str).filter(|t| !t.is_empty()).collect();
        match targets.as_slice() {
            [] => write!(f, "  --> {object}")?,
            [one] => write!(f, "  --> target `{}`, {object}", inert(one))?,
            many => {
                let quoted: Vec<String> = many.iter().map(|t| format!("`{}`", inert(t))).collect();
                write!(f, "  --> targets {}, {object}", quoted.join(", "))?;
            }
        }
        if !self.field.is_empty() {
            write!(f, ", field `{}`", inert(&self.field))?;
        }
        if let Some(expected) = &self.expected {
            write!(f, "\n  = expected: {}", inert(expected))?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {}", inert(help))?;
        }
        Ok(())
    }
}

impl Diagnostic {
    /// A problem in a file, located by path and 1-based line (0 for the whole file). The
    /// message must never quote the line: it may hold a secret value.
    pub fn in_file(path: impl fmt::Display, line: usize, message: impl Into<String>) -> Diagnostic {
        let object = if line == 0 { format!("{path}") } else { format!("{path}:{line}") };
        Diagnostic {
            code: Code::Syntax,
            subject: Subject::File(path.to_string()),
            object,
            message: message.into(),
            ..Diagnostic::default()
        }
    }

    /// The same problem, reported under `target`.
    #[must_use]
    pub fn for_target(mut self, target: &str) -> Diagnostic {
        self.targets = vec![target.to_owned()];
        self
    }

    /// The same problem, of kind `code`.
    #[must_use]
    pub fn with_code(mut self, code: Code) -> Diagnostic {
        self.code = code;
        self
    }

    /// The same problem, with a fix.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
}

/// What kind of problem a [`Diagnostic`] reports: stable, for tools and tests to match on
/// (new kinds may be added).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Code {
    /// A value its field does not accept: a name, a quantity, a number out of range.
    #[default]
    InvalidValue,
    /// A reference to something not declared: a port, key, volume, app, container, Secret,
    /// shared config, claim or ServiceAccount.
    UnknownReference,
    /// One name declared twice.
    Duplicate,
    /// An environment edit (a patch, an image or replica override) that matches nothing.
    UnmatchedEdit,
    /// A credential written as a literal value.
    Credential,
    /// Security looser than the restricted profile without a reason, or changed by a patch.
    Security,
    /// A custom resource that its CRD's schema or validation rules refuse.
    Schema,
    /// An API or field the target's Kubernetes version does not serve.
    Version,
    /// A file that does not parse: an env file, YAML, an image file.
    Syntax,
    /// Settings that contradict each other, or do not apply to what they are set on.
    Conflict,
    /// Reading or writing the trees: a foreign file, a tree inside another.
    Tree,
}

/// What a [`Diagnostic`] is about, as data.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Subject {
    /// The environment as a whole (its settings, its raw YAML).
    #[default]
    Environment,
    /// The app of that name.
    App(String),
    /// The Secret of that name the environment declares.
    Secret(String),
    /// The shared ConfigMap of that name.
    Config(String),
    /// The component of that name.
    Component(String),
    /// An object as rendered or read: its kind and name.
    Object {
        /// The object's kind, e.g. `Deployment`.
        kind: String,
        /// Its name.
        name: String,
    },
    /// A patch, image override or replica override of the environment.
    Edit,
    /// A file, by path.
    File(String),
    /// The project: its targets and trees.
    Project,
}

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Validation found problems; nothing was rendered or written.
    #[error("{}", render_invalid(.0))]
    Invalid(Vec<Diagnostic>),
    /// The command line named a target the project does not have.
    #[error("{}", render_unknown_target(.target, .suggestion.as_deref(), .targets))]
    UnknownTarget {
        /// What was asked for.
        target: String,
        /// The closest known target, if any is close.
        suggestion: Option<String>,
        /// Every target name.
        targets: Vec<String>,
    },
    /// Reading or writing a file failed.
    #[error("error: cannot {action} `{}`: {source}", .path.display())]
    Io {
        /// What was being done: `read`, `write`, `remove`, `rename`.
        action: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The command line is malformed, e.g. `set-image` without `REPOSITORY=TAG`.
    #[error("{0}")]
    Usage(Box<Diagnostic>),
    /// An object could not be serialised to YAML.
    #[error("error: cannot serialise {object} to YAML: {message}")]
    Yaml {
        /// The object, e.g. ``Deployment `api` ``.
        object: String,
        /// The serialiser's reason.
        message: String,
    },
}

impl Error {
    /// The process exit status this error ends with: 2 for usage, 1 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::UnknownTarget { .. } | Error::Usage(_) => 2,
            _ => 1,
        }
    }

    /// An I/O error on `path`.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io { action, path: path.into(), source }
    }
}

fn render_invalid(diagnostics: &[Diagnostic]) -> String {
    let mut out: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    let n = diagnostics.len();
    out.push(format!(
        "error: found {n} problem{}; nothing was written",
        if n == 1 { "" } else { "s" }
    ));
    out.join("\n\n")
}

fn render_unknown_target(target: &str, suggestion: Option<&str>, targets: &[String]) -> String {
    let mut out = format!("error: unknown target `{target}`");
    if let Some(s) = suggestion {
        out.push_str(&format!("\nhelp: did you mean `{s}`?"));
    }
    let list: Vec<String> = targets.iter().map(|t| format!("`{t}`")).collect();
    out.push_str(&format!("\n  = expected one of: {}", list.join(", ")));
    out
}

/// The candidate closest to `name`, if it is close enough to be a likely typo.
pub(crate) fn suggest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(name, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.to_owned())
}

/// A Rust source location as written in the repository: `src/../environments/x.rs:3` →
/// `environments/x.rs:3`.
pub(crate) fn source_path(file: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in file.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// `` what `name` (file:line) ``: an object named with where the code declares it, if known.
pub(crate) fn declared(what: &str, name: &str, at: Option<&std::panic::Location<'_>>) -> String {
    match at {
        Some(at) => format!("{what} `{name}` ({}:{})", source_path(at.file()), at.line()),
        None => format!("{what} `{name}`"),
    }
}

/// The same problem found in several targets (one shared app, many environments), reported
/// once with every target it affects.
pub(crate) fn merge_targets(problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::new();
    for p in problems {
        let same = out.iter_mut().find(|o| {
            (&o.object, &o.field, &o.message, &o.expected, &o.help)
                == (&p.object, &p.field, &p.message, &p.expected, &p.help)
        });
        match same {
            Some(o) if !p.targets.is_empty() => o.targets.extend(p.targets),
            _ => out.push(p),
        }
    }
    out
}

/// `did you mean `x`?` for the candidate closest to `name`: the one wording of that hint.
pub(crate) fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    suggest(name, candidates).map(|s| format!("did you mean `{s}`?"))
}

/// `` `a`, `b`, `c` ``: a list of names for an `expected:` line.
pub(crate) fn one_of<S: AsRef<str>>(names: &[S]) -> String {
    if names.is_empty() {
        return "a declared name, but none are declared".into();
    }
    let quoted: Vec<String> = names.iter().map(|n| format!("`{}`", n.as_ref())).collect();
    format!("one of {}", quoted.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(suggest("prd", ["base", "dev", "prod", "db"]), Some("prod".into()));
        assert_eq!(
            suggest("overlays/prd", ["prod", "overlays/prod"]),
            Some("overlays/prod".into())
        );
        assert_eq!(suggest("zzzz", ["base", "dev", "prod", "db"]), None);
    }

    #[test]
    fn diagnostic_names_target_object_and_field() {
        let d = Diagnostic {
            targets: vec!["prod".into()],
            object: "app `api`".into(),
            field: "replicas".into(),
            message: "bad".into(),
            expected: Some("good".into()),
            help: Some("fix it".into()),
            ..Diagnostic::default()
        };
        assert_eq!(
            d.to_string(),
            "error: bad\n  --> target `prod`, app `api`, field `replicas`\n  = expected: good\n  = help: fix it"
        );
    }
}
