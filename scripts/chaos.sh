#!/usr/bin/env bash
# The fault-injection suite ("chaos run"): starts a copy of the whole suite with two instances
# of everything (run.sh --replicas 2, ports +3000, data under target/chaos-run, rate limits off),
# drives a mixed load through the gateway as real clients do (sign-in, posts with an
# Idempotency-Key retried until acknowledged, likes and unlikes, home timeline reads), kills each
# part in turn with SIGKILL and starts it again, prints a row per fault, then audits through the
# public API that nothing acknowledged was lost or duplicated and every count is exact.
#
#   scripts/chaos.sh            every service instance, both fanout workers, the gateway,
#                               PostgreSQL, Valkey and Kafka (about 15 minutes)
#   scripts/chaos.sh --short    one instance of each kind (under 5 minutes; scripts/test.sh runs it)
#   CLUSTER=on scripts/chaos.sh [--short]   the same on the clustered engines (scripts/run.sh --cluster):
#                               Kafka is three KRaft nodes, and one of them (kafka-2) is killed under load
#                               too (CHAOS_BROKER_DOWN s, default 20), measured by a probe client of its own
#
# Report: bench/results/chaos-<date>.md (chaos-<date>-short.md; -cluster- with CLUSTER=on). Exit status 1 when the audit
# fails (a lost or duplicated write, a wrong count, any 500); threshold misses are reported and
# fail the run only with CHAOS_STRICT=on (status 3). CHAOS_PORT_OFFSET moves the ports; the
# CHAOS_* variables in bench's ChaosConfig change the durations.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

for arg in "$@"; do
  case $arg in
    --short) ;;
    -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
    *) die "unknown argument: $arg (see scripts/chaos.sh --help)" ;;
  esac
done

CHAOS_STARTED_AT=$(date +%s)
export CHAOS_STARTED_AT
export PORT_OFFSET=${CHAOS_PORT_OFFSET:-3000}
export RUN_DIR="$ROOT/target/chaos-run"
export RATE_LIMITS=off SEED=off REPLICAS=2
# The JIT stopped at C1 (lib.sh's CHECK_JAVA_OPTS): a fault run measures what survives a kill,
# not throughput, and 16 JVMs restarting on two cores with the full JIT (no ahead-of-time cache
# in a fresh clone) took 150-160 s per restart to be ready, against seconds at C1
export SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:-$CHECK_JAVA_OPTS}

jar="$ROOT/bench/target/bench-$VERSION.jar"
if [ ! -f "$ROOT/gateway/target/gateway-$VERSION.jar" ] || [ ! -f "$jar" ]; then
  say "Building (./mvnw package, tests skipped) ..."
  ./mvnw -B -q -ntp -DskipTests package
elif [ -n "$(find "$ROOT/bench/src" -newer "$jar" -type f -print -quit)" ]; then
  ./mvnw -B -q -ntp -pl bench -DskipTests package
fi
export BUILD=skip

# a fresh copy each time: its own database, Valkey and Kafka, nothing left from the last run
if [ -f "$RUN_DIR/replicas" ] || ls "$RUN_DIR"/pids/*.pid >/dev/null 2>&1; then
  "$ROOT/scripts/run.sh" stop >/dev/null 2>&1 || true
fi
rm -rf "$RUN_DIR"
mkdir -p "$RUN_DIR"

cleanup() {
  local status=$?
  "$ROOT/scripts/run.sh" stop >/dev/null 2>&1 || true
  [ $status -eq 0 ] || warn "chaos run failed (status $status); the suite's logs are in $RUN_DIR/logs"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$ROOT/scripts/run.sh" --replicas 2 --detach
say "Chaos run against http://127.0.0.1:$((8080 + PORT_OFFSET))"
CHAOS_ROOT="$ROOT" "$JAVA" -Xmx256m -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED -jar "$jar" chaos "$@"
