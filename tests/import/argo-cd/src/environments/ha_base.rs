//! Environment `ha-base`, imported from `../shared/corpus/import/argo-cd/ha/base` by `rustomize import`.

use rustomize::{
    App, BindingSpec, Config, ConfigKeyRef, Container, Egress, EgressRule, Env, Environment,
    Expose, ExposeType, Grant, Grantee, Image, Mount, Peer, PodSettings, Policy, Port, Probe,
    Probes, Protocol, RawYaml, ReplicasFrom, RoleSpec, Rule, SecretKeyRef, SecretSpec,
    ServiceAccountSpec, ServicePort, ServiceSpec, SharedConfig, Spread, k8s, labels,
};

const APPLICATIONSETCONTROLLER_ENABLE_NEW: &str =
    "applicationsetcontroller.enable.new.git.file.globbing";
const ARGOCD_APPLICATIONSET_CONTROLLER_7: &str =
    "ARGOCD_APPLICATIONSET_CONTROLLER_ENABLE_NEW_GIT_FILE_GLOBBING";
const ARGOCD_APPLICATIONSET_CONTROLLER_15: &str =
    "ARGOCD_APPLICATIONSET_CONTROLLER_SCM_ROOT_CA_PATH";
const ARGOCD_APPLICATIONSET_CONTROLLER_16: &str =
    "ARGOCD_APPLICATIONSET_CONTROLLER_ALLOWED_SCM_PROVIDERS";
const ARGOCD_APPLICATIONSET_CONTROLLER_17: &str =
    "ARGOCD_APPLICATIONSET_CONTROLLER_ENABLE_SCM_PROVIDERS";
const APPLICATIONSETCONTROLLER_ENABLE_GITHUB: &str =
    "applicationsetcontroller.enable.github.api.metrics";
const ARGOCD_APPLICATIONSET_CONTROLLER_18: &str =
    "ARGOCD_APPLICATIONSET_CONTROLLER_ENABLE_GITHUB_API_METRICS";
const RESOURCE_CUSTOMIZATIONS_IGNORERESOURCEUPDATES: &str =
    "resource.customizations.ignoreResourceUpdates.ConfigMap";
const RESOURCE_CUSTOMIZATIONS_IGNORERESOURCEUPDATES_CONFIGMAP: &str = r#"jqPathExpressions:
  # Ignore the cluster-autoscaler status
  - '.metadata.annotations."cluster-autoscaler.kubernetes.io/last-updated"'
  # Ignore the annotation of the legacy Leases election
  - '.metadata.annotations."control-plane.alpha.kubernetes.io/leader"'
"#;
const RESOURCE_CUSTOMIZATIONS_IGNORERESOURCEUPDATES_2: &str =
    "resource.customizations.ignoreResourceUpdates.Endpoints";
const RESOURCE_CUSTOMIZATIONS_IGNORERESOURCEUPDATES_ENDPOINTS: &str = r#"jsonPointers:
  - /metadata
  - /subsets
"#;
const RESOURCE_CUSTOMIZATIONS_IGNORERESOURCEUPDATES_3: &str =
    "resource.customizations.ignoreResourceUpdates.all";
const RESOURCE_CUSTOMIZATIONS_IGNORERESOURCEUPDATES_ALL: &str = r#"jsonPointers:
  - /status
"#;
const RESOURCE_CUSTOMIZATIONS_IGNORERESOURCEUPDATES_4: &str =
    "resource.customizations.ignoreResourceUpdates.apps_ReplicaSet";
const RESOURCE_CUSTOMIZATIONS_IGNORERESOURCEUPDATES_APPS_REPLICASET: &str = r#"jqPathExpressions:
  - '.metadata.annotations."deployment.kubernetes.io/desired-replicas"'
  - '.metadata.annotations."deployment.kubernetes.io/max-replicas"'
  - '.metadata.annotations."rollout.argoproj.io/desired-replicas"'
"#;
const RESOURCE_CUSTOMIZATIONS_IGNORERESOURCEUPDATES_5: &str =
    "resource.customizations.ignoreResourceUpdates.argoproj.io_Application";
const RESOURCE_CUSTOMIZATIONS_IGNORERESOURCEUPDATES_ARGOPROJ_IO_APPLICATION: &str = r#"jqPathExpressions:
  - '.metadata.annotations."notified.notifications.argoproj.io"'
  - '.metadata.annotations."argocd.argoproj.io/refresh"'
  - '.metadata.annotations."argocd.argoproj.io/hydrate"'
  - '.operation'
"#;
const RESOURCE_CUSTOMIZATIONS_IGNORERESOURCEUPDATES_6: &str =
    "resource.customizations.ignoreResourceUpdates.argoproj.io_Rollout";
const RESOURCE_CUSTOMIZATIONS_IGNORERESOURCEUPDATES_ARGOPROJ_IO_ROLLOUT: &str = r#"jqPathExpressions:
  - '.metadata.annotations."notified.notifications.argoproj.io"'
"#;
const RESOURCE_CUSTOMIZATIONS_IGNORERESOURCEUPDATES_7: &str =
    "resource.customizations.ignoreResourceUpdates.autoscaling_HorizontalPodAutoscaler";
const RESOURCE_CUSTOMIZATIONS_IGNORERESOURCEUPDATES_AUTOSCALING_HORIZONTALPODAUTOSCALER: &str = r#"jqPathExpressions:
  - '.metadata.annotations."autoscaling.alpha.kubernetes.io/behavior"'
  - '.metadata.annotations."autoscaling.alpha.kubernetes.io/conditions"'
  - '.metadata.annotations."autoscaling.alpha.kubernetes.io/metrics"'
  - '.metadata.annotations."autoscaling.alpha.kubernetes.io/current-metrics"'
"#;
const RESOURCE_CUSTOMIZATIONS_IGNORERESOURCEUPDATES_8: &str =
    "resource.customizations.ignoreResourceUpdates.discovery.k8s.io_EndpointSlice";
const RESOURCE_CUSTOMIZATIONS_IGNORERESOURCEUPDATES_DISCOVERY_K8S_IO: &str = r#"jsonPointers:
  - /metadata
  - /endpoints
  - /ports
"#;
const RESOURCE_EXCLUSIONS: &str = r#"### Network resources created by the Kubernetes control plane and excluded to reduce the number of watched events and UI clutter
- apiGroups:
  - ''
  - discovery.k8s.io
  kinds:
  - Endpoints
  - EndpointSlice
### Internal Kubernetes resources excluded reduce the number of watched events
- apiGroups:
  - coordination.k8s.io
  kinds:
  - Lease
### Internal Kubernetes Authz/Authn resources excluded reduce the number of watched events
- apiGroups:
  - authentication.k8s.io
  - authorization.k8s.io
  kinds:
  - SelfSubjectReview
  - TokenReview
  - LocalSubjectAccessReview
  - SelfSubjectAccessReview
  - SelfSubjectRulesReview
  - SubjectAccessReview
### Intermediate Certificate Request excluded reduce the number of watched events
- apiGroups:
  - certificates.k8s.io
  kinds:
  - CertificateSigningRequest
- apiGroups:
  - cert-manager.io
  kinds:
  - CertificateRequest
### Cilium internal resources excluded reduce the number of watched events and UI Clutter
- apiGroups:
  - cilium.io
  kinds:
  - CiliumIdentity
  - CiliumEndpoint
  - CiliumEndpointSlice
### Kyverno intermediate and reporting resources excluded reduce the number of watched events and improve performance
- apiGroups:
  - kyverno.io
  - reports.kyverno.io
  - wgpolicyk8s.io
  kinds:
  - PolicyReport
  - ClusterPolicyReport
  - EphemeralReport
  - ClusterEphemeralReport
  - AdmissionReport
  - ClusterAdmissionReport
  - BackgroundScanReport
  - ClusterBackgroundScanReport
  - UpdateRequest
"#;
const FIX_SPLIT_BRAIN_SH: &str = r#"HOSTNAME="$(cat /proc/sys/kernel/hostname)"
INDEX="${HOSTNAME##*-}"
SENTINEL_PORT=26379
ANNOUNCE_IP=''
MASTER=''
MASTER_GROUP="argocd"
QUORUM="2"
REDIS_CONF=/data/conf/redis.conf
REDIS_PORT=6379
REDIS_TLS_PORT=
SENTINEL_CONF=/data/conf/sentinel.conf
SENTINEL_TLS_PORT=
SERVICE=argocd-redis-ha
NAMESPACE="argocd"
SENTINEL_TLS_REPLICATION_ENABLED=false
REDIS_TLS_REPLICATION_ENABLED=false
RESOLVE_HOSTNAMES=false
ANNOUNCE_HOSTNAMES=false

ROLE=''
REDIS_MASTER=''

set -eu
sentinel_get_master() {
set +e
    if [ "$SENTINEL_PORT" -eq 0 ]; then
        if [ "$RESOLVE_HOSTNAMES" = true ]; then
            redis-cli -h "${SERVICE}" -p "${SENTINEL_TLS_PORT}"  --tls --cacert /tls-certs/ca.crt  --cert /tls-certs/redis.crt --key /tls-certs/redis.key sentinel get-master-addr-by-name "${MASTER_GROUP}" |\
            head -n 1 | grep -E '^\s*[a-zA-Z0-9.-]+\s*$'
        else
            redis-cli -h "${SERVICE}" -p "${SENTINEL_TLS_PORT}"  --tls --cacert /tls-certs/ca.crt  --cert /tls-certs/redis.crt --key /tls-certs/redis.key sentinel get-master-addr-by-name "${MASTER_GROUP}" |\
            head -n 1 | grep -E '((^\s*((([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])\.){3}([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5]))\s*$)|(^\s*((([0-9A-Fa-f]{1,4}:){7}([0-9A-Fa-f]{1,4}|:))|(([0-9A-Fa-f]{1,4}:){6}(:[0-9A-Fa-f]{1,4}|((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})|:))|(([0-9A-Fa-f]{1,4}:){5}(((:[0-9A-Fa-f]{1,4}){1,2})|:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})|:))|(([0-9A-Fa-f]{1,4}:){4}(((:[0-9A-Fa-f]{1,4}){1,3})|((:[0-9A-Fa-f]{1,4})?:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9A-Fa-f]{1,4}:){3}(((:[0-9A-Fa-f]{1,4}){1,4})|((:[0-9A-Fa-f]{1,4}){0,2}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9A-Fa-f]{1,4}:){2}(((:[0-9A-Fa-f]{1,4}){1,5})|((:[0-9A-Fa-f]{1,4}){0,3}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9A-Fa-f]{1,4}:){1}(((:[0-9A-Fa-f]{1,4}){1,6})|((:[0-9A-Fa-f]{1,4}){0,4}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(:(((:[0-9A-Fa-f]{1,4}){1,7})|((:[0-9A-Fa-f]{1,4}){0,5}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:)))(%.+)?s*$))'
        fi
    else
        if [ "$RESOLVE_HOSTNAMES" = true ]; then
            redis-cli -h "${SERVICE}" -p "${SENTINEL_PORT}"  sentinel get-master-addr-by-name "${MASTER_GROUP}" |\
            head -n 1 | grep -E '^\s*[a-zA-Z0-9.-]+\s*$'
        else
            redis-cli -h "${SERVICE}" -p "${SENTINEL_PORT}"  sentinel get-master-addr-by-name "${MASTER_GROUP}" |\
            head -n 1 | grep -E '((^\s*((([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])\.){3}([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5]))\s*$)|(^\s*((([0-9A-Fa-f]{1,4}:){7}([0-9A-Fa-f]{1,4}|:))|(([0-9A-Fa-f]{1,4}:){6}(:[0-9A-Fa-f]{1,4}|((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})|:))|(([0-9A-Fa-f]{1,4}:){5}(((:[0-9A-Fa-f]{1,4}){1,2})|:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})|:))|(([0-9A-Fa-f]{1,4}:){4}(((:[0-9A-Fa-f]{1,4}){1,3})|((:[0-9A-Fa-f]{1,4})?:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9A-Fa-f]{1,4}:){3}(((:[0-9A-Fa-f]{1,4}){1,4})|((:[0-9A-Fa-f]{1,4}){0,2}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9A-Fa-f]{1,4}:){2}(((:[0-9A-Fa-f]{1,4}){1,5})|((:[0-9A-Fa-f]{1,4}){0,3}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9A-Fa-f]{1,4}:){1}(((:[0-9A-Fa-f]{1,4}){1,6})|((:[0-9A-Fa-f]{1,4}){0,4}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(:(((:[0-9A-Fa-f]{1,4}){1,7})|((:[0-9A-Fa-f]{1,4}){0,5}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:)))(%.+)?s*$))'
        fi
    fi
set -e
}

