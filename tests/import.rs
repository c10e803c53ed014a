//! `import`: existing YAML becomes a typed project whose render reproduces what it read.
//!
//! These tests run the conversion in-process; `.ci/run` also compiles every imported corpus
//! project, runs its `check`, and compares its render with the original through `compare.py`.

use std::path::{Path, PathBuf};

use rustomize::import::{Options, import};

use crate::{imported_project_checks, kubectl, root, rustomize, text};

fn options(envs: &[(&str, &Path)], out: &Path) -> Options {
    Options {
        envs: envs.iter().map(|(n, p)| ((*n).to_owned(), p.display().to_string())).collect(),
        out: out.to_owned(),
        rustomize_path: Some(root().to_owned()),
        ..Options::default()
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// `code` without whitespace (nor the trailing comma a broken line adds), so a check of
/// printed Rust does not depend on its line breaks.
fn squeezed(code: &str) -> String {
    code.split_whitespace()
        .collect::<String>()
        .replace(",>", ">")
        .replace(",]", "]")
        .replace(",)", ")")
}

/// Asserts that `code` holds each of `expected`, naming the first one missing.
fn contains_all(code: &str, expected: &[&str]) {
    for e in expected {
        assert!(code.contains(e), "`{e}` missing from {code}");
    }
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

/// Every file under `dir`, relative path → contents.
fn files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    rustomize::output::read_tree(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"))
}

/// Imports `yaml` as environment `prod`: the temporary directory (kept alive), the project's
/// directory and the report.
fn import_stack(yaml: &str) -> (tempfile::TempDir, PathBuf, rustomize::import::Report) {
    let t = tmp();
    let input = t.path().join("stack.yaml");
    write(&input, yaml);
    let out = t.path().join("stack");
    let report =
        import(&options(&[("prod", &input)], &out)).unwrap_or_else(|e| panic!("import: {e}"));
    (t, out, report)
}

#[test]
fn begbot_trees_reimport_byte_for_byte() {
    let t = tmp();
    let out = t.path().join("begbot");
    let prod = root().join("generated/overlays/prod");
    let dev = root().join("generated/overlays/dev");
    let report = import(&options(&[("prod", &prod), ("dev", &dev)], &out))
        .unwrap_or_else(|e| panic!("import failed: {e}"));
    assert_eq!(report.kept, 0, "{}", report.text);
    for (env, original) in [("prod", &prod), ("dev", &dev)] {
        let imported = files(&out.join("generated/overlays").join(env));
        assert_eq!(imported, files(original), "the re-imported `{env}` tree differs");
    }
    // The apps shared by both environments are written once; dev overlays what differs.
    let api = read(&out.join("src/apps/api.rs"));
    assert!(api.contains("pub fn app() -> App"), "{api}");
    let dev_rs = read(&out.join("src/environments/dev.rs"));
    assert!(dev_rs.contains("..crate::apps::api::app()"), "{dev_rs}");
}

/// A stack written the way teams write it by hand: no security context, a hash-suffixed
/// ConfigMap, a Secret with a value, a Service targeting the port by number.
const HAND_WRITTEN: &str = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
  labels: {app: shop}
spec:
  replicas: 2
  selector:
    matchLabels: {app: shop}
  template:
    metadata:
      labels: {app: shop}
    spec:
      containers:
      - name: shop
        image: ghcr.io/acme/shop:2.1.0
        ports:
        - containerPort: 8080
        envFrom:
        - configMapRef: {name: shop-config-HASH}
        env:
        - name: DB_PASSWORD
          valueFrom:
            secretKeyRef: {name: shop-db, key: password}
        readinessProbe:
          httpGet: {path: /ready, port: 8080}
---
apiVersion: v1
kind: Service
metadata:
  name: shop
  labels: {app: shop}
spec:
  selector: {app: shop}
  ports:
  - port: 80
    targetPort: 8080
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: shop-config-HASH
  labels: {app: shop}
data:
  MODE: live
---
apiVersion: v1
kind: Secret
metadata:
  name: shop-db
  labels: {app: shop}
stringData:
  password: hunter2-never-in-git
"#;

fn hand_written() -> String {
    let data = std::collections::BTreeMap::from([("MODE".to_owned(), "live".to_owned())]);
    HAND_WRITTEN.replace("HASH", &rustomize::hash::config_map(&data))
}

#[test]
fn a_hand_written_stack_becomes_a_typed_app_that_keeps_what_it_did() {
    let t = tmp();
    let input = t.path().join("shop.yaml");
    write(&input, &hand_written());
    let out = t.path().join("shop");
    let report =
        import(&options(&[("prod", &input)], &out)).unwrap_or_else(|e| panic!("import: {e}"));
    assert_eq!((report.typed, report.kept), (1, 0), "{}", report.text);
    let app = read(&out.join("src/apps/shop.rs"));
    for expected in [
        // The selector is kept, so the live Deployment is updated, not recreated.
        "selector: labels(&[(\"app\", \"shop\")])",
        // The ConfigMap's name carried Kustomize's hash of its data.
        "Config::hashed()",
        // No security context in the original: the image's user, declared as an exception.
        "image_user: true",
        "imported: the original",
        "replicas: 2",
    ] {
        assert!(app.contains(expected), "`{expected}` missing from:\n{app}");
    }
    // The Secret is declared by key; its value is nowhere in the project.
    let env = read(&out.join("src/environments/prod.rs"));
    assert!(env.contains("SecretSpec::new(\"shop-db\", &[\"password\"])"), "{env}");
    let mut leaked = Vec::new();
    for (path, bytes) in files(&out) {
        if String::from_utf8_lossy(&bytes).contains("hunter2") {
            leaked.push(path);
        }
    }
    assert!(leaked.is_empty(), "the Secret's value was written to {leaked:?}");
    // The render keeps every field the original set: no runAsUser is forced on the image.
    let deployment = read(&out.join("generated/overlays/prod/18-deployment-shop.yaml"));
    assert!(!deployment.contains("runAsUser"), "{deployment}");
    // The Service still reaches container port 8080, now through the name the port was given.
    let service = read(&out.join("generated/overlays/prod/13-service-shop.yaml"));
    assert!(service.contains("targetPort: port-8080"), "{service}");
    assert!(
        deployment.contains("- name: port-8080\n          containerPort: 8080"),
        "{deployment}"
    );
    let report_file = read(&out.join("IMPORT.md"));
    assert!(report_file.contains("Hardening left to take"), "{report_file}");
}

/// A locked-down app with a claim of its own and an Ingress to its Service.
const WEB: &str = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app.kubernetes.io/name: web}
spec:
  selector:
    matchLabels: {app.kubernetes.io/name: web}
  template:
    metadata:
      labels: {app.kubernetes.io/name: web}
    spec:
      automountServiceAccountToken: false
      securityContext: {runAsUser: 101, runAsGroup: 101, fsGroup: 101, runAsNonRoot: true}
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - {name: http, containerPort: 8080}
        securityContext:
          allowPrivilegeEscalation: false
          readOnlyRootFilesystem: true
          capabilities: {drop: [ALL]}
        volumeMounts:
        - {name: data, mountPath: /data}
        resources:
          requests: {cpu: 100m, memory: 128Mi}
      volumes:
      - name: data
        persistentVolumeClaim: {claimName: web-data}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: web-data
  labels: {app.kubernetes.io/name: web}
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests: {storage: 5Gi}
---
apiVersion: v1
kind: Service
metadata:
  name: web
  labels: {app.kubernetes.io/name: web}
spec:
  selector: {app.kubernetes.io/name: web}
  ports:
  - {name: http, port: 80, targetPort: http}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  labels: {app.kubernetes.io/name: web}
  annotations: {cert-manager.io/cluster-issuer: letsencrypt}
spec:
  ingressClassName: nginx
  tls:
  - hosts: [shop.example.com]
    secretName: shop-tls
  rules:
  - host: shop.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port: {number: 80}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
  labels: {app.kubernetes.io/name: web}
spec:
  podSelector:
    matchLabels: {app.kubernetes.io/name: web}
  policyTypes: [Ingress]
  ingress:
  - from:
    - namespaceSelector:
        matchLabels: {kubernetes.io/metadata.name: ingress-nginx}
    ports:
    - {port: 8080, protocol: TCP}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-all
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
"#;

#[test]
fn claims_and_ingresses_of_one_app_become_its_storage_and_ingress() {
    let t = tmp();
    let input = t.path().join("web.yaml");
    write(&input, WEB);
    let out = t.path().join("web");
    let report =
        import(&options(&[("prod", &input)], &out)).unwrap_or_else(|e| panic!("import: {e}"));
    assert_eq!((report.typed, report.kept), (1, 0), "{}", report.text);
    let app = read(&out.join("src/apps/web.rs"));
    for expected in [
        "claim_name: Some(\"web-data\".into())",
        "Storage::new(\"data\", \"5Gi\")",
        "tls_secret: Some(\"shop-tls\".into())",
        "class_name: Some(\"nginx\".into())",
        // The original's own user, below 10000, is an exception the report lists.
        "run_as_user: 101",
        // Its NetworkPolicy is the app's traffic rule.
        "Peer::namespace(\"ingress-nginx\")",
    ] {
        assert!(app.contains(expected), "`{expected}` missing from:\n{app}");
    }
    assert!(!app.contains("image_user"), "{app}");
    assert!(!app.contains("network_policy: false"), "{app}");
    let env = read(&out.join("src/environments/prod.rs"));
    assert!(env.contains("Policy::deny_all(\"deny-all\")"), "{env}");
}

#[test]
fn importing_twice_writes_the_same_bytes() {
    let t = tmp();
    let input = t.path().join("web.yaml");
    write(&input, WEB);
    let out = t.path().join("web");
    import(&options(&[("prod", &input)], &out)).unwrap_or_else(|e| panic!("import: {e}"));
    let first = files(&out);
    std::fs::remove_dir_all(&out).unwrap_or_else(|e| panic!("remove: {e}"));
    import(&options(&[("prod", &input)], &out)).unwrap_or_else(|e| panic!("import: {e}"));
    let second = files(&out);
    let differing: Vec<&String> =
        first.keys().filter(|k| first.get(*k) != second.get(*k)).collect();
    assert!(differing.is_empty(), "differ between two imports: {differing:?}");
    assert_eq!(first.len(), second.len());
}

#[test]
fn what_the_model_cannot_say_stays_as_a_typed_object_with_the_reason() {
    let t = tmp();
    let input = t.path().join("agent.yaml");
    // A host-network DaemonSet: nothing an app may declare.
    write(
        &input,
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      hostNetwork: true\n      containers:\n      - name: agent\n        image: example.com/agent:1.0\n",
    );
    let out = t.path().join("agent");
    let report =
        import(&options(&[("prod", &input)], &out)).unwrap_or_else(|e| panic!("import: {e}"));
    assert_eq!((report.typed, report.kept), (0, 1), "{}", report.text);
    let env = read(&out.join("src/environments/prod.rs"));
    assert!(env.contains("// imported as-is:"), "{env}");
    assert!(squeezed(&env).contains("RawYaml::of::<k8s::api::apps::v1::DaemonSet>"), "{env}");
    let kept = read(&out.join("generated/overlays/prod/50-apps-daemonset-agent.yaml"));
    assert!(kept.contains("hostNetwork: true"), "{kept}");
}

/// Runs `import` expecting a failure; checks nothing is left in the parent directory.
fn refused(envs: &[(&str, &Path)], parent: &Path) -> String {
    let before: Vec<PathBuf> = listing(parent);
    let out = parent.join("new-project");
    let err = match import(&options(envs, &out)) {
        Ok(r) => panic!("import succeeded:\n{}", r.text),
        Err(e) => e.to_string(),
    };
    assert!(!out.exists(), "a refused import left `{}` behind", out.display());
    assert_eq!(listing(parent), before, "a refused import left files behind");
    err
}

fn listing(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    v.sort();
    v
}

#[test]
fn bad_input_is_a_clear_error_and_nothing_is_written() {
    let t = tmp();
    let p = t.path();
    let broken = p.join("broken.yaml");
    write(&broken, "kind: [unclosed\n");
    let err = refused(&[("prod", &broken)], p);
    assert!(err.contains("broken.yaml"), "{err}");

    let kindless = p.join("kindless.yaml");
    write(&kindless, "apiVersion: v1\nmetadata:\n  name: x\n");
    let err = refused(&[("prod", &kindless)], p);
    assert!(err.contains("kindless.yaml (document 1)") && err.contains("no `kind`"), "{err}");

    let chart = p.join("chart");
    std::fs::create_dir(&chart).unwrap_or_else(|e| panic!("mkdir: {e}"));
    write(&chart.join("Chart.yaml"), "apiVersion: v2\nname: shop\nversion: 0.1.0\n");
    let err = refused(&[("prod", &chart)], p);
    assert!(err.contains("is a Helm chart") && err.contains("helm template"), "{err}");
    std::fs::remove_dir_all(&chart).unwrap_or_else(|e| panic!("rm: {e}"));

    let missing = p.join("nowhere");
    let err = refused(&[("prod", &missing)], p);
    assert!(err.contains("no such file or directory"), "{err}");

    let ok = p.join("ok.yaml");
    write(&ok, &hand_written());
    let err = refused(&[("Prod", &ok)], p);
    assert!(err.contains("`Prod` is not a lowercase name"), "{err}");
    let err = refused(&[("prod", &ok), ("prod", &ok)], p);
    assert!(err.contains("given twice"), "{err}");
}

#[test]
fn an_existing_output_directory_is_refused_and_left_alone() {
    let t = tmp();
    let input = t.path().join("shop.yaml");
    write(&input, &hand_written());
    let out = t.path().join("existing");
    std::fs::create_dir(&out).unwrap_or_else(|e| panic!("mkdir: {e}"));
    write(&out.join("keep.txt"), "mine");
    let err = match import(&options(&[("prod", &input)], &out)) {
        Ok(_) => panic!("import wrote into an existing directory"),
        Err(e) => e.to_string(),
    };
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(listing(&out), [out.join("keep.txt")]);
}

#[test]
fn a_kustomization_that_does_not_build_is_named_in_the_error() {
    if kubectl("the kustomize import test").is_none() {
        return;
    }
    let t = tmp();
    let dir = t.path().join("overlay");
    std::fs::create_dir(&dir).unwrap_or_else(|e| panic!("mkdir: {e}"));
    write(&dir.join("kustomization.yaml"), "resources:\n- missing.yaml\n");
    let err = refused(&[("prod", &dir)], t.path());
    assert!(err.contains("kubectl kustomize") && err.contains("failed"), "{err}");
}

#[test]
fn two_overlays_of_one_base_share_the_base_app() {
    if kubectl("the two-overlay import test").is_none() {
        return;
    }
    let corpus = root().join("../shared/corpus/kustomize/springboot-production");
    if !corpus.is_dir() {
        assert!(std::env::var_os("CI").is_none(), "the corpus is required in CI");
        eprintln!("note: the corpus is not here; skipping");
        return;
    }
    let t = tmp();
    let out = t.path().join("sbdemo");
    let staging = corpus.join("overlays/staging");
    let production = corpus.join("overlays/production");
    let report = import(&options(&[("staging", &staging), ("production", &production)], &out))
        .unwrap_or_else(|e| panic!("import: {e}"));
    assert_eq!((report.typed, report.kept), (1, 0), "{}", report.text);
    // Kustomize's namePrefix of each overlay is the environment's prefix, made of its name
    // in both; the app is shared.
    for env in ["staging", "production"] {
        let code = read(&out.join(format!("src/environments/{env}.rs")));
        let squeezed = squeezed(&code);
        assert!(squeezed.contains(&format!("letname=\"{env}\";")), "{code}");
        assert!(squeezed.contains("name_prefix:format!(\"{name}-\")"), "{code}");
        assert!(code.contains("crate::apps::sbdemo::app()"), "{code}");
    }
}

#[test]
fn the_cli_reads_stdin_and_rejects_a_malformed_env() {
    let out = rustomize(&["import", "--env", "prod", "--out", "/nonexistent/x"]);
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("`prod` is not `NAME=PATH`"), "{err}");

    let t = tmp();
    let project = t.path().join("piped");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_rustomize"))
        .args(["import", "--env", "prod=-", "--out"])
        .arg(&project)
        .arg("--rustomize-path")
        .arg(root())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn: {e}"));
    {
        use std::io::Write as _;
        let stdin = child.stdin.as_mut().unwrap_or_else(|| panic!("no stdin"));
        stdin.write_all(hand_written().as_bytes()).unwrap_or_else(|e| panic!("write: {e}"));
    }
    let done = child.wait_with_output().unwrap_or_else(|e| panic!("wait: {e}"));
    let (_, err) = text(&done);
    assert_eq!(done.status.code(), Some(0), "{err}");
    assert!(err.contains("1 typed apps"), "{err}");
    assert!(project.join("src/apps/shop.rs").is_file());
}

/// Every Kubernetes tree the examples commit comes back the same when imported: the typed
/// conversion is the inverse of the render for every feature those stacks use. (Only the
/// command quoted in headers differs: an example runs as `cargo run --example NAME --`.)
#[test]
fn every_example_tree_reimports_to_the_same_files() {
    let quoted = |text: &[u8]| -> String {
        String::from_utf8_lossy(text)
            .lines()
            .filter(|l| !l.contains("cargo run"))
            .map(|l| format!("{l}\n"))
            .collect()
    };
    let mut trees = Vec::new();
    for example in
        std::fs::read_dir(root().join("examples/generated")).into_iter().flatten().flatten()
    {
        // Custom resources need `--crds` (tests/import_crds.rs); a fleet's cluster trees are
        // srvthreds' own split into stage folders, and its GitOps trees custom resources.
        if example.file_name() == "custom_resources" || example.file_name() == "fleet" {
            continue;
        }
        for tree in walk_dirs(&example.path()) {
            let files = files(&tree);
            let kubernetes = files.keys().any(|f| f.ends_with(".yaml"))
                && !files.values().any(|b| String::from_utf8_lossy(b).contains("\nservices:"));
            if kubernetes && files.keys().all(|f| !f.contains('/')) {
                trees.push(tree);
            }
        }
    }
    trees.sort();
    assert!(trees.len() >= 10, "found only {trees:?}");
    let t = tmp();
    for (i, tree) in trees.iter().enumerate() {
        let name = tree.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let out = t.path().join(format!("p{i}"));
        let report = import(&options(&[(&name, tree)], &out))
            .unwrap_or_else(|e| panic!("{}: {e}", tree.display()));
        assert_eq!(report.kept, 0, "{}:\n{}", tree.display(), report.text);
        let original = files(tree);
        let imported = files(&out.join("generated/overlays").join(&name));
        assert_eq!(
            imported.keys().collect::<Vec<_>>(),
            original.keys().collect::<Vec<_>>(),
            "{}",
            tree.display()
        );
        for (file, bytes) in &original {
            assert_eq!(quoted(&imported[file]), quoted(bytes), "{}/{file}", tree.display());
        }
    }
}

fn walk_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![dir.to_owned()];
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if e.path().is_dir() {
            out.extend(walk_dirs(&e.path()));
        }
    }
    out
}

