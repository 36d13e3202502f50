#!/usr/bin/env bash
# Runs every test: unit and integration tests of all modules against real PostgreSQL, Redis
# and Kafka (started in-process by devstack, on free ports), the frontend build and its tests.
# Extra arguments go to Maven, e.g. ./scripts/test.sh -pl graph-service -am
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
say "JDK: $JAVA_HOME"
exec ./mvnw -B -ntp verify "$@"
