//! Thousands of adversarial strings (tabs, carriage returns, control characters, every YAML
//! 1.1 and 1.2 special scalar, indicators, long and multi-line values) written as ConfigMap
//! data and read back by three readers: serde-saphyr (YAML 1.2), PyYAML (YAML 1.1, where
//! installed) and kubectl (goyaml, the reader `kubectl apply` uses; required in CI). Each must
//! read back exactly what was written.

#[path = "pieces.rs"]
mod pieces;

use std::collections::BTreeMap;
use std::process::Command;

use rustomize::k8s::api::core::v1::ConfigMap;
use rustomize::k8s::apimachinery::pkg::apis::meta::v1::ObjectMeta;

/// Deterministic strings: a small linear congruential generator over pieces that break naive
/// writers, so a failure reproduces.
fn strings(n: usize) -> Vec<String> {
    use pieces::PIECES;
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        state =
            state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize
    };
    let mut out: Vec<String> = PIECES.iter().map(|p| (*p).to_owned()).collect();
    while out.len() < n {
        let parts = 1 + next() % 5;
        let mut s: String = (0..parts).map(|_| PIECES[next() % PIECES.len()]).collect();
        if next() % 50 == 0 {
            s = s.repeat(200); // a long line or block
        }
        out.push(s);
    }
    out
}

fn config_map(values: &[String]) -> (String, BTreeMap<String, String>) {
    let data: BTreeMap<String, String> =
        values.iter().enumerate().map(|(i, v)| (format!("k{i:05}"), v.clone())).collect();
    let object = rustomize::Object::from(ConfigMap {
        metadata: ObjectMeta { name: Some("adversarial".into()), ..ObjectMeta::default() },
        data: Some(data.clone()),
        ..ConfigMap::default()
    });
    (rustomize::output::to_yaml(&object).unwrap_or_else(|e| panic!("{e}")), data)
}

#[track_caller]
fn same(reader: &str, want: &BTreeMap<String, String>, got: &serde_json::Value) {
    for (key, value) in want {
        assert_eq!(
            got["data"][key].as_str(),
            Some(value.as_str()),
            "{reader} read `{key}` ({value:?}) differently"
        );
    }
}

#[test]
fn every_reader_reads_every_string_back() {
    let (yaml, want) = config_map(&strings(3000));
    let saphyr: serde_json::Value = serde_saphyr::from_str(&yaml).unwrap_or_else(|e| panic!("{e}"));
    same("serde-saphyr", &want, &saphyr);

    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = tmp.path().join("cm.yaml");
    std::fs::write(&file, &yaml).unwrap_or_else(|e| panic!("{e}"));

    // PyYAML: CI's corpus venv has it; elsewhere the system Python may.
    let python = [crate::root().join(".venv-ci/corpus/bin/python"), "python3".into()]
        .into_iter()
        .find(|p| {
            Command::new(p).args(["-c", "import yaml"]).output().is_ok_and(|o| o.status.success())
        });
    match python {
        Some(python) => {
            let out = Command::new(python)
                .args([
                    "-c",
                    "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
                ])
                .arg(&file)
                .output()
                .unwrap_or_else(|e| panic!("{e}"));
            assert!(out.status.success(), "PyYAML: {}", String::from_utf8_lossy(&out.stderr));
            let got: serde_json::Value =
                serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
            same("PyYAML (YAML 1.1)", &want, &got);
        }
        None => eprintln!("note: PyYAML is not installed; skipping the YAML 1.1 reader"),
    }

    let Some(mut kubectl) = crate::kubectl("the adversarial read-back") else { return };
    let out = kubectl
        .args(["label", "--local", "-o", "json", "-f"])
        .arg(&file)
        .arg("readback=1")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success(), "kubectl: {}", String::from_utf8_lossy(&out.stderr));
    let got: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    same("kubectl (goyaml)", &want, &got);
}
