//! Read-back through kubectl: every value we write must reach Kubernetes as the same string.
//!
//! Two readers: `kubectl kustomize` (what the issue asks for; kyaml, YAML 1.2), and
//! `kubectl label --local -o json`, which parses with goyaml.v2, the YAML 1.1 reader
//! `kubectl apply` uses, and prints JSON, so a misread `on` shows up as `true`.

use std::path::Path;

use serde_json::Value;

use crate::yaml::tricky_config_map;
use crate::{environments, root};

/// Every tree's files plus the quoting fixture, each tree in its own directory.
fn trees(dir: &Path) -> Vec<(String, Vec<String>, Vec<Value>)> {
    let project = environments::project();
    let header = rustomize::output::header(&project.regenerate());
    let mut out = Vec::new();
    for env in &project.environments {
        let rendered = rustomize::render(env).unwrap_or_else(|e| panic!("{e}"));
        let mut objects = rendered.objects.clone();
        objects.push(tricky_config_map());
        let tree_dir = dir.join(&env.name);
        std::fs::create_dir_all(&tree_dir).unwrap_or_else(|e| panic!("{e}"));
        let mut files = Vec::new();
        let mut values = Vec::new();
        for object in &objects {
            let name = rustomize::output::file_name(object, false);
            let body = format!(
                "{header}{}",
                rustomize::output::to_yaml(object).unwrap_or_else(|e| panic!("{e}"))
            );
            std::fs::write(tree_dir.join(&name), body).unwrap_or_else(|e| panic!("{e}"));
            files.push(tree_dir.join(&name).display().to_string());
            values.push(object.to_json().unwrap_or_else(|e| panic!("{e}")));
        }
        out.push((env.name.clone(), files, values));
    }
    out
}

fn id(v: &Value) -> String {
    format!("{}/{}/{}", v["kind"], v["metadata"]["namespace"], v["metadata"]["name"])
}

#[track_caller]
fn assert_same_objects(target: &str, reader: &str, want: &[Value], got: Vec<Value>) {
    assert_eq!(got.len(), want.len(), "{target}: {reader} returned {} objects", got.len());
    for w in want {
        let g = got
            .iter()
            .find(|g| id(g) == id(w))
            .unwrap_or_else(|| panic!("{target}: {reader} lost {}", id(w)));
        assert_eq!(g, w, "{target}: {reader} read {} differently", id(w));
    }
}

#[test]
fn kustomize_reads_every_value_back_unchanged() {
    let Some(_) = crate::kubectl("the read-back test") else { return };
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for (target, files, want) in trees(tmp.path()) {
        let dir = tmp.path().join(&target);
        let resources: String = files
            .iter()
            .map(|f| {
                format!(
                    "- {}\n",
                    Path::new(f).file_name().map(|n| n.to_string_lossy()).unwrap_or_default()
                )
            })
            .collect();
        std::fs::write(dir.join("kustomization.yaml"), format!("resources:\n{resources}"))
            .unwrap_or_else(|e| panic!("{e}"));
        let Some(mut cmd) = crate::kubectl("the read-back test") else { return };
        let out = cmd.arg("kustomize").arg(&dir).output().unwrap_or_else(|e| panic!("{e}"));
        assert!(out.status.success(), "{target}: {}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8_lossy(&out.stdout);
        let got: Vec<Value> =
            serde_saphyr::from_multiple(&text).unwrap_or_else(|e| panic!("{target}: {e}"));
        assert_same_objects(&target, "kubectl kustomize", &want, got);
    }
}

#[test]
fn kubectl_yaml_1_1_reader_reads_every_value_back_unchanged() {
    let Some(_) = crate::kubectl("the read-back test") else { return };
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for (target, files, want) in trees(tmp.path()) {
        let Some(mut cmd) = crate::kubectl("the read-back test") else { return };
        cmd.args(["label", "--local", "-o", "json"]);
        for f in &files {
            cmd.args(["-f", f]);
        }
        let out = cmd
            .arg("rustomize-readback=1")
            .current_dir(root())
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(out.status.success(), "{target}: {}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8_lossy(&out.stdout);
        let got: Vec<Value> = serde_json::Deserializer::from_str(&text)
            .into_iter::<Value>()
            .map(|v| {
                let mut v = v.unwrap_or_else(|e| panic!("{target}: {e}"));
                let labels =
                    v["metadata"]["labels"].as_object_mut().unwrap_or_else(|| panic!("no labels"));
                labels.remove("rustomize-readback");
                v
            })
            .collect();
        assert_same_objects(&target, "kubectl label --local", &want, got);
    }
}