/// `helm create`'s chart rendered by `helm template shop`: release-prefixed names, Helm's
/// labels, an empty security context and a test hook.
const HELM: &str = r#"---
# Source: mychart/templates/serviceaccount.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: shop-mychart
  labels:
    helm.sh/chart: mychart-0.1.0
    app.kubernetes.io/name: mychart
    app.kubernetes.io/instance: shop
    app.kubernetes.io/version: "1.16.0"
    app.kubernetes.io/managed-by: Helm
automountServiceAccountToken: true
---
# Source: mychart/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: shop-mychart
  labels:
    helm.sh/chart: mychart-0.1.0
    app.kubernetes.io/name: mychart
    app.kubernetes.io/instance: shop
    app.kubernetes.io/version: "1.16.0"
    app.kubernetes.io/managed-by: Helm
spec:
  type: ClusterIP
  ports:
    - port: 80
      targetPort: http
      protocol: TCP
      name: http
  selector:
    app.kubernetes.io/name: mychart
    app.kubernetes.io/instance: shop
---
# Source: mychart/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-mychart
  labels:
    helm.sh/chart: mychart-0.1.0
    app.kubernetes.io/name: mychart
    app.kubernetes.io/instance: shop
    app.kubernetes.io/version: "1.16.0"
    app.kubernetes.io/managed-by: Helm
