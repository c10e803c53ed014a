#!/usr/bin/env bash
# `import` at scale: the `scale` example's `prod` of N apps (a Deployment, Service and
# ConfigMap each) rendered to a stream, then imported as a new project, RUNS times each:
# wall time and peak RSS, median (min–max).
#   bench/import.sh                 # N = 100 1000 3000, 3 runs each
#   NS="100 1000" RUNS=1 bench/import.sh
set -euo pipefail
cd "$(dirname "$0")/.."
NS=${NS:-"100 1000 3000"}
RUNS=${RUNS:-3}

cargo build --quiet --release --example scale --bin rustomize
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

stats() { # "median min max" of the numbers on stdin
  sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%s %s %s\n", m, v[1], v[NR] }'
}

echo "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m)"
echo "| apps | objects | import wall, median (min–max) | peak RSS, median | typed apps | runs |"
echo "|---|---|---|---|---|---|"
for n in $NS; do
  SCALE_APPS=$n target/release/examples/scale render prod > "$work/in.yaml"
  : > "$work/w"; : > "$work/m"
  for r in $(seq "$RUNS"); do
    start=$(date +%s%N)
    /usr/bin/time -f "%M" -o "$work/t" target/release/rustomize import --env "prod=$work/in.yaml" \
      --out "$work/p$r" 2> "$work/log" || { tail -20 "$work/log"; exit 1; }
    end=$(date +%s%N)
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f\n", (e - s) / 1e9 }' >> "$work/w"
    cat "$work/t" >> "$work/m"
  done
  typed=$(sed -n 's/.*: \([0-9]*\) typed apps.*/\1/p' "$work/log" | tail -1)
  read -r wm wmin wmax < <(stats < "$work/w"); read -r mm _ _ < <(stats < "$work/m")
  printf '| %s | %s | %.2f s (%.2f–%.2f) | %s MiB | %s | %s |\n' "$n" "$(grep -c '^kind:' "$work/in.yaml")" "$wm" "$wmin" "$wmax" "$((${mm%.*} / 1024))" "$typed" "$RUNS"
  rm -rf "$work"/p*
done
