//! Environment `dogfooding`, imported from `../shared/corpus/import/tekton-cronjobs/dogfooding` by `rustomize import`.

use rustomize::{Environment, RawYaml, k8s, labels};

const ROLE_TERRAFORM_STATE_FILE: &str =
    "imported/dogfooding/role.rbac.authorization.k8s.io_default_terraform-state.yaml";
const ROLEBINDING_TERRAFORM_STATE_FILE: &str =
    "imported/dogfooding/rolebinding.rbac.authorization.k8s.io_default_terraform-state.yaml";

/// The `dogfooding` environment.
pub fn environment() -> Environment {
    let mut raw = Vec::new();
    // imported as-is: its typed form would not be rendered
    raw.push(RawYaml::of::<k8s::api::rbac::v1::Role>(
        ROLE_TERRAFORM_STATE_FILE,
        include_str!(
            "../../imported/dogfooding/role.rbac.authorization.k8s.io_default_terraform-state.yaml"
        ),
    ));
    // imported as-is: its typed form would not be rendered
    raw.push(RawYaml::of::<k8s::api::rbac::v1::RoleBinding>(ROLEBINDING_TERRAFORM_STATE_FILE, include_str!("../../imported/dogfooding/rolebinding.rbac.authorization.k8s.io_default_terraform-state.yaml")));
    Environment {
        name: "dogfooding".into(),
        tree: "overlays/dogfooding".into(),
        annotations: labels(&[("managed-by", "Tekton")]),
        apps: vec![
            crate::apps::terraform_branch_protection_trigger::app(),
            crate::apps::configmap_cd_trigger_label_sync::app(),
            crate::apps::configmap_cd_trigger_label_sync_dogfooding::app(),
            crate::apps::configmap_cd_trigger_prow_config::app(),
            crate::apps::configmap_cd_trigger_prow_plugins::app(),
            crate::apps::image_build_cron_trigger_alpine_git_nonroot::app(),
            crate::apps::image_build_cron_trigger_buildx_gcloud::app(),
            crate::apps::image_build_cron_trigger_coverage::app(),
            crate::apps::image_build_cron_trigger_go_rest_api_test::app(),
            crate::apps::image_build_cron_trigger_hub::app(),
            crate::apps::image_build_cron_trigger_kind::app(),
            crate::apps::image_build_cron_trigger_kind_e2e::app(),
            crate::apps::image_build_cron_trigger_ko::app(),
            crate::apps::image_build_cron_trigger_ko_gcloud::app(),
            crate::apps::image_build_cron_trigger_koparse::app(),
            crate::apps::image_build_cron_trigger_kubectl::app(),
            crate::apps::image_build_cron_trigger_teps::app(),
            crate::apps::image_build_cron_trigger_test_runner::app(),
            crate::apps::image_build_cron_trigger_tkn::app(),
        ],
        raw,
        ..Environment::default()
    }
}
