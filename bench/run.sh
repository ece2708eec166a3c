#!/usr/bin/env bash
# Benchmarks the router on PostgreSQL (durable commits) on this machine and writes
# bench/results/<UTC time>.md. Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth).
#   bash bench/run.sh            # full: 60 s runs
#   SECONDS_PER_RUN=15 bash bench/run.sh   # quicker look
# Runs, in one session: a warm-up; the baseline; intake flat out (64 connections), then the time dispatch takes
# to drain what that left; intake at fixed rates (RATES, default 100, 200 and 1000 events/s) with
# Salesforce/Zendesk stand-ins answering in 50 ms (end-to-end latency from the database:
# received_at -> dispatched_at). The baseline is a plain Spring MVC endpoint on the same Tomcat
# answering 200 with no work.
set -euo pipefail
cd "$(dirname "$0")/.."

RUN_SECONDS=${SECONDS_PER_RUN:-60}
RATES=${RATES:-100 200 1000}
PORT=${PORT:-18080}
MGMT=${MGMT:-18081}
DB=vobiz_bench
SECRET=bench-secret
OUT=bench/results/$(date -u +%Y-%m-%dT%H%M%SZ).md
mkdir -p bench/results

. bench/lib.sh
fresh_database
build_router
start_router
trap stop_router EXIT

drain() {
  for _ in $(seq 1 180); do
    [ "$(sql -c "SELECT COUNT(*) FROM inbox_event WHERE status = 'PENDING'")" = "0" ] && break
    sleep 1
  done
}
# End-to-end latency (received -> every sink done) of the events of one run, from the inbox.
e2e() { echo "SELECT COUNT(*) || ' events, p50 ' || ROUND(1000 * percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM dispatched_at - received_at))::numeric, 1) || ' ms, p99 ' || ROUND(1000 * percentile_cont(0.99) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM dispatched_at - received_at))::numeric, 1) || ' ms' FROM inbox_event WHERE status = 'DONE' AND event_id LIKE :'prefix'" | sql -v prefix="vobiz:evt\\_bench\\_$1\\_%"; }

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo "warm-up (15 s)..."
load http://127.0.0.1:$PORT/webhooks/vobiz 15 64 0 warmup warm >/dev/null

# The baseline runs once the warm-up is delivered, while nothing waits for dispatch: no other work
# of the router shares its CPU.
drain
echo "baseline: plain Spring MVC endpoint (${RUN_SECONDS} s)..."
BASE=$(load http://127.0.0.1:$PORT/bench/baseline "$RUN_SECONDS" 64 0 baseline base --plain true)

echo "intake flat out (${RUN_SECONDS} s)..."
T0=$(router_cpu_ticks)
read -r B0S B0C <<< "$(batch_totals)"
FLAT=$(load http://127.0.0.1:$PORT/webhooks/vobiz "$RUN_SECONDS" 64 0 intake-flat-out flat)
read -r B1S B1C <<< "$(batch_totals)"
T1=$(router_cpu_ticks)
FLAT_CPU=$(awk -v a="$T0" -v b="$T1" -v hz="$(getconf CLK_TCK)" -v s="$RUN_SECONDS" 'BEGIN { printf "%.2f", (b - a) / hz / s }')
FLAT_BATCH=$(awk -v s0="$B0S" -v c0="$B0C" -v s1="$B1S" -v c1="$B1C" 'BEGIN { if (c1 > c0) printf "%.1f", (s1 - s0) / (c1 - c0); else print "n/a" }')

echo "let dispatch drain (at most 180 s)..."
BACKLOG=$(sql -c "SELECT COUNT(*) FROM inbox_event WHERE status = 'PENDING'")
D0=$(date +%s.%N)
drain
DRAIN=$(awk -v n="$BACKLOG" -v a="$D0" -v b="$(date +%s.%N)" 'BEGIN { printf "%d events in %.0f s: %.0f events/s", n, b - a, n / (b - a) }')

ROWS=()
for rate in $RATES; do
  echo "intake at $rate events/s with 50 ms sinks (${RUN_SECONDS} s)..."
  result=$(load http://127.0.0.1:$PORT/webhooks/vobiz "$RUN_SECONDS" 64 "$rate" "intake-$rate-per-s" "r$rate")
  left=$(sql -c "SELECT COUNT(*) FROM inbox_event WHERE status = 'PENDING'")
  drain
  ROWS+=("| intake at $rate events/s offered | \`$result\` |"
         "| events waiting for dispatch when that run ended | $left |"
         "| end to end at $rate events/s offered (received -> every sink done, sinks answer in 50 ms; after a drain of at most 180 s) | $(e2e "r$rate") |")
done
LEFT=$(sql -c "SELECT COUNT(*) FROM inbox_event WHERE status = 'PENDING'")
DEAD=$(sql -c "SELECT COUNT(*) FROM dead_letter")

PEAK_RSS=$(awk '/VmHWM/ {print $2 " " $3}' /proc/$ROUTER/status)

{
  echo "# Benchmark $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB memory, $(uname -m); PostgreSQL $(psql -h 127.0.0.1 -U postgres -Atc 'SHOW server_version'), synchronous_commit $(psql -h 127.0.0.1 -U postgres -Atc 'SHOW synchronous_commit'); load generator on the same machine."
  echo "Load average when the runs began (other processes on the machine): $LOAD_BEFORE"
  echo "Command: \`SECONDS_PER_RUN=$RUN_SECONDS RATES=\"$RATES\" bash bench/run.sh\`"
  echo
  echo "| run | result |"
  echo "|---|---|"
  echo "| intake flat out, 64 connections | \`$FLAT\` |"
  echo "| router CPU during flat out | $FLAT_CPU cores busy on average |"
  echo "| events per intake transaction during flat out (group commit) | $FLAT_BATCH |"
  echo "| dispatch draining the flat-out run's backlog (intake idle) | $DRAIN |"
  printf '%s\n' "${ROWS[@]}"
  echo "| dead letters after all runs | $DEAD |"
  echo "| events still waiting for dispatch at the end | $LEFT |"
  echo "| baseline: plain Spring MVC 200, 64 connections | \`$BASE\` |"
  echo "| router peak RSS | $PEAK_RSS |"
} > "$OUT"
cat "$OUT"
