#!/usr/bin/env bash
# The fanout lab (docs/lab.md): the same workload under pure push, pure pull, hybrid and hybrid
# with the influencer tier, on a power-law graph, against the real services. It measures home
# reads at fixed open-loop rates, timeline writes per tweet, Valkey memory, tweet-to-visible per
# tier of author, and what happens to ordinary tweets posted right after a very large account's
# (the celebrity problem). Results, charts and a narrative made from the figures:
# bench/results/lab-<date>.md (and .json, four SVG charts; lab-latest.json feeds the web app's
# Lab page).
#
#   ./scripts/lab.sh                 its own copy of the suite (PORT_OFFSET=2000, data under
#                                    target/lab-run), started and stopped for the run
#   LAB_USERS=50000 ./scripts/lab.sh a bigger graph (default 20,000 users)
#   PORT_OFFSET=0 ./scripts/lab.sh   a suite already running there (started with RATE_LIMITS=off)
#
# LAB_RATES (reads/s, default 100,250,500,750), LAB_SECONDS (per rate, 6), LAB_POSTS (per tier
# and mode, 6), LAB_READERS (2,000), LAB_CELEBRITIES (3) and LAB_INFLUENCERS (60: the tiers'
# sizes, from which the thresholds follow), LAB_GRAPH=reuse (keep the graph already loaded).
# The lab writes bench users (ids from 9,000,000,000,000) into the suite's database, as
# scripts/bench.sh does, and switches the fanout strategy with their tier flags.
set -euo pipefail
export PORT_OFFSET=${PORT_OFFSET:-2000}
if [ "$PORT_OFFSET" = 2000 ] && [ -z "${RUN_DIR:-}" ]; then
  export RUN_DIR="$(cd "$(dirname "$0")/.." && pwd)/target/lab-run"
fi
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
case "${1:-}" in
  -h | --help) sed -n '2,19p' "$0"; exit 0 ;;
  "") ;;
  *) die "unknown argument: $1 (see scripts/lab.sh --help)" ;;
esac

gateway="http://127.0.0.1:$((8080 + PORT_OFFSET))"
started_here=no
if ! curl -fsS -o /dev/null --max-time 3 "$gateway/ready"; then
  say "Starting a copy of the suite for the lab (PORT_OFFSET=$PORT_OFFSET, RUN_DIR=$RUN_DIR) ..."
  RATE_LIMITS=off SEED=off OBSERVE=off "$ROOT/scripts/run.sh" --detach
  started_here=yes
fi
stop_suite() {
  if [ "$started_here" = yes ]; then
    "$ROOT/scripts/run.sh" stop >/dev/null 2>&1 || true
  fi
}
trap stop_suite EXIT

jar="$ROOT/bench/target/bench-$VERSION.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$ROOT/bench/src" "$ROOT/common/src" -newer "$jar" -type f -print -quit)" ]; then
  ./mvnw -B -q -ntp -pl common,bench -am -DskipTests install >/dev/null
fi
export BENCH_USERS=${LAB_USERS:-20000}
bench_env
say "Fanout lab: $BENCH_USERS users, four modes (push, pull, hybrid, tiered) ..."
"$JAVA" -Xmx1g -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED -jar "$jar" lab
