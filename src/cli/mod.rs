//! Command line: `render`, `generate`, `check` and `list` over a [`Project`].

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::{Diagnostic, Error, suggest};
use crate::model::{Environment, Project, Target};
use crate::pipeline::{render, render_all, render_compose};
use crate::{load, output, secrets};

mod apply;
mod crd;
mod staged;
mod trees;
use staged::staged_check;

/// Renders typed Rust environments to plain, deterministic Kubernetes YAML.
#[derive(Debug, Parser)]
#[command(
    name = "rustomize",
    version,
    about,
    long_about = "Renders the environments this project describes in Rust to plain, \
                  deterministic Kubernetes YAML.\n\nThe trees under the generated directory are \
                  committed; `check` fails when they no longer match the code, which is what the \
                  pre-commit hook runs.",
    after_help = "Exit status: 0 success, 1 invalid environment or drift, 2 usage error \
                  (e.g. an unknown target)."
)]
struct Cli {
    /// The directory holding the trees [default: the project's generated/]
    #[arg(long, global = true, value_name = "DIR")]
    dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print one target as a multi-document YAML stream, in Kustomize's legacy order
    Render {
        /// A target name (`prod`) or its tree path (`overlays/prod`); see `list`
        target: String,
        /// Add the target's Secrets, filled from this env file (KEY=VALUE lines; keep it out of git)
        #[arg(long, value_name = "FILE")]
        secrets_from: Option<PathBuf>,
        /// Object order: Kustomize's legacy kind order, or declaration order
        #[arg(long, value_enum, default_value_t = output::Order::Legacy)]
        order: output::Order,
        /// Annotate each object with the Rust source that defined it (`rustomize.dev/origin`)
        #[arg(long)]
        provenance: bool,
    },
    /// Set the tag or digest one image runs at in a target's image file, then regenerate
    SetImage {
        /// The target whose image file to edit
        target: String,
        /// `REPOSITORY=TAG`, `REPOSITORY=sha256:…` or `REPOSITORY=TAG@sha256:…`
        image: String,
    },
    /// Write every tree under generated/, removing files that are no longer produced
    Generate {
        /// Also replace files rustomize did not write (never a directory holding `.git`)
        #[arg(long)]
        force: bool,
    },
    /// Exit 1 and show a diff when generated/ differs from a fresh render
    Check {
        /// Also fail unless git's index holds exactly the rendered files under the tree,
        /// whatever `.gitignore` or index flags say, so what is committed is what was
        /// checked (what the pre-commit hooks run)
        #[arg(long)]
        staged: bool,
    },
    /// Show every target, its tree and how many objects it renders
    List,
    /// Apply a target's committed tree with kubectl as one ApplySet, pruning what the code
    /// no longer renders (the Namespace first)
    Apply {
        /// The target, e.g. `prod`
        target: String,
        /// Print the kubectl commands instead of running them
        #[arg(long)]
        print: bool,
    },
    /// Show a rendered field's value, the Rust line that set it, and each value it overrode
    Explain {
        /// The target, e.g. `prod`
        target: String,
        /// The object as `KIND/NAME`, e.g. `deployment/api` (the name with or without the
        /// environment's prefix)
        object: String,
        /// The field, e.g. `spec.template.spec.containers[api].resources.limits.memory`
        field: String,
    },
    /// Show what differs between two targets, or between a target now and its tree at a git
    /// revision (what a pull request changes), risks first; exit 0 equal, 1 different, 2 error
    Diff {
        /// The target compared from (`dev`), or the one compared with its committed tree
        target: String,
        /// The target compared to (`prod`)
        other: Option<String>,
        /// Compare the render now with `TARGET`'s tree as committed at this git revision
        #[arg(long, value_name = "REV", conflicts_with = "other")]
        since: Option<String>,
        /// Text for the terminal, or Markdown for a pull-request comment
        #[arg(long, value_enum, default_value_t = crate::diff::Format::Text)]
        format: crate::diff::Format,
    },
    /// Generate Rust types from the CustomResourceDefinitions in DIR (each `.yaml` file;
    /// other documents are skipped), one module per served version, into `--out`
    Crd {
        /// The directories of vendored CRD files, e.g. `crds`
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Where the generated modules go, e.g. `src/crds` (`mod crds;` in the crate)
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Only check that `--out` holds exactly these types (exit 1 when it does not)
        #[arg(long)]
        check: bool,
    },
    /// Create a new rustomize project from existing YAML: plain manifests, a Kustomize
    /// directory or `helm template` output on stdin
    #[command(
        after_help = "Each PATH is a YAML file, a directory of YAML files, a directory with a \
                  kustomization.yaml (built with `kubectl kustomize`), or `-` for stdin:\n  \
                  helm template my-release ./chart | cargo run -- import --env prod=- --out ../shop"
    )]
    Import {
        /// An environment and where its YAML is: `NAME=PATH` (repeat for each environment)
        #[arg(long = "env", value_name = "NAME=PATH", required = true)]
        envs: Vec<String>,
        /// The project directory to create (it must not exist)
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The rustomize crate the project depends on [default: the source this binary was built from]
        #[arg(long, value_name = "PATH")]
        rustomize_path: Option<PathBuf>,
        /// Move each variable whose literal value looks like a credential into a Secret key
        /// (the value is dropped) instead of keeping it in place with a waiver
        #[arg(long)]
        move_credentials: bool,
        /// A directory of CRD files (repeat for more): custom resources of their kinds become
        /// typed Rust, and the CRDs and their generated types go into the project
        #[arg(long = "crds", value_name = "DIR")]
        crds: Vec<PathBuf>,
    },
}

