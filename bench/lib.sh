# What bench/run.sh and bench/parts.sh share; sourced by both, from the project folder, after
# they set PORT, MGMT (management port), DB (the benchmark database) and SECRET.
# The router is the packaged jar with the demo profile's Salesforce and Zendesk stand-ins
# answering in 50 ms, on PostgreSQL at 127.0.0.1:5432 (user postgres, trust auth).

ROUTER=

# Packages the router as bench/run.sh and bench/parts.sh run it.
build_router() {
  ./mvnw -q -B package -DskipTests
}

# Drops and creates the benchmark database $DB.
fresh_database() {
  psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
}

# Starts the router in the background (its output in bench/results/router.log), sets ROUTER to
# its pid and returns once its intake route answers; gives up after 120 s.
#   start_router [JVM options] [-- router arguments]
start_router() {
  local jvm=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do
    jvm+=("$1")
    shift
  done
  [ $# -gt 0 ] && shift
  java -Xms512m -Xmx1g ${jvm[@]+"${jvm[@]}"} -jar target/vobiz-router-*.jar \
    --spring.profiles.active=demo,bench --server.port=$PORT --management.server.port=$MGMT \
    --spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/$DB --spring.datasource.username=postgres \
    --router.webhook.secrets=$SECRET --router.demo.latency=50ms --logging.level.com.vobizrouter=WARN "$@" \
    > bench/results/router.log 2>&1 &
  ROUTER=$!
  for _ in $(seq 1 120); do
    # The port opens before the routes have started; the intake route itself answers GET with 405.
    curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$PORT/webhooks/vobiz 2>/dev/null | grep -q 405 && return
    sleep 1
  done
  echo "the router did not start; see bench/results/router.log" >&2
  exit 1
}

# Stops the router started last, if any, and waits until it is gone.
stop_router() {
  kill "$ROUTER" 2>/dev/null && wait "$ROUTER" 2>/dev/null || true
}

# One value from the benchmark database (psql arguments, e.g. -c "SELECT …"); retried, since a
# busy server may refuse a connection; "n/a" if it never answers.
sql() {
  local out
  for _ in 1 2 3 4 5; do
    if out=$(psql -h 127.0.0.1 -U postgres -d $DB -At "$@" 2>/dev/null); then echo "$out"; return; fi
    sleep 1
  done
  echo "n/a"
}

# CPU time the router has used so far, in clock ticks (user + system; getconf CLK_TCK per second).
router_cpu_ticks() {
  awk '{print $14 + $15}' /proc/$ROUTER/stat
}

# CPU seconds of the PostgreSQL processes so far (the router's backends live as long as it does).
postgres_cpu_seconds() {
  ps -u postgres -o times= | awk '{s += $1} END {print s}'
}

# Events per intake transaction so far (group commit): sum and count of the batch-size summary.
batch_totals() {
  curl -s http://127.0.0.1:$MGMT/actuator/prometheus \
    | awk '/^vobiz_intake_commit_batch_events_sum/ {s=$2} /^vobiz_intake_commit_batch_events_count/ {c=$2} END {print s + 0, c + 0}'
}

# Load from bench/LoadGen.java, signed with $SECRET; prints its one-line result.
#   load URL SECONDS CONNECTIONS RATE LABEL RUN [more LoadGen options]
load() {
  local url=$1 seconds=$2 connections=$3 rate=$4 label=$5 run=$6
  shift 6
  java bench/LoadGen.java --url "$url" --secret $SECRET --seconds "$seconds" --connections "$connections" --rate "$rate" \
    --label "$label" --run "$run" "$@"
}
