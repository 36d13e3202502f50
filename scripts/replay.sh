#!/usr/bin/env bash
# Moves a consumer group back so that its service processes events again (docs/operations.md):
#
#   scripts/replay.sh GROUP --from TIME|OFFSET [--topic T]
#
#   GROUP    a consumer group (scripts/lag.sh lists them): notifications (notification-service),
#            fanout-tweets, fanout-follows (fanout-worker), trend-tweets (trend-service),
#            graph-tweet-counts (graph-service); or a service's name for all of its groups
#   --from   2026-12-01T15:00:00Z, or 90s, 30m, 1h, 2d ago: the first record at or after it;
#            earliest: all that Kafka keeps; a number: that offset in every partition.
#            A partition already behind the target keeps its offset (a replay skips nothing).
#   --topic  only that topic's partitions (default: every topic the group consumes)
#
# Kafka resets only the offsets of a group without live members, so every instance of the
# owning service (both with --replicas 2) is stopped (scripts/run.sh stop-instance), the offsets
# are reset (devstack's ops tool: Kafka's AdminClient), the instances started again
# (scripts/run.sh start-instance) and awaited on /ready. Prints per partition the old offset, the
# new one and the lag. PORT_OFFSET and RUN_DIR as for scripts/run.sh. The consumers are idempotent,
# so the replay duplicates nothing (docs/operations.md#replay).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

usage() { sed -n '2,20p' "$0" >&2; exit 64; }

# module_of_group GROUP: the module whose instances consume in GROUP
module_of_group() {
  case $1 in
    notifications) echo notification-service ;;
    fanout-tweets | fanout-follows) echo fanout-worker ;;
    trend-tweets) echo trend-service ;;
    graph-tweet-counts) echo graph-service ;;
    *) return 1 ;;
  esac
}
# groups_of_module MODULE: its durable groups (the per-instance stream groups are not replayed)
groups_of_module() {
  case $1 in
    notification-service) echo notifications ;;
    fanout-worker) echo fanout-tweets fanout-follows ;;
    trend-service) echo trend-tweets ;;
    graph-service) echo graph-tweet-counts ;;
    *) return 1 ;;
  esac
}

[ $# -ge 1 ] || usage
case $1 in -h | --help) usage ;; esac
target=$1
shift
from=""
topic=()
while [ $# -gt 0 ]; do
  case $1 in
    --from) [ $# -ge 2 ] || die "--from needs a value (a time like 2026-12-01T15:00:00Z or 1h, earliest, or an offset)"; from=$2; shift 2 ;;
    --topic) [ $# -ge 2 ] || die "--topic needs a topic name"; topic=(--topic "$2"); shift 2 ;;
    *) die "unknown argument: $1 (see scripts/replay.sh --help)" ;;
  esac
done
[ -n "$from" ] || die "missing --from (a time like 2026-12-01T15:00:00Z or 1h, earliest, or an offset)"
[[ "$from" =~ ^(earliest|[0-9]+|[0-9]+[smhd]|[0-9]{4}-[0-9]{2}-[0-9]{2}T.+)$ ]] ||
  die "--from takes a time (2026-12-01T15:00:00Z, or 90s, 30m, 1h, 2d ago), 'earliest' or an offset (got '$from')"

if module=$(module_of_group "$target"); then
  groups=("$target")
elif groups_str=$(groups_of_module "$target"); then
  module=$target
  read -r -a groups <<<"$groups_str"
else
  die "unknown consumer group or service: '$target' (groups: notifications, fanout-tweets, fanout-follows, trend-tweets, graph-tweet-counts)"
fi

mapfile -t instances < <("$ROOT/scripts/run.sh" instances "$module")
running=()
for line in "${instances[@]}"; do
  name=${line% *}
  pid_alive "$RUN_DIR/pids/$name.pid" && running+=("$line")
done
[ ${#running[@]} -gt 0 ] || die "no instance of $module is running in $RUN_DIR (scripts/run.sh status)"

# the groups, their topics and the target checked before anything stops
group_args=()
for group in "${groups[@]}"; do group_args+=(--group "$group"); done
kafka_ops replay "${group_args[@]}" --from "$from" "${topic[@]}" --dry-run true >/dev/null

# whatever happens from here, the instances that were running run again
restart() {
  local line name port failed=0
  for line in "${running[@]}"; do
    name=${line% *}
    pid_alive "$RUN_DIR/pids/$name.pid" || "$ROOT/scripts/run.sh" start-instance "$name"
  done
  for line in "${running[@]}"; do
    name=${line% *}
    port=${line#* }
    if wait_http "http://127.0.0.1:$port/ready" "${STARTUP_TIMEOUT:-120}"; then
      say "  $name ready"
    else
      warn "  $name not ready after ${STARTUP_TIMEOUT:-120} s (log: $RUN_DIR/logs/$name.log)"
      failed=1
    fi
  done
  return $failed
}
trap 'restart || true' EXIT

say "Stopping $module (${#running[@]} instance(s)) so that the group has no live members"
for line in "${running[@]}"; do
  "$ROOT/scripts/run.sh" stop-instance "${line% *}"
done
status=0
kafka_ops replay "${group_args[@]}" --from "$from" "${topic[@]}" || status=$?
trap - EXIT
say "Starting $module again"
restart || die "$module did not come back (see above)"
[ $status -eq 0 ] || die "replay failed (exit $status): see above; the instances run again"
say "Done: $module re-processes from there; scripts/lag.sh shows it catch up."
