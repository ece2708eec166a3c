#!/usr/bin/env bash
# CPU of a running JVM's threads over an interval, summed by thread name with the digits folded
# (all "C2 CompilerThread0/1" together, all Camel seda threads together), in cores:
#   bash bench/thread-cpu.sh <pid> [seconds, default 20]
# Used while bench/drain.sh ran to see the JIT compiler's share (bench/README, "Dispatch warm").
set -euo pipefail
pid=$1
seconds=${2:-20}
snapshot() {
  for task in /proc/"$pid"/task/*; do
    name=$(sed 's/[0-9]\+/#/g' "$task/comm" 2>/dev/null) || continue
    ticks=$(awk '{print $14 + $15}' "$task/stat" 2>/dev/null) || continue
    printf '%s\t%s\n' "$name" "$ticks"
  done
}
before=$(snapshot)
sleep "$seconds"
after=$(snapshot)
awk -F'\t' -v s="$seconds" -v hz="$(getconf CLK_TCK)" '
  NR == FNR { b[$1] += $2; next }
  { a[$1] += $2 }
  END { for (k in a) { d = (a[k] - b[k]) / hz / s; if (d >= 0.01) printf "%6.2f cores  %s\n", d, k } }
' <(echo "$before") <(echo "$after") | sort -rn
