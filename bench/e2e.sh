#!/usr/bin/env bash
# End to end at a campaign's rate: the campaign mix (90 % statuses, 5 % message.received, 4 %
# contact.updated, 1 % campaign.completed) offered at about RATE events/s (default 1000) for
# SECONDS_PER_RUN (default 300) after a 45 s warm-up, with every type dispatched and the demo
# profile's Salesforce and Zendesk stand-ins answering in 50 ms. The stand-ins run in a JVM of
# their own (the same jar with the demo profile on an in-memory database; the router is pointed
# at it), so the router's CPU is the router's alone and theirs is reported apart; STANDINS=jvm
# keeps them inside the router's JVM as before. In the same run, between the warm-up and the load,
# a bare platform-http route (/bench/bare) takes the warm-up's requests flat out for 15 s, then
# for BARE_SECONDS (default 30) measured, as in bench/intake.sh: the report gives the router's and
# PostgreSQL's CPU per event as a multiple of the bare route's CPU per request. On PostgreSQL
# twice, as bench/intake.sh does (this machine's server as it is, the bench's own cluster with
# production settings). Writes bench/results/e2e-<UTC time>.md.
#   bash bench/e2e.sh --router.sinks.zendesk.rate-limit=0
#   DATABASES=as-is SECONDS_PER_RUN=60 bash bench/e2e.sh --router.sinks.zendesk.rate-limit=0
# (the mix's 50 customer messages a second need more Zendesk calls than the shipped budget of 400
# a minute lets through: without a budget that fits, their backlog grows for the whole run)
# Reports: offered and answered rate; the time from receipt to the last sink (p50/p99 from the
# router's vobiz_dispatch_latency histogram, measured window only); the backlog (PENDING rows,
# sampled every second) as seconds of traffic; whether every event of the run reached its sinks
# once (inbox DONE, vobiz_event, message_status, Zendesk comments, Salesforce contacts); CPU per
# event of the router and of PostgreSQL; API calls per 1,000 events of each business system
# (vobiz_sink_api_calls_total over the measured window) and the 429s the Zendesk stand-in answered;
# on the production cluster, the five most expensive statements (pg_stat_statements).
# Extra arguments go to the router, e.g. a Zendesk plan's limit on the stand-in and the router's
# share of it:
#   RATE=100 bash bench/e2e.sh --router.demo.zendesk-rate-limit=400 --router.sinks.zendesk.rate-limit=350
# HTTP_DESTINATION=1 adds an http destination subscribed to every type (router.destinations.standin,
# events *) whose endpoint is bench/HttpStandIn.java in a process of its own answering in 20 ms;
# the report then says whether every event of the run reached it once (by its Idempotency-Key):
#   HTTP_DESTINATION=1 bash bench/e2e.sh --router.sinks.zendesk.rate-limit=0
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib-wrk.sh

WARMUP=${WARMUP_SECONDS:-45}
RUN=${SECONDS_PER_RUN:-300}
RATE=${RATE:-1000}
CONNECTIONS=${CONNECTIONS:-64}
DATABASES=${DATABASES:-as-is production}
HTTP_DESTINATION=${HTTP_DESTINATION:-}
STANDINS=${STANDINS:-process}
BARE=${BARE_SECONDS:-30}
TOKEN=bench-admin-token
OUT=bench/results/e2e-$(date -u +%Y-%m-%dT%H%M%SZ).md
mkdir -p bench/results

need_wrk
./mvnw -q -B package -DskipTests
STANDIN=
BUSINESS=
trap 'stop_router; stop_standin; stop_business; stop_bench_cluster' EXIT