/// Parses the process arguments and runs the command against `project`.
pub fn main(mut project: Project) -> ExitCode {
    let session = Session { history: None, exiting: true };
    let code = run_in(&mut project, std::env::args_os(), session);
    session.release(project);
    ExitCode::from(code)
}

/// [`main`], given the function that builds the project rather than the project: `explain`
/// and `check` build it with every overlay recorded ([`crate::history::collect`]), so
/// `explain` can name each overlay a value went through and `check` can warn about overlays
/// that change nothing. Every other command builds it as usual.
///
/// ```no_run
/// fn project() -> rustomize::Project {
///     rustomize::Project::new("generated", vec![])
/// }
///
/// fn main() -> std::process::ExitCode {
///     rustomize::cli::run(project)
/// }
/// ```
pub fn run(build: impl Fn() -> Project) -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let recorded = matches!(
        Cli::try_parse_from(&args).map(|c| c.command),
        Ok(Command::Explain { .. } | Command::Check { .. })
    );
    let (mut project, history) = if recorded {
        let (project, history) = crate::history::collect(&build);
        (project, Some(history))
    } else {
        (build(), None)
    };
    let session = Session { history: history.as_ref(), exiting: true };
    let code = run_in(&mut project, args, session);
    session.release(project);
    ExitCode::from(code)
}

/// What a command runs with: the overlays recorded while the project was built, and whether
/// the process exits once the command is done.
#[derive(Clone, Copy, Default)]
struct Session<'a> {
    history: Option<&'a crate::history::History>,
    /// Set by [`main`] and [`run`], never by [`run_args`] (tests run many commands).
    exiting: bool,
}

impl Session<'_> {
    /// Drops `value`, unless the process is about to exit: freeing a large stack's model or
    /// documents allocation by allocation (most of them allocated on other threads) would
    /// only delay the exit, by 80–95 ms at 10,000 apps (BENCHMARKS.md).
    fn release<T>(self, value: T) {
        if self.exiting {
            std::mem::forget(value);
        } else {
            drop(value);
        }
    }
}

/// Runs the command line `args` (program name first) against `project`; returns the exit
/// status: 0 success, 1 invalid input or drift, 2 usage.
pub fn run_args<I, T>(mut project: Project, args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    run_in(&mut project, args, Session::default())
}

/// [`run_args`] with the overlays `history` recorded while the project was built, as
/// [`run`] passes them.
pub fn run_args_with<I, T>(mut project: Project, history: &crate::history::History, args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    run_in(&mut project, args, Session { history: Some(history), exiting: false })
}

/// [`run_args`] on a project the caller keeps.
fn run_in<I, T>(project: &mut Project, args: I, session: Session<'_>) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match run_command(project, cli, session) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e}");
            e.exit_code()
        }
    }
}

