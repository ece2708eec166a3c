# Shared by the wrk-driven benchmarks (sourced, not run).
PORT=${PORT:-18080}
MGMT=${MGMT:-18081}
SECRET=${SECRET:-bench-secret}
BENCH_CLUSTER_PORT=${BENCH_CLUSTER_PORT:-5433}
ROUTER=
STARTED_CLUSTER=

need_wrk() {
  command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
}

# use_database <as-is|production> sets PG_PORT: "as-is" is this machine's server on 5432;
# "production" a cluster of the bench's own with autovacuum on and pg_stat_statements preloaded.
use_database() {
  if [ "$1" = as-is ]; then PG_PORT=5432; return; fi
  local version; version=$(ls /etc/postgresql | sort -n | tail -n 1)
  if ! pg_lsclusters -h | awk '{print $2}' | grep -qx bench; then
    pg_createcluster "$version" bench -p "$BENCH_CLUSTER_PORT" >/dev/null
    cat > "/etc/postgresql/$version/bench/conf.d/90-bench.conf" <<CONF
# Production-like settings for the benchmarks: statistics kept up to date, statements measured.
listen_addresses = '127.0.0.1'
autovacuum = on
fsync = on
synchronous_commit = on
shared_buffers = 512MB
max_connections = 200
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = all
CONF
    sed -i -E 's/^(host\s+all\s+all\s+127\.0\.0\.1\/32\s+)\S+/\1trust/; s/^(local\s+all\s+all\s+)\S+/\1trust/' \
      "/etc/postgresql/$version/bench/pg_hba.conf"
  fi
  if ! pg_isready -h 127.0.0.1 -p "$BENCH_CLUSTER_PORT" -q; then
    pg_ctlcluster --skip-systemctl-redirect "$version" bench start
    STARTED_CLUSTER=$version
  fi
  psql -h 127.0.0.1 -p "$BENCH_CLUSTER_PORT" -U postgres -d template1 -qc "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
  PG_PORT=$BENCH_CLUSTER_PORT
}

stop_bench_cluster() {
  [ -n "$STARTED_CLUSTER" ] && pg_ctlcluster --skip-systemctl-redirect "$STARTED_CLUSTER" bench stop || true
}

# start_router <pg port> <database> [router arguments]: production defaults but for the bench profile.
# ROUTER_JAVA_OPTIONS: more JVM options for the router alone, e.g. a flight recording:
#   ROUTER_JAVA_OPTIONS=-XX:StartFlightRecording=filename=/tmp/router.jfr,settings=profile
start_router() {
  local port=$1 db=$2; shift 2
  # shellcheck disable=SC2086 # JVM options, split on spaces
  java -Xms512m -Xmx1g ${ROUTER_JAVA_OPTIONS:-} -jar target/vobiz-router-*.jar \
    --spring.profiles.active=bench --server.port=$PORT --management.server.port=$MGMT \
    --spring.datasource.url=jdbc:postgresql://127.0.0.1:$port/$db --spring.datasource.username=postgres \
    --router.webhook.secrets=$SECRET "$@" > bench/results/router.log 2>&1 &
  ROUTER=$!
  for _ in $(seq 1 120); do
    curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$PORT/webhooks/vobiz 2>/dev/null | grep -q 405 && return
    sleep 1
  done
  echo "the router did not start; see bench/results/router.log" >&2
  exit 1
}

stop_router() {
  [ -n "$ROUTER" ] && kill "$ROUTER" 2>/dev/null && wait "$ROUTER" 2>/dev/null || true
  ROUTER=
}

# presign <name> <count> <all|campaign> [vobiz-legacy|vobiz-messaging]: bench/results/<name>.tsv of
# signed events with ids evt_bench_<name>_<n>, in the SPEC's format (default) or Vobiz's current one.
presign() {
  java bench/LoadGen.java --presign "bench/results/$1.tsv" --count "$2" --secret "$SECRET" --run "$1" --mix "$3" \
    --format "${4:-vobiz-legacy}"
}