# CPU ticks of the stand-ins' JVM so far (0 when they run inside the router's).
business_ticks() { if [ -n "$BUSINESS" ]; then ticks_of /proc/"$BUSINESS"/stat; else echo 0; fi; }
# business_line <ticks before> <ticks after> "<router s> <pg s> <wall s>" <events>
business_line() {
  [ "$STANDINS" = process ] || { echo "in the router's"; return; }
  awk -v a="$1" -v b="$2" -v w="$(echo "$3" | cut -d' ' -f3)" -v n="$4" -v hz="$(getconf CLK_TCK)" \
    'BEGIN {printf "%.2f cores, %.3f ms/event", (b - a) / hz / w, 1000 * (b - a) / hz / n}'
}
# bare_line "<router s> <pg s> <wall s>" <wrk RESULT line>: the bare route's answered rate and router CPU per request.
bare_line() {
  echo "$1" | awk -v n="$(field requests "$2")" -v r="$(field per_second "$2")" \
    '{printf "%s/s, %.2f cores, %.3f ms/request", r, $1 / $3, 1000 * $1 / n}'
}
# ratio_line <load cpu> <events> <bare cpu> <wrk RESULT line of the bare route>
ratio_line() {
  awk -v busy="$1" -v n="$2" -v bare="$3" -v requests="$(field requests "$4")" 'BEGIN {
      split(busy, l, " "); split(bare, b, " "); per = 1000 * b[1] / requests
      if (per <= 0) { print "n/a"; exit }
      printf "%.1f (%.1f)", 1000 * (l[1] + l[2]) / n / per, 1000 * l[1] / n / per }'
}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# The Salesforce and Zendesk stand-ins in a JVM of their own (STANDINS=process): the router's jar
# with the demo profile on an in-memory database, answering in 50 ms. Sets BUSINESS (its pid),
# STANDINS_ADMIN (where /admin/demo shows what they received) and BUSINESS_ARGS, which point the
# router's camel-salesforce and camel-zendesk at them. Takes the bench's extra arguments too (a
# Zendesk plan's limit on the stand-in, --router.demo.zendesk-rate-limit, is one of them).
start_business() {
  local port mgmt
  port=$(free_port); mgmt=$(free_port)
  java -Xms256m -Xmx512m -jar target/vobiz-router-*.jar --spring.profiles.active=demo \
    --server.port="$port" --management.server.port="$mgmt" --spring.datasource.url=jdbc:h2:mem:standins \
    --router.webhook.secrets=$SECRET --router.admin.token=$TOKEN --router.demo.latency=50ms \
    --logging.level.com.vobizrouter=WARN "$@" > bench/results/standins.log 2>&1 &
  BUSINESS=$!
  for _ in $(seq 1 120); do
    curl -sf -o /dev/null "http://127.0.0.1:$mgmt/actuator/health/readiness" && break
    kill -0 "$BUSINESS" 2>/dev/null || break
    sleep 1
  done
  curl -sf -o /dev/null "http://127.0.0.1:$mgmt/actuator/health/readiness" \
    || { echo "the stand-ins did not start; see bench/results/standins.log" >&2; exit 1; }
  STANDINS_ADMIN=http://127.0.0.1:$mgmt
  BUSINESS_ARGS=("--camel.component.salesforce.login-url=http://127.0.0.1:$port/demo/salesforce"
    "--camel.component.zendesk.server-url=http://127.0.0.1:$port/demo/zendesk")
}
stop_business() {
  [ -n "$BUSINESS" ] && kill "$BUSINESS" 2>/dev/null && wait "$BUSINESS" 2>/dev/null || true
  BUSINESS=
}

