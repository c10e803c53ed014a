//! The third safety round: what a hostile manifest, name or value could do on the way out.
//! Each case failed before this round (a path outside the tree, a Compose variable read
//! wrongly, a Secret printed, a commit passing `check --staged` without its files, a lost
//! `set-image`, a re-apply that changes objects) and is refused or written as meant now.

use std::fs;
use std::path::Path;
use std::process::Command;

use rustomize::{
    App, ComposeTarget, Container, Env, EnvValue, Environment, Image, Port, Probe, Probes, Project,
    RawYaml, ResourceRef, SecretKeyRef, SecretSpec, Security, Storage, Target, Waiver, Workload,
    render, render_compose,
};

use crate::{copy_of_generated, git, rustomize as run, text};

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"))
}

fn web() -> App {
    App {
        containers: vec![Container {
            name: "web".into(),
            image: Image::tag("nginx", "1.27"),
            ports: vec![Port::http(8080)],
            ..Container::default()
        }],
        ..App::new("web")
    }
}

fn env(name: &str, apps: Vec<App>) -> Environment {
    Environment { name: name.into(), tree: name.into(), apps, ..Environment::default() }
}

fn yaml(env: &Environment) -> String {
    let rendered = render(env).unwrap_or_else(|e| panic!("{e}"));
    rustomize::output::stream(&rendered).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn claim_templates_and_divisors_are_written_as_the_server_stores_them() {
    let mut db = web();
    db.name = "db".into();
    db.workload = Workload::StatefulSet;
    db.storage = vec![Storage::new("data", "1Gi")];
    db.expose = Some(rustomize::Expose::headless(&[("http", 8080)]));
    db.containers[0].env = Env::new().set(
        "MEMORY",
        EnvValue::Resource(ResourceRef {
            resource: "limits.memory".into(),
            ..ResourceRef::default()
        }),
    );
    let out = yaml(&env("t", vec![db]));
    // Each claim template carries the status the API server stores, so the second
    // `kubectl apply` finds nothing to change.
    let templates = out.split("volumeClaimTemplates:").nth(1).unwrap_or_default();
    assert!(templates.contains("\n    status:\n      phase: Pending\n"), "{templates}");
    assert!(out.contains("resourceFieldRef:\n              divisor: \"0\"\n"), "{out}");
}

/// A Compose environment with one app and the given Secret keys.
fn compose_env(keys: &[&str], app: App) -> Environment {
    Environment {
        target: Target::Compose(ComposeTarget::default()),
        secrets: vec![SecretSpec::new("api", keys)],
        ..env("local", vec![app])
    }
}

#[test]
fn compose_reads_every_secret_key_from_a_variable_it_can_name() {
    let mut app = web();
    let key = |key: &str| {
        EnvValue::Secret(SecretKeyRef {
            secret: "api".into(),
            key: key.into(),
            ..SecretKeyRef::default()
        })
    };
    app.containers[0].env =
        Env::new().set("API_KEY", key("api-key")).set("TLS_CRT", key("tls.crt"));
    let compose = render_compose(&compose_env(&["api-key", "tls.crt"], app.clone()))
        .unwrap_or_else(|e| panic!("{e}"));
    let environment = &compose.document["services"]["web"]["environment"];
    assert_eq!(environment["API_KEY"], "${API_KEY:?set API_KEY in .env}");
    assert_eq!(environment["TLS_CRT"], "${TLS_CRT:?set TLS_CRT in .env}");
    let (_, example) = compose.env_example.unwrap_or_default();
    assert!(example.contains("# `api-key` is read from `API_KEY`\nAPI_KEY=\n"), "{example}");
    assert!(example.contains("TLS_CRT=\n"), "{example}");

    // Two keys one variable would hold, and a key no variable can name, are errors.
    let err = render_compose(&compose_env(&["api-key", "api_key", "1x"], web()))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains(
            "keys `api-key` and `api_key` would both be read from `.env` variable `API_KEY`"
        ),
        "{err}"
    );
    assert!(err.contains("key `1x` has no `.env` variable name"), "{err}");
}

