use serde_json::json;

use super::parse::parse;
use super::*;

/// Every rule of every CRD in the corpus, where the corpus is beside the repository.
fn corpus_rules() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/crds");
    let mut rules = Vec::new();
    fn collect(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                for rule in map
                    .get("x-kubernetes-validations")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    out.extend(rule["rule"].as_str().map(str::to_owned));
                }
                map.values().for_each(|v| collect(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
            _ => {}
        }
    }
    for set in std::fs::read_dir(&root).into_iter().flatten().flatten() {
        for file in std::fs::read_dir(set.path()).into_iter().flatten().flatten() {
            let path = file.path();
            if path.extension().is_some_and(|x| x == "yaml") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for doc in crate::yaml::documents("crd", &text).unwrap_or_default() {
                    collect(&doc, &mut rules);
                }
            }
        }
    }
    rules
}

#[test]
fn every_rule_of_the_corpus_crds_parses_and_calls_only_supported_functions() {
    let rules = corpus_rules();
    if rules.is_empty() {
        assert!(std::env::var_os("CI").is_none(), "../shared/corpus is required in CI");
        return;
    }
    assert!(rules.len() > 100, "{} rules", rules.len());
    for rule in &rules {
        assert!(parse(rule).is_ok(), "{rule}: {:?}", parse(rule).err());
    }
    assert_eq!(parse("self.x.lowerAscii() == 'a'").err(), Some("the function `lowerAscii`".into()));
}

#[test]
fn the_corpus_forms_hold_and_fail_as_the_api_server_judges_them() {
    let route = json!({"type": "PathPrefix", "value": "/a//b"});
    let cases = [
        (
            "(self.type in ['Exact','PathPrefix']) ? !self.value.contains('//') : true",
            &route,
            Outcome::Fails(None),
        ),
        (
            "(self.type in ['Exact','PathPrefix']) ? self.value.startsWith('/') : true",
            &route,
            Outcome::Holds,
        ),
        (
            "self.type == 'Hostname' ? self.value.matches(r\"\"\"^[a-z]+$\"\"\") : true",
            &route,
            Outcome::Holds,
        ),
        ("!(has(self.cors) && self.type != 'CORS')", &route, Outcome::Holds),
        ("!has(self.cors) || size(self.cors) > 0", &route, Outcome::Holds),
        ("self.value.split('/')[1].size() < 2", &route, Outcome::Holds),
        ("self.missing == 1", &route, Outcome::Fails(Some("no field `missing`".into()))),
        ("self.oldSelf == self", &route, Outcome::Transition),
        (
            "self.type.lowerAscii() == 'x'",
            &route,
            Outcome::Error("the function `lowerAscii`".into()),
        ),
    ];
    for (rule, value, want) in cases {
        assert_eq!(evaluate(rule, value), want, "{rule}");
    }
    let listeners = json!([{"name": "a", "port": 80, "protocol": "HTTP"}, {"name": "b", "port": 80, "protocol": "HTTP"}]);
    assert_eq!(
        evaluate(
            "self.all(l1, self.exists_one(l2, l1.port == l2.port && l1.protocol == l2.protocol))",
            &listeners
        ),
        Outcome::Fails(None)
    );
    assert_eq!(
        evaluate(
            "self.filter(l, l.port == 80).size() == 2 && self.exists(l, l.name == 'b')",
            &listeners
        ),
        Outcome::Holds
    );
    assert_eq!(
        evaluate("(has(self[0].x) ? 1 : 0) + (self.size() > 1 ? 1 : 0) == 1", &listeners),
        Outcome::Holds
    );
    let timeouts = json!({"request": "10s", "backendRequest": "1m"});
    assert_eq!(
        evaluate(
            "!(has(self.request) && has(self.backendRequest) && duration(self.request) != duration('0s') && duration(self.backendRequest) > duration(self.request))",
            &timeouts
        ),
        Outcome::Fails(None)
    );
    assert_eq!(
        evaluate("self.all(key, key.split(\"/\")[0].size() < 253)", &json!({"a/b": "x"})),
        Outcome::Holds
    );
}
