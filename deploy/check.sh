#!/usr/bin/env bash
# The deployment checks that run offline, for CI: the alert rules and their unit tests
# (promtool), the dashboard's queries (each parsed by promtool), and the Kubernetes manifests
# (deploy/k8s/validate.sh). The image and its smoke test are separate: deploy/image.sh, then
# deploy/smoke.sh (README, "Deploy").
#   bash deploy/check.sh
# Needs (Debian): prometheus (promtool), python3; and what deploy/k8s/validate.sh needs.
set -euo pipefail
cd "$(dirname "$0")"
command -v promtool >/dev/null || { echo "check.sh: promtool missing: apt-get install prometheus" >&2; exit 1; }

echo "== alert rules"
promtool check rules prometheus/rules.yml
(cd prometheus && promtool test rules rules.test.yml)

echo "== dashboard queries"
queries=$(mktemp)
trap 'rm -f "$queries"' EXIT
# Every query of the dashboard as a recording rule, Grafana's variables replaced by examples, so
# that promtool parses it.
python3 - grafana/vobiz-router.json > "$queries" <<'PY'
import json, sys
dashboard = json.load(open(sys.argv[1]))
examples = {"$__rate_interval": "5m", "$__range": "6h", "$job": "vobiz-router",
            "$zendesk_limit": "400", "$salesforce_limit": "0", "$salesforce_daily_share": "80"}
rules = []
for panel in dashboard["panels"]:
    for target in panel.get("targets", []):
        expr = target["expr"]
        for name, value in examples.items():
            expr = expr.replace(name, value)
        if "$" in expr:
            sys.exit(f"panel {panel['title']!r}: unknown variable in {target['expr']}")
        rules.append({"record": f"dashboard:query_{len(rules)}", "expr": expr})
print(json.dumps({"groups": [{"name": dashboard["uid"], "rules": rules}]}))
PY
promtool check rules "$queries" | sed 's/[0-9]* rules found/& (dashboard queries)/'

echo "== kubernetes manifests"
bash k8s/validate.sh
echo "check.sh: all deployment checks passed"
