//! The `nightly-test-trigger-operator-s390x` app, imported by `rustomize import`.

use rustomize::{
    App, Concurrency, Container, CronJob, Env, Image, ImageRef, Job, Mount,
    RestartPolicy, Security, Volume, VolumeSource, Waiver, Workload, labels,
};

const TRIGGER_SCRIPT: &str = r#"cat <<EOF > /workspace/post-body.json
{
  "trigger-template": "$TARGET_PROJECT",
  "params": {
    "target": {
      "registry": "$REGISTRY",
      "arch": "$TARGET_ARCH",
      "kubeconfigSecret": "$KUBECONFIG_SECRET_NAME"
    },
    "remote": {
       "host": "$REMOTE_HOST",
       "port": "$REMOTE_PORT",
       "user": "$REMOTE_USER",
       "secret": "$REMOTE_SECRET_NAME"
    },
    "run": {
      "namespace": "$NAMESPACE"
    }
  }
}
EOF
curl -d @/workspace/post-body.json $SINK_URL
"#;
const SINK_URL: &str = "http://el-test-nightly.default.svc.cluster.local:8080";
const SECURITY_EXCEPTION: &str = "imported: the original has a writable root filesystem, runs as the image's user, allows privilege escalation, keeps the runtime's default capabilities, mounts the ServiceAccount token, runs unpinned images, and has no NetworkPolicy of its own";
const CREDENTIAL_REASON: &str = "imported: the original commits this value in `../shared/corpus/import/tekton-cronjobs/nightly_oci`; move it to a Secret";

/// `nightly-test-trigger-operator-s390x` as every environment starts from it.
pub fn app() -> App {
    App {
        namespace: Some("default".into()),
        workload: Workload::CronJob(CronJob {
            concurrency: Concurrency::Forbid,
            job: Job {
                restart_policy: RestartPolicy::Never,
                active_deadline_seconds: Some(300),
                ..Job::default()
            },
            job_annotations: labels(&[("managed-by", "Tekton")]),
            ..CronJob::new("0 5 * * *")
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
                    .set("SINK_URL", SINK_URL)
                    .set("TARGET_PROJECT", "operator")
                    .set("NAMESPACE", "bastion-z")
                    .set("REGISTRY", "s390x-cluster.bastion-z.svc.cluster.local:443")
                    .set("TARGET_ARCH", "s390x")
                    .set("REMOTE_SECRET_NAME", "s390x-k8s-ssh")
                    .set("REMOTE_HOST", "s390x-cluster.bastion-z.svc.cluster.local")
                    .set("REMOTE_PORT", "22")
                    .set("REMOTE_USER", "root")
                    .set("KUBECONFIG_SECRET_NAME", "secret"),
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
        waivers: vec![Waiver::literal_credential(CREDENTIAL_REASON)],
        pod_annotations: labels(&[("managed-by", "Tekton")]),
        ..App::new("nightly-test-trigger-operator-s390x")
    }
}