#[test]
fn compose_passes_every_dollar_through_as_written() {
    let mut app = web();
    app.containers[0].probes = Probes {
        readiness: Some(Probe::exec(&["sh", "-c", "pg_isready -U $POSTGRES_USER"])),
        ..Probes::default()
    };
    app.containers[0].args = vec!["--price=$5".into()];
    app.security = Security { writable_paths: vec!["/var/$cache".into()], ..Security::default() };
    let compose = render_compose(&compose_env(&["k"], app)).unwrap_or_else(|e| panic!("{e}"));
    let text = rustomize::output::to_yaml_value(&compose.document).unwrap_or_default();
    assert!(text.contains("pg_isready -U $$POSTGRES_USER"), "{text}");
    assert!(text.contains("--price=$$5"), "{text}");
    assert!(text.contains("/var/$$cache"), "{text}");
    // Every `$` left single is a reference rustomize meant: none here.
    let single = text.replace("$$", "");
    assert!(!single.contains('$'), "{text}");
}

#[test]
fn compose_reads_the_file_as_rustomize_meant_it() {
    // Debian's Compose 1.29 interpolates without an engine; CI installs it first.
    let Ok(version) = Command::new("docker-compose").arg("version").output() else {
        assert!(std::env::var_os("CI").is_none(), "docker-compose is required in CI");
        return;
    };
    assert!(version.status.success());
    let mut app = web();
    let key = |key: &str| {
        EnvValue::Secret(SecretKeyRef {
            secret: "api".into(),
            key: key.into(),
            ..SecretKeyRef::default()
        })
    };
    app.containers[0].env = Env::new()
        .set("API_KEY", key("api-key"))
        .set("GREETING", EnvValue::Literal("costs $5 or ${HOME}".into()));
    app.containers[0].args = vec!["pg_isready -U $POSTGRES_USER".into()];
    let compose = render_compose(&compose_env(&["api-key"], app)).unwrap_or_else(|e| panic!("{e}"));
    let t = tmp();
    let file = t.path().join("compose.yaml");
    let text = rustomize::output::to_yaml_value(&compose.document).unwrap_or_default();
    fs::write(&file, text).unwrap_or_else(|e| panic!("{e}"));
    fs::write(t.path().join(".env"), "API_KEY=from-dotenv\n").unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new("docker-compose")
        .arg("-f")
        .arg(&file)
        .args(["config"])
        .current_dir(t.path())
        .env_remove("HOME")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let (config, err) = text_of(&out);
    assert!(out.status.success(), "{err}");
    assert!(config.contains("API_KEY: from-dotenv"), "{config}");
    // Printed re-escaped: `$$` is the literal `$` the container receives.
    assert!(config.contains("costs $$5 or $${HOME}"), "{config}");
    assert!(config.contains("pg_isready -U $$POSTGRES_USER"), "{config}");
}

fn text_of(out: &std::process::Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn names_that_would_leave_the_tree_are_refused_and_nothing_is_written() {
    let t = tmp();
    let hostile = [
        ("ConfigMap", "v1", "../../../../esc/pwn", None),
        ("Widget", "example.com/v1", "../../../../.pre-commit-config", None),
        ("../../../../x/Kind", "v1", "a", None),
        ("Widget", "../../x/v1", "a", None),
        ("ConfigMap", "v1", "a", Some("../../ns")),
    ];
    for (kind, api, name, namespace) in hostile {
        let ns = namespace.map_or_else(String::new, |n| format!("  namespace: {n:?}\n"));
        let doc = format!("apiVersion: {api:?}\nkind: {kind:?}\nmetadata:\n  name: {name:?}\n{ns}");
        let mut e = env("t", vec![]);
        e.raw = vec![RawYaml::inline("vendor.yaml", &doc)];
        let project = Project::new(t.path().join("repo/generated"), vec![e]);
        let err = rustomize::render_all(&project).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("is not valid") || err.contains("not a"), "{kind} {name}: {err}");
    }
    assert_eq!(fs::read_dir(t.path()).map(|d| d.count()).unwrap_or(1), 0, "nothing written");
}

