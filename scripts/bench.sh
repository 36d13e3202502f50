#!/usr/bin/env bash
# Benchmarks a running suite: loads a power-law social graph (BENCH_USERS, default 20,000),
# then measures home timeline reads through the gateway (at BENCH_RATE req/s, default 1,000, and
# at saturation; the same reads straight to timeline-service; and Debian's wrk as an outside
# check), fanout to 10,000 followers, tweet-to-visible latency, and pure pull vs pure push vs
# hybrid. Results: bench/results/<date>.md, and the latency chart <date>-reads.svg.
#
#   RATE_LIMITS=off ./scripts/run.sh --detach
#   ./scripts/bench.sh
#
# RATE_LIMITS=off: the benchmark posts far above the limits. The services run as run.sh starts
# them by default (the full JIT, with the ahead-of-time cache).
# BENCH_PHASES=reads (or graph,reads,visibility,fanout,compare) runs some phases only, reusing
# the graph already loaded; their results go to bench/results/<date>-<phases>.md.
#
# ./scripts/bench.sh partitions measures, in a scratch schema of the suite's PostgreSQL (only
# PostgreSQL needs to run), whether partitioning trends.hashtag_activity by day helps:
# bench/results/partitions-<date>.md (BENCH_PARTITION_DAYS, BENCH_PARTITION_ROWS_PER_DAY).
#
# It writes bench users (ids 9,000,000,000,000 to 9,000,100,000,000, far below any id the
# services make) into the suite's database; a rerun replaces only those, never real users. PORT_OFFSET and the BENCH_* variables point it elsewhere.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
gateway=${BENCH_GATEWAY:-http://127.0.0.1:$((8080 + PORT_OFFSET))}
mode=${1:-}
[ "$mode" = partitions ] || curl -fsS -o /dev/null --max-time 3 "$gateway/ready" || die "the suite is not running at $gateway: start it with RATE_LIMITS=off ./scripts/run.sh --detach"
if pgrep -f -- "-XX:TieredStopAtLevel=1 .*gateway" >/dev/null 2>&1; then
  warn "the services run with the JIT stopped at C1 (SERVICE_JAVA_OPTS has -XX:TieredStopAtLevel=1): read throughput will be about half"
fi
jar="$ROOT/bench/target/bench-$VERSION.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$ROOT/bench/src" -newer "$jar" -type f -print -quit)" ]; then
  ./mvnw -B -q -ntp -pl common,bench -am -DskipTests install >/dev/null
fi
bench_env
command -v wrk >/dev/null 2>&1 || warn "wrk is not installed (apt-get install wrk): the outside check is skipped" 
exec "$JAVA" -Xmx1g -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED -jar "$jar" "$@"
