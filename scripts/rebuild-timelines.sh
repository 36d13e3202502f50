#!/usr/bin/env bash
# Rebuilds cached home timelines (timeline:<id>) and recent lists (recent:<id>) in Valkey from
# PostgreSQL, through timeline-service's operations endpoint (the same code a home read runs
# on a cache miss; docs/operations.md).
#
#   scripts/rebuild-timelines.sh USER              one user, by id or username
#   scripts/rebuild-timelines.sh --all [--rate 200/s] [--batch 100]
#                                                  every user in id order, at most RATE users a
#                                                  second (default 200/s), BATCH per request
#
# A progress bar (users done / total, rate, ETA) on a terminal, a plain line every 2 s otherwise.
# The copy of the suite is the one PORT_OFFSET names, as for scripts/run.sh; any ready
# instance of timeline-service does the work. Exit status: 0 done, 1 bad input or a refused
# rebuild, 2 timeline-service unreachable.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
target=""
all=false
rate=200
batch=""
while [ $# -gt 0 ]; do
  case $1 in
    --all) all=true ;;
    --rate) [ $# -ge 2 ] || die "--rate needs a value, e.g. --rate 200/s"; rate=$2; shift ;;
    --rate=*) rate=${1#--rate=} ;;
    --batch) [ $# -ge 2 ] || die "--batch needs a number from 1 to 1000"; batch=$2; shift ;;
    --batch=*) batch=${1#--batch=} ;;
    -h | --help) usage; exit 0 ;;
    -*) die "unknown option: $1 (see scripts/rebuild-timelines.sh --help)" ;;
    *) [ -z "$target" ] || die "one user at a time (got '$target' and '$1'); --all rebuilds everyone"; target=$1 ;;
  esac
  shift
done

if ! $all; then
  [ -n "$target" ] || { usage >&2; die "name a user (id or username), or --all"; }
  if [[ "$target" =~ ^[0-9]{1,19}$ ]]; then
    query="user=$target"
  elif [[ "$target" =~ ^[A-Za-z0-9_]{1,30}$ ]]; then
    query="username=$target"
  else
    die "'$target' is neither a user id (digits) nor a username (letters, digits, _)"
  fi
  answer=$(ops_post timeline-service "/internal/ops/timelines/rebuild?$query") || exit $?
  say "rebuilt user $(json_field userId "$answer"): home timeline $(json_field timelineEntries "$answer") entries, recent list $(json_field recentEntries "$answer") entries"
  exit 0
fi

[ -z "$target" ] || die "--all rebuilds every user; leave out '$target'"
[[ "$rate" =~ ^([1-9][0-9]{0,5})(/s)?$ ]] || die "--rate takes users per second, e.g. --rate 200/s (got '$rate')"
rate=${BASH_REMATCH[1]}
if [ -z "$batch" ]; then batch=$((rate < 100 ? rate : 100)); fi
[[ "$batch" =~ ^[1-9][0-9]{0,3}$ ]] && [ "$batch" -le 1000 ] || die "--batch takes a number from 1 to 1000 (got '$batch')"

now_ns() { date +%s%N; }
# seconds as m:ss
clock() { printf '%d:%02d' $(($1 / 60)) $(($1 % 60)); }
tty=false
[ -t 1 ] && tty=true
started=$(now_ns)
last_line=0
done_users=0
total=0
after=""
progress() {
  local elapsed_ms per_s eta width=30 filled percent
  elapsed_ms=$((($(now_ns) - started) / 1000000))
  per_s=$((elapsed_ms > 0 ? done_users * 1000 / elapsed_ms : 0))
  eta=$((per_s > 0 && total > done_users ? (total - done_users + per_s - 1) / per_s : 0))
  percent=$((total > 0 ? done_users * 100 / total : 100))
  [ $percent -gt 100 ] && percent=100
  if $tty; then
    filled=$((percent * width / 100))
    printf '\r[%s%s] %d/%d users %3d%%  %d/s  ETA %s ' "$(printf '%*s' $filled '' | tr ' ' '#')" \
      "$(printf '%*s' $((width - filled)) '' | tr ' ' '.')" "$done_users" "$total" "$percent" "$per_s" "$(clock $eta)"
  elif [ "${1:-}" = final ] || [ $((elapsed_ms - last_line)) -ge 2000 ]; then
    last_line=$elapsed_ms
    say "$done_users/$total users ($percent%), $per_s/s, ETA $(clock $eta)"
  fi
}

say "Rebuilding every user's home timeline and recent list (at most $rate users/s, $batch per request)"
while :; do
  answer=$(ops_post timeline-service "/internal/ops/timelines/rebuild-batch?limit=$batch${after:+&after=$after}") || { $tty && echo; exit 1; }
  done_users=$((done_users + $(json_field rebuilt "$answer")))
  total=$(json_field total "$answer")
  after=$(json_field next "$answer")
  [ "$after" = null ] && after=""
  # throttle: the users done so far may not have taken less than done / rate seconds
  wait_ns=$((done_users * 1000000000 / rate - ($(now_ns) - started)))
  if [ $wait_ns -gt 0 ] && [ -n "$after" ]; then sleep "$(printf '%d.%09d' $((wait_ns / 1000000000)) $((wait_ns % 1000000000)))"; fi
  progress
  [ -n "$after" ] || break
done
progress final
$tty && echo
say "rebuilt $done_users users in $(clock $((($(now_ns) - started) / 1000000000)))"
