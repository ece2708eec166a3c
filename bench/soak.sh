#!/usr/bin/env bash
# The retention soak: the router on PostgreSQL for an hour under steady load, to show that with
# retention the tables stop growing and the router's memory stays flat. Writes
# bench/results/soak-<UTC time>.md and the samples as bench/results/soak-<UTC time>.tsv.
#   bash bench/soak.sh                                                # 3600 s at 50 events/s
#   SOAK_SECONDS=600 RETENTION=2m PURGE_INTERVAL=30s bash bench/soak.sh   # a 10-minute look
# The router (demo stand-ins for Salesforce and Zendesk answering in 50 ms, so every event is
# delivered) runs on a database of its own with a retention of RETENTION (default 10m) for inbox
# rows, analytics rows, idempotency keys, message_status and campaign_result, and every purge
# running every PURGE_INTERVAL (default 2m). LoadGen sends RATE (default 50) events/s of all 7
# types for SOAK_SECONDS (default 3600). Every SAMPLE_SECONDS (default 60): rows and bytes (with
# indexes) of each table, heap used, RSS, ERROR lines in the log.
# Verdict, comparing the last third of the run with the middle third (by then the retention has
# passed): rows of each table and bytes of all tables at most 10 % (+100 rows, +1 MiB) higher,
# rows of inbox_event, vobiz_event and CAMEL_MESSAGEPROCESSED under RATE x (RETENTION +
# PURGE_INTERVAL) x 2 + 1000, the lowest heap sample (what collections leave; a single sample
# lands anywhere on the collector's saw-tooth) at most 20 % + 32 MiB higher, RSS (peak) at most
# 10 % higher, no ERROR line. VACUUM (router.retention.vacuum) defaults to "auto": on when the server runs
# without autovacuum (as this machine's does), since deleted rows' space is otherwise never reused.
# The short version runs in CI: ./mvnw -B test -Dtest=RetentionSoakTest (about 30 s of load).
set -euo pipefail
cd "$(dirname "$0")/.."

SOAK=${SOAK_SECONDS:-3600}
RATE=${RATE:-50}
RETENTION=${RETENTION:-10m}
# Must stay shorter than RETENTION (start-up refuses otherwise); LoadGen times each event as it sends it.
MAX_EVENT_AGE=${MAX_EVENT_AGE:-1m}
INTERVAL=${PURGE_INTERVAL:-2m}
SAMPLE=${SAMPLE_SECONDS:-60}
VACUUM=${VACUUM:-auto}
PORT=${PORT:-18080}
MGMT=${MGMT:-18081}
DB=vobiz_soak
SECRET=bench-secret
STAMP=$(date -u +%Y-%m-%dT%H%M%SZ)
OUT=bench/results/soak-$STAMP.md
TSV=bench/results/soak-$STAMP.tsv
LOG=bench/results/soak-router.log
LOADGEN_OUT=$(mktemp)
TABLES=(inbox_event vobiz_event camel_messageprocessed message_status campaign_result delivery_attempt dead_letter rejected_request)
mkdir -p bench/results

seconds_of() {
  case "$1" in
    *ms) echo $(( ${1%ms} / 1000 )) ;; *s) echo "${1%s}" ;; *m) echo $(( ${1%m} * 60 )) ;; *h) echo $(( ${1%h} * 3600 )) ;; *) echo "$1" ;;
  esac
}
if [ "$VACUUM" = auto ]; then
  [ "$(psql -h 127.0.0.1 -U postgres -Atc 'SHOW autovacuum')" = off ] && VACUUM=true || VACUUM=false
fi

psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
./mvnw -q -B package -DskipTests
java -Xms512m -Xmx1g -jar target/vobiz-router-*.jar \
  --spring.profiles.active=demo,bench --server.port=$PORT --management.server.port=$MGMT \
  --spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/$DB --spring.datasource.username=postgres \
  --router.webhook.secrets=$SECRET --router.demo.latency=50ms --logging.level.com.vobizrouter.intake=WARN \
  --router.retention.initial-delay=$INTERVAL --router.retention.purge-interval=$INTERVAL --router.dedup.purge-interval=$INTERVAL \
  --router.retention.inbox=$RETENTION --router.retention.vobiz-event=$RETENTION --router.retention.message-status=$RETENTION \
  --router.retention.campaign-result=$RETENTION --router.dedup.retention=$RETENTION --router.retention.vobiz-retry-window=$RETENTION \
  --router.retention.vacuum=$VACUUM --router.webhook.max-event-age=$MAX_EVENT_AGE \
  > "$LOG" 2>&1 &
ROUTER=$!
LOADGEN=
cleanup() {
  [ -n "$LOADGEN" ] && kill "$LOADGEN" 2>/dev/null || true
  kill "$ROUTER" 2>/dev/null || true
  rm -f "$LOADGEN_OUT"
}
trap cleanup EXIT
for _ in $(seq 1 180); do
  curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$PORT/webhooks/vobiz 2>/dev/null | grep -q 405 && break
  sleep 1
done

