//! Environment `examples-old-cluster`, imported from `../shared/corpus/import/sourcegraph/examples/old-cluster` by `rustomize import`.

use rustomize::{
    App, BindingSpec, Config, Container, Env, Environment, Expose, ExposeType, FileSource, Files,
    Grant, Grantee, Image, ImageRef, Mount, Overlay, Port, Probe, Probes, PullPolicy, RawYaml,
    Resources, RoleSpec, Rollout, Rule, Security, ServiceAccount, ServiceAccountSpec, ServicePort,
    ServiceSpec, SharedConfig, Storage, Strategy, Volume, VolumeSource, Waiver, Workload, k8s,
    labels,
};

const SECURITY_EXCEPTION_2: &str = "imported: the original has a writable root filesystem, runs as root, allows privilege escalation, keeps the runtime's default capabilities, mounts the ServiceAccount token, and has no NetworkPolicy of its own";
const INDEX_DOCKER_IO: &str = "index.docker.io/sourcegraph/postgresql-16-codeinsights";
const SHA256_2: &str = "sha256:5946147e89c36775a1b03a005db4cdd6b557fd01efca70a90ad8f28eaf6f6749";
const SHA256_3: &str = "sha256:8b289f196018c54ead72552a02c3a29f14bf1e5e199065129f303db5d41aa653";
const DATA_SOURCE_NAME: &str = "postgres://postgres:@localhost:5432/?sslmode=disable";
const IMPORTED_THE_ORIGINAL_2: &str = "imported: the original commits this value in `../shared/corpus/import/sourcegraph/examples/old-cluster`; move it to a Secret";
const SHA256_5: &str = "sha256:83bab9e63d9eaa7a9052e095af64983aab2c87fb11e6157f4f05fe95d8c22c32";
const INDEX_DOCKER_IO_2: &str = "index.docker.io/sourcegraph/opentelemetry-collector";
const SHA256_6: &str = "sha256:7c748a36a25b165477f5633c2f92378c951d1f2310202b54da8725e97b4b77e4";
const CONFIG_ETC_OTEL: &str = "--config=/etc/otel-collector/configs/logging.yaml";
const SECURITY_EXCEPTION_5: &str = "imported: the original has a writable root filesystem, runs as the image's user, allows privilege escalation, keeps the runtime's default capabilities, mounts the ServiceAccount token, and has no NetworkPolicy of its own";
const PROMETHEUS_YML_2: &str = r#"global:
  scrape_interval: 30s
  evaluation_interval: 30s
alerting:
  alertmanagers:
    # Bundled Alertmanager, started by prom-wrapper
    - static_configs:
        - targets: ["127.0.0.1:9093"]
      path_prefix: /alertmanager
      # Uncomment the following to have alerts delivered to additional Alertmanagers discovered
      # in the cluster. This configuration is not required if you use Sourcegraph's built-in alerting:
      # https://docs.sourcegraph.com/admin/observability/alerting
      # - kubernetes_sd_configs:
      #  - role: endpoints
      #  relabel_configs:
      #    - source_labels: [__meta_kubernetes_service_name]
      #      regex: alertmanager
      #      action: keep
rule_files:
  - "*_rules.yml"
  - "/sg_config_prometheus/*_rules.yml"
  - "/sg_prometheus_add_ons/*_rules.yml"
# A scrape configuration for running Prometheus on a Kubernetes cluster.
# This uses separate scrape configs for cluster components (i.e. API server, node)
# and services to allow each to use different authentication configs.
#
# Kubernetes labels will be added as Prometheus labels on metrics via the
# `labelmap` relabeling action.
# Scrape config for API servers.
#
# Kubernetes exposes API servers as endpoints to the default/kubernetes
# service so this uses `endpoints` role and uses relabelling to only keep
# the endpoints associated with the default/kubernetes service using the
# default named port `https`. This works for single API server deployments as
# well as HA API server deployments.
scrape_configs:
  - job_name: "kubernetes-apiservers"
    kubernetes_sd_configs:
      - role: endpoints
    # Default to scraping over https. If required, just disable this or change to
    # `http`.
    scheme: https
    # This TLS & bearer token file config is used to connect to the actual scrape
    # endpoints for cluster components. This is separate to discovery auth
    # configuration because discovery & scraping are two separate concerns in
    # Prometheus. The discovery auth config is automatic if Prometheus runs inside
    # the cluster. Otherwise, more config options have to be provided within the
    # <kubernetes_sd_config>.
    tls_config:
      ca_file: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
      # If your node certificates are self-signed or use a different CA to the
      # master CA, then disable certificate verification below. Note that
      # certificate verification is an integral part of a secure infrastructure
      # so this should only be disabled in a controlled environment. You can
      # disable certificate verification by uncommenting the line below.
      #
      # insecure_skip_verify: true
    bearer_token_file: /var/run/secrets/kubernetes.io/serviceaccount/token
    # Keep only the default/kubernetes service endpoints for the https port. This
    # will add targets for each API server which Kubernetes adds an endpoint to
    # the default/kubernetes service.
    relabel_configs:
      - source_labels: [__meta_kubernetes_namespace, __meta_kubernetes_service_name, __meta_kubernetes_endpoint_port_name]
        action: keep
        regex: default;kubernetes;https
  - job_name: "kubernetes-nodes"
    # Default to scraping over https. If required, just disable this or change to
    # `http`.
    scheme: https
    # This TLS & bearer token file config is used to connect to the actual scrape
    # endpoints for cluster components. This is separate to discovery auth
    # configuration because discovery & scraping are two separate concerns in
    # Prometheus. The discovery auth config is automatic if Prometheus runs inside
    # the cluster. Otherwise, more config options have to be provided within the
    # <kubernetes_sd_config>.
    tls_config:
      ca_file: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
      # If your node certificates are self-signed or use a different CA to the
      # master CA, then disable certificate verification below. Note that
      # certificate verification is an integral part of a secure infrastructure
      # so this should only be disabled in a controlled environment. You can
      # disable certificate verification by uncommenting the line below.
      #
      insecure_skip_verify: true
    bearer_token_file: /var/run/secrets/kubernetes.io/serviceaccount/token
    kubernetes_sd_configs:
      - role: node
    relabel_configs:
      - action: labelmap
        regex: __meta_kubernetes_node_label_(.+)
      - target_label: __address__
        replacement: kubernetes.default.svc:443
      - source_labels: [__meta_kubernetes_node_name]
        regex: (.+)
        target_label: __metrics_path__
        replacement: /api/v1/nodes/${1}/proxy/metrics
  # Scrape config for service endpoints.
  #
  # The relabeling allows the actual service scrape endpoint to be configured
  # via the following annotations:
  #
  # * `sourcegraph.prometheus/scrape`: Only scrape services that have a value of `true`
  # * `prometheus.io/scheme`: If the metrics endpoint is secured then you will need
  # to set this to `https` & most likely set the `tls_config` of the scrape config.
  # * `prometheus.io/path`: If the metrics path is not `/metrics` override this.
  # * `prometheus.io/port`: If the metrics are exposed on a different port to the
  # service then set this appropriately.
  - job_name: "kubernetes-service-endpoints"
    kubernetes_sd_configs:
      - role: endpoints
    relabel_configs:
      # Sourcegraph specific customization, only scrape pods with our annotation
      - source_labels: [__meta_kubernetes_service_annotation_sourcegraph_prometheus_scrape]
        action: keep
        regex: true
      - source_labels: [__meta_kubernetes_service_annotation_prometheus_io_scheme]
        action: replace
        target_label: __scheme__
        regex: (https?)
      - source_labels: [__meta_kubernetes_service_annotation_prometheus_io_path]
        action: replace
        target_label: __metrics_path__
        regex: (.+)
      - source_labels: [__address__, __meta_kubernetes_service_annotation_prometheus_io_port]
        action: replace
        target_label: __address__
        regex: (.+)(?::\d+);(\d+)
        replacement: $1:$2
      - action: labelmap
        regex: __meta_kubernetes_service_label_(.+)
      - source_labels: [__meta_kubernetes_namespace]
        action: replace
        # Sourcegraph specific customization. We want a more convenient to type label.
        # target_label: kubernetes_namespace
        target_label: ns
      - source_labels: [__meta_kubernetes_service_name]
        action: replace
        target_label: kubernetes_name
      # Sourcegraph specific customization. We want a nicer name for job
      - source_labels: [app]
        action: replace
        target_label: job
      # Sourcegraph specific customization. We want a nicer name for instance
      - source_labels: [__meta_kubernetes_pod_name]
        action: replace
        target_label: instance
      # Sourcegraph specific customization. We want to add a label to every
      # metric that indicates the node it came from.
      - source_labels: [__meta_kubernetes_endpoint_node_name]
        action: replace
        target_label: nodename
    metric_relabel_configs:
      # Sourcegraph specific customization. Drop metrics with empty nodename responses from the k8s API
      - source_labels: [nodename]
        regex: ^$
        action: drop
  # Example scrape config for probing services via the Blackbox Exporter.
  #
  # The relabeling allows the actual service scrape endpoint to be configured
  # via the following annotations:
  #
  # * `prometheus.io/probe`: Only probe services that have a value of `true`
  - job_name: "kubernetes-services"
    metrics_path: /probe
    params:
      module: [http_2xx]
    kubernetes_sd_configs:
      - role: service
    relabel_configs:
      - source_labels: [__meta_kubernetes_service_annotation_prometheus_io_probe]
        action: keep
        regex: true
      - source_labels: [__address__]
        target_label: __param_target
      - target_label: __address__
        replacement: blackbox
      - source_labels: [__param_target]
        target_label: instance
      - action: labelmap
        regex: __meta_kubernetes_service_label_(.+)
      - source_labels: [__meta_kubernetes_service_namespace]
        # Sourcegraph specific customization. We want a more convenient to type label.
        # target_label: kubernetes_namespace
        target_label: ns
      - source_labels: [__meta_kubernetes_service_name]
        target_label: kubernetes_name
  # Example scrape config for pods
  #
  # The relabeling allows the actual pod scrape endpoint to be configured via the
  # following annotations:
  #
  # * `sourcegraph.prometheus/scrape`: Only scrape pods that have a value of `true`
  # * `prometheus.io/path`: If the metrics path is not `/metrics` override this.
  # * `prometheus.io/port`: Scrape the pod on the indicated port instead of the default of `9102`.
  - job_name: "kubernetes-pods"
    kubernetes_sd_configs:
      - role: pod
    relabel_configs:
      # Sourcegraph specific customization, only scrape pods with our annotation
      - source_labels: [__meta_kubernetes_pod_annotation_sourcegraph_prometheus_scrape]
        action: keep
        regex: true
      - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_path]
        action: replace
        target_label: __metrics_path__
        regex: (.+)
      - source_labels: [__address__, __meta_kubernetes_pod_annotation_prometheus_io_port]
        action: replace
        regex: (.+):(?:\d+);(\d+)
        replacement: ${1}:${2}
        target_label: __address__
      - action: labelmap
        regex: __meta_kubernetes_pod_label_(.+)
      - source_labels: [__meta_kubernetes_pod_name]
        action: replace
        target_label: kubernetes_pod_name
      # Sourcegraph specific customization. We want a more convenient to type label.
      # target_label: kubernetes_namespace
      - source_labels: [__meta_kubernetes_namespace]
        action: replace
        target_label: ns
      # Sourcegraph specific customization. We want to add a label to every
      # metric that indicates the node it came from.
      - source_labels: [__meta_kubernetes_pod_node_name]
        action: replace
        target_label: nodename
    metric_relabel_configs:
      # cAdvisor-specific customization. Drop container metrics exported by cAdvisor
      # not in the same namespace as Sourcegraph.
      # Uncomment this if you have problems with certain dashboards or cAdvisor itself
      # picking up non-Sourcegraph services. Ensure all Sourcegraph services are running
      # within the Sourcegraph namespace you have defined.
      # The regex must keep matches on '^$' (empty string) to ensure other metrics do not
      # get dropped.
      # - source_labels: [container_label_io_kubernetes_pod_namespace]
      #   regex: ^$|ns-sourcegraph # ensure this matches with namespace declarations
      #   action: keep
      # cAdvisor-specific customization. We want container metrics to be named after their container name label.
      # Note that 'io.kubernetes.container.name' and 'io.kubernetes.pod.name' must be provided in cAdvisor
      # '--whitelisted_container_labels' (see cadvisor.DaemonSet.yaml)
      - source_labels: [container_label_io_kubernetes_container_name, container_label_io_kubernetes_pod_name]
        regex: (.+)
        action: replace
        target_label: name
        separator: "-"
      # Sourcegraph specific customization. Drop metrics with empty nodename responses from the k8s API
      - source_labels: [nodename]
        regex: ^$
        action: drop
  # Scrape prometheus itself for metrics.
  - job_name: "builtin-prometheus"
    static_configs:
      - targets: ["127.0.0.1:9092"]
        labels:
          app: prometheus
  - job_name: "builtin-alertmanager"
    metrics_path: /alertmanager/metrics
    static_configs:
      - targets: ["127.0.0.1:9093"]
        labels:
          app: alertmanager
"#;
const DATASOURCES_YML_2: &str = r#"apiVersion: 1

datasources:
  - name: Prometheus
    type: prometheus
    access: proxy
    url: http://prometheus:30090
    isDefault: true
    editable: false
  - name: pgsql
    type: postgres
    url: $GRAFANA_PGSQL_HOST:$GRAFANA_PGSQL_PORT
    user: $GRAFANA_PGSQL_USER
    database: $GRAFANA_PGSQL_DATABASE
    secureJsonData:
      password: $GRAFANA_PGSQL_PASSWORD
    jsonData:
      sslmode: $GRAFANA_PGSQL_SSLMODE
