#!/usr/bin/env bash
# The capacity plan (docs/scale.md): the costs measured here, the design's targets (500 M users,
# 500 M tweets a day, 300 K home reads/s at peak) and what they would take.
#
#   RATE_LIMITS=off ./scripts/run.sh --detach
#   ./scripts/capacity.sh measure      load the bench's graph at BENCH_USERS (default 20,000;
#                                      kept if that size is loaded already) and measure the costs:
#                                      bench/results/capacity-measured-<users>.json
#   BENCH_USERS=1000000 BENCH_MIN_FOLLOWS=5 ./scripts/capacity.sh measure
#                                      the same at a million users, each following at least 5
#                                      (about 10 M follows; the default 20 would take much longer)
#   ./scripts/capacity.sh plan         no suite needed: each measured size predicted from the other's
#                                      costs (how far off the model is), then the design's targets:
#                                      bench/results/capacity-<date>.md and .json
#
# measure writes bench users into the suite's database as scripts/bench.sh does (PORT_OFFSET and
# the BENCH_* variables point it elsewhere; BENCH_SECONDS, default 20, is each saturation run).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
step=${1:-plan}
case "$step" in
  -h | --help) sed -n '2,18p' "$0"; exit 0 ;;
  measure | plan) ;;
  *) die "unknown step: $step (measure or plan; see scripts/capacity.sh --help)" ;;
esac
jar="$ROOT/bench/target/bench-$VERSION.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$ROOT/bench/src/main" "$ROOT/common/src/main" -newer "$jar" -type f -print -quit)" ]; then
  ./mvnw -B -q -ntp -pl common,bench -am -DskipTests install >/dev/null
fi
if [ "$step" = measure ]; then
  gateway=${BENCH_GATEWAY:-http://127.0.0.1:$((8080 + PORT_OFFSET))}
  curl -fsS -o /dev/null --max-time 3 "$gateway/ready" || die "the suite is not running at $gateway: start it with RATE_LIMITS=off ./scripts/run.sh --detach"
  bench_env
fi
exec "$JAVA" -Xmx2g -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED -jar "$jar" capacity "$step"
