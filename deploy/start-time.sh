#!/usr/bin/env bash
# Start to ready of images, back to back: runs deploy/smoke.sh for each image in turn, ROUNDS
# times (a b a b …), and prints one line per start with the load average before it. Alternate:
# runs minutes apart on a shared machine differ more than images do.
#   bash deploy/start-time.sh localhost/vobiz-router:before localhost/vobiz-router:0.1.0-SNAPSHOT
# Environment: ROUNDS (3); WARM=1 reuses one migrated database for every start (Flyway has
# nothing to do), otherwise each start migrates a fresh one (cold); the rest as deploy/smoke.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
. deploy/lib.sh
[ $# -gt 0 ] || { sed -n 2,7p "$0" >&2; exit 2; }
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
warm=
if [ "${WARM:-0}" = 1 ]; then
  warm=vobiz_start_time_$$
  psql -d postgres -qc "create database $warm"
  trap 'psql -d postgres -qc "drop database if exists $warm" >/dev/null 2>&1 || true' EXIT
  IMAGE=$1 SMOKE_DATABASE=$warm bash deploy/smoke.sh >/dev/null
fi
echo "| round | image | load average before | start to ready |"
echo "|---|---|---|---|"
for round in $(seq 1 "${ROUNDS:-3}"); do
  for image in "$@"; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    ready=$(IMAGE=$image SMOKE_DATABASE=$warm bash deploy/smoke.sh 2>&1 | sed -n 's/^smoke: ready in \(.*\) s$/\1/p')
    echo "| $round | $image | $load | ${ready:-failed} s |"
  done
done
