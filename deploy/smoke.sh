#!/usr/bin/env bash
# Smoke test of the image deploy/image.sh built: starts it against PostgreSQL with a read-only
# root filesystem and the config folder mounted, waits for readiness on the management port,
# sends one signed message.delivered webhook, checks its row in message_status, and stops it.
# Exits non-zero with a message saying what failed.
#   bash deploy/smoke.sh
# Environment:
#   IMAGE            default localhost/vobiz-router:<version of the pom>
#   PGHOST, PGPORT   PostgreSQL, default 127.0.0.1:5432, user postgres (PGUSER) with trust auth
#   SMOKE_DATABASE   a database to use as it is; default: a fresh one, created and dropped here
#   SMOKE_PORT       webhook port on 127.0.0.1, default 18080; the management port is the next one
#   READY_TIMEOUT    seconds to wait for readiness, default 120
# Prints the seconds from `podman run` to ready (see README, "Deploy").
set -euo pipefail
cd "$(dirname "$0")/.."
. deploy/lib.sh
require podman podman
require psql postgresql-client
require openssl openssl
require curl curl

image=${IMAGE:-localhost/vobiz-router:$(project_version)}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
port=${SMOKE_PORT:-18080}
management=$((port + 1))
secret=smoke-$RANDOM$RANDOM
name=vobiz-smoke-$$

fail() { echo "smoke: FAILED: $*" >&2; exit 1; }

podman image exists "$image" || fail "no image $image: run bash deploy/image.sh first"
psql -d postgres -Atqc 'select 1' >/dev/null || fail "PostgreSQL not reachable at $PGHOST:$PGPORT as $PGUSER"

database=${SMOKE_DATABASE:-}
fresh=
if [ -z "$database" ]; then
  database=vobiz_smoke_$$
  psql -d postgres -qc "create database $database" || fail "could not create database $database"
  fresh=1
fi

cleanup() {
  if [ -n "${logs_on_exit:-}" ]; then
    echo "smoke: the router's last log lines:" >&2
    podman logs --tail 40 "$name" >&2 2>&1 || true
  fi
  podman rm -f -t 25 "$name" >/dev/null 2>&1 || true
  [ -z "$fresh" ] || psql -d postgres -qc "drop database if exists $database" >/dev/null 2>&1 || true
}
trap cleanup EXIT
logs_on_exit=1

# Host networking with both ports bound to 127.0.0.1 only; the config folder (application.yaml and
# routes/) mounted read-only over the image's own, as an operator changes them without a new image.
started=$(date +%s.%N)
podman run --detach --name "$name" --network=host \
  --read-only --tmpfs /tmp:rw,size=256m --memory=1g \
  --volume "$PWD/application.yaml:/config/application.yaml:ro" \
  --volume "$PWD/routes:/config/routes:ro" \
  --env ROUTER_WEBHOOK_SECRETS="$secret" \
  --env SPRING_DATASOURCE_URL="jdbc:postgresql://$PGHOST:$PGPORT/$database" \
  --env SPRING_DATASOURCE_USERNAME="$PGUSER" \
  --env SERVER_ADDRESS=127.0.0.1 --env SERVER_PORT="$port" \
  --env MANAGEMENT_SERVER_ADDRESS=127.0.0.1 --env MANAGEMENT_SERVER_PORT="$management" \
  "$image" >/dev/null || fail "podman run did not start $image"

deadline=$(( $(date +%s) + ${READY_TIMEOUT:-120} ))
until curl -sf -o /dev/null "http://127.0.0.1:$management/actuator/health/readiness"; do
  [ "$(podman inspect -f '{{.State.Running}}' "$name" 2>/dev/null)" = true ] || fail "the container stopped before it was ready"
  [ "$(date +%s)" -lt "$deadline" ] || fail "not ready within ${READY_TIMEOUT:-120} s on port $management"
  sleep 0.2
done
ready=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
echo "smoke: ready in $ready s"

# One message.delivered event with a fresh time, signed as Vobiz signs: hex HMAC-SHA256 of the body.
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
id=smoke-$(date +%s%N)
message=wamid.$id
body=$(printf '{"event":"message.delivered","event_id":"%s","timestamp":"%s","channel_id":"ch_smoke","data":{"message_id":"%s","to":"+10000000000","status":"delivered","timestamp":"%s"}}' "$id" "$now" "$message" "$now")
signature=$(printf '%s' "$body" | openssl dgst -sha256 -hmac "$secret" -hex | sed 's/^.*= //')
answer=$(curl -sS -w ' HTTP %{http_code}' -X POST "http://127.0.0.1:$port/webhooks/vobiz" \
  -H 'Content-Type: application/json' -H "X-Vobiz-Signature: $signature" --data-binary "$body") \
  || fail "the webhook could not be sent"
case "$answer" in
  *'"accepted"'*' HTTP 200') echo "smoke: webhook accepted" ;;
  *) fail "the webhook was answered: $answer" ;;
esac

status=
for _ in $(seq 1 150); do
  status=$(echo "select status from message_status where message_id = :'message'" \
    | psql -d "$database" -Atq -v message="$message")
  [ -n "$status" ] && break
  sleep 0.2
done
[ "$status" = delivered ] || fail "no delivered row for $message in message_status after 30 s (got '${status}')"
echo "smoke: message_status has $message as delivered"

logs_on_exit=
echo "smoke: passed"
