//! Environment `dogfooding`, imported from `../shared/corpus/import/tekton-cronjobs/dogfooding` by `rustomize import`.

use rustomize::{BindingSpec, Environment, Grant, Grantee, RoleSpec, Rule, labels};

/// The `dogfooding` environment.
pub fn environment() -> Environment {
    let terraform_state_role = RoleSpec {
        namespace: Some("default".into()),
        ..RoleSpec::new(
            "terraform-state",
            vec![
                Rule::new(
                    &[""],
                    &["secrets"],
                    &["list", "get", "create", "update", "patch", "delete"],
                ),
                Rule::new(
                    &["coordination.k8s.io"],
                    &["leases"],
                    &["get", "create", "update", "delete"],
                ),
            ],
        )
    };
    let terraform_state_binding = BindingSpec {
        namespace: Some("default".into()),
        ..BindingSpec::new(
            "terraform-state",
            Grant::from(&terraform_state_role),
            vec![
                Grantee::ServiceAccount {
                    name: "default".into(),
                    namespace: "default".into(),
                },
            ],
        )
    };
    Environment {
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
        roles: vec![terraform_state_role],
        bindings: vec![terraform_state_binding],
        ..Environment::named("dogfooding")
    }
}
