#!/usr/bin/env bash
# Intake alone (every type disabled: events are stored, answered, never dispatched) against a bare
# Camel platform-http route on the same router, with wrk replaying pre-signed requests, on
# PostgreSQL twice: this machine's server as it is (port 5432; here autovacuum is off) and a
# cluster of the bench's own with production settings (autovacuum on, pg_stat_statements loaded;
# created once as cluster "bench" on port 5433, stopped at the end). Writes
# bench/results/intake-<UTC time>.md.
#   bash bench/intake.sh                       # both databases, 45 s warm-up, 60 s runs
#   DATABASES=as-is SECONDS_PER_RUN=30 bash bench/intake.sh
#   bash bench/intake.sh --logging.level.com.vobizrouter.intake=WARN   # extra arguments go to the router
#   PRELOAD=10000000 bash bench/intake.sh         # the same with 10 million old rows already in
#                                                  # inbox_event and CAMEL_MESSAGEPROCESSED
# Per database: warm-up on the intake; the bare route flat out; the intake flat out; the intake
# offered RATE events/s (default 2000) on a schedule (open loop); then the same flat-out run on a second source of
# profile vobiz-messaging (Vobiz's current format, the same campaign's events). Each with the same
# wrk settings (-t2 -c CONNECTIONS, default 32). CPU per event of the router and of PostgreSQL
# comes from /proc (for the bare route, per request).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib-wrk.sh

WARMUP=${WARMUP_SECONDS:-45}
RUN=${SECONDS_PER_RUN:-60}
CONNECTIONS=${CONNECTIONS:-32}
RATE=${RATE:-2000}
PRELOAD=${PRELOAD:-0}
DATABASES=${DATABASES:-as-is production}
OUT=bench/results/intake-$(date -u +%Y-%m-%dT%H%M%SZ).md
mkdir -p bench/results

need_wrk
./mvnw -q -B package -DskipTests
trap 'stop_router; stop_bench_cluster' EXIT

{
  echo "# Intake alone vs a bare platform-http route, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "$(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg) at start; wrk -t2 -c$CONNECTIONS; warm-up ${WARMUP} s; runs ${RUN} s;"
  echo "commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' + local changes'); command: \`$(basename "$0") $* (DATABASES='$DATABASES' SECONDS_PER_RUN=$RUN RATE=$RATE PRELOAD=$PRELOAD)\`"
  echo
} > "$OUT"

