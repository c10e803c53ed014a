//! `apply TARGET [--print]`: the committed tree applied with `kubectl` as one ApplySet
//! (KEP-3659), so an object removed from the code is pruned: the Namespace first (the
//! ApplySet's parent lives in it), then the whole tree. kubectl creates and owns the parent
//! ConfigMap; the tree carries no ApplySet labels of its own.

use std::path::Path;

use base64::Engine as _;
use sha2::Digest as _;

use crate::error::{Diagnostic, Error};
use crate::model::{Environment, Project, Target};

/// The ApplySet id of a parent (KEP-3659): `applyset-` + base64url (no padding) of the
/// SHA-256 of `<name>.<namespace>.<Kind>.<group>` + `-v1`; kubectl labels every object it
/// applies `applyset.kubernetes.io/part-of=<id>`.
pub(super) fn applyset_id(name: &str, namespace: &str, kind: &str, group: &str) -> String {
    let digest = sha2::Sha256::digest(format!("{name}.{namespace}.{kind}.{group}"));
    format!("applyset-{}-v1", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest))
}

/// The name of `env`'s ApplySet parent ConfigMap: stable, so every apply prunes against the
/// same set.
fn parent(env: &Environment) -> String {
    format!("rustomize-{}", env.name)
}

/// One command: its environment variables and its arguments.
struct Step {
    why: &'static str,
    env: Vec<(&'static str, &'static str)>,
    args: Vec<String>,
}

impl Step {
    /// The command as a shell line.
    fn line(&self) -> String {
        let mut words: Vec<String> = self.env.iter().map(|(k, v)| format!("{k}={v}")).collect();
        words.push("kubectl".into());
        words.extend(self.args.iter().map(|a| crate::safe::shell_word(a)));
        words.join(" ")
    }
}

/// The commands that apply `env`'s committed tree.
fn steps(project: &Project, env: &Environment) -> Result<Vec<Step>, Error> {
    let header = crate::output::header(&project.regenerate());
    let files = crate::pipeline::tree(project, env, &header)?;
    let on_disk = project.generated_dir.join(&env.tree);
    let committed = crate::output::read_tree(&on_disk).unwrap_or_default();
    let prefix = format!("{}/", env.tree);
    let stale = files.iter().any(|(path, text)| {
        let rel = path.strip_prefix(&prefix).unwrap_or(path);
        committed.get(rel).map(Vec::as_slice) != Some(text.as_bytes())
    }) || committed.len() != files.len();
    if stale {
        return Err(Error::Invalid(vec![Diagnostic {
            targets: vec![env.name.clone()],
            object: format!("tree `{}`", on_disk.display()),
            message: "the committed tree differs from the code, so applying it would apply something else".into(),
            help: Some(format!("run `{}` first", project.regenerate())),
            ..Diagnostic::default()
        }]));
    }
    let namespace = env.namespace.clone().unwrap_or_else(|| "default".into());
    let path = |rel: &str| on_disk.join(rel).display().to_string();
    let namespaces: Vec<String> = files
        .iter()
        .filter(|(_, text)| text.lines().any(|l| l == "kind: Namespace"))
        .map(|(p, _)| path(p.strip_prefix(&prefix).unwrap_or(p)))
        .collect();
    let mut steps = Vec::new();
    if !namespaces.is_empty() {
        let mut args = vec!["apply".into(), "--server-side".into()];
        for n in namespaces {
            args.extend(["-f".into(), n]);
        }
        steps.push(Step {
            why: "the Namespaces first: the ApplySet's parent lives in one",
            env: Vec::new(),
            args,
        });
    }
    steps.push(Step {
        why: "the tree as one ApplySet: what the code no longer renders is pruned",
        env: vec![("KUBECTL_APPLYSET", "true")],
        args: vec![
            "apply".into(),
            "--server-side".into(),
            "--prune".into(),
            format!("--applyset=configmaps/{}", parent(env)),
            "-n".into(),
            namespace,
            "-R".into(),
            "-f".into(),
            on_disk.display().to_string(),
        ],
    });
    Ok(steps)
}

/// Prints (`print`) or runs the commands that apply `env`'s tree; the exit status of the
/// first that fails.
pub(super) fn apply(project: &Project, env: &Environment, print: bool) -> Result<u8, Error> {
    if matches!(env.target, Target::Compose(_)) {
        return Err(Error::Usage(Box::new(Diagnostic {
            object: "`apply`".into(),
            message: format!(
                "target `{}` renders Docker Compose; `docker compose up` applies it",
                env.name
            ),
            ..Diagnostic::default()
        })));
    }
    let steps = steps(project, env)?;
    let namespace = env.namespace.as_deref().unwrap_or("default");
    let id = applyset_id(&parent(env), namespace, "ConfigMap", "");
    if print {
        println!("# ApplySet `configmaps/{}` in `{namespace}`, id {id}", parent(env));
        for step in &steps {
            println!("# {}\n{}", step.why, step.line());
        }
        return Ok(0);
    }
    for step in &steps {
        eprintln!("+ {}", step.line());
        let status = std::process::Command::new("kubectl")
            .args(&step.args)
            .envs(step.env.iter().copied())
            .status()
            .map_err(|e| Error::io("run", Path::new("kubectl"), e))?;
        if !status.success() {
            return Ok(u8::try_from(status.code().unwrap_or(1)).unwrap_or(1).max(1));
        }
    }
    Ok(0)
}
