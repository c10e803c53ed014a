#!/usr/bin/env python3
"""Print the Secret values a Kustomize build carries as KEY=VALUE lines (an env file for
`render --secrets-from`), so a port can be compared with an original that commits its
Secrets. Used by CI only, on the corpus; the output goes to a temporary file, never to git.

Usage: secret_values.py BUILD.yaml > FILE
"""

import base64
import sys

import yaml


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        docs = [d for d in yaml.safe_load_all(f) if isinstance(d, dict)]
    seen = {}
    for d in docs:
        if d.get("kind") != "Secret":
            continue
        values = {k: base64.b64decode(v).decode() for k, v in (d.get("data") or {}).items()}
        values.update(d.get("stringData") or {})
        for key, value in sorted(values.items()):
            if "\n" in value:
                print(f"error: {key}: multi-line values cannot be written as KEY=VALUE", file=sys.stderr)
                return 1
            if seen.setdefault(key, value) != value:
                print(f"error: {key} differs between two Secrets", file=sys.stderr)
                return 1
    for key, value in seen.items():
        print(f"{key}={value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