spec:
  replicas: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: mychart
      app.kubernetes.io/instance: shop
  template:
    metadata:
      labels:
        helm.sh/chart: mychart-0.1.0
        app.kubernetes.io/name: mychart
        app.kubernetes.io/instance: shop
        app.kubernetes.io/version: "1.16.0"
        app.kubernetes.io/managed-by: Helm
    spec:
      serviceAccountName: shop-mychart
      securityContext:
        {}
      containers:
        - name: mychart
          securityContext:
            {}
          image: "nginx:1.16.0"
          imagePullPolicy: IfNotPresent
          ports:
            - name: http
              containerPort: 80
              protocol: TCP
          livenessProbe:
            httpGet:
              path: /
              port: http
          readinessProbe:
            httpGet:
              path: /
              port: http
          resources:
            {}
---
# Source: mychart/templates/tests/test-connection.yaml
apiVersion: v1
kind: Pod
metadata:
  name: "shop-mychart-test-connection"
  labels:
    helm.sh/chart: mychart-0.1.0
    app.kubernetes.io/name: mychart
    app.kubernetes.io/instance: shop
    app.kubernetes.io/version: "1.16.0"
    app.kubernetes.io/managed-by: Helm
  annotations:
    "helm.sh/hook": test
spec:
  containers:
    - name: wget
      image: busybox
      command: ['wget']
      args: ['shop-mychart:80']
  restartPolicy: Never
"#;

#[test]
fn helm_template_output_becomes_a_typed_app_without_its_test_hook() {
    let t = tmp();
    let input = t.path().join("helm.yaml");
    write(&input, HELM);
    let out = t.path().join("shop");
    let report =
        import(&options(&[("prod", &input)], &out)).unwrap_or_else(|e| panic!("import: {e}"));
    assert_eq!(report.typed, 1, "{}", report.text);
    // The release name is the environment's prefix; the chart's own labels stay the app's.
    let env = read(&out.join("src/environments/prod.rs"));
    assert!(env.contains("name_prefix: \"shop-\".into()"), "{env}");
    let app = read(&out.join("src/apps/mychart.rs"));
    assert!(app.contains("(\"helm.sh/chart\", \"mychart-0.1.0\")"), "{app}");
    // `helm install` never creates a test hook, so neither does the import.
    assert!(report.text.contains("left out Pod `shop-mychart-test-connection`"), "{}", report.text);
    let tree = files(&out.join("generated/overlays/prod"));
    assert!(!tree.keys().any(|f| f.contains("test-connection")), "{:?}", tree.keys());
    assert!(tree.contains_key("18-deployment-shop-mychart.yaml"), "{:?}", tree.keys());
}

/// One of each workload kind with the settings teams use: a StatefulSet with claim
/// templates and a headless Service, a CronJob, a DaemonSet with tolerations and a config
/// file, a Deployment with an init container, a hook, a gRPC probe, an autoscaler and a budget.
const SHAPES: &str = r#"apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: pg
  labels: {app: pg}
spec:
  serviceName: pg
  replicas: 1
  selector:
    matchLabels: {app: pg}
  template:
    metadata:
      labels: {app: pg}
    spec:
      securityContext: {runAsUser: 70, runAsGroup: 70, fsGroup: 70, runAsNonRoot: true}
      containers:
      - name: postgres
        image: postgres:16.4-alpine
        ports: [{name: pg, containerPort: 5432}]
        envFrom:
        - secretRef: {name: pg-secret}
          prefix: PG_
        readinessProbe:
          exec: {command: [pg_isready, -U, postgres]}
          periodSeconds: 5
        livenessProbe:
          tcpSocket: {port: pg}
        securityContext:
          allowPrivilegeEscalation: false
          capabilities: {drop: [ALL]}
          readOnlyRootFilesystem: false
        volumeMounts:
        - {name: data, mountPath: /var/lib/postgresql/data}
        - {name: shm, mountPath: /dev/shm}
      volumes:
      - name: shm
        emptyDir: {medium: Memory, sizeLimit: 256Mi}
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOnce]
      storageClassName: fast
      resources: {requests: {storage: 20Gi}}
---
apiVersion: v1
kind: Service
metadata:
  name: pg
  labels: {app: pg}
spec:
  clusterIP: None
  selector: {app: pg}
  ports: [{name: pg, port: 5432, targetPort: pg}]
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: backup
  labels: {app: backup}
