//! Bad input, as a catalogue. Each case must give a clear error naming where the problem is,
//! exit non-zero (2 for usage), never print a secret value, and leave `generated/`
//! byte-identical.

use std::collections::BTreeMap;
use std::path::Path;

use crate::{copy_of_generated, environments, root, rustomize, text};

fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    rustomize::output::read_tree(dir).unwrap_or_else(|e| panic!("{e}"))
}

/// A complete, valid env file for `prod`, with values that must never be echoed.
fn valid_prod_env() -> String {
    "SUPABASE_ANON_KEY=anon-s3cr3t-1\nSUPABASE_SERVICE_ROLE_KEY=role-s3cr3t-2\nDATABASE_URL=postgresql://u:db-s3cr3t-3@host/db\n".into()
}

#[track_caller]
fn render_with_env_file(bytes: &[u8], expected: &str, secret: &str) -> String {
    let before = snapshot(&root().join("generated"));
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = tmp.path().join("prod.env");
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
    let out = rustomize(&["render", "prod", "--secrets-from", &path.display().to_string()]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stdout.is_empty(), "nothing is rendered on error");
    // `FILE:LINE: message` in the expectation; printed as `error: message` then `--> …FILE:LINE`.
    let (location, message) = match expected.split_once(": ") {
        Some((loc, msg)) if loc.starts_with("prod.env") => (Some(loc), msg),
        _ => (None, expected),
    };
    assert!(stderr.contains(&format!("error: {message}")), "expected {message:?} in:\n{stderr}");
    if let Some(location) = location {
        assert!(stderr.contains(&format!("{location}\n")), "expected {location:?} in:\n{stderr}");
    }
    assert!(secret.is_empty() || !stderr.contains(secret), "a secret value leaked:\n{stderr}");
    assert_eq!(snapshot(&root().join("generated")), before, "generated/ changed");
    stderr
}

#[test]
fn env_file_errors_name_the_file_and_line() {
    let ok = valid_prod_env();
    render_with_env_file(
        format!("{ok}junk line\n").as_bytes(),
        "prod.env:4: expected `KEY=VALUE`",
        "s3cr3t",
    );
    render_with_env_file(
        format!("{ok}SUPABASE_ANON_KEY=dup-s3cr3t\n").as_bytes(),
        "prod.env:4: the key is already set on line 1",
        "s3cr3t",
    );
    render_with_env_file(
        format!("\u{feff}{ok}").as_bytes(),
        "prod.env:1: the file starts with a UTF-8 byte-order mark",
        "s3cr3t",
    );
    render_with_env_file(
        ok.replace('\n', "\r\n").as_bytes(),
        "prod.env:1: the line ends with a carriage return",
        "s3cr3t",
    );
    let mut latin1 = ok.clone().into_bytes();
    latin1.extend_from_slice(b"NOTE=caf\xe9\n");
    render_with_env_file(&latin1, "prod.env:4: the line is not valid UTF-8", "s3cr3t");
    let long = format!("{ok}BIG={}\n", "s3cr3t".repeat(20_000));
    render_with_env_file(
        long.as_bytes(),
        "prod.env:4: the value is 120000 bytes; at most 65536",
        "s3cr3ts3cr3t",
    );
}

#[test]
fn env_file_keys_must_match_the_declared_secrets() {
    let missing = "SUPABASE_ANON_KEY=anon-s3cr3t-1\nDATABASE_URL=db-s3cr3t-3\n";
    render_with_env_file(
        missing.as_bytes(),
        "`SUPABASE_SERVICE_ROLE_KEY` is missing; Secret `supabase-credentials` needs it",
        "s3cr3t",
    );
    let typo = format!("{}SUPABASE_ANNON_KEY=x-s3cr3t\n", valid_prod_env());
    let stderr = render_with_env_file(
        typo.as_bytes(),
        "the line sets a key that no Secret of target `prod` declares\n  --> target `prod`, ",
        "s3cr3t",
    );
    assert!(stderr.contains("= help: did you mean `SUPABASE_ANON_KEY`?"), "{stderr}");
    assert!(!stderr.contains("ANNON"), "an undeclared key is never printed: {stderr}");
    // An unfilled copy of `secrets.env.example` is refused, naming the declared keys.
    let example =
        std::fs::read_to_string(root().join("generated/overlays/prod/secrets.env.example"))
            .unwrap_or_else(|e| panic!("{e}"));
    render_with_env_file(
        example.as_bytes(),
        "`SUPABASE_ANON_KEY` is empty; Secret `supabase-credentials` needs a value",
        "",
    );
}

