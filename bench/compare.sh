#!/usr/bin/env bash
# Side by side: `kubectl kustomize` on the tree bench/kustomize_tree.py writes, and the `scale`
# example (`render prod`) on the same work, at each N, as alternating pairs (K R K R …) so
# both run in the same conditions (a process that follows a large one pays for the memory it
# faults back in). Reports the median with min and max; peak RSS is the median too.
#   bench/compare.sh                    # N = 50 100 200 400, 7 pairs each (3 at N >= 400)
#   NS="200" PAIRS=11 bench/compare.sh
# Also: bench/compare.sh --scale        # rustomize alone, 10 to 20,000 apps: time and memory,
#                                       # and generate/check at 10,000 (RUNS=5 each)
set -euo pipefail
cd "$(dirname "$0")/.."
export KUBECONFIG=/dev/null
NS=${NS:-"50 100 200 400"}
PAIRS=${PAIRS:-7}

cargo build --quiet --release --example scale
scale=target/release/examples/scale
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Seconds (nanosecond clock) and peak KiB (/usr/bin/time) of one run: "wall rss".
once() { # once OUTFILE CMD...
  local out=$1 start end; shift
  start=$(date +%s%N)
  /usr/bin/time -f "%M" -o "$work/t" "$@" > "$out"
  end=$(date +%s%N)
  echo "$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.4f", (e - s) / 1e9 }') $(cat "$work/t")"
}

# "median min max" of the numbers on stdin.
stats() {
  sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%s %s %s\n", m, v[1], v[NR] }'
}

machine="$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m); kubectl $(kubectl version --client 2>/dev/null | awk 'NR == 1 {print $3}') (Kustomize v5.5.0)"

if [ "${1:-}" = "--scale" ]; then
  runs=${RUNS:-5}
  echo "| apps | objects | render wall, median (min–max) | render peak RSS, median | runs |"
  echo "|---|---|---|---|---|"
  for n in 10 100 1000 5000 10000 20000; do
    : > "$work/w"; : > "$work/m"
    r=$runs; [ "$n" -ge 20000 ] && r=3
    for _ in $(seq "$r"); do
      read -r w m < <(SCALE_APPS=$n once "$work/r.yaml" "$scale" render prod)
      echo "$w" >> "$work/w"; echo "$m" >> "$work/m"
    done
    read -r wm wmin wmax < <(stats < "$work/w"); read -r mm _ _ < <(stats < "$work/m")
    printf '| %s | %s | %.3f s (%.3f–%.3f) | %s MiB | %s |\n' "$n" "$(grep -c '^kind:' "$work/r.yaml")" "$wm" "$wmin" "$wmax" "$((${mm%.*} / 1024))" "$r"
  done
  echo
  # generate writes the tree (into target/scale-generated, the example's scratch tree), then
  # check reads it back and compares; both whole processes, at 10,000 apps.
  echo "| command, 10,000 apps | wall, median (min–max) | peak RSS, median | runs |"
  echo "|---|---|---|---|"
  for cmd in generate check; do
    : > "$work/w"; : > "$work/m"
    for _ in $(seq "$runs"); do
      read -r w m < <(SCALE_APPS=10000 once "$work/out" "$scale" "$cmd")
      echo "$w" >> "$work/w"; echo "$m" >> "$work/m"
    done
    read -r wm wmin wmax < <(stats < "$work/w"); read -r mm _ _ < <(stats < "$work/m")
    printf '| `scale %s` | %.3f s (%.3f–%.3f) | %s MiB | %s |\n' "$cmd" "$wm" "$wmin" "$wmax" "$((${mm%.*} / 1024))" "$runs"
  done
  echo
  echo "Measured by \`bench/compare.sh --scale\` on $machine: each command a whole process (wall from the nanosecond clock, peak RSS from \`/usr/bin/time\`), median of the runs in the last column with min–max."
  exit 0
fi

rows=""
for n in $NS; do
  pairs=$PAIRS; [ "$n" -ge 400 ] && pairs=3
  python3 bench/kustomize_tree.py "$n" "$work/tree-$n"
  : > "$work/kw"; : > "$work/km"; : > "$work/rw"; : > "$work/rm"
  for _ in $(seq "$pairs"); do
    read -r w m < <(once "$work/k.yaml" kubectl kustomize "$work/tree-$n/overlays/prod")
    echo "$w" >> "$work/kw"; echo "$m" >> "$work/km"
    read -r w m < <(SCALE_APPS=$n once "$work/r.yaml" "$scale" render prod)
    echo "$w" >> "$work/rw"; echo "$m" >> "$work/rm"
  done
  read -r kw kwmin kwmax < <(stats < "$work/kw"); read -r km _ _ < <(stats < "$work/km")
  read -r rw rwmin rwmax < <(stats < "$work/rw"); read -r rm _ _ < <(stats < "$work/rm")
  ko=$(grep -c '^kind:' "$work/k.yaml"); ro=$(grep -c '^kind:' "$work/r.yaml")
  ratio=$(awk -v k="$kw" -v r="$rw" 'BEGIN { printf "%.0f", k / r }')
  mem=$(awk -v k="$km" -v r="$rm" 'BEGIN { printf "%.2f", r / k }')
  row=$(printf '| %s | %s | %.2f s (%.2f–%.2f) | %s MiB | %s | %.0f ms (%.0f–%.0f) | %s MiB | %s× | %s | %s |' \
    "$n" "$ko" "$kw" "$kwmin" "$kwmax" "$((${km%.*} / 1024))" "$ro" \
    "$(awk -v r="$rw" 'BEGIN { print r * 1000 }')" "$(awk -v r="$rwmin" 'BEGIN { print r * 1000 }')" "$(awk -v r="$rwmax" 'BEGIN { print r * 1000 }')" \
    "$((${rm%.*} / 1024))" "$ratio" "$mem" "$pairs")
  echo "$row"
  rows+="$row"$'\n'
done

{
  echo "<!-- compare:start -->"
  echo "Measured by \`bench/compare.sh\` on $machine: alternating pairs (\`kubectl kustomize\`, then \`scale render prod\`), wall time of each run (nanosecond clock, process start to exit) and its peak RSS (\`/usr/bin/time\`), median with min–max; the last column is the number of pairs."
  echo
  echo "| apps (N) | Kustomize objects | Kustomize wall | Kustomize peak RSS | rustomize objects | rustomize wall | rustomize peak RSS | speed-up | memory ratio | pairs |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
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