spec:
  schedule: "0 3 * * *"
  concurrencyPolicy: Forbid
  successfulJobsHistoryLimit: 2
  jobTemplate:
    spec:
      backoffLimit: 2
      template:
        metadata:
          labels: {app: backup}
        spec:
          restartPolicy: OnFailure
          containers:
          - name: backup
            image: ghcr.io/acme/backup:1.0.0
            args: ["--target", "s3://bucket"]
            env:
            - name: PGHOST
              value: pg
            - name: NODE
              valueFrom: {fieldRef: {fieldPath: spec.nodeName}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: logs
  labels: {app: logs}
spec:
  selector:
    matchLabels: {app: logs}
  updateStrategy:
    type: RollingUpdate
    rollingUpdate: {maxUnavailable: 1}
  template:
    metadata:
      labels: {app: logs}
    spec:
      tolerations:
      - {key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}
      nodeSelector: {kubernetes.io/os: linux}
      imagePullSecrets: [{name: regcred}]
      containers:
      - name: shipper
        image: fluent/fluent-bit:3.1.4
        resources:
          limits: {memory: 200Mi}
          requests: {cpu: 50m, memory: 100Mi}
        volumeMounts:
        - {name: conf, mountPath: /fluent-bit/etc/, readOnly: true}
      volumes:
      - name: conf
        configMap:
          name: logs-conf
          items: [{key: fluent-bit.conf, path: fluent-bit.conf}]
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: logs-conf
  labels: {app: logs}
data:
  fluent-bit.conf: |
    [SERVICE]
        Flush 5
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 2
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
      annotations: {prometheus.io/scrape: "true"}
    spec:
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 100
            podAffinityTerm:
              topologyKey: kubernetes.io/hostname
              labelSelector:
                matchLabels: {app: web}
      topologySpreadConstraints:
      - maxSkew: 2
        topologyKey: topology.kubernetes.io/zone
        whenUnsatisfiable: DoNotSchedule
        labelSelector:
          matchLabels: {app: web}
      initContainers:
      - name: migrate
        image: ghcr.io/acme/web:2.0.0
        command: [./migrate]
      containers:
      - name: web
        image: ghcr.io/acme/web:2.0.0
        ports: [{name: http, containerPort: 8080}, {name: grpc, containerPort: 9090}]
        resources:
          requests: {cpu: 100m, memory: 256Mi}
        readinessProbe:
          grpc: {port: 9090}
        lifecycle:
          preStop:
            exec: {command: [sleep, "5"]}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
  labels: {app: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 8
  metrics:
  - type: Resource
    resource: {name: memory, target: {type: Utilization, averageUtilization: 80}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
  labels: {app: web}
spec:
  minAvailable: 50%
  selector:
    matchLabels: {app: web}
---
apiVersion: v1
kind: Secret
metadata:
  name: pg-secret
type: Opaque
data:
  POSTGRES_PASSWORD: c2VjcmV0
"#;

#[test]
fn every_workload_kind_becomes_a_typed_app() {
    let t = tmp();
    let input = t.path().join("shapes.yaml");
    write(&input, SHAPES);
    let out = t.path().join("shapes");
    let report =
        import(&options(&[("prod", &input)], &out)).unwrap_or_else(|e| panic!("import: {e}"));
    assert_eq!((report.typed, report.kept), (4, 0), "{}", report.text);
    let read_app = |name: &str| read(&out.join(format!("src/apps/{name}.rs")));
    let pg = read_app("pg");
    assert!(pg.contains("workload: Workload::StatefulSet"), "{pg}");
    assert!(pg.contains("storage_class: Some(\"fast\".into())"), "{pg}");
    assert!(pg.contains("EnvFrom::Secret(\"pg-secret\".into()).prefixed(\"PG_\")"), "{pg}");
    let backup = read_app("backup");
    assert!(backup.contains("CronJob::new(\"0 3 * * *\")"), "{backup}");
    let web = read_app("web");
    assert!(web.contains("pre_stop: Some(Handler::Exec("), "{web}");
    assert!(web.contains("DisruptionBudget::MinAvailablePercent(50)"), "{web}");
    assert!(
        web.contains("anti_affinity: vec![Spread::across(\"kubernetes.io/hostname\")]"),
        "{web}"
    );
    assert!(web.contains("Spread::across(\"topology.kubernetes.io/zone\").required()"), "{web}");
    // The original pins replicas beside its autoscaler; the report says how to hand over.
    assert!(
        report.text.contains("kubectl apply edit-last-applied deployment/web"),
        "{}",
        report.text
    );
}

/// A stack that commits credentials: a standalone ConfigMap holding a password, and a
/// variable with a literal token.
const CREDENTIALS: &str = r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: legacy-settings
data:
  PGPASSWORD: hunter2-in-a-configmap
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 1
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
      - name: api
        image: ghcr.io/acme/api:1.0.0
        env:
        - name: STRIPE_KEY
          value: sk_live_4eC39HqLyjWDarjtT1zdp7dc
        - name: LOG_LEVEL
          value: info
"#;

/// Every file of a project, as one text.
fn all_text(dir: &Path) -> String {
    files(dir).values().map(|b| String::from_utf8_lossy(b).into_owned()).collect()
}

#[test]
fn credentials_never_refuse_an_import_and_can_be_moved_into_secrets() {
    let t = tmp();
    let input = t.path().join("stack.yaml");
    write(&input, CREDENTIALS);

    // By default: imported, each value where the original has it, waived and reported first.
    let kept = t.path().join("kept");
    let report = import(&options(&[("prod", &input)], &kept))
        .unwrap_or_else(|e| panic!("import refused a stack for its credentials: {e}"));
    let hardening = report.text.split("Hardening left to take").nth(1).unwrap_or_default();
    let first = hardening.lines().find(|l| l.starts_with("- ")).unwrap_or_default();
    assert!(first.starts_with("- credential:"), "{hardening}");
    let code = all_text(&kept.join("src"));
    assert!(code.contains("imported: the original commits this value in"), "{code}");
    // What a killed `generate` or `import` leaves, and every env file, stays out of git.
    let ignore = read(&kept.join(".gitignore"));
    for pattern in [".*.rustomize-*", ".*.import-*", ".env", "*.env", "!*.env.example"] {
        assert!(ignore.lines().any(|l| l == pattern), "{pattern}: {ignore}");
    }

    // Moved: the variable reads a Secret key, and the value is written nowhere.
    let moved = t.path().join("moved");
    let options = Options { move_credentials: true, ..options(&[("prod", &input)], &moved) };
    let report = import(&options).unwrap_or_else(|e| panic!("{e}"));
    assert!(report.text.contains("- credential moved: Deployment `api`, container `api`, variable `STRIPE_KEY` → Secret `api-credentials`"), "{}", report.text);
    let everything = all_text(&moved);
    assert!(!everything.contains("sk_live_4eC39HqLyjWDarjtT1zdp7dc"), "the value was written");
    let example = read(&moved.join("generated/overlays/prod/secrets.env.example"));
    assert!(example.contains("STRIPE_KEY="), "{example}");
    let deployment = files(&moved.join("generated/overlays/prod"))
        .into_iter()
        .find(|(name, _)| name.contains("deployment-api"))
        .map(|(_, b)| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    assert!(
        deployment.contains(
            "secretKeyRef:\n              key: STRIPE_KEY\n              name: api-credentials"
        ),
        "{deployment}"
    );
}

#[test]
fn a_declaration_is_bound_once_and_apps_take_its_handle_as_an_argument() {
    let t = tmp();
    let out = t.path().join("srvthreds");
    let dev = root().join("examples/generated/srvthreds/overlays/dev");
    import(&options(&[("dev", &dev)], &out)).unwrap_or_else(|e| panic!("{e}"));
    let engine = read(&out.join("src/apps/srvthreds_engine.rs"));
    assert!(engine.contains("pub fn app(srvthreds_config: &SharedConfig) -> App {"), "{engine}");
    assert!(engine.contains("EnvFrom::Shared(srvthreds_config.handle())"), "{engine}");
    let env = read(&out.join("src/environments/dev.rs"));
    assert!(env.contains("let srvthreds_config = SharedConfig::new(\n"), "{env}");
    assert!(env.contains("crate::apps::srvthreds_engine::app(&srvthreds_config)"), "{env}");
    assert!(env.contains("configs: vec![srvthreds_config]"), "{env}");
    // Declared once: no declaration is made again where it is used.
    assert_eq!(env.matches("SharedConfig::new(").count(), 1, "{env}");
    assert!(!engine.contains("SharedConfig::new("), "{engine}");
}

#[test]
fn an_object_every_environment_keeps_alike_is_written_once() {
    let t = tmp();
    let widget = |name: &str, size: u32| {
        format!(
            "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: {name}\nspec:\n  size: {size}\n"
        )
    };
    let mut envs = Vec::new();
    for (env, size) in [("dev", 1), ("prod", 3)] {
        let dir = t.path().join(env);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        write(&dir.join("same.yaml"), &widget("same", 2));
        write(&dir.join("sized.yaml"), &widget("sized", size));
        envs.push((env, dir));
    }
    let out = t.path().join("project");
    let pairs: Vec<(&str, &Path)> = envs.iter().map(|(n, d)| (*n, d.as_path())).collect();
    import(&options(&pairs, &out)).unwrap_or_else(|e| panic!("{e}"));
    assert!(out.join("imported/_shared/widget.example.com_same.yaml").is_file());
    for env in ["dev", "prod"] {
        assert!(!out.join(format!("imported/{env}/widget.example.com_same.yaml")).exists());
        assert!(out.join(format!("imported/{env}/widget.example.com_sized.yaml")).is_file());
        let code = read(&out.join(format!("src/environments/{env}.rs")));
        assert!(
            code.contains("include_str!(\"../../imported/_shared/widget.example.com_same.yaml\")"),
            "{code}"
        );
    }
    let sized = read(&out.join("imported/prod/widget.example.com_sized.yaml"));
    assert!(sized.contains("size: 3"), "{sized}");
}

#[test]
fn a_declaration_every_environment_makes_alike_is_one_shared_function() {
    let t = tmp();
    let stack = |level: &str| {
        format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: watched}}\ndata:\n  settings.conf: |\n{}---\n\
             apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: tuned}}\ndata: {{level: \"{level}\"}}\n---\n\
             apiVersion: v1\nkind: ServiceAccount\nmetadata: {{name: robot}}\n",
            "    line = 1\n".repeat(45)
        )
    };
    let mut envs = Vec::new();
    for (env, level) in [("dev", "debug"), ("prod", "info")] {
        let dir = t.path().join(env);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        write(&dir.join("stack.yaml"), &stack(level));
        envs.push((env, dir));
    }
    let out = t.path().join("project");
    let pairs: Vec<(&str, &Path)> = envs.iter().map(|(n, d)| (*n, d.as_path())).collect();
    import(&options(&pairs, &out)).unwrap_or_else(|e| panic!("{e}"));
    let shared = read(&out.join("src/shared.rs"));
    assert!(shared.contains("pub fn watched() -> SharedConfig"), "{shared}");
    assert!(shared.contains("pub fn robot_account() -> ServiceAccountSpec"), "{shared}");
    assert!(!shared.contains("tuned"), "it differs between environments:\n{shared}");
    // A file of its own beside the code, read once for both environments.
    assert!(shared.contains("include_str!(\"files/shared/settings.conf\")"), "{shared}");
    let conf = read(&out.join("src/files/shared/settings.conf"));
    assert_eq!(conf.lines().count(), 45, "{conf}");
    for (env, level) in [("dev", "debug"), ("prod", "info")] {
        let code = read(&out.join(format!("src/environments/{env}.rs")));
        assert!(code.contains("let watched = crate::shared::watched();"), "{code}");
        assert!(code.contains("crate::shared::robot_account()"), "{code}");
        assert!(code.contains(&format!("\"{level}\"")), "{code}");
        assert!(!code.contains("line = 1"), "{code}");
    }
    assert!(read(&out.join("src/main.rs")).contains("mod shared;"));
}

#[test]
fn the_project_holds_no_absolute_path_of_the_importing_machine() {
    let t = tmp();
    let out = t.path().join("shop");
    let dev = root().join("examples/generated/srvthreds/overlays/dev");
    assert!(dev.is_absolute());
    import(&options(&[("dev", &dev)], &out)).unwrap_or_else(|e| panic!("{e}"));
    let machine = [root().display().to_string(), t.path().display().to_string()];
    for (file, bytes) in files(&out) {
        let text = String::from_utf8_lossy(&bytes);
        // As an absolute path, that is: a relative one may pass through the same directories.
        for path in &machine {
            for (at, _) in text.match_indices(path.as_str()) {
                assert!(text[..at].ends_with(".."), "`{file}` holds `{path}`");
            }
        }
    }
    let manifest = read(&out.join("Cargo.toml"));
    assert!(manifest.contains("rustomize = { path = \"../"), "{manifest}");
}

/// Settings beyond the defaults stay typed: node affinity as the API says it, capabilities
/// as written, the user on the container; a CronJob with two credential-looking variables is
/// waived once instead of kept.
#[test]
fn affinity_capabilities_and_waived_credentials_stay_typed() {
    let (t, out, report) = import_stack(
        r#"apiVersion: apps/v1
kind: Deployment
metadata: {name: proxy}
spec:
  selector: {matchLabels: {app: proxy}}
  template:
    metadata: {labels: {app: proxy}}
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions:
              - {key: kubernetes.io/arch, operator: In, values: [amd64, arm64]}
      containers:
      - name: proxy
        image: example.com/proxy:1.0
        securityContext:
          allowPrivilegeEscalation: false
          capabilities: {drop: [all], add: [NET_BIND_SERVICE]}
          runAsUser: 101
          readOnlyRootFilesystem: true
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    metadata:
      annotations: {managed-by: ci}
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: run
            image: example.com/run:1.0
            env:
            - {name: API_TOKEN, value: "not-really"}
            - {name: DB_PASSWORD, value: "not-either"}
"#,
    );
    assert_eq!((report.typed, report.kept), (2, 0), "{}", report.text);
    assert_eq!(report.typed_share.objects, report.input.objects, "{report}");
    assert!(report.to_string().contains("typed: 2/2 objects (100.0%)"), "{report}");
    let proxy = read(&out.join("src/apps/proxy.rs"));
    assert!(proxy.contains("k8s::api::core::v1::NodeSelectorRequirement"), "{proxy}");
    assert!(proxy.contains(r#"drop_capabilities: vec!["all".into()]"#), "{proxy}");
    assert!(proxy.contains(r#"add_capabilities: vec!["NET_BIND_SERVICE".into()]"#), "{proxy}");
    assert!(proxy.contains("user_on_containers: true"), "{proxy}");
    let nightly = read(&out.join("src/apps/nightly.rs"));
    assert!(nightly.contains("job_annotations"), "{nightly}");
    assert!(nightly.contains("Waiver::literal_credential"), "{nightly}");
    assert!(!nightly.contains(&t.path().display().to_string()), "a machine path:\n{nightly}");
    // The project's render is the input's, and the kept-nothing claim holds on disk.
    assert!(!out.join("imported").exists() || listing(&out.join("imported")).is_empty());
}

#[test]
fn roles_bindings_and_accounts_of_no_app_become_the_environments_declarations() {
    let (_t, out, report) = import_stack(
        r#"apiVersion: v1
kind: ServiceAccount
metadata: {name: controller, namespace: ops, labels: {app.kubernetes.io/component: controller}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: controller, namespace: ops}
rules:
- {apiGroups: [""], resources: [configmaps], verbs: [get, watch], resourceNames: [settings]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: controller}
rules:
- {nonResourceURLs: [/metrics], verbs: [get]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: controller, namespace: ops}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: controller}
subjects:
- {kind: ServiceAccount, name: controller, namespace: ops}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: controller-auth}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:auth-delegator"}
subjects:
- {kind: ServiceAccount, name: controller, namespace: ops}
- {kind: ServiceAccount, name: prometheus, namespace: monitoring}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: controller, namespace: ops}
spec:
  selector: {matchLabels: {app: controller}}
  template:
    metadata: {labels: {app: controller}}
    spec:
      serviceAccountName: controller
      containers:
      - name: controller
        image: example.com/controller:1.0
        livenessProbe:
          httpGet: {path: /healthz, port: 9001}
        volumeMounts:
        - {name: tls, mountPath: /tls}
      volumes:
      - name: tls
        secret: {secretName: controller-tls, optional: true}
"#,
    );
    assert_eq!(report.kept, 0, "{}", report.text);
    assert_eq!(report.typed_share.objects, report.input.objects, "{report}");
    let env = read(&out.join("src/environments/prod.rs"));
    for expected in [
        // The account the binding names is declared, and granted by handle.
        "ServiceAccountSpec::new(\"controller\")",
        "Grant::from(&controller_role)",
        "Grantee::from(&controller_account)",
        // A role the cluster has, and an account elsewhere, by name as written.
        "Grant::ClusterRole(\"system:auth-delegator\".into())",
        "Grantee::ServiceAccount {",
        "resource_names: vec![\"settings\".into()]",
        "Rule::urls(&[\"/metrics\"], &[\"get\"])",
    ] {
        assert!(env.contains(expected), "missing `{expected}` in:\n{env}");
    }
    let app = read(&out.join("src/apps/controller.rs"));
    // A probe on a port the container does not declare, by number; an optional Secret.
    assert!(app.contains(r#"Probe::http("/healthz", "9001")"#), "{app}");
    assert!(app.contains("optional: true"), "{app}");
    // An optional Secret another tool issues is not declared (nor asked for).
    assert!(!env.contains("SecretSpec::new(\"controller-tls\""), "{env}");
}

#[test]
fn services_beside_kept_workloads_and_other_views_of_an_apps_pods_stay_typed() {
    let (_t, out, report) = import_stack(
        r#"apiVersion: apps/v1
kind: DaemonSet
metadata: {name: dns, namespace: ops}
spec:
  selector: {matchLabels: {k8s-app: dns}}
  template:
    metadata: {labels: {k8s-app: dns}}
    spec:
      hostNetwork: true
      containers:
      - name: dns
        image: example.com/dns:1.0
---
apiVersion: v1
kind: Service
metadata: {name: dns, namespace: ops}
spec:
  selector: {k8s-app: dns}
  ports:
  - {name: dns, port: 53, targetPort: 53, protocol: UDP}
  - {name: dns-tcp, port: 53, targetPort: 53, protocol: TCP}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: ops, labels: {app: api, app.kubernetes.io/component: api}}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
      - name: api
        image: example.com/api:1.0
        ports: [{name: http, containerPort: 8080}, {name: metrics, containerPort: 9090}]
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: ops, labels: {app: api}}
spec:
  selector: {app: api}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: v1
kind: Service
metadata: {name: api-metrics, namespace: ops, labels: {app: api, app.kubernetes.io/component: metrics}}
spec:
  selector: {app: api}
  ports: [{name: metrics, port: 9090, targetPort: 9090}]
---
apiVersion: v1
kind: Service
metadata: {name: api-scrape, namespace: ops, labels: {app: api, scrape: "true"}}
spec:
  selector: {app: api}
  ports: [{name: metrics, port: 9091, targetPort: metrics}]
"#,
    );
    // Only the host-network DaemonSet stays as written.
    assert_eq!(report.kept, 1, "{}", report.text);
    let env = read(&out.join("src/environments/prod.rs"));
    for expected in [
        "ServiceSpec::new(",
        "\"dns\"",
        "protocol: Some(Protocol::Udp)",
        // Another view of the api's pods, labelled otherwise than the app.
        "\"api-metrics\"",
        "(\"app.kubernetes.io/component\", \"metrics\")",
    ] {
        assert!(env.contains(expected), "missing `{expected}` in:\n{env}");
    }
    let api = read(&out.join("src/apps/api.rs"));
    assert!(!api.contains("api-metrics"), "{api}");
    // A Service with a label of its own the workload lacks stays the app's, with it.
    assert!(api.contains("\"api-scrape\"") && api.contains("(\"scrape\", \"true\")"), "{api}");
}

#[test]
fn containers_that_run_as_another_user_or_open_host_ports_stay_typed() {
    let (_t, out, report) = import_stack(
        r#"apiVersion: apps/v1
kind: Deployment
metadata: {name: dex}
spec:
  selector: {matchLabels: {app: dex}}
  template:
    metadata: {labels: {app: dex}}
    spec:
      initContainers:
      - name: copy
        image: example.com/copy:1.0
        securityContext: {runAsNonRoot: true, allowPrivilegeEscalation: false}
      containers:
      - name: dex
        image: example.com/dex:1.0
        terminationMessagePath: /tmp/why
        securityContext: {runAsNonRoot: true, runAsUser: 1001, allowPrivilegeEscalation: false}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      securityContext: {runAsUser: 70, fsGroup: 70}
      containers:
      - name: db
        image: example.com/db:1.0
        ports: [{name: db, containerPort: 5432}]
        securityContext: {runAsUser: 70, runAsGroup: 70, allowPrivilegeEscalation: false}
        volumeMounts: [{name: disk, mountPath: /data}]
      - name: exporter
        image: example.com/exporter:1.0
      volumes:
      - name: disk
        persistentVolumeClaim: {claimName: db}
---
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  selector: {app: db}
  ports: [{name: db, port: 5432, targetPort: db}]
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: db}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers:
      - name: agent
        image: example.com/agent:1.0
        ports: [{name: otlp, containerPort: 4317, hostPort: 4317}]
"#,
    );
    assert_eq!(report.kept, 0, "{}", report.text);
    assert_eq!(report.typed_share.objects, report.input.objects, "{report}");
    let dex = read(&out.join("src/apps/dex.rs"));
    // The app runs as the image's user; only `dex` names its own.
    assert!(dex.contains("image_user: true"), "{dex}");
    assert!(dex.contains("run_as_user: Some(1001)"), "{dex}");
    assert_eq!(dex.matches("ContainerSecurity {").count(), 1, "{dex}");
    assert!(dex.contains(r#"termination_message_path: Some("/tmp/why".into())"#), "{dex}");
    let db = read(&out.join("src/apps/db.rs"));
    // The exporter wrote no security context: it may escalate, as it could before.
    assert!(db.contains("privilege_escalation: Some(true)"), "{db}");
    assert!(db.contains("run_as_user: 70"), "{db}");
    // The claim a StatefulSet mounts stays the environment's, shared by every replica.
    assert!(!db.contains("Storage {"), "{db}");
    let agent = read(&out.join("src/apps/agent.rs"));
    assert!(agent.contains("host_port: Some(4317)"), "{agent}");
    assert!(agent.contains("host_ports: true"), "{agent}");
    let imported = read(&out.join("IMPORT.md"));
    assert!(imported.contains("lets container `exporter` escalate privileges"), "{imported}");
    assert!(imported.contains("opens ports on the node"), "{imported}");
}

#[test]
fn a_network_policy_with_several_rules_stays_typed() {
    let (_t, out, report) = import_stack(
        r#"apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: dex}
spec:
  podSelector: {matchLabels: {app: dex}}
  policyTypes: [Ingress]
  ingress:
  - from: [{podSelector: {matchLabels: {app: server}}}]
    ports: [{protocol: TCP, port: 5556}, {protocol: TCP, port: 5557}]
  - from: [{namespaceSelector: {}}]
    ports: [{port: 5558, protocol: TCP}]
"#,
    );
    assert_eq!(report.kept, 0, "{}", report.text);
    let code = read(&out.join("src/environments/prod.rs"));
    assert!(squeezed(&code).contains("also:vec![PolicyRule{"), "{code}");
    assert!(code.contains("(5558, Protocol::Tcp)"), "{code}");
}

#[test]
fn kept_objects_that_differ_in_group_namespace_or_name_never_share_a_file() {
    let (_t, out, _) = import_stack(
        "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: c, namespace: a-b}\nspec: {size: 1}\n---\n\
         apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: b-c, namespace: a}\nspec: {size: 2}\n---\n\
         apiVersion: other.io/v1\nkind: Widget\nmetadata: {name: c, namespace: a-b}\nspec: {size: 3}\n",
    );
    let files: Vec<String> = listing(&out.join("imported/prod"))
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    assert_eq!(
        files,
        [
            "widget.example.com_a-b_c.yaml",
            "widget.example.com_a_b-c.yaml",
            "widget.other.io_a-b_c.yaml"
        ],
        "{files:?}"
    );
}

#[test]
fn a_budget_the_model_cannot_say_stays_as_written_beside_the_typed_app() {
    let (_t, out, report) = import_stack(
        r#"apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
      - {name: api, image: "example.com/api:1.0"}
---
apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata: {name: api}
spec:
  minAvailable: 1
  selector: {matchLabels: {app: api}}
"#,
    );
    assert_eq!((report.typed, report.kept), (1, 1), "{}", report.text);
    let imported = read(&out.join("IMPORT.md"));
    assert!(
        imported
            .contains("PodDisruptionBudget `api`: its API version `policy/v1beta1` is not the one rustomize types a PodDisruptionBudget as (`policy/v1`)"),
        "{imported}"
    );
    let api = read(&out.join("src/apps/api.rs"));
    assert!(!api.contains("disruption_budget"), "{api}");
}

/// A Deployment called `name` in `ns` whose pods read ConfigMap `config`, and a Service `svc`
/// over them.
fn namespaced_app(ns: &str, name: &str, config: &str, svc: &str) -> String {
    format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: {config}, namespace: {ns}}}\ndata: {{MODE: {ns}}}\n---\n\
         apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: {name}, namespace: {ns}}}\nspec:\n  replicas: 1\n  selector: {{matchLabels: {{app: {name}}}}}\n  template:\n    metadata: {{labels: {{app: {name}}}}}\n    spec:\n      containers:\n      - name: {name}\n        image: example.com/{name}:1.0\n        ports: [{{name: http, containerPort: 8080}}]\n        envFrom: [{{configMapRef: {{name: {config}}}}}]\n---\n\
         apiVersion: v1\nkind: Service\nmetadata: {{name: {svc}, namespace: {ns}}}\nspec:\n  selector: {{app: {name}}}\n  ports: [{{name: http, port: 80, targetPort: http}}]\n---\n"
    )
}

