#!/usr/bin/env bash
# Where the router's CPU and allocations go under intake flat out: the router as intake.sh runs
# it (every type disabled, so nothing is dispatched), wrk replaying pre-signed requests, a 45 s
# warm-up, then a Java Flight Recorder recording (settings=profile) of SECONDS_PER_RUN (default
# 40) of the same load, started and dumped with jcmd. On this machine's PostgreSQL as it is unless
# DATABASES=production. Writes bench/results/profile-<UTC time>.md (CPU samples by thread group,
# the methods most often on top of the stack, the router's own methods most often anywhere on it,
# the allocation sites and classes by sampled weight) and keeps the recording beside it
# (.jfr, not committed) for `jfr print` or JDK Mission Control.
#   bash bench/profile.sh
#   TARGET=/bench/bare bash bench/profile.sh        # the bare platform-http route instead
#   bash bench/profile.sh --logging.level.com.vobizrouter.intake=WARN   # extra arguments go to the router
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib-wrk.sh

WARMUP=${WARMUP_SECONDS:-45}
RUN=${SECONDS_PER_RUN:-40}
CONNECTIONS=${CONNECTIONS:-32}
DATABASES=${DATABASES:-as-is}
TARGET=${TARGET:-/webhooks/vobiz}
STAMP=$(date -u +%Y-%m-%dT%H%M%SZ)
OUT=bench/results/profile-$STAMP.md
JFR=$PWD/bench/results/profile-$STAMP.jfr
mkdir -p bench/results

need_wrk
./mvnw -q -B package -DskipTests
trap 'stop_router; stop_bench_cluster' EXIT

database=${DATABASES%% *}
use_database "$database"
port=$PG_PORT
db=vobiz_profile_bench
psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
start_router "$port" "$db" --router.events.enabled= "$@"
tag=$(date +%s)
presign "warm-$tag" $((WARMUP * 8000)) all
presign "profiled-$tag" $((RUN * PRESIGNED_PER_SECOND)) all
echo "[$database] warm-up ${WARMUP} s on $TARGET" >&2
replay "$TARGET" "warm-$tag" "$WARMUP" 0 > /dev/null
echo "[$database] recording ${RUN} s on $TARGET" >&2
jcmd "$ROUTER" JFR.start name=bench settings=profile > /dev/null
measure_start "$port"
result=$(replay "$TARGET" "profiled-$tag" "$RUN" 0)
cpu=$(measure_end "$port")
jcmd "$ROUTER" JFR.dump name=bench filename="$JFR" > /dev/null
jcmd "$ROUTER" JFR.stop name=bench > /dev/null
stored=$(q "$port" "$db" "SELECT COUNT(*) FROM inbox_event WHERE event_id LIKE 'vobiz:evt\\_bench\\_profiled-${tag}\\_%'")
stop_router
rm -f bench/results/*-"$tag".tsv

requests=$(field requests "$result")
{
  echo "# Profile of $TARGET flat out, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "$(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; wrk -t2 -c$CONNECTIONS; warm-up ${WARMUP} s; recorded ${RUN} s; PostgreSQL $database;"
  echo "commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' + local changes'); command: \`$(basename "$0") $* (TARGET=$TARGET DATABASES='$DATABASES' SECONDS_PER_RUN=$RUN)\`"
  echo
  echo "Answered $(field per_second "$result")/s (ack p99 $(field p99_ms "$result") ms, non-2xx $(field non_2xx "$result")); stored $stored;" \
    "router and PostgreSQL CPU per request: $(cpu_line "$cpu" "$requests")."
  echo
  jfr print --json --stack-depth 64 --events jdk.ExecutionSample,jdk.ObjectAllocationSample "$JFR" | python3 bench/profile_summary.py "$requests"
} > "$OUT"
cat "$OUT"
