#!/usr/bin/env bash
# Intake latency while the retention purge deletes a large backlog of old rows, on PostgreSQL.
# Writes bench/results/purge-<UTC time>.md.
#   bash bench/purge.sh                          # 1,000,000 old rows per table, 60 s per phase, 200 events/s
#   ROWS=100000 SECONDS_PER_RUN=20 bash bench/purge.sh   # smoke run
# One router (every event type disabled: events are stored and answered, never dispatched, so
# only intake and the purge share the machine) on a database of its own, with every purge running
# every PURGE_INTERVAL (default 5s). Then:
#   1. warm-up, WARMUP_SECONDS (default 30);
#   2. intake at RATE events/s for SECONDS_PER_RUN with nothing old to purge ("before");
#   3. ROWS old DONE rows (received 100 days ago) into inbox_event, vobiz_event and
#      CAMEL_MESSAGEPROCESSED, committed together with generate_series; the purge takes them
#      within PURGE_INTERVAL;
#   4. intake at RATE events/s for SECONDS_PER_RUN while the purge runs ("during");
#   5. once the purge is done (at most PURGE_WAIT seconds, default 600), intake again ("after").
# vobiz_purged_rows_total is sampled every second to time the purge: rows purged per second, and
# whether it lasted the whole "during" phase. VACUUM=true also vacuums each table after its purge
# (router.retention.vacuum), as autovacuum would on a production server; BATCH_SIZE (default 1000)
# is router.retention.batch-size.
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS=${ROWS:-1000000}
RUN=${SECONDS_PER_RUN:-60}
RATE=${RATE:-200}
WARMUP=${WARMUP_SECONDS:-30}
INTERVAL=${PURGE_INTERVAL:-5s}
WAIT=${PURGE_WAIT:-600}
VACUUM=${VACUUM:-false}
BATCH=${BATCH_SIZE:-1000}
PORT=${PORT:-18080}
MGMT=${MGMT:-18081}
DB=vobiz_purge
SECRET=bench-secret
STAMP=$(date -u +%Y-%m-%dT%H%M%SZ)
OUT=bench/results/purge-$STAMP.md
SAMPLES=bench/results/purge-$STAMP.tsv
mkdir -p bench/results

psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
./mvnw -q -B package -DskipTests
java -Xms512m -Xmx1g -jar target/vobiz-router-*.jar \
  --spring.profiles.active=demo,bench --server.port=$PORT --management.server.port=$MGMT \
  --spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/$DB --spring.datasource.username=postgres \
  --router.webhook.secrets=$SECRET --router.events.enabled= --logging.level.com.vobizrouter.intake=WARN \
  --router.retention.initial-delay=$INTERVAL --router.retention.purge-interval=$INTERVAL \
  --router.dedup.purge-interval=$INTERVAL --router.retention.vacuum=$VACUUM --router.retention.batch-size=$BATCH \
  > bench/results/router.log 2>&1 &
ROUTER=$!
SAMPLER=
cleanup() {
  [ -n "$SAMPLER" ] && kill "$SAMPLER" 2>/dev/null || true
  kill "$ROUTER" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 120); do
  curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$PORT/webhooks/vobiz 2>/dev/null | grep -q 405 && break
  sleep 1
done

