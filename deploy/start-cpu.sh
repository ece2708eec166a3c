#!/usr/bin/env bash
# One start of the image on PostgreSQL: seconds from `podman run` to readiness and the JVM's CPU
# seconds by then, with the threads that used most (README, "Deploy": where a start's CPU goes).
#   bash deploy/start-cpu.sh [image] [JAVA_TOOL_OPTIONS]
#   bash deploy/start-cpu.sh localhost/vobiz-router:0.1.0-SNAPSHOT "-XX:MaxRAMPercentage=75 -XX:TieredStopAtLevel=1"
# The database (START_DATABASE, default vobiz_start_cpu) is created once and kept: warm starts.
set -euo pipefail
cd "$(dirname "$0")/.."
. deploy/lib.sh
image=${1:-localhost/vobiz-router:$(project_version)}
options=${2:-}
database=${START_DATABASE:-vobiz_start_cpu}
name=vobiz-start-cpu-$$
psql -h 127.0.0.1 -U postgres -d postgres -qc "create database $database" 2>/dev/null || true
trap 'podman rm -f -t 25 "$name" >/dev/null 2>&1 || true' EXIT
started=$(date +%s.%N)
podman run --detach --name "$name" --network=host --read-only --tmpfs /tmp:rw,size=256m --memory=1g \
  --volume "$PWD/application.yaml:/config/application.yaml:ro" --volume "$PWD/routes:/config/routes:ro" \
  --env ROUTER_WEBHOOK_SECRETS=start-cpu --env SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:5432/$database" \
  --env SPRING_DATASOURCE_USERNAME=postgres --env SERVER_ADDRESS=127.0.0.1 --env SERVER_PORT=18080 \
  --env MANAGEMENT_SERVER_ADDRESS=127.0.0.1 --env MANAGEMENT_SERVER_PORT=18081 \
  ${options:+--env JAVA_TOOL_OPTIONS="$options"} "$image" >/dev/null
deadline=$(( $(date +%s) + 120 ))
until curl -sf -o /dev/null http://127.0.0.1:18081/actuator/health/readiness; do
  [ "$(date +%s)" -lt "$deadline" ] || { echo "not ready within 120 s" >&2; exit 1; }
  sleep 0.05
done
ended=$(date +%s.%N)
pid=$(podman inspect -f '{{.State.Pid}}' "$name")
cpu=$(awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' /proc/"$pid"/stat)
echo "ready in $(awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.2f", b - a }') s, $cpu CPU seconds"
for task in /proc/"$pid"/task/*; do
  printf '%s %s\n' "$(awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "$task/stat")" "$(cat "$task/comm")"
done | sort -rn | head -4