sentinel_get_master_retry() {
    master=''
    retry=${1}
    sleep=3
    for i in $(seq 1 "${retry}"); do
        master=$(sentinel_get_master)
        if [ -n "${master}" ]; then
            break
        fi
        sleep $((sleep + i))
    done
    echo "${master}"
}

identify_master() {
    echo "Identifying redis master (get-master-addr-by-name).."
    echo "  using sentinel (argocd-redis-ha), sentinel group name (argocd)"
    MASTER="$(sentinel_get_master_retry 3)"
    if [ -n "${MASTER}" ]; then
        echo "  $(date) Found redis master (${MASTER})"
    else
        echo "  $(date) Did not find redis master (${MASTER})"
    fi
}

sentinel_update() {
    echo "Updating sentinel config.."
    echo "  evaluating sentinel id (\${SENTINEL_ID_${INDEX}})"
    eval MY_SENTINEL_ID="\$SENTINEL_ID_${INDEX}"
    echo "  sentinel id (${MY_SENTINEL_ID}), sentinel grp (${MASTER_GROUP}), quorum (${QUORUM})"
    sed -i "1s/^/sentinel myid ${MY_SENTINEL_ID}\\n/" "${SENTINEL_CONF}"
    if [ "$SENTINEL_TLS_REPLICATION_ENABLED" = true ]; then
        echo "  redis master (${1}:${REDIS_TLS_PORT})"
        sed -i "2s/^/sentinel monitor ${MASTER_GROUP} ${1} ${REDIS_TLS_PORT} ${QUORUM} \\n/" "${SENTINEL_CONF}"
    else
        echo "  redis master (${1}:${REDIS_PORT})"
        sed -i "2s/^/sentinel monitor ${MASTER_GROUP} ${1} ${REDIS_PORT} ${QUORUM} \\n/" "${SENTINEL_CONF}"
    fi
    echo "sentinel announce-ip ${ANNOUNCE_IP}" >> ${SENTINEL_CONF}
    if [ "$SENTINEL_PORT" -eq 0 ]; then
        echo "  announce (${ANNOUNCE_IP}:${SENTINEL_TLS_PORT})"
        echo "sentinel announce-port ${SENTINEL_TLS_PORT}" >> ${SENTINEL_CONF}
    else
        echo "  announce (${ANNOUNCE_IP}:${SENTINEL_PORT})"
        echo "sentinel announce-port ${SENTINEL_PORT}" >> ${SENTINEL_CONF}
    fi
}

redis_update() {
    echo "Updating redis config.."
    if [ "$REDIS_TLS_REPLICATION_ENABLED" = true ]; then
        echo "  we are slave of redis master (${1}:${REDIS_TLS_PORT})"
        echo "slaveof ${1} ${REDIS_TLS_PORT}" >> "${REDIS_CONF}"
        echo "slave-announce-port ${REDIS_TLS_PORT}" >> ${REDIS_CONF}
    else
        echo "  we are slave of redis master (${1}:${REDIS_PORT})"
        echo "slaveof ${1} ${REDIS_PORT}" >> "${REDIS_CONF}"
        echo "slave-announce-port ${REDIS_PORT}" >> ${REDIS_CONF}
    fi
    echo "slave-announce-ip ${ANNOUNCE_IP}" >> ${REDIS_CONF}
}

copy_config() {
    echo "Copying default redis config.."
    echo "  to '${REDIS_CONF}'"
    cp /readonly-config/redis.conf "${REDIS_CONF}"
    echo "Copying default sentinel config.."
    echo "  to '${SENTINEL_CONF}'"
    cp /readonly-config/sentinel.conf "${SENTINEL_CONF}"
}

setup_defaults() {
    echo "Setting up defaults.."
    echo "  using statefulset index (${INDEX})"
    if [ "${INDEX}" = "0" ]; then
        echo "Setting this pod as master for redis and sentinel.."
        echo "  using announce (${ANNOUNCE_IP})"
        redis_update "${ANNOUNCE_IP}"
        sentinel_update "${ANNOUNCE_IP}"
        echo "  make sure ${ANNOUNCE_IP} is not a slave (slaveof no one)"
        sed -i "s/^.*slaveof.*//" "${REDIS_CONF}"
    else
        if [ "$RESOLVE_HOSTNAMES" = true ]; then
            echo "Getting redis master hostname.."
            echo "  blindly assuming (${SERVICE}-announce-0.${NAMESPACE}.svc) is master"
            DEFAULT_MASTER="${SERVICE}-announce-0.${NAMESPACE}.svc"
            echo "  identified redis (may be redis master) hostname (${DEFAULT_MASTER})"
        else
            echo "Getting redis master ip.."
            echo "  blindly assuming (${SERVICE}-announce-0) or (${SERVICE}-server-0) are master"
            DEFAULT_MASTER="$(getent_hosts 0 | awk '{ print $1 }')"
            if [ -z "${DEFAULT_MASTER}" ]; then
                echo "Error: Unable to resolve redis master (getent hosts)."
                exit 1
            fi
            echo "  identified redis (may be redis master) ip (${DEFAULT_MASTER})"
        fi
        echo "Setting default slave config for redis and sentinel.."
        echo "  using master address (${DEFAULT_MASTER})"
        redis_update "${DEFAULT_MASTER}"
        sentinel_update "${DEFAULT_MASTER}"
    fi
}

redis_ping() {
set +e
    if [ "$REDIS_PORT" -eq 0 ]; then
        redis-cli -h "${MASTER}" -a "${AUTH}" --no-auth-warning -p "${REDIS_TLS_PORT}" --tls --cacert /tls-certs/ca.crt  --cert /tls-certs/redis.crt --key /tls-certs/redis.key ping
    else
        redis-cli -h "${MASTER}" -a "${AUTH}" --no-auth-warning -p "${REDIS_PORT}" ping
    fi
set -e
}

redis_ping_retry() {
    ping=''
    retry=${1}
    sleep=3
    for i in $(seq 1 "${retry}"); do
        if [ "$(redis_ping)" = "PONG" ]; then
           ping='PONG'
           break
        fi
        sleep $((sleep + i))
        MASTER=$(sentinel_get_master)
    done
    echo "${ping}"
}

find_master() {
    echo "Verifying redis master.."
    if [ "$REDIS_PORT" -eq 0 ]; then
        echo "  ping (${MASTER}:${REDIS_TLS_PORT})"
    else
        echo "  ping (${MASTER}:${REDIS_PORT})"
    fi
    if [ "$(redis_ping_retry 3)" != "PONG" ]; then
        echo "  $(date) Can't ping redis master (${MASTER})"
        echo "Attempting to force failover (sentinel failover).."

        if [ "$SENTINEL_PORT" -eq 0 ]; then
            echo "  on sentinel (${SERVICE}:${SENTINEL_TLS_PORT}), sentinel grp (${MASTER_GROUP})"
            if redis-cli -h "${SERVICE}" -p "${SENTINEL_TLS_PORT}"  --tls --cacert /tls-certs/ca.crt  --cert /tls-certs/redis.crt --key /tls-certs/redis.key sentinel failover "${MASTER_GROUP}" | grep -q 'NOGOODSLAVE' ; then
                echo "  $(date) Failover returned with 'NOGOODSLAVE'"
                echo "Setting defaults for this pod.."
                setup_defaults
                return 0
            fi
        else
            echo "  on sentinel (${SERVICE}:${SENTINEL_PORT}), sentinel grp (${MASTER_GROUP})"
            if redis-cli -h "${SERVICE}" -p "${SENTINEL_PORT}"  sentinel failover "${MASTER_GROUP}" | grep -q 'NOGOODSLAVE' ; then
                echo "  $(date) Failover returned with 'NOGOODSLAVE'"
                echo "Setting defaults for this pod.."
                setup_defaults
                return 0
            fi
        fi

        echo "Hold on for 10sec"
        sleep 10
        echo "We should get redis master's ip now. Asking (get-master-addr-by-name).."
        if [ "$SENTINEL_PORT" -eq 0 ]; then
            echo "  sentinel (${SERVICE}:${SENTINEL_TLS_PORT}), sentinel grp (${MASTER_GROUP})"
        else
            echo "  sentinel (${SERVICE}:${SENTINEL_PORT}), sentinel grp (${MASTER_GROUP})"
        fi
        MASTER="$(sentinel_get_master)"
        if [ "${MASTER}" ]; then
            echo "  $(date) Found redis master (${MASTER})"
            echo "Updating redis and sentinel config.."
            sentinel_update "${MASTER}"
            redis_update "${MASTER}"
        else
            echo "$(date) Error: Could not failover, exiting..."
            exit 1
        fi
    else
        echo "  $(date) Found reachable redis master (${MASTER})"
        echo "Updating redis and sentinel config.."
        sentinel_update "${MASTER}"
        redis_update "${MASTER}"
    fi
}

redis_ro_update() {
    echo "Updating read-only redis config.."
    echo "  redis.conf set 'replica-priority 0'"
    echo "replica-priority 0" >> ${REDIS_CONF}
}

getent_hosts() {
    index=${1:-${INDEX}}
    service="${SERVICE}-announce-${index}"
    if [ "$RESOLVE_HOSTNAMES" = true ]; then
        echo "${service}.${NAMESPACE}.svc"
    else
        host=$(getent hosts "${service}")
        echo "${host}"
    fi
}

identify_announce_ip() {
    if [ "$ANNOUNCE_HOSTNAMES" = true ]; then
        echo "Identify announce hostname for this pod.."
        echo "  using (${SERVICE}-announce-${INDEX}.${NAMESPACE}.svc)"
        ANNOUNCE_IP="${SERVICE}-announce-${INDEX}.${NAMESPACE}.svc"
    else
        echo "Identify announce ip for this pod.."
        echo "  using (${SERVICE}-announce-${INDEX}) or (${SERVICE}-server-${INDEX})"
        ANNOUNCE_IP=$(getent_hosts | awk '{ print $1 }')
    fi
    echo "  identified announce (${ANNOUNCE_IP})"
}

redis_role() {
set +e
    if [ "$REDIS_PORT" -eq 0 ]; then
        ROLE=$(redis-cli  -a "${AUTH}" --no-auth-warning -p "${REDIS_TLS_PORT}" --tls --cacert /tls-certs/ca.crt  --cert /tls-certs/redis.crt --key /tls-certs/redis.key info | grep role | sed 's/role://' | sed 's/\r//')
    else
        ROLE=$(redis-cli  -a "${AUTH}" --no-auth-warning -p "${REDIS_PORT}" info | grep role | sed 's/role://' | sed 's/\r//')
    fi
set -e
}

identify_redis_master() {
set +e
    if [ "$REDIS_PORT" -eq 0 ]; then
        REDIS_MASTER=$(redis-cli  -a "${AUTH}" --no-auth-warning -p "${REDIS_TLS_PORT}" --tls --cacert /tls-certs/ca.crt  --cert /tls-certs/redis.crt --key /tls-certs/redis.key info | grep master_host | sed 's/master_host://' | sed 's/\r//')
    else
        REDIS_MASTER=$(redis-cli  -a "${AUTH}" --no-auth-warning -p "${REDIS_PORT}" info | grep master_host | sed 's/master_host://' | sed 's/\r//')
    fi
set -e
}

reinit() {
set +e
    sh /readonly-config/init.sh

    if [ "$REDIS_PORT" -eq 0 ]; then
        echo "shutdown" | redis-cli  -a "${AUTH}" --no-auth-warning -p "${REDIS_TLS_PORT}" --tls --cacert /tls-certs/ca.crt  --cert /tls-certs/redis.crt --key /tls-certs/redis.key
    else
        echo "shutdown" | redis-cli  -a "${AUTH}" --no-auth-warning -p "${REDIS_PORT}"
    fi
set -e
}

identify_announce_ip

while [ -z "${ANNOUNCE_IP}" ]; do
    echo "Error: Could not resolve the announce address for this pod."
    sleep 30
    identify_announce_ip
done