q() { psql -h 127.0.0.1 -U postgres -d $DB -Atc "$1"; }
load() { java bench/LoadGen.java --url http://127.0.0.1:$PORT/webhooks/vobiz --secret $SECRET --connections 64 --rate "$RATE" --seconds "$1" --label "$2" --run "$2-$STAMP"; }
p99() { sed -n 's/.*"p99":\([0-9.]*\).*/\1/p' <<< "$1"; }
# Rows purged so far from inbox_event, vobiz_event and CAMEL_MESSAGEPROCESSED.
purged() {
  curl -s http://127.0.0.1:$MGMT/actuator/prometheus | awk '
    /^vobiz_purged_rows_total/ && /table="inbox_event"/ {i = $NF}
    /^vobiz_purged_rows_total/ && /table="vobiz_event"/ {v = $NF}
    /^vobiz_purged_rows_total/ && /table="camel_messageprocessed"/ {k = $NF}
    END {printf "%d\t%d\t%d\n", i, v, k}'
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo "warm-up (${WARMUP} s)..."
load "$WARMUP" warm-up > /dev/null
echo "intake before the purge (${RUN} s)..."
BEFORE=$(load "$RUN" before)

echo "filling $ROWS old rows into each table..."
F0=$(date +%s.%N)
psql -h 127.0.0.1 -U postgres -d $DB -q -v ON_ERROR_STOP=1 -v rows="$ROWS" <<'SQL'
BEGIN;
INSERT INTO inbox_event (event_id, event_type, channel_id, event_timestamp, received_at, status, next_attempt_at, dispatched_at, payload)
SELECT 'vobiz:evt_old_' || g, 'message.read', 'ch_bench', '2026-01-01T00:00:00Z', now() - interval '100 days' + g * interval '1 ms', 'DONE',
       now() - interval '100 days', now() - interval '100 days',
       '{"event":"message.read","event_id":"evt_old_' || g || '","data":{"message_id":"wamid.old.' || g || '","status":"read"}}' || repeat(' ', 300)
FROM generate_series(1, :rows) g;
INSERT INTO vobiz_event (event_id, event_type, event_timestamp, received_at, channel_id, payload, stored_at)
SELECT 'vobiz:evt_old_' || g, 'message.read', now() - interval '100 days', now() - interval '100 days' + g * interval '1 ms', 'ch_bench',
       '{"event":"message.read","event_id":"evt_old_' || g || '","data":{"message_id":"wamid.old.' || g || '","status":"read"}}' || repeat(' ', 300),
       now() - interval '100 days'
FROM generate_series(1, :rows) g;
INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt)
SELECT 'vobiz-webhook', 'vobiz:evt_old_' || g, localtimestamp - interval '100 days' + g * interval '1 ms' FROM generate_series(1, :rows) g;
COMMIT;
SQL
FILL=$(awk -v a="$F0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')
BASE=$(purged)
TARGET=$((3 * ROWS))

# One line a second: seconds since the fill committed, rows purged since then per table.
t0=$(date +%s.%N)
( while true; do
    now=$(date +%s.%N)
    read -r i v k <<< "$(purged)"
    read -r bi bv bk <<< "$BASE"
    printf '%s\t%d\t%d\t%d\n' "$(awk -v a="$t0" -v b="$now" 'BEGIN { printf "%.1f", b - a }')" $((i - bi)) $((v - bv)) $((k - bk))
    sleep 1
  done > "$SAMPLES" ) &
SAMPLER=$!

echo "intake during the purge (${RUN} s)..."
D0=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
DURING=$(load "$RUN" during)
D1=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')

echo "waiting for the purge to finish (at most ${WAIT} s)..."
for _ in $(seq 1 "$WAIT"); do
  last=$(tail -n 1 "$SAMPLES" 2>/dev/null || true)
  [ -n "$last" ] && [ "$(awk '{print $2 + $3 + $4}' <<< "$last")" -ge "$TARGET" ] && break
  sleep 1
done
sleep 2
kill "$SAMPLER" 2>/dev/null || true
SAMPLER=

DONE=$(awk -v target="$TARGET" '$2 + $3 + $4 >= target {print; exit}' "$SAMPLES")
if [ -n "$DONE" ]; then
  echo "intake after the purge (${RUN} s)..."
  AFTER=$(load "$RUN" after)
else
  AFTER="(not run: the purge did not finish within ${WAIT} s)"
fi
# First and last second with progress, for each table and for all three.
PURGE_TIMES=$(awk '
  NR == 1 {pi = $2; pv = $3; pk = $4; pt = $1; next}
  { for (c = 2; c <= 4; c++) { prev = (c == 2 ? pi : c == 3 ? pv : pk)
      if ($c > prev) { if (!(c in first)) first[c] = pt; last[c] = $1; rows[c] = $c } }
    pi = $2; pv = $3; pk = $4; pt = $1 }
  END {
    name[2] = "inbox_event"; name[3] = "vobiz_event"; name[4] = "CAMEL_MESSAGEPROCESSED"; lo = 1e9; hi = 0; total = 0
    for (c = 2; c <= 4; c++) if (c in first) {
      printf "| %s | %d rows from %.0f s to %.0f s after the fill | %.0f rows/s |\n", name[c], rows[c], first[c], last[c], rows[c] / (last[c] - first[c] + 1e-9)
      if (first[c] < lo) lo = first[c]; if (last[c] > hi) hi = last[c]; total += rows[c] }
    if (total > 0) printf "| all three | %d rows from %.0f s to %.0f s | %.0f rows/s |\n", total, lo, hi, total / (hi - lo + 1e-9)
  }' "$SAMPLES")
LEFT=$(q "SELECT (SELECT COUNT(*) FROM inbox_event WHERE event_id LIKE 'vobiz:evt\_old\_%') || ' / ' || (SELECT COUNT(*) FROM vobiz_event WHERE event_id LIKE 'vobiz:evt\_old\_%') || ' / ' || (SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE messageId LIKE 'vobiz:evt\_old\_%')")
ERRORS=$(grep -c ' ERROR ' bench/results/router.log || true)

{
  echo "# Intake during a purge of old rows, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "$(nproc) cores; load average $LOAD_BEFORE at start; PostgreSQL $(psql -h 127.0.0.1 -U postgres -Atc 'SHOW server_version'), autovacuum $(psql -h 127.0.0.1 -U postgres -Atc 'SHOW autovacuum'), synchronous_commit $(psql -h 127.0.0.1 -U postgres -Atc 'SHOW synchronous_commit');"
  echo "commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' + local changes'); command: \`ROWS=$ROWS SECONDS_PER_RUN=$RUN WARMUP_SECONDS=$WARMUP RATE=$RATE PURGE_INTERVAL=$INTERVAL VACUUM=$VACUUM BATCH_SIZE=$BATCH bash bench/purge.sh\`"
  echo "Intake only (every type disabled), open loop at $RATE events/s over 64 connections; purge batches of $BATCH rows."
  echo
  echo "| phase | intake p99 ms | LoadGen |"
  echo "|---|---|---|"
  echo "| before: nothing old to purge | $(p99 "$BEFORE") | \`$BEFORE\` |"
  echo "| during: purge of $ROWS old rows per table running (load from $D0 s to $D1 s after the fill) | $(p99 "$DURING") | \`$DURING\` |"
  echo "| after: purge done | $(p99 "$AFTER") | \`$AFTER\` |"
  echo
  echo "Fill: $ROWS rows into each of the three tables in one transaction, $FILL s."
  echo
  echo "| table | purged | rate |"
  echo "|---|---|---|"
  echo "$PURGE_TIMES"
  echo
  echo "Old rows left (inbox_event / vobiz_event / CAMEL_MESSAGEPROCESSED): $LEFT. ERROR lines in the router log: $ERRORS."
  echo "Per-second samples (seconds since the fill, rows purged per table): [\`$(basename "$SAMPLES")\`]($(basename "$SAMPLES"))."
} > "$OUT"
cat "$OUT"
