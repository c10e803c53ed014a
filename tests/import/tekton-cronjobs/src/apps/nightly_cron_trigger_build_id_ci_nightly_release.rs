//! The `nightly-cron-trigger-build-id-ci-nightly-release` app, imported by `rustomize import`.

use rustomize::{
    App, Concurrency, Container, CronJob, Env, Image, ImageRef, Job, Mount, PullPolicy,
    RestartPolicy, Security, Volume, VolumeSource, Workload, labels,
};

const TRIGGER_SCRIPT: &str = r#". /shared/git
. /shared/uuid
cat <<EOF > /shared/post-body.json
{
  "buildUUID": "$TRIGGER_UUID",
  "trigger-template": "nightly-release",
  "params": {
    "release": {
      "gitRevision": "$GIT_SHA",
      "gitRepository": "$GIT_REPO",
      "versionTag": "$VERSION_TAG",
      "projectName": "$PROJECT_NAME",
      "runTests": "$RUN_TESTS"
    },
    "registry": {
      "baseUri": "$CR_URI",
      "path": "$CR_PATH",
      "regions": "$CR_REGIONS",
      "user": "$CR_USER"
    }
  }
}
EOF
curl -d @/shared/post-body.json $SINK_URL
"#;
const SINK_URL: &str = "el-tekton-nightly.tekton-nightly.svc.cluster.local:8080";
const GIT_SCRIPT: &str = r#"GIT_SHA=$(git ls-remote --heads https://${GIT_REPO} | \
  awk '/refs\/heads\/main$/{ print $1 }')
if [ "${GIT_SHA}" == "" ]; then
  GIT_SHA=$(git ls-remote --heads https://${GIT_REPO} | \
  awk '/refs\/heads\/master$/{ print $1 }')
fi
VERSION_TAG="v$(date +"%Y%m%d")-$(echo $GIT_SHA | cut -c 1-10)"
cat <<EOF > /shared/git
export GIT_SHA=$GIT_SHA
export GIT_REPO=$GIT_REPO
export VERSION_TAG=$VERSION_TAG
EOF
"#;
const UUID_SCRIPT: &str = r#"TRIGGER_UUID=$(python -c 'import uuid; print(uuid.uuid4())')
cat <<EOF > /shared/uuid
export TRIGGER_UUID=$TRIGGER_UUID
EOF
"#;
const SECURITY_EXCEPTION: &str = "imported: the original has a writable root filesystem, runs as the image's user, allows privilege escalation, keeps the runtime's default capabilities, mounts the ServiceAccount token, runs unpinned images, and has no NetworkPolicy of its own";

/// `nightly-cron-trigger-build-id-ci-nightly-release` as every environment starts from it.
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
            ..CronJob::new("0 0 * * *")
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
                    .set("PROJECT_NAME", "build-id")
                    .set("CR_URI", "ghcr.io")
                    .set("CR_PATH", "tektoncd/plumbing/cluster-interceptors/build-id")
                    .set("CR_REGIONS", "")
                    .set("CR_USER", "tekton-robot")
                    .set("SINK_URL", SINK_URL)
                    .set("RUN_TESTS", "false"),
                mounts: vec![Mount::new("shared-volume", "/shared")],
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
                env: Env::new().set("GIT_REPO", "github.com/tektoncd/plumbing"),
                mounts: vec![Mount::new("shared-volume", "/shared")],
                ..Container::default()
            },
            Container {
                name: "uuid".into(),
                image: Image::tag("docker.io/library/python", "3.6-alpine3.9"),
                pull_policy: PullPolicy::IfNotPresent,
                command: vec!["/bin/sh".into()],
                args: vec!["-ce".into(), UUID_SCRIPT.into()],
                mounts: vec![Mount::new("shared-volume", "/shared")],
                ..Container::default()
            },
        ],
        volumes: vec![Volume::new("shared-volume", VolumeSource::EmptyDir)],
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
        ..App::new("nightly-cron-trigger-build-id-ci-nightly-release")
    }
}
