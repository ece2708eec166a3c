#!/usr/bin/env bash
# Drain: how fast dispatch writes a backlog of status events (message.sent, .delivered, .read of
# COUNT/3 messages, in that order) to the database sinks (vobiz_event and message_status), on
# PostgreSQL twice: this machine's server as it is and the bench's own cluster with production
# settings (see bench/lib-wrk.sh). The backlog is written into inbox_event with SQL while no router
# runs; the clock starts when the router answers HTTP and stops when no row is PENDING.
# Writes bench/results/drain-<UTC time>.md.
#   bash bench/drain.sh                          # 100,000 events, both databases
#   COUNT=30000 DATABASES=as-is bash bench/drain.sh
# WARMUP_COUNT=N puts N more events ahead of them in the same backlog, drained unmeasured: the
# clock and the CPU counts start when only COUNT events are left, so the JIT compiler's work of
# the first minute or two (up to 0.7 of a core) is not counted as dispatch's.
# Extra arguments go to the router (e.g. --router.dispatch.concurrency=64).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib-wrk.sh

COUNT=${COUNT:-100000}
WARMUP=${WARMUP_COUNT:-0}
TOTAL=$((WARMUP + COUNT))
DATABASES=${DATABASES:-as-is production}
OUT=bench/results/drain-$(date -u +%Y-%m-%dT%H%M%SZ).md
mkdir -p bench/results
./mvnw -q -B package -DskipTests
trap 'stop_router; stop_bench_cluster' EXIT

{
  echo "# Drain of $COUNT status events, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "$(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg) at start;"
  echo "commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' + local changes'); command: \`$(basename "$0") $* (COUNT=$COUNT WARMUP_COUNT=$WARMUP DATABASES='$DATABASES')\`"
  echo
  echo "| PostgreSQL | events | seconds | events/s | DONE | not DONE | message_status rows | router CPU | PostgreSQL CPU |"
  echo "|---|---|---|---|---|---|---|---|---|"
} > "$OUT"

for database in $DATABASES; do
  use_database "$database"
  port=$PG_PORT
  db=vobiz_drain_bench
  psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
  # Once with nothing to do, so that Flyway creates the tables.
  start_router "$port" "$db"
  stop_router
  echo "[$database] writing $TOTAL status events into the inbox ($WARMUP of them to warm up)" >&2
  q "$port" "$db" "
    INSERT INTO inbox_event (event_id, event_type, channel_id, event_timestamp, received_at, status, next_attempt_at, payload, source)
    SELECT 'vobiz:evt_drain_' || g, t, 'ch_bench', '2026-03-19T18:00:00Z', now(), 'PENDING', now() + (g * interval '1 microsecond'),
           '{\"event\":\"' || t || '\",\"event_id\":\"evt_drain_' || g || '\",\"timestamp\":\"2026-03-19T18:00:00Z\",'
           || '\"channel_id\":\"ch_bench\",\"data\":{\"message_id\":\"wamid.drain.' || (g / 3) || '\",\"to\":\"+15550000000\",'
           || '\"status\":\"' || substr(t, 9) || '\",\"timestamp\":\"2026-03-19T18:00:00Z\"}}', 'vobiz'
    FROM (SELECT g, (ARRAY['message.sent', 'message.delivered', 'message.read'])[1 + g % 3] AS t
          FROM generate_series(0, $TOTAL - 1) AS g) AS events" >/dev/null
  [ "$database" = production ] && q "$port" "$db" "ANALYZE" >/dev/null && reset_statements "$port" "$db"
  start_router "$port" "$db" "$@"
  if [ "$WARMUP" -gt 0 ]; then
    echo "[$database] draining the first $WARMUP, unmeasured" >&2
    while [ "$(q "$port" "$db" "SELECT COUNT(*) FROM inbox_event WHERE status = 'PENDING'")" -gt "$COUNT" ]; do sleep 0.2; done
  fi
  measure_start "$port"
  echo "[$database] draining" >&2
  while [ "$(q "$port" "$db" "SELECT COUNT(*) FROM inbox_event WHERE status = 'PENDING'")" != 0 ]; do sleep 0.5; done
  cpu=$(measure_end "$port")
  done_rows=$(q "$port" "$db" "SELECT COUNT(*) FROM inbox_event WHERE status = 'DONE'")
  other=$(q "$port" "$db" "SELECT COUNT(*) FROM inbox_event WHERE status <> 'DONE'")
  statuses=$(q "$port" "$db" "SELECT COUNT(*) FROM message_status WHERE status = 'read'")/$(q "$port" "$db" "SELECT COUNT(*) FROM message_status")
  statements=$(statements_of "$database" "$port" "$db")
  stop_router
  seconds=$(echo "$cpu" | awk '{print $3}')
  echo "| $database | $COUNT | $(printf '%.1f' "$seconds") | $(awk -v n="$COUNT" -v s="$seconds" 'BEGIN {printf "%.0f", n / s}') | $done_rows | $other | $statuses read | $(cpu_line "$cpu" "$COUNT" | sed 's/ | / | /') |" >> "$OUT"
  {
    echo
    echo "Most expensive statements, PostgreSQL $database:"
    echo
    echo '```'
    echo "$statements"
    echo '```'
  } >> "$OUT.statements"
done
cat "$OUT.statements" >> "$OUT" && rm -f "$OUT.statements"
echo >> "$OUT"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end" >> "$OUT"
cat "$OUT"