fn run_command(project: &mut Project, cli: Cli, session: Session<'_>) -> Result<u8, Error> {
    let history = session.history;
    if let Some(dir) = cli.dir {
        project.generated_dir = dir;
    }
    if let Command::Import { envs, out, rustomize_path, move_credentials, crds } = cli.command {
        let options = crate::import::Options {
            envs: Vec::new(),
            out,
            rustomize_path,
            move_credentials,
            crds,
        };
        return import(envs, options);
    }
    if let Command::Crd { dirs, out, check } = &cli.command {
        return crd::crd(dirs, out, *check);
    }
    crate::pipeline::check_project(project)?;
    match cli.command {
        Command::Import { .. } | Command::Crd { .. } => Ok(2),
        Command::Render { target, secrets_from, order, provenance } => {
            render_command(project, &target, secrets_from, order, provenance, session)
        }
        Command::SetImage { target, image } => set_image(project, &target, &image),
        Command::Apply { target, print } => apply::apply(project, find(project, &target)?, print),
        Command::Generate { force } => trees::generate(project, force, session),
        Command::Check { staged } => {
            let code = trees::check(project, staged, session)?;
            if let Some(history) = history {
                // Warnings only: the exit status is the check's.
                let mut seen = std::collections::BTreeSet::new();
                for env in &project.environments {
                    for warning in history.warnings(env) {
                        if seen.insert(warning.clone()) {
                            eprintln!("{warning}");
                        }
                    }
                }
            }
            Ok(code)
        }
        Command::Explain { target, object, field } => {
            let env = find(project, &target)?;
            let empty = crate::history::History::default();
            let explained =
                crate::explain::explain(env, history.unwrap_or(&empty), &object, &field)?;
            print(&explained.print());
            if history.is_none() {
                eprintln!(
                    "note: the overlays were not recorded; build the project with `rustomize::cli::run(project_fn)` in main.rs to see each one"
                );
            }
            Ok(0)
        }
        Command::List => trees::list(project),
        Command::Diff { target, other, since, format } => {
            // Any error is exit 2, so 1 always means "different".
            match diff(project, &target, other.as_deref(), since.as_deref(), format) {
                Ok(code) => Ok(code),
                Err(e) => {
                    eprintln!("{e}");
                    Ok(2)
                }
            }
        }
    }
}

/// `import --env NAME=PATH … --out DIR`: a new project from existing YAML.
fn import(envs: Vec<String>, mut options: crate::import::Options) -> Result<u8, Error> {
    let mut pairs = Vec::new();
    for e in envs {
        let Some((name, path)) = e.split_once('=').filter(|(n, p)| !n.is_empty() && !p.is_empty())
        else {
            return Err(Error::Usage(Box::new(Diagnostic {
                object: "`import --env`".into(),
                message: format!("`{e}` is not `NAME=PATH`"),
                help: Some("e.g. `--env prod=overlays/prod` or `--env prod=-` for stdin".into()),
                ..Diagnostic::default()
            })));
        };
        pairs.push((name.to_owned(), path.to_owned()));
    }
    options.envs = pairs;
    let report = crate::import::import(&options)?;
    eprint!("{}", report.text);
    eprintln!("\nimported into `{}`: {report} (see IMPORT.md)", options.out.display());
    Ok(0)
}

/// `render TARGET`: one target's stream (Kubernetes) or Compose file on stdout.
fn render_command(
    project: &Project,
    target: &str,
    secrets_from: Option<PathBuf>,
    order: output::Order,
    provenance: bool,
    session: Session<'_>,
) -> Result<u8, Error> {
    let mut env = std::borrow::Cow::Borrowed(find(project, target)?);
    if provenance {
        env.to_mut().provenance = true;
    }
    if matches!(env.target, Target::Compose(_)) {
        if secrets_from.is_some() {
            return Err(Error::Usage(Box::new(Diagnostic {
                    object: "`render --secrets-from`".into(),
                    message: format!("target `{}` renders Docker Compose, which reads its secrets from `.env`", env.name),
                    help: Some("copy the tree's `.env.example` to `.env` beside the Compose file and fill it in".into()),
                    ..Diagnostic::default()
                })));
        }
        print(&crate::pipeline::compose_yaml(&render_compose(&env)?)?);
        return Ok(0);
    }
    // Held as YAML documents, a fraction of the typed objects' size, until the whole render
    // has succeeded: a failed render prints nothing.
    let docs = crate::pipeline::render_documents(&env, secrets_from.as_deref())?;
    // Through one buffer; a closed pipe (`render prod | head`) ends the output quietly.
    let stdout = std::io::stdout().lock();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout);
    let written = output::write_documents(&docs, order, &mut out).and_then(|()| {
        out.flush().map_err(|e| Error::io("write", std::path::Path::new("<stdout>"), e))
    });
    session.release(docs);
    trees::note_transition_rules(&env);
    match written {
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => Ok(0),
        Err(e) => Err(e),
        Ok(()) => Ok(0),
    }
}

