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
./mvnw -q -B package -DskipTests

ROUTER=
start() {
  local jfr=$1; shift
  java -Xms512m -Xmx1g ${jfr:+-XX:StartFlightRecording=filename=$jfr,settings=profile} -jar target/vobiz-router-*.jar \
    --spring.profiles.active=demo,bench --server.port=$PORT --management.server.port=$MGMT \
    --spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/$DB --spring.datasource.username=postgres \
    --router.webhook.secrets=$SECRET --router.demo.latency=50ms --logging.level.com.vobizrouter=WARN "$@" \
    > bench/results/router.log 2>&1 &
  ROUTER=$!
  for _ in $(seq 1 120); do
    curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$PORT/webhooks/vobiz 2>/dev/null | grep -q 405 && return
    sleep 1
  done
  echo "the router did not start; see bench/results/router.log" >&2; exit 1
}
stop() { kill "$ROUTER" 2>/dev/null && wait "$ROUTER" 2>/dev/null || true; }
trap stop EXIT
q() { psql -h 127.0.0.1 -U postgres -d $DB -Atc "$1"; }
ticks() { awk '{print $14 + $15}' /proc/$ROUTER/stat; }
# CPU seconds of the PostgreSQL processes (the router's backends live as long as it does).
pg_cpu() { ps -u postgres -o times= | awk '{s += $1} END {print s}'; }
load() { java bench/LoadGen.java --url http://127.0.0.1:$PORT/webhooks/vobiz --secret $SECRET --connections 64 --rate 0 --seconds "$1" --label "$2" --run "$2"; }
jfr() { [ -n "${JFR:-}" ] && echo "bench/results/$part.jfr" || true; }

psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
echo "# $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
if [ "$part" = intake ]; then
  start "" --router.events.enabled= "$@"
  load 15 warm-up > /dev/null
  [ -n "${JFR:-}" ] && jcmd "$ROUTER" JFR.start name=parts settings=profile filename="$(jfr)" > /dev/null
  t0=$(ticks); g0=$(pg_cpu); s0=$(date +%s.%N)
  result=$(load 40 intake-alone)
  t1=$(ticks); g1=$(pg_cpu); s1=$(date +%s.%N)
  [ -n "${JFR:-}" ] && jcmd "$ROUTER" JFR.stop name=parts > /dev/null
  batch=$(curl -s http://127.0.0.1:$MGMT/actuator/prometheus \
    | awk '/^vobiz_intake_commit_batch_events_sum/ {s=$2} /^vobiz_intake_commit_batch_events_count/ {c=$2} END {printf "%.1f", s / c}')
  echo "intake alone: $result"
  awk -v t0="$t0" -v t1="$t1" -v g0="$g0" -v g1="$g1" -v a="$s0" -v b="$s1" -v batch="$batch" -v hz="$(getconf CLK_TCK)" \
    'BEGIN {printf "router %.2f cores, PostgreSQL %.2f cores, %s events per transaction (warm-up included)\n", (t1-t0)/hz/(b-a), (g1-g0)/(b-a), batch}'
else
  start "" --router.dispatch.poll-interval=3600000 "$@"
  load "${FILL_SECONDS:-30}" fill > /dev/null
  stop
  pending=$(q "SELECT COUNT(*) FROM inbox_event WHERE status = 'PENDING'")
  start "$(jfr)" "$@"
  t0=$(ticks); g0=$(pg_cpu); s0=$(date +%s.%N)
  while [ "$(q "SELECT COUNT(*) FROM inbox_event WHERE status = 'PENDING'")" != 0 ]; do sleep 1; done
  t1=$(ticks); g1=$(pg_cpu); s1=$(date +%s.%N)
  awk -v n="$pending" -v t0="$t0" -v t1="$t1" -v g0="$g0" -v g1="$g1" -v a="$s0" -v b="$s1" -v hz="$(getconf CLK_TCK)" \
    'BEGIN {printf "dispatch alone: %d events drained in %.1f s = %.0f events/s; router %.2f cores (%.1f ms per event), PostgreSQL %.2f cores (%.1f ms per event)\n",
      n, b-a, n/(b-a), (t1-t0)/hz/(b-a), (t1-t0)/hz*1000/n, (g1-g0)/(b-a), (g1-g0)*1000/n}'
  echo "dead letters: $(q "SELECT COUNT(*) FROM dead_letter")"
fi