# replay <path> <presigned name> <seconds> <pause ms per connection> [signature header]: prints wrk's RESULT line.
replay() {
  wrk -t2 -c"${CONNECTIONS:-32}" -d"$3"s --timeout 10s -s bench/replay.lua "http://127.0.0.1:$PORT$1" \
    -- "bench/results/$2.tsv" "${5:-X-Vobiz-Signature}" 2 "$4" | grep '^RESULT'
}

field() { echo "$2" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k {print $2}'; }

q() { psql -h 127.0.0.1 -p "$1" -U postgres -d "$2" -Atc "$3"; }

ticks_of() { awk '{s += $14 + $15} END {print s + 0}' "$@" 2>/dev/null || echo 0; }
# CPU ticks of the PostgreSQL server on a port: its postmaster, every process it runs, and those
# that have ended (the postmaster's children's time, fields 16 and 17: backends of closed
# connections, e.g. a pool's, would otherwise take their CPU with them).
pg_ticks() {
  local dir pid
  dir=$(psql -h 127.0.0.1 -p "$1" -U postgres -d postgres -Atc 'SHOW data_directory')
  pid=$(head -n 1 "$dir/postmaster.pid")
  echo $(( $(ticks_of /proc/"$pid"/stat $(for child in $(pgrep -P "$pid"); do echo /proc/"$child"/stat; done)) \
    + $(awk '{print $16 + $17}' /proc/"$pid"/stat) ))
}
measure_start() { M_T0=$(ticks_of /proc/$ROUTER/stat); M_G0=$(pg_ticks "$1"); M_S0=$(date +%s.%N); }
# Prints "<router cpu seconds> <postgres cpu seconds> <wall seconds>" since measure_start.
measure_end() {
  local t1 g1 s1; t1=$(ticks_of /proc/$ROUTER/stat); g1=$(pg_ticks "$1"); s1=$(date +%s.%N)
  awk -v t0="$M_T0" -v t1="$t1" -v g0="$M_G0" -v g1="$g1" -v a="$M_S0" -v b="$s1" -v hz="$(getconf CLK_TCK)" \
    'BEGIN {printf "%.2f %.2f %.2f", (t1 - t0) / hz, (g1 - g0) / hz, b - a}'
}
# cpu_line "<router s> <pg s> <wall s>" <events>: "0.95 cores, 0.31 ms/event | 0.40 cores, 0.13 ms/event"
cpu_line() {
  echo "$1" | awk -v n="$2" '{printf "%.2f cores, %.3f ms/event | %.2f cores, %.3f ms/event", $1 / $3, 1000 * $1 / n, $2 / $3, 1000 * $2 / n}'
}

# Events pre-signed per second of a flat-out run: more than intake stores a second on these machines.
PRESIGNED_PER_SECOND=25000
# stored_rate <stored> <seconds> <pre-signed>: events stored a second, after "≥ " when every
# pre-signed event was stored (the rest of the run answered duplicates, so the rate is a floor).
stored_rate() { awk -v n="$1" -v s="$2" -v p="$3" 'BEGIN {printf "%s%.0f", (n >= p ? "≥ " : ""), n / s}'; }

reset_statements() { q "$1" "$2" "SELECT pg_stat_statements_reset()" >/dev/null; }
top_statements() {
  q "$1" "$2" "SELECT round(total_exec_time::numeric, 0) || ' ms total, ' || calls || ' calls, ' || round(mean_exec_time::numeric, 3) || ' ms mean, ' || round(max_exec_time::numeric, 1) || ' ms max: ' || left(regexp_replace(query, '\s+', ' ', 'g'), 160) FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY total_exec_time DESC LIMIT 5"
}
# statements_of <database> <port> <db>: the five most expensive statements where pg_stat_statements
# is loaded (the bench's production cluster), else a line saying it is not.
statements_of() {
  if [ "$1" = production ]; then top_statements "$2" "$3"; else echo "(pg_stat_statements is not loaded on this server)"; fi
}
