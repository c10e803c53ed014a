//! YAML output: the quoting golden test. Every string a YAML 1.1 reader (kubectl) would take
//! for a bool, number, null or date must come out quoted.

use rustomize::Object;
use rustomize::k8s::api::core::v1::ConfigMap;
use rustomize::k8s::apimachinery::pkg::apis::meta::v1::ObjectMeta;

/// The tricky values, keyed so their order in the output is predictable.
pub const TRICKY: &[(&str, &str)] = &[
    ("a01", "y"),
    ("a02", "Y"),
    ("a03", "n"),
    ("a04", "NO"),
    ("a05", "yes"),
    ("a06", "on"),
    ("a07", "off"),
    ("a08", "true"),
    ("a09", "null"),
    ("a10", "~"),
    ("a11", ""),
    ("a12", "0123"),
    ("a13", "1_000"),
    ("a14", "1.0"),
    ("a15", "1e3"),
    ("a16", "0x1F"),
    ("a17", "12:30"),
    ("a18", "2024-01-01"),
    ("a19", " leading space"),
    ("a20", "a: b"),
    ("a21", "a #b"),
    ("a22", "8080"),
    ("a23", "plain words stay plain"),
    ("b01", "server {\n  listen 80;\n}\n"),
    ("b02", "no trailing newline\nsecond line"),
    ("on", "key that kubectl would read as true"),
];

/// A ConfigMap holding [`TRICKY`], with a label and annotation that YAML 1.1 would misread too.
pub fn tricky_config_map() -> Object {
    ConfigMap {
        metadata: ObjectMeta {
            name: Some("tricky".into()),
            labels: Some(
                [("feature".to_owned(), "on".to_owned()), ("country".to_owned(), "NO".to_owned())]
                    .into(),
            ),
            annotations: Some([("example.com/enabled".to_owned(), "yes".to_owned())].into()),
            ..ObjectMeta::default()
        },
        data: Some(TRICKY.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()),
        ..ConfigMap::default()
    }
    .into()
}

#[test]
fn golden_quoting() {
    let yaml = rustomize::output::to_yaml(&tricky_config_map()).unwrap_or_else(|e| panic!("{e}"));
    // Written by hand from the YAML 1.1 rules (yaml.org/type/{bool,int,float,null,timestamp}),
    // not copied from the output: each quoted value below is one a YAML 1.1 reader misreads.
    let expected = r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: tricky
  labels:
    country: "NO"
    feature: "on"
  annotations:
    example.com/enabled: "yes"
data:
  a01: "y"
  a02: "Y"
  a03: "n"
  a04: "NO"
  a05: "yes"
  a06: "on"
  a07: "off"
  a08: "true"
  a09: "null"
  a10: "~"
  a11: ""
  a12: "0123"
  a13: "1_000"
  a14: "1.0"
  a15: "1e3"
  a16: "0x1F"
  a17: "12:30"
  a18: "2024-01-01"
  a19: " leading space"
  a20: "a: b"
  a21: "a #b"
  a22: "8080"
  a23: plain words stay plain
  b01: |
    server {
      listen 80;
    }
  b02: |-
    no trailing newline
    second line
  "on": key that kubectl would read as true
"#;
    assert_eq!(yaml, expected);
}

#[test]
fn long_values_are_never_folded() {
    let long = "word ".repeat(60);
    let object: Object = ConfigMap {
        metadata: ObjectMeta { name: Some("long".into()), ..ObjectMeta::default() },
        data: Some([("k".to_owned(), long.trim_end().to_owned())].into()),
        ..ConfigMap::default()
    }
    .into();
    let yaml = rustomize::output::to_yaml(&object).unwrap_or_else(|e| panic!("{e}"));
    assert!(yaml.contains(&format!("  k: {}\n", long.trim_end())), "{yaml}");
}
