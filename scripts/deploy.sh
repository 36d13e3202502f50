#!/usr/bin/env bash
# Blue-green and canary rollout of one service of the running suite (docs/operations.md#deploy).
#
#   scripts/deploy.sh SERVICE               blue-green: as many new instances as run now, from the
#                                           jar as built, each awaited on /ready and smoke-tested;
#                                           then the gateway sends them every request, and the old
#                                           instances are drained and stopped
#   scripts/deploy.sh SERVICE --canary P    the same up to the shift, which gives the new instances
#                                           P % of the requests (the gateway's weights); the old ones
#                                           keep the rest and keep running
#   scripts/deploy.sh SERVICE               after a canary: the rest of the traffic to the new
#                                           instances, the old ones drained and stopped
#   scripts/deploy.sh SERVICE --rollback    after a canary: every request back to the old instances,
#                                           the new ones drained and stopped
#
# SERVICE: graph-service, tweet-service, timeline-service, trend-service, notification-service
# (behind the gateway), or fanout-worker (no traffic to shift: the new workers join the consumer
# groups, then the old ones leave). The gateway learns the instances and weights at run time on its
# management port (PUT /instances/SERVICE, loopback only; docs/gateway.md); a new instance that is
# not ready in STARTUP_TIMEOUT s (240) or fails its smoke test is stopped and nothing else changes.
# "Drained": the gateway's load balancer has dropped the instance (its answer "settled"), DRAIN_SECONDS
# (2) pass, then SIGTERM, on which the service finishes the requests it has (graceful shutdown).
# PORT_OFFSET and RUN_DIR as for scripts/run.sh; a canary in progress is $RUN_DIR/deploy/SERVICE.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

usage() { if [ "${1:-0}" = 0 ]; then sed -n '2,23p' "$0"; else sed -n '2,23p' "$0" >&2; fi; exit "${1:-0}"; }
service="" canary="" rollback=false
while [ $# -gt 0 ]; do
  case $1 in
    --canary) canary=${2:-}; shift ;;
    --canary=*) canary=${1#--canary=} ;;
    --rollback) rollback=true ;;
    -h | --help) usage ;;
    -*) warn "unknown option: $1"; usage 64 ;;
    *) [ -z "$service" ] || { warn "one service at a time"; usage 64; }; service=$1 ;;
  esac
  shift
done
[ -n "$service" ] || usage 64
case $service in
  graph-service | tweet-service | timeline-service | trend-service | notification-service) routed=true ;;
  fanout-worker) routed=false ;;
  *) die "no service named '$service' (graph-service, tweet-service, timeline-service, trend-service, notification-service, fanout-worker)" ;;
esac
if [ -n "$canary" ]; then
  [[ "$canary" =~ ^[0-9]+$ ]] && [ "$canary" -ge 1 ] && [ "$canary" -le 99 ] || die "--canary takes a percentage from 1 to 99 (got '$canary')"
  $routed || die "fanout-worker gets no requests from the gateway: there is no share to give a canary"
fi
$rollback && [ -n "$canary" ] && die "--rollback and --canary do not go together"

MANAGEMENT="http://127.0.0.1:${GATEWAY_MANAGEMENT_PORT:-$((8089 + PORT_OFFSET))}"
STATE="$RUN_DIR/deploy/$service"
STARTUP_TIMEOUT=${STARTUP_TIMEOUT:-240}
DRAIN_SECONDS=${DRAIN_SECONDS:-2}
started=$SECONDS

