#!/usr/bin/env bash
# Side by side: `kubectl kustomize` on the tree bench/kustomize_tree.py writes, and the `scale`
# example (`render prod`) on the same work, at each N. Writes the table into BENCHMARKS.md.
#   bench/compare.sh              # N = 50 100 200 400 800, 5 runs each (2 at N >= 800)
#   NS="50 100" RUNS=5 bench/compare.sh
set -euo pipefail
cd "$(dirname "$0")/.."
NS=${NS:-"50 100 200 400 800"}
RUNS=${RUNS:-5}
export KUBECONFIG=/dev/null

cargo build --quiet --release --example scale
scale=target/release/examples/scale
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

command -v hyperfine > /dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }

# Mean wall seconds (hyperfine, after a warm-up) and peak RSS in KiB (/usr/bin/time, one run).
measure() { # measure RUNS OUTFILE CMD...
  local runs=$1 out=$2; shift 2
  /usr/bin/time -f "%M" -o "$work/rss" "$@" > "$out"
  hyperfine -N --style none --warmup 1 --runs "$runs" --export-json "$work/t.json" "$*" > /dev/null 2>&1
  python3 - "$work/t.json" "$work/rss" <<'PY'
import json, sys
mean = json.load(open(sys.argv[1]))["results"][0]["mean"]
print(f"{mean:.4f} {open(sys.argv[2]).read().strip()}")
PY
}

rows=""
for n in $NS; do
  runs=$RUNS; [ "$n" -ge 800 ] && runs=2
  python3 bench/kustomize_tree.py "$n" "$work/tree-$n"
  read -r kw km < <(measure "$runs" "$work/k.yaml" kubectl kustomize "$work/tree-$n/overlays/prod")
  read -r rw rm < <(SCALE_APPS=$n measure "$runs" "$work/r.yaml" "$scale" render prod)
  ko=$(grep -c '^kind:' "$work/k.yaml"); ro=$(grep -c '^kind:' "$work/r.yaml")
  ratio=$(awk -v k="$kw" -v r="$rw" 'BEGIN { printf "%.0f", k / r }')
  mem=$(awk -v k="$km" -v r="$rm" 'BEGIN { printf "%.2f", r / k }')
  row=$(printf '| %s | %s | %.3f s | %s MiB | %s | %.1f ms | %s MiB | %s× | %s |' "$n" "$ko" "$kw" "$((km / 1024))" "$ro" "$(awk -v r="$rw" 'BEGIN { print r * 1000 }')" "$((rm / 1024))" "$ratio" "$mem")
  echo "$row"
  rows+="$row"$'\n'
done

machine="$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m); kubectl $(kubectl version --client 2>/dev/null | awk 'NR == 1 {print $3}') (Kustomize v5.5.0)"
{
  echo "<!-- compare:start -->"
  echo "Measured by \`bench/compare.sh\` on $machine: mean wall time of $RUNS runs after a warm-up (2 at N ≥ 800) from hyperfine, peak RSS of one run from \`/usr/bin/time\`."
  echo
  echo "| apps (N) | Kustomize objects | Kustomize wall | Kustomize peak RSS | rustomize objects | rustomize wall | rustomize peak RSS | speed-up | memory ratio |"
  echo "|---|---|---|---|---|---|---|---|---|"
  printf '%s' "$rows"
  echo "<!-- compare:end -->"
} > "$work/table"
if [ -f BENCHMARKS.md ] && grep -q 'compare:start' BENCHMARKS.md; then
  python3 - "$work/table" <<'PY'
import re, sys
table = open(sys.argv[1]).read()
text = open("BENCHMARKS.md").read()
open("BENCHMARKS.md", "w").write(re.sub(r"<!-- compare:start -->.*?<!-- compare:end -->\n", table, text, flags=re.S))
PY
else
  cat "$work/table"
fi
