#!/usr/bin/env bash
# Each consumer group's lag per partition: committed offset, end offset, lag, live members
# (docs/operations.md#lag). PORT_OFFSET as for scripts/run.sh.
#
#   scripts/lag.sh            every consumer group
#   scripts/lag.sh GROUP...   only those
#
# A partition shows "-" as committed (and lag) when the group has not committed on it yet.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

args=()
for group in "$@"; do
  case $group in
    -h | --help) sed -n '2,8p' "$0"; exit 0 ;;
    -*) die "unknown option: $group (see scripts/lag.sh --help)" ;;
  esac
  args+=(--group "$group")
done
kafka_ops lag "${args[@]}"