# instances as "name port" lines: running now (from run.sh), and those of a canary in progress
mapfile -t running < <("$ROOT/scripts/run.sh" instances "$service")
[ ${#running[@]} -gt 0 ] || die "no instance of $service in $RUN_DIR (start the suite: scripts/run.sh)"
old=() new=()
if [ -s "$STATE" ]; then
  while read -r role name port; do
    [ "$role" = old ] && old+=("$name $port")
    [ "$role" = new ] && new+=("$name $port")
  done <"$STATE"
fi

# set_instances "name port weight"...: the gateway's instance list of the service
set_instances() {
  local body="" entry name port weight out status
  for entry in "$@"; do
    read -r name port weight <<<"$entry"
    body="$body${body:+,}{\"url\":\"http://127.0.0.1:$port\",\"weight\":$weight}"
  done
  out=$(curl -sS --max-time 10 -X PUT -H 'Content-Type: application/json' -w '\n%{http_code}' \
    --data "{\"instances\":[$body]}" "$MANAGEMENT/instances/$service") || die "the gateway's management port does not answer ($MANAGEMENT)"
  status=${out##*$'\n'}
  [ "$status" = 200 ] || die "the gateway refused the instance list ($status): $(json_field detail "${out%$'\n'*}")"
}

# await_settled: until the gateway's load balancer chooses from exactly the list just set
await_settled() {
  local i
  for i in $(seq 1 60); do
    [ "$(json_field settled "$(curl -fsS --max-time 5 "$MANAGEMENT/instances/$service" 2>/dev/null)")" = true ] && return 0
    sleep 0.5
  done
  die "the gateway did not take the new list in 30 s: curl $MANAGEMENT/instances/$service"
}

shares() {
  curl -fsS --max-time 5 "$MANAGEMENT/instances/$service" |
    sed 's/},{/}\n{/g' | sed -n 's/.*"url":"\([^"]*\)","weight":\([0-9]*\),"share":\([0-9.E-]*\).*/\1 \2 \3/p' |
    awk '{ printf "    %-26s weight %-4s share %.0f %%\n", $1, $2, $3 * 100 }' || true
}

# drain NAME PORT...: the instances are off the gateway's list already; wait, then stop each
drain() {
  local entry
  sleep "$DRAIN_SECONDS"
  for entry in "$@"; do
    "$ROOT/scripts/run.sh" remove-instance "${entry% *}"
  done
}

# smoke PORT: the instance answers /ready, its metrics and a read of its own API (no 5xx)
smoke() {
  local port=$1 path code failed=0
  local paths=(/ready /actuator/prometheus)
  case $service in
    tweet-service) paths+=("/api/hashtags/deploy/tweets?limit=1") ;;
    timeline-service) paths+=("/api/timeline/user/1?limit=1") ;;
    graph-service) paths+=("/api/users/lookup?username=deploy") ;;
    trend-service) paths+=("/api/trends?limit=1") ;;
    notification-service) paths+=("/api/notifications/unread-count") ;;
  esac
  for path in "${paths[@]}"; do
    code=$(curl -sS -o /dev/null --max-time 10 -w '%{http_code}' "http://127.0.0.1:$port$path" 2>/dev/null) || code=000
    say "    GET $path -> $code"
    case $path in
      /ready | /actuator/*) [ "$code" = 200 ] || failed=1 ;;
      *) [ "$code" != 000 ] && [ "${code:0:1}" != 5 ] || failed=1 ;;
    esac
  done
  return $failed
}

with_weight() { local entry; for entry in "$@"; do echo "$entry $WEIGHT"; done; }

if $rollback; then
  [ ${#new[@]} -gt 0 ] || die "no canary of $service in progress to roll back (a finished deploy is rolled back by deploying the previous build)"
  say "Rolling back the canary of $service: every request to ${old[*]%% *}"
  if $routed; then
    mapfile -t list < <(WEIGHT=1 with_weight "${old[@]}")
    set_instances "${list[@]}"
    await_settled
    shares
  fi
  say "  draining and stopping the canary"
  drain "${new[@]}"
  rm -f "$STATE"
  say "Rolled back in $((SECONDS - started)) s."
  exit 0
fi

if [ ${#new[@]} -eq 0 ]; then
  old=("${running[@]}")
  say "Deploying $service: ${#old[@]} new instance(s) beside ${old[*]%% *}"
  # until the shift, a failure stops the new instances and leaves the old ones as they were
  trap 'status=$?; if [ $status -ne 0 ] && [ ! -s "$STATE" ] && [ ${#new[@]} -gt 0 ]; then warn "deploy failed: stopping the new instances"; for e in "${new[@]}"; do "$ROOT/scripts/run.sh" remove-instance "${e% *}" >/dev/null 2>&1 || true; done; fi' EXIT
  for entry in "${old[@]}"; do
    line=$("$ROOT/scripts/run.sh" add-instance "$service" | tail -n 1)
    [[ "$line" =~ ^[a-z-]+(-[0-9])?\ [0-9]+$ ]] || die "scripts/run.sh add-instance $service failed"
    new+=("$line")
    say "  started ${line% *} on port ${line#* }"
  done
  for entry in "${new[@]}"; do
    wait_http "http://127.0.0.1:${entry#* }/ready" "$STARTUP_TIMEOUT" ||
      die "${entry% *} is not ready after $STARTUP_TIMEOUT s (log: $RUN_DIR/logs/${entry% *}.log)"
    say "  ${entry% *} is ready; smoke test:"
    smoke "${entry#* }" || die "${entry% *} failed its smoke test"
  done
  if [ -n "$canary" ]; then
    say "Canary: $canary % of $service's requests to the new instance(s)"
    mapfile -t list < <(WEIGHT=$((100 - canary)) with_weight "${old[@]}"; WEIGHT=$canary with_weight "${new[@]}")
    set_instances "${list[@]}"
    await_settled
    mkdir -p "$RUN_DIR/deploy"
    { for entry in "${old[@]}"; do echo "old $entry"; done; for entry in "${new[@]}"; do echo "new $entry"; done; } >"$STATE"
    shares
    say "Canary of $service running ($((SECONDS - started)) s). Finish: scripts/deploy.sh $service   Back: scripts/deploy.sh $service --rollback"
    exit 0
  fi
else
  say "Finishing the canary of $service: every request to ${new[*]%% *}"
fi

if $routed; then
  mapfile -t list < <(WEIGHT=1 with_weight "${new[@]}")
  set_instances "${list[@]}"
  await_settled
  say "  the gateway sends every request to the new instance(s):"
  shares
fi
# the shift is done: a failure from here on must not stop the new instances
mkdir -p "$RUN_DIR/deploy"
{ for entry in "${old[@]}"; do echo "old $entry"; done; for entry in "${new[@]}"; do echo "new $entry"; done; } >"$STATE"
say "  draining and stopping ${old[*]%% *}"
drain "${old[@]}"
rm -f "$STATE"
say "Deployed $service in $((SECONDS - started)) s: ${new[*]%% *} serve it."