for database in $DATABASES; do
  use_database "$database"
  port=$PG_PORT
  db=vobiz_intake_bench
  psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
  # No type is dispatched on either source ("bench.none" names none of the messaging types).
  start_router "$port" "$db" --router.events.enabled= --router.sources.messaging.path=/webhooks/messaging \
    --router.sources.messaging.profile=vobiz-messaging --router.sources.messaging.secrets=$SECRET \
    --router.sources.messaging.events=bench.none "$@"
  if [ "$PRELOAD" -gt 0 ]; then
    echo "[$database] preloading $PRELOAD rows into inbox_event and CAMEL_MESSAGEPROCESSED" >&2
    q "$port" "$db" "INSERT INTO inbox_event (event_id, event_type, channel_id, event_timestamp, received_at, status, next_attempt_at, payload, source)
      SELECT 'vobiz:evt_pre_' || g, 'message.read', 'ch_bench', '2026-03-19T18:00:00Z', now() - interval '1 hour', 'DONE', NULL,
             '{\"event\":\"message.read\",\"event_id\":\"evt_pre_' || g || '\",\"timestamp\":\"2026-03-19T18:00:00Z\",\"channel_id\":\"ch_bench\",\"data\":{\"message_id\":\"wamid.pre.' || g || '\",\"to\":\"+15550000000\",\"status\":\"read\"}}', 'vobiz'
      FROM generate_series(1, $PRELOAD) AS g" >/dev/null
    q "$port" "$db" "INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt)
      SELECT 'vobiz-webhook', 'vobiz:evt_pre_' || g, localtimestamp - interval '1 hour' FROM generate_series(1, $PRELOAD) AS g" >/dev/null
    q "$port" "$db" "CHECKPOINT" >/dev/null
  fi
  tag=$(date +%s)
  presign "warm-$tag" $((WARMUP * 8000)) all
  presign "flat-$tag" $((RUN * PRESIGNED_PER_SECOND)) all
  presign "paced-$tag" $((RUN * RATE * 2)) all
  presign "messaging-$tag" $((RUN * PRESIGNED_PER_SECOND)) campaign vobiz-messaging

  echo "[$database] warm-up ${WARMUP} s" >&2
  replay /webhooks/vobiz "warm-$tag" "$WARMUP" 0 > /dev/null
  echo "[$database] bare route ${RUN} s" >&2
  # The bare route stores nothing, so it may see the warm-up requests again.
  measure_start "$port"
  bare=$(replay /bench/bare "warm-$tag" "$RUN" 0)
  bare_cpu=$(measure_end "$port")
  [ "$database" = production ] && reset_statements "$port" "$db"
  echo "[$database] intake flat out ${RUN} s" >&2
  measure_start "$port"
  flat=$(replay /webhooks/vobiz "flat-$tag" "$RUN" 0)
  flat_cpu=$(measure_end "$port")
  flat_stored=$(q "$port" "$db" "SELECT COUNT(*) FROM inbox_event WHERE event_id LIKE 'vobiz:evt\\_bench\\_flat-${tag}\\_%'")
  statements=$(statements_of "$database" "$port" "$db")
  echo "[$database] intake paced to about ${RATE}/s ${RUN} s" >&2
  measure_start "$port"
  paced=$(replay /webhooks/vobiz "paced-$tag" "$RUN" "${RATE}/s")
  paced_cpu=$(measure_end "$port")
  paced_stored=$(q "$port" "$db" "SELECT COUNT(*) FROM inbox_event WHERE event_id LIKE 'vobiz:evt\\_bench\\_paced-${tag}\\_%'")
  echo "[$database] vobiz-messaging source flat out ${RUN} s" >&2
  measure_start "$port"
  messaging=$(replay /webhooks/messaging "messaging-$tag" "$RUN" 0 X-Webhook-Signature)
  messaging_cpu=$(measure_end "$port")
  messaging_stored=$(q "$port" "$db" "SELECT COUNT(*) FROM inbox_event WHERE event_id LIKE 'messaging:evt\\_bench\\_messaging-${tag}\\_%'")
  settings=$(q "$port" "$db" "SELECT 'autovacuum=' || current_setting('autovacuum') || ', synchronous_commit=' || current_setting('synchronous_commit') || ', fsync=' || current_setting('fsync')")
  stop_router
  rm -f bench/results/*-"$tag".tsv

  bare_rps=$(field per_second "$bare")
  flat_rps=$(stored_rate "$flat_stored" "$(field seconds "$flat")" $((RUN * PRESIGNED_PER_SECOND)))
  messaging_rps=$(stored_rate "$messaging_stored" "$(field seconds "$messaging")" $((RUN * PRESIGNED_PER_SECOND)))
  {
    echo "## PostgreSQL $database (port $port: $settings)"
    echo
    echo "| run | answered/s | stored/s | of bare route | ack p50 / p99 / p99.9 ms | non-2xx | router CPU | PostgreSQL CPU |"
    echo "|---|---|---|---|---|---|---|---|"
    echo "| bare platform-http route | $bare_rps | - | 100 % | $(field p50_ms "$bare") / $(field p99_ms "$bare") / $(field p999_ms "$bare") | $(field non_2xx "$bare") | $(cpu_line "$bare_cpu" "$(field requests "$bare")") |"
    echo "| intake flat out | $(field per_second "$flat") | $flat_rps | $(awk -v a="${flat_rps#≥ }" -v b="$bare_rps" 'BEGIN {printf "%.0f %%", 100 * a / b}') | $(field p50_ms "$flat") / $(field p99_ms "$flat") / $(field p999_ms "$flat") | $(field non_2xx "$flat") | $(cpu_line "$flat_cpu" "$flat_stored") |"
    echo "| vobiz-messaging source flat out | $(field per_second "$messaging") | $messaging_rps | $(awk -v a="${messaging_rps#≥ }" -v b="$bare_rps" 'BEGIN {printf "%.0f %%", 100 * a / b}') | $(field p50_ms "$messaging") / $(field p99_ms "$messaging") / $(field p999_ms "$messaging") | $(field non_2xx "$messaging") | $(cpu_line "$messaging_cpu" "$messaging_stored") |"
    echo "| intake paced (about ${RATE}/s offered) | $(field per_second "$paced") | $(awk -v n="$paced_stored" -v s="$(field seconds "$paced")" 'BEGIN {printf "%.0f", n / s}') | - | $(field p50_ms "$paced") / $(field p99_ms "$paced") / $(field p999_ms "$paced") | $(field non_2xx "$paced") | $(cpu_line "$paced_cpu" "$paced_stored") |"
    echo
    echo "Most expensive statements during intake flat out:"
    echo
    echo '```'
    echo "$statements"
    echo '```'
    echo
  } >> "$OUT"
done
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end" >> "$OUT"
cat "$OUT"
