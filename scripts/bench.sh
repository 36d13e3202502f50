#!/usr/bin/env bash
# Benchmarks a running suite: loads a power-law social graph (BENCH_USERS, default 20,000),
# then measures home timeline reads through the gateway (at BENCH_RATE req/s, default 1,000, and
# at saturation), fanout to 10,000 followers, tweet-to-visible latency, and pure pull vs pure
# push vs hybrid. Results: bench/results/<date>.md.
#
#   RATE_LIMITS=off ./scripts/run.sh --detach     # the benchmark posts far above the limits
#   ./scripts/bench.sh
#
# It writes bench users (ids 9,000,000,000,000 to 9,000,100,000,000, far below any id the
# services make) into the suite's database; a rerun replaces only those, never real users. PORT_OFFSET and the BENCH_* variables point it elsewhere.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
gateway=${BENCH_GATEWAY:-http://127.0.0.1:$((8080 + PORT_OFFSET))}
curl -fsS -o /dev/null --max-time 3 "$gateway/ready" || die "the suite is not running at $gateway: start it with RATE_LIMITS=off ./scripts/run.sh --detach"
jar="$ROOT/bench/target/bench-$VERSION.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$ROOT/bench/src" -newer "$jar" -type f -print -quit)" ]; then
  ./mvnw -B -q -ntp -pl common,bench -am -DskipTests install >/dev/null
fi
exec "$JAVA" -Xmx1g -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED -jar "$jar"