trap "exit 0" TERM
while true; do
    sleep 60

    # where is redis master
    identify_master

    if [ "$MASTER" = "$ANNOUNCE_IP" ]; then
        redis_role
        if [ "$ROLE" != "master" ]; then
            echo "waiting for redis to become master"
            sleep 10
            identify_master
            redis_role
            echo "Redis role is $ROLE, expected role is master. No need to reinitialize."
            if [ "$ROLE" != "master" ]; then
                echo "Redis role is $ROLE, expected role is master, reinitializing"
                reinit
            fi
        fi
    elif [ "${MASTER}" ]; then
        identify_redis_master
        if [ "$REDIS_MASTER" != "$MASTER" ]; then
            echo "Redis master and local master are not the same. waiting."
            sleep 10
            identify_master
            identify_redis_master
            echo "Redis master is ${MASTER}, expected master is ${REDIS_MASTER}. No need to reinitialize."
            if [ "${REDIS_MASTER}" != "${MASTER}" ]; then
                echo "Redis master is ${MASTER}, expected master is ${REDIS_MASTER}, reinitializing"
                reinit
            fi
        fi
    fi
done
"#;
const HAPROXY_CFG: &str = r#"defaults REDIS
  mode tcp
  timeout connect 4s
  timeout server 6m
  timeout client 6m
  timeout check 2s
  timeout tunnel 1h

listen health_check_http_url
  bind :8888  
  mode http
  monitor-uri /healthz
  option      dontlognull
# Check Sentinel and whether they are nominated master
backend check_if_redis_is_master_0
  mode tcp
  option tcp-check
  tcp-check connect
  tcp-check send PING\r\n
  tcp-check expect string +PONG
  tcp-check send SENTINEL\ get-master-addr-by-name\ argocd\r\n
  tcp-check expect string REPLACE_ANNOUNCE0
  tcp-check send QUIT\r\n
  server R0 argocd-redis-ha-announce-0:26379 check inter 3s
  server R1 argocd-redis-ha-announce-1:26379 check inter 3s
  server R2 argocd-redis-ha-announce-2:26379 check inter 3s
# Check Sentinel and whether they are nominated master
backend check_if_redis_is_master_1
  mode tcp
  option tcp-check
  tcp-check connect
  tcp-check send PING\r\n
  tcp-check expect string +PONG
  tcp-check send SENTINEL\ get-master-addr-by-name\ argocd\r\n
  tcp-check expect string REPLACE_ANNOUNCE1
  tcp-check send QUIT\r\n
  server R0 argocd-redis-ha-announce-0:26379 check inter 3s
  server R1 argocd-redis-ha-announce-1:26379 check inter 3s
  server R2 argocd-redis-ha-announce-2:26379 check inter 3s
# Check Sentinel and whether they are nominated master
backend check_if_redis_is_master_2
  mode tcp
  option tcp-check
  tcp-check connect
  tcp-check send PING\r\n
  tcp-check expect string +PONG
  tcp-check send SENTINEL\ get-master-addr-by-name\ argocd\r\n
  tcp-check expect string REPLACE_ANNOUNCE2
  tcp-check send QUIT\r\n
  server R0 argocd-redis-ha-announce-0:26379 check inter 3s
  server R1 argocd-redis-ha-announce-1:26379 check inter 3s
  server R2 argocd-redis-ha-announce-2:26379 check inter 3s

# decide redis backend to use
#master
frontend ft_redis_master
  bind :6379 
  use_backend bk_redis_master
# Check all redis servers to see if they think they are master
backend bk_redis_master
  mode tcp
  option tcp-check
  tcp-check connect
  tcp-check send "AUTH ${AUTH}"\r\n
  tcp-check expect string +OK
  tcp-check send PING\r\n
  tcp-check expect string +PONG
  tcp-check send info\ replication\r\n
  tcp-check expect string role:master
  tcp-check send QUIT\r\n
  tcp-check expect string +OK
  use-server R0 if { srv_is_up(R0) } { nbsrv(check_if_redis_is_master_0) ge 2 }
  server R0 argocd-redis-ha-announce-0:6379 check inter 3s fall 1 rise 1
  use-server R1 if { srv_is_up(R1) } { nbsrv(check_if_redis_is_master_1) ge 2 }
  server R1 argocd-redis-ha-announce-1:6379 check inter 3s fall 1 rise 1
  use-server R2 if { srv_is_up(R2) } { nbsrv(check_if_redis_is_master_2) ge 2 }
  server R2 argocd-redis-ha-announce-2:6379 check inter 3s fall 1 rise 1
frontend stats
  mode http
  bind :9101 
  http-request use-service prometheus-exporter if { path /metrics }
  stats enable
  stats uri /stats
  stats refresh 10s
# Additional configuration
global
  maxconn 4096
"#;
const HAPROXY_INIT_SH: &str = r#"HAPROXY_CONF=/data/haproxy.cfg
cp /readonly/haproxy.cfg "$HAPROXY_CONF"
for loop in $(seq 1 10); do
  getent hosts argocd-redis-ha-announce-0 && break
  echo "Waiting for service argocd-redis-ha-announce-0 to be ready ($loop) ..." && sleep 1
done
ANNOUNCE_IP0=$(getent hosts "argocd-redis-ha-announce-0" | awk '{ print $1 }')
if [ -z "$ANNOUNCE_IP0" ]; then
  echo "Could not resolve the announce address for argocd-redis-ha-announce-0"
  exit 1
fi
sed -i "s/REPLACE_ANNOUNCE0/$ANNOUNCE_IP0/" "$HAPROXY_CONF"
for loop in $(seq 1 10); do
  getent hosts argocd-redis-ha-announce-1 && break
  echo "Waiting for service argocd-redis-ha-announce-1 to be ready ($loop) ..." && sleep 1
done
ANNOUNCE_IP1=$(getent hosts "argocd-redis-ha-announce-1" | awk '{ print $1 }')
if [ -z "$ANNOUNCE_IP1" ]; then
  echo "Could not resolve the announce address for argocd-redis-ha-announce-1"
  exit 1
fi
sed -i "s/REPLACE_ANNOUNCE1/$ANNOUNCE_IP1/" "$HAPROXY_CONF"
for loop in $(seq 1 10); do
  getent hosts argocd-redis-ha-announce-2 && break
  echo "Waiting for service argocd-redis-ha-announce-2 to be ready ($loop) ..." && sleep 1
done
ANNOUNCE_IP2=$(getent hosts "argocd-redis-ha-announce-2" | awk '{ print $1 }')
if [ -z "$ANNOUNCE_IP2" ]; then
  echo "Could not resolve the announce address for argocd-redis-ha-announce-2"
  exit 1
fi
sed -i "s/REPLACE_ANNOUNCE2/$ANNOUNCE_IP2/" "$HAPROXY_CONF"
"#;
const INIT_SH: &str = r#"echo "$(date) Start..."
HOSTNAME="$(cat /proc/sys/kernel/hostname)"
INDEX="${HOSTNAME##*-}"
SENTINEL_PORT=26379
ANNOUNCE_IP=''
MASTER=''
MASTER_GROUP="argocd"
QUORUM="2"
REDIS_CONF=/data/conf/redis.conf
REDIS_PORT=6379
REDIS_TLS_PORT=
SENTINEL_CONF=/data/conf/sentinel.conf
SENTINEL_TLS_PORT=
SERVICE=argocd-redis-ha
NAMESPACE="argocd"
SENTINEL_TLS_REPLICATION_ENABLED=false
REDIS_TLS_REPLICATION_ENABLED=false
RESOLVE_HOSTNAMES=false
ANNOUNCE_HOSTNAMES=false

set -eu
sentinel_get_master() {
set +e
    if [ "$SENTINEL_PORT" -eq 0 ]; then
        if [ "$RESOLVE_HOSTNAMES" = true ]; then
            redis-cli -h "${SERVICE}" -p "${SENTINEL_TLS_PORT}"  --tls --cacert /tls-certs/ca.crt  --cert /tls-certs/redis.crt --key /tls-certs/redis.key sentinel get-master-addr-by-name "${MASTER_GROUP}" |\
            head -n 1 | grep -E '^\s*[a-zA-Z0-9.-]+\s*$'
        else
            redis-cli -h "${SERVICE}" -p "${SENTINEL_TLS_PORT}"  --tls --cacert /tls-certs/ca.crt  --cert /tls-certs/redis.crt --key /tls-certs/redis.key sentinel get-master-addr-by-name "${MASTER_GROUP}" |\
            head -n 1 | grep -E '((^\s*((([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])\.){3}([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5]))\s*$)|(^\s*((([0-9A-Fa-f]{1,4}:){7}([0-9A-Fa-f]{1,4}|:))|(([0-9A-Fa-f]{1,4}:){6}(:[0-9A-Fa-f]{1,4}|((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})|:))|(([0-9A-Fa-f]{1,4}:){5}(((:[0-9A-Fa-f]{1,4}){1,2})|:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})|:))|(([0-9A-Fa-f]{1,4}:){4}(((:[0-9A-Fa-f]{1,4}){1,3})|((:[0-9A-Fa-f]{1,4})?:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9A-Fa-f]{1,4}:){3}(((:[0-9A-Fa-f]{1,4}){1,4})|((:[0-9A-Fa-f]{1,4}){0,2}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9A-Fa-f]{1,4}:){2}(((:[0-9A-Fa-f]{1,4}){1,5})|((:[0-9A-Fa-f]{1,4}){0,3}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9A-Fa-f]{1,4}:){1}(((:[0-9A-Fa-f]{1,4}){1,6})|((:[0-9A-Fa-f]{1,4}){0,4}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(:(((:[0-9A-Fa-f]{1,4}){1,7})|((:[0-9A-Fa-f]{1,4}){0,5}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:)))(%.+)?s*$))'
        fi
    else
        if [ "$RESOLVE_HOSTNAMES" = true ]; then
            redis-cli -h "${SERVICE}" -p "${SENTINEL_PORT}"  sentinel get-master-addr-by-name "${MASTER_GROUP}" |\
            head -n 1 | grep -E '^\s*[a-zA-Z0-9.-]+\s*$'
        else
            redis-cli -h "${SERVICE}" -p "${SENTINEL_PORT}"  sentinel get-master-addr-by-name "${MASTER_GROUP}" |\
            head -n 1 | grep -E '((^\s*((([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])\.){3}([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5]))\s*$)|(^\s*((([0-9A-Fa-f]{1,4}:){7}([0-9A-Fa-f]{1,4}|:))|(([0-9A-Fa-f]{1,4}:){6}(:[0-9A-Fa-f]{1,4}|((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})|:))|(([0-9A-Fa-f]{1,4}:){5}(((:[0-9A-Fa-f]{1,4}){1,2})|:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})|:))|(([0-9A-Fa-f]{1,4}:){4}(((:[0-9A-Fa-f]{1,4}){1,3})|((:[0-9A-Fa-f]{1,4})?:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9A-Fa-f]{1,4}:){3}(((:[0-9A-Fa-f]{1,4}){1,4})|((:[0-9A-Fa-f]{1,4}){0,2}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9A-Fa-f]{1,4}:){2}(((:[0-9A-Fa-f]{1,4}){1,5})|((:[0-9A-Fa-f]{1,4}){0,3}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9A-Fa-f]{1,4}:){1}(((:[0-9A-Fa-f]{1,4}){1,6})|((:[0-9A-Fa-f]{1,4}){0,4}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(:(((:[0-9A-Fa-f]{1,4}){1,7})|((:[0-9A-Fa-f]{1,4}){0,5}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:)))(%.+)?s*$))'
        fi
    fi
set -e
}

sentinel_get_master_retry() {
    master=''
    retry=${1}
    sleep=3
    for i in $(seq 1 "${retry}"); do
        master=$(sentinel_get_master)
        if [ -n "${master}" ]; then
            break
        fi
        sleep $((sleep + i))
    done
    echo "${master}"
}

identify_master() {
    echo "Identifying redis master (get-master-addr-by-name).."
    echo "  using sentinel (argocd-redis-ha), sentinel group name (argocd)"
    MASTER="$(sentinel_get_master_retry 3)"
    if [ -n "${MASTER}" ]; then
        echo "  $(date) Found redis master (${MASTER})"
    else
        echo "  $(date) Did not find redis master (${MASTER})"
    fi
}

