#!/usr/bin/env bash
# The dead-letter topics, where records that can never be processed end up (unreadable JSON,
# missing fields: common/.../ConsumerErrors.java), and their re-drive (docs/operations.md#dead-letters).
#
#   scripts/dlt.sh list [TOPIC] [--last N]  each <topic>.dlt: its record count, how many are not
#                                           re-driven yet, and the last N (3) records' key,
#                                           headers, original position and error
#   scripts/dlt.sh redrive TOPIC            republish TOPIC.dlt's records not yet re-driven to
#                                           TOPIC (key, value and headers, without the
#                                           kafka_dlt-* ones), then commit the group dlt-redrive
#                                           at the end of TOPIC.dlt, so none is re-driven twice
#
# Re-drive after fixing what made them fail: a record that still fails goes back to the DLT.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

usage() { sed -n '2,13p' "$0" >&2; exit 64; }
[ $# -ge 1 ] || usage
command=$1
shift
case $command in
  list)
    args=()
    while [ $# -gt 0 ]; do
      case $1 in
        --last) [[ "${2:-}" =~ ^[0-9]+$ ]] || die "--last takes a number"; args+=(--last "$2"); shift 2 ;;
        -*) die "unknown option: $1 (see scripts/dlt.sh --help)" ;;
        *) [ ${#args[@]} -eq 0 ] || [ "${args[0]}" != --topic ] || die "one topic at most"; args=(--topic "$1" "${args[@]}"); shift ;;
      esac
    done
    kafka_ops dlt-list "${args[@]}"
    ;;
  redrive)
    [ $# -eq 1 ] || die "usage: scripts/dlt.sh redrive TOPIC (e.g. tweet.created)"
    kafka_ops dlt-redrive --topic "$1"
    ;;
  -h | --help) usage ;;
  *) die "unknown command: $command (list or redrive; see scripts/dlt.sh --help)" ;;
esac
