#!/usr/bin/env bash
# Measures the two halves of the router apart, on PostgreSQL, and prints one line each:
#   bash bench/parts.sh intake     # intake alone: events stored as ignored, nothing dispatched
#   bash bench/parts.sh dispatch   # dispatch alone: fill the inbox with dispatch idle, then time the drain
# intake: 15 s warm-up, then 40 s flat out with 64 connections; accepted/s, ack latency, events per
# transaction, and the CPU the router and PostgreSQL used. dispatch: FILL_SECONDS (30) of intake
# with the poller asleep, a restart, then the time to drain the inbox with the Salesforce and
# Zendesk stand-ins answering in 50 ms; events/s and CPU per event of the router and PostgreSQL.
# JFR=1 also records a Java Flight Recorder profile of the measured part to bench/results/<part>.jfr.
# Extra arguments go to the router (e.g. --router.dispatch.concurrency=64).
set -euo pipefail
cd "$(dirname "$0")/.."
part=${1:-}; shift || true
PORT=18080; MGMT=18081; DB=vobiz_parts; SECRET=bench-secret
case "$part" in intake|dispatch) ;; *) echo "usage: bash bench/parts.sh <intake|dispatch> [router arguments]" >&2; exit 2 ;; esac
. bench/lib.sh
build_router
trap stop_router EXIT
flat_out() { load http://127.0.0.1:$PORT/webhooks/vobiz "$1" 64 0 "$2" "$2"; }
jfr() { [ -n "${JFR:-}" ] && echo "bench/results/$part.jfr" || true; }
# The router with a flight recording to file $1 if not empty, and the given router arguments.
start() {
  local jfr=$1; shift
  start_router ${jfr:+-XX:StartFlightRecording=filename=$jfr,settings=profile} -- "$@"
}

fresh_database
echo "# $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
if [ "$part" = intake ]; then
  start "" --router.events.enabled= "$@"
  flat_out 15 warm-up > /dev/null
  [ -n "${JFR:-}" ] && jcmd "$ROUTER" JFR.start name=parts settings=profile filename="$(jfr)" > /dev/null
  t0=$(router_cpu_ticks); g0=$(postgres_cpu_seconds); s0=$(date +%s.%N)
  result=$(flat_out 40 intake-alone)
  t1=$(router_cpu_ticks); g1=$(postgres_cpu_seconds); s1=$(date +%s.%N)
  [ -n "${JFR:-}" ] && jcmd "$ROUTER" JFR.stop name=parts > /dev/null
  read -r bs bc <<< "$(batch_totals)"
  batch=$(awk -v s="$bs" -v c="$bc" 'BEGIN {printf "%.1f", s / c}')
  echo "intake alone: $result"
  awk -v t0="$t0" -v t1="$t1" -v g0="$g0" -v g1="$g1" -v a="$s0" -v b="$s1" -v batch="$batch" -v hz="$(getconf CLK_TCK)" \
    'BEGIN {printf "router %.2f cores, PostgreSQL %.2f cores, %s events per transaction (warm-up included)\n", (t1-t0)/hz/(b-a), (g1-g0)/(b-a), batch}'
else
  start "" --router.dispatch.poll-interval=3600000 "$@"
  flat_out "${FILL_SECONDS:-30}" fill > /dev/null
  stop_router
  pending=$(sql -c "SELECT COUNT(*) FROM inbox_event WHERE status = 'PENDING'")
  start "$(jfr)" "$@"
  t0=$(router_cpu_ticks); g0=$(postgres_cpu_seconds); s0=$(date +%s.%N)
  while [ "$(sql -c "SELECT COUNT(*) FROM inbox_event WHERE status = 'PENDING'")" != 0 ]; do sleep 1; done
  t1=$(router_cpu_ticks); g1=$(postgres_cpu_seconds); s1=$(date +%s.%N)
  awk -v n="$pending" -v t0="$t0" -v t1="$t1" -v g0="$g0" -v g1="$g1" -v a="$s0" -v b="$s1" -v hz="$(getconf CLK_TCK)" \
    'BEGIN {printf "dispatch alone: %d events drained in %.1f s = %.0f events/s; router %.2f cores (%.1f ms per event), PostgreSQL %.2f cores (%.1f ms per event)\n",
      n, b-a, n/(b-a), (t1-t0)/hz/(b-a), (t1-t0)/hz*1000/n, (g1-g0)/(b-a), (g1-g0)*1000/n}'
  echo "dead letters: $(sql -c "SELECT COUNT(*) FROM dead_letter")"
fi
