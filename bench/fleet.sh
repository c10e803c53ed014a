#!/usr/bin/env bash
# The fleet at scale: the `scale` example's 200-app `dev`, `staging` and `prod` on N clusters
# (`SCALE_CLUSTERS=N`: every cluster runs all three, plus the Argo CD and Flux trees), through
# `generate` into a scratch directory, RUNS times each: wall time and peak RSS, median (min–max);
# and `list`, which renders every tree without writing it (the render alone).
#   bench/fleet.sh                  # N = 1 10 100, 3 runs each
#   NS="100" RUNS=5 APPS=200 bench/fleet.sh
# The srvthreds fleet (100 clusters × 2 environments) is a divan benchmark:
#   cargo bench --bench render -- fleet_srvthreds
set -euo pipefail
cd "$(dirname "$0")/.."
NS=${NS:-"1 10 100"}
RUNS=${RUNS:-3}
APPS=${APPS:-200}

cargo build --quiet --release --example scale
scale=target/release/examples/scale
work=$(mktemp -d)
trap 'rm -rf "$work" target/scale-generated' EXIT

stats() { # "median min max" of the numbers on stdin
  sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%s %s %s\n", m, v[1], v[NR] }'
}

echo "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m); $APPS apps per environment"
echo "| clusters | trees | files | generate wall, median (min–max) | generate peak RSS | list (render only) wall | list peak RSS | runs |"
echo "|---|---|---|---|---|---|---|---|"
for n in $NS; do
  : > "$work/w"; : > "$work/m"
  for _ in $(seq "$RUNS"); do
    rm -rf target/scale-generated
    start=$(date +%s%N)
    SCALE_APPS=$APPS SCALE_CLUSTERS=$n /usr/bin/time -f "%M" -o "$work/t" "$scale" generate 2> "$work/log" \
      || { cat "$work/log"; exit 1; }
    end=$(date +%s%N)
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f\n", (e - s) / 1e9 }' >> "$work/w"
    cat "$work/t" >> "$work/m"
  done
  : > "$work/lw"; : > "$work/lm"
  for _ in $(seq "$RUNS"); do
    start=$(date +%s%N)
    SCALE_APPS=$APPS SCALE_CLUSTERS=$n /usr/bin/time -f "%M" -o "$work/t" "$scale" list > /dev/null
    end=$(date +%s%N)
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f\n", (e - s) / 1e9 }' >> "$work/lw"
    cat "$work/t" >> "$work/lm"
  done
  files=$(find target/scale-generated -type f | wc -l)
  trees=$((n * 3 + 3 + 2))
  read -r wm wmin wmax < <(stats < "$work/w"); read -r mm _ _ < <(stats < "$work/m")
  read -r lw lmin lmax < <(stats < "$work/lw"); read -r lm _ _ < <(stats < "$work/lm")
  printf '| %s | %s | %s | %.2f s (%.2f–%.2f) | %s MiB | %.2f s (%.2f–%.2f) | %s MiB | %s |\n' "$n" "$trees" "$files" "$wm" "$wmin" "$wmax" "$((${mm%.*} / 1024))" "$lw" "$lmin" "$lmax" "$((${lm%.*} / 1024))" "$RUNS"
done