#[test]
fn generate_at_a_repository_root_is_refused() {
    let t = tmp();
    let repo = t.path();
    fs::create_dir_all(repo.join(".git")).unwrap_or_else(|e| panic!("{e}"));
    fs::write(repo.join("Cargo.toml"), "[package]\n").unwrap_or_else(|e| panic!("{e}"));
    for args in [vec!["generate"], vec!["generate", "--force"]] {
        let mut all = args.clone();
        let dir = repo.display().to_string();
        all.extend(["--dir", &dir]);
        let out = run(&all);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(text(&out).1.contains("holds `.git`"), "{}", text(&out).1);
    }
    assert!(repo.join("Cargo.toml").exists() && repo.join(".git").is_dir());
}

#[test]
fn raw_yaml_credentials_are_found_like_the_apps_and_can_be_waived() {
    let doc = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: db\ndata:\n  PGPASSWORD: hunter2\n  url: jdbc:postgresql://db/app?user=a&password=b\n";
    let mut e = env("t", vec![]);
    e.raw = vec![RawYaml::inline("vendor.yaml", doc)];
    let err = render(&e).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains("config key `PGPASSWORD` looks like a credential"), "{err}");
    assert!(err.contains("a connection string with a password"), "{err}");
    assert!(err.contains("Waiver::literal_credential"), "{err}");
    e.raw = vec![
        RawYaml::inline("vendor.yaml", doc)
            .waiver(Waiver::literal_credential("the vendor's published demo values")),
    ];
    assert!(render(&e).is_ok());
    // A Secret with data in any case of `kind` is a Secret to kubectl.
    e.raw = vec![RawYaml::inline(
        "s.yaml",
        "apiVersion: v1\nkind: secret\nmetadata:\n  name: s\nstringData:\n  k: v\n",
    )];
    let err = render(&e).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains("carries values"), "{err}");
}

#[test]
fn check_never_prints_what_kubectl_would_read_as_a_secret() {
    let value = "hunter2-do-not-print";
    let forms = [
        format!(
            "kind: \"Secret\"\napiVersion: v1\nmetadata:\n  name: x\nstringData:\n  k: {value}\n"
        ),
        format!("apiVersion: v1\nkind: secret\nmetadata:\n  name: x\nstringData:\n  k: {value}\n"),
        format!(
            "{{\"apiVersion\": \"v1\", \"kind\": \"Secret\", \"metadata\": {{\"name\": \"x\"}}, \"stringData\": {{\"k\": \"{value}\"}}}}\n"
        ),
        format!(
            "apiVersion: v1\nkind: ConfigMap\nkind: Secret\nmetadata:\n  name: x\nstringData:\n  k: {value}\n"
        ),
        format!("apiVersion: v1\nkind: Secret\nmetadata: {{name: x\nstringData:\n  k: {value}\n"),
    ];
    for form in &forms {
        let (_tmp, dir) = copy_of_generated();
        // A file the render also writes, changed by hand into a Secret: its diff is hidden.
        let path = dir.join("base/13-service-api.yaml");
        fs::write(&path, form).unwrap_or_else(|e| panic!("{e}"));
        let out = run(&["check", "--dir", &dir.display().to_string()]);
        let (stdout, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(
            !stdout.contains(value) && !stderr.contains(value),
            "printed for {form:?}: {stderr}"
        );
        assert!(stderr.contains("base/13-service-api.yaml"), "{stderr}");
    }
}

/// `check --staged` run from `repo` on its tree `generated`, given as a relative path.
fn staged(repo: &Path) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rustomize"))
        .args(["check", "--staged", "--dir", "generated"])
        .current_dir(repo)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    (out.status.code(), text(&out).1)
}