# The http destination's endpoint (HTTP_DESTINATION=1): bench/HttpStandIn.java on a free port, in
# its own JVM; sets STANDIN_PORT and the router arguments that make it a destination of every type.
start_standin() {
  STANDIN_PORT=$(free_port)
  java -Xmx512m bench/HttpStandIn.java "$STANDIN_PORT" 20 > bench/results/standin.log 2>&1 &
  STANDIN=$!
  for _ in $(seq 1 60); do
    curl -s -o /dev/null "http://127.0.0.1:$STANDIN_PORT/stats" && break
    sleep 1
  done
  curl -s -o /dev/null "http://127.0.0.1:$STANDIN_PORT/stats" || { echo "the stand-in did not start; see bench/results/standin.log" >&2; exit 1; }
  STANDIN_ARGS=(--router.destinations.standin.kind=http "--router.destinations.standin.url=http://127.0.0.1:$STANDIN_PORT/in"
    '--router.destinations.standin.events=*')
}
stop_standin() {
  [ -n "$STANDIN" ] && kill "$STANDIN" 2>/dev/null && wait "$STANDIN" 2>/dev/null || true
  STANDIN=
}
STANDIN_ARGS=()
standin_head=
standin_line=
standin_command=
if [ -n "$HTTP_DESTINATION" ]; then
  start_standin
  standin_head=" HTTP stand-in: events received of stored, duplicates |"
  standin_line="---|"
  standin_command=" HTTP_DESTINATION=$HTTP_DESTINATION"
fi

BUSINESS_ARGS=()
STANDINS_ADMIN=http://127.0.0.1:$MGMT

# Sum of the vobiz_dispatch_latency buckets by bound, "le count" lines: of every type, or of the
# types matching (+type) or not matching (-type) one type.
latency_buckets() {
  curl -s http://127.0.0.1:$MGMT/actuator/prometheus | awk -F'[{}]' -v only="${1:-}" '/^vobiz_dispatch_latency_seconds_bucket/ {
      if (only != "") { mine = index($2, "type=\"" substr(only, 2) "\"") > 0; if ((substr(only, 1, 1) == "+") != mine) next }
      match($2, /le="[^"]*"/); le = substr($2, RSTART + 4, RLENGTH - 5); split($3, v, " "); sum[le] += v[1]
    } END {for (le in sum) print le, sum[le]}' | sort -g
}
# API calls so far of one sink (every operation and status).
api_calls() {
  curl -s http://127.0.0.1:$MGMT/actuator/prometheus | awk -v sink="$1" '/^vobiz_sink_api_calls_total/ && index($0, "sink=\"" sink "\"") {s += $2} END {printf "%d", s}'
}
# percentile <before file> <after file> <fraction>: the bucket bound the fraction of the window's events finished within.
percentile() {
  join <(sort "$1") <(sort "$2") | sort -g | awk -v p="$3" '{le[NR] = $1; n[NR] = $3 - $2} END {
      total = n[NR]; for (i = 1; i <= NR; i++) if (n[i] >= p * total) {print (le[i] == "+Inf" ? "> 300" : le[i] * 1000) " ms"; exit}}'
}

{
  echo "# End to end, campaign mix at about ${RATE}/s offered, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "$(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg) at start; wrk -t2 -c$CONNECTIONS on a schedule (open loop); warm-up ${WARMUP} s; run ${RUN} s; stand-ins answer in 50 ms ($([ "$STANDINS" = process ] && echo "in a JVM of their own" || echo "inside the router's JVM")); bare route flat out ${BARE} s (after 15 s unmeasured) before the load;${HTTP_DESTINATION:+ an http destination of every type to bench/HttpStandIn.java (own process) answering in 20 ms;}"
  echo "commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' + local changes'); command: \`$(basename "$0") $* (DATABASES='$DATABASES' SECONDS_PER_RUN=$RUN RATE=$RATE STANDINS=$STANDINS$standin_command)\`"
  echo
  echo "| PostgreSQL | offered (answered/s) | stored | ack p99 ms | receipt to last sink p50 / p99 (bucket bound; p99 without and of contact.updated) | backlog max | drained after the load | all DONE | vobiz_event | message_status | Zendesk comments / received | Salesforce contacts |$standin_head dead letters | API calls per 1,000 events: Salesforce / Zendesk | Zendesk 429s (whole run) | router CPU | PostgreSQL CPU | stand-ins' CPU | bare route CPU per request | router + PostgreSQL per event, in bare requests (router alone) |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|$standin_line"
} > "$OUT"