sentinel_update() {
    echo "Updating sentinel config.."
    echo "  evaluating sentinel id (\${SENTINEL_ID_${INDEX}})"
    eval MY_SENTINEL_ID="\$SENTINEL_ID_${INDEX}"
    echo "  sentinel id (${MY_SENTINEL_ID}), sentinel grp (${MASTER_GROUP}), quorum (${QUORUM})"
    sed -i "1s/^/sentinel myid ${MY_SENTINEL_ID}\\n/" "${SENTINEL_CONF}"
    if [ "$SENTINEL_TLS_REPLICATION_ENABLED" = true ]; then
        echo "  redis master (${1}:${REDIS_TLS_PORT})"
        sed -i "2s/^/sentinel monitor ${MASTER_GROUP} ${1} ${REDIS_TLS_PORT} ${QUORUM} \\n/" "${SENTINEL_CONF}"
    else
        echo "  redis master (${1}:${REDIS_PORT})"
        sed -i "2s/^/sentinel monitor ${MASTER_GROUP} ${1} ${REDIS_PORT} ${QUORUM} \\n/" "${SENTINEL_CONF}"
    fi
    echo "sentinel announce-ip ${ANNOUNCE_IP}" >> ${SENTINEL_CONF}
    if [ "$SENTINEL_PORT" -eq 0 ]; then
        echo "  announce (${ANNOUNCE_IP}:${SENTINEL_TLS_PORT})"
        echo "sentinel announce-port ${SENTINEL_TLS_PORT}" >> ${SENTINEL_CONF}
    else
        echo "  announce (${ANNOUNCE_IP}:${SENTINEL_PORT})"
        echo "sentinel announce-port ${SENTINEL_PORT}" >> ${SENTINEL_CONF}
    fi
}

redis_update() {
    echo "Updating redis config.."
    if [ "$REDIS_TLS_REPLICATION_ENABLED" = true ]; then
        echo "  we are slave of redis master (${1}:${REDIS_TLS_PORT})"
        echo "slaveof ${1} ${REDIS_TLS_PORT}" >> "${REDIS_CONF}"
        echo "slave-announce-port ${REDIS_TLS_PORT}" >> ${REDIS_CONF}
    else
        echo "  we are slave of redis master (${1}:${REDIS_PORT})"
        echo "slaveof ${1} ${REDIS_PORT}" >> "${REDIS_CONF}"
        echo "slave-announce-port ${REDIS_PORT}" >> ${REDIS_CONF}
    fi
    echo "slave-announce-ip ${ANNOUNCE_IP}" >> ${REDIS_CONF}
}

copy_config() {
    echo "Copying default redis config.."
    echo "  to '${REDIS_CONF}'"
    cp /readonly-config/redis.conf "${REDIS_CONF}"
    echo "Copying default sentinel config.."
    echo "  to '${SENTINEL_CONF}'"
    cp /readonly-config/sentinel.conf "${SENTINEL_CONF}"
}

setup_defaults() {
    echo "Setting up defaults.."
    echo "  using statefulset index (${INDEX})"
    if [ "${INDEX}" = "0" ]; then
        echo "Setting this pod as master for redis and sentinel.."
        echo "  using announce (${ANNOUNCE_IP})"
        redis_update "${ANNOUNCE_IP}"
        sentinel_update "${ANNOUNCE_IP}"
        echo "  make sure ${ANNOUNCE_IP} is not a slave (slaveof no one)"
        sed -i "s/^.*slaveof.*//" "${REDIS_CONF}"
    else
        if [ "$RESOLVE_HOSTNAMES" = true ]; then
            echo "Getting redis master hostname.."
            echo "  blindly assuming (${SERVICE}-announce-0.${NAMESPACE}.svc) is master"
            DEFAULT_MASTER="${SERVICE}-announce-0.${NAMESPACE}.svc"
            echo "  identified redis (may be redis master) hostname (${DEFAULT_MASTER})"
        else
            echo "Getting redis master ip.."
            echo "  blindly assuming (${SERVICE}-announce-0) or (${SERVICE}-server-0) are master"
            DEFAULT_MASTER="$(getent_hosts 0 | awk '{ print $1 }')"
            if [ -z "${DEFAULT_MASTER}" ]; then
                echo "Error: Unable to resolve redis master (getent hosts)."
                exit 1
            fi
            echo "  identified redis (may be redis master) ip (${DEFAULT_MASTER})"
        fi
        echo "Setting default slave config for redis and sentinel.."
        echo "  using master address (${DEFAULT_MASTER})"
        redis_update "${DEFAULT_MASTER}"
        sentinel_update "${DEFAULT_MASTER}"
    fi
}

redis_ping() {
set +e
    if [ "$REDIS_PORT" -eq 0 ]; then
        redis-cli -h "${MASTER}" -a "${AUTH}" --no-auth-warning -p "${REDIS_TLS_PORT}" --tls --cacert /tls-certs/ca.crt  --cert /tls-certs/redis.crt --key /tls-certs/redis.key ping
    else
        redis-cli -h "${MASTER}" -a "${AUTH}" --no-auth-warning -p "${REDIS_PORT}" ping
    fi
set -e
}

redis_ping_retry() {
    ping=''
    retry=${1}
    sleep=3
    for i in $(seq 1 "${retry}"); do
        if [ "$(redis_ping)" = "PONG" ]; then
           ping='PONG'
           break
        fi
        sleep $((sleep + i))
        MASTER=$(sentinel_get_master)
    done
    echo "${ping}"
}

find_master() {
    echo "Verifying redis master.."
    if [ "$REDIS_PORT" -eq 0 ]; then
        echo "  ping (${MASTER}:${REDIS_TLS_PORT})"
    else
        echo "  ping (${MASTER}:${REDIS_PORT})"
    fi
    if [ "$(redis_ping_retry 3)" != "PONG" ]; then
        echo "  $(date) Can't ping redis master (${MASTER})"
        echo "Attempting to force failover (sentinel failover).."

        if [ "$SENTINEL_PORT" -eq 0 ]; then
            echo "  on sentinel (${SERVICE}:${SENTINEL_TLS_PORT}), sentinel grp (${MASTER_GROUP})"
            if redis-cli -h "${SERVICE}" -p "${SENTINEL_TLS_PORT}"  --tls --cacert /tls-certs/ca.crt  --cert /tls-certs/redis.crt --key /tls-certs/redis.key sentinel failover "${MASTER_GROUP}" | grep -q 'NOGOODSLAVE' ; then
                echo "  $(date) Failover returned with 'NOGOODSLAVE'"
                echo "Setting defaults for this pod.."
                setup_defaults
                return 0
            fi
        else
            echo "  on sentinel (${SERVICE}:${SENTINEL_PORT}), sentinel grp (${MASTER_GROUP})"
            if redis-cli -h "${SERVICE}" -p "${SENTINEL_PORT}"  sentinel failover "${MASTER_GROUP}" | grep -q 'NOGOODSLAVE' ; then
                echo "  $(date) Failover returned with 'NOGOODSLAVE'"
                echo "Setting defaults for this pod.."
                setup_defaults
                return 0
            fi
        fi

        echo "Hold on for 10sec"
        sleep 10
        echo "We should get redis master's ip now. Asking (get-master-addr-by-name).."
        if [ "$SENTINEL_PORT" -eq 0 ]; then
            echo "  sentinel (${SERVICE}:${SENTINEL_TLS_PORT}), sentinel grp (${MASTER_GROUP})"
        else
            echo "  sentinel (${SERVICE}:${SENTINEL_PORT}), sentinel grp (${MASTER_GROUP})"
        fi
        MASTER="$(sentinel_get_master)"
        if [ "${MASTER}" ]; then
            echo "  $(date) Found redis master (${MASTER})"
            echo "Updating redis and sentinel config.."
            sentinel_update "${MASTER}"
            redis_update "${MASTER}"
        else
            echo "$(date) Error: Could not failover, exiting..."
            exit 1
        fi
    else
        echo "  $(date) Found reachable redis master (${MASTER})"
        echo "Updating redis and sentinel config.."
        sentinel_update "${MASTER}"
        redis_update "${MASTER}"
    fi
}

redis_ro_update() {
    echo "Updating read-only redis config.."
    echo "  redis.conf set 'replica-priority 0'"
    echo "replica-priority 0" >> ${REDIS_CONF}
}

getent_hosts() {
    index=${1:-${INDEX}}
    service="${SERVICE}-announce-${index}"
    if [ "$RESOLVE_HOSTNAMES" = true ]; then
        echo "${service}.${NAMESPACE}.svc"
    else
        host=$(getent hosts "${service}")
        echo "${host}"
    fi
}

identify_announce_ip() {
    if [ "$ANNOUNCE_HOSTNAMES" = true ]; then
        echo "Identify announce hostname for this pod.."
        echo "  using (${SERVICE}-announce-${INDEX}.${NAMESPACE}.svc)"
        ANNOUNCE_IP="${SERVICE}-announce-${INDEX}.${NAMESPACE}.svc"
    else
        echo "Identify announce ip for this pod.."
        echo "  using (${SERVICE}-announce-${INDEX}) or (${SERVICE}-server-${INDEX})"
        ANNOUNCE_IP=$(getent_hosts | awk '{ print $1 }')
    fi
    echo "  identified announce (${ANNOUNCE_IP})"
}

mkdir -p /data/conf/

echo "Initializing config.."
copy_config

# where is redis master
identify_master

identify_announce_ip

if [ -z "${ANNOUNCE_IP}" ]; then
    echo "Error: Could not resolve the announce address for this pod"
    exit 1
elif [ "${MASTER}" ]; then
    find_master
else
    setup_defaults
fi

if [ "${AUTH:-}" ]; then
    echo "Setting redis auth values.."
    ESCAPED_AUTH=$(echo "${AUTH}" | sed -e 's/[\/&]/\\&/g');
    sed -i "s/replace-default-auth/${ESCAPED_AUTH}/" "${REDIS_CONF}" "${SENTINEL_CONF}"
fi

if [ "${SENTINELAUTH:-}" ]; then
    echo "Setting sentinel auth values"
    ESCAPED_AUTH_SENTINEL=$(echo "$SENTINELAUTH" | sed -e 's/[\/&]/\\&/g');
    sed -i "s/replace-default-sentinel-auth/${ESCAPED_AUTH_SENTINEL}/" "$SENTINEL_CONF"
fi

echo "$(date) Ready..."
"#;
const REDIS_CONF: &str = r#"dir "/data"
port 6379
rename-command FLUSHDB ""
rename-command FLUSHALL ""
bind 0.0.0.0
maxmemory 0
maxmemory-policy volatile-lru
min-replicas-max-lag 5
min-replicas-to-write 1
rdbchecksum yes
rdbcompression yes
repl-diskless-sync yes
save ""
requirepass replace-default-auth
masterauth replace-default-auth
"#;
const SENTINEL_CONF: &str = r#"dir "/data"
port 26379
bind 0.0.0.0
sentinel down-after-milliseconds argocd 10000
sentinel failover-timeout argocd 180000
maxclients 10000
sentinel parallel-syncs argocd 5
sentinel auth-pass argocd replace-default-auth
"#;
const TRIGGER_FAILOVER_IF_MASTER_SH: &str = r#"get_redis_role() {
  is_master=$(
    redis-cli \
      -a "${AUTH}" --no-auth-warning \
      -h localhost \
      -p 6379 \
      info | grep -c 'role:master' || true
  )
}
get_redis_role
if [[ "$is_master" -eq 1 ]]; then
  echo "This node is currently master, we trigger a failover."
  response=$(
    redis-cli \
      -h localhost \
      -p 26379 \
      SENTINEL failover argocd
  )
  if [[ "$response" != "OK" ]] ; then
    echo "$response"
    exit 1
  fi
  timeout=30
  while [[ "$is_master" -eq 1 && $timeout -gt 0 ]]; do
    sleep 1
    get_redis_role
    timeout=$((timeout - 1))
  done
  echo "Failover successful"
fi
"#;
const REDIS_LIVENESS_SH: &str = r#"response=$(
  redis-cli \
    -a "${AUTH}" --no-auth-warning \
    -h localhost \
    -p 6379 \
    ping
)
echo "response=$response"
case $response in
  PONG|LOADING*) ;;
  *) exit 1 ;;
esac
exit 0
"#;
const REDIS_READINESS_SH: &str = r#"response=$(
  redis-cli \
    -a "${AUTH}" --no-auth-warning \
    -h localhost \
    -p 6379 \
    ping
)
if [ "$response" != "PONG" ] ; then
  echo "ping=$response"
  exit 1
fi

response=$(
  redis-cli \
    -a "${AUTH}" --no-auth-warning \
    -h localhost \
    -p 6379 \
    role
)
role=$( echo "$response" | sed "1!d" )
if [ "$role" = "master" ]; then
  echo "role=$role"
  exit 0
elif [ "$role" = "slave" ]; then
  repl=$( echo "$response" | sed "4!d" )
  echo "role=$role; repl=$repl"
  if [ "$repl" = "connected" ]; then
    exit 0
  else
    exit 1
  fi