"#;
const POSTGRESQL_CONF: &str = "# -----------------------------\n# PostgreSQL configuration file\n# -----------------------------\n#\n# This file consists of lines of the form:\n#\n#   name = value\n#\n# (The \"=\" is optional.)  Whitespace may be used.  Comments are introduced with\n# \"#\" anywhere on a line.  The complete list of parameter names and allowed\n# values can be found in the PostgreSQL documentation.\n#\n# The commented-out settings shown in this file represent the default values.\n# Re-commenting a setting is NOT sufficient to revert it to the default value;\n# you need to reload the server.\n#\n# This file is read on server startup and when the server receives a SIGHUP\n# signal.  If you edit the file on a running system, you have to SIGHUP the\n# server for the changes to take effect, run \"pg_ctl reload\", or execute\n# \"SELECT pg_reload_conf()\".  Some parameters, which are marked below,\n# require a server shutdown and restart to take effect.\n#\n# Any parameter can also be given as a command-line option to the server, e.g.,\n# \"postgres -c log_connections=on\".  Some parameters can be changed at run time\n# with the \"SET\" SQL command.\n#\n# Memory units:  kB = kilobytes        Time units:  ms  = milliseconds\n#                MB = megabytes                     s   = seconds\n#                GB = gigabytes                     min = minutes\n#                TB = terabytes                     h   = hours\n#                                                   d   = days\n\n\n#------------------------------------------------------------------------------\n# FILE LOCATIONS\n#------------------------------------------------------------------------------\n\n# The default values of these variables are driven from the -D command-line\n# option or PGDATA environment variable, represented here as ConfigDir.\n\n#data_directory = 'ConfigDir'                # use data in another directory\n          # (change requires restart)\n#hba_file = 'ConfigDir/pg_hba.conf'        # host-based authentication file\n          # (change requires restart)\n#ident_file = 'ConfigDir/pg_ident.conf'        # ident configuration file\n          # (change requires restart)\n\n# If external_pid_file is not explicitly set, no extra PID file is written.\n#external_pid_file = ''                        # write an extra PID file\n          # (change requires restart)\n\n\n#------------------------------------------------------------------------------\n# CONNECTIONS AND AUTHENTICATION\n#------------------------------------------------------------------------------\n\n# - Connection Settings -\n\nlisten_addresses = '*'\n          # comma-separated list of addresses;\n          # defaults to 'localhost'; use '*' for all\n          # (change requires restart)\n#port = 5432                                # (change requires restart)\nmax_connections = 20                        # (change requires restart)\n#superuser_reserved_connections = 3        # (change requires restart)\n#unix_socket_directories = '/var/run/postgresql'        # comma-separated list of directories\n          # (change requires restart)\n#unix_socket_group = ''                        # (change requires restart)\n#unix_socket_permissions = 0777                # begin with 0 to use octal notation\n          # (change requires restart)\n#bonjour = off                                # advertise server via Bonjour\n          # (change requires restart)\n#bonjour_name = ''                        # defaults to the computer name\n          # (change requires restart)\n\n# - TCP settings -\n# see \"man 7 tcp\" for details\n\n#tcp_keepalives_idle = 0                # TCP_KEEPIDLE, in seconds;\n          # 0 selects the system default\n#tcp_keepalives_interval = 0                # TCP_KEEPINTVL, in seconds;\n          # 0 selects the system default\n#tcp_keepalives_count = 0                # TCP_KEEPCNT;\n          # 0 selects the system default\n#tcp_user_timeout = 0                        # TCP_USER_TIMEOUT, in milliseconds;\n          # 0 selects the system default\n\n# - Authentication -\n\n#authentication_timeout = 1min                # 1s-600s\n#password_encryption = md5                # md5 or scram-sha-256\n#db_user_namespace = off\n\n# GSSAPI using Kerberos\n#krb_server_keyfile = ''\n#krb_caseins_users = off\n\n# - SSL -\n\n#ssl = off\n#ssl_ca_file = ''\n#ssl_cert_file = 'server.crt'\n#ssl_crl_file = ''\n#ssl_key_file = 'server.key'\n#ssl_ciphers = 'HIGH:MEDIUM:+3DES:!aNULL' # allowed SSL ciphers\n#ssl_prefer_server_ciphers = on\n#ssl_ecdh_curve = 'prime256v1'\n#ssl_min_protocol_version = 'TLSv1'\n#ssl_max_protocol_version = ''\n#ssl_dh_params_file = ''\n#ssl_passphrase_command = ''\n#ssl_passphrase_command_supports_reload = off\n\n\n#------------------------------------------------------------------------------\n# RESOURCE USAGE (except WAL)\n#------------------------------------------------------------------------------\n\n# - Memory -\n\nshared_buffers = 509546kB                        # min 128kB\n          # (change requires restart)\n#huge_pages = try                        # on, off, or try\n          # (change requires restart)\n#temp_buffers = 8MB                        # min 800kB\n#max_prepared_transactions = 0                # zero disables the feature\n          # (change requires restart)\n# Caution: it is not advisable to set max_prepared_transactions nonzero unless\n# you actively intend to use prepared transactions.\nwork_mem = 3184kB                                # min 64kB\nmaintenance_work_mem = 254773kB                # min 1MB\n#autovacuum_work_mem = -1                # min 1MB, or -1 to use maintenance_work_mem\n#max_stack_depth = 2MB                        # min 100kB\n#shared_memory_type = mmap                # the default is the first option\n          # supported by the operating system:\n          #   mmap\n          #   sysv\n          #   windows\n          # (change requires restart)\ndynamic_shared_memory_type = posix        # the default is the first option\n          # supported by the operating system:\n          #   posix\n          #   sysv\n          #   windows\n          #   mmap\n          # (change requires restart)\n\n# - Disk -\n\n#temp_file_limit = -1                        # limits per-process temp file space\n          # in kB, or -1 for no limit\n\n# - Kernel Resources -\n\n#max_files_per_process = 1000                # min 25\n          # (change requires restart)\n\n# - Cost-Based Vacuum Delay -\n\n#vacuum_cost_delay = 0                        # 0-100 milliseconds (0 disables)\n#vacuum_cost_page_hit = 1                # 0-10000 credits\n#vacuum_cost_page_miss = 10                # 0-10000 credits\n#vacuum_cost_page_dirty = 20                # 0-10000 credits\n#vacuum_cost_limit = 200                # 1-10000 credits\n\n# - Background Writer -\n\n#bgwriter_delay = 200ms                        # 10-10000ms between rounds\n#bgwriter_lru_maxpages = 100                # max buffers written/round, 0 disables\n#bgwriter_lru_multiplier = 2.0                # 0-10.0 multiplier on buffers scanned/round\n#bgwriter_flush_after = 512kB                # measured in pages, 0 disables\n\n# - Asynchronous Behavior -\n\neffective_io_concurrency = 200                # 1-1000; 0 disables prefetching\nmax_worker_processes = 19                # (change requires restart)\n#max_parallel_maintenance_workers = 2        # taken from max_parallel_workers\nmax_parallel_workers_per_gather = 4        # taken from max_parallel_workers\n#parallel_leader_participation = on\nmax_parallel_workers = 8                # maximum number of max_worker_processes that\n          # can be used in parallel operations\n#old_snapshot_threshold = -1                # 1min-60d; -1 disables; 0 is immediate\n          # (change requires restart)\n#backend_flush_after = 0                # measured in pages, 0 disables\n\n\n#------------------------------------------------------------------------------\n# WRITE-AHEAD LOG\n#------------------------------------------------------------------------------\n\n# - Settings -\n\n#wal_level = replica                        # minimal, replica, or logical\n          # (change requires restart)\n#fsync = on                                # flush data to disk for crash safety\n          # (turning this off can cause\n          # unrecoverable data corruption)\n#synchronous_commit = on                # synchronization level;\n          # off, local, remote_write, remote_apply, or on\n#wal_sync_method = fsync                # the default is the first option\n          # supported by the operating system:\n          #   open_datasync\n          #   fdatasync (default on Linux)\n          #   fsync\n          #   fsync_writethrough\n          #   open_sync\n#full_page_writes = on                        # recover from partial page writes\n#wal_compression = off                        # enable compression of full-page writes\n#wal_log_hints = off                        # also do full page writes of non-critical updates\n          # (change requires restart)\n#wal_init_zero = on                        # zero-fill new WAL files\n#wal_recycle = on                        # recycle WAL files\nwal_buffers = 15285kB                        # min 32kB, -1 sets based on shared_buffers\n          # (change requires restart)\n#wal_writer_delay = 200ms                # 1-10000 milliseconds\n#wal_writer_flush_after = 1MB                # measured in pages, 0 disables\n\n#commit_delay = 0                        # range 0-100000, in microseconds\n#commit_siblings = 5                        # range 1-1000\n\n# - Checkpoints -\n\n#checkpoint_timeout = 5min                # range 30s-1d\nmax_wal_size = 1GB\nmin_wal_size = 512MB\ncheckpoint_completion_target = 0.9        # checkpoint target duration, 0.0 - 1.0\n#checkpoint_flush_after = 256kB                # measured in pages, 0 disables\n#checkpoint_warning = 30s                # 0 disables\n\n# - Archiving -\n\n#archive_mode = off                # enables archiving; off, on, or always\n        # (change requires restart)\n#archive_command = ''                # command to use to archive a logfile segment\n        # placeholders: %p = path of file to archive\n        #               %f = file name only\n        # e.g. 'test ! -f /mnt/server/archivedir/%f && cp %p /mnt/server/archivedir/%f'\n#archive_timeout = 0                # force a logfile segment switch after this\n        # number of seconds; 0 disables\n\n# - Archive Recovery -\n\n# These are only used in recovery mode.\n\n#restore_command = ''                # command to use to restore an archived logfile segment\n        # placeholders: %p = path of file to restore\n        #               %f = file name only\n        # e.g. 'cp /mnt/server/archivedir/%f %p'\n        # (change requires restart)\n#archive_cleanup_command = ''        # command to execute at every restartpoint\n#recovery_end_command = ''        # command to execute at completion of recovery\n\n# - Recovery Target -\n\n# Set these only when performing a targeted recovery.\n\n#recovery_target = ''                # 'immediate' to end recovery as soon as a\n                                # consistent state is reached\n        # (change requires restart)\n#recovery_target_name = ''        # the named restore point to which recovery will proceed\n        # (change requires restart)\n#recovery_target_time = ''        # the time stamp up to which recovery will proceed\n        # (change requires restart)\n#recovery_target_xid = ''        # the transaction ID up to which recovery will proceed\n        # (change requires restart)\n#recovery_target_lsn = ''        # the WAL LSN up to which recovery will proceed\n        # (change requires restart)\n#recovery_target_inclusive = on # Specifies whether to stop:\n        # just after the specified recovery target (on)\n        # just before the recovery target (off)\n        # (change requires restart)\n#recovery_target_timeline = 'latest'        # 'current', 'latest', or timeline ID\n        # (change requires restart)\n#recovery_target_action = 'pause'        # 'pause', 'promote', 'shutdown'\n        # (change requires restart)\n\n\n#------------------------------------------------------------------------------\n# REPLICATION\n#------------------------------------------------------------------------------\n\n# - Sending Servers -\n\n# Set these on the master and on any standby that will send replication data.\n\n#max_wal_senders = 10                # max number of walsender processes\n        # (change requires restart)\n#wal_keep_segments = 0                # in logfile segments; 0 disables\n#wal_sender_timeout = 60s        # in milliseconds; 0 disables\n\n#max_replication_slots = 10        # max number of replication slots\n        # (change requires restart)\n#track_commit_timestamp = off        # collect timestamp of transaction commit\n        # (change requires restart)\n\n# - Master Server -\n\n# These settings are ignored on a standby server.\n\n#synchronous_standby_names = ''        # standby servers that provide sync rep\n        # method to choose sync standbys, number of sync standbys,\n        # and comma-separated list of application_name\n        # from standby(s); '*' = all\n#vacuum_defer_cleanup_age = 0        # number of xacts by which cleanup is delayed\n\n# - Standby Servers -\n\n# These settings are ignored on a master server.\n\n#primary_conninfo = ''                        # connection string to sending server\n          # (change requires restart)\n#primary_slot_name = ''                        # replication slot on sending server\n          # (change requires restart)\n#promote_trigger_file = ''                # file name whose presence ends recovery\n#hot_standby = on                        # \"off\" disallows queries during recovery\n          # (change requires restart)\n#max_standby_archive_delay = 30s        # max delay before canceling queries\n          # when reading WAL from archive;\n          # -1 allows indefinite delay\n#max_standby_streaming_delay = 30s        # max delay before canceling queries\n          # when reading streaming WAL;\n          # -1 allows indefinite delay\n#wal_receiver_status_interval = 10s        # send replies at least this often\n          # 0 disables\n#hot_standby_feedback = off                # send info from standby to prevent\n          # query conflicts\n#wal_receiver_timeout = 60s                # time that receiver waits for\n          # communication from master\n          # in milliseconds; 0 disables\n#wal_retrieve_retry_interval = 5s        # time to wait before retrying to\n          # retrieve WAL after a failed attempt\n#recovery_min_apply_delay = 0                # minimum delay for applying changes during recovery\n\n# - Subscribers -\n\n# These settings are ignored on a publisher.\n\n#max_logical_replication_workers = 4        # taken from max_worker_processes\n          # (change requires restart)\n#max_sync_workers_per_subscription = 2        # taken from max_logical_replication_workers\n\n\n#------------------------------------------------------------------------------\n# QUERY TUNING\n#------------------------------------------------------------------------------\n\n# - Planner Method Configuration -\n\n#enable_bitmapscan = on\n#enable_hashagg = on\n#enable_hashjoin = on\n#enable_indexscan = on\n#enable_indexonlyscan = on\n#enable_material = on\n#enable_mergejoin = on\n#enable_nestloop = on\n#enable_parallel_append = on\n#enable_seqscan = on\n#enable_sort = on\n#enable_tidscan = on\n#enable_partitionwise_join = off\n#enable_partitionwise_aggregate = off\n#enable_parallel_hash = on\n#enable_partition_pruning = on\n\n# - Planner Cost Constants -\n\n#seq_page_cost = 1.0                        # measured on an arbitrary scale\nrandom_page_cost = 1.1                        # same scale as above\n#cpu_tuple_cost = 0.01                        # same scale as above\n#cpu_index_tuple_cost = 0.005                # same scale as above\n#cpu_operator_cost = 0.0025                # same scale as above\n#parallel_tuple_cost = 0.1                # same scale as above\n#parallel_setup_cost = 1000.0        # same scale as above\n\n#jit_above_cost = 100000                # perform JIT compilation if available\n          # and query more expensive than this;\n          # -1 disables\n#jit_inline_above_cost = 500000                # inline small functions if query is\n          # more expensive than this; -1 disables\n#jit_optimize_above_cost = 500000        # use expensive JIT optimizations if\n          # query is more expensive than this;\n          # -1 disables\n\n#min_parallel_table_scan_size = 8MB\n#min_parallel_index_scan_size = 512kB\neffective_cache_size = 1492MB\n\n# - Genetic Query Optimizer -\n\n#geqo = on\n#geqo_threshold = 12\n#geqo_effort = 5                        # range 1-10\n#geqo_pool_size = 0                        # selects default based on effort\n#geqo_generations = 0                        # selects default based on effort\n#geqo_selection_bias = 2.0                # range 1.5-2.0\n#geqo_seed = 0.0                        # range 0.0-1.0\n\n# - Other Planner Options -\n\ndefault_statistics_target = 500        # range 1-10000\n#constraint_exclusion = partition        # on, off, or partition\n#cursor_tuple_fraction = 0.1                # range 0.0-1.0\n#from_collapse_limit = 8\n#join_collapse_limit = 8                # 1 disables collapsing of explicit\n          # JOIN clauses\n#force_parallel_mode = off\n#jit = on                                # allow JIT compilation\n#plan_cache_mode = auto                        # auto, force_generic_plan or\n          # force_custom_plan\n\n\n#------------------------------------------------------------------------------\n# REPORTING AND LOGGING\n#------------------------------------------------------------------------------\n\n# - Where to Log -\n\n#log_destination = 'stderr'                # Valid values are combinations of\n          # stderr, csvlog, syslog, and eventlog,\n          # depending on platform.  csvlog\n          # requires logging_collector to be on.\n\n# This is used when logging to stderr:\n#logging_collector = off                # Enable capturing of stderr and csvlog\n          # into log files. Required to be on for\n          # csvlogs.\n          # (change requires restart)\n\n# These are only used if logging_collector is on:\n#log_directory = 'log'                        # directory where log files are written,\n          # can be absolute or relative to PGDATA\n#log_filename = 'postgresql-%Y-%m-%d_%H%M%S.log'        # log file name pattern,\n          # can include strftime() escapes\n#log_file_mode = 0600                        # creation mode for log files,\n          # begin with 0 to use octal notation\n#log_truncate_on_rotation = off                # If on, an existing log file with the\n          # same name as the new log file will be\n          # truncated rather than appended to.\n          # But such truncation only occurs on\n          # time-driven rotation, not on restarts\n          # or size-driven rotation.  Default is\n          # off, meaning append to existing files\n          # in all cases.\n#log_rotation_age = 1d                        # Automatic rotation of logfiles will\n          # happen after that time.  0 disables.\n#log_rotation_size = 10MB                # Automatic rotation of logfiles will\n          # happen after that much log output.\n          # 0 disables.\n\n# These are relevant when logging to syslog:\n#syslog_facility = 'LOCAL0'\n#syslog_ident = 'postgres'\n#syslog_sequence_numbers = on\n#syslog_split_messages = on\n\n# This is only relevant when logging to eventlog (win32):\n# (change requires restart)\n#event_source = 'PostgreSQL'\n\n# - When to Log -\n\n#log_min_messages = warning                # values in order of decreasing detail:\n          #   debug5\n          #   debug4\n          #   debug3\n          #   debug2\n          #   debug1\n          #   info\n          #   notice\n          #   warning\n          #   error\n          #   log\n          #   fatal\n          #   panic\n\n#log_min_error_statement = error        # values in order of decreasing detail:\n          #   debug5\n          #   debug4\n          #   debug3\n          #   debug2\n          #   debug1\n          #   info\n          #   notice\n          #   warning\n          #   error\n          #   log\n          #   fatal\n          #   panic (effectively off)\n\n#log_min_duration_statement = -1        # -1 is disabled, 0 logs all statements\n          # and their durations, > 0 logs only\n          # statements running at least this number\n          # of milliseconds\n\n#log_transaction_sample_rate = 0.0        # Fraction of transactions whose statements\n          # are logged regardless of their duration. 1.0 logs all\n          # statements from all transactions, 0.0 never logs.\n\n# - What to Log -\n\n#debug_print_parse = off\n#debug_print_rewritten = off\n#debug_print_plan = off\n#debug_pretty_print = on\n#log_checkpoints = off\n#log_connections = off\n#log_disconnections = off\n#log_duration = off\n#log_error_verbosity = default                # terse, default, or verbose messages\n#log_hostname = off\n#log_line_prefix = '%m [%p] '                # special values:\n          #   %a = application name\n          #   %u = user name\n          #   %d = database name\n          #   %r = remote host and port\n          #   %h = remote host\n          #   %p = process ID\n          #   %t = timestamp without milliseconds\n          #   %m = timestamp with milliseconds\n          #   %n = timestamp with milliseconds (as a Unix epoch)\n          #   %i = command tag\n          #   %e = SQL state\n          #   %c = session ID\n          #   %l = session line number\n          #   %s = session start timestamp\n          #   %v = virtual transaction ID\n          #   %x = transaction ID (0 if none)\n          #   %q = stop here in non-session\n          #        processes\n          #   %% = '%'\n          # e.g. '<%u%%%d> '\n#log_lock_waits = off                        # log lock waits >= deadlock_timeout\n#log_statement = 'none'                        # none, ddl, mod, all\n#log_replication_commands = off\n#log_temp_files = -1                        # log temporary files equal or larger\n          # than the specified size in kilobytes;\n          # -1 disables, 0 logs all temp files\nlog_timezone = 'UTC'\n\n#------------------------------------------------------------------------------\n# PROCESS TITLE\n#------------------------------------------------------------------------------\n\n#cluster_name = ''                        # added to process titles if nonempty\n          # (change requires restart)\n#update_process_title = on\n\n\n#------------------------------------------------------------------------------\n# STATISTICS\n#------------------------------------------------------------------------------\n\n# - Query and Index Statistics Collector -\n\n#track_activities = on\n#track_counts = on\n#track_io_timing = off\n#track_functions = none                        # none, pl, all\n#track_activity_query_size = 1024        # (change requires restart)\n#stats_temp_directory = 'pg_stat_tmp'\n\n\n# - Monitoring -\n\n#log_parser_stats = off\n#log_planner_stats = off\n#log_executor_stats = off\n#log_statement_stats = off\n\n\n#------------------------------------------------------------------------------\n# AUTOVACUUM\n#------------------------------------------------------------------------------\n\n#autovacuum = on                        # Enable autovacuum subprocess?  'on'\n          # requires track_counts to also be on.\n#log_autovacuum_min_duration = -1        # -1 disables, 0 logs all actions and\n          # their durations, > 0 logs only\n          # actions running at least this number\n          # of milliseconds.\nautovacuum_max_workers = 10                # max number of autovacuum subprocesses\n          # (change requires restart)\nautovacuum_naptime = 10                # time between autovacuum runs\n#autovacuum_vacuum_threshold = 50        # min number of row updates before\n          # vacuum\n#autovacuum_analyze_threshold = 50        # min number of row updates before\n          # analyze\n#autovacuum_vacuum_scale_factor = 0.2        # fraction of table size before vacuum\n#autovacuum_analyze_scale_factor = 0.1        # fraction of table size before analyze\n#autovacuum_freeze_max_age = 200000000        # maximum XID age before forced vacuum\n          # (change requires restart)\n#autovacuum_multixact_freeze_max_age = 400000000        # maximum multixact age\n          # before forced vacuum\n          # (change requires restart)\n#autovacuum_vacuum_cost_delay = 2ms        # default vacuum cost delay for\n          # autovacuum, in milliseconds;\n          # -1 means use vacuum_cost_delay\n#autovacuum_vacuum_cost_limit = -1        # default vacuum cost limit for\n          # autovacuum, -1 means use\n          # vacuum_cost_limit\n\n\n#------------------------------------------------------------------------------\n# CLIENT CONNECTION DEFAULTS\n#------------------------------------------------------------------------------\n\n# - Statement Behavior -\n\n#client_min_messages = notice                # values in order of decreasing detail:\n          #   debug5\n          #   debug4\n          #   debug3\n          #   debug2\n          #   debug1\n          #   log\n          #   notice\n          #   warning\n          #   error\n#search_path = '\"$user\", public'        # schema names\n#row_security = on\n#default_tablespace = ''                # a tablespace name, '' uses the default\n#temp_tablespaces = ''                        # a list of tablespace names, '' uses\n          # only default tablespace\n#default_table_access_method = 'heap'\n#check_function_bodies = on\n#default_transaction_isolation = 'read committed'\n#default_transaction_read_only = off\n#default_transaction_deferrable = off\n#session_replication_role = 'origin'\n#statement_timeout = 0                        # in milliseconds, 0 is disabled\n#lock_timeout = 0                        # in milliseconds, 0 is disabled\n#idle_in_transaction_session_timeout = 0        # in milliseconds, 0 is disabled\n#vacuum_freeze_min_age = 50000000\n#vacuum_freeze_table_age = 150000000\n#vacuum_multixact_freeze_min_age = 5000000\n#vacuum_multixact_freeze_table_age = 150000000\n#vacuum_cleanup_index_scale_factor = 0.1        # fraction of total number of tuples\n            # before index cleanup, 0 always performs\n            # index cleanup\n#bytea_output = 'hex'                        # hex, escape\n#xmlbinary = 'base64'\n#xmloption = 'content'\n#gin_fuzzy_search_limit = 0\n#gin_pending_list_limit = 4MB\n\n# - Locale and Formatting -\n\ndatestyle = 'iso, mdy'\n#intervalstyle = 'postgres'\ntimezone = 'UTC'\n#timezone_abbreviations = 'Default'     # Select the set of available time zone\n          # abbreviations.  Currently, there are\n          #   Default\n          #   Australia (historical usage)\n          #   India\n          # You can create your own file in\n          # share/timezonesets/.\n#extra_float_digits = 1                        # min -15, max 3; any value >0 actually\n          # selects precise output mode\n#client_encoding = sql_ascii                # actually, defaults to database\n          # encoding\n\n# These settings are initialized by initdb, but they can be changed.\nlc_messages = 'en_US.utf8'                        # locale for system error message\n          # strings\nlc_monetary = 'en_US.utf8'                        # locale for monetary formatting\nlc_numeric = 'en_US.utf8'                        # locale for number formatting\nlc_time = 'en_US.utf8'                                # locale for time formatting\n\n# default configuration for text search\ndefault_text_search_config = 'pg_catalog.english'\n\n# - Shared Library Preloading -\n\nshared_preload_libraries = ''        # (change requires restart)\n#local_preload_libraries = ''\n#session_preload_libraries = ''\n#jit_provider = 'llvmjit'                # JIT library to use\n\n# - Other Defaults -\n\n#dynamic_library_path = '$libdir'\n\n\n#------------------------------------------------------------------------------\n# LOCK MANAGEMENT\n#------------------------------------------------------------------------------\n\n#deadlock_timeout = 1s\nmax_locks_per_transaction = 64                # min 10\n          # (change requires restart)\n#max_pred_locks_per_transaction = 64        # min 10\n          # (change requires restart)\n#max_pred_locks_per_relation = -2        # negative values mean\n          # (max_pred_locks_per_transaction\n          #  / -max_pred_locks_per_relation) - 1\n#max_pred_locks_per_page = 2            # min 0\n\n\n#------------------------------------------------------------------------------\n# VERSION AND PLATFORM COMPATIBILITY\n#------------------------------------------------------------------------------\n\n# - Previous PostgreSQL Versions -\n\n#array_nulls = on\n#backslash_quote = safe_encoding        # on, off, or safe_encoding\n#escape_string_warning = on\n#lo_compat_privileges = off\n#operator_precedence_warning = off\n#quote_all_identifiers = off\n#standard_conforming_strings = on\n#synchronize_seqscans = on\n\n# - Other Platforms and Clients -\n\n#transform_null_equals = off\n\n\n#------------------------------------------------------------------------------\n# ERROR HANDLING\n#------------------------------------------------------------------------------\n\n#exit_on_error = off                        # terminate session on any error?\n#restart_after_crash = on                # reinitialize after backend crash?\n#data_sync_retry = off                        # retry or panic on failure to fsync\n          # data?\n          # (change requires restart)\n\n\n#------------------------------------------------------------------------------\n# CONFIG FILE INCLUDES\n#------------------------------------------------------------------------------\n\n# These options allow settings to be loaded from files other than the\n# default postgresql.conf.  Note that these are directives, not variable\n# assignments, so they can usefully be given more than once.\n\n#include_dir = '...'                        # include files ending in '.conf' from\n          # a directory, e.g., 'conf.d'\n#include_if_exists = '...'                # include file only if it exists\n#include = '...'                        # include file\n\n\n#------------------------------------------------------------------------------\n# CUSTOMIZED OPTIONS\n#------------------------------------------------------------------------------\n\n# Add settings for extensions here\n";
const POSTGRESQL_CONF_2: &str = "# -----------------------------\n# PostgreSQL configuration file\n# -----------------------------\n# SOURCEGRAPH CUSTOMIZATIONS CONTAIN \"# SG CUSTOM\" in the comment\n#\n# This file consists of lines of the form:\n#\n#   name = value\n#\n# (The \"=\" is optional.)  Whitespace may be used.  Comments are introduced with\n# \"#\" anywhere on a line.  The complete list of parameter names and allowed\n# values can be found in the PostgreSQL documentation.\n#\n# The commented-out settings shown in this file represent the default values.\n# Re-commenting a setting is NOT sufficient to revert it to the default value;\n# you need to reload the server.\n#\n# This file is read on server startup and when the server receives a SIGHUP\n# signal.  If you edit the file on a running system, you have to SIGHUP the\n# server for the changes to take effect, run \"pg_ctl reload\", or execute\n# \"SELECT pg_reload_conf()\".  Some parameters, which are marked below,\n# require a server shutdown and restart to take effect.\n#\n# Any parameter can also be given as a command-line option to the server, e.g.,\n# \"postgres -c log_connections=on\".  Some parameters can be changed at run time\n# with the \"SET\" SQL command.\n#\n# Memory units:  kB = kilobytes        Time units:  ms  = milliseconds\n#                MB = megabytes                     s   = seconds\n#                GB = gigabytes                     min = minutes\n#                TB = terabytes                     h   = hours\n#                                                   d   = days\n\n\n#------------------------------------------------------------------------------\n# FILE LOCATIONS\n#------------------------------------------------------------------------------\n\n# The default values of these variables are driven from the -D command-line\n# option or PGDATA environment variable, represented here as ConfigDir.\n\n#data_directory = 'ConfigDir'                # use data in another directory\n                                        # (change requires restart)\n#hba_file = 'ConfigDir/pg_hba.conf'        # host-based authentication file\n                                        # (change requires restart)\n#ident_file = 'ConfigDir/pg_ident.conf'        # ident configuration file\n                                        # (change requires restart)\n\n# If external_pid_file is not explicitly set, no extra PID file is written.\n#external_pid_file = ''                        # write an extra PID file\n                                        # (change requires restart)\n\n\n#------------------------------------------------------------------------------\n# CONNECTIONS AND AUTHENTICATION\n#------------------------------------------------------------------------------\n\n# - Connection Settings -\n\nlisten_addresses = '*'\n                                        # comma-separated list of addresses;\n                                        # defaults to 'localhost'; use '*' for all\n                                        # (change requires restart)\n#port = 5432                                # (change requires restart)\nmax_connections = 100                        # (change requires restart)\n#superuser_reserved_connections = 3        # (change requires restart)\n#unix_socket_directories = '/var/run/postgresql'        # comma-separated list of directories\n                                        # (change requires restart)\n#unix_socket_group = ''                        # (change requires restart)\n#unix_socket_permissions = 0777                # begin with 0 to use octal notation\n                                        # (change requires restart)\n#bonjour = off                                # advertise server via Bonjour\n                                        # (change requires restart)\n#bonjour_name = ''                        # defaults to the computer name\n                                        # (change requires restart)\n\n# - TCP Keepalives -\n# see \"man 7 tcp\" for details\n\n#tcp_keepalives_idle = 0                # TCP_KEEPIDLE, in seconds;\n                                        # 0 selects the system default\n#tcp_keepalives_interval = 0                # TCP_KEEPINTVL, in seconds;\n                                        # 0 selects the system default\n#tcp_keepalives_count = 0                # TCP_KEEPCNT;\n                                        # 0 selects the system default\n\n# - Authentication -\n\n#authentication_timeout = 1min                # 1s-600s\n#password_encryption = md5                # md5 or scram-sha-256\n#db_user_namespace = off\n\n# GSSAPI using Kerberos\n#krb_server_keyfile = ''\n#krb_caseins_users = off\n\n# - SSL -\n\n#ssl = off\n#ssl_ca_file = ''\n#ssl_cert_file = 'server.crt'\n#ssl_crl_file = ''\n#ssl_key_file = 'server.key'\n#ssl_ciphers = 'HIGH:MEDIUM:+3DES:!aNULL' # allowed SSL ciphers\n#ssl_prefer_server_ciphers = on\n#ssl_ecdh_curve = 'prime256v1'\n#ssl_dh_params_file = ''\n#ssl_passphrase_command = ''\n#ssl_passphrase_command_supports_reload = off\n\n\n#------------------------------------------------------------------------------\n# RESOURCE USAGE (except WAL)\n#------------------------------------------------------------------------------\n\n# - Memory -\n\nshared_buffers = 1GB # SG CUSTOM min 128kB\n                                        # (change requires restart)\n#huge_pages = try                        # on, off, or try\n                                        # (change requires restart)\n#temp_buffers = 8MB                        # min 800kB\n#max_prepared_transactions = 0                # zero disables the feature\n                                        # (change requires restart)\n# Caution: it is not advisable to set max_prepared_transactions nonzero unless\n# you actively intend to use prepared transactions.\nwork_mem = 5MB                                # SG CUSTOM min 64kB\nmaintenance_work_mem = 250MB                # SG CUSTOM min 1MB\n#autovacuum_work_mem = -1                # min 1MB, or -1 to use maintenance_work_mem\n#max_stack_depth = 2MB                        # min 100kB\ndynamic_shared_memory_type = posix        # the default is the first option\n                                        # supported by the operating system:\n                                        #   posix\n                                        #   sysv\n                                        #   windows\n                                        #   mmap\n                                        # use none to disable dynamic shared memory\n                                        # (change requires restart)\n\n# - Disk -\n\ntemp_file_limit = 20GB                # SG CUSTOM limits per-process temp file space\n                                        # in kB, or -1 for no limit\n\n# - Kernel Resources -\n\n#max_files_per_process = 1000                # min 25\n                                        # (change requires restart)\n\n# - Cost-Based Vacuum Delay -\n\n#vacuum_cost_delay = 0                        # 0-100 milliseconds\n#vacuum_cost_page_hit = 1                # 0-10000 credits\n#vacuum_cost_page_miss = 10                # 0-10000 credits\n#vacuum_cost_page_dirty = 20                # 0-10000 credits\n#vacuum_cost_limit = 200                # 1-10000 credits\n\n# - Background Writer -\n\nbgwriter_delay = 50ms # SG CUSTOM 10-10000ms between rounds\nbgwriter_lru_maxpages = 200                # SG CUSTOM max buffers written/round, 0 disables\n\n#bgwriter_lru_multiplier = 2.0                # 0-10.0 multiplier on buffers scanned/round\n#bgwriter_flush_after = 512kB                # measured in pages, 0 disables\n\n# - Asynchronous Behavior -\n\neffective_io_concurrency = 200                # 1-1000; 0 disables prefetching\nmax_worker_processes = 4                # SG CUSTOM (change requires restart)\nmax_parallel_maintenance_workers = 4        # SG CUSTOM taken from max_parallel_workers\nmax_parallel_workers_per_gather = 2        # SG CUSTOM taken from max_parallel_workers\n#parallel_leader_participation = on\nmax_parallel_workers = 4                # SG CUSTOM maximum number of max_worker_processes that\n                                        # can be used in parallel operations\n#old_snapshot_threshold = -1                # 1min-60d; -1 disables; 0 is immediate\n                                        # (change requires restart)\n#backend_flush_after = 0                # measured in pages, 0 disables\n\n\n#------------------------------------------------------------------------------\n# WRITE-AHEAD LOG\n#------------------------------------------------------------------------------\n\n# - Settings -\n\n#wal_level = replica                        # minimal, replica, or logical\n                                        # (change requires restart)\n#fsync = on                                # flush data to disk for crash safety\n                                        # (turning this off can cause\n                                        # unrecoverable data corruption)\n#synchronous_commit = on                # synchronization level;\n                                        # off, local, remote_write, remote_apply, or on\n#wal_sync_method = fsync                # the default is the first option\n                                        # supported by the operating system:\n                                        #   open_datasync\n                                        #   fdatasync (default on Linux)\n                                        #   fsync\n                                        #   fsync_writethrough\n                                        #   open_sync\n#full_page_writes = on                        # recover from partial page writes\n#wal_compression = off                        # enable compression of full-page writes\n#wal_log_hints = off                        # also do full page writes of non-critical updates\n                                        # (change requires restart)\nwal_buffers = 16MB                # SG CUSTOM min 32kB, -1 sets based on shared_buffers\n                                        # (change requires restart)\n#wal_writer_delay = 200ms                # 1-10000 milliseconds\n#wal_writer_flush_after = 1MB                # measured in pages, 0 disables\n\n#commit_delay = 0                        # range 0-100000, in microseconds\n#commit_siblings = 5                        # range 1-1000\n\n# - Checkpoints -\n\n#checkpoint_timeout = 5min                # range 30s-1d\nmax_wal_size = 8GB      # SG CUSTOM\nmin_wal_size = 2GB      # SG CUSTOM\n#checkpoint_completion_target = 0.5        # checkpoint target duration, 0.0 - 1.0\n#checkpoint_flush_after = 256kB                # measured in pages, 0 disables\n#checkpoint_warning = 30s                # 0 disables\n\n# - Archiving -\n\n#archive_mode = off                # enables archiving; off, on, or always\n                                # (change requires restart)\n#archive_command = ''                # command to use to archive a logfile segment\n                                # placeholders: %p = path of file to archive\n                                #               %f = file name only\n                                # e.g. 'test ! -f /mnt/server/archivedir/%f && cp %p /mnt/server/archivedir/%f'\n#archive_timeout = 0                # force a logfile segment switch after this\n                                # number of seconds; 0 disables\n\n\n#------------------------------------------------------------------------------\n# REPLICATION\n#------------------------------------------------------------------------------\n\n# - Sending Servers -\n\n# Set these on the master and on any standby that will send replication data.\n\n#max_wal_senders = 10                # max number of walsender processes\n                                # (change requires restart)\n#wal_keep_segments = 0                # in logfile segments; 0 disables\n#wal_sender_timeout = 60s        # in milliseconds; 0 disables\n\n#max_replication_slots = 10        # max number of replication slots\n                                # (change requires restart)\n#track_commit_timestamp = off        # collect timestamp of transaction commit\n                                # (change requires restart)\n\n# - Master Server -\n\n# These settings are ignored on a standby server.\n\n#synchronous_standby_names = ''        # standby servers that provide sync rep\n                                # method to choose sync standbys, number of sync standbys,\n                                # and comma-separated list of application_name\n                                # from standby(s); '*' = all\n#vacuum_defer_cleanup_age = 0        # number of xacts by which cleanup is delayed\n\n# - Standby Servers -\n\n# These settings are ignored on a master server.\n\n#hot_standby = on                        # \"off\" disallows queries during recovery\n                                        # (change requires restart)\n#max_standby_archive_delay = 30s        # max delay before canceling queries\n                                        # when reading WAL from archive;\n                                        # -1 allows indefinite delay\n#max_standby_streaming_delay = 30s        # max delay before canceling queries\n                                        # when reading streaming WAL;\n                                        # -1 allows indefinite delay\n#wal_receiver_status_interval = 10s        # send replies at least this often\n                                        # 0 disables\n#hot_standby_feedback = off                # send info from standby to prevent\n                                        # query conflicts\n#wal_receiver_timeout = 60s                # time that receiver waits for\n                                        # communication from master\n                                        # in milliseconds; 0 disables\n#wal_retrieve_retry_interval = 5s        # time to wait before retrying to\n                                        # retrieve WAL after a failed attempt\n\n# - Subscribers -\n\n# These settings are ignored on a publisher.\n\n#max_logical_replication_workers = 4        # taken from max_worker_processes\n                                        # (change requires restart)\n#max_sync_workers_per_subscription = 2        # taken from max_logical_replication_workers\n\n\n#------------------------------------------------------------------------------\n# QUERY TUNING\n#------------------------------------------------------------------------------\n\n# - Planner Method Configuration -\n\n#enable_bitmapscan = on\n#enable_hashagg = on\n#enable_hashjoin = on\n#enable_indexscan = on\n#enable_indexonlyscan = on\n#enable_material = on\n#enable_mergejoin = on\n#enable_nestloop = on\n#enable_parallel_append = on\n#enable_seqscan = on\n#enable_sort = on\n#enable_tidscan = on\n#enable_partitionwise_join = off\n#enable_partitionwise_aggregate = off\n#enable_parallel_hash = on\n#enable_partition_pruning = on\n\n# - Planner Cost Constants -\n\n#seq_page_cost = 1.0                        # measured on an arbitrary scale\nrandom_page_cost = 1.1                        # SG CUSTOM same scale as above\n#cpu_tuple_cost = 0.01                        # same scale as above\n#cpu_index_tuple_cost = 0.005                # same scale as above\n#cpu_operator_cost = 0.0025                # same scale as above\n#parallel_tuple_cost = 0.1                # same scale as above\n#parallel_setup_cost = 1000.0        # same scale as above\n\n#jit_above_cost = 100000                # perform JIT compilation if available\n                                        # and query more expensive than this;\n                                        # -1 disables\n#jit_inline_above_cost = 500000                # inline small functions if query is\n                                        # more expensive than this; -1 disables\n#jit_optimize_above_cost = 500000        # use expensive JIT optimizations if\n                                        # query is more expensive than this;\n                                        # -1 disables\n\n#min_parallel_table_scan_size = 8MB\n#min_parallel_index_scan_size = 512kB\neffective_cache_size = 3GB # SG CUSTOM\n\n# - Genetic Query Optimizer -\n\n#geqo = on\n#geqo_threshold = 12\n#geqo_effort = 5                        # range 1-10\n#geqo_pool_size = 0                        # selects default based on effort\n#geqo_generations = 0                        # selects default based on effort\n#geqo_selection_bias = 2.0                # range 1.5-2.0\n#geqo_seed = 0.0                        # range 0.0-1.0\n\n# - Other Planner Options -\n\n#default_statistics_target = 100        # range 1-10000\n#constraint_exclusion = partition        # on, off, or partition\n#cursor_tuple_fraction = 0.1                # range 0.0-1.0\n#from_collapse_limit = 8\n#join_collapse_limit = 8                # 1 disables collapsing of explicit\n                                        # JOIN clauses\n#force_parallel_mode = off\n#jit = off                                # allow JIT compilation\n\n\n#------------------------------------------------------------------------------\n# REPORTING AND LOGGING\n#------------------------------------------------------------------------------\n\n# - Where to Log -\n\n#log_destination = 'stderr'                # Valid values are combinations of\n                                        # stderr, csvlog, syslog, and eventlog,\n                                        # depending on platform.  csvlog\n                                        # requires logging_collector to be on.\n\n# This is used when logging to stderr:\n#logging_collector = off                # Enable capturing of stderr and csvlog\n                                        # into log files. Required to be on for\n                                        # csvlogs.\n                                        # (change requires restart)\n\n# These are only used if logging_collector is on:\n#log_directory = 'log'                        # directory where log files are written,\n                                        # can be absolute or relative to PGDATA\n#log_filename = 'postgresql-%Y-%m-%d_%H%M%S.log'        # log file name pattern,\n                                        # can include strftime() escapes\n#log_file_mode = 0600                        # creation mode for log files,\n                                        # begin with 0 to use octal notation\n#log_truncate_on_rotation = off                # If on, an existing log file with the\n                                        # same name as the new log file will be\n                                        # truncated rather than appended to.\n                                        # But such truncation only occurs on\n                                        # time-driven rotation, not on restarts\n                                        # or size-driven rotation.  Default is\n                                        # off, meaning append to existing files\n                                        # in all cases.\n#log_rotation_age = 1d                        # Automatic rotation of logfiles will\n                                        # happen after that time.  0 disables.\n#log_rotation_size = 10MB                # Automatic rotation of logfiles will\n                                        # happen after that much log output.\n                                        # 0 disables.\n\n# These are relevant when logging to syslog:\n#syslog_facility = 'LOCAL0'\n#syslog_ident = 'postgres'\n#syslog_sequence_numbers = on\n#syslog_split_messages = on\n\n# This is only relevant when logging to eventlog (win32):\n# (change requires restart)\n#event_source = 'PostgreSQL'\n\n# - When to Log -\n\n#log_min_messages = warning                # values in order of decreasing detail:\n                                        #   debug5\n                                        #   debug4\n                                        #   debug3\n                                        #   debug2\n                                        #   debug1\n                                        #   info\n                                        #   notice\n                                        #   warning\n                                        #   error\n                                        #   log\n                                        #   fatal\n                                        #   panic\n\n#log_min_error_statement = error        # values in order of decreasing detail:\n                                        #   debug5\n                                        #   debug4\n                                        #   debug3\n                                        #   debug2\n                                        #   debug1\n                                        #   info\n                                        #   notice\n                                        #   warning\n                                        #   error\n                                        #   log\n                                        #   fatal\n                                        #   panic (effectively off)\n\n#log_min_duration_statement = -1        # -1 is disabled, 0 logs all statements\n                                        # and their durations, > 0 logs only\n                                        # statements running at least this number\n                                        # of milliseconds\n\n\n# - What to Log -\n\n#debug_print_parse = off\n#debug_print_rewritten = off\n#debug_print_plan = off\n#debug_pretty_print = on\n#log_checkpoints = off\n#log_connections = off\n#log_disconnections = off\n#log_duration = off\n#log_error_verbosity = default                # terse, default, or verbose messages\n#log_hostname = off\n#log_line_prefix = '%m [%p] '                # special values:\n                                        #   %a = application name\n                                        #   %u = user name\n                                        #   %d = database name\n                                        #   %r = remote host and port\n                                        #   %h = remote host\n                                        #   %p = process ID\n                                        #   %t = timestamp without milliseconds\n                                        #   %m = timestamp with milliseconds\n                                        #   %n = timestamp with milliseconds (as a Unix epoch)\n                                        #   %i = command tag\n                                        #   %e = SQL state\n                                        #   %c = session ID\n                                        #   %l = session line number\n                                        #   %s = session start timestamp\n                                        #   %v = virtual transaction ID\n                                        #   %x = transaction ID (0 if none)\n                                        #   %q = stop here in non-session\n                                        #        processes\n                                        #   %% = '%'\n                                        # e.g. '<%u%%%d> '\n#log_lock_waits = off                        # log lock waits >= deadlock_timeout\n#log_statement = 'none'                        # none, ddl, mod, all\n#log_replication_commands = off\n#log_temp_files = -1                        # log temporary files equal or larger\n                                        # than the specified size in kilobytes;\n                                        # -1 disables, 0 logs all temp files\nlog_timezone = 'Etc/UTC'\n\n#------------------------------------------------------------------------------\n# PROCESS TITLE\n#------------------------------------------------------------------------------\n\n#cluster_name = ''                        # added to process titles if nonempty\n                                        # (change requires restart)\n#update_process_title = on\n\n\n#------------------------------------------------------------------------------\n# STATISTICS\n#------------------------------------------------------------------------------\n\n# - Query and Index Statistics Collector -\n\n#track_activities = on\n#track_counts = on\n#track_io_timing = off\n#track_functions = none                        # none, pl, all\n#track_activity_query_size = 1024        # (change requires restart)\n#stats_temp_directory = 'pg_stat_tmp'\n\n\n# - Monitoring -\n\n#log_parser_stats = off\n#log_planner_stats = off\n#log_executor_stats = off\n#log_statement_stats = off\n\n\n#------------------------------------------------------------------------------\n# AUTOVACUUM\n#------------------------------------------------------------------------------\n\n#autovacuum = on                        # Enable autovacuum subprocess?  'on'\n                                        # requires track_counts to also be on.\n#log_autovacuum_min_duration = -1        # -1 disables, 0 logs all actions and\n                                        # their durations, > 0 logs only\n                                        # actions running at least this number\n                                        # of milliseconds.\n#autovacuum_max_workers = 3                # max number of autovacuum subprocesses\n                                        # (change requires restart)\n#autovacuum_naptime = 1min                # time between autovacuum runs\n#autovacuum_vacuum_threshold = 50        # min number of row updates before\n                                        # vacuum\n#autovacuum_analyze_threshold = 50        # min number of row updates before\n                                        # analyze\n#autovacuum_vacuum_scale_factor = 0.2        # fraction of table size before vacuum\n#autovacuum_analyze_scale_factor = 0.1        # fraction of table size before analyze\n#autovacuum_freeze_max_age = 200000000        # maximum XID age before forced vacuum\n                                        # (change requires restart)\n#autovacuum_multixact_freeze_max_age = 400000000        # maximum multixact age\n                                        # before forced vacuum\n                                        # (change requires restart)\n#autovacuum_vacuum_cost_delay = 20ms        # default vacuum cost delay for\n                                        # autovacuum, in milliseconds;\n                                        # -1 means use vacuum_cost_delay\n#autovacuum_vacuum_cost_limit = -1        # default vacuum cost limit for\n                                        # autovacuum, -1 means use\n                                        # vacuum_cost_limit\n\n\n#------------------------------------------------------------------------------\n# CLIENT CONNECTION DEFAULTS\n#------------------------------------------------------------------------------\n\n# - Statement Behavior -\n\n#client_min_messages = notice                # values in order of decreasing detail:\n                                        #   debug5\n                                        #   debug4\n                                        #   debug3\n                                        #   debug2\n                                        #   debug1\n                                        #   log\n                                        #   notice\n                                        #   warning\n                                        #   error\n#search_path = '\"$user\", public'        # schema names\n#row_security = on\n#default_tablespace = ''                # a tablespace name, '' uses the default\n#temp_tablespaces = ''                        # a list of tablespace names, '' uses\n                                        # only default tablespace\n#check_function_bodies = on\n#default_transaction_isolation = 'read committed'\n#default_transaction_read_only = off\n#default_transaction_deferrable = off\n#session_replication_role = 'origin'\n#statement_timeout = 0                        # in milliseconds, 0 is disabled\n#lock_timeout = 0                        # in milliseconds, 0 is disabled\n#idle_in_transaction_session_timeout = 0        # in milliseconds, 0 is disabled\n#vacuum_freeze_min_age = 50000000\n#vacuum_freeze_table_age = 150000000\n#vacuum_multixact_freeze_min_age = 5000000\n#vacuum_multixact_freeze_table_age = 150000000\n#vacuum_cleanup_index_scale_factor = 0.1        # fraction of total number of tuples\n                                                # before index cleanup, 0 always performs\n                                                # index cleanup\n#bytea_output = 'hex'                        # hex, escape\n#xmlbinary = 'base64'\n#xmloption = 'content'\n#gin_fuzzy_search_limit = 0\n#gin_pending_list_limit = 4MB\n\n# - Locale and Formatting -\n\ndatestyle = 'iso, mdy'\n#intervalstyle = 'postgres'\ntimezone = 'Etc/UTC'\n#timezone_abbreviations = 'Default'     # Select the set of available time zone\n                                        # abbreviations.  Currently, there are\n                                        #   Default\n                                        #   Australia (historical usage)\n                                        #   India\n                                        # You can create your own file in\n                                        # share/timezonesets/.\n#extra_float_digits = 0                        # min -15, max 3\n#client_encoding = sql_ascii                # actually, defaults to database\n                                        # encoding\n\n# These settings are initialized by initdb, but they can be changed.\nlc_messages = 'en_US.utf8'                        # locale for system error message\n                                        # strings\nlc_monetary = 'en_US.utf8'                        # locale for monetary formatting\nlc_numeric = 'en_US.utf8'                        # locale for number formatting\nlc_time = 'en_US.utf8'                                # locale for time formatting\n\n# default configuration for text search\ndefault_text_search_config = 'pg_catalog.english'\n\n# - Shared Library Preloading -\n\n#shared_preload_libraries = ''        # (change requires restart)\n#local_preload_libraries = ''\n#session_preload_libraries = ''\n#jit_provider = 'llvmjit'                # JIT library to use\n\n# - Other Defaults -\n\n#dynamic_library_path = '$libdir'\n\n\n#------------------------------------------------------------------------------\n# LOCK MANAGEMENT\n#------------------------------------------------------------------------------\n\n#deadlock_timeout = 1s\n#max_locks_per_transaction = 64                # min 10\n                                        # (change requires restart)\n#max_pred_locks_per_transaction = 64        # min 10\n                                        # (change requires restart)\n#max_pred_locks_per_relation = -2        # negative values mean\n                                        # (max_pred_locks_per_transaction\n                                        #  / -max_pred_locks_per_relation) - 1\n#max_pred_locks_per_page = 2            # min 0\n\n\n#------------------------------------------------------------------------------\n# VERSION AND PLATFORM COMPATIBILITY\n#------------------------------------------------------------------------------\n\n# - Previous PostgreSQL Versions -\n\n#array_nulls = on\n#backslash_quote = safe_encoding        # on, off, or safe_encoding\n#default_with_oids = off\n#escape_string_warning = on\n#lo_compat_privileges = off\n#operator_precedence_warning = off\n#quote_all_identifiers = off\n#standard_conforming_strings = on\n#synchronize_seqscans = on\n\n# - Other Platforms and Clients -\n\n#transform_null_equals = off\n\n\n#------------------------------------------------------------------------------\n# ERROR HANDLING\n#------------------------------------------------------------------------------\n\n#exit_on_error = off                        # terminate session on any error?\n#restart_after_crash = on                # reinitialize after backend crash?\n#data_sync_retry = off                        # retry or panic on failure to fsync\n                                        # data?\n                                        # (change requires restart)\n\n\n#------------------------------------------------------------------------------\n# CONFIG FILE INCLUDES\n#------------------------------------------------------------------------------\n\n# These options allow settings to be loaded from files other than the\n# default postgresql.conf.\n\n#include_dir = ''                        # include files ending in '.conf' from\n                                        # a directory, e.g., 'conf.d'\n#include_if_exists = ''                        # include file only if it exists\n#include = ''                                # include file\n\n\n#------------------------------------------------------------------------------\n# CUSTOMIZED OPTIONS\n#------------------------------------------------------------------------------\n\n# Add settings for extensions here\n";
const POSTGRESQL_CONF_3: &str = "# -----------------------------\n# PostgreSQL configuration file\n# -----------------------------\n# SOURCEGRAPH CUSTOMIZATIONS CONTAIN \"# SG CUSTOM\" in the comment\n#\n# This file consists of lines of the form:\n#\n#   name = value\n#\n# (The \"=\" is optional.)  Whitespace may be used.  Comments are introduced with\n# \"#\" anywhere on a line.  The complete list of parameter names and allowed\n# values can be found in the PostgreSQL documentation.\n#\n# The commented-out settings shown in this file represent the default values.\n# Re-commenting a setting is NOT sufficient to revert it to the default value;\n# you need to reload the server.\n#\n# This file is read on server startup and when the server receives a SIGHUP\n# signal.  If you edit the file on a running system, you have to SIGHUP the\n# server for the changes to take effect, run \"pg_ctl reload\", or execute\n# \"SELECT pg_reload_conf()\".  Some parameters, which are marked below,\n# require a server shutdown and restart to take effect.\n#\n# Any parameter can also be given as a command-line option to the server, e.g.,\n# \"postgres -c log_connections=on\".  Some parameters can be changed at run time\n# with the \"SET\" SQL command.\n#\n# Memory units:  kB = kilobytes        Time units:  ms  = milliseconds\n#                MB = megabytes                     s   = seconds\n#                GB = gigabytes                     min = minutes\n#                TB = terabytes                     h   = hours\n#                                                   d   = days\n\n\n#------------------------------------------------------------------------------\n# FILE LOCATIONS\n#------------------------------------------------------------------------------\n\n# The default values of these variables are driven from the -D command-line\n# option or PGDATA environment variable, represented here as ConfigDir.\n\n#data_directory = 'ConfigDir'        # use data in another directory\n                    # (change requires restart)\n#hba_file = 'ConfigDir/pg_hba.conf'    # host-based authentication file\n                    # (change requires restart)\n#ident_file = 'ConfigDir/pg_ident.conf'    # ident configuration file\n                    # (change requires restart)\n\n# If external_pid_file is not explicitly set, no extra PID file is written.\n#external_pid_file = ''            # write an extra PID file\n                    # (change requires restart)\n\n\n#------------------------------------------------------------------------------\n# CONNECTIONS AND AUTHENTICATION\n#------------------------------------------------------------------------------\n\n# - Connection Settings -\n\nlisten_addresses = '*'\n                    # comma-separated list of addresses;\n                    # defaults to 'localhost'; use '*' for all\n                    # (change requires restart)\n#port = 5432                # (change requires restart)\nmax_connections = 100            # (change requires restart)\n#superuser_reserved_connections = 3    # (change requires restart)\n#unix_socket_directories = '/var/run/postgresql'    # comma-separated list of directories\n                    # (change requires restart)\n#unix_socket_group = ''            # (change requires restart)\n#unix_socket_permissions = 0777        # begin with 0 to use octal notation\n                    # (change requires restart)\n#bonjour = off                # advertise server via Bonjour\n                    # (change requires restart)\n#bonjour_name = ''            # defaults to the computer name\n                    # (change requires restart)\n\n# - TCP Keepalives -\n# see \"man 7 tcp\" for details\n\n#tcp_keepalives_idle = 0        # TCP_KEEPIDLE, in seconds;\n                    # 0 selects the system default\n#tcp_keepalives_interval = 0        # TCP_KEEPINTVL, in seconds;\n                    # 0 selects the system default\n#tcp_keepalives_count = 0        # TCP_KEEPCNT;\n                    # 0 selects the system default\n\n# - Authentication -\n\n#authentication_timeout = 1min        # 1s-600s\n#password_encryption = md5        # md5 or scram-sha-256\n#db_user_namespace = off\n\n# GSSAPI using Kerberos\n#krb_server_keyfile = ''\n#krb_caseins_users = off\n\n# - SSL -\n\n#ssl = off\n#ssl_ca_file = ''\n#ssl_cert_file = 'server.crt'\n#ssl_crl_file = ''\n#ssl_key_file = 'server.key'\n#ssl_ciphers = 'HIGH:MEDIUM:+3DES:!aNULL' # allowed SSL ciphers\n#ssl_prefer_server_ciphers = on\n#ssl_ecdh_curve = 'prime256v1'\n#ssl_dh_params_file = ''\n#ssl_passphrase_command = ''\n#ssl_passphrase_command_supports_reload = off\n\n\n#------------------------------------------------------------------------------\n# RESOURCE USAGE (except WAL)\n#------------------------------------------------------------------------------\n\n# - Memory -\n\nshared_buffers = 1GB # SG CUSTOM min 128kB\n                    # (change requires restart)\n#huge_pages = try            # on, off, or try\n                    # (change requires restart)\n#temp_buffers = 8MB            # min 800kB\n#max_prepared_transactions = 0        # zero disables the feature\n                    # (change requires restart)\n# Caution: it is not advisable to set max_prepared_transactions nonzero unless\n# you actively intend to use prepared transactions.\nwork_mem = 5MB                # SG CUSTOM min 64kB\nmaintenance_work_mem = 250MB        # SG CUSTOM min 1MB\n#autovacuum_work_mem = -1        # min 1MB, or -1 to use maintenance_work_mem\n#max_stack_depth = 2MB            # min 100kB\ndynamic_shared_memory_type = posix    # the default is the first option\n                    # supported by the operating system:\n                    #   posix\n                    #   sysv\n                    #   windows\n                    #   mmap\n                    # use none to disable dynamic shared memory\n                    # (change requires restart)\n\n# - Disk -\n\ntemp_file_limit = 20GB        # SG CUSTOM limits per-process temp file space\n                    # in kB, or -1 for no limit\n\n# - Kernel Resources -\n\n#max_files_per_process = 1000        # min 25\n                    # (change requires restart)\n\n# - Cost-Based Vacuum Delay -\n\n#vacuum_cost_delay = 0            # 0-100 milliseconds\n#vacuum_cost_page_hit = 1        # 0-10000 credits\n#vacuum_cost_page_miss = 10        # 0-10000 credits\n#vacuum_cost_page_dirty = 20        # 0-10000 credits\n#vacuum_cost_limit = 200        # 1-10000 credits\n\n# - Background Writer -\n\nbgwriter_delay = 50ms # SG CUSTOM 10-10000ms between rounds\nbgwriter_lru_maxpages = 200        # SG CUSTOM max buffers written/round, 0 disables\n\n#bgwriter_lru_multiplier = 2.0        # 0-10.0 multiplier on buffers scanned/round\n#bgwriter_flush_after = 512kB        # measured in pages, 0 disables\n\n# - Asynchronous Behavior -\n\neffective_io_concurrency = 200        # 1-1000; 0 disables prefetching\nmax_worker_processes = 4        # SG CUSTOM (change requires restart)\nmax_parallel_maintenance_workers = 4    # SG CUSTOM taken from max_parallel_workers\nmax_parallel_workers_per_gather = 2    # SG CUSTOM taken from max_parallel_workers\n#parallel_leader_participation = on\nmax_parallel_workers = 4        # SG CUSTOM maximum number of max_worker_processes that\n                    # can be used in parallel operations\n#old_snapshot_threshold = -1        # 1min-60d; -1 disables; 0 is immediate\n                    # (change requires restart)\n#backend_flush_after = 0        # measured in pages, 0 disables\n\n\n#------------------------------------------------------------------------------\n# WRITE-AHEAD LOG\n#------------------------------------------------------------------------------\n\n# - Settings -\n\n#wal_level = replica            # minimal, replica, or logical\n                    # (change requires restart)\n#fsync = on                # flush data to disk for crash safety\n                    # (turning this off can cause\n                    # unrecoverable data corruption)\n#synchronous_commit = on        # synchronization level;\n                    # off, local, remote_write, remote_apply, or on\n#wal_sync_method = fsync        # the default is the first option\n                    # supported by the operating system:\n                    #   open_datasync\n                    #   fdatasync (default on Linux)\n                    #   fsync\n                    #   fsync_writethrough\n                    #   open_sync\n#full_page_writes = on            # recover from partial page writes\n#wal_compression = off            # enable compression of full-page writes\n#wal_log_hints = off            # also do full page writes of non-critical updates\n                    # (change requires restart)\nwal_buffers = 16MB        # SG CUSTOM min 32kB, -1 sets based on shared_buffers\n                    # (change requires restart)\n#wal_writer_delay = 200ms        # 1-10000 milliseconds\n#wal_writer_flush_after = 1MB        # measured in pages, 0 disables\n\n#commit_delay = 0            # range 0-100000, in microseconds\n#commit_siblings = 5            # range 1-1000\n\n# - Checkpoints -\n\n#checkpoint_timeout = 5min        # range 30s-1d\nmax_wal_size = 8GB      # SG CUSTOM\nmin_wal_size = 2GB      # SG CUSTOM\n#checkpoint_completion_target = 0.5    # checkpoint target duration, 0.0 - 1.0\n#checkpoint_flush_after = 256kB        # measured in pages, 0 disables\n#checkpoint_warning = 30s        # 0 disables\n\n# - Archiving -\n\n#archive_mode = off        # enables archiving; off, on, or always\n                # (change requires restart)\n#archive_command = ''        # command to use to archive a logfile segment\n                # placeholders: %p = path of file to archive\n                #               %f = file name only\n                # e.g. 'test ! -f /mnt/server/archivedir/%f && cp %p /mnt/server/archivedir/%f'\n#archive_timeout = 0        # force a logfile segment switch after this\n                # number of seconds; 0 disables\n\n\n#------------------------------------------------------------------------------\n# REPLICATION\n#------------------------------------------------------------------------------\n\n# - Sending Servers -\n\n# Set these on the master and on any standby that will send replication data.\n\n#max_wal_senders = 10        # max number of walsender processes\n                # (change requires restart)\n#wal_keep_segments = 0        # in logfile segments; 0 disables\n#wal_sender_timeout = 60s    # in milliseconds; 0 disables\n\n#max_replication_slots = 10    # max number of replication slots\n                # (change requires restart)\n#track_commit_timestamp = off    # collect timestamp of transaction commit\n                # (change requires restart)\n\n# - Master Server -\n\n# These settings are ignored on a standby server.\n\n#synchronous_standby_names = ''    # standby servers that provide sync rep\n                # method to choose sync standbys, number of sync standbys,\n                # and comma-separated list of application_name\n                # from standby(s); '*' = all\n#vacuum_defer_cleanup_age = 0    # number of xacts by which cleanup is delayed\n\n# - Standby Servers -\n\n# These settings are ignored on a master server.\n\n#hot_standby = on            # \"off\" disallows queries during recovery\n                    # (change requires restart)\n#max_standby_archive_delay = 30s    # max delay before canceling queries\n                    # when reading WAL from archive;\n                    # -1 allows indefinite delay\n#max_standby_streaming_delay = 30s    # max delay before canceling queries\n                    # when reading streaming WAL;\n                    # -1 allows indefinite delay\n#wal_receiver_status_interval = 10s    # send replies at least this often\n                    # 0 disables\n#hot_standby_feedback = off        # send info from standby to prevent\n                    # query conflicts\n#wal_receiver_timeout = 60s        # time that receiver waits for\n                    # communication from master\n                    # in milliseconds; 0 disables\n#wal_retrieve_retry_interval = 5s    # time to wait before retrying to\n                    # retrieve WAL after a failed attempt\n\n# - Subscribers -\n\n# These settings are ignored on a publisher.\n\n#max_logical_replication_workers = 4    # taken from max_worker_processes\n                    # (change requires restart)\n#max_sync_workers_per_subscription = 2    # taken from max_logical_replication_workers\n\n\n#------------------------------------------------------------------------------\n# QUERY TUNING\n#------------------------------------------------------------------------------\n\n# - Planner Method Configuration -\n\n#enable_bitmapscan = on\n#enable_hashagg = on\n#enable_hashjoin = on\n#enable_indexscan = on\n#enable_indexonlyscan = on\n#enable_material = on\n#enable_mergejoin = on\n#enable_nestloop = on\n#enable_parallel_append = on\n#enable_seqscan = on\n#enable_sort = on\n#enable_tidscan = on\n#enable_partitionwise_join = off\n#enable_partitionwise_aggregate = off\n#enable_parallel_hash = on\n#enable_partition_pruning = on\n\n# - Planner Cost Constants -\n\n#seq_page_cost = 1.0            # measured on an arbitrary scale\nrandom_page_cost = 1.1            # SG CUSTOM same scale as above\n#cpu_tuple_cost = 0.01            # same scale as above\n#cpu_index_tuple_cost = 0.005        # same scale as above\n#cpu_operator_cost = 0.0025        # same scale as above\n#parallel_tuple_cost = 0.1        # same scale as above\n#parallel_setup_cost = 1000.0    # same scale as above\n\n#jit_above_cost = 100000        # perform JIT compilation if available\n                    # and query more expensive than this;\n                    # -1 disables\n#jit_inline_above_cost = 500000        # inline small functions if query is\n                    # more expensive than this; -1 disables\n#jit_optimize_above_cost = 500000    # use expensive JIT optimizations if\n                    # query is more expensive than this;\n                    # -1 disables\n\n#min_parallel_table_scan_size = 8MB\n#min_parallel_index_scan_size = 512kB\neffective_cache_size = 3GB # SG CUSTOM\n\n# - Genetic Query Optimizer -\n\n#geqo = on\n#geqo_threshold = 12\n#geqo_effort = 5            # range 1-10\n#geqo_pool_size = 0            # selects default based on effort\n#geqo_generations = 0            # selects default based on effort\n#geqo_selection_bias = 2.0        # range 1.5-2.0\n#geqo_seed = 0.0            # range 0.0-1.0\n\n# - Other Planner Options -\n\n#default_statistics_target = 100    # range 1-10000\n#constraint_exclusion = partition    # on, off, or partition\n#cursor_tuple_fraction = 0.1        # range 0.0-1.0\n#from_collapse_limit = 8\n#join_collapse_limit = 8        # 1 disables collapsing of explicit\n                    # JOIN clauses\n#force_parallel_mode = off\n#jit = off                # allow JIT compilation\n\n\n#------------------------------------------------------------------------------\n# REPORTING AND LOGGING\n#------------------------------------------------------------------------------\n\n# - Where to Log -\n\n#log_destination = 'stderr'        # Valid values are combinations of\n                    # stderr, csvlog, syslog, and eventlog,\n                    # depending on platform.  csvlog\n                    # requires logging_collector to be on.\n\n# This is used when logging to stderr:\n#logging_collector = off        # Enable capturing of stderr and csvlog\n                    # into log files. Required to be on for\n                    # csvlogs.\n                    # (change requires restart)\n\n# These are only used if logging_collector is on:\n#log_directory = 'log'            # directory where log files are written,\n                    # can be absolute or relative to PGDATA\n#log_filename = 'postgresql-%Y-%m-%d_%H%M%S.log'    # log file name pattern,\n                    # can include strftime() escapes\n#log_file_mode = 0600            # creation mode for log files,\n                    # begin with 0 to use octal notation\n#log_truncate_on_rotation = off        # If on, an existing log file with the\n                    # same name as the new log file will be\n                    # truncated rather than appended to.\n                    # But such truncation only occurs on\n                    # time-driven rotation, not on restarts\n                    # or size-driven rotation.  Default is\n                    # off, meaning append to existing files\n                    # in all cases.\n#log_rotation_age = 1d            # Automatic rotation of logfiles will\n                    # happen after that time.  0 disables.\n#log_rotation_size = 10MB        # Automatic rotation of logfiles will\n                    # happen after that much log output.\n                    # 0 disables.\n\n# These are relevant when logging to syslog:\n#syslog_facility = 'LOCAL0'\n#syslog_ident = 'postgres'\n#syslog_sequence_numbers = on\n#syslog_split_messages = on\n\n# This is only relevant when logging to eventlog (win32):\n# (change requires restart)\n#event_source = 'PostgreSQL'\n\n# - When to Log -\n\n#log_min_messages = warning        # values in order of decreasing detail:\n                    #   debug5\n                    #   debug4\n                    #   debug3\n                    #   debug2\n                    #   debug1\n                    #   info\n                    #   notice\n                    #   warning\n                    #   error\n                    #   log\n                    #   fatal\n                    #   panic\n\n#log_min_error_statement = error    # values in order of decreasing detail:\n                    #   debug5\n                    #   debug4\n                    #   debug3\n                    #   debug2\n                    #   debug1\n                    #   info\n                    #   notice\n                    #   warning\n                    #   error\n                    #   log\n                    #   fatal\n                    #   panic (effectively off)\n\n#log_min_duration_statement = -1    # -1 is disabled, 0 logs all statements\n                    # and their durations, > 0 logs only\n                    # statements running at least this number\n                    # of milliseconds\n\n\n# - What to Log -\n\n#debug_print_parse = off\n#debug_print_rewritten = off\n#debug_print_plan = off\n#debug_pretty_print = on\n#log_checkpoints = off\n#log_connections = off\n#log_disconnections = off\n#log_duration = off\n#log_error_verbosity = default        # terse, default, or verbose messages\n#log_hostname = off\n#log_line_prefix = '%m [%p] '        # special values:\n                    #   %a = application name\n                    #   %u = user name\n                    #   %d = database name\n                    #   %r = remote host and port\n                    #   %h = remote host\n                    #   %p = process ID\n                    #   %t = timestamp without milliseconds\n                    #   %m = timestamp with milliseconds\n                    #   %n = timestamp with milliseconds (as a Unix epoch)\n                    #   %i = command tag\n                    #   %e = SQL state\n                    #   %c = session ID\n                    #   %l = session line number\n                    #   %s = session start timestamp\n                    #   %v = virtual transaction ID\n                    #   %x = transaction ID (0 if none)\n                    #   %q = stop here in non-session\n                    #        processes\n                    #   %% = '%'\n                    # e.g. '<%u%%%d> '\n#log_lock_waits = off            # log lock waits >= deadlock_timeout\n#log_statement = 'none'            # none, ddl, mod, all\n#log_replication_commands = off\n#log_temp_files = -1            # log temporary files equal or larger\n                    # than the specified size in kilobytes;\n                    # -1 disables, 0 logs all temp files\nlog_timezone = 'Etc/UTC'\n\n#------------------------------------------------------------------------------\n# PROCESS TITLE\n#------------------------------------------------------------------------------\n\n#cluster_name = ''            # added to process titles if nonempty\n                    # (change requires restart)\n#update_process_title = on\n\n\n#------------------------------------------------------------------------------\n# STATISTICS\n#------------------------------------------------------------------------------\n\n# - Query and Index Statistics Collector -\n\n#track_activities = on\n#track_counts = on\n#track_io_timing = off\n#track_functions = none            # none, pl, all\n#track_activity_query_size = 1024    # (change requires restart)\n#stats_temp_directory = 'pg_stat_tmp'\n\n\n# - Monitoring -\n\n#log_parser_stats = off\n#log_planner_stats = off\n#log_executor_stats = off\n#log_statement_stats = off\n\n\n#------------------------------------------------------------------------------\n# AUTOVACUUM\n#------------------------------------------------------------------------------\n\n#autovacuum = on            # Enable autovacuum subprocess?  'on'\n                    # requires track_counts to also be on.\n#log_autovacuum_min_duration = -1    # -1 disables, 0 logs all actions and\n                    # their durations, > 0 logs only\n                    # actions running at least this number\n                    # of milliseconds.\n#autovacuum_max_workers = 3        # max number of autovacuum subprocesses\n                    # (change requires restart)\n#autovacuum_naptime = 1min        # time between autovacuum runs\n#autovacuum_vacuum_threshold = 50    # min number of row updates before\n                    # vacuum\n#autovacuum_analyze_threshold = 50    # min number of row updates before\n                    # analyze\n#autovacuum_vacuum_scale_factor = 0.2    # fraction of table size before vacuum\n#autovacuum_analyze_scale_factor = 0.1    # fraction of table size before analyze\n#autovacuum_freeze_max_age = 200000000    # maximum XID age before forced vacuum\n                    # (change requires restart)\n#autovacuum_multixact_freeze_max_age = 400000000    # maximum multixact age\n                    # before forced vacuum\n                    # (change requires restart)\n#autovacuum_vacuum_cost_delay = 20ms    # default vacuum cost delay for\n                    # autovacuum, in milliseconds;\n                    # -1 means use vacuum_cost_delay\n#autovacuum_vacuum_cost_limit = -1    # default vacuum cost limit for\n                    # autovacuum, -1 means use\n                    # vacuum_cost_limit\n\n\n#------------------------------------------------------------------------------\n# CLIENT CONNECTION DEFAULTS\n#------------------------------------------------------------------------------\n\n# - Statement Behavior -\n\n#client_min_messages = notice        # values in order of decreasing detail:\n                    #   debug5\n                    #   debug4\n                    #   debug3\n                    #   debug2\n                    #   debug1\n                    #   log\n                    #   notice\n                    #   warning\n                    #   error\n#search_path = '\"$user\", public'    # schema names\n#row_security = on\n#default_tablespace = ''        # a tablespace name, '' uses the default\n#temp_tablespaces = ''            # a list of tablespace names, '' uses\n                    # only default tablespace\n#check_function_bodies = on\n#default_transaction_isolation = 'read committed'\n#default_transaction_read_only = off\n#default_transaction_deferrable = off\n#session_replication_role = 'origin'\n#statement_timeout = 0            # in milliseconds, 0 is disabled\n#lock_timeout = 0            # in milliseconds, 0 is disabled\n#idle_in_transaction_session_timeout = 0    # in milliseconds, 0 is disabled\n#vacuum_freeze_min_age = 50000000\n#vacuum_freeze_table_age = 150000000\n#vacuum_multixact_freeze_min_age = 5000000\n#vacuum_multixact_freeze_table_age = 150000000\n#vacuum_cleanup_index_scale_factor = 0.1    # fraction of total number of tuples\n                        # before index cleanup, 0 always performs\n                        # index cleanup\n#bytea_output = 'hex'            # hex, escape\n#xmlbinary = 'base64'\n#xmloption = 'content'\n#gin_fuzzy_search_limit = 0\n#gin_pending_list_limit = 4MB\n\n# - Locale and Formatting -\n\ndatestyle = 'iso, mdy'\n#intervalstyle = 'postgres'\ntimezone = 'Etc/UTC'\n#timezone_abbreviations = 'Default'     # Select the set of available time zone\n                    # abbreviations.  Currently, there are\n                    #   Default\n                    #   Australia (historical usage)\n                    #   India\n                    # You can create your own file in\n                    # share/timezonesets/.\n#extra_float_digits = 0            # min -15, max 3\n#client_encoding = sql_ascii        # actually, defaults to database\n                    # encoding\n\n# These settings are initialized by initdb, but they can be changed.\nlc_messages = 'en_US.utf8'            # locale for system error message\n                    # strings\nlc_monetary = 'en_US.utf8'            # locale for monetary formatting\nlc_numeric = 'en_US.utf8'            # locale for number formatting\nlc_time = 'en_US.utf8'                # locale for time formatting\n\n# default configuration for text search\ndefault_text_search_config = 'pg_catalog.english'\n\n# - Shared Library Preloading -\n\n#shared_preload_libraries = ''    # (change requires restart)\n#local_preload_libraries = ''\n#session_preload_libraries = ''\n#jit_provider = 'llvmjit'        # JIT library to use\n\n# - Other Defaults -\n\n#dynamic_library_path = '$libdir'\n\n\n#------------------------------------------------------------------------------\n# LOCK MANAGEMENT\n#------------------------------------------------------------------------------\n\n#deadlock_timeout = 1s\n#max_locks_per_transaction = 64        # min 10\n                    # (change requires restart)\n#max_pred_locks_per_transaction = 64    # min 10\n                    # (change requires restart)\n#max_pred_locks_per_relation = -2    # negative values mean\n                    # (max_pred_locks_per_transaction\n                    #  / -max_pred_locks_per_relation) - 1\n#max_pred_locks_per_page = 2            # min 0\n\n\n#------------------------------------------------------------------------------\n# VERSION AND PLATFORM COMPATIBILITY\n#------------------------------------------------------------------------------\n\n# - Previous PostgreSQL Versions -\n\n#array_nulls = on\n#backslash_quote = safe_encoding    # on, off, or safe_encoding\n#default_with_oids = off\n#escape_string_warning = on\n#lo_compat_privileges = off\n#operator_precedence_warning = off\n#quote_all_identifiers = off\n#standard_conforming_strings = on\n#synchronize_seqscans = on\n\n# - Other Platforms and Clients -\n\n#transform_null_equals = off\n\n\n#------------------------------------------------------------------------------\n# ERROR HANDLING\n#------------------------------------------------------------------------------\n\n#exit_on_error = off            # terminate session on any error?\n#restart_after_crash = on        # reinitialize after backend crash?\n#data_sync_retry = off            # retry or panic on failure to fsync\n                    # data?\n                    # (change requires restart)\n\n\n#------------------------------------------------------------------------------\n# CONFIG FILE INCLUDES\n#------------------------------------------------------------------------------\n\n# These options allow settings to be loaded from files other than the\n# default postgresql.conf.\n\n#include_dir = ''            # include files ending in '.conf' from\n                    # a directory, e.g., 'conf.d'\n#include_if_exists = ''            # include file only if it exists\n#include = ''                # include file\n\n\n#------------------------------------------------------------------------------\n# CUSTOMIZED OPTIONS\n#------------------------------------------------------------------------------\n\n# Add settings for extensions here\n";
const CODEINSIGHTS_PGDATASOURCE: &str =
    "postgres://postgres:password@codeinsights-db:5432/postgres";