#[test]
fn objects_of_one_name_in_two_namespaces_are_two_objects() {
    // Two apps each owning a Service `web` of its own namespace: both typed, each Service
    // checked against its own original (a key without the namespace mixed them up).
    let yaml = namespaced_app("shop", "front", "front-config", "web")
        + &namespaced_app("admin", "back", "back-config", "web");
    let (_t, out, report) = import_stack(&yaml);
    assert_eq!((report.typed, report.kept), (2, 0), "{}", report.text);
    let front = read(&out.join("src/apps/front.rs"));
    assert!(front.contains("namespace: Some(\"shop\".into())"), "{front}");
    assert!(read(&out.join("src/apps/back.rs")).contains("Some(\"web\".into())"));
}

#[test]
fn a_name_two_namespaces_share_is_kept_not_refused() {
    // The same app name in two namespaces, reading the same ConfigMap name: an environment's
    // apps have unique names, and pods name their ConfigMap without a namespace, so what a
    // name cannot tell apart stays as written, with the reason; the import never fails.
    let yaml = namespaced_app("shop", "api", "settings", "api")
        + &namespaced_app("admin", "api", "settings", "api");
    let (_t, _out, report) = import_stack(&yaml);
    assert!(report.kept >= 3, "{}", report.text);
    assert!(
        report.text.contains(
            "Deployment `api`: Deployment `api` in namespace `shop` has its name, and the apps of an environment have unique names"
        ),
        "{}",
        report.text
    );
    assert!(
        report.text.contains("ConfigMap `settings` in namespace `shop` and ConfigMap `settings` in namespace `admin` share its name"),
        "{}",
        report.text
    );
    assert!(
        report.text.contains(
            "ConfigMap `settings` stays as written, and a typed app names typed ConfigMaps"
        ),
        "{}",
        report.text
    );
}