else
  echo "role=$role"
  exit 1
fi
"#;
const SENTINEL_LIVENESS_SH: &str = r#"response=$(
  redis-cli \
    -h localhost \
    -p 26379 \
    ping
)
if [ "$response" != "PONG" ]; then
  echo "$response"
  exit 1
fi
echo "response=$response"
"#;
const SSH_KNOWN_HOSTS: &str = r#"# This file was automatically generated by hack/update-ssh-known-hosts.sh. DO NOT EDIT
[ssh.github.com]:443 ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEmKSENjQEezOmxkZMy7opKgwFB9nkt5YRrYMjNuG5N87uRgg6CLrbo5wAdT/y6v0mKV0U2w0WZ2YB/++Tpockg=
[ssh.github.com]:443 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl
[ssh.github.com]:443 ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQCj7ndNxQowgcQnjshcLrqPEiiphnt+VTTvDP6mHBL9j1aNUkY4Ue1gvwnGLVlOhGeYrnZaMgRK6+PKCUXaDbC7qtbW8gIkhL7aGCsOr/C56SJMy/BCZfxd1nWzAOxSDPgVsmerOBYfNqltV9/hWCqBywINIR+5dIg6JTJ72pcEpEjcYgXkE2YEFXV1JHnsKgbLWNlhScqb2UmyRkQyytRLtL+38TGxkxCflmO+5Z8CSSNY7GidjMIZ7Q4zMjA2n1nGrlTDkzwDCsw+wqFPGQA179cnfGWOWRVruj16z6XyvxvjJwbz0wQZ75XK5tKSb7FNyeIEs4TT4jk+S4dhPeAUC5y+bDYirYgM4GC7uEnztnZyaVWQ7B381AK4Qdrwt51ZqExKbQpTUNn+EjqoTwvqNj4kqx5QUCI0ThS/YkOxJCXmPUWZbhjpCg56i+2aB6CmK2JGhn57K5mj0MNdBXA4/WnwH6XoPWJzK5Nyu2zB3nAZp+S5hpQs+p1vN1/wsjk=
bitbucket.org ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBPIQmuzMBuKdWeF4+a2sjSSpBK0iqitSQ+5BM9KhpexuGt20JpTVM7u5BDZngncgrqDMbWdxMWWOGtZ9UgbqgZE=
bitbucket.org ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIazEu89wgQZ4bqs3d63QSMzYVa0MuJ2e2gKTKqu+UUO
bitbucket.org ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQDQeJzhupRu0u0cdegZIa8e86EG2qOCsIsD1Xw0xSeiPDlCr7kq97NLmMbpKTX6Esc30NuoqEEHCuc7yWtwp8dI76EEEB1VqY9QJq6vk+aySyboD5QF61I/1WeTwu+deCbgKMGbUijeXhtfbxSxm6JwGrXrhBdofTsbKRUsrN1WoNgUa8uqN1Vx6WAJw1JHPhglEGGHea6QICwJOAr/6mrui/oB7pkaWKHj3z7d1IC4KWLtY47elvjbaTlkN04Kc/5LFEirorGYVbt15kAUlqGM65pk6ZBxtaO3+30LVlORZkxOh+LKL/BvbZ/iRNhItLqNyieoQj/uh/7Iv4uyH/cV/0b4WDSd3DptigWq84lJubb9t/DnZlrJazxyDCulTmKdOR7vs9gMTo+uoIrPSb8ScTtvw65+odKAlBj59dhnVp9zd7QUojOpXlL62Aw56U4oO+FALuevvMjiWeavKhJqlR7i5n9srYcrNV7ttmDw7kf/97P5zauIhxcjX+xHv4M=
github.com ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEmKSENjQEezOmxkZMy7opKgwFB9nkt5YRrYMjNuG5N87uRgg6CLrbo5wAdT/y6v0mKV0U2w0WZ2YB/++Tpockg=
github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl
github.com ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQCj7ndNxQowgcQnjshcLrqPEiiphnt+VTTvDP6mHBL9j1aNUkY4Ue1gvwnGLVlOhGeYrnZaMgRK6+PKCUXaDbC7qtbW8gIkhL7aGCsOr/C56SJMy/BCZfxd1nWzAOxSDPgVsmerOBYfNqltV9/hWCqBywINIR+5dIg6JTJ72pcEpEjcYgXkE2YEFXV1JHnsKgbLWNlhScqb2UmyRkQyytRLtL+38TGxkxCflmO+5Z8CSSNY7GidjMIZ7Q4zMjA2n1nGrlTDkzwDCsw+wqFPGQA179cnfGWOWRVruj16z6XyvxvjJwbz0wQZ75XK5tKSb7FNyeIEs4TT4jk+S4dhPeAUC5y+bDYirYgM4GC7uEnztnZyaVWQ7B381AK4Qdrwt51ZqExKbQpTUNn+EjqoTwvqNj4kqx5QUCI0ThS/YkOxJCXmPUWZbhjpCg56i+2aB6CmK2JGhn57K5mj0MNdBXA4/WnwH6XoPWJzK5Nyu2zB3nAZp+S5hpQs+p1vN1/wsjk=
gitlab.com ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBFSMqzJeV9rUzU4kWitGjeR4PWSa29SPqJ1fVkhtj3Hw9xjLVXVYrU9QlYWrOLXBpQ6KWjbjTDTdDkoohFzgbEY=
gitlab.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAfuCHKVTjquxvt6CM6tdG4SLp1Btn/nOeHHE5UOzRdf
gitlab.com ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCsj2bNKTBSpIYDEGk9KxsGh3mySTRgMtXL583qmBpzeQ+jqCMRgBqB98u3z++J1sKlXHWfM9dyhSevkMwSbhoR8XIq/U0tCNyokEi/ueaBMCvbcTHhO7FcwzY92WK4Yt0aGROY5qX2UKSeOvuP4D6TPqKF1onrSzH9bx9XUf2lEdWT/ia1NEKjunUqu1xOB/StKDHMoX4/OKyIzuS0q/T1zOATthvasJFoPrAjkohTyaDUz2LN5JoH839hViyEG82yB+MjcFV5MU3N1l1QL3cVUCh93xSaua1N85qivl+siMkPGbO5xR/En4iEY6K2XPASUEMaieWVNTRCtJ4S8H+9
ssh.dev.azure.com ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7Hr1oTWqNqOlzGJOfGJ4NakVyIzf1rXYd4d7wo6jBlkLvCA4odBlL0mDUyZ0/QUfTTqeu+tm22gOsv+VrVTMk6vwRU75gY/y9ut5Mb3bR5BV58dKXyq9A9UeB5Cakehn5Zgm6x1mKoVyf+FFn26iYqXJRgzIZZcZ5V6hrE0Qg39kZm4az48o0AUbf6Sp4SLdvnuMa2sVNwHBboS7EJkm57XQPVU3/QpyNLHbWDdzwtrlS+ez30S3AdYhLKEOxAG8weOnyrtLJAUen9mTkol8oII1edf7mWWbWVf0nBmly21+nZcmCTISQBtdcyPaEno7fFQMDD26/s0lfKob4Kw8H
vs-ssh.visualstudio.com ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7Hr1oTWqNqOlzGJOfGJ4NakVyIzf1rXYd4d7wo6jBlkLvCA4odBlL0mDUyZ0/QUfTTqeu+tm22gOsv+VrVTMk6vwRU75gY/y9ut5Mb3bR5BV58dKXyq9A9UeB5Cakehn5Zgm6x1mKoVyf+FFn26iYqXJRgzIZZcZ5V6hrE0Qg39kZm4az48o0AUbf6Sp4SLdvnuMa2sVNwHBboS7EJkm57XQPVU3/QpyNLHbWDdzwtrlS+ez30S3AdYhLKEOxAG8weOnyrtLJAUen9mTkol8oII1edf7mWWbWVf0nBmly21+nZcmCTISQBtdcyPaEno7fFQMDD26/s0lfKob4Kw8H
"#;
const IMPORTED_HA_BASE: &str = "imported/ha-base/deployment-argocd-redis-ha-haproxy.yaml";
const IMPORTED_AS_WRITTEN: &str = "imported as written: as typed, Deployment `argocd-redis-ha-haproxy` would differ at `spec.template.metadata.name`: the original sets \"argocd-redis-ha-haproxy\"; the typed form leaves it out";
const IMPORTED_SHARED_STATEFULSET: &str =
    "imported/_shared/statefulset-argocd-application-controller.yaml";
const IMPORTED_AS_WRITTEN_2: &str = "imported as written: as typed, it would be refused: a StatefulSet needs a Service for its pods' network identity (`expose`)";
const IMPORTED_HA_BASE_2: &str = "imported/ha-base/statefulset-argocd-redis-ha-server.yaml";
const IMPORTED_AS_WRITTEN_3: &str = "imported as written: as typed, StatefulSet `argocd-redis-ha-server` would differ at `spec.podManagementPolicy`: the original sets \"OrderedReady\"; the typed form leaves it out";
const IMPORTED_SHARED_NETWORKPOLICY: &str =
    "imported/_shared/networkpolicy-argocd-dex-server-network-policy.yaml";
const IMPORTED_HA_BASE_3: &str =
    "imported/ha-base/networkpolicy-argocd-redis-ha-proxy-network-policy.yaml";
const IMPORTED_SHARED_NETWORKPOLICY_2: &str =
    "imported/_shared/networkpolicy-argocd-repo-server-network-policy.yaml";