#[test]
fn a_missing_env_file_is_named() {
    let out = rustomize(&["render", "prod", "--secrets-from", "/nonexistent/prod.env"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out).1;
    assert!(stderr.contains("error: cannot read the file: No such file"), "{stderr}");
    assert!(stderr.contains("--> /nonexistent/prod.env"), "{stderr}");
}

/// Bounds before reading: a pipe or device is refused at once, never read (`/dev/zero` would
/// never end), in every place a file is read.
#[test]
fn non_regular_files_are_refused_before_reading() {
    let out = rustomize(&["render", "prod", "--secrets-from", "/dev/zero"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).1.contains("not a regular file"), "{}", text(&out).1);
    let mut env = environments::overlays::dev::dev();
    env.raw = vec![rustomize::RawYaml::file("/dev/zero")];
    let err = rustomize::render(&env).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains("not a regular file"), "{err}");
}

#[test]
fn secrets_from_a_valid_file_go_to_stdout_only() {
    let before = snapshot(&root().join("generated"));
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = tmp.path().join("prod.env");
    std::fs::write(&path, valid_prod_env()).unwrap_or_else(|e| panic!("{e}"));
    let out = rustomize(&["render", "prod", "--secrets-from", &path.display().to_string()]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    let docs: Vec<serde_json::Value> =
        serde_saphyr::from_multiple(&stdout).unwrap_or_else(|e| panic!("{e}"));
    let secret = docs
        .iter()
        .find(|d| d["kind"] == "Secret" && d["metadata"]["name"] == "supabase-credentials");
    let secret = secret.unwrap_or_else(|| panic!("no Secret in the stream"));
    assert_eq!(secret["metadata"]["namespace"], "begbot-prod");
    // "anon-s3cr3t-1", base64-encoded: the value reaches the cluster, not the terminal.
    assert_eq!(secret["data"]["SUPABASE_ANON_KEY"], "YW5vbi1zM2NyM3QtMQ==");
    assert!(!stderr.contains("s3cr3t"));
    assert_eq!(snapshot(&root().join("generated")), before);
}

#[test]
fn unknown_target_is_a_usage_error_and_writes_nothing() {
    let before = snapshot(&root().join("generated"));
    // Names no one would give a real environment, so adding one never breaks this test.
    for args in
        [&["render", "no-such-target"][..], &["render", "overlays/no-such-tree"], &["render", ""]]
    {
        let out = rustomize(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out).1.starts_with("error: unknown target"), "{}", text(&out).1);
    }
    assert_eq!(snapshot(&root().join("generated")), before);
}