#[test]
fn a_bare_pod_is_a_typed_app() {
    // The model has a Pod workload: a Pod of the stack (a debug shell, a one-off) is an app,
    // its own template, and renders back field for field (or import would have kept it).
    let (_t, out, report) = import_stack(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: toolbox\n  labels: {app: toolbox}\nspec:\n  containers:\n  - name: shell\n    image: example.com/toolbox:2.1\n    command: [sleep, infinity]\n",
    );
    assert_eq!((report.typed, report.kept), (1, 0), "{}", report.text);
    let app = read(&out.join("src/apps/toolbox.rs"));
    assert!(app.contains("workload: Workload::Pod"), "{app}");
    let pod = read(&out.join("generated/overlays/prod/60-pod-toolbox.yaml"));
    assert!(pod.contains("kind: Pod") && pod.contains("- infinity"), "{pod}");
}

/// A Deployment `web` (with `resources`) and an autoscaler of it with `metrics`.
fn autoscaled(resources: &str, metrics: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web}}\nspec:\n  selector: {{matchLabels: {{app: web}}}}\n  template:\n    metadata: {{labels: {{app: web}}}}\n    spec:\n      containers:\n      - name: web\n        image: example.com/web:1.0\n        resources: {resources}\n---\n\
         apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {{name: web}}\nspec:\n  scaleTargetRef: {{apiVersion: apps/v1, kind: Deployment, name: web}}\n  minReplicas: 2\n  maxReplicas: 5\n  behavior:\n    scaleDown:\n      stabilizationWindowSeconds: 300\n      policies: [{{type: Percent, value: 50, periodSeconds: 60}}]\n  metrics:\n{metrics}"
    )
}

#[test]
fn an_autoscaler_s_behaviour_and_custom_metrics_are_typed() {
    let metrics = "  - type: Pods\n    pods:\n      metric: {name: http_requests}\n      target: {type: AverageValue, averageValue: \"10\"}\n  - type: Resource\n    resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}\n";
    let (_t, out, report) = import_stack(&autoscaled("{requests: {cpu: 100m}}", metrics));
    assert_eq!((report.typed, report.kept), (1, 0), "{}", report.text);
    let app = squeezed(&read(&out.join("src/apps/web.rs")));
    assert!(
        app.contains("Metric::Pods{name:\"http_requests\".into(),average_value:\"10\".into(),}"),
        "{app}"
    );
    assert!(app.contains("stabilization_window_seconds:Some(300)"), "{app}");
    assert!(app.contains("type_:\"Percent\".into(),value:50"), "{app}");
}

#[test]
fn an_autoscaler_the_model_refuses_stays_as_written_beside_its_typed_app() {
    // CPU utilisation without CPU requests: the model refuses the autoscaler (it could never
    // scale), so the autoscaler alone stays as written; the Deployment is typed.
    let metrics = "  - type: Resource\n    resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}\n";
    let (_t, out, report) = import_stack(&autoscaled("{}", metrics));
    assert_eq!((report.typed, report.kept), (1, 1), "{}", report.text);
    assert!(
        report.text.contains("HorizontalPodAutoscaler `web`: as the app's, it would be refused: autoscaling on cpu needs cpu requests"),
        "{}",
        report.text
    );
    assert!(!read(&out.join("src/apps/web.rs")).contains("autoscale"));
    // An object metric (of another object) is not the model's: the same, said so.
    let object = "  - type: Object\n    object:\n      describedObject: {apiVersion: v1, kind: Service, name: web}\n      metric: {name: hits}\n      target: {type: Value, value: \"1\"}\n";
    let (_t, _out, report) = import_stack(&autoscaled("{requests: {cpu: 100m}}", object));
    assert_eq!((report.typed, report.kept), (1, 1), "{}", report.text);
    assert!(report.text.contains("as the app's, its `Object` metric is not"), "{}", report.text);
}

