#!/usr/bin/env bash
# What the gateway itself costs per proxied home read: the gateway jar in front of a static
# backend (Debian's nginx serving a 20-tweet page as /api/timeline/home), with real Valkey for
# the sessions (devstack), driven by Debian's wrk with 500 signed-in readers' cookies. Prints and
# writes bench/results/<date>-gateway-cost.md: throughput, p99, and the gateway's CPU ms per
# request (from /proc), which is what a home read pays for the gateway whatever the backend.
#
#   ./scripts/gateway-cost.sh                  the built gateway (./mvnw -pl gateway -am package)
#   GATEWAY_JAR=old.jar ./scripts/gateway-cost.sh   another build, for a before/after
#
# Needs nginx and wrk (apt-get install nginx-light wrk); ports 19080-19089 and Valkey on
# 16379 + 1100 (its own RUN_DIR under /tmp); run it on a quiet machine, twice.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
for tool in nginx wrk python3 bc; do command -v "$tool" >/dev/null || die "needs $tool (apt-get install nginx-light wrk bc)"; done
jar=${GATEWAY_JAR:-$ROOT/gateway/target/gateway-$VERSION.jar}
[ -f "$jar" ] || die "no gateway jar at $jar: ./mvnw -pl gateway -am -DskipTests package"
work=$(mktemp -d /tmp/gateway-cost.XXXXXX)
# nginx's workers run as another user: mktemp's 0700 would make every page a 403
chmod 755 "$work"
cost_run=$work/run
seconds=${SECONDS_PER_RUN:-20}
mkdir -p "$work/www/api/timeline"
python3 - "$work/www" <<'PY'
import json, sys
root = sys.argv[1]
items = [{"id": str(386225053668220928 + i), "author": {"id": "9000000000123", "username": "user%d" % i,
          "displayName": "User %d" % i, "avatarUrl": None},
          "content": "Hello #world number %d, a tweet of ordinary length to make the page about the size of a real one." % i,
          "createdAt": "2026-12-01T18:00:00Z", "hashtags": ["world"], "mentions": [], "mediaUrls": [], "replyTo": None,
          "likeCount": 3, "retweetCount": 1, "replyCount": 0, "liked": False, "retweeted": False} for i in range(20)]
