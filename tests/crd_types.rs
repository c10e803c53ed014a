//! The Rust types `rustomize crd` generates from the corpus's upstream CRDs (committed under
//! `examples/custom_resources/crds`): they are what the generator makes today, they compile
//! (without warnings: CI runs clippy with `-D warnings` on this target), and every upstream
//! example resource parses into its type and serialises back equal as data.

#[path = "../examples/custom_resources/crds/mod.rs"]
#[allow(dead_code)]
#[rustfmt::skip]
mod crds;

use std::path::{Path, PathBuf};

use rustomize::k8s::Resource;
use rustomize::serde_json::{self, Value};

use crds::*;

/// The corpus's CRD sets, or `None` (and a note) where it is not beside the repository; CI
/// has it.
fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/crds");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(std::env::var_os("CI").is_none(), "../shared/corpus is required in CI");
    eprintln!("note: ../shared/corpus/crds is not here; skipped");
    None
}

const SETS: [&str; 5] = ["argo-cd", "cert-manager", "flux", "gateway-api", "prometheus-operator"];

#[test]
fn the_committed_types_are_what_the_generator_makes_of_the_corpus() {
    let Some(corpus) = corpus() else { return };
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/custom_resources/crds");
    let mut args = vec!["rustomize".to_owned(), "crd".to_owned()];
    args.extend(SETS.iter().map(|s| corpus.join(s).display().to_string()));
    args.extend(["--out".to_owned(), out.display().to_string(), "--check".to_owned()]);
    let project = rustomize::Project::new(out.join("unused"), vec![]);
    assert_eq!(rustomize::cli::run_args(project, args), 0, "run the `crd` command again");
}

/// `value` parsed into `T` and serialised back.
fn through<T>(value: &Value) -> Result<Value, String>
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let typed: T = serde_json::from_value(value.clone()).map_err(|e| e.to_string())?;
    serde_json::to_value(&typed).map_err(|e| e.to_string())
}

/// Declares `round_trip`: the example through the type its `apiVersion` and `kind` name.
macro_rules! types {
    ($($module:ident :: $ty:ident),* $(,)?) => {
        fn round_trip(value: &Value) -> Option<Result<Value, String>> {
            let api_version = value.get("apiVersion").and_then(Value::as_str).unwrap_or_default();
            let kind = value.get("kind").and_then(Value::as_str).unwrap_or_default();
            $(
                if api_version == <$module::$ty as Resource>::API_VERSION
                    && kind == <$module::$ty as Resource>::KIND
                {
                    return Some(through::<$module::$ty>(value));
                }
            )*
            None
        }
    };
}

types!(
    application_argoproj_io_v1alpha1::Application,
    appproject_argoproj_io_v1alpha1::AppProject,
    certificate_cert_manager_io_v1::Certificate,
    clusterissuer_cert_manager_io_v1::ClusterIssuer,
    issuer_cert_manager_io_v1::Issuer,
    gitrepository_source_toolkit_fluxcd_io_v1::GitRepository,
    kustomization_kustomize_toolkit_fluxcd_io_v1::Kustomization,
    gateway_gateway_networking_k8s_io_v1::Gateway,
    gatewayclass_gateway_networking_k8s_io_v1::GatewayClass,
    httproute_gateway_networking_k8s_io_v1::HTTPRoute,
    podmonitor_monitoring_coreos_com_v1::PodMonitor,
    prometheusrule_monitoring_coreos_com_v1::PrometheusRule,
    servicemonitor_monitoring_coreos_com_v1::ServiceMonitor,
);

/// `value` with numbers compared as numbers (`1` and `1.0` alike), and a key set to `null`
/// left out, as the API server reads it.
fn normal(value: &Value) -> Value {
    match value {
        Value::Number(n) => n.as_f64().map_or(Value::Number(n.clone()), |f| serde_json::json!(f)),
        Value::Array(items) => Value::Array(items.iter().map(normal).collect()),
        Value::Object(map) => Value::Object(
            map.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.clone(), normal(v))).collect(),
        ),
        other => other.clone(),
    }
}

#[test]
fn every_upstream_example_parses_into_its_type_and_renders_back_equal() {
    let Some(corpus) = corpus() else { return };
    for set in SETS {
        let mut checked = 0;
        let dir = corpus.join(set).join("examples");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            for doc in serde_saphyr::from_multiple::<Value>(&text).unwrap_or_default() {
                if doc.is_null() {
                    continue;
                }
                let what = format!("{} in {}", doc["kind"], file.display());
                let back = round_trip(&doc).unwrap_or_else(|| panic!("no type for {what}"));
                let back = back.unwrap_or_else(|e| panic!("{what} does not parse: {e}"));
                let mut expected = normal(&doc);
                // The types always write `metadata`, as the API server does.
                expected
                    .as_object_mut()
                    .map(|o| o.entry("metadata").or_insert(Value::Object(Default::default())));
                assert_eq!(normal(&back), expected, "{what} changed on the way through its type");
                checked += 1;
            }
        }
        assert!(checked > 0, "no example of `{set}` was checked");
    }
}

#[test]
fn a_resource_is_built_from_its_type_with_the_header_filled_in() {
    use certificate_cert_manager_io_v1::{Certificate, CertificateSpec, CertificateSpecIssuerRef};
    let cert = Certificate {
        metadata: rustomize::k8s::apimachinery::pkg::apis::meta::v1::ObjectMeta {
            name: Some("shop-tls".into()),
            ..Default::default()
        },
        spec: Some(CertificateSpec {
            secret_name: "shop-tls".into(),
            dns_names: Some(vec!["shop.example.com".into()]),
            issuer_ref: CertificateSpecIssuerRef {
                name: "letsencrypt".into(),
                kind: Some("ClusterIssuer".into()),
                ..Default::default()
            },
            ..Default::default()
        }),
        ..Certificate::default()
    };
    let value = serde_json::to_value(&cert).unwrap_or_default();
    assert_eq!(value["apiVersion"], "cert-manager.io/v1");
    assert_eq!(value["kind"], "Certificate");
    assert_eq!(value["spec"]["secretName"], "shop-tls");
    assert_eq!(value["spec"]["issuerRef"]["kind"], "ClusterIssuer");
    assert!(value["spec"].get("duration").is_none(), "unset options are left out");
}