#[test]
fn pod_dns_host_aliases_and_projected_and_downward_volumes_are_typed() {
    let (_t, out, report) = import_stack(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: \"1\"}\n---\n\
         apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      enableServiceLinks: false\n      dnsConfig: {options: [{name: ndots, value: \"2\"}]}\n      hostAliases: [{ip: 10.0.0.1, hostnames: [db.local]}]\n      runtimeClassName: gvisor\n      containers:\n      - name: web\n        image: example.com/web:1.0\n        volumeMounts: [{name: all, mountPath: /etc/all}, {name: info, mountPath: /etc/info}]\n      volumes:\n      - name: all\n        projected:\n          sources:\n          - configMap: {name: settings}\n          - secret: {name: creds, items: [{key: token, path: token}]}\n      - name: info\n        downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]}\n",
    );
    assert_eq!((report.typed, report.kept), (1, 0), "{}", report.text);
    let app = squeezed(&read(&out.join("src/apps/web.rs")));
    for expected in [
        "enable_service_links:Some(false)",
        "runtime_class_name:Some(\"gvisor\".into())",
        "host_aliases:vec![(\"10.0.0.1\".into(),vec![\"db.local\".into()])]",
        "VolumeSource::Projected(",
        "VolumeSource::PodFields(vec![(\"labels\".into(),\"metadata.labels\".into())])",
    ] {
        assert!(app.contains(expected), "{expected} in {app}");
    }
}

#[test]
fn an_environment_that_adds_a_variable_first_states_only_that_variable() {
    // Kustomize's patch puts the new variable first; the model's overlay adds it last. The
    // variables are compared by name, so the environment follows the base's order and says
    // only what it adds, instead of restating every container.
    let deployment = |env: &str| {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: api}}\nspec:\n  replicas: 1\n  selector: {{matchLabels: {{app: api}}}}\n  template:\n    metadata: {{labels: {{app: api}}}}\n    spec:\n      containers:\n      - name: api\n        image: example.com/api:1.0\n        env: [{env}]\n"
        )
    };
    let t = tmp();
    let dev = t.path().join("dev.yaml");
    let prod = t.path().join("prod.yaml");
    write(&dev, &deployment("{name: A, value: \"1\"}, {name: B, value: \"2\"}"));
    write(
        &prod,
        &deployment(
            "{name: REPLICAS, value: \"3\"}, {name: A, value: \"1\"}, {name: B, value: \"2\"}",
        ),
    );
    let out = t.path().join("stack");
    let report = import(&options(&[("dev", &dev), ("prod", &prod)], &out))
        .unwrap_or_else(|e| panic!("import: {e}"));
    assert_eq!(report.kept, 0, "{}", report.text);
    let code = squeezed(&read(&out.join("src/environments/prod.rs")));
    assert!(
        code.contains(
            "crate::apps::api::app().with(Overlay{env:Env::new().set(\"REPLICAS\",\"3\")"
        ),
        "{code}"
    );
    assert!(!code.contains("Container{"), "the container is not restated: {code}");
    assert!(
        report.text.contains("`api` in `prod`: its variables follow the base app's order"),
        "{}",
        report.text
    );
    // A value that names another variable keeps its order: `$(A)` sees only those before it.
    write(
        &prod,
        &deployment(
            "{name: URL, value: \"http://$(A)\"}, {name: A, value: \"1\"}, {name: B, value: \"2\"}",
        ),
    );
    let out = t.path().join("kept-order");
    let report = import(&options(&[("dev", &dev), ("prod", &prod)], &out))
        .unwrap_or_else(|e| panic!("import: {e}"));
    assert!(!report.text.contains("variables follow"), "{}", report.text);
    let tree = files(&out.join("generated/overlays/prod"))
        .into_iter()
        .find(|(name, _)| name.contains("deployment-api"))
        .map(|(_, b)| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let (url, a) = (tree.find("name: URL"), tree.find("name: A"));
    assert!(url.is_some() && url < a, "{tree}");
}