q() { psql -h 127.0.0.1 -U postgres -d $DB -Atc "$1" 2>/dev/null || echo "n/a"; }
heap() { curl -s http://127.0.0.1:$MGMT/actuator/prometheus | awk '/^jvm_memory_used_bytes/ && /area="heap"/ {s += $NF} END {printf "%d", s}'; }
rss() { awk '/VmRSS/ {print $2 * 1024}' /proc/$ROUTER/status; }
# One SQL expression per table, joined with tabs.
per_table() {
  local out="" t
  for t in "${TABLES[@]}"; do out+="${out:+ || chr(9) || }$(printf "$1" "$t")"; done
  echo "$out"
}
COUNTS=$(per_table '(SELECT COUNT(*) FROM %s)')
SIZES=$(per_table "pg_total_relation_size('%s')")
sample() {
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$(q "SELECT $COUNTS")" "$(q "SELECT $SIZES")" "$(heap)" "$(rss)" \
    "$(grep -c ' ERROR ' "$LOG" || true)" "$(q "SELECT COUNT(*) FROM inbox_event WHERE status = 'PENDING'")"
}

{
  printf 'seconds'
  for t in "${TABLES[@]}"; do printf '\trows_%s' "$t"; done
  for t in "${TABLES[@]}"; do printf '\tbytes_%s' "$t"; done
  printf '\theap_bytes\trss_bytes\terror_lines\tpending\n'
} > "$TSV"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo "soak: ${SOAK} s at ${RATE} events/s, retention ${RETENTION}, purge every ${INTERVAL}, vacuum ${VACUUM}; samples in $TSV"
java bench/LoadGen.java --url http://127.0.0.1:$PORT/webhooks/vobiz --secret $SECRET --connections 32 --rate "$RATE" \
  --seconds "$SOAK" --label soak --run "soak-$STAMP" > "$LOADGEN_OUT" &
LOADGEN=$!
T0=$(date +%s)
while kill -0 "$LOADGEN" 2>/dev/null; do
  sample $(( $(date +%s) - T0 )) >> "$TSV"
  for _ in $(seq 1 "$SAMPLE"); do kill -0 "$LOADGEN" 2>/dev/null || break; sleep 1; done
done
LOADGEN=
sample $(( $(date +%s) - T0 )) >> "$TSV"
LOAD=$(cat "$LOADGEN_OUT")

BOUND=$(( RATE * ($(seconds_of "$RETENTION") + $(seconds_of "$INTERVAL")) * 2 + 1000 ))
VERDICT=$(awk -F'\t' -v total="$SOAK" -v bound="$BOUND" '
  NR == 1 { for (c = 1; c <= NF; c++) name[c] = $c; next }
  { t = $1; third = (t < total / 3) ? 0 : (t < 2 * total / 3) ? 1 : 2
    if (third == 0) next
    bytes = 0
    for (c = 2; c <= 9; c++) { if ($c > max[third, c]) max[third, c] = $c; bytes += $(c + 8) }
    if (bytes > maxbytes[third]) maxbytes[third] = bytes
    if (!((third) in minheap) || $18 < minheap[third]) minheap[third] = $18
    if ($19 > maxrss[third]) maxrss[third] = $19
    errors = $20 }
  END {
    fail = 0
    for (c = 2; c <= 9; c++) {
      ok = max[2, c] <= max[1, c] * 1.1 + 100
      if (c <= 4) ok = ok && max[2, c] <= bound
      if (!ok) fail = 1
      printf "| %s | %d | %d | %s |\n", substr(name[c], 6), max[1, c], max[2, c], ok ? "levels off" : "GROWS"
    }
    ok = maxbytes[2] <= maxbytes[1] * 1.1 + 1048576; if (!ok) fail = 1
    printf "| bytes of all tables (peak) | %.1f MiB | %.1f MiB | %s |\n", maxbytes[1] / 1048576, maxbytes[2] / 1048576, ok ? "levels off" : "GROWS"
    ok = minheap[2] <= minheap[1] * 1.2 + 33554432; if (!ok) fail = 1
    printf "| heap used, lowest sample (what collections leave) | %.0f MiB | %.0f MiB | %s |\n", minheap[1] / 1048576, minheap[2] / 1048576, ok ? "flat" : "GROWS"
    ok = maxrss[2] <= maxrss[1] * 1.1; if (!ok) fail = 1
    printf "| RSS (peak) | %.0f MiB | %.0f MiB | %s |\n", maxrss[1] / 1048576, maxrss[2] / 1048576, ok ? "flat" : "GROWS"
    if (errors > 0) fail = 1
    printf "| ERROR lines in the log | | %d | %s |\n", errors, errors == 0 ? "none" : "FOUND"
    printf "RESULT %s\n", fail ? "FAIL" : "PASS"
  }' "$TSV")

{
  echo "# Retention soak, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "$(nproc) cores; load average $LOAD_BEFORE at start; PostgreSQL $(psql -h 127.0.0.1 -U postgres -Atc 'SHOW server_version'), autovacuum $(psql -h 127.0.0.1 -U postgres -Atc 'SHOW autovacuum');"
  echo "commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' + local changes'); command: \`SOAK_SECONDS=$SOAK RATE=$RATE RETENTION=$RETENTION PURGE_INTERVAL=$INTERVAL SAMPLE_SECONDS=$SAMPLE VACUUM=$VACUUM bash bench/soak.sh\`"
  echo "Retention $RETENTION for inbox rows, analytics rows, idempotency keys, message_status and campaign_result; purges every $INTERVAL; vacuum after a purge: $VACUUM."
  echo
  echo "LoadGen: \`$LOAD\`"
  echo
  echo "| table or measure | peak, middle third | peak, last third | verdict |"
  echo "|---|---|---|---|"
  grep -v '^RESULT' <<< "$VERDICT"
  echo
  echo "Bound on the rows of inbox_event, vobiz_event and CAMEL_MESSAGEPROCESSED: $BOUND."
  echo "**$(grep '^RESULT' <<< "$VERDICT" | cut -d' ' -f2)**. Samples every ${SAMPLE} s: [\`$(basename "$TSV")\`]($(basename "$TSV"))."
} > "$OUT"
cat "$OUT"
