#!/usr/bin/env bash
# Checks observability/ with promtool (Debian's prometheus package): both Prometheus
# configurations (docker compose's prometheus.yml, and run.sh --observe's prometheus-local.yml as
# run.sh fills it in), the rules, and the rules' unit tests (observability/rules-test.yml: each
# alert fires on the series it is about and stays quiet on healthy ones). scripts/test.sh runs it.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT/observability"
command -v promtool >/dev/null || die "promtool is missing: apt-get install -y prometheus (Debian's package)"
say "Prometheus configuration and rules (promtool $(promtool --version 2>&1 | awk 'NR==1 {print $3}'))"
promtool check config prometheus.yml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed -e "s#@RULES@#$ROOT/observability/rules.yml#" -e "s#@TARGETS@#$tmp#" prometheus-local.yml >"$tmp/prometheus.yml"
echo '[]' >"$tmp/services.json"
echo '[]' >"$tmp/gateway.json"
promtool check config "$tmp/prometheus.yml"
promtool test rules rules-test.yml