#[test]
fn check_staged_compares_the_index_whatever_ignores_and_flags_say() {
    let t = tmp();
    let repo = t.path();
    git(repo, &["init", "-q"]);
    let copy = |to: &Path| {
        let files = rustomize::output::read_tree(&crate::root().join("generated"))
            .unwrap_or_else(|e| panic!("{e}"));
        for (rel, bytes) in files {
            let path = to.join(rel);
            fs::create_dir_all(path.parent().unwrap_or(to)).unwrap_or_else(|e| panic!("{e}"));
            fs::write(path, bytes).unwrap_or_else(|e| panic!("{e}"));
        }
    };
    copy(&repo.join("generated"));
    git(repo, &["add", "generated"]);
    assert_eq!(staged(repo).0, Some(0), "{}", staged(repo).1);

    // Ignored and never added: the relative `--dir` and `.gitignore` used to hide it.
    let file = "generated/base/13-service-api.yaml";
    git(repo, &["rm", "-q", "--cached", file]);
    fs::write(repo.join(".gitignore"), "generated/base/\n").unwrap_or_else(|e| panic!("{e}"));
    let (code, err) = staged(repo);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains(&format!("`{file}` is generated but not in git's index")), "{err}");
    git(repo, &["add", "--force", file]);
    assert_eq!(staged(repo).0, Some(0));

    // Staged in another version, then hidden from `git diff` by index flags.
    for flag in ["--assume-unchanged", "--skip-worktree"] {
        let on_disk = fs::read(repo.join(file)).unwrap_or_default();
        fs::write(repo.join(file), b"# Generated by rustomize\nold: 1\n")
            .unwrap_or_else(|e| panic!("{e}"));
        git(repo, &["add", "--force", file]);
        fs::write(repo.join(file), &on_disk).unwrap_or_else(|e| panic!("{e}"));
        git(repo, &["update-index", flag, file]);
        let (code, err) = staged(repo);
        assert_eq!(code, Some(1), "{flag}: {err}");
        assert!(err.contains("is staged in another version than the render"), "{flag}: {err}");
        git(repo, &["update-index", &flag.replace("--", "--no-"), file]);
        git(repo, &["add", "--force", file]);
        assert_eq!(staged(repo).0, Some(0), "{flag}");
    }
}

#[test]
fn the_first_set_image_creates_the_image_file() {
    let t = tmp();
    let file = t.path().join("images.yaml");
    let mut app = web();
    app.containers[0].image = Image::tag("ghcr.io/acme/a", "1");
    let mut e = env("prod", vec![app]);
    e.image_file = Some(file.clone());
    let project = Project::new(t.path().join("generated"), vec![e]);
    assert_eq!(
        rustomize::cli::run_args(project, ["x", "set-image", "prod", "ghcr.io/acme/a=2"]),
        0
    );
    let text = fs::read_to_string(&file).unwrap_or_default();
    assert!(
        text.contains("ghcr.io/acme/a: \"2\"") || text.contains("ghcr.io/acme/a: '2'"),
        "{text}"
    );
}

#[test]
fn two_set_images_at_once_both_land_and_a_linked_image_file_stays_a_link() {
    let t = tmp();
    let root = t.path();
    let real = root.join("versions/prod.yaml");
    fs::create_dir_all(real.parent().unwrap_or(root)).unwrap_or_else(|e| panic!("{e}"));
    fs::write(&real, "# image versions\n").unwrap_or_else(|e| panic!("{e}"));
    let link = root.join("images.yaml");
    std::os::unix::fs::symlink(&real, &link).unwrap_or_else(|e| panic!("{e}"));
    let mut a = web();
    a.containers[0].image = Image::tag("ghcr.io/acme/a", "1");
    let mut b = web();
    b.name = "b".into();
    b.containers[0].image = Image::tag("ghcr.io/acme/b", "1");
    let project = || {
        let mut e = env("prod", vec![a.clone(), b.clone()]);
        e.image_file = Some(link.clone());
        Project::new(root.join("generated"), vec![e])
    };
    std::thread::scope(|s| {
        let one = s.spawn(|| {
            rustomize::cli::run_args(project(), ["x", "set-image", "prod", "ghcr.io/acme/a=2"])
        });
        let two = s.spawn(|| {
            rustomize::cli::run_args(project(), ["x", "set-image", "prod", "ghcr.io/acme/b=3"])
        });
        assert_eq!(one.join().ok(), Some(0));
        assert_eq!(two.join().ok(), Some(0));
    });
    let file = fs::read_to_string(&real).unwrap_or_default();
    assert!(
        file.contains("ghcr.io/acme/a: \"2\"") || file.contains("ghcr.io/acme/a: '2'"),
        "{file}"
    );
    assert!(
        file.contains("ghcr.io/acme/b: \"3\"") || file.contains("ghcr.io/acme/b: '3'"),
        "{file}"
    );
    assert!(fs::symlink_metadata(&link).is_ok_and(|m| m.file_type().is_symlink()));
}
