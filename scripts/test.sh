#!/usr/bin/env bash
# Runs every test: unit and integration tests of all modules against real PostgreSQL, Redis
# and Kafka (started in-process by devstack, on free ports), the frontend build and its tests,
# then the end-to-end tests (scripts/e2e.sh: the API through the gateway, and the web app in
# Debian's chromium) against a second copy of the whole suite, then the short fault-injection
# run (scripts/chaos.sh --short: one instance of each kind killed under load, then an audit).
# The build includes the profile "cluster": the Valkey-heavy test classes of fanout-worker,
# timeline-service, trend-service, notification-service and the gateway run a second time against a
# Valkey Cluster of three masters and three replicas (docs/cluster.md). And the profile "images": every service's OCI image built by Jib without a Docker
# daemon (<module>/target/jib-image.tar) and checked by its ImageIT; ComposeFileTest parses
# docker-compose.yml with docker-compose (Debian's package; .ci/run installs it). First, the
# Prometheus configurations and rules (observability/): promtool check config, promtool test rules
# (Debian's prometheus package; .ci/run installs it). devstack's KubernetesChartTest renders the Helm
# chart (deploy/chart) with helm-java and validates it offline with node (deploy/validate, npm ci'd
# by devstack's build): nothing to install.
#
#   ./scripts/test.sh                         everything
#   ./scripts/test.sh -pl graph-service -am   Maven arguments: only those modules, no end-to-end
#   E2E=off ./scripts/test.sh                 no end-to-end
#   CHAOS=off ./scripts/test.sh               no fault-injection run
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
say "JDK: $JAVA_HOME"
if [ $# -eq 0 ]; then
  "$ROOT/scripts/check-observability.sh"
fi
./mvnw -B -ntp verify -Pimages,cluster "$@"
if [ $# -eq 0 ] && [ "${E2E:-on}" != off ]; then
  "$ROOT/scripts/e2e.sh"
fi
if [ $# -eq 0 ] && [ "${CHAOS:-on}" != off ]; then
  "$ROOT/scripts/chaos.sh" --short
fi
