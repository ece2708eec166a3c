#!/usr/bin/env bash
# Settings (or builds) back to back: for each one a fresh router and database, a warm-up on the
# intake, then the bare platform-http route and the intake flat out (every type disabled), with
# wrk replaying pre-signed requests, CPU per request of the router and of PostgreSQL. One line
# each, also appended to bench/results/compare-<UTC time>.md. Alternate the candidates (a b a b)
# on these shared machines: runs minutes apart differ more than many settings do.
#   bash bench/compare.sh "shipped|" "no-http-observation|--management.observations.enable.http.server.requests=false" "shipped|"
#   bash bench/compare.sh "before|@/tmp/before.jar" "after|" "before|@/tmp/before.jar" "after|"
# "label|arguments": arguments go to the router; one starting with @ names the jar to run instead
# of target/'s. DATABASES (as-is or production, default as-is), WARMUP_SECONDS (45),
# SECONDS_PER_RUN (30).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib-wrk.sh

WARMUP=${WARMUP_SECONDS:-45}
RUN=${SECONDS_PER_RUN:-30}
OUT=bench/results/compare-$(date -u +%Y-%m-%dT%H%M%SZ).md
[ $# -gt 0 ] || { sed -n 2,11p "$0" >&2; exit 2; }

need_wrk
./mvnw -q -B package -DskipTests
shipped=$(ls target/vobiz-router-*.jar | head -n 1)
cp "$shipped" "$shipped.compare"
trap 'stop_router; cp "$shipped.compare" "$shipped"; rm -f "$shipped.compare" bench/results/compare-*.tsv; stop_bench_cluster' EXIT
use_database "${DATABASES:-as-is}"
port=$PG_PORT
db=vobiz_compare_bench
tag=compare-$(date +%s)
presign "$tag-warm" $((WARMUP * 8000)) all
presign "$tag-flat" $((RUN * PRESIGNED_PER_SECOND)) all
{
  echo "# Back to back, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "$(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg) at start; PostgreSQL ${DATABASES:-as-is}; wrk -t2 -c${CONNECTIONS:-32}; warm-up ${WARMUP} s; runs ${RUN} s;"
  echo "commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' + local changes')"
  echo
  echo "| candidate | bare route/s | bare: router CPU per request | intake answered/s | stored/s | of bare | intake ack p99 | intake: router, PostgreSQL CPU per event |"
  echo "|---|---|---|---|---|---|---|---|"
} > "$OUT"
for candidate in "$@"; do
  label=${candidate%%|*}
  read -r -a args <<< "${candidate#*|}"
  jar="$shipped.compare"
  if [ "${#args[@]}" -gt 0 ] && [ "${args[0]:0:1}" = @ ]; then jar=${args[0]:1}; args=("${args[@]:1}"); fi
  cp "$jar" "$shipped"
  psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null 2>&1
  start_router "$port" "$db" --router.events.enabled= "${args[@]}"
  replay /webhooks/vobiz "$tag-warm" "$WARMUP" 0 > /dev/null
  measure_start "$port"; bare=$(replay /bench/bare "$tag-warm" "$RUN" 0); bare_cpu=$(measure_end "$port")
  measure_start "$port"; flat=$(replay /webhooks/vobiz "$tag-flat" "$RUN" 0); flat_cpu=$(measure_end "$port")
  # Builds before event ids were <source>:<id> stored the sender's id alone: count both forms.
  stored=$(q "$port" "$db" "SELECT COUNT(*) FROM inbox_event WHERE event_id LIKE 'vobiz:evt\\_bench\\_${tag}-flat\\_%' OR event_id LIKE 'evt\\_bench\\_${tag}-flat\\_%'")
  stop_router
  stored_rps=$(stored_rate "$stored" "$(field seconds "$flat")" $((RUN * PRESIGNED_PER_SECOND)))
  line="| $label | $(field per_second "$bare") | $(echo "$bare_cpu" | awk -v n="$(field requests "$bare")" '{printf "%.3f ms", 1000 * $1 / n}') | $(field per_second "$flat") | $stored_rps | $(awk -v a="${stored_rps#≥ }" -v b="$(field per_second "$bare")" 'BEGIN {printf "%.0f %%", 100 * a / b}') | $(field p99_ms "$flat") ms | $(echo "$flat_cpu" | awk -v n="$stored" '{printf "%.3f + %.3f ms", 1000 * $1 / n, 1000 * $2 / n}') |"
  echo "$line" >> "$OUT"
  echo "$line"
done
echo >> "$OUT"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end" >> "$OUT"
