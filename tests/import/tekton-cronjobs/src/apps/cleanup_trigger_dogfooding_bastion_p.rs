//! The `cleanup-trigger-dogfooding-bastion-p` app, imported by `rustomize import`.

use rustomize::{
    App, Concurrency, Container, CronJob, Env, Image, ImageRef, Job, Mount,
    RestartPolicy, Security, Volume, VolumeSource, Workload, labels,
};

const TRIGGER_SCRIPT: &str = r#"cat <<EOF > /workspace/post-body.json
{
  "trigger-template": "cleanup",
  "params": {
    "target": {
      "namespace": "$NAMESPACE",
      "cluster-resource": "$CLUSTER_RESOURCE"
    },
    "cleanup": {
        "keep": "$CLEANUP_KEEP"
    }
  }
}
EOF
curl -d @/workspace/post-body.json $SINK_URL
"#;
const SINK_URL: &str = "http://el-tekton-cd.default.svc.cluster.local:8080";
const SECURITY_EXCEPTION: &str = "imported: the original has a writable root filesystem, runs as the image's user, allows privilege escalation, keeps the runtime's default capabilities, mounts the ServiceAccount token, runs unpinned images, and has no NetworkPolicy of its own";

/// `cleanup-trigger-dogfooding-bastion-p` as every environment starts from it.
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
            ..CronJob::new("0 11 * * *")
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
                    .set("NAMESPACE", "bastion-p")
                    .set("CLUSTER_RESOURCE", "dogfooding-tektoncd-cleaner")
                    .set("CLEANUP_KEEP", "20")
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
        ..App::new("cleanup-trigger-dogfooding-bastion-p")
    }
}