/// `diff A B` or `diff A --since REV`.
fn diff(
    project: &Project,
    target: &str,
    other: Option<&str>,
    since: Option<&str>,
    format: crate::diff::Format,
) -> Result<u8, Error> {
    use crate::diff::{at_revision, of_environment};
    let left = find(project, target)?;
    let (a, b) = match (other, since) {
        (Some(other), None) => (of_environment(left)?, of_environment(find(project, other)?)?),
        (None, Some(revision)) => {
            (at_revision(left, &project.generated_dir, revision)?, of_environment(left)?)
        }
        _ => {
            return Err(Error::Usage(Box::new(Diagnostic {
                object: "`diff`".into(),
                message: "name a second target or a revision".into(),
                help: Some(format!("`diff {target} OTHER` or `diff {target} --since HEAD`")),
                ..Diagnostic::default()
            })));
        }
    };
    let d = crate::diff::diff(&a, &b);
    print(&d.print(format));
    Ok(if d.is_empty() { 0 } else { 1 })
}

/// Updates one image in a target's image file and regenerates; on any failure the file is
/// restored and nothing is written.
fn set_image(project: &Project, target: &str, image: &str) -> Result<u8, Error> {
    let env = find(project, target)?;
    let usage = |message: String| {
        Error::Usage(Box::new(Diagnostic {
            object: "`set-image`".into(),
            message,
            ..Diagnostic::default()
        }))
    };
    let Some(path) = &env.image_file else {
        return Err(usage(format!(
            "target `{}` has no image file; set `Environment::image_file` to keep its image versions as data",
            env.name
        )));
    };
    let Some((name, reference)) =
        image.split_once('=').filter(|(n, r)| !n.is_empty() && !r.is_empty())
    else {
        return Err(usage(format!("`{image}` is not `REPOSITORY=TAG` (or `REPOSITORY=sha256:…`)")));
    };
    if let Err(why) =
        load::images::check_repository(name).and_then(|()| load::images::check_reference(reference))
    {
        return Err(usage(why));
    }
    // Held from the read to the regenerate: a second `set-image` waits, then reads this
    // one's bump, so neither is lost.
    let lock = output::lock(&project.generated_dir)?;
    // A symlinked image file stays a link: its target is what is edited.
    // The first bump creates the file.
    let real = if path.exists() {
        std::fs::canonicalize(path).map_err(|e| Error::io("read", path, e))?
    } else {
        path.clone()
    };
    let existed = real.exists();
    let before = if existed {
        std::fs::read_to_string(&real).map_err(|e| Error::io("read", &real, e))?
    } else {
        String::new()
    };
    let mut images = if existed {
        load::images::load(&real).map_err(|d| Error::Invalid(vec![*d]))?
    } else {
        load::images::Images::default()
    };
    let previous = images.0.insert(name.to_owned(), reference.to_owned());
    write_atomically(&real, &images.to_yaml(&env.name, &project.command)?)?;
    let result = render_all(project).and_then(|files| {
        output::Generate::default().run_locked(&lock, &project.generated_dir, &files, None)
    });
    if let Err(e) = result {
        if !existed {
            let _ = std::fs::remove_file(&real);
        } else {
            write_atomically(&real, &before)?;
        }
        return Err(e);
    }
    let was = previous.map_or_else(|| "unset".to_owned(), |p| format!("`{p}`"));
    eprintln!(
        "{}: `{name}` {was} → `{reference}`; regenerated `{}`",
        path.display(),
        project.generated_dir.display()
    );
    Ok(0)
}

fn write_atomically(path: &std::path::Path, text: &str) -> Result<(), Error> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.rustomize-tmp"));
    std::fs::write(&tmp, text).map_err(|e| Error::io("write", &tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| Error::io("rename", &tmp, e))
}

/// Writes to stdout, ignoring a closed pipe (`render prod | head`).
fn print(s: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(s.as_bytes()).and_then(|()| stdout.flush());
}

fn find<'a>(project: &'a Project, target: &str) -> Result<&'a Environment, Error> {
    project.target(target).ok_or_else(|| Error::UnknownTarget {
        target: target.to_owned(),
        suggestion: suggest(target, project.target_names()),
        targets: project.environments.iter().map(|e| e.name.clone()).collect(),
    })
}
