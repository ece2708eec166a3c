#!/usr/bin/env bash
# Signs a JSON file exactly as Vobiz does (HMAC-SHA256 of the raw bytes, hex) and POSTs it.
#   ROUTER_WEBHOOK_SECRETS=dev-secret samples/send.sh samples/message.received.json
# Environment: ROUTER_WEBHOOK_SECRETS (the first secret signs), ROUTER_URL (default
# http://localhost:8080/webhooks/vobiz), ROUTER_FORWARDED_FOR (optional X-Forwarded-For, to play
# a client behind a trusted proxy). Prints the router's answer and the HTTP status.
set -euo pipefail

file=${1:?usage: send.sh FILE.json}
secret=${ROUTER_WEBHOOK_SECRETS:?set ROUTER_WEBHOOK_SECRETS to the secret the router uses}
secret=${secret%%,*}
url=${ROUTER_URL:-http://localhost:8080/webhooks/vobiz}

signature=$(openssl dgst -sha256 -hmac "$secret" -hex < "$file" | sed 's/^.*= //')
forwarded=()
if [ -n "${ROUTER_FORWARDED_FOR:-}" ]; then
  forwarded=(-H "X-Forwarded-For: $ROUTER_FORWARDED_FOR")
fi
curl -sS -w '\nHTTP %{http_code}\n' -X POST "$url" \
  -H 'Content-Type: application/json' "${forwarded[@]}" \
  -H "X-Vobiz-Signature: sha256=$signature" \
  --data-binary "@$file"
