#!/usr/bin/env bash
# Runs the long version of one fault drill and saves its whole output, ending with the drill's
# final line (DRILL <name>: PASS|FAIL and its counts), to bench/results/drills/<name>-<UTC time>.txt.
#   bash bench/drill.sh kill-9            # router killed with SIGKILL 3 times during 180 s of load
#   DRILL_RESTART=same bash bench/drill.sh kill-9   # ... each restart under the same instance name
#   bash bench/drill.sh two-instances     # 180 s of load, every event sent to two instances at once
#   bash bench/drill.sh sink-outage       # Salesforce and Zendesk answer 503 for 60 s under load
#   bash bench/drill.sh database-outage   # PostgreSQL stopped for 20 s under load
#   bash bench/drill.sh destination-outage  # one http destination answers 503 for 60 s, the others up
#   bash bench/drill.sh destination-429   # one http destination answers 429 (Retry-After 2) for 60 s
#   bash bench/drill.sh slow-senders      # 1,000 connections dribble bodies for 180 s; signed webhooks p99 < 1 s
#   bash bench/drill.sh rejection-flood   # badly signed webhooks as fast as answered for 180 s; p99 < 1 s, log within its cap
# DRILL_SECONDS (load length), DRILL_RATE (events/s, default 100), DRILL_OUTAGE_SECONDS and
# DRILL_SLOW_SENDERS (connections of slow-senders, default 1000) override the defaults.
# The CI versions are the same tests with short defaults: ./mvnw -B test -Dtest='*DrillTest'.
#
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth), where each drill creates a fresh
# database. database-outage also needs root: it really stops a PostgreSQL server, by default one
# of its own (initdb in a temporary folder, port DRILL_PG_PORT, default 5433) so that other users
# of the shared server are not cut off; DRILL_PG=main stops and starts the shared cluster instead
# (pg_ctlcluster). Either way the server is started again when the script ends, even on failure.
set -euo pipefail
cd "$(dirname "$0")/.."

name=${1:-}
rate=${DRILL_RATE:-100}
case "$name" in
  kill-9)          test=KillNineDrillTest;       seconds=${DRILL_SECONDS:-180}; outage= ;;
  two-instances)   test=TwoInstancesDrillTest;   seconds=${DRILL_SECONDS:-180}; outage= ;;
  sink-outage)     test=SinkOutageDrillTest;     seconds=${DRILL_SECONDS:-150}; outage=${DRILL_OUTAGE_SECONDS:-60} ;;
  database-outage) test=DatabaseOutageDrillTest; seconds=${DRILL_SECONDS:-90};  outage=${DRILL_OUTAGE_SECONDS:-20} ;;
  destination-outage) test='DestinationOutageDrillTest#theOtherDestinationsKeepUpWhileOneAnswers503AndItGetsEveryEventOnceAfter'
                   seconds=${DRILL_SECONDS:-150}; outage=${DRILL_OUTAGE_SECONDS:-60} ;;
  destination-429) test='DestinationOutageDrillTest#aStormOfTooManyRequestsPausesOnlyThatDestinationAndSpendsNoAttempt'
                   seconds=${DRILL_SECONDS:-150}; outage=${DRILL_OUTAGE_SECONDS:-60} ;;
  slow-senders)    test='FloodDrillTest#signedWebhooksKeepTheirP99UnderASecondWhileAThousandConnectionsDribbleFromTheSameAddress'
                   seconds=${DRILL_SECONDS:-180}; outage= ;;
  rejection-flood) test='FloodDrillTest#signedWebhooksKeepTheirP99UnderASecondAndTheRejectionLogItsCapUnderAFloodOfRefusedRequests'
                   seconds=${DRILL_SECONDS:-180}; outage= ;;
  *) echo "usage: bash bench/drill.sh <kill-9|two-instances|sink-outage|database-outage|destination-outage|destination-429|slow-senders|rejection-flood>" >&2; exit 2 ;;
esac

props=(-Ddrill.seconds="$seconds" -Ddrill.rate="$rate" -Ddrill.restart="${DRILL_RESTART:-new}")
[ -n "$outage" ] && props+=(-Ddrill.outage-seconds="$outage")
[ -n "${DRILL_SLOW_SENDERS:-}" ] && props+=(-Ddrill.slow-senders="$DRILL_SLOW_SENDERS")

if [ "$name" = database-outage ]; then
  helpers=$(mktemp -d /tmp/vobiz-drill.XXXXXX)
  if [ "${DRILL_PG:-own}" = main ]; then
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    echo "pg_ctlcluster --skip-systemctl-redirect $version main stop" > "$helpers/stop.sh"
    echo "pg_ctlcluster --skip-systemctl-redirect $version main start" > "$helpers/start.sh"
    port=5432
    cleanup() {
      pg_isready -h 127.0.0.1 -p 5432 -q || bash "$helpers/start.sh" || true
      rm -rf "$helpers"
    }
  else
    port=${DRILL_PG_PORT:-5433}
    if pg_isready -h 127.0.0.1 -p "$port" -q; then
      echo "something already answers on port $port: set DRILL_PG_PORT" >&2
      exit 1
    fi
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    data="$helpers/data"
    mkdir "$data" && chown postgres "$helpers" "$data"
    runuser -u postgres -- "$bin/initdb" -D "$data" -U postgres --auth=trust >/dev/null
    ctl="runuser -u postgres -- $bin/pg_ctl -D $data -l $helpers/server.log -w -o \"-p $port -k $helpers -c listen_addresses=127.0.0.1\""
    # pg_ctlcluster stops in fast mode too: sessions are ended, the server shuts down cleanly.
    echo "$ctl stop -m fast" > "$helpers/stop.sh"
    echo "$ctl start" > "$helpers/start.sh"
    bash "$helpers/start.sh" >/dev/null
    cleanup() {
      bash -c "$ctl stop -m immediate" >/dev/null 2>&1 || true
      rm -rf "$helpers"
    }
  fi
  trap cleanup EXIT
  props+=(-Ddrill.postgres.admin-url="jdbc:postgresql://127.0.0.1:$port/postgres"
          -Ddrill.database.stop-command="bash $helpers/stop.sh"
          -Ddrill.database.start-command="bash $helpers/start.sh")
fi

mkdir -p bench/results/drills
out=bench/results/drills/$name-$(date -u +%Y-%m-%dT%H%M%SZ).txt
rm -f "target/drills/$name.txt"
{
  echo "# bash bench/drill.sh $name (load ${seconds} s at ${rate} events/s${outage:+, outage ${outage} s})"
  echo "# $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
} > "$out"
set +e
./mvnw -B test -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false "${props[@]}" 2>&1 | tee -a "$out"
status=${PIPESTATUS[0]}
set -e
if [ -f "target/drills/$name.txt" ]; then
  tail -n 1 "target/drills/$name.txt" >> "$out"
else
  echo "DRILL $name: FAIL (no report: the drill did not finish, see above)" >> "$out"
fi
echo "saved to $out"
exit "$status"