/// The `ha-base` environment.
pub fn environment() -> Environment {
    let argocd_cm = SharedConfig { labels: labels(&[("app.kubernetes.io/name", "argocd-cm"), ("app.kubernetes.io/part-of", "argocd")]), ..SharedConfig::new("argocd-cm", Config::new().set(RESOURCE_CUSTOMIZATIONS_IGNORERESOURCEUPDATES, RESOURCE_CUSTOMIZATIONS_IGNORERESOURCEUPDATES_CONFIGMAP).set(RESOURCE_CUSTOMIZATIONS_IGNORERESOURCEUPDATES_2, RESOURCE_CUSTOMIZATIONS_IGNORERESOURCEUPDATES_ENDPOINTS).set(RESOURCE_CUSTOMIZATIONS_IGNORERESOURCEUPDATES_3, RESOURCE_CUSTOMIZATIONS_IGNORERESOURCEUPDATES_ALL).set(RESOURCE_CUSTOMIZATIONS_IGNORERESOURCEUPDATES_4, RESOURCE_CUSTOMIZATIONS_IGNORERESOURCEUPDATES_APPS_REPLICASET).set(RESOURCE_CUSTOMIZATIONS_IGNORERESOURCEUPDATES_5, RESOURCE_CUSTOMIZATIONS_IGNORERESOURCEUPDATES_ARGOPROJ_IO_APPLICATION).set(RESOURCE_CUSTOMIZATIONS_IGNORERESOURCEUPDATES_6, RESOURCE_CUSTOMIZATIONS_IGNORERESOURCEUPDATES_ARGOPROJ_IO_ROLLOUT).set(RESOURCE_CUSTOMIZATIONS_IGNORERESOURCEUPDATES_7, RESOURCE_CUSTOMIZATIONS_IGNORERESOURCEUPDATES_AUTOSCALING_HORIZONTALPODAUTOSCALER).set(RESOURCE_CUSTOMIZATIONS_IGNORERESOURCEUPDATES_8, RESOURCE_CUSTOMIZATIONS_IGNORERESOURCEUPDATES_DISCOVERY_K8S_IO).set("resource.exclusions", RESOURCE_EXCLUSIONS)) };
    let argocd_cmd_params_cm = SharedConfig {
        labels: labels(&[
            ("app.kubernetes.io/name", "argocd-cmd-params-cm"),
            ("app.kubernetes.io/part-of", "argocd"),
        ]),
        ..SharedConfig::new(
            "argocd-cmd-params-cm",
            Config::new().set("redis.server", "argocd-redis-ha-haproxy:6379"),
        )
    };
    let argocd_gpg_keys_cm = SharedConfig {
        labels: labels(&[
            ("app.kubernetes.io/name", "argocd-gpg-keys-cm"),
            ("app.kubernetes.io/part-of", "argocd"),
        ]),
        ..SharedConfig::new("argocd-gpg-keys-cm", Config::new())
    };
    let argocd_notifications_cm = SharedConfig {
        labels: labels(&[
            ("app.kubernetes.io/component", "notifications-controller"),
            ("app.kubernetes.io/name", "argocd-notifications-controller"),
            ("app.kubernetes.io/part-of", "argocd"),
        ]),
        ..SharedConfig::new("argocd-notifications-cm", Config::new())
    };
    let argocd_rbac_cm = SharedConfig {
        labels: labels(&[
            ("app.kubernetes.io/name", "argocd-rbac-cm"),
            ("app.kubernetes.io/part-of", "argocd"),
        ]),
        ..SharedConfig::new("argocd-rbac-cm", Config::new())
    };
    let argocd_redis_ha_configmap = SharedConfig {
        labels: labels(&[
            ("app.kubernetes.io/component", "redis"),
            ("app.kubernetes.io/name", "argocd-redis-ha"),
            ("app.kubernetes.io/part-of", "argocd"),
        ]),
        ..SharedConfig::new(
            "argocd-redis-ha-configmap",
            Config::new()
                .set("fix-split-brain.sh", FIX_SPLIT_BRAIN_SH)
                .set("haproxy.cfg", HAPROXY_CFG)
                .set("haproxy_init.sh", HAPROXY_INIT_SH)
                .set("init.sh", INIT_SH)
                .set("redis.conf", REDIS_CONF)
                .set("sentinel.conf", SENTINEL_CONF)
                .set(
                    "trigger-failover-if-master.sh",
                    TRIGGER_FAILOVER_IF_MASTER_SH,
                ),
        )
    };
    let argocd_redis_ha_health_configmap = SharedConfig {
        labels: labels(&[
            ("app.kubernetes.io/component", "redis"),
            ("app.kubernetes.io/name", "argocd-redis-ha"),
            ("app.kubernetes.io/part-of", "argocd"),
        ]),
        ..SharedConfig::new(
            "argocd-redis-ha-health-configmap",
            Config::new()
                .set("redis_liveness.sh", REDIS_LIVENESS_SH)
                .set("redis_readiness.sh", REDIS_READINESS_SH)
                .set("sentinel_liveness.sh", SENTINEL_LIVENESS_SH),
        )
    };
    let argocd_ssh_known_hosts_cm = SharedConfig {
        labels: labels(&[
            ("app.kubernetes.io/name", "argocd-ssh-known-hosts-cm"),
            ("app.kubernetes.io/part-of", "argocd"),
        ]),
        ..SharedConfig::new(
            "argocd-ssh-known-hosts-cm",
            Config::new().set("ssh_known_hosts", SSH_KNOWN_HOSTS),
        )
    };
    let argocd_tls_certs_cm = SharedConfig {
        labels: labels(&[
            ("app.kubernetes.io/name", "argocd-tls-certs-cm"),
            ("app.kubernetes.io/part-of", "argocd"),
        ]),
        ..SharedConfig::new("argocd-tls-certs-cm", Config::new())
    };
    let argocd_applicationset_controller_account = ServiceAccountSpec {
        labels: labels(&[
            ("app.kubernetes.io/component", "applicationset-controller"),
            ("app.kubernetes.io/name", "argocd-applicationset-controller"),
            ("app.kubernetes.io/part-of", "argocd"),
        ]),
        ..ServiceAccountSpec::new("argocd-applicationset-controller")
    };
    let argocd_dex_server_account = ServiceAccountSpec {
        labels: labels(&[
            ("app.kubernetes.io/component", "dex-server"),
            ("app.kubernetes.io/name", "argocd-dex-server"),
            ("app.kubernetes.io/part-of", "argocd"),
        ]),
        ..ServiceAccountSpec::new("argocd-dex-server")
    };
    let argocd_notifications_controller_account = ServiceAccountSpec {
        labels: labels(&[
            ("app.kubernetes.io/component", "notifications-controller"),
            ("app.kubernetes.io/name", "argocd-notifications-controller"),
            ("app.kubernetes.io/part-of", "argocd"),
        ]),
        ..ServiceAccountSpec::new("argocd-notifications-controller")
    };
    let argocd_server_account = ServiceAccountSpec {
        labels: labels(&[
            ("app.kubernetes.io/component", "server"),
            ("app.kubernetes.io/name", "argocd-server"),
            ("app.kubernetes.io/part-of", "argocd"),
        ]),
        ..ServiceAccountSpec::new("argocd-server")
    };
    let argocd_application_controller_account = ServiceAccountSpec {
        labels: labels(&[
            ("app.kubernetes.io/component", "application-controller"),
            ("app.kubernetes.io/name", "argocd-application-controller"),
            ("app.kubernetes.io/part-of", "argocd"),
        ]),
        ..ServiceAccountSpec::new("argocd-application-controller")
    };
    let argocd_redis_ha_account = ServiceAccountSpec {
        labels: labels(&[
            ("app.kubernetes.io/component", "redis"),
            ("app.kubernetes.io/name", "argocd-redis-ha"),
            ("app.kubernetes.io/part-of", "argocd"),
        ]),
        secrets: vec!["argocd-redis".into()],
        ..ServiceAccountSpec::new("argocd-redis-ha")
    };
    let argocd_redis_ha_haproxy_account = ServiceAccountSpec {
        labels: labels(&[
            ("app.kubernetes.io/component", "redis"),
            ("app.kubernetes.io/name", "argocd-redis-ha-haproxy"),
            ("app.kubernetes.io/part-of", "argocd"),
        ]),
        ..ServiceAccountSpec::new("argocd-redis-ha-haproxy")
    };
    let argocd_application_controller_role = RoleSpec {
        labels: labels(&[
            ("app.kubernetes.io/component", "application-controller"),
            ("app.kubernetes.io/name", "argocd-application-controller"),
            ("app.kubernetes.io/part-of", "argocd"),
        ]),
        ..RoleSpec::new(
            "argocd-application-controller",
            vec![
                Rule::new(&[""], &["secrets", "configmaps"], &["get", "list", "watch"]),
                Rule::new(
                    &["argoproj.io"],
                    &["applications", "applicationsets", "appprojects"],
                    &[
                        "create", "get", "list", "watch", "update", "patch", "delete",
                    ],
                ),
                Rule::new(&[""], &["events"], &["create", "list"]),
                Rule::new(&["apps"], &["deployments"], &["get", "list", "watch"]),
            ],
        )
    };
    let argocd_applicationset_controller_role = RoleSpec {
        labels: labels(&[
            ("app.kubernetes.io/component", "applicationset-controller"),
            ("app.kubernetes.io/name", "argocd-applicationset-controller"),
            ("app.kubernetes.io/part-of", "argocd"),
        ]),
        ..RoleSpec::new(
            "argocd-applicationset-controller",
            vec![
                Rule::new(
                    &["argoproj.io"],
                    &[
                        "applications",
                        "applicationsets",
                        "applicationsets/finalizers",
                    ],
                    &[
                        "create", "delete", "get", "list", "patch", "update", "watch",
                    ],
                ),
                Rule::new(
                    &["argoproj.io"],
                    &["appprojects"],
                    &["get", "list", "watch"],
                ),
                Rule::new(
                    &["argoproj.io"],
                    &["applicationsets/status"],
                    &["get", "patch", "update"],
                ),
                Rule::new(
                    &[""],
                    &["events"],
                    &["create", "get", "list", "patch", "watch"],
                ),
                Rule::new(&[""], &["secrets", "configmaps"], &["get", "list", "watch"]),
                Rule::new(&["coordination.k8s.io"], &["leases"], &["create"]),
                Rule {
                    resource_names: vec!["58ac56fa.applicationsets.argoproj.io".into()],
                    ..Rule::new(
                        &["coordination.k8s.io"],
                        &["leases"],
                        &["get", "update", "create"],
                    )
                },
            ],
        )
    };
    let argocd_dex_server_role = RoleSpec {
        labels: labels(&[
            ("app.kubernetes.io/component", "dex-server"),
            ("app.kubernetes.io/name", "argocd-dex-server"),
            ("app.kubernetes.io/part-of", "argocd"),
        ]),
        ..RoleSpec::new(
            "argocd-dex-server",
            vec![Rule::new(
                &[""],
                &["secrets", "configmaps"],
                &["get", "list", "watch"],
            )],
        )
    };
    let argocd_notifications_controller_role = RoleSpec {
        labels: labels(&[
            ("app.kubernetes.io/component", "notifications-controller"),
            ("app.kubernetes.io/name", "argocd-notifications-controller"),
            ("app.kubernetes.io/part-of", "argocd"),
        ]),
        ..RoleSpec::new(
            "argocd-notifications-controller",
            vec![
                Rule::new(
                    &["argoproj.io"],
                    &["applications", "appprojects"],
                    &["get", "list", "watch", "update", "patch"],
                ),
                Rule::new(&[""], &["configmaps", "secrets"], &["list", "watch"]),
                Rule {
                    resource_names: vec!["argocd-notifications-cm".into()],
                    ..Rule::new(&[""], &["configmaps"], &["get"])
                },
                Rule {
                    resource_names: vec!["argocd-notifications-secret".into()],
                    ..Rule::new(&[""], &["secrets"], &["get"])
                },
            ],
        )
    };
    let argocd_redis_ha_role = RoleSpec {
        labels: labels(&[
            ("app.kubernetes.io/component", "redis"),
            ("app.kubernetes.io/name", "argocd-redis-ha"),
            ("app.kubernetes.io/part-of", "argocd"),
        ]),
        ..RoleSpec::new(
            "argocd-redis-ha",
            vec![Rule::new(&[""], &["endpoints"], &["get"])],
        )
    };
    let argocd_redis_ha_haproxy_role = RoleSpec {
        labels: labels(&[
            ("app.kubernetes.io/component", "redis"),
            ("app.kubernetes.io/name", "argocd-redis-ha"),
            ("app.kubernetes.io/part-of", "argocd"),
        ]),
        ..RoleSpec::new(
            "argocd-redis-ha-haproxy",
            vec![
                Rule::new(&[""], &["secrets"], &["create"]),
                Rule {
                    resource_names: vec!["argocd-redis".into()],
                    ..Rule::new(&[""], &["secrets"], &["get"])
                },
                Rule::new(&[""], &["endpoints"], &["get"]),
            ],
        )
    };
    let argocd_server_role = RoleSpec {
        labels: labels(&[
            ("app.kubernetes.io/component", "server"),
            ("app.kubernetes.io/name", "argocd-server"),
            ("app.kubernetes.io/part-of", "argocd"),
        ]),
        ..RoleSpec::new(
            "argocd-server",
            vec![
                Rule::new(
                    &[""],
                    &["secrets", "configmaps"],
                    &[
                        "create", "get", "list", "watch", "update", "patch", "delete",
                    ],
                ),
                Rule::new(
                    &["argoproj.io"],
                    &["applications", "appprojects", "applicationsets"],
                    &[
                        "create", "get", "list", "watch", "update", "delete", "patch",
                    ],
                ),
                Rule::new(&[""], &["events"], &["create", "list"]),
            ],
        )
    };
    let argocd_application_controller_binding = BindingSpec {
        labels: labels(&[
            ("app.kubernetes.io/component", "application-controller"),
            ("app.kubernetes.io/name", "argocd-application-controller"),
            ("app.kubernetes.io/part-of", "argocd"),
        ]),
        ..BindingSpec::new(
            "argocd-application-controller",
            Grant::from(&argocd_application_controller_role),
            vec![Grantee::from(&argocd_application_controller_account)],
        )
    };
    let argocd_applicationset_controller_binding = BindingSpec {
        labels: labels(&[
            ("app.kubernetes.io/component", "applicationset-controller"),
            ("app.kubernetes.io/name", "argocd-applicationset-controller"),
            ("app.kubernetes.io/part-of", "argocd"),
        ]),
        ..BindingSpec::new(
            "argocd-applicationset-controller",
            Grant::from(&argocd_applicationset_controller_role),
            vec![Grantee::from(&argocd_applicationset_controller_account)],
        )
    };
    let argocd_dex_server_binding = BindingSpec {
        labels: labels(&[
            ("app.kubernetes.io/component", "dex-server"),
            ("app.kubernetes.io/name", "argocd-dex-server"),
            ("app.kubernetes.io/part-of", "argocd"),
        ]),
        ..BindingSpec::new(
            "argocd-dex-server",
            Grant::from(&argocd_dex_server_role),
            vec![Grantee::from(&argocd_dex_server_account)],
        )
    };
    let argocd_notifications_controller_binding = BindingSpec {
        labels: labels(&[
            ("app.kubernetes.io/component", "notifications-controller"),
            ("app.kubernetes.io/name", "argocd-notifications-controller"),
            ("app.kubernetes.io/part-of", "argocd"),
        ]),
        ..BindingSpec::new(
            "argocd-notifications-controller",
            Grant::from(&argocd_notifications_controller_role),
            vec![Grantee::from(&argocd_notifications_controller_account)],
        )
    };
    let argocd_redis_ha_binding = BindingSpec {
        labels: labels(&[
            ("app.kubernetes.io/component", "redis"),
            ("app.kubernetes.io/name", "argocd-redis-ha"),
            ("app.kubernetes.io/part-of", "argocd"),
        ]),
        ..BindingSpec::new(
            "argocd-redis-ha",
            Grant::from(&argocd_redis_ha_role),
            vec![Grantee::from(&argocd_redis_ha_account)],
        )
    };
    let argocd_redis_ha_haproxy_binding = BindingSpec {
        labels: labels(&[
            ("app.kubernetes.io/component", "redis"),
            ("app.kubernetes.io/name", "argocd-redis-ha"),
            ("app.kubernetes.io/part-of", "argocd"),
        ]),
        ..BindingSpec::new(
            "argocd-redis-ha-haproxy",
            Grant::from(&argocd_redis_ha_haproxy_role),
            vec![Grantee::from(&argocd_redis_ha_haproxy_account)],
        )
    };
    let argocd_server_binding = BindingSpec {
        labels: labels(&[
            ("app.kubernetes.io/component", "server"),
            ("app.kubernetes.io/name", "argocd-server"),
            ("app.kubernetes.io/part-of", "argocd"),
        ]),
        ..BindingSpec::new(
            "argocd-server",
            Grant::from(&argocd_server_role),
            vec![Grantee::from(&argocd_server_account)],
        )
    };
    let mut raw = Vec::new();
    // imported as-is: as typed, Deployment `argocd-redis-ha-haproxy` would differ at `spec.template.metadata.name`: the original sets "argocd-redis-ha-haproxy"; the typed form leaves it out
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::Deployment>(
            IMPORTED_HA_BASE,
            include_str!("../../imported/ha-base/deployment-argocd-redis-ha-haproxy.yaml"),
        )
        .exception(IMPORTED_AS_WRITTEN),
    );
    // imported as-is: as typed, it would be refused: a StatefulSet needs a Service for its pods' network identity (`expose`)
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_SHARED_STATEFULSET,
            include_str!("../../imported/_shared/statefulset-argocd-application-controller.yaml"),
        )
        .exception(IMPORTED_AS_WRITTEN_2),
    );
    // imported as-is: as typed, StatefulSet `argocd-redis-ha-server` would differ at `spec.podManagementPolicy`: the original sets "OrderedReady"; the typed form leaves it out
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_HA_BASE_2,
            include_str!("../../imported/ha-base/statefulset-argocd-redis-ha-server.yaml"),
        )
        .exception(IMPORTED_AS_WRITTEN_3),
    );
    // imported as-is: rustomize has no typed form of a NetworkPolicy that belongs to no app
    raw.push(RawYaml::of::<k8s::api::networking::v1::NetworkPolicy>(
        IMPORTED_SHARED_NETWORKPOLICY,
        include_str!("../../imported/_shared/networkpolicy-argocd-dex-server-network-policy.yaml"),
    ));
    // imported as-is: rustomize has no typed form of a NetworkPolicy that belongs to no app
    raw.push(RawYaml::of::<k8s::api::networking::v1::NetworkPolicy>(
        IMPORTED_HA_BASE_3,
        include_str!(
            "../../imported/ha-base/networkpolicy-argocd-redis-ha-proxy-network-policy.yaml"
        ),
    ));
    // imported as-is: rustomize has no typed form of a NetworkPolicy that belongs to no app
    raw.push(RawYaml::of::<k8s::api::networking::v1::NetworkPolicy>(
        IMPORTED_SHARED_NETWORKPOLICY_2,
        include_str!("../../imported/_shared/networkpolicy-argocd-repo-server-network-policy.yaml"),
    ));
    Environment {
        name: "ha-base".into(),
        tree: "overlays/ha-base".into(),
        apps: vec![
            crate::apps::argocd_applicationset_controller::app(
                &argocd_applicationset_controller_account,
                &argocd_cmd_params_cm,
                &argocd_gpg_keys_cm,
                &argocd_ssh_known_hosts_cm,
                &argocd_tls_certs_cm,
            ),
            crate::apps::argocd_dex_server::app(&argocd_dex_server_account),
            crate::apps::argocd_notifications_controller::app(
                &argocd_notifications_controller_account,
                &argocd_tls_certs_cm,
            ),
            App {
                replicas: 2,
                replicas_from: ReplicasFrom::Code,
                pod: PodSettings {
                    node_selector: labels(&[("kubernetes.io/os", "linux")]),
                    anti_affinity: vec![
                        Spread::across("kubernetes.io/hostname").required(),
                        Spread::across("topology.kubernetes.io/zone"),
                    ],
                    ..PodSettings::default()
                },
                ..crate::apps::argocd_repo_server::app(
                    &argocd_cmd_params_cm,
                    &argocd_gpg_keys_cm,
                    &argocd_ssh_known_hosts_cm,
                    &argocd_tls_certs_cm,
                )
            },
            App {
                replicas: 2,
                replicas_from: ReplicasFrom::Code,
                containers: vec![Container {
                    name: "argocd-server".into(),
                    image: Image::tag("quay.io/argoproj/argocd", "v3.5.1"),
                    args: vec!["/usr/local/bin/argocd-server".into()],
                    ports: vec![Port::tcp("https", 8080), Port::tcp("metrics", 8083)],
                    env: Env::new()
                        .set("ARGOCD_API_SERVER_REPLICAS", "2")
                        .set(
                            "REDIS_PASSWORD",
                            SecretKeyRef {
                                secret: "argocd-redis".into(),
                                key: "auth".into(),
                                optional: false,
                                ..SecretKeyRef::default()
                            },
                        )
                        .set(
                            "GRPC_ENABLE_TXT_SERVICE_CONFIG",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.grpc.enable.txt.service.config".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_SERVER_INSECURE",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.insecure".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_SERVER_BASEHREF",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.basehref".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_SERVER_ROOTPATH",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.rootpath".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_SERVER_LOGFORMAT",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.log.format".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_SERVER_LOG_LEVEL",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.log.level".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_K8S_CLIENT_QPS",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.k8s.client.qps".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_K8S_CLIENT_BURST",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.k8s.client.burst".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_K8S_CLIENT_MAX_IDLE_CONNECTIONS",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.k8s.client.max.idle.connections".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_K8S_TCP_TIMEOUT",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.k8s.tcp.timeout".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_K8S_TCP_KEEPALIVE",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.k8s.tcp.keepalive".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_K8S_TLS_HANDSHAKE_TIMEOUT",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.k8s.tls.handshake.timeout".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_K8S_TCP_IDLE_TIMEOUT",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.k8s.tcp.idle.timeout".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_SERVER_REPO_SERVER",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "repo.server".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_SERVER_DEX_SERVER",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.dex.server".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_SERVER_DISABLE_AUTH",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.disable.auth".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_SERVER_ENABLE_GZIP",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.enable.gzip".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_SERVER_REPO_SERVER_TIMEOUT_SECONDS",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.repo.server.timeout.seconds".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_SERVER_X_FRAME_OPTIONS",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.x.frame.options".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_SERVER_CONTENT_SECURITY_POLICY",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.content.security.policy".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_SERVER_REPO_SERVER_PLAINTEXT",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.repo.server.plaintext".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_SERVER_REPO_SERVER_STRICT_TLS",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.repo.server.strict.tls".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_SERVER_REPO_SERVER_CA_CERT_PATH",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.repo.server.ca.cert.path".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_SERVER_REPO_SERVER_CLIENT_CERT_PATH",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.repo.server.client.cert.path".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_SERVER_REPO_SERVER_CLIENT_CERT_KEY_PATH",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.repo.server.client.cert.key.path".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_SERVER_DEX_SERVER_PLAINTEXT",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.dex.server.plaintext".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_SERVER_DEX_SERVER_STRICT_TLS",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.dex.server.strict.tls".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_TLS_MIN_VERSION",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.tls.minversion".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_TLS_MAX_VERSION",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.tls.maxversion".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_TLS_CIPHERS",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.tls.ciphers".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_SERVER_CONNECTION_STATUS_CACHE_EXPIRATION",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.connection.status.cache.expiration".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_SERVER_OIDC_CACHE_EXPIRATION",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.oidc.cache.expiration".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_SERVER_STATIC_ASSETS",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.staticassets".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_APP_STATE_CACHE_EXPIRATION",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.app.state.cache.expiration".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "REDIS_SERVER",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "redis.server".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "REDIS_COMPRESSION",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "redis.compression".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "REDISDB",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "redis.db".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_DEFAULT_CACHE_EXPIRATION",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.default.cache.expiration".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_MAX_COOKIE_NUMBER",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.http.cookie.maxnumber".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_SERVER_LISTEN_ADDRESS",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.listen.address".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_SERVER_METRICS_LISTEN_ADDRESS",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.metrics.listen.address".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_SERVER_OTLP_ADDRESS",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "otlp.address".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_SERVER_OTLP_INSECURE",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "otlp.insecure".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_SERVER_OTLP_HEADERS",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "otlp.headers".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_SERVER_OTLP_ATTRS",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "otlp.attrs".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_APPLICATION_NAMESPACES",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "application.namespaces".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_SERVER_ENABLE_PROXY_EXTENSION",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.enable.proxy.extension".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_K8SCLIENT_RETRY_MAX",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.k8sclient.retry.max".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_K8SCLIENT_RETRY_BASE_BACKOFF",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.k8sclient.retry.base.backoff".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_API_CONTENT_TYPES",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.api.content.types".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_SERVER_WEBHOOK_PARALLELISM_LIMIT",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.webhook.parallelism.limit".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_SERVER_GLOB_CACHE_SIZE",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.glob.cache.size".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_SERVER_WEBHOOK_REFRESH_WORKERS",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.webhook.refresh.workers".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            ARGOCD_APPLICATIONSET_CONTROLLER_7,
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: APPLICATIONSETCONTROLLER_ENABLE_NEW.into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            ARGOCD_APPLICATIONSET_CONTROLLER_15,
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "applicationsetcontroller.scm.root.ca.path".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            ARGOCD_APPLICATIONSET_CONTROLLER_16,
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "applicationsetcontroller.allowed.scm.providers".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            ARGOCD_APPLICATIONSET_CONTROLLER_17,
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "applicationsetcontroller.enable.scm.providers".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            ARGOCD_APPLICATIONSET_CONTROLLER_18,
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: APPLICATIONSETCONTROLLER_ENABLE_GITHUB.into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_HYDRATOR_ENABLED",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "hydrator.enabled".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        )
                        .set(
                            "ARGOCD_SYNC_WITH_REPLACE_ALLOWED",
                            ConfigKeyRef {
                                config: "argocd-cmd-params-cm".into(),
                                key: "server.sync.replace.allowed".into(),
                                optional: true,
                                ..ConfigKeyRef::default()
                            },
                        ),
                    probes: Probes {
                        liveness: Some(
                            Probe::http("/healthz?full=true", "https")
                                .after(3)
                                .every(30)
                                .timeout(5),
                        ),
                        readiness: Some(Probe::http("/healthz", "https").after(3).every(30)),
                        ..Probes::default()
                    },
                    mounts: vec![
                        Mount::new("ssh-known-hosts", "/app/config/ssh"),
                        Mount::new("tls-certs", "/app/config/tls"),
                        Mount::new("argocd-repo-server-tls", "/app/config/server/tls"),
                        Mount::new("argocd-repo-server-mtls", "/app/config/reposerver/mtls"),
                        Mount::new("argocd-dex-server-tls", "/app/config/dex/tls"),
                        Mount::new("plugins-home", "/home/argocd"),
                        Mount::new("tmp", "/tmp"),
                        Mount::new("argocd-cmd-params-cm", "/home/argocd/params"),
                    ],
                    ..Container::default()
                }],
                pod: PodSettings {
                    node_selector: labels(&[("kubernetes.io/os", "linux")]),
                    anti_affinity: vec![
                        Spread::across("kubernetes.io/hostname").required(),
                        Spread::across("topology.kubernetes.io/zone"),
                    ],
                    ..PodSettings::default()
                },
                ..crate::apps::argocd_server::app(
                    &argocd_cmd_params_cm,
                    &argocd_server_account,
                    &argocd_ssh_known_hosts_cm,
                    &argocd_tls_certs_cm,
                )
            },
        ],
        secrets: vec![
            SecretSpec {
                labels: labels(&[
                    ("app.kubernetes.io/component", "notifications-controller"),
                    ("app.kubernetes.io/name", "argocd-notifications-controller"),
                    ("app.kubernetes.io/part-of", "argocd"),
                ]),
                ..SecretSpec::new("argocd-notifications-secret", &[])
            },
            SecretSpec::new("argocd-redis", &["auth"]),
            SecretSpec {
                labels: labels(&[
                    ("app.kubernetes.io/name", "argocd-secret"),
                    ("app.kubernetes.io/part-of", "argocd"),
                ]),
                ..SecretSpec::new("argocd-secret", &[])
            },
        ],
        configs: vec![
            argocd_cm,
            argocd_cmd_params_cm,
            argocd_gpg_keys_cm,
            argocd_notifications_cm,
            argocd_rbac_cm,
            argocd_redis_ha_configmap,
            argocd_redis_ha_health_configmap,
            argocd_ssh_known_hosts_cm,
            argocd_tls_certs_cm,
        ],
        service_accounts: vec![
            argocd_applicationset_controller_account,
            argocd_dex_server_account,
            argocd_notifications_controller_account,
            argocd_server_account,
            argocd_application_controller_account,
            argocd_redis_ha_account,
            argocd_redis_ha_haproxy_account,
        ],
        services: vec![
            ServiceSpec::new(
                "argocd-metrics",
                labels(&[("app.kubernetes.io/name", "argocd-application-controller")]),
                Expose {
                    ports: vec![ServicePort {
                        name: Some("metrics".into()),
                        target: "8082".into(),
                        port: 8082,
                        protocol: Some(Protocol::Tcp),
                        ..ServicePort::default()
                    }],
                    labels: labels(&[
                        ("app.kubernetes.io/component", "metrics"),
                        ("app.kubernetes.io/name", "argocd-metrics"),
                        ("app.kubernetes.io/part-of", "argocd"),
                    ]),
                    ..Expose::default()
                },
            ),
            ServiceSpec::new(
                "argocd-notifications-controller-metrics",
                labels(&[("app.kubernetes.io/name", "argocd-notifications-controller")]),
                Expose {
                    ports: vec![ServicePort {
                        name: Some("metrics".into()),
                        target: "9001".into(),
                        port: 9001,
                        protocol: Some(Protocol::Tcp),
                        ..ServicePort::default()
                    }],
                    labels: labels(&[
                        ("app.kubernetes.io/component", "notifications-controller"),
                        (
                            "app.kubernetes.io/name",
                            "argocd-notifications-controller-metrics",
                        ),
                        ("app.kubernetes.io/part-of", "argocd"),
                    ]),
                    ..Expose::default()
                },
            ),
            ServiceSpec::new(
                "argocd-redis-ha",
                labels(&[("app.kubernetes.io/name", "argocd-redis-ha")]),
                Expose {
                    type_: ExposeType::Headless,
                    ports: vec![
                        ServicePort {
                            name: Some("tcp-server".into()),
                            target: "redis".into(),
                            port: 6379,
                            protocol: Some(Protocol::Tcp),
                            ..ServicePort::default()
                        },
                        ServicePort {
                            name: Some("tcp-sentinel".into()),
                            target: "sentinel".into(),
                            port: 26379,
                            protocol: Some(Protocol::Tcp),
                            ..ServicePort::default()
                        },
                    ],
                    labels: labels(&[
                        ("app.kubernetes.io/component", "redis"),
                        ("app.kubernetes.io/name", "argocd-redis-ha"),
                        ("app.kubernetes.io/part-of", "argocd"),
                    ]),
                    ..Expose::default()
                },
            ),
            ServiceSpec::new(
                "argocd-redis-ha-announce-0",
                labels(&[
                    ("app.kubernetes.io/name", "argocd-redis-ha"),
                    (
                        "statefulset.kubernetes.io/pod-name",
                        "argocd-redis-ha-server-0",
                    ),
                ]),
                Expose {
                    ports: vec![
                        ServicePort {
                            name: Some("tcp-server".into()),
                            target: "redis".into(),
                            port: 6379,
                            protocol: Some(Protocol::Tcp),
                            ..ServicePort::default()
                        },
                        ServicePort {
                            name: Some("tcp-sentinel".into()),
                            target: "sentinel".into(),
                            port: 26379,
                            protocol: Some(Protocol::Tcp),
                            ..ServicePort::default()
                        },
                    ],
                    labels: labels(&[
                        ("app.kubernetes.io/component", "redis"),
                        ("app.kubernetes.io/name", "argocd-redis-ha"),
                        ("app.kubernetes.io/part-of", "argocd"),
                    ]),
                    publish_not_ready: true,
                    ..Expose::default()
                },
            ),
            ServiceSpec::new(
                "argocd-redis-ha-announce-1",
                labels(&[
                    ("app.kubernetes.io/name", "argocd-redis-ha"),
                    (
                        "statefulset.kubernetes.io/pod-name",
                        "argocd-redis-ha-server-1",
                    ),
                ]),
                Expose {
                    ports: vec![
                        ServicePort {
                            name: Some("tcp-server".into()),
                            target: "redis".into(),
                            port: 6379,
                            protocol: Some(Protocol::Tcp),
                            ..ServicePort::default()
                        },
                        ServicePort {
                            name: Some("tcp-sentinel".into()),
                            target: "sentinel".into(),
                            port: 26379,
                            protocol: Some(Protocol::Tcp),
                            ..ServicePort::default()
                        },
                    ],
                    labels: labels(&[
                        ("app.kubernetes.io/component", "redis"),
                        ("app.kubernetes.io/name", "argocd-redis-ha"),
                        ("app.kubernetes.io/part-of", "argocd"),
                    ]),
                    publish_not_ready: true,
                    ..Expose::default()
                },
            ),
            ServiceSpec::new(
                "argocd-redis-ha-announce-2",
                labels(&[
                    ("app.kubernetes.io/name", "argocd-redis-ha"),
                    (
                        "statefulset.kubernetes.io/pod-name",
                        "argocd-redis-ha-server-2",
                    ),
                ]),
                Expose {
                    ports: vec![
                        ServicePort {
                            name: Some("tcp-server".into()),
                            target: "redis".into(),
                            port: 6379,
                            protocol: Some(Protocol::Tcp),
                            ..ServicePort::default()
                        },
                        ServicePort {
                            name: Some("tcp-sentinel".into()),
                            target: "sentinel".into(),
                            port: 26379,
                            protocol: Some(Protocol::Tcp),
                            ..ServicePort::default()
                        },
                    ],
                    labels: labels(&[
                        ("app.kubernetes.io/component", "redis"),
                        ("app.kubernetes.io/name", "argocd-redis-ha"),
                        ("app.kubernetes.io/part-of", "argocd"),
                    ]),
                    publish_not_ready: true,
                    ..Expose::default()
                },
            ),
            ServiceSpec::new(
                "argocd-redis-ha-haproxy",
                labels(&[("app.kubernetes.io/name", "argocd-redis-ha-haproxy")]),
                Expose {
                    ports: vec![
                        ServicePort {
                            name: Some("tcp-haproxy".into()),
                            target: "redis".into(),
                            port: 6379,
                            protocol: Some(Protocol::Tcp),
                            ..ServicePort::default()
                        },
                        ServicePort {
                            name: Some("http-exporter-port".into()),
                            target: "metrics-port".into(),
                            port: 9101,
                            protocol: Some(Protocol::Tcp),
                            ..ServicePort::default()
                        },
                    ],
                    labels: labels(&[
                        ("app.kubernetes.io/component", "redis"),
                        ("app.kubernetes.io/name", "argocd-redis-ha-haproxy"),
                        ("app.kubernetes.io/part-of", "argocd"),
                    ]),
                    ..Expose::default()
                },
            ),
            ServiceSpec::new(
                "argocd-server-metrics",
                labels(&[("app.kubernetes.io/name", "argocd-server")]),
                Expose {
                    ports: vec![ServicePort {
                        name: Some("metrics".into()),
                        target: "8083".into(),
                        port: 8083,
                        protocol: Some(Protocol::Tcp),
                        ..ServicePort::default()
                    }],
                    labels: labels(&[
                        ("app.kubernetes.io/component", "server"),
                        ("app.kubernetes.io/name", "argocd-server-metrics"),
                        ("app.kubernetes.io/part-of", "argocd"),
                    ]),
                    ..Expose::default()
                },
            ),
        ],
        roles: vec![
            argocd_application_controller_role,
            argocd_applicationset_controller_role,
            argocd_dex_server_role,
            argocd_notifications_controller_role,
            argocd_redis_ha_role,
            argocd_redis_ha_haproxy_role,
            argocd_server_role,
        ],
        bindings: vec![
            argocd_application_controller_binding,
            argocd_applicationset_controller_binding,
            argocd_dex_server_binding,
            argocd_notifications_controller_binding,
            argocd_redis_ha_binding,
            argocd_redis_ha_haproxy_binding,
            argocd_server_binding,
        ],
        policies: vec![
            Policy {
                from: vec![Peer::Namespaces(labels(&[]))],
                ports: vec![(8082, Protocol::Tcp)],
                labels: labels(&[
                    ("app.kubernetes.io/component", "application-controller"),
                    ("app.kubernetes.io/name", "argocd-application-controller"),
                    ("app.kubernetes.io/part-of", "argocd"),
                ]),
                ..Policy::new(
                    "argocd-application-controller-network-policy",
                    labels(&[("app.kubernetes.io/name", "argocd-application-controller")]),
                )
            },
            Policy {
                from: vec![Peer::Namespaces(labels(&[]))],
                ports: vec![(7000, Protocol::Tcp), (8080, Protocol::Tcp)],
                labels: labels(&[
                    ("app.kubernetes.io/component", "applicationset-controller"),
                    ("app.kubernetes.io/name", "argocd-applicationset-controller"),
                    ("app.kubernetes.io/part-of", "argocd"),
                ]),
                ..Policy::new(
                    "argocd-applicationset-controller-network-policy",
                    labels(&[("app.kubernetes.io/name", "argocd-applicationset-controller")]),
                )
            },
            Policy {
                from: vec![Peer::Namespaces(labels(&[]))],
                ports: vec![(9001, Protocol::Tcp)],
                labels: labels(&[
                    ("app.kubernetes.io/component", "notifications-controller"),
                    ("app.kubernetes.io/name", "argocd-notifications-controller"),
                    ("app.kubernetes.io/part-of", "argocd"),
                ]),
                ..Policy::new(
                    "argocd-notifications-controller-network-policy",
                    labels(&[("app.kubernetes.io/name", "argocd-notifications-controller")]),
                )
            },
            Policy {
                from: vec![
                    Peer::Labels(labels(&[(
                        "app.kubernetes.io/name",
                        "argocd-redis-ha-haproxy",
                    )])),
                    Peer::Labels(labels(&[("app.kubernetes.io/name", "argocd-redis-ha")])),
                ],
                ports: vec![(6379, Protocol::Tcp), (26379, Protocol::Tcp)],
                egress: Egress::To(vec![
                    EgressRule {
                        to: vec![Peer::Labels(labels(&[(
                            "app.kubernetes.io/name",
                            "argocd-redis-ha",
                        )]))],
                        ports: vec![(6379, Protocol::Tcp), (26379, Protocol::Tcp)],
                    },
                    EgressRule {
                        to: vec![],
                        ports: vec![(53, Protocol::Udp), (53, Protocol::Tcp)],
                    },
                ]),
                labels: labels(&[
                    ("app.kubernetes.io/component", "redis"),
                    ("app.kubernetes.io/name", "argocd-redis-ha"),
                    ("app.kubernetes.io/part-of", "argocd"),
                ]),
                ..Policy::new(
                    "argocd-redis-ha-server-network-policy",
                    labels(&[("app.kubernetes.io/name", "argocd-redis-ha")]),
                )
            },
            Policy {
                all_ports: true,
                labels: labels(&[
                    ("app.kubernetes.io/component", "server"),
                    ("app.kubernetes.io/name", "argocd-server"),
                    ("app.kubernetes.io/part-of", "argocd"),
                ]),
                ..Policy::new(
                    "argocd-server-network-policy",
                    labels(&[("app.kubernetes.io/name", "argocd-server")]),
                )
            },
        ],
        raw,
        ..Environment::default()
    }
}