#[test]
fn invalid_names_and_references_in_code_write_nothing() {
    let (_tmp, dir) = copy_of_generated();
    let before = snapshot(&dir);
    let mut project = environments::project();
    project.generated_dir = dir.clone();
    // A typo'd port, an invalid name and a dangling Secret, in an otherwise valid project.
    let prod = &mut project.environments[2];
    prod.apps[0].containers[0].probes.readiness = Some(rustomize::Probe::http("/readyz", "htp"));
    let probe_line = line!() - 1;
    prod.apps[1].name = "Workers".into();
    prod.secrets.retain(|s| s.name != "supabase-credentials");
    let status = rustomize::cli::run_args(project.clone(), ["rustomize", "generate"]);
    assert_eq!(status, 1);
    assert_eq!(snapshot(&dir), before, "an invalid environment must not touch the tree");
    let err = rustomize::render_all(&project).err().map(|e| e.to_string()).unwrap_or_default();
    let probe = format!(
        "error: probe port `htp` is not declared by container `api`\n  --> target `prod`, app `api` (tests/catalogue.rs:{probe_line}), field `containers[api].probes.readiness.port`"
    );
    for expected in [
        // Named at the line that wrote the probe, not only the app or the target.
        probe.as_str(),
        "error: app name `Workers` is not a valid name: it contains `W`",
        "error: Secret `supabase-credentials` is not declared in the environment",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
}

#[test]
fn check_refuses_a_secret_with_values_and_never_prints_them() {
    let (_tmp, dir) = copy_of_generated();
    let leaked = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: leaked\ndata:\n  TOKEN: bGVha2VkLXMzY3IzdA==\n";
    std::fs::write(dir.join("overlays/prod/11-secret-leaked.yaml"), leaked)
        .unwrap_or_else(|e| panic!("{e}"));
    // Also an edit that turns a committed file into one holding a value.
    let cm = dir.join("base/10-configmap-api-config.yaml");
    std::fs::write(&cm, "kind: Secret\nstringData:\n  TOKEN: plain-s3cr3t\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let out = rustomize(&["check", "--dir", &dir.display().to_string()]);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains("overlays/prod/11-secret-leaked.yaml` holds a Secret with values"),
        "{stderr}"
    );
    assert!(
        stderr.contains("base/10-configmap-api-config.yaml` holds a Secret with values"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("plain-s3cr3t") && !stderr.contains("bGVha2Vk"),
        "a value was printed:\n{stderr}"
    );
}

#[test]
fn a_template_error_names_template_line_and_variable_and_writes_nothing() {
    let (_tmp, dir) = copy_of_generated();
    let before = snapshot(&dir);
    let mut project = environments::project();
    project.generated_dir = dir.clone();
    let dev = &mut project.environments[1];
    let db = dev.apps.iter_mut().find(|a| a.name == "db").unwrap_or_else(|| panic!("no db in dev"));
    let broken = rustomize::Template::new(
        "postgresql.conf.j2",
        "a = 1\nmax_connections = {{ max_conections }}\n",
    )
    .value("max_connections", "100");
    db.config.templates.insert("postgresql.conf".into(), broken);
    assert_eq!(rustomize::cli::run_args(project.clone(), ["rustomize", "generate"]), 1);
    assert_eq!(snapshot(&dir), before);
    let err = rustomize::render_all(&project).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        err.contains("error: template `postgresql.conf.j2`, line 2: undefined variable `max_conections`; did you mean `max_connections` for `max_conections`?\n  --> target `dev`, app `db` (environments/services/db.rs:"),
        "{err}"
    );
}

/// One mistake in a service every environment shares is one problem, naming every target it
/// affects and the line of code that wrote the value.
#[test]
fn a_mistake_in_a_shared_service_is_reported_once_with_its_targets() {
    let mut project = environments::project();
    for env in &mut project.environments {
        for app in env.apps.iter_mut().filter(|a| a.name == "api") {
            app.containers[0].probes.readiness = Some(rustomize::Probe::http("/readyz", "htp"));
        }
    }
    let line = line!() - 3;
    let err = rustomize::render_all(&project).err().map(|e| e.to_string()).unwrap_or_default();
    assert_eq!(err.matches("probe port `htp` is not declared").count(), 1, "{err}");
    let at = format!("--> targets `base`, `dev`, `prod`, app `api` (tests/catalogue.rs:{line})");
    assert!(err.contains(&at), "{err}");
    assert!(err.contains("error: found 1 problem; nothing was written"), "{err}");
}

#[test]
fn colliding_targets_are_refused_naming_both() {
    let mut project = environments::project();
    let mut staging = project.environments[2].clone();
    staging.name = "staging".into();
    project.environments.push(staging);
    let err = rustomize::render_all(&project).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        err.contains("targets `prod` and `staging` both write the tree `overlays/prod`"),
        "{err}"
    );
    project.environments[4].tree = "overlays/prod/staging".into();
    let err = rustomize::render_all(&project).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains("the tree `overlays/prod` of `prod` and the tree `overlays/prod/staging` of `staging` are nested"), "{err}");
    project.environments[4].tree = "overlays/staging".into();
    project.environments[4].name = "prod".into();
    let status = rustomize::cli::run_args(project, ["rustomize", "render", "prod"]);
    assert_eq!(status, 1, "two targets called `prod`: the command line must not pick one");
}

#[test]
fn check_of_a_missing_directory_is_one_error() {
    let out = rustomize(&["check", "--dir", "/nonexistent/generated"]);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr.matches("error:").count(), 2, "one problem and the summary:\n{stderr}");
    assert!(stderr.contains("`/nonexistent/generated` does not exist"), "{stderr}");
}

/// Problems with environment-level declarations name the line that declared them, as app
/// problems do.
#[test]
fn a_secret_problem_names_where_the_secret_was_declared() {
    let mut env = environments::overlays::dev::dev();
    let twice = rustomize::SecretSpec::new("twice", &["KEY"]);
    env.secrets.push(twice.clone());
    env.secrets.push(twice);
    let err = rustomize::render(&env).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains("error: Secret `twice` is declared twice"), "{err}");
    assert!(err.contains("Secret `twice` (tests/catalogue.rs:"), "{err}");
}
