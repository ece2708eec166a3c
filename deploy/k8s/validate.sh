#!/usr/bin/env bash
# Validates the Kubernetes manifests offline: renders base/ and with-hpa/ with kustomize
# (kubectl kustomize), then checks every object against the Kubernetes API schemas (the npm
# package kubernetes-models, installed outside the clone) and what the router needs of them
# (probes on the management port, grace period longer than camel.main.shutdown-timeout, every
# routes/ file in the ConfigMap, the webhook port alone in the Service, secrets from the Secret).
#   bash deploy/k8s/validate.sh
# Needs: kubectl with kustomize v4 or later, node and npm (npm registry).
set -euo pipefail
cd "$(dirname "$0")"
repository=$(cd ../.. && pwd)
command -v kubectl >/dev/null || { echo "validate.sh: kubectl missing (it renders the kustomizations)" >&2; exit 1; }
command -v npm >/dev/null || { echo "validate.sh: node and npm missing" >&2; exit 1; }

cache=${XDG_CACHE_HOME:-$HOME/.cache}/vobiz-router/k8s-validate
packages="kubernetes-models@5.1.0 yaml@2.9.1"
if [ "$(cat "$cache/installed" 2>/dev/null)" != "$packages" ]; then
  mkdir -p "$cache"
  (cd "$cache" && npm install --no-audit --no-fund --silent $packages)
  echo "$packages" > "$cache/installed"
fi

rendered=$(mktemp -d)
trap 'rm -rf "$rendered"' EXIT
for kustomization in base with-hpa; do
  kubectl kustomize --load-restrictor LoadRestrictionsNone "$kustomization" > "$rendered/$kustomization.yaml"
done
node validate.mjs "$cache/node_modules" "$repository" "$rendered/base.yaml" "$rendered/with-hpa.yaml" secret.template.yaml
