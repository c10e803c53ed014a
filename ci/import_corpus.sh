#!/usr/bin/env bash
# Imports each layout of ../shared/corpus/import/ with every overlay as an environment (the
# `build:` and `also:` lines of its SOURCE, named by the corpus README's rule), then checks
# the project: its own `check`, no warnings, `compare.py` against
# `kubectl kustomize` of each overlay, the same bytes when imported twice, and its `src/`
# against the reviewed snapshot in tests/import/<case>/.
#
# Usage: ci/import_corpus.sh WORKDIR [--update]
#   --update rewrites tests/import/<case>/ from this import (review the diff, then commit).
#
# Needs: a Python with PyYAML at $PYTHON (default python3), kubectl, and the corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$1
update=${2:-}
CORPUS=../shared/corpus
PYTHON=${PYTHON:-python3}
# The cases whose every environment must match the original field for field; the others'
# comparisons are printed. A case joins this list once it matches.
MATCHING=(argo-cd metrics-server sourcegraph tekton-cronjobs)
target="$PWD/target"
project() { # project DIR ARGS…: runs an imported project's binary
  local dir=$1; shift
  (cd "$dir" && CARGO_TARGET_DIR="$target" cargo run --quiet -- "$@")
}
env_name() { # env_name CASE BUILD: the environment's name, by the corpus README's rule
  if [ "$2" = . ]; then echo "$1"; return; fi
  echo "$2" | tr 'A-Z' 'a-z' | sed 's/[^a-z0-9]\{1,\}/-/g; s/^-//; s/-$//'
}
mkdir -p "$work"
for dir in "$CORPUS"/import/*/; do
  case_name=$(basename "$dir")
  envs=()
  names=()
  for build in $(sed -n 's/^build: //p; s/^also: //p' "$dir/SOURCE"); do
    name=$(env_name "$case_name" "$build")
    envs+=(--env "$name=$dir$build")
    names+=("$name:$build")
  done
  out="$work/$case_name"
  rm -rf "$out" "$out.again"
  cargo run --locked --quiet -- import "${envs[@]}" --out "$out" 2> "$out.log" \
    || { cat "$out.log"; exit 1; }
  echo "import $case_name: $(tail -1 "$out.log" | sed 's/^imported into `[^`]*`: //')"
  # Before anything builds in it (cargo rewrites the lock file's dependency list).
  cargo run --locked --quiet -- import "${envs[@]}" --out "$out.again" 2> /dev/null
  diff -r --exclude=Cargo.toml --exclude=README.md "$out" "$out.again" > /dev/null \
    || { echo "error: importing $case_name twice gave different bytes"; diff -r "$out" "$out.again" | head -40; exit 1; }
  project "$out" check
  (cd "$out" && CARGO_TARGET_DIR="$target" cargo rustc --quiet -- -D warnings)
  gate=false
  for m in "${MATCHING[@]}"; do [ "$m" = "$case_name" ] && gate=true; done
  for pair in "${names[@]}"; do
    name=${pair%%:*}
    build=${pair#*:}
    kubectl kustomize "$dir$build" > "$out.$name.original.yaml" 2>/dev/null
    # Secret values the original commits, and a placeholder for each key it leaves to the
    # cluster (the render refuses a Secret with a key missing). Outside git, deleted after.
    "$PYTHON" ci/secret_values.py "$out.$name.original.yaml" > "$out.$name.env"
    example="$out/generated/overlays/$name/secrets.env.example"
    if [ -f "$example" ]; then
      for key in $(sed -n 's/^\([^#][^=]*\)=$/\1/p' "$example"); do
        grep -q "^$key=" "$out.$name.env" || echo "$key=placeholder" >> "$out.$name.env"
      done
    fi
    project "$out" render "$name" --secrets-from "$out.$name.env" > "$out.$name.port.yaml"
    if $gate; then
      "$PYTHON" "$CORPUS/compare.py" "$out.$name.original.yaml" "$out.$name.port.yaml" --name "import $case_name $name"
    else
      "$PYTHON" "$CORPUS/compare.py" "$out.$name.original.yaml" "$out.$name.port.yaml" --name "import $case_name $name (not gated)" || true
    fi
  done
  snapshot="tests/import/$case_name"
  if [ "$update" = --update ]; then
    rm -rf "$snapshot"
    mkdir -p "$snapshot"
    cp -r "$out/src" "$snapshot/src"
    echo "$snapshot: updated"
  else
    diff -r "$snapshot/src" "$out/src" \
      || { echo "error: the Rust import writes for $case_name differs from $snapshot (ci/import_corpus.sh DIR --update, then review)"; exit 1; }
    echo "$snapshot: the imported Rust is the reviewed snapshot"
  fi
done