for database in $DATABASES; do
  use_database "$database"
  port=$PG_PORT
  db=vobiz_e2e_bench
  psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
  [ "$STANDINS" = process ] && start_business "$@"
  start_router "$port" "$db" --spring.profiles.active=demo,bench --router.demo.latency=50ms --router.admin.token=$TOKEN "$@" \
    "${STANDIN_ARGS[@]}" "${BUSINESS_ARGS[@]}"
  tag=$(date +%s)
  presign "e2ewarm-$tag" $((WARMUP * RATE * 2)) campaign
  presign "e2e-$tag" $((RUN * RATE * 2)) campaign
  echo "[$database] warm-up ${WARMUP} s" >&2
  replay /webhooks/vobiz "e2ewarm-$tag" "$WARMUP" "${RATE}/s" > /dev/null
  while [ "$(q "$port" "$db" "SELECT COUNT(*) FROM inbox_event WHERE status = 'PENDING'")" != 0 ]; do sleep 1; done
  # The bare route on the same router, warmed up, flat out, as bench/intake.sh measures it (the
  # warm-up's requests: it stores nothing, so a request seen before costs it the same). Before the
  # load, not after it: after it the JIT compiler is still busy with what the load made hot; and
  # after 15 s of its own, unmeasured, for the compiler to finish with the warm-up's code.
  echo "[$database] bare route flat out 15 s, then ${BARE} s measured" >&2
  replay /bench/bare "e2ewarm-$tag" 15 0 > /dev/null
  measure_start "$port"
  bare=$(replay /bench/bare "e2ewarm-$tag" "$BARE" 0)
  bare_cpu=$(measure_end "$port")
  latency_buckets > "bench/results/buckets-before-$tag"
  latency_buckets -contact.updated > "bench/results/buckets-before-other-$tag"
  latency_buckets +contact.updated > "bench/results/buckets-before-contact-$tag"
  sf0=$(api_calls salesforce); zd0=$(api_calls zendesk)
  echo "[$database] ${RUN} s at about ${RATE}/s" >&2
  [ "$database" = production ] && reset_statements "$port" "$db"
  [ -n "$HTTP_DESTINATION" ] && curl -s -o /dev/null -X POST "http://127.0.0.1:$STANDIN_PORT/reset"
  measure_start "$port"
  business0=$(business_ticks)
  replay /webhooks/vobiz "e2e-$tag" "$RUN" "${RATE}/s" > "bench/results/wrk-$tag" &
  load=$!
  backlog=0
  while kill -0 "$load" 2>/dev/null; do
    pending=$(q "$port" "$db" "SELECT COUNT(*) FROM inbox_event WHERE status = 'PENDING'")
    [ "$pending" -gt "$backlog" ] && backlog=$pending
    sleep 1
  done
  result=$(cat "bench/results/wrk-$tag")
  load_end=$(date +%s.%N)
  while [ "$(q "$port" "$db" "SELECT COUNT(*) FROM inbox_event WHERE status = 'PENDING'")" != 0 ]; do sleep 0.5; done
  drained=$(awk -v a="$load_end" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f s", b - a}')
  cpu=$(measure_end "$port")
  business1=$(business_ticks)
  statements=$(statements_of "$database" "$port" "$db")
  latency_buckets > "bench/results/buckets-after-$tag"
  latency_buckets -contact.updated > "bench/results/buckets-after-other-$tag"
  latency_buckets +contact.updated > "bench/results/buckets-after-contact-$tag"
  sf1=$(api_calls salesforce); zd1=$(api_calls zendesk)
  like="LIKE 'vobiz:evt\\_bench\\_e2e-${tag}\\_%'"
  stored=$(q "$port" "$db" "SELECT COUNT(*) FROM inbox_event WHERE event_id $like")
  done_rows=$(q "$port" "$db" "SELECT COUNT(*) FROM inbox_event WHERE event_id $like AND status = 'DONE'")
  analytics=$(q "$port" "$db" "SELECT COUNT(*) FROM vobiz_event WHERE event_id $like")
  messages=$(q "$port" "$db" "SELECT COUNT(*) FROM message_status WHERE message_id LIKE 'wamid.bench.e2e-${tag}.%'")
  expected_messages=$(q "$port" "$db" "SELECT COUNT(DISTINCT payload::json -> 'data' ->> 'message_id') FROM inbox_event WHERE event_id $like AND event_type LIKE 'message.%' AND event_type <> 'message.received'")
  received=$(q "$port" "$db" "SELECT COUNT(*) FROM inbox_event WHERE event_id $like AND event_type = 'message.received'")
  dead=$(q "$port" "$db" "SELECT COUNT(*) FROM dead_letter")
  stand_ins=$(curl -s -H "Authorization: Bearer $TOKEN" "$STANDINS_ADMIN/admin/demo")
  comments=$(echo "$stand_ins" | python3 -c "
import json, sys
tickets = json.load(sys.stdin).get('zendeskTickets', [])
bodies = [c for t in tickets for c in t.get('comments', []) if 'e2e-$tag.' in c]
print(len(bodies), len(set(bodies)))" 2>/dev/null || echo "n/a")
  contacts=$(echo "$stand_ins" | python3 -c "import json, sys; print(len(json.load(sys.stdin).get('salesforceContacts', [])))" 2>/dev/null || echo "n/a")
  standin_cell=
  if [ -n "$HTTP_DESTINATION" ]; then
    standin=$(curl -s "http://127.0.0.1:$STANDIN_PORT/stats?contains=e2e-${tag}_")
    standin_cell=" $(field keys "$standin") of $stored, $(field duplicates "$standin") ($(curl -s "http://127.0.0.1:$STANDIN_PORT/stats" | tr -d '\n') since the window began) |"
  fi
  limited=$(echo "$stand_ins" | python3 -c "import json, sys; print(json.load(sys.stdin).get('zendeskApi', {}).get('rateLimited', 'n/a'))" 2>/dev/null || echo "n/a")
  stop_router
  stop_business
  p50=$(percentile "bench/results/buckets-before-$tag" "bench/results/buckets-after-$tag" 0.50)
  p99=$(percentile "bench/results/buckets-before-$tag" "bench/results/buckets-after-$tag" 0.99)
  p99_other=$(percentile "bench/results/buckets-before-other-$tag" "bench/results/buckets-after-other-$tag" 0.99)
  p99_contact=$(percentile "bench/results/buckets-before-contact-$tag" "bench/results/buckets-after-contact-$tag" 0.99)
  rm -f bench/results/*-"$tag".tsv bench/results/buckets-*"$tag" "bench/results/wrk-$tag"
  answered=$(field per_second "$result")
  echo "| $database | ${RATE}/s ($answered/s) | $stored | $(field p99_ms "$result") | $p50 / $p99 ($p99_other; $p99_contact) | $backlog ($(awk -v b="$backlog" -v r="$answered" 'BEGIN {printf "%.1f", b / r}') s of traffic) | $drained | $done_rows of $stored | $analytics | $messages of $expected_messages | $(echo "$comments" | awk '{print $1 " (" $2 " distinct)"}') / $received | $contacts |$standin_cell $dead | $(awk -v s=$((sf1 - sf0)) -v z=$((zd1 - zd0)) -v n="$stored" 'BEGIN {printf "%.2f / %.1f (%d / %d calls)", 1000 * s / n, 1000 * z / n, s, z}') | $limited | $(cpu_line "$cpu" "$stored") | $(business_line "$business0" "$business1" "$cpu" "$stored") | $(bare_line "$bare_cpu" "$bare") | $(ratio_line "$cpu" "$stored" "$bare_cpu" "$bare") |" >> "$OUT"
  printf '\nMost expensive statements from the load to the inbox drained, PostgreSQL %s:\n\n```\n%s\n```\n' "$database" "$statements" >> "$OUT.statements"
done
cat "$OUT.statements" >> "$OUT" && rm -f "$OUT.statements"
echo >> "$OUT"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end" >> "$OUT"
cat "$OUT"
