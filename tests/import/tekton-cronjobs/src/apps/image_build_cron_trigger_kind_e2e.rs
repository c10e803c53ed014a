//! The `image-build-cron-trigger-kind-e2e` app, imported by `rustomize import`.

use rustomize::{
    App, Concurrency, Container, CronJob, Env, Image, ImageRef, Job, Mount, PullPolicy,
    RestartPolicy, Security, Volume, VolumeSource, Workload, labels,
};

const TRIGGER_SCRIPT: &str = r#"set -ex

. /workspace/uuid
. /workspace/git
TAGS="${TAGS},${VERSION_TAG}"
IMAGE=$(echo $TARGET_IMAGE | rev | cut -d'/' -f1 | rev)
REGISTRY=$(echo $TARGET_IMAGE | cut -d'/' -f1)
NAMESPACE=$(echo $TARGET_IMAGE | cut -d'/' -f2- | rev | cut -d'/' -f2- | rev)
cat <<EOF > /workspace/post-body.json
{
  "buildUUID": "$TRIGGER_UUID",
  "gitRepository": "$GIT_REPOSITORY",
  "gitRevision": "$GIT_SHA",
  "contextPath": "$CONTEXT_PATH",
  "registry": "$REGISTRY",
  "namespace": "$NAMESPACE",
  "imageName": "$IMAGE",
  "imageTags": "$TAGS",
  "platforms": "$PLATFORMS",
  "buildType": "$BUILD_TYPE"
}
EOF
curl -d @/workspace/post-body.json $SINK_URL
"#;
const GIT_SCRIPT: &str = r#"# Find the sha associated with the requested reference
GIT_SHA=$(git ls-remote --heads https://${GIT_REPOSITORY} | \
  grep "refs/heads/${GIT_REVISION}" | cut -f1)
VERSION_TAG="v$(date +"%Y%m%d")-$(echo $GIT_SHA | cut -c 1-10)"
cat <<EOF > /workspace/git
export GIT_SHA=$GIT_SHA
export GIT_REPOSITORY=$GIT_REPOSITORY
export VERSION_TAG=$VERSION_TAG
EOF
"#;
const UUID_SCRIPT: &str = r#"TRIGGER_UUID=$(python -c 'import uuid; print(uuid.uuid4())')
cat <<EOF > /workspace/uuid
export TRIGGER_UUID=$TRIGGER_UUID
EOF
"#;
const SECURITY_EXCEPTION: &str = "imported: the original has a writable root filesystem, runs as the image's user, allows privilege escalation, keeps the runtime's default capabilities, mounts the ServiceAccount token, runs unpinned images, and has no NetworkPolicy of its own";

/// `image-build-cron-trigger-kind-e2e` as every environment starts from it.
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
            ..CronJob::new("0 2 * * *")
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
                    .set("SINK_URL", "el-image-builder.default.svc.cluster.local:8080")
                    .set("TARGET_IMAGE", "ghcr.io/tektoncd/plumbing/kind-e2e")
                    .set("CONTEXT_PATH", "tekton/images/kind-e2e")
                    .set("TAGS", "latest")
                    .set("PLATFORMS", "")
                    .set("BUILD_TYPE", ""),
                mounts: vec![Mount::new("workspace", "/workspace")],
                ..Container::default()
            },
        ],
        init_containers: vec![
            Container {
                name: "git".into(),
                image: Image {
                    repository: "docker.io/alpine/git".into(),
                    reference: ImageRef::Unpinned,
                },
                command: vec!["/bin/sh".into()],
                args: vec!["-ce".into(), GIT_SCRIPT.into()],
                env: Env::new()
                    .set("GIT_REPOSITORY", "github.com/tektoncd/plumbing")
                    .set("GIT_REVISION", "main"),
                mounts: vec![Mount::new("workspace", "/workspace")],
                ..Container::default()
            },
            Container {
                name: "uuid".into(),
                image: Image::tag("docker.io/library/python", "3.6-alpine3.9"),
                pull_policy: PullPolicy::IfNotPresent,
                command: vec!["/bin/sh".into()],
                args: vec!["-ce".into(), UUID_SCRIPT.into()],
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
        ..App::new("image-build-cron-trigger-kind-e2e")
    }
}