const CONFIG_YAML_2: &str = r#"receivers:
  otlp:
    protocols:
      grpc: # port 4317
      http: # port 4318

exporters:
  otlp:
    endpoint: "otel-collector:4317"
    tls:
      insecure: true
    sending_queue:
      num_consumers: 4
      queue_size: 100
    retry_on_failure:
      enabled: true

extensions:
  health_check:
    endpoint: ":13133"
  zpages:
    endpoint: "localhost:55679"

service:
  extensions:
    - zpages
    - health_check
  pipelines:
    traces:
      receivers:
        - otlp
      exporters:
        - otlp
"#;
const HEADLESS_SERVICE_THAT: &str =
    "Headless service that provides a stable network identity for the gitserver stateful set.";
const HEADLESS_SERVICE_THAT_2: &str =
    "Headless service that provides a stable network identity for the indexed-search stateful set.";
const IMPORTED_EXAMPLES_OLD: &str =
    "imported/examples-old-cluster/statefulset-ns-sourcegraph-gitserver.yaml";
const IMPORTED_AS_WRITTEN: &str = "imported as written: as typed, it would be refused: a StatefulSet needs a Service for its pods' network identity (`expose`)";
const IMPORTED_EXAMPLES_OLD_2: &str =
    "imported/examples-old-cluster/statefulset-ns-sourcegraph-indexed-search.yaml";
