#!/usr/bin/env python3
"""Validate committed custom resources against their CRD's openAPIV3Schema with an
independent validator (Python `jsonschema`), beside rustomize's own check.

    crd_schema.py --crds DIR [--crds DIR ...] FILE...

Every document of FILE whose apiVersion and kind a CRD in the DIRs serves is validated: the
schema as written, made strict the way the API server is (an object that declares properties
and does not keep unknown fields admits no other field). Prints each custom resource file it
checked on stdout (so the caller can leave them out of validators that know only built-in
kinds); problems go to stderr and the exit status is 1.
"""
import argparse
import copy
import glob
import os
import sys

import jsonschema
import yaml


def strict(schema):
    """A copy of `schema` in which objects refuse undeclared fields (Kubernetes prunes them,
    so a generator that writes one has written something the cluster drops)."""
    schema = copy.deepcopy(schema)

    def walk(s):
        if not isinstance(s, dict):
            return
        props = s.get("properties")
        if isinstance(props, dict):
            if "additionalProperties" not in s and not s.get("x-kubernetes-preserve-unknown-fields"):
                s["additionalProperties"] = False
            for v in props.values():
                walk(v)
        for key in ("items", "additionalProperties", "not"):
            if isinstance(s.get(key), dict):
                walk(s[key])
        for key in ("anyOf", "oneOf", "allOf"):
            for v in s.get(key, []) or []:
                walk(v)

    walk(schema)
    return schema


def load_crds(dirs):
    """(apiVersion, kind) -> schema, for every served version of every CRD in `dirs`."""
    served = {}
    for d in dirs:
        for path in sorted(glob.glob(os.path.join(d, "*.yaml")) + glob.glob(os.path.join(d, "*.yml"))):
            with open(path, encoding="utf-8") as f:
                for doc in yaml.safe_load_all(f):
                    if not isinstance(doc, dict) or doc.get("kind") != "CustomResourceDefinition":
                        continue
                    spec = doc["spec"]
                    for version in spec.get("versions", []):
                        if version.get("served") is False:
                            continue
                        api_version = f"{spec['group']}/{version['name']}"
                        schema = version.get("schema", {}).get("openAPIV3Schema", {})
                        served[(api_version, spec["names"]["kind"])] = strict(schema)
    return served


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crds", action="append", required=True, help="a directory of CRD files")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    served = load_crds(args.crds)
    if not served:
        print("error: no CRD found in " + ", ".join(args.crds), file=sys.stderr)
        return 1
    failed = False
    for path in args.files:
        with open(path, encoding="utf-8") as f:
            docs = [d for d in yaml.safe_load_all(f) if isinstance(d, dict)]
        custom = False
        for doc in docs:
            schema = served.get((doc.get("apiVersion"), doc.get("kind")))
            if schema is None:
                continue
            custom = True
            validator = jsonschema.Draft7Validator(schema)
            for error in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path)):
                where = ".".join(str(p) for p in error.absolute_path) or "(root)"
                print(f"error: {path}: {doc['kind']} `{doc.get('metadata', {}).get('name')}`, field `{where}`: {error.message}", file=sys.stderr)
                failed = True
        if custom:
            print(path)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
