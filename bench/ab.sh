#!/usr/bin/env bash
# Two builds of the `scale` example side by side: `render prod` of N apps, alternating runs
# (A B A B …) so both see the same machine; checks the outputs are byte-identical and prints
# the median wall time (min–max) and median peak RSS of each.
#   bench/ab.sh N RUNS BINARY_A BINARY_B
# e.g. two worktrees built with `cargo build --release --example scale`, one of them with a
# performance piece switched off.
set -euo pipefail
n=$1; runs=$2; a=$3; b=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for _ in $(seq "$runs"); do
  for which in a b; do
    if [ "$which" = a ]; then bin=$a; else bin=$b; fi
    start=$(date +%s%N)
    SCALE_APPS=$n /usr/bin/time -f "%M" -o "$work/t" "$bin" render prod > "$work/out.$which"
    end=$(date +%s%N)
    echo "$(( (end - start) / 1000 )) $(cat "$work/t")" >> "$work/$which"
  done
done
if cmp -s "$work/out.a" "$work/out.b"; then echo "outputs identical"; else echo "OUTPUTS DIFFER"; fi
for which in a b; do
  python3 - "$work/$which" "$which" <<'PY'
import statistics, sys
rows = [tuple(map(int, line.split())) for line in open(sys.argv[1])]
t = sorted(r[0] for r in rows)
m = sorted(r[1] for r in rows)
print("%s: %.1f ms (%.1f–%.1f), peak RSS %.1f MiB, %d runs" % (
    sys.argv[2], statistics.median(t) / 1000, t[0] / 1000, t[-1] / 1000,
    statistics.median(m) / 1024, len(t)))
PY
done
