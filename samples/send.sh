#!/usr/bin/env bash
# Signs a JSON file exactly as its sender does and POSTs it; prints the router's answer and the
# HTTP status.
#   ROUTER_WEBHOOK_SECRETS=dev-secret samples/send.sh samples/message.received.json
#   SECRET=msg-secret samples/send.sh samples/vobiz-messaging/message.inbound.json
# Environment:
#   PROFILE   how to sign: vobiz-legacy (X-Vobiz-Signature, hex HMAC-SHA256 of the bytes),
#             vobiz-messaging (X-Webhook-Signature, hex, no prefix; X-Webhook-Event),
#             meta-whatsapp (X-Hub-Signature-256: sha256=hex), standard-webhooks (webhook-id,
#             webhook-timestamp, webhook-signature: v1,base64 over id.timestamp.body). Default:
#             the name of the folder the file is in, else vobiz-legacy.
#   SECRET    the secret to sign with; for vobiz-legacy the first of ROUTER_WEBHOOK_SECRETS
#             when unset. standard-webhooks: the whsec_... secret.
#   ROUTER_URL  default http://localhost:8080 and the profile's path in the README's examples:
#             /webhooks/vobiz, /webhooks/vobiz-messaging, /webhooks/meta, /webhooks/standard.
#   WEBHOOK_ID  standard-webhooks only; default msg_ and the file's SHA-256, so sending the
#             same file again is a retry (answered duplicate).
#   ROUTER_FORWARDED_FOR  optional X-Forwarded-For, to play a client behind a trusted proxy.
#   KEEP_TIMES  set to 1 to send the file's event times as they are. By default every "timestamp"
#             and "occurred_at" (RFC 3339, or Unix seconds as Meta writes them) is set to now
#             before signing: the router refuses an event older than max-event-age (3 days).
set -euo pipefail

file=${1:?usage: send.sh FILE.json}
original=$file
if [ "${KEEP_TIMES:-}" != 1 ]; then
  now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  seconds=$(date +%s)
  fresh=$(mktemp "${TMPDIR:-/tmp}/send-sample.XXXXXX")
  trap 'rm -f "$fresh"' EXIT
  # The file's exact bytes, with only the time values replaced (GNU and BSD sed keep a missing final newline missing).
  sed -E -e "s/(\"(timestamp|occurred_at)\"[[:space:]]*:[[:space:]]*\")[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][^\"]*\"/\1$now\"/g" \
    -e "s/(\"timestamp\"[[:space:]]*:[[:space:]]*\")[0-9]{9,12}\"/\1$seconds\"/g" "$file" > "$fresh"
  file=$fresh
fi
folder=$(basename "$(dirname "$original")")
case "$folder" in
  vobiz-legacy|vobiz-messaging|meta-whatsapp|standard-webhooks) profile=${PROFILE:-$folder} ;;
  *) profile=${PROFILE:-vobiz-legacy} ;;
esac

if [ "$profile" = vobiz-legacy ] && [ -z "${SECRET:-}" ]; then
  secret=${ROUTER_WEBHOOK_SECRETS:?set ROUTER_WEBHOOK_SECRETS (or SECRET) to the secret the router uses}
  secret=${secret%%,*}
else
  secret=${SECRET:?set SECRET to the secret of the $profile source}
fi

hmac_hex() { openssl dgst -sha256 -hmac "$secret" -hex < "$file" | sed 's/^.*= //'; }

headers=()
case "$profile" in
  vobiz-legacy)
    path=/webhooks/vobiz
    headers=(-H "X-Vobiz-Signature: sha256=$(hmac_hex)") ;;
  vobiz-messaging)
    path=/webhooks/vobiz-messaging
    event=$(sed -n 's/.*"event_type" *: *"\([^"]*\)".*/\1/p' "$file" | head -n 1)
    headers=(-H "X-Webhook-Signature: $(hmac_hex)" -H "X-Webhook-Event: $event") ;;
  meta-whatsapp)
    path=/webhooks/meta
    headers=(-H "X-Hub-Signature-256: sha256=$(hmac_hex)") ;;
  standard-webhooks)
    path=/webhooks/standard
    id=${WEBHOOK_ID:-msg_$(openssl dgst -sha256 -hex < "$original" | sed 's/^.*= //' | cut -c1-24)}
    timestamp=$(date +%s)
    key=$(printf '%s' "${secret#whsec_}" | openssl base64 -d -A | od -An -v -tx1 | tr -d ' \n')
    signature=$({ printf '%s.%s.' "$id" "$timestamp"; cat "$file"; } \
      | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key" -binary | openssl base64 -A)
    headers=(-H "webhook-id: $id" -H "webhook-timestamp: $timestamp" -H "webhook-signature: v1,$signature") ;;
  *)
    echo "unknown PROFILE $profile: vobiz-legacy, vobiz-messaging, meta-whatsapp or standard-webhooks" >&2
    exit 2 ;;
esac

url=${ROUTER_URL:-http://localhost:8080$path}
if [ -n "${ROUTER_FORWARDED_FOR:-}" ]; then
  headers+=(-H "X-Forwarded-For: $ROUTER_FORWARDED_FOR")
fi
curl -sS -w '\nHTTP %{http_code}\n' -X POST "$url" \
  -H 'Content-Type: application/json' "${headers[@]}" \
  --data-binary "@$file"