open(root + "/api/timeline/home", "w").write(json.dumps({"items": items, "nextCursor": "386225053668220900"}))
open(root + "/ready", "w").write('{"status":"ready"}')
PY
cat >"$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:19082; root $work/www; default_type application/json; location / { try_files \$uri =404; } }
}
CONF
cat >"$work/cookies.lua" <<'LUA'
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/api/timeline/home?limit=20", {["Cookie"] = "session=cost-" .. (n % 500)})
end
LUA
cleanup() {
  [ -s "$work/gateway.pid" ] && kill "$(cat "$work/gateway.pid")" 2>/dev/null || true
  [ -s "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  PORT_OFFSET=1100 RUN_DIR=$cost_run "$ROOT/scripts/stack.sh" down redis >/dev/null 2>&1 || true
}
trap cleanup EXIT
nginx -c "$work/nginx.conf"
PORT_OFFSET=1100 RUN_DIR=$cost_run "$ROOT/scripts/stack.sh" up redis >/dev/null
password=$(cat "$cost_run/secrets/valkey")
# 500 sessions, as graph-service writes them (session:<base64url sha-256 of the token> -> user id)
python3 - 127.0.0.1 $((16379 + 1100)) twitter "$password" <<'PY'
import base64, hashlib, socket, sys, time
host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
def command(*args):
    out = b"*%d\r\n" % len(args)
    for a in args:
        a = a.encode()
        out += b"$%d\r\n%s\r\n" % (len(a), a)
    return out
payload = command("AUTH", user, password)
for i in range(500):
    key = "session:" + base64.urlsafe_b64encode(hashlib.sha256(("cost-%d" % i).encode()).digest()).decode().rstrip("=")
    payload += command("SETEX", key, "7200", str(9000000000000 + i))
s = socket.create_connection((host, port)); s.sendall(payload); time.sleep(0.5)
if s.recv(1 << 20).count(b"+OK") < 501: sys.exit("could not plant the sessions")
PY
backend=http://127.0.0.1:19082
env GATEWAY_PORT=19080 GATEWAY_MANAGEMENT_PORT=19089 SPRING_DATA_REDIS_PORT=$((16379 + 1100)) SPRING_DATA_REDIS_USERNAME=twitter \
  SPRING_DATA_REDIS_PASSWORD="$password" INTERNAL_SECRET=gateway-cost-secret-0123456789-0123456789 RATE_LIMITS=${RATE_LIMITS:-off} \
  TIMELINE_SERVICE_URLS=$backend GRAPH_SERVICE_URLS=$backend TWEET_SERVICE_URLS=$backend TREND_SERVICE_URLS=$backend \
  NOTIFICATION_SERVICE_URLS=$backend \
  "$JAVA" ${SERVICE_JAVA_OPTS:--Xms64m -Xmx320m -XX:+UseSerialGC -Xss512k} -jar "$jar" >"$work/gateway.log" 2>&1 &
echo $! >"$work/gateway.pid"
for _ in $(seq 1 60); do curl -fsS -o /dev/null "http://127.0.0.1:19080/live" 2>/dev/null && break; sleep 1; done
gateway=$(cat "$work/gateway.pid")
stub=$(pgrep -f "nginx: worker" -n)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
tick=$(getconf CLK_TCK)
measure() { # measure URL SCRIPT: requests/s, p99, non-2xx, gateway and backend CPU ms per request
  local c0 s0 out requests
  c0=$(cpu "$gateway"); s0=$(cpu "$stub")
  out=$(wrk -t2 -c32 -d"${seconds}s" --latency ${2:+-s "$2"} "$1")
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  printf '%s | %s | %s | %.3f | %.3f' "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" "$(echo "$out" | awk '$1=="99%" {print $2}')" \
    "$(echo "$out" | awk '/Non-2xx/ {print $5}' | grep . || echo 0)" \
    "$(echo "($(cpu "$gateway") - $c0) * 1000 / $tick / $requests" | bc -l)" "$(echo "($(cpu "$stub") - $s0) * 1000 / $tick / $requests" | bc -l)"
}
say "warming the gateway up ($seconds s)"
wrk -t2 -c32 -d"${seconds}s" -s "$work/cookies.lua" http://127.0.0.1:19080 >/dev/null
direct=$(measure "$backend/api/timeline/home?limit=20" "")
first=$(measure http://127.0.0.1:19080 "$work/cookies.lua")
second=$(measure http://127.0.0.1:19080 "$work/cookies.lua")
out=$ROOT/bench/results/$(date +%F)-gateway-cost.md
{
  echo "# What the gateway costs per proxied home read ($(date '+%F %H:%M'))"
  echo
  echo "Machine: $(nproc) cores, $(uname -sm); load average at the end $(cut -d' ' -f1-3 /proc/loadavg); gateway \`$(basename "$jar")\`, JVM flags \`${SERVICE_JAVA_OPTS:--Xms64m -Xmx320m -XX:+UseSerialGC -Xss512k}\`, rate limits ${RATE_LIMITS:-off}."
  echo "wrk, 2 threads, 32 connections, $seconds s each, 500 signed-in readers; the backend is nginx serving a 20-tweet page (8.9 KB)."
  echo
  echo "| run | requests/s | p99 | non-2xx | gateway CPU ms/request | backend CPU ms/request |"
  echo "|---|---|---|---|---|---|"
  echo "| nginx alone (no gateway) | $direct |"
  echo "| through the gateway | $first |"
  echo "| through the gateway, again | $second |"
} >"$out"
cat "$out"
say "written to $out"
