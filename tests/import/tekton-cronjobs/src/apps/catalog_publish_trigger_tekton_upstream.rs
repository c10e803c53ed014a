//! The `catalog-publish-trigger-tekton-upstream` app, imported by `rustomize import`.

use rustomize::{
    App, Concurrency, Container, CronJob, Env, Image, ImageRef, Job, Mount,
    RestartPolicy, Security, Volume, VolumeSource, Workload, labels,
};

const TRIGGER_SCRIPT: &str = r#"curl -v -H "Content-type: application/json" -d @- "$SINK_URL" <<EOF
{
  "trigger-template": "catalog",
  "params": {
    "git": {
      "repository": "$GIT_REPOSITORY",
      "revision": "$GIT_REVISION"
    },
    "catalog": {
        "registry": "$REGISTRY_URL",
        "registryPath": "$REGISTRY_PATH",
        "registryUser": "$REGISTRY_USER",
        "description": "$CATALOG_DESCRIPTION"
    }
  }
}
EOF
"#;
const SINK_URL: &str = "http://el-tekton-cd.default.svc.cluster.local:8080";
const SECURITY_EXCEPTION: &str = "imported: the original has a writable root filesystem, runs as the image's user, allows privilege escalation, keeps the runtime's default capabilities, mounts the ServiceAccount token, runs unpinned images, and has no NetworkPolicy of its own";

/// `catalog-publish-trigger-tekton-upstream` as every environment starts from it.
pub fn app() -> App {
    App {
        workload: Workload::CronJob(CronJob {
            concurrency: Concurrency::Forbid,
            job: Job {
                restart_policy: RestartPolicy::Never,
                active_deadline_seconds: Some(300),
                ..Job::default()
            },
            job_annotations: labels(&[("managed-by", "Tekton")]),
            ..CronJob::new("30 * * * *")
        }),
        containers: vec![
            Container {
                name: "trigger".into(),
                image: Image {
                    repository: "docker.io/curlimages/curl".into(),
                    reference: ImageRef::Unpinned,
                },
                command: vec!["/bin/sh".into()],
                args: vec!["-ce".into(), TRIGGER_SCRIPT.into()],
                env: Env::new()
                    .set("GIT_REPOSITORY", "https://github.com/tektoncd/catalog")
                    .set("GIT_REVISION", "main")
                    .set("REGISTRY_URL", "ghcr.io")
                    .set("REGISTRY_PATH", "tektoncd/catalog/upstream")
                    .set("REGISTRY_USER", "tekton-robot")
                    .set("CATALOG_DESCRIPTION", "tekton")
                    .set("SINK_URL", SINK_URL),
                mounts: vec![Mount::new("workspace", "/workspace")],
                ..Container::default()
            },
        ],
        volumes: vec![Volume::new("workspace", VolumeSource::EmptyDir)],
        security: Security {
            read_only_root_filesystem: false,
            service_account_token: true,
            network_policy: false,
            unpinned_images: true,
            image_user: true,
            drop_capabilities: vec![],
            privilege_escalation: true,
            exception: Some(SECURITY_EXCEPTION.into()),
            ..Security::default()
        },
        pod_annotations: labels(&[("managed-by", "Tekton")]),
        ..App::new("catalog-publish-trigger-tekton-upstream")
    }
}
