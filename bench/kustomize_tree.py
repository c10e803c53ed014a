#!/usr/bin/env python3
"""Writes the Kustomize tree equivalent to `examples/scale.rs` with N apps.

base/: N Deployments (two containers, env, envFrom and a volume from the generated ConfigMap,
probes) and N Services, labels and a configMapGenerator. overlays/prod/: namePrefix, namespace,
labels (includeTemplates), 10 images, N replicas entries, a configMapGenerator (merge + new)
and N/4 strategic-merge patch files.  Usage: kustomize_tree.py N DIR
"""
import os
import sys


def deployment(i):
    name = f"app-{i:05}"
    return f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  labels: {{app.kubernetes.io/name: {name}}}
spec:
  replicas: 1
  selector:
    matchLabels: {{app.kubernetes.io/name: {name}}}
  template:
    metadata:
      labels: {{app.kubernetes.io/name: {name}}}
    spec:
      containers:
      - name: main
        image: registry.example.com/team/service-{i % 10}:1.0.0
        ports: [{{name: http, containerPort: 8080}}]
        env:
        - {{name: APP_INDEX, value: "{i}"}}
        - {{name: LOG_FORMAT, value: json}}
        - {{name: REGION, value: eu-west-1}}
        envFrom: [{{configMapRef: {{name: app-config}}}}]
        livenessProbe: {{httpGet: {{path: /healthz, port: http}}, periodSeconds: 10}}
        readinessProbe: {{httpGet: {{path: /ready, port: http}}, periodSeconds: 5}}
        resources:
          requests: {{cpu: 50m, memory: 64Mi}}
          limits: {{cpu: 200m, memory: 128Mi}}
        volumeMounts: [{{name: config, mountPath: /etc/app, readOnly: true}}]
      - name: proxy
        image: registry.example.com/platform/proxy:2.3.1
        ports: [{{name: admin, containerPort: 9901}}]
        readinessProbe: {{tcpSocket: {{port: admin}}}}
        resources:
          requests: {{cpu: 20m, memory: 32Mi}}
          limits: {{cpu: 100m, memory: 64Mi}}
      volumes: [{{name: config, configMap: {{name: app-config}}}}]
"""


def service(i):
    name = f"app-{i:05}"
    return f"""apiVersion: v1
kind: Service
metadata:
  name: {name}
spec:
  selector: {{app.kubernetes.io/name: {name}}}
  ports: [{{name: http, port: 80, targetPort: http}}]
"""


def main():
    n, root = int(sys.argv[1]), sys.argv[2]
    base, prod = os.path.join(root, "base"), os.path.join(root, "overlays", "prod")
    os.makedirs(base, exist_ok=True)
    os.makedirs(prod, exist_ok=True)
    with open(os.path.join(base, "deployments.yaml"), "w") as f:
        f.write("---\n".join(deployment(i) for i in range(n)))
    with open(os.path.join(base, "services.yaml"), "w") as f:
        f.write("---\n".join(service(i) for i in range(n)))
    with open(os.path.join(base, "kustomization.yaml"), "w") as f:
        f.write("resources: [deployments.yaml, services.yaml]\n"
                "labels:\n- pairs: {app.kubernetes.io/part-of: scale}\n"
                "configMapGenerator:\n- name: app-config\n"
                "  literals: [\"FEATURE_FLAGS=search,checkout\", POOL_SIZE=8, TIMEOUT=30s]\n")
    patches = []
    for i in range(0, n, 4):
        path = f"patch-{i:05}.yaml"
        patches.append(path)
        with open(os.path.join(prod, path), "w") as f:
            f.write(f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-{i:05}\n"
                    "spec:\n  minReadySeconds: 10\n  template:\n    spec:\n      containers:\n"
                    "      - name: main\n        resources:\n          limits: {cpu: 500m, memory: 256Mi}\n")
    images = "".join(f"- name: registry.example.com/team/service-{k}\n  newTag: \"1.1.0\"\n" for k in range(min(10, n)))
    replicas = "".join(f"- name: app-{i:05}\n  count: 3\n" for i in range(n))
    with open(os.path.join(prod, "kustomization.yaml"), "w") as f:
        f.write("resources: [../../base]\nnamePrefix: prod-\nnamespace: scale\n"
                "labels:\n- pairs: {environment: prod, team: platform}\n  includeTemplates: true\n"
                f"images:\n{images}replicas:\n{replicas}"
                "configMapGenerator:\n- name: app-config\n  behavior: merge\n  literals: [TIMEOUT=60s]\n"
                "- name: prod-extra\n  literals: [REGION=eu-west-1]\n"
                "patches:\n" + "".join(f"- path: {p}\n" for p in patches))


if __name__ == "__main__":
    main()
