#!/usr/bin/env bash
# End-to-end tests against the whole suite: starts a second copy of it beside anything already
# running (PORT_OFFSET=1000: gateway on 9080, data under target/e2e-run, rate limits off, no
# demo data), runs the API checks (scripts/e2e/api.e2e.mjs), the rebuild checks
# (scripts/e2e/rebuild.e2e.mjs: timelines and trends rebuilt from PostgreSQL), the security checks
# (scripts/e2e/security.e2e.mjs), the browser tests (frontend/e2e, in Debian's chromium), the
# accessibility check of every page (axe-core) and Lighthouse on the home page, whose reports stay
# in target/e2e-run/reports/{axe,lighthouse}, and last the runbooks, which restart services:
# migrations (scripts/e2e/migrate.e2e.mjs), the Kafka operations (scripts/e2e/ops.e2e.mjs:
# replay.sh restarts instances), the rollouts (scripts/e2e/deploy.e2e.mjs: blue-green and canary
# under load), backup and restore (scripts/e2e/backup.e2e.mjs: the database wiped and
# restored) and the PostgreSQL failover (scripts/e2e/failover.e2e.mjs: the primary killed under
# writes, scripts/failover.sh, nothing acknowledged lost), and stops the copy. The copy runs with a
# PostgreSQL standby (run.sh --pg-replica), so every check also exercises the replica reads. Prometheus runs beside the copy (run.sh --observe, Debian's
# package): scripts/e2e/observe.e2e.mjs sees every instance up and the rules evaluated, after the
# API checks and again after the deploys moved instances.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

export PORT_OFFSET=${E2E_PORT_OFFSET:-1000}
export RUN_DIR="$ROOT/target/e2e-run"
export RATE_LIMITS=off SEED=off BUILD=skip OBSERVE=on PG_REPLICA=on
# the JIT stopped at C1, as the chaos run's (lib.sh's CHECK_JAVA_OPTS): the checks measure
# behaviour, not throughput, and the two share one ahead-of-time cache (trained once per build,
# for these options), so test.sh trains it once, not twice
export SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:-$CHECK_JAVA_OPTS}
command -v prometheus >/dev/null || die "the end-to-end tests run Prometheus beside the suite: apt-get install -y prometheus (Debian's package)"
rm -rf "$RUN_DIR"
mkdir -p "$RUN_DIR"
base="http://127.0.0.1:$((8080 + PORT_OFFSET))"
prometheus="http://127.0.0.1:$((9090 + PORT_OFFSET))"

cleanup() {
  local status=$?
  "$ROOT/scripts/run.sh" stop >/dev/null 2>&1 || true
  if [ $status -ne 0 ]; then
    warn "end-to-end tests failed; the suite's logs are in $RUN_DIR/logs"
  fi
  exit $status
}
trap cleanup EXIT

"$ROOT/scripts/run.sh" --detach
say "API end-to-end checks against $base"
VALKEY_OUTAGE=on BASE_URL="$base" GRAPH_URL="http://127.0.0.1:$((8083 + PORT_OFFSET))" node "$ROOT/scripts/e2e/api.e2e.mjs"
# after the API checks: Prometheus has scraped and evaluated for a while by then (seconds, not a minute)
say "Prometheus beside the suite: targets and rules ($prometheus)"
BASE_URL="$base" PROMETHEUS_URL="$prometheus" node "$ROOT/scripts/e2e/observe.e2e.mjs"
say "Rebuild checks against $base (docs/operations.md)"
BASE_URL="$base" node "$ROOT/scripts/e2e/rebuild.e2e.mjs"
say "Security checks against $base (docs/security.md)"
BASE_URL="$base" MANAGEMENT_URL="http://127.0.0.1:$((8089 + PORT_OFFSET))" node "$ROOT/scripts/e2e/security.e2e.mjs"
if [ -f "$ROOT/frontend/e2e/app.e2e.mjs" ]; then
  command -v chromium >/dev/null || die "the browser tests need Debian's chromium (apt-get install -y chromium)"
  say "Browser end-to-end tests against $base"
  (cd "$ROOT/frontend" && BASE_URL="$base" node e2e/app.e2e.mjs)
  # the web app measured: reports (JSON, and Lighthouse's HTML) under $RUN_DIR/reports
  say "Accessibility: axe-core, WCAG 2.1 AA, every page in light and dark mode (frontend/e2e/a11y.e2e.mjs)"
  (cd "$ROOT/frontend" && BASE_URL="$base" REPORT_DIR="$RUN_DIR/reports" node e2e/a11y.e2e.mjs)
  say "Lighthouse on the home page: performance, accessibility, best practices at least 90 (frontend/e2e/lighthouse.e2e.mjs)"
  (cd "$ROOT/frontend" && BASE_URL="$base" REPORT_DIR="$RUN_DIR/reports" node e2e/lighthouse.e2e.mjs)
fi
# last: it restarts services (docs/operations.md, "Migrations with a way back")
say "Migrations: the newest of each schema rolled back and applied again (scripts/migrate.sh)"
BASE_URL="$base" node "$ROOT/scripts/e2e/migrate.e2e.mjs"
# and replay.sh stops and starts instances, which nothing above may see
say "Operations runbooks against $base (docs/operations.md)"
BASE_URL="$base" node "$ROOT/scripts/e2e/ops.e2e.mjs"
# blue-green and canary under load (docs/operations.md, "Deploy"), then Prometheus follows the moves
say "Deploys under load against $base (scripts/deploy.sh)"
BASE_URL="$base" node "$ROOT/scripts/e2e/deploy.e2e.mjs"
say "Prometheus after the deploys: the new instances are its targets"
BASE_URL="$base" PROMETHEUS_URL="$prometheus" node "$ROOT/scripts/e2e/observe.e2e.mjs"
# and the restore stops PostgreSQL and replaces its data directory (docs/operations.md, "Backup and restore")
say "Backup and restore: back up, wipe the database, restore, read back (scripts/backup.sh, scripts/restore.sh)"
BASE_URL="$base" node "$ROOT/scripts/e2e/backup.e2e.mjs"
# and last the failover, which kills the primary and swaps the two PostgreSQL nodes (docs/cluster.md)
say "PostgreSQL failover: the primary killed under writes, the standby promoted (scripts/failover.sh)"
BASE_URL="$base" node "$ROOT/scripts/e2e/failover.e2e.mjs"
