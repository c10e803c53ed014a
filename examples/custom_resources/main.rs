//! A stack with custom resources of three CRD sets (prometheus-operator, cert-manager,
//! Gateway API), built from the Rust types `rustomize crd` generated into `crds/` and checked
//! against their CRDs' schemas and rules on every render.
//!
//! `cargo run --example custom_resources -- render prod`

// Only the modules this stack uses; `crds/mod.rs` lists every generated one.
#[rustfmt::skip]
#[path = "crds/certificate_cert_manager_io_v1.rs"]
mod certificate;
#[rustfmt::skip]
#[path = "crds/httproute_gateway_networking_k8s_io_v1.rs"]
#[allow(dead_code)]
mod httproute;
#[rustfmt::skip]
#[path = "crds/servicemonitor_monitoring_coreos_com_v1.rs"]
#[allow(dead_code)]
mod servicemonitor;
mod stack;

fn main() -> std::process::ExitCode {
    rustomize::cli::run(stack::project)
}