#[test]
fn an_object_of_a_typed_kind_is_read_as_its_type_and_a_bad_field_names_its_file() {
    let t = tmp();
    let input = t.path().join("stack.yaml");
    write(
        &input,
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\ndata: {a: \"1\"}\n---\n\
         apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: three\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: example.com/web:1.0}]\n",
    );
    let out = t.path().join("stack");
    let err = import(&options(&[("prod", &input)], &out)).err().map(|e| e.to_string());
    let err = err.unwrap_or_default();
    assert!(err.contains("stack.yaml (document 2)"), "{err}");
    assert!(
        err.contains("Deployment `web` is not a valid `apps/v1` Deployment: invalid type: string \"three\", expected i32"),
        "{err}"
    );
    assert!(!out.exists(), "nothing is written");
}

/// One environment of a stack whose names and hosts are made of the environment's name:
/// namespace `shop-ENV`, prefix `ENV-`, host `ENV.shop.example.com`.
fn named_after(env: &str) -> String {
    format!(
        r#"apiVersion: apps/v1
kind: Deployment
metadata: {{name: {env}-web, namespace: shop-{env}, labels: {{app.kubernetes.io/name: web}}}}
spec:
  replicas: 2
  selector: {{matchLabels: {{app.kubernetes.io/name: web}}}}
  template:
    metadata: {{labels: {{app.kubernetes.io/name: web}}}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports: [{{name: http, containerPort: 8080}}]
        readinessProbe: {{httpGet: {{path: /, port: http}}}}
---
apiVersion: v1
kind: Service
metadata: {{name: {env}-web, namespace: shop-{env}, labels: {{app.kubernetes.io/name: web}}}}
spec:
  selector: {{app.kubernetes.io/name: web}}
  ports: [{{name: http, port: 80, targetPort: http}}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {{name: {env}-web, namespace: shop-{env}, labels: {{app.kubernetes.io/name: web}}}}
spec:
  tls: [{{hosts: [{env}.shop.example.com], secretName: web-tls}}]
  rules:
  - host: {env}.shop.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend: {{service: {{name: {env}-web, port: {{number: 80}}}}}}
"#
    )
}

#[test]
fn names_and_hosts_made_of_the_environment_name_are_derived_from_it() {
    let t = tmp();
    let mut inputs = Vec::new();
    for env in ["dev", "prod"] {
        let input = t.path().join(format!("{env}.yaml"));
        write(&input, &named_after(env));
        inputs.push((env, input));
    }
    let out = t.path().join("shop");
    let envs: Vec<(&str, &Path)> = inputs.iter().map(|(e, p)| (*e, p.as_path())).collect();
    let report = import(&options(&envs, &out)).unwrap_or_else(|e| panic!("import: {e}"));
    assert_eq!((report.typed, report.kept), (1, 0), "{}", report.text);
    for env in ["dev", "prod"] {
        let code = squeezed(&read(&out.join(format!("src/environments/{env}.rs"))));
        for expected in [
            format!("letname=\"{env}\";"),
            "namespace:Some(format!(\"shop-{name}\"))".to_owned(),
            "name_prefix:format!(\"{name}-\")".to_owned(),
            "..Environment::named(name)".to_owned(),
        ] {
            assert!(code.contains(&expected), "{env}: `{expected}` missing from {code}");
        }
    }
    // The base app is the first environment's; the other one derives its host.
    let prod = squeezed(&read(&out.join("src/environments/prod.rs")));
    assert!(prod.contains("host:format!(\"{name}.shop.example.com\")"), "{prod}");
    // The project compiles, and its code renders the trees import wrote byte for byte.
    assert!(imported_project_checks(&out), "the project does not compile or pass its check");
}

#[test]
fn one_environment_or_a_name_that_stands_alone_derives_nothing() {
    // One environment: no second one shows the pattern.
    let (_t, out, _) = import_stack(&named_after("prod"));
    let code = read(&out.join("src/environments/prod.rs"));
    assert!(!code.contains("format!"), "{code}");
    assert!(squeezed(&code).contains("..Environment::named(\"prod\")"), "{code}");
}

#[test]
fn scheduling_terminal_and_mount_settings_keep_their_app_typed() {
    let (_t, out, report) = import_stack(
        r#"apiVersion: apps/v1
kind: Deployment
metadata: {name: console}
spec:
  replicas: 1
  selector: {matchLabels: {app: console}}
  template:
    metadata: {labels: {app: console}}
    spec:
      schedulerName: batch-scheduler
      hostname: console-0
      setHostnameAsFQDN: true
      preemptionPolicy: Never
      os: {name: linux}
      readinessGates: [{conditionType: target-health.example.com/console}]
      containers:
      - name: console
        image: example.com/console:1.0
        stdin: true
        stdinOnce: true
        tty: true
        env: [{name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]
        readinessProbe: {exec: {command: ["true"]}}
        volumeMounts:
        - {name: logs, mountPath: /logs, subPathExpr: $(POD), mountPropagation: HostToContainer}
      volumes:
      - {name: logs, emptyDir: {}}
"#,
    );
    assert_eq!((report.typed, report.kept), (1, 0), "{}", report.text);
    let code = squeezed(&read(&out.join("src/apps/console.rs")));
    contains_all(
        &code,
        &[
            "scheduler_name:Some(\"batch-scheduler\".into())",
            "hostname_as_fqdn:Some(true)",
            "os:Some(\"linux\".into())",
            "readiness_gates:vec![\"target-health.example.com/console\".into()]",
            "stdin:true",
            "stdin_once:true",
            "tty:true",
            "sub_path_expr:Some(\"$(POD)\".into())",
            "propagation:Some(\"HostToContainer\".into())",
        ],
    );
}

#[test]
fn safe_sysctls_and_csi_volumes_keep_their_app_typed() {
    let (_t, out, report) = import_stack(
        r#"apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  replicas: 1
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      securityContext:
        sysctls: [{name: net.ipv4.tcp_keepalive_time, value: "60"}]
      containers:
      - name: api
        image: example.com/api:1.0
        readinessProbe: {exec: {command: ["true"]}}
        volumeMounts: [{name: secrets, mountPath: /mnt/secrets, readOnly: true}]
      volumes:
      - name: secrets
        csi:
          driver: secrets-store.csi.k8s.io
          readOnly: true
          volumeAttributes: {secretProviderClass: api}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: tuned}
spec:
  replicas: 1
  selector: {matchLabels: {app: tuned}}
  template:
    metadata: {labels: {app: tuned}}
    spec:
      securityContext:
        sysctls: [{name: kernel.msgmax, value: "65536"}]
      containers:
      - {name: tuned, image: "example.com/tuned:1.0", readinessProbe: {exec: {command: ["true"]}}}
"#,
    );
    // The unsafe sysctl keeps its workload as written, saying why.
    assert_eq!((report.typed, report.kept), (1, 1), "{}", report.text);
    let imported = read(&out.join("IMPORT.md"));
    assert!(imported.contains("the sysctl `kernel.msgmax`, which the restricted"), "{imported}");
    let code = squeezed(&read(&out.join("src/apps/api.rs")));
    contains_all(
        &code,
        &[
            "sysctls:vec![(\"net.ipv4.tcp_keepalive_time\".into(),\"60\".into())]",
            "VolumeSource::Csi{driver:\"secrets-store.csi.k8s.io\".into(),read_only:true",
            "(\"secretProviderClass\",\"api\")",
        ],
    );
}

#[test]
fn tokens_ephemeral_claims_groups_and_user_namespaces_keep_their_app_typed() {
    let (_t, out, report) = import_stack(
        r#"apiVersion: apps/v1
kind: Deployment
metadata: {name: agent}
spec:
  replicas: 1
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      hostUsers: false
      securityContext: {supplementalGroups: [2000]}
      containers:
      - name: agent
        image: example.com/agent:1.0
        readinessProbe: {exec: {command: ["true"]}}
        volumeMounts:
        - {name: vault, mountPath: /var/run/vault, readOnly: true}
        - {name: scratch, mountPath: /scratch}
      volumes:
      - name: vault
        projected:
          sources: [{serviceAccountToken: {path: token, audience: vault, expirationSeconds: 3600}}]
      - name: scratch
        ephemeral:
          volumeClaimTemplate:
            spec:
              accessModes: [ReadWriteOnce]
              storageClassName: fast
              resources: {requests: {storage: 10Gi}}
"#,
    );
    assert_eq!((report.typed, report.kept), (1, 0), "{}", report.text);
    let code = squeezed(&read(&out.join("src/apps/agent.rs")));
    contains_all(
        &code,
        &[
            "host_users:Some(false)",
            "supplemental_groups:vec![2000]",
            "VolumeSource::Token{path:\"token\".into(),audience:Some(\"vault\".into()),expiration_seconds:Some(3600)",
            "VolumeSource::Ephemeral{size:\"10Gi\".into(),access_mode:AccessMode::ReadWriteOnce,storage_class:Some(\"fast\".into())",
        ],
    );
}

#[test]
fn a_service_the_model_cannot_say_stays_as_written_beside_its_typed_app() {
    let (_t, out, report) = import_stack(
        r#"apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  paused: true
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: example.com/web:1.0
        ports: [{name: http, containerPort: 8080}]
        readinessProbe: {httpGet: {path: /, port: http}}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  externalIPs: [203.0.113.7]
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cache}
spec:
  replicas: 1
  selector: {matchLabels: {app: cache}}
  template:
    metadata: {labels: {app: cache}}
    spec:
      containers:
      - name: cache
        image: example.com/cache:1.0
        ports: [{name: redis, containerPort: 6379}]
        readinessProbe: {tcpSocket: {port: redis}}
---
apiVersion: v1
kind: Service
metadata: {name: cache}
spec:
  selector: {app: cache}
  internalTrafficPolicy: Local
  sessionAffinity: ClientIP
  sessionAffinityConfig: {clientIP: {timeoutSeconds: 600}}
  ports: [{name: redis, port: 6379, targetPort: redis}]
"#,
    );
    // Both apps are typed; only the Service with external IPs stays as written.
    assert_eq!((report.typed, report.kept), (2, 1), "{}", report.text);
    let imported = read(&out.join("IMPORT.md"));
    assert!(
        imported.contains("Service `web`: as the app's, it would differ at `spec.externalIPs`"),
        "{imported}"
    );
    let web = squeezed(&read(&out.join("src/apps/web.rs")));
    assert!(web.contains("paused:true"), "{web}");
    assert!(!web.contains("expose:"), "{web}");
    let cache = squeezed(&read(&out.join("src/apps/cache.rs")));
    for expected in ["internal_traffic_local:true", "sticky_timeout_seconds:Some(600)"] {
        assert!(cache.contains(expected), "`{expected}` missing from {cache}");
    }
}

#[test]
fn spread_label_keys_and_a_probe_grace_period_keep_their_app_typed() {
    let (_t, out, report) = import_stack(
        r#"apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      topologySpreadConstraints:
      - maxSkew: 1
        topologyKey: topology.kubernetes.io/zone
        whenUnsatisfiable: DoNotSchedule
        minDomains: 3
        matchLabelKeys: [pod-template-hash]
        labelSelector: {matchLabels: {app: web}}
      containers:
      - name: web
        image: example.com/web:1.0
        ports: [{name: http, containerPort: 8080}]
        livenessProbe: {httpGet: {path: /healthz, port: http}, terminationGracePeriodSeconds: 10}
"#,
    );
    assert_eq!((report.typed, report.kept), (1, 0), "{}", report.text);
    let code = squeezed(&read(&out.join("src/apps/web.rs")));
    contains_all(
        &code,
        &[
            "match_label_keys:vec![\"pod-template-hash\".into()]",
            "min_domains:Some(3)",
            "termination_grace_period_seconds:Some(10)",
        ],
    );
}

#[test]
fn storage_and_priority_classes_are_declared_and_one_the_model_refuses_stays_as_written() {
    let (_t, out, report) = import_stack(
        r#"apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: fast}
provisioner: kubernetes.io/aws-ebs
parameters: {type: gp3}
reclaimPolicy: Retain
volumeBindingMode: WaitForFirstConsumer
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: odd}
provisioner: "example.com/Not A Name"
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: critical}
value: 100000
description: The payment path
"#,
    );
    // The malformed provisioner keeps its class as written, with why; the rest is typed.
    assert_eq!(report.kept, 1, "{}", report.text);
    let imported = read(&out.join("IMPORT.md"));
    assert!(
        imported.contains("StorageClass `odd`: as the environment's, it would be refused"),
        "{imported}"
    );
    let code = squeezed(&read(&out.join("src/environments/prod.rs")));
    contains_all(
        &code,
        &[
            "StorageClassSpec::new(\"fast\",\"kubernetes.io/aws-ebs\")",
            "volume_binding_mode:Some(\"WaitForFirstConsumer\".into())",
            "PriorityClassSpec::new(\"critical\",100000)",
            "description:\"Thepaymentpath\".into()",
        ],
    );
}

#[test]
fn claim_retention_and_resize_policy_keep_their_app_typed() {
    let (_t, out, report) = import_stack(
        r#"apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  replicas: 1
  serviceName: db
  persistentVolumeClaimRetentionPolicy: {whenDeleted: Delete, whenScaled: Retain}
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
      - name: db
        image: example.com/db:1.0
        readinessProbe: {exec: {command: ["true"]}}
        resizePolicy: [{resourceName: memory, restartPolicy: RestartContainer}]
"#,
    );
    assert_eq!((report.typed, report.kept), (1, 0), "{}", report.text);
    let code = squeezed(&read(&out.join("src/apps/db.rs")));
    contains_all(
        &code,
        &[
            "claim_retention:Some((\"Delete\".into(),\"Retain\".into()))",
            "resize_policy:vec![(\"memory\".into(),\"RestartContainer\".into())]",
        ],
    );
}

#[test]
fn a_workload_without_pods_or_of_another_api_version_stays_as_written_saying_why() {
    let (_t, out, report) = import_stack(
        r#"apiVersion: apps/v1
kind: Deployment
metadata: {name: nospec}
---
apiVersion: apps/v1beta2
kind: Deployment
metadata: {name: old}
spec:
  selector: {matchLabels: {app: old}}
  template:
    metadata: {labels: {app: old}}
    spec: {containers: [{name: c, image: "nginx:1.27"}]}
"#,
    );
    assert_eq!((report.typed, report.kept), (0, 2), "{}", report.text);
    let imported = read(&out.join("IMPORT.md"));
    contains_all(
        &imported,
        &[
            "Deployment `nospec`: it has no `spec`, so no pods",
            "Deployment `old`: its API version `apps/v1beta2` is not the one rustomize types a Deployment as (`apps/v1`)",
        ],
    );
}