const IMPORTED_AS_WRITTEN_2: &str = "imported as written: as typed, it would be refused: volume `data` is declared twice (`volumes`)";
const IMPORTED_EXAMPLES_OLD_3: &str =
    "imported/examples-old-cluster/daemonset-ns-sourcegraph-cadvisor.yaml";
const IMPORTED_AS_WRITTEN_3: &str =
    "imported as written: volume `rootfs` has a source rustomize does not model";
const IMPORTED_EXAMPLES_OLD_4: &str =
    "imported/examples-old-cluster/daemonset-ns-sourcegraph-node-exporter.yaml";
const IMPORTED_EXAMPLES_OLD_5: &str =
    "imported/examples-old-cluster/daemonset-ns-sourcegraph-otel-agent.yaml";
const IMPORTED_AS_WRITTEN_4: &str = "imported as written: container `otel-agent` uses a host port";

/// The `examples-old-cluster` environment.
pub fn environment() -> Environment {
    let codeinsights_db_conf = SharedConfig {
        labels: labels(&[
            ("app.kubernetes.io/component", "codeinsights-db"),
            ("sourcegraph-resource-requires", "no-cluster-admin"),
        ]),
        annotations: labels(&[("description", "Configuration for CodeInsightsDB")]),
        ..SharedConfig::new(
            "codeinsights-db-conf",
            Config::new().set("postgresql.conf", POSTGRESQL_CONF),
        )
    };
    let codeintel_db_conf = SharedConfig {
        labels: labels(&[
            ("app.kubernetes.io/component", "codeintel-db"),
            ("sourcegraph-resource-requires", "no-cluster-admin"),
        ]),
        annotations: labels(&[("description", "Configuration for PostgreSQL")]),
        ..SharedConfig::new(
            "codeintel-db-conf",
            Config::new().set("postgresql.conf", POSTGRESQL_CONF_2),
        )
    };
    let pgsql_conf = SharedConfig {
        labels: labels(&[
            ("app.kubernetes.io/component", "pgsql"),
            ("sourcegraph-resource-requires", "no-cluster-admin"),
        ]),
        annotations: labels(&[("description", "Configuration for PostgreSQL")]),
        ..SharedConfig::new(
            "pgsql-conf",
            Config::new().set("postgresql.conf", POSTGRESQL_CONF_3),
        )
    };
    let prometheus = SharedConfig {
        labels: labels(&[
            ("app.kubernetes.io/component", "prometheus"),
            ("sourcegraph-resource-requires", "no-cluster-admin"),
        ]),
        ..SharedConfig::new(
            "prometheus",
            Config::new().set("prometheus_targets.yml", ""),
        )
    };
    let sourcegraph_frontend_env = SharedConfig {
        labels: labels(&[
            ("app", "sourcegraph-frontend"),
            ("app.kubernetes.io/component", "frontend"),
            ("sourcegraph-resource-requires", "no-cluster-admin"),
        ]),
        ..SharedConfig::new(
            "sourcegraph-frontend-env",
            Config::new()
                .set("CODEINSIGHTS_PGDATASOURCE", CODEINSIGHTS_PGDATASOURCE)
                .set("CODEINTEL_PGDATABASE", "sg")
                .set("CODEINTEL_PGHOST", "codeintel-db")
                .set("CODEINTEL_PGPORT", "5432")
                .set("CODEINTEL_PGSSLMODE", "disable")
                .set("CODEINTEL_PGUSER", "sg")
                .set("DEPLOY_TYPE", "kustomize")
                .set("GRAFANA_SERVER_URL", "http://grafana:30070")
                .set(
                    "INDEXED_SEARCH_SERVERS",
                    "k8s+rpc://indexed-search:6070?kind=sts",
                )
                .set("PGDATABASE", "sg")
                .set("PGHOST", "pgsql")
                .set("PGPORT", "5432")
                .set("PGSSLMODE", "disable")
                .set("PGUSER", "sg")
                .set("PROMETHEUS_URL", "http://prometheus:30090")
                .set("SEARCHER_URL", "k8s+http://searcher:3181?kind=sts")
                .set("SRC_GIT_SERVERS", "k8s+rpc://gitserver:3178?kind=sts"),
        )
    };
    let otel_agent = SharedConfig {
        labels: labels(&[
            ("app.kubernetes.io/component", "otel-collector"),
            ("sourcegraph-resource-requires", "no-cluster-admin"),
        ]),
        ..SharedConfig::new(
            "otel-agent",
            Config::new().set("config.yaml", CONFIG_YAML_2),
        )
    };
    let prometheus_account = ServiceAccountSpec {
        labels: labels(&[
            ("app.kubernetes.io/component", "prometheus"),
            ("category", "rbac"),
            ("sourcegraph-resource-requires", "no-cluster-admin"),
        ]),
        ..ServiceAccountSpec::new("prometheus")
    };
    let sourcegraph_frontend_account = ServiceAccountSpec {
        labels: labels(&[
            ("app.kubernetes.io/component", "frontend"),
            ("category", "rbac"),
            ("sourcegraph-resource-requires", "no-cluster-admin"),
        ]),
        image_pull_secrets: vec!["docker-registry".into()],
        ..ServiceAccountSpec::new("sourcegraph-frontend")
    };
    let grafana_account = ServiceAccountSpec {
        labels: labels(&[
            ("app.kubernetes.io/component", "grafana"),
            ("category", "rbac"),
            ("sourcegraph-resource-requires", "no-cluster-admin"),
        ]),
        image_pull_secrets: vec!["docker-registry".into()],
        ..ServiceAccountSpec::new("grafana")
    };
    let cadvisor_account = ServiceAccountSpec {
        labels: labels(&[
            ("app", "cadvisor"),
            ("app.kubernetes.io/component", "cadvisor"),
            ("category", "rbac"),
            ("sourcegraph-resource-requires", "cluster-admin"),
        ]),
        ..ServiceAccountSpec::new("cadvisor")
    };
    let sourcegraph_frontend_role = RoleSpec {
        labels: labels(&[
            ("app.kubernetes.io/component", "frontend"),
            ("category", "rbac"),
            ("sourcegraph-resource-requires", "cluster-admin"),
        ]),
        ..RoleSpec::new(
            "sourcegraph-frontend",
            vec![
                Rule::new(&[""], &["endpoints", "services"], &["get", "list", "watch"]),
                Rule::new(&["apps"], &["statefulsets"], &["get", "list", "watch"]),
            ],
        )
    };
    let prometheus_cluster_role = RoleSpec {
        labels: labels(&[
            ("app.kubernetes.io/component", "prometheus"),
            ("category", "rbac"),
            ("sourcegraph-resource-requires", "cluster-admin"),
        ]),
        ..RoleSpec::cluster(
            "prometheus",
            vec![
                Rule::new(
                    &[""],
                    &[
                        "endpoints",
                        "namespaces",
                        "nodes",
                        "nodes/metrics",
                        "nodes/proxy",
                        "pods",
                        "services",
                    ],
                    &["get", "list", "watch"],
                ),
                Rule::new(&[""], &["configmaps"], &["get"]),
                Rule::urls(&["/metrics"], &["get"]),
            ],
        )
    };
    let sourcegraph_frontend_binding = BindingSpec {
        labels: labels(&[
            ("app.kubernetes.io/component", "frontend"),
            ("category", "rbac"),
            ("sourcegraph-resource-requires", "cluster-admin"),
        ]),
        ..BindingSpec::new(
            "sourcegraph-frontend",
            Grant::from(&sourcegraph_frontend_role),
            vec![Grantee::from(&sourcegraph_frontend_account)],
        )
    };
    let prometheus_cluster_binding = BindingSpec {
        labels: labels(&[
            ("app.kubernetes.io/component", "prometheus"),
            ("category", "rbac"),
            ("sourcegraph-resource-requires", "cluster-admin"),
        ]),
        ..BindingSpec::cluster(
            "prometheus",
            Grant::from(&prometheus_cluster_role),
            vec![Grantee::from(&prometheus_account)],
        )
    };
    let mut raw = Vec::new();
    // imported as-is: as typed, it would be refused: a StatefulSet needs a Service for its pods' network identity (`expose`)
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_OLD,
            include_str!(
                "../../imported/examples-old-cluster/statefulset-ns-sourcegraph-gitserver.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN),
    );
    // imported as-is: as typed, it would be refused: volume `data` is declared twice (`volumes`)
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::StatefulSet>(
            IMPORTED_EXAMPLES_OLD_2,
            include_str!(
                "../../imported/examples-old-cluster/statefulset-ns-sourcegraph-indexed-search.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_2),
    );
    // imported as-is: volume `rootfs` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::DaemonSet>(
            IMPORTED_EXAMPLES_OLD_3,
            include_str!(
                "../../imported/examples-old-cluster/daemonset-ns-sourcegraph-cadvisor.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_3),
    );
    // imported as-is: volume `rootfs` has a source rustomize does not model
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::DaemonSet>(
            IMPORTED_EXAMPLES_OLD_4,
            include_str!(
                "../../imported/examples-old-cluster/daemonset-ns-sourcegraph-node-exporter.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_3),
    );
    // imported as-is: container `otel-agent` uses a host port
    raw.push(
        RawYaml::of::<k8s::api::apps::v1::DaemonSet>(
            IMPORTED_EXAMPLES_OLD_5,
            include_str!(
                "../../imported/examples-old-cluster/daemonset-ns-sourcegraph-otel-agent.yaml"
            ),
        )
        .exception(IMPORTED_AS_WRITTEN_4),
    );
    Environment {
        name: "examples-old-cluster".into(),
        tree: "overlays/examples-old-cluster".into(),
        namespace: Some("ns-sourcegraph".into()),
        labels: labels(&[("deploy", "sourcegraph")]),
        apps: vec![
            App {
                storage: vec![Storage {
                    storage_class: Some("sourcegraph".into()),
                    claim_name: Some("blobstore".into()),
                    ..Storage::new("blobstore-data", "100Gi")
                }],
                security: Security {
                    run_as_user: 0,
                    run_as_group: 0,
                    fs_group: 0,
                    read_only_root_filesystem: false,
                    service_account_token: true,
                    network_policy: false,
                    run_as_root: true,
                    drop_capabilities: vec![],
                    privilege_escalation: true,
                    exception: Some(SECURITY_EXCEPTION_2.into()),
                    ..Security::default()
                },
                ..crate::apps::blobstore::app()
            },
            App {
                workload: Workload::Deployment,
                containers: vec![
                    Container {
                        name: "codeinsights".into(),
                        image: Image {
                            repository: INDEX_DOCKER_IO.into(),
                            reference: ImageRef::TagAndDigest("6.2.1106".into(), SHA256_2.into()),
                        },
                        pull_policy: PullPolicy::IfNotPresent,
                        ports: vec![Port::tcp("codeinsights-db", 5432)],
                        env: Env::new()
                            .set("POSTGRES_DB", "postgres")
                            .set("POSTGRES_PASSWORD", "password")
                            .set("POSTGRES_USER", "postgres")
                            .set("PGDATA", "/var/lib/postgresql/data/pgdata")
                            .set("POSTGRESQL_CONF_DIR", "/conf"),
                        resources: Resources::requests("4", "2Gi").limits("4", "2Gi"),
                        mounts: vec![
                            Mount::new("disk", "/var/lib/postgresql/data/"),
                            Mount::new("codeinsights-conf", "/conf"),
                        ],
                        logs_on_failure: true,
                        ..Container::default()
                    },
                    Container {
                        name: "pgsql-exporter".into(),
                        image: Image {
                            repository: "index.docker.io/sourcegraph/postgres_exporter".into(),
                            reference: ImageRef::TagAndDigest("6.2.1106".into(), SHA256_3.into()),
                        },
                        pull_policy: PullPolicy::IfNotPresent,
                        ports: vec![Port::tcp("pgsql-exporter", 9187)],
                        env: Env::new().set("DATA_SOURCE_NAME", DATA_SOURCE_NAME).set(
                            "PG_EXPORTER_EXTEND_QUERY_PATH",
                            "/config/code_insights_queries.yaml",
                        ),
                        resources: Resources::requests("10m", "50Mi").limits("10m", "50Mi"),
                        logs_on_failure: true,
                        ..Container::default()
                    },
                ],
                storage: vec![Storage {
                    storage_class: Some("sourcegraph".into()),
                    claim_name: Some("codeinsights-db".into()),
                    ..Storage::new("disk", "200Gi")
                }],
                volumes: vec![Volume::new(
                    "codeinsights-conf",
                    VolumeSource::Files(Files {
                        source: FileSource::SharedConfig(codeinsights_db_conf.handle()),
                        default_mode: Some(0o777),
                        ..Files::default()
                    }),
                )],
                rollout: Rollout {
                    strategy: Some(Strategy::Recreate),
                    revision_history_limit: Some(10),
                    ..Rollout::default()
                },
                security: Security {
                    run_as_user: 0,
                    run_as_group: 0,
                    fs_group: 0,
                    read_only_root_filesystem: false,
                    service_account_token: true,
                    network_policy: false,
                    run_as_root: true,
                    drop_capabilities: vec![],
                    privilege_escalation: true,
                    user_on_containers: true,
                    exception: Some(SECURITY_EXCEPTION_2.into()),
                    ..Security::default()
                },
                waivers: vec![Waiver::literal_credential(IMPORTED_THE_ORIGINAL_2)],
                ..crate::apps::codeinsights_db::app(&codeinsights_db_conf)
            },
            App {
                workload: Workload::Deployment,
                containers: vec![
                    Container {
                        name: "pgsql".into(),
                        image: Image {
                            repository: "index.docker.io/sourcegraph/postgresql-16".into(),
                            reference: ImageRef::TagAndDigest("6.2.1106".into(), SHA256_5.into()),
                        },
                        pull_policy: PullPolicy::IfNotPresent,
                        ports: vec![Port::tcp("pgsql", 5432)],
                        probes: Probes {
                            liveness: Some(Probe::exec(&["/liveness.sh"]).after(15)),
                            readiness: Some(Probe::exec(&["/ready.sh"])),
                            startup: Some(Probe::exec(&["/liveness.sh"]).every(10).failures(360)),
                            ..Probes::default()
                        },
                        resources: Resources::requests("4", "4Gi").limits("4", "4Gi"),
                        mounts: vec![
                            Mount::new("disk", "/data"),
                            Mount::new("pgsql-conf", "/conf"),
                        ],
                        logs_on_failure: true,
                        ..Container::default()
                    },
                    Container {
                        name: "pgsql-exporter".into(),
                        image: Image {
                            repository: "index.docker.io/sourcegraph/postgres_exporter".into(),
                            reference: ImageRef::TagAndDigest("6.2.1106".into(), SHA256_3.into()),
                        },
                        pull_policy: PullPolicy::IfNotPresent,
                        ports: vec![Port::tcp("pgsql-exporter", 9187)],
                        env: Env::new()
                            .set(
                                "DATA_SOURCE_NAME",
                                "postgres://sg:@localhost:5432/?sslmode=disable",
                            )
                            .set(
                                "PG_EXPORTER_EXTEND_QUERY_PATH",
                                "/config/code_intel_queries.yaml",
                            ),
                        resources: Resources::requests("10m", "50Mi").limits("10m", "50Mi"),
                        logs_on_failure: true,
                        ..Container::default()
                    },
                ],
                storage: vec![Storage {
                    storage_class: Some("sourcegraph".into()),
                    claim_name: Some("codeintel-db".into()),
                    ..Storage::new("disk", "200Gi")
                }],
                volumes: vec![Volume::new(
                    "pgsql-conf",
                    VolumeSource::Files(Files {
                        source: FileSource::SharedConfig(codeintel_db_conf.handle()),
                        default_mode: Some(0o777),
                        ..Files::default()
                    }),
                )],
                rollout: Rollout {
                    strategy: Some(Strategy::Recreate),
                    revision_history_limit: Some(10),
                    ..Rollout::default()
                },
                security: Security {
                    run_as_user: 0,
                    run_as_group: 0,
                    fs_group: 0,
                    read_only_root_filesystem: false,
                    service_account_token: true,
                    network_policy: false,
                    run_as_root: true,
                    drop_capabilities: vec![],
                    privilege_escalation: true,
                    user_on_containers: true,
                    exception: Some(SECURITY_EXCEPTION_2.into()),
                    ..Security::default()
                },
                ..crate::apps::codeintel_db::app(&codeintel_db_conf)
            },
            App {
                containers: vec![Container {
                    name: "otel-collector".into(),
                    image: Image {
                        repository: INDEX_DOCKER_IO_2.into(),
                        reference: ImageRef::TagAndDigest("6.2.1106".into(), SHA256_6.into()),
                    },
                    pull_policy: PullPolicy::IfNotPresent,
                    command: vec!["/bin/otelcol-sourcegraph".into(), CONFIG_ETC_OTEL.into()],
                    ports: vec![
                        Port::tcp("zpages", 55679),
                        Port::tcp("otlp-grpc", 4317),
                        Port::tcp("otlp-http", 4318),
                        Port::tcp("metrics", 8888),
                    ],
                    probes: Probes {
                        liveness: Some(Probe::http("/", "13133")),
                        readiness: Some(Probe::http("/", "13133")),
                        ..Probes::default()
                    },
                    resources: Resources::requests("0.5", "1Gi").limits("2", "3Gi"),
                    mounts: vec![Mount::new("config", "/etc/otel-collector/conf")],
                    logs_on_failure: true,
                    ..Container::default()
                }],
                security: Security {
                    read_only_root_filesystem: false,
                    service_account_token: true,
                    network_policy: false,
                    image_user: true,
                    drop_capabilities: vec![],
                    privilege_escalation: true,
                    exception: Some(SECURITY_EXCEPTION_5.into()),
                    ..Security::default()
                },
                ..crate::apps::otel_collector::app()
            },
            App {
                workload: Workload::Deployment,
                containers: vec![
                    Container {
                        name: "pgsql".into(),
                        image: Image {
                            repository: "index.docker.io/sourcegraph/postgresql-16".into(),
                            reference: ImageRef::TagAndDigest("6.2.1106".into(), SHA256_5.into()),
                        },
                        pull_policy: PullPolicy::IfNotPresent,
                        ports: vec![Port::tcp("pgsql", 5432)],
                        probes: Probes {
                            liveness: Some(Probe::exec(&["/liveness.sh"]).after(15)),
                            readiness: Some(Probe::exec(&["/ready.sh"])),
                            startup: Some(Probe::exec(&["/liveness.sh"]).every(10).failures(360)),
                            ..Probes::default()
                        },
                        resources: Resources::requests("4", "4Gi").limits("4", "4Gi"),
                        mounts: vec![
                            Mount::new("disk", "/data"),
                            Mount::new("pgsql-conf", "/conf"),
                            Mount::new("dshm", "/dev/shm"),
                        ],
                        logs_on_failure: true,
                        ..Container::default()
                    },
                    Container {
                        name: "pgsql-exporter".into(),
                        image: Image {
                            repository: "index.docker.io/sourcegraph/postgres_exporter".into(),
                            reference: ImageRef::TagAndDigest("6.2.1106".into(), SHA256_3.into()),
                        },
                        pull_policy: PullPolicy::IfNotPresent,
                        ports: vec![Port::tcp("pgsql-exporter", 9187)],
                        env: Env::new()
                            .set(
                                "DATA_SOURCE_NAME",
                                "postgres://sg:@localhost:5432/?sslmode=disable",
                            )
                            .set("PG_EXPORTER_EXTEND_QUERY_PATH", "/config/queries.yaml"),
                        resources: Resources::requests("10m", "50Mi").limits("10m", "50Mi"),
                        logs_on_failure: true,
                        ..Container::default()
                    },
                ],
                storage: vec![Storage {
                    storage_class: Some("sourcegraph".into()),
                    claim_name: Some("pgsql".into()),
                    ..Storage::new("disk", "200Gi")
                }],
                volumes: vec![
                    Volume::new(
                        "pgsql-conf",
                        VolumeSource::Files(Files {
                            source: FileSource::SharedConfig(pgsql_conf.handle()),
                            default_mode: Some(0o777),
                            ..Files::default()
                        }),
                    ),
                    Volume::new("dshm", VolumeSource::Memory("1G".into())),
                ],
                rollout: Rollout {
                    strategy: Some(Strategy::Recreate),
                    revision_history_limit: Some(10),
                    ..Rollout::default()
                },
                security: Security {
                    run_as_user: 0,
                    run_as_group: 0,
                    fs_group: 0,
                    read_only_root_filesystem: false,
                    service_account_token: true,
                    network_policy: false,
                    run_as_root: true,
                    drop_capabilities: vec![],
                    privilege_escalation: true,
                    user_on_containers: true,
                    exception: Some(SECURITY_EXCEPTION_2.into()),
                    ..Security::default()
                },
                ..crate::apps::pgsql::app(&pgsql_conf)
            },
            App {
                replicas: 2,
                security: Security {
                    run_as_user: 0,
                    run_as_group: 0,
                    fs_group: 0,
                    read_only_root_filesystem: false,
                    service_account_token: true,
                    network_policy: false,
                    run_as_root: true,
                    drop_capabilities: vec![],
                    privilege_escalation: true,
                    user_on_containers: true,
                    exception: Some(SECURITY_EXCEPTION_2.into()),
                    ..Security::default()
                },
                ..crate::apps::precise_code_intel_worker::app()
            },
            App {
                config: Config {
                    name: Some("prometheus-rbac".into()),
                    ..Config::new()
                        .set("extra_rules.yml", "")
                        .set("prometheus.yml", PROMETHEUS_YML_2)
                        .set("prometheus_targets.yml", "")
                },
                storage: vec![Storage {
                    storage_class: Some("sourcegraph".into()),
                    claim_name: Some("prometheus".into()),
                    ..Storage::new("data", "200Gi")
                }],
                service_account: ServiceAccount::Shared(prometheus_account.handle()),
                security: Security {
                    run_as_user: 0,
                    run_as_group: 0,
                    fs_group: 0,
                    read_only_root_filesystem: false,
                    service_account_token: true,
                    network_policy: false,
                    run_as_root: true,
                    drop_capabilities: vec![],
                    privilege_escalation: true,
                    exception: Some(SECURITY_EXCEPTION_2.into()),
                    ..Security::default()
                },
                waivers: vec![Waiver::literal_credential(IMPORTED_THE_ORIGINAL_2)],
                ..crate::apps::prometheus::app()
            },
            App {
                storage: vec![Storage {
                    storage_class: Some("sourcegraph".into()),
                    claim_name: Some("redis-cache".into()),
                    ..Storage::new("redis-data", "100Gi")
                }],
                security: Security {
                    run_as_user: 0,
                    run_as_group: 0,
                    fs_group: 0,
                    read_only_root_filesystem: false,
                    service_account_token: true,
                    network_policy: false,
                    run_as_root: true,
                    drop_capabilities: vec![],
                    privilege_escalation: true,
                    user_on_containers: true,
                    exception: Some(SECURITY_EXCEPTION_2.into()),
                    ..Security::default()
                },
                ..crate::apps::redis_cache::app()
            },
            App {
                storage: vec![Storage {
                    storage_class: Some("sourcegraph".into()),
                    claim_name: Some("redis-store".into()),
                    ..Storage::new("redis-data", "100Gi")
                }],
                security: Security {
                    run_as_user: 0,
                    run_as_group: 0,
                    fs_group: 0,
                    read_only_root_filesystem: false,
                    service_account_token: true,
                    network_policy: false,
                    run_as_root: true,
                    drop_capabilities: vec![],
                    privilege_escalation: true,
                    user_on_containers: true,
                    exception: Some(SECURITY_EXCEPTION_2.into()),
                    ..Security::default()
                },
                ..crate::apps::redis_store::app()
            },
            crate::apps::searcher::app(),
            App {
                replicas: 2,
                service_account: ServiceAccount::Shared(sourcegraph_frontend_account.handle()),
                security: Security {
                    run_as_user: 0,
                    run_as_group: 0,
                    fs_group: 0,
                    read_only_root_filesystem: false,
                    service_account_token: true,
                    network_policy: false,
                    run_as_root: true,
                    drop_capabilities: vec![],
                    privilege_escalation: true,
                    user_on_containers: true,
                    exception: Some(SECURITY_EXCEPTION_2.into()),
                    ..Security::default()
                },
                ..crate::apps::sourcegraph_frontend::app(&sourcegraph_frontend_env)
            }
            .with(Overlay {
                env_remove: vec!["JAEGER_SERVER_URL".into()],
                ..Overlay::default()
            }),
            App {
                security: Security {
                    run_as_user: 0,
                    run_as_group: 0,
                    fs_group: 0,
                    read_only_root_filesystem: false,
                    service_account_token: true,
                    network_policy: false,
                    run_as_root: true,
                    drop_capabilities: vec![],
                    privilege_escalation: true,
                    exception: Some(SECURITY_EXCEPTION_2.into()),
                    ..Security::default()
                },
                ..crate::apps::syntactic_code_intel::app()
            },
            App {
                security: Security {
                    run_as_user: 0,
                    run_as_group: 0,
                    fs_group: 0,
                    read_only_root_filesystem: false,
                    service_account_token: true,
                    network_policy: false,
                    run_as_root: true,
                    drop_capabilities: vec![],
                    privilege_escalation: true,
                    user_on_containers: true,
                    exception: Some(SECURITY_EXCEPTION_2.into()),
                    ..Security::default()
                },
                ..crate::apps::syntect_server::app()
            },
            App {
                security: Security {
                    run_as_user: 0,
                    run_as_group: 0,
                    fs_group: 0,
                    read_only_root_filesystem: false,
                    service_account_token: true,
                    network_policy: false,
                    run_as_root: true,
                    drop_capabilities: vec![],
                    privilege_escalation: true,
                    user_on_containers: true,
                    fs_group_on_mismatch: true,
                    exception: Some(SECURITY_EXCEPTION_2.into()),
                    ..Security::default()
                },
                ..crate::apps::worker::app()
            },
            App {
                config: Config {
                    name: Some("grafana".into()),
                    ..Config::new().set("datasources.yml", DATASOURCES_YML_2)
                },
                storage: vec![Storage {
                    storage_class: Some("sourcegraph".into()),
                    ..Storage::new("grafana-data", "2Gi")
                }],
                service_account: ServiceAccount::Shared(grafana_account.handle()),
                security: Security {
                    run_as_user: 0,
                    run_as_group: 0,
                    fs_group: 0,
                    read_only_root_filesystem: false,
                    service_account_token: true,
                    network_policy: false,
                    run_as_root: true,
                    drop_capabilities: vec![],
                    privilege_escalation: true,
                    exception: Some(SECURITY_EXCEPTION_2.into()),
                    ..Security::default()
                },
                waivers: vec![Waiver::literal_credential(IMPORTED_THE_ORIGINAL_2)],
                ..crate::apps::grafana::app()
            },
        ],
        configs: vec![
            codeinsights_db_conf,
            codeintel_db_conf,
            pgsql_conf,
            prometheus,
            sourcegraph_frontend_env,
            otel_agent,
        ],
        service_accounts: vec![
            prometheus_account,
            sourcegraph_frontend_account,
            grafana_account,
            cadvisor_account,
        ],
        services: vec![
            ServiceSpec::new(
                "cadvisor",
                labels(&[("app", "cadvisor")]),
                Expose {
                    type_: ExposeType::Headless,
                    ports: vec![ServicePort {
                        name: Some("http".into()),
                        target: "48080".into(),
                        port: 48080,
                        ..ServicePort::default()
                    }],
                    annotations: labels(&[
                        ("prometheus.io/port", "48080"),
                        ("sourcegraph.prometheus/scrape", "true"),
                    ]),
                    labels: labels(&[
                        ("app", "cadvisor"),
                        ("app.kubernetes.io/component", "cadvisor"),
                        ("sourcegraph-resource-requires", "no-cluster-admin"),
                    ]),
                    ..Expose::default()
                },
            ),
            ServiceSpec::new(
                "gitserver",
                labels(&[("app", "gitserver"), ("type", "gitserver")]),
                Expose {
                    type_: ExposeType::Headless,
                    ports: vec![ServicePort {
                        name: Some("unused".into()),
                        target: "10811".into(),
                        port: 10811,
                        ..ServicePort::default()
                    }],
                    annotations: labels(&[
                        ("description", HEADLESS_SERVICE_THAT),
                        ("prometheus.io/port", "6060"),
                        ("sourcegraph.prometheus/scrape", "true"),
                    ]),
                    labels: labels(&[
                        ("app", "gitserver"),
                        ("app.kubernetes.io/component", "gitserver"),
                        ("sourcegraph-resource-requires", "no-cluster-admin"),
                        ("type", "gitserver"),
                    ]),
                    ..Expose::default()
                },
            ),
            ServiceSpec::new(
                "indexed-search",
                labels(&[("app", "indexed-search")]),
                Expose {
                    type_: ExposeType::Headless,
                    ports: vec![ServicePort::new("6070", 6070)],
                    annotations: labels(&[
                        ("description", HEADLESS_SERVICE_THAT_2),
                        ("prometheus.io/port", "6070"),
                        ("sourcegraph.prometheus/scrape", "true"),
                    ]),
                    labels: labels(&[
                        ("app", "indexed-search"),
                        ("app.kubernetes.io/component", "indexed-search"),
                        ("sourcegraph-resource-requires", "no-cluster-admin"),
                    ]),
                    ..Expose::default()
                },
            ),
            ServiceSpec::new(
                "indexed-search-indexer",
                labels(&[("app", "indexed-search")]),
                Expose {
                    type_: ExposeType::Headless,
                    ports: vec![ServicePort::new("6072", 6072)],
                    annotations: labels(&[
                        ("description", HEADLESS_SERVICE_THAT_2),
                        ("prometheus.io/port", "6072"),
                        ("sourcegraph.prometheus/scrape", "true"),
                    ]),
                    labels: labels(&[
                        ("app", "indexed-search-indexer"),
                        ("app.kubernetes.io/component", "indexed-search"),
                        ("sourcegraph-resource-requires", "no-cluster-admin"),
                    ]),
                    ..Expose::default()
                },
            ),
            ServiceSpec::new(
                "node-exporter",
                labels(&[("app", "node-exporter")]),
                Expose {
                    ports: vec![ServicePort {
                        name: Some("metrics".into()),
                        target: "metrics".into(),
                        port: 9100,
                        ..ServicePort::default()
                    }],
                    annotations: labels(&[
                        (
                            "description",
                            "Prometheus exporter for hardware and OS metrics.",
                        ),
                        ("prometheus.io/port", "9100"),
                        ("sourcegraph.prometheus/scrape", "true"),
                        ("url", "https://github.com/prometheus/node_exporter"),
                    ]),
                    labels: labels(&[
                        ("app", "node-exporter"),
                        ("app.kubernetes.io/component", "node-exporter"),
                        ("sourcegraph-resource-requires", "no-cluster-admin"),
                    ]),
                    ..Expose::default()
                },
            ),
        ],
        roles: vec![sourcegraph_frontend_role, prometheus_cluster_role],
        bindings: vec![sourcegraph_frontend_binding, prometheus_cluster_binding],
        waivers: vec![Waiver::literal_credential(IMPORTED_THE_ORIGINAL_2)],
        raw,
        ..Environment::default()
    }
}
