#!/usr/bin/env python3
"""Writes the table of what each Kubernetes version serves, from the API schemas that the
`kubernetes-validate` package ships (one folder per minor version), so `render` can refuse a
kind or a field the target cluster's version does not have.

    python3 ci/kubernetes_versions.py SCHEMA_DIR > data/kubernetes-versions.tsv

SCHEMA_DIR is `kubernetes_validate/kubernetes-json-schema` inside the package. The output is
deterministic (sorted, no timestamps): CI runs this script again and diffs it with the
committed table.

Lines (tab-separated):
    versions  FIRST  LAST                      the minor versions the table covers
    kind      GROUP/VERSION  KIND  FIRST  LAST  every resource kind, and the versions serving it
    field     GROUP/VERSION  KIND  PATH  FIRST  LAST
        a field that a served kind did not always have: added after the kind's first version
        in the table, or gone before its last. PATH is dotted, `[]` for list items.
"""
import json
import os
import re
import sys

# Kinds in the schemas that are no stored resources: request and response bodies.
NOT_RESOURCES = {
    "DeleteOptions", "WatchEvent", "Status", "APIVersions", "APIGroup", "APIGroupList",
    "APIResourceList", "Eviction", "Scale", "TokenRequest", "TokenReview", "SubjectAccessReview",
    "SelfSubjectAccessReview", "SelfSubjectRulesReview", "LocalSubjectAccessReview",
    "SelfSubjectReview", "Binding",
}
MAX_DEPTH = 14


def minor(folder):
    m = re.fullmatch(r"v1\.(\d+)\.0-local", folder)
    return int(m.group(1)) if m else None


def paths(defs, name, prefix, stack, out):
    """Every field path under definition `name`; a definition already on the stack (a
    recursive type) is not entered again."""
    if name in stack or len(stack) > MAX_DEPTH:
        return
    d = defs.get(name, {})
    for key, prop in sorted(d.get("properties", {}).items()):
        if not stack and key in ("apiVersion", "kind", "status"):
            continue
        path = f"{prefix}.{key}" if prefix else key
        out.add(path)
        walk(defs, prop, path, stack + [name], out)


def walk(defs, prop, path, stack, out):
    ref = prop.get("$ref")
    if ref:
        paths(defs, ref.split("/")[-1], path, stack, out)
        return
    items = prop.get("items")
    if isinstance(items, dict):
        walk(defs, items, path + "[]", stack, out)
    extra = prop.get("additionalProperties")
    if isinstance(extra, dict) and ("$ref" in extra or "properties" in extra):
        # A map of objects (rare): its values' fields under `*`.
        walk(defs, extra, path + ".*", stack, out)
    for key, sub in sorted(prop.get("properties", {}).items()):
        sub_path = f"{path}.{key}"
        out.add(sub_path)
        walk(defs, sub, sub_path, stack, out)


def main():
    root = sys.argv[1]
    versions = sorted(v for v in (minor(f) for f in os.listdir(root)) if v is not None)
    kinds = {}   # (gv, kind) -> set of minors
    fields = {}  # (gv, kind) -> path -> set of minors
    for v in versions:
        with open(os.path.join(root, f"v1.{v}.0-local", "_definitions.json")) as f:
            defs = json.load(f)["$defs"]
        for name, d in defs.items():
            props = d.get("properties", {})
            if "metadata" not in props or "kind" not in props:
                continue
            for gvk in d.get("x-kubernetes-group-version-kind", []):
                kind = gvk["kind"]
                if kind.endswith("List") or kind in NOT_RESOURCES:
                    continue
                gv = f"{gvk['group']}/{gvk['version']}" if gvk["group"] else gvk["version"]
                kinds.setdefault((gv, kind), set()).add(v)
                found = set()
                paths(defs, name, "", [], found)
                per = fields.setdefault((gv, kind), {})
                for p in found:
                    per.setdefault(p, set()).add(v)
    print(f"versions\t1.{versions[0]}\t1.{versions[-1]}")
    for (gv, kind), served in sorted(kinds.items()):
        print(f"kind\t{gv}\t{kind}\t1.{min(served)}\t1.{max(served)}")
    for (gv, kind), per in sorted(fields.items()):
        first, last = min(kinds[(gv, kind)]), max(kinds[(gv, kind)])
        for path, seen in sorted(per.items()):
            if min(seen) > first or max(seen) < last:
                print(f"field\t{gv}\t{kind}\t{path}\t1.{min(seen)}\t1.{max(seen)}")


if __name__ == "__main__":
    main()
