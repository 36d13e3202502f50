#!/usr/bin/env bash
# Rebuilds the trend buckets in Valkey from PostgreSQL (trend-service's hashtag_activity and
# deleted_tweets of the last 2 hours, the buckets' lifetime) through trend-service's operations
# endpoint, then has the top lists recomputed at once (docs/operations.md). Replays through the
# same idempotent script as live counting: nothing counts twice, running it again is harmless.
#
#   scripts/rebuild-trends.sh
#
# The copy of the suite is the one PORT_OFFSET names, as for scripts/run.sh; any ready
# instance of trend-service does the work. Exit status: 0 done, 1 refused, 2 unreachable.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

case ${1:-} in
  "") ;;
  -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
  *) die "scripts/rebuild-trends.sh takes no arguments (got '$1')" ;;
esac

answer=$(ops_post trend-service /internal/ops/trends/rebuild) || exit $?
refreshed="top lists recomputed"
[ "$(json_field refreshed "$answer")" = true ] || refreshed="top lists not recomputed yet (Valkey failing?); the refresher retries every 5 s"
say "rebuilt trend buckets from PostgreSQL: $(json_field tweets "$answer") tweets since $(json_field since "$answer"), $(json_field deletedMarks "$answer") deleted-tweet marks, in $(json_field millis "$answer") ms; $refreshed"
