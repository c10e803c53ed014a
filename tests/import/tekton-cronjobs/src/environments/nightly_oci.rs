//! Environment `nightly-oci`, imported from `../shared/corpus/import/tekton-cronjobs/nightly_oci` by `rustomize import`.

use rustomize::{Environment, labels};

/// The `nightly-oci` environment.
pub fn environment() -> Environment {
    Environment {
        annotations: labels(&[("managed-by", "Tekton")]),
        apps: vec![
            crate::apps::nightly_test_trigger_catalog_ppc64le::app(),
            crate::apps::nightly_test_trigger_catalog_s390x::app(),
            crate::apps::nightly_test_trigger_cli_ppc64le::app(),
            crate::apps::nightly_test_trigger_cli_s390x::app(),
            crate::apps::nightly_test_trigger_dashboard_ppc64le::app(),
            crate::apps::nightly_test_trigger_dashboard_s390x::app(),
            crate::apps::nightly_test_trigger_operator_ppc64le::app(),
            crate::apps::nightly_test_trigger_operator_s390x::app(),
            crate::apps::nightly_test_trigger_pipeline_ppc64le::app(),
            crate::apps::nightly_test_trigger_pipeline_s390x::app(),
            crate::apps::nightly_test_trigger_triggers_ppc64le::app(),
            crate::apps::nightly_test_trigger_triggers_s390x::app(),
            crate::apps::catalog_publish_trigger_tekton_upstream::app(),
            crate::apps::cleanup_trigger_dogfooding_bastion_p::app(),
            crate::apps::cleanup_trigger_dogfooding_bastion_z::app(),
            crate::apps::cleanup_trigger_dogfooding_default::app(),
            crate::apps::cleanup_trigger_dogfooding_tekton_ci::app(),
            crate::apps::cleanup_trigger_dogfooding_tekton_nightly::app(),
            crate::apps::nightly_cron_trigger_add_pr_body_ci_nightly_release::app(),
            crate::apps::nightly_cron_trigger_add_team_mem_nightly_release::app(),
            crate::apps::nightly_cron_trigger_build_id_ci_nightly_release::app(),
            crate::apps::nightly_cron_trigger_chains_nightly_release::app(),
            crate::apps::nightly_cron_trigger_dashboard_nightly_release::app(),
            crate::apps::nightly_cron_trigger_operator_nightly_release::app(),
            crate::apps::nightly_cron_trigger_pr_commenter_nightly_release::app(),
            crate::apps::nightly_cron_trigger_pr_status_nightly_release::app(),
            crate::apps::nightly_cron_trigger_triggers_nightly_release::app(),
            crate::apps::peribolos_trigger_tektoncd::app(),
        ],
        ..Environment::named("nightly-oci")
    }
}
