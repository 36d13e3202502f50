#!/usr/bin/env bash
# Builds (when needed) and starts the whole suite: PostgreSQL, Redis and Kafka, the six
# services and the gateway, then prints the URL. Stays in the foreground; Ctrl-C stops all.
#
#   scripts/run.sh              build if needed, start everything, wait in the foreground
#   scripts/run.sh --detach     the same, but return once every part is ready
#   scripts/run.sh --compose    PostgreSQL, Valkey and Kafka from docker compose instead of devstack
#   scripts/run.sh --replicas 2 two instances of every service and two fanout workers (the second
#                               on each port + 100), balanced by the gateway; REPLICAS=2 does the same
#   scripts/run.sh stop         stop everything this script started (by PID, nothing else)
#   scripts/run.sh status       show each part (every instance) and whether it is ready
#   scripts/run.sh restart      stop, then start detached
#   scripts/run.sh start-instance NAME  start one instance of the running suite again (e.g. after
#                               kill -9 of tweet-service-2), with the environment the suite gave it
#   scripts/run.sh stop-instance NAME   stop one instance (SIGTERM, as stop does), the rest keep running
#   scripts/run.sh instances MODULE     the instances of a module: "name port" a line (replay.sh uses it)
#   scripts/run.sh add-instance MODULE  start one more instance of a module on the first free slot
#                               (<module>-N on its port + (N-1)*100), prints "name port" (deploy.sh uses it)
#   scripts/run.sh remove-instance NAME stop an instance and drop it from the suite (deploy.sh uses it)
#   scripts/run.sh --cluster    the clustered engines (docs/cluster.md): a Valkey Cluster of three masters
#                               and three replicas (redis-1..6), three Kafka brokers, and PostgreSQL
#                               with a streaming standby; CLUSTER=on does the same
#   scripts/run.sh --pg-replica PostgreSQL with a streaming standby (postgres-2, one port above) that
#                               takes the lag-tolerant reads; scripts/failover.sh promotes it; PG_REPLICA=on the same
#   scripts/run.sh --observe    also Prometheus (Debian's binary) scraping every instance, with
#                               observability/rules.yml, on 127.0.0.1:9090 + PORT_OFFSET; OBSERVE=on the same
#
# Infrastructure: devstack by default (no Docker needed, data under .run/data); --compose for
# Docker; or external servers when SPRING_DATASOURCE_URL, SPRING_DATA_REDIS_HOST(/_PORT) or
# SPRING_KAFKA_BOOTSTRAP_SERVERS are set (each one replaces the local server it names).
# Logs: .run/logs/<part>.log (JSON lines for the services).
# A second copy beside the first: PORT_OFFSET=1000 RUN_DIR=/tmp/copy scripts/run.sh --detach
# SEED=off skips the demo data; BUILD=skip uses the jars as they are (the end-to-end tests do).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

# module:port of each service's first instance, in start order (the gateway last)
GATEWAY_PORT=${GATEWAY_PORT:-$((8080 + PORT_OFFSET))}
MODULES=()
for module in graph-service tweet-service timeline-service fanout-worker trend-service notification-service; do
  MODULES+=("$module:$(service_port "$module")")
done
REPLICAS=${REPLICAS:-1}
# servers the user points at (each replaces the local one; their credentials are the user's)
EXTERNAL_DATASOURCE=${SPRING_DATASOURCE_URL:-}
EXTERNAL_REDIS=${SPRING_DATA_REDIS_HOST:-${SPRING_DATA_REDIS_CLUSTER_NODES:-}}
# the full JIT (C1 then C2): stopping at C1 started a little faster but halved read throughput;
# the ahead-of-time cache below (with its method profiles) now gives the fast start instead
SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:--Xms64m -Xmx320m -XX:+UseSerialGC -Xss512k}
STARTUP_TIMEOUT=${STARTUP_TIMEOUT:-240}

detach=false
compose=false
command=start
instance_name=""
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  arg=${args[$i]}
  case $arg in
    --detach | -d) detach=true ;;
    --compose) compose=true ;;
    --replicas) i=$((i + 1)); REPLICAS=${args[$i]:-} ;;
    --replicas=*) REPLICAS=${arg#--replicas=} ;;
    --observe) OBSERVE=on ;;
    --cluster) export CLUSTER=on PG_REPLICA=on ;;
    --pg-replica) export PG_REPLICA=on ;;
    stop | status | start | restart) command=$arg ;;
    start-instance | stop-instance | instances | add-instance | remove-instance) command=$arg; i=$((i + 1)); instance_name=${args[$i]:-} ;;
    -h | --help) sed -n '2,31p' "$0"; exit 0 ;;
    *) die "unknown argument: $arg (see scripts/run.sh --help)" ;;
  esac
done

if $compose && { [ "${CLUSTER:-off}" = on ] || [ "${PG_REPLICA:-off}" = on ]; }; then
  die "--cluster and --pg-replica run on devstack's engines; docker-compose.yml runs one PostgreSQL, Valkey and Kafka (drop --compose, or point SPRING_DATASOURCE_URL and the rest at your own clusters)"
fi
mkdir -p "$RUN_DIR/logs" "$RUN_DIR/pids"
[[ "$REPLICAS" =~ ^[1-9]$ ]] || die "--replicas takes a number from 1 to 9 (got '$REPLICAS')"
# stop and status act on what was started, whatever --replicas says now
if [ "$command" != start ] && [ -s "$RUN_DIR/replicas" ]; then REPLICAS=$(cat "$RUN_DIR/replicas"); fi

# every process: instance:module:port (the second instance of a service is <module>-2 on port + 100),
# the gateway last. A running suite's list is $RUN_DIR/instances (add-instance and remove-instance
# change it: scripts/deploy.sh), which every command but start reads.
SERVICES=()
if [ "$command" != start ] && [ -s "$RUN_DIR/instances" ]; then
  mapfile -t SERVICES <"$RUN_DIR/instances"
else
  for entry in "${MODULES[@]}"; do
    for ((n = 1; n <= REPLICAS; n++)); do
      instance=${entry%%:*}
      [ "$n" -gt 1 ] && instance="$instance-$n"
      SERVICES+=("$instance:${entry%%:*}:$((${entry##*:} + (n - 1) * 100))")
    done
  done
  SERVICES+=("gateway:gateway:$GATEWAY_PORT")
fi
name_of() { echo "${1%%:*}"; }
module_of() { local rest=${1#*:}; echo "${rest%%:*}"; }
port_in() { echo "${1##*:}"; }
# the first instance's port of a module
port_of() { local entry; for entry in "${SERVICES[@]}"; do [ "$(name_of "$entry")" = "$1" ] && port_in "$entry"; done; }
# every instance of a module as base URLs, comma-separated (for the gateway's load balancer)
urls_of() {
  local entry urls=""
  for entry in "${SERVICES[@]}"; do
    [ "$(module_of "$entry")" = "$1" ] && urls="$urls${urls:+,}http://127.0.0.1:$(port_in "$entry")"
  done
  echo "$urls"
}

any_service_running() {
  local entry
  local pidfile
  for pidfile in "$RUN_DIR"/pids/*.pid; do
    case $(basename "$pidfile" .pid) in postgres | redis | redis-[1-6] | kafka | kafka-[1-3] | prometheus) continue ;; esac
    pid_alive "$pidfile" && return 0
  done
  return 1
}

stop_all() {
  local i entry
  say "Stopping the suite"
  for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do
    entry=${SERVICES[$i]}
    stop_pid "$RUN_DIR/pids/$(name_of "$entry").pid" "$(name_of "$entry")"
  done
  stop_pid "$RUN_DIR/pids/prometheus.pid" prometheus
  rm -f "$RUN_DIR/replicas" "$RUN_DIR/instances"
  if [ -f "$RUN_DIR/infra" ] && [ "$(cat "$RUN_DIR/infra")" = compose ]; then
    docker compose stop postgres valkey kafka >/dev/null && say "  stopped docker compose infrastructure"
  else
    "$ROOT/scripts/stack.sh" down
  fi
  rm -f "$RUN_DIR/infra"
}

status_all() {
  local entry module port state
  say "Infrastructure ($( [ -f "$RUN_DIR/infra" ] && cat "$RUN_DIR/infra" || echo devstack)):"
  "$ROOT/scripts/stack.sh" status
  say "Services:"
  for entry in "${SERVICES[@]}"; do
    module=$(name_of "$entry")
    port=$(port_in "$entry")
    if pid_alive "$RUN_DIR/pids/$module.pid"; then
      if curl -fsS -o /dev/null --max-time 3 "http://127.0.0.1:$port/ready"; then state="ready"; else state="running, not ready"; fi
      state="$state (pid $(cat "$RUN_DIR/pids/$module.pid"))"
    else
      state="stopped"
    fi
    printf '  %-23s %-6s %s\n' "$module" "$port" "$state"
  done
  if [ -f "$RUN_DIR/pids/prometheus.pid" ]; then
    pid_alive "$RUN_DIR/pids/prometheus.pid" && state="running (pid $(cat "$RUN_DIR/pids/prometheus.pid"))" || state=stopped
    printf '  %-23s %-6s %s\n' prometheus "$PROMETHEUS_PORT" "$state"
  fi
}

needs_build() {
  local entry jar
  [ -f "$RUN_DIR/build.stamp" ] || return 0
  [ -f "$ROOT/devstack/target/devstack-$VERSION-exec.jar" ] || return 0
  for entry in "${SERVICES[@]}"; do
    jar="$ROOT/$(module_of "$entry")/target/$(module_of "$entry")-$VERSION.jar"
    [ -f "$jar" ] || return 0
  done
  [ -n "$(find "$ROOT" -newer "$RUN_DIR/build.stamp" -type f \
    \( -path '*/src/*' -o -name pom.xml -o -name 'package*.json' -o -name 'vite.config.ts' -o -name index.html \
    -o -path "$ROOT/bench/results/lab-latest.json" \) \
    -not -path '*/node_modules/*' -not -path '*/target/*' -not -path '*/dist/*' -not -path "$RUN_DIR/*" \
    -not -name routeTree.gen.ts -print -quit)" ]
}

build() {
  say "Building (./mvnw package, tests skipped: ./scripts/test.sh runs them) ..."
  local started=$SECONDS
  ./mvnw -B -q -ntp -DskipTests package >"$RUN_DIR/logs/build.log" 2>&1 ||
    { tail -n 40 "$RUN_DIR/logs/build.log" >&2; die "build failed (log: .run/logs/build.log)"; }
  touch "$RUN_DIR/build.stamp"
  say "  built in $((SECONDS - started)) s"
}

start_infra() {
  if $compose; then
    command -v docker >/dev/null || die "--compose needs Docker, and there is no docker command here. Run without --compose to use devstack."
    docker info >/dev/null 2>&1 || die "--compose needs a running Docker engine, and none answers here (docker info failed). Run without --compose to use devstack: real PostgreSQL, Redis and Kafka without Docker."
    say "Starting PostgreSQL, Valkey and Kafka with docker compose ..."
    docker compose up -d --wait postgres valkey kafka
    # the services' database roles and passwords (a one-shot container, run on every start)
    docker compose run --rm --no-deps db-init
    echo compose >"$RUN_DIR/infra"
    return
  fi
  local parts=()
  [ -z "${SPRING_DATASOURCE_URL:-}" ] && parts+=(postgres) || say "PostgreSQL: external ($SPRING_DATASOURCE_URL)"
  [ -z "$EXTERNAL_REDIS" ] && parts+=(redis) || say "Redis: external (${SPRING_DATA_REDIS_CLUSTER_NODES:-$SPRING_DATA_REDIS_HOST:${SPRING_DATA_REDIS_PORT:-6379}})"
  [ -z "${SPRING_KAFKA_BOOTSTRAP_SERVERS:-}" ] && parts+=(kafka) || say "Kafka: external ($SPRING_KAFKA_BOOTSTRAP_SERVERS)"
  echo devstack >"$RUN_DIR/infra"
  if [ ${#parts[@]} -gt 0 ]; then
    say "Starting devstack: ${parts[*]} ..."
    "$ROOT/scripts/stack.sh" up "${parts[@]}"
  fi
}

# secret_of NAME: a password of the local infrastructure: db-<service> (that service's database
# role) or valkey; devstack's are in $RUN_DIR/secrets, docker compose's in its secrets volume
secret_of() {
  if [ "$(cat "$RUN_DIR/infra" 2>/dev/null)" = compose ]; then
    case $1 in
      db-*) docker compose exec -T postgres cat "/run/twitter-secrets/${1#db-}/spring.datasource.password" ;;
      valkey) docker compose exec -T postgres cat /run/twitter-secrets/gateway/spring.data.redis.password ;;
    esac
  else
    run_secret "$1"
  fi
}

# db_env MODULE: DB_ENV, the module's credentials for the local PostgreSQL, where each service
# connects as its own role (docs/security.md, "Database roles and secrets"); none for the gateway or an external database
db_env() {
  DB_ENV=()
  if [ -z "$EXTERNAL_DATASOURCE" ] && [ "$1" != gateway ]; then
    DB_ENV=(SPRING_DATASOURCE_USERNAME="${1//-/_}" SPRING_DATASOURCE_PASSWORD="$(secret_of "db-$1")")
  fi
}

internal_secret() {
  if [ -n "${INTERNAL_SECRET:-}" ]; then echo "$INTERNAL_SECRET"; return; fi
  if [ ! -s "$RUN_DIR/secret" ]; then
    (umask 077; head -c 32 /dev/urandom | base64 | tr -d '/+=\n' >"$RUN_DIR/secret")
  fi
  cat "$RUN_DIR/secret"
}

# where everything is, for the services and the gateway (the defaults assume no offset)
export_service_env() {
  if [ -z "${SPRING_DATASOURCE_URL:-}" ] && pg_replica; then
    # lag-tolerant reads on the standby (common's ReplicaReads; docs/cluster.md)
    export TWITTER_DATASOURCE_REPLICA_URL=${TWITTER_DATASOURCE_REPLICA_URL:-$(pg_url preferSecondary)}
  fi
  export SPRING_DATASOURCE_URL=${SPRING_DATASOURCE_URL:-$(pg_url)}
  export SPRING_DATA_REDIS_HOST=${SPRING_DATA_REDIS_HOST:-127.0.0.1}
  export SPRING_DATA_REDIS_PORT=${SPRING_DATA_REDIS_PORT:-$((16379 + PORT_OFFSET))}
  export SPRING_KAFKA_BOOTSTRAP_SERVERS=${SPRING_KAFKA_BOOTSTRAP_SERVERS:-$(kafka_bootstrap)}
  # cluster mode: each event topic's partitions on all three brokers (min.insync.replicas 2: scripts/stack.sh)
  if kafka_cluster; then export TWITTER_EVENTS_REPLICATIONFACTOR=3; fi
  if [ -z "$EXTERNAL_REDIS" ] && valkey_cluster; then
    SPRING_DATA_REDIS_CLUSTER_NODES=$(valkey_ports | sed 's/^/127.0.0.1:/' | paste -sd, -)
    export SPRING_DATA_REDIS_CLUSTER_NODES
  fi
  if [ -z "$EXTERNAL_REDIS" ]; then
    SPRING_DATA_REDIS_USERNAME=twitter
    SPRING_DATA_REDIS_PASSWORD=$(secret_of valkey)
    export SPRING_DATA_REDIS_USERNAME SPRING_DATA_REDIS_PASSWORD
  fi
  export GRAPH_SERVICE_URLS=$(urls_of graph-service)
  export TWEET_SERVICE_URLS=$(urls_of tweet-service)
  export TIMELINE_SERVICE_URLS=$(urls_of timeline-service)
  export TREND_SERVICE_URLS=$(urls_of trend-service)
  export NOTIFICATION_SERVICE_URLS=$(urls_of notification-service)
  export MEDIA_DIR=${MEDIA_DIR:-$RUN_DIR/data/media}
  # the gateway's actuator and /health details, on loopback only
  export GATEWAY_MANAGEMENT_PORT=${GATEWAY_MANAGEMENT_PORT:-$((8089 + PORT_OFFSET))}
  INTERNAL_SECRET=$(internal_secret)
  export INTERNAL_SECRET
}

# JDK 25's ahead-of-time cache (JEP 483, 514, 515): a training run of each module loads, links
# and profiles its classes once and writes them to <module>/target/aot/app.aot; every start then
# maps them instead of finding, verifying and linking them again. A service is ready in about
# a quarter of the time (graph-service: 7.9 s -> 2.2 s here). It needs the jar extracted (the
# cache cannot hold classes from a jar inside a jar) and the same JVM options as the training;
# with another JDK, AOT=off, or a failed training, services start from the plain jar.
AOT=${AOT:-on}
# asked of the JDK once, not once per instance started
aot_capable() {
  if [ -z "${AOT_CAPABLE:-}" ]; then
    local version
    version=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
    AOT_CAPABLE=no
    [ "$AOT" != off ] && [ "${version%%.*}" -ge 25 ] 2>/dev/null && AOT_CAPABLE=yes
  fi
  [ "$AOT_CAPABLE" = yes ]
}

# aot_ready MODULE: its cache exists and is newer than its jar (a rebuild retrains)
aot_ready() {
  local dir="$ROOT/$1/target/aot"
  [ -s "$dir/app.aot" ] && [ "$dir/app.aot" -nt "$ROOT/$1/target/$1-$VERSION.jar" ] &&
    [ "$(cat "$dir/java-opts" 2>/dev/null)" = "$SERVICE_JAVA_OPTS" ]
}

# train_aot: a cache for every module that lacks a fresh one, two trainings at a time. Each
# training starts the application context against the running infrastructure and exits once
# it is refreshed (spring.context.exit=onRefresh: no web server, no consumers).
train_aot() {
  aot_capable || return 0
  local entry module dir modules=() running=0 started=$SECONDS
  for entry in "${SERVICES[@]}"; do
    module=$(module_of "$entry")
    [[ " ${modules[*]} " == *" $module "* ]] || aot_ready "$module" || modules+=("$module")
  done
  [ ${#modules[@]} -gt 0 ] || return 0
  say "Training the JDK's ahead-of-time cache (once per build): ${modules[*]} ..."
  for module in "${modules[@]}"; do
    dir="$ROOT/$module/target/aot"
    rm -rf "$dir"
    "$JAVA" -Djarmode=tools -jar "$ROOT/$module/target/$module-$VERSION.jar" extract --destination "$dir" >/dev/null 2>&1 ||
      { warn "  $module: could not extract its jar; it starts without the cache"; continue; }
    # shellcheck disable=SC2086
    db_env "$module"
    ( env "${DB_ENV[@]}" SERVER_PORT=0 GATEWAY_MANAGEMENT_PORT=0 "$JAVA" $SERVICE_JAVA_OPTS -XX:AOTCacheOutput="$dir/app.aot" -Dspring.context.exit=onRefresh         -jar "$dir/$module-$VERSION.jar" >"$RUN_DIR/logs/aot-$module.log" 2>&1 &&
        echo "$SERVICE_JAVA_OPTS" >"$dir/java-opts" ) &
    running=$((running + 1))
    if [ $running -ge 2 ]; then wait -n || true; running=$((running - 1)); fi
  done
  wait || true
  for module in "${modules[@]}"; do
    aot_ready "$module" || warn "  $module: no ahead-of-time cache (log: $RUN_DIR/logs/aot-$module.log); it starts without"
  done
  say "  trained in $((SECONDS - started)) s"
}

# start_one ENTRY: one instance (instance:module:port) in the background, its pid in pids/
start_one() {
  local entry=$1 name module port jar launch
  name=$(name_of "$entry")
  module=$(module_of "$entry")
  port=$(port_in "$entry")
  jar="$ROOT/$module/target/$module-$VERSION.jar"
  if port_open "$port"; then
    die "port $port ($name) is already in use by another program; stop it first"
  fi
  db_env "$module"
  launch=(-jar "$jar")
  if aot_capable && aot_ready "$module"; then
    launch=(-XX:AOTCache="$ROOT/$module/target/aot/app.aot" -jar "$ROOT/$module/target/aot/$module-$VERSION.jar")
  fi
  # WORKER_ID: each instance its own Snowflake worker id (two instances of one service sharing
  # one made the same tweet id twice in a millisecond); ports are unique in a suite, so is this
  # shellcheck disable=SC2086
  env "${DB_ENV[@]}" SERVER_PORT="$port" WORKER_ID=$((port % 1024)) nohup "$JAVA" $SERVICE_JAVA_OPTS \
    -Dtwitter.instance="$(hostname):$port" "${launch[@]}" >>"$RUN_DIR/logs/$name.log" 2>&1 &
  echo $! >"$RUN_DIR/pids/$name.pid"
}

start_services() {
  local entry
  export_service_env
  train_aot
  say "Starting the services (JDK: $JAVA_HOME) ..."
  echo "$REPLICAS" >"$RUN_DIR/replicas"
  save_instances
  for entry in "${SERVICES[@]}"; do
    : >"$RUN_DIR/logs/$(name_of "$entry").log"
    start_one "$entry"
  done
}

# start-instance NAME: one instance of the running suite again (after it died or was killed),
# with the environment the suite gave it; returns once it is launched (its /ready tells when it serves)
start_instance() {
  local name=$1 entry
  [ -n "$name" ] || die "usage: scripts/run.sh start-instance <instance> (e.g. tweet-service-2, gateway)"
  for entry in "${SERVICES[@]}"; do
    [ "$(name_of "$entry")" = "$name" ] || continue
    pid_alive "$RUN_DIR/pids/$name.pid" && die "$name is already running (pid $(cat "$RUN_DIR/pids/$name.pid"))"
    export_service_env
    start_one "$entry"
    say "  started $name (pid $(cat "$RUN_DIR/pids/$name.pid"), port $(port_in "$entry"))"
    return 0
  done
  die "no instance named '$name' in this suite (scripts/run.sh status lists them)"
}

# stop-instance NAME: one instance of the running suite, by its pid file
stop_instance() {
  local name=$1 entry
  [ -n "$name" ] || die "usage: scripts/run.sh stop-instance <instance> (e.g. tweet-service-2)"
  for entry in "${SERVICES[@]}"; do
    [ "$(name_of "$entry")" = "$name" ] || continue
    pid_alive "$RUN_DIR/pids/$name.pid" || { say "  $name is not running"; return 0; }
    stop_pid "$RUN_DIR/pids/$name.pid" "$name"
    return 0
  done
  die "no instance named '$name' in this suite (scripts/run.sh status lists them)"
}

# instances MODULE: "name port" of each instance of a module, in start order
list_instances() {
  local module=$1 entry found=false
  [ -n "$module" ] || die "usage: scripts/run.sh instances <module> (e.g. fanout-worker)"
  for entry in "${SERVICES[@]}"; do
    [ "$(module_of "$entry")" = "$module" ] || continue
    echo "$(name_of "$entry") $(port_in "$entry")"
    found=true
  done
  $found || die "no module named '$module' in this suite (scripts/run.sh status lists them)"
}

# the suite's instances, for every later command (and Prometheus's targets when it runs)
save_instances() {
  printf '%s\n' "${SERVICES[@]}" >"$RUN_DIR/instances"
  [ -d "$RUN_DIR/prometheus" ] && write_targets
  return 0
}

# add-instance MODULE: one more instance of a module on the first free slot N (name <module>-N,
# or <module> for N=1; port: service_port MODULE N), launched with the suite's environment;
# prints "name port" (its /ready tells when it serves)
add_instance() {
  local module=$1 n name port entry taken kept=()
  [ -n "$module" ] || die "usage: scripts/run.sh add-instance <module> (e.g. timeline-service)"
  [ "$module" != gateway ] || die "the gateway has one instance (scripts/run.sh start-instance gateway restarts it)"
  service_port "$module" >/dev/null
  for n in 1 2 3 4 5 6 7 8 9; do
    name=$module
    [ "$n" -gt 1 ] && name="$module-$n"
    port=$(service_port "$module" "$n")
    taken=""
    for entry in "${SERVICES[@]}"; do [ "$(name_of "$entry")" = "$name" ] && taken=yes; done
    [ -z "$taken" ] && ! port_open "$port" && break
    name=""
  done
  [ -n "$name" ] || die "no free slot for another instance of $module (nine at most)"
  entry="$name:$module:$port"
  for taken in "${SERVICES[@]}"; do [ "$(module_of "$taken")" = gateway ] || kept+=("$taken"); done
  for taken in "${SERVICES[@]}"; do [ "$(module_of "$taken")" = gateway ] && kept+=("$entry" "$taken"); done
  SERVICES=("${kept[@]}")
  export_service_env
  start_one "$entry"
  save_instances
  echo "$name $port"
}

# remove-instance NAME: stop an instance (SIGTERM: it finishes the requests it has) and drop it from the suite
remove_instance() {
  local name=$1 entry found=false kept=()
  [ -n "$name" ] || die "usage: scripts/run.sh remove-instance <instance> (e.g. timeline-service-2)"
  [ "$name" != gateway ] || die "the gateway is not removed (scripts/run.sh stop-instance gateway stops it)"
  for entry in "${SERVICES[@]}"; do
    if [ "$(name_of "$entry")" = "$name" ]; then found=true; else kept+=("$entry"); fi
  done
  $found || die "no instance named '$name' in this suite (scripts/run.sh status lists them)"
  stop_pid "$RUN_DIR/pids/$name.pid" "$name"
  SERVICES=("${kept[@]}")
  save_instances
}

# Prometheus (--observe): Debian's binary, its configuration made here from observability/ (the
# rules as they are; every instance of this suite as a file_sd target, rewritten whenever the
# instances change, which Prometheus reads again by itself)
PROMETHEUS_PORT=$((9090 + PORT_OFFSET))
write_targets() {
  local entry services="" gateway=""
  for entry in "${SERVICES[@]}"; do
    if [ "$(module_of "$entry")" = gateway ]; then
      gateway="{\"targets\":[\"127.0.0.1:${GATEWAY_MANAGEMENT_PORT:-$((8089 + PORT_OFFSET))}\"],\"labels\":{\"service\":\"gateway\",\"instance_name\":\"gateway\"}}"
    else
      services="$services${services:+,}{\"targets\":[\"127.0.0.1:$(port_in "$entry")\"],\"labels\":{\"service\":\"$(module_of "$entry")\",\"instance_name\":\"$(name_of "$entry")\"}}"
    fi
  done
  # written whole, then renamed: Prometheus never reads half a file
  printf '[%s]\n' "$services" >"$RUN_DIR/prometheus/services.json.new" && mv "$RUN_DIR/prometheus/services.json.new" "$RUN_DIR/prometheus/services.json"
  printf '[%s]\n' "$gateway" >"$RUN_DIR/prometheus/gateway.json.new" && mv "$RUN_DIR/prometheus/gateway.json.new" "$RUN_DIR/prometheus/gateway.json"
}

start_prometheus() {
  command -v prometheus >/dev/null || die "--observe needs Prometheus: apt-get install prometheus (Debian's package)"
  local dir="$RUN_DIR/prometheus"
  mkdir -p "$dir" "$RUN_DIR/data/prometheus"
  sed -e "s#@RULES@#$ROOT/observability/rules.yml#" -e "s#@TARGETS@#$dir#" "$ROOT/observability/prometheus-local.yml" >"$dir/prometheus.yml"
  write_targets
  port_open "$PROMETHEUS_PORT" && die "port $PROMETHEUS_PORT (Prometheus) is already in use by another program"
  nohup prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$RUN_DIR/data/prometheus" \
    --storage.tsdb.retention.time=2d --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" \
    >>"$RUN_DIR/logs/prometheus.log" 2>&1 &
  echo $! >"$RUN_DIR/pids/prometheus.pid"
  wait_http "http://127.0.0.1:$PROMETHEUS_PORT/-/ready" 30 || die "Prometheus did not start (log: $RUN_DIR/logs/prometheus.log)"
}

await_services() {
  local entry module port deadline=$((SECONDS + STARTUP_TIMEOUT)) pending
  while :; do
    pending=()
    for entry in "${SERVICES[@]}"; do
      module=$(name_of "$entry")
      port=$(port_in "$entry")
      pid_alive "$RUN_DIR/pids/$module.pid" ||
        { tail -n 30 "$RUN_DIR/logs/$module.log" >&2; die "$module exited during start-up (log: .run/logs/$module.log)"; }
      curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/ready" 2>/dev/null || pending+=("$module")
    done
    [ ${#pending[@]} -eq 0 ] && return 0
    [ $SECONDS -lt $deadline ] || die "not ready after ${STARTUP_TIMEOUT} s: ${pending[*]} (logs in .run/logs/)"
    sleep 1
  done
}

case $command in
  stop) stop_all; exit 0 ;;
  status) status_all; exit 0 ;;
  start-instance) start_instance "$instance_name"; exit 0 ;;
  stop-instance) stop_instance "$instance_name"; exit 0 ;;
  instances) list_instances "$instance_name"; exit 0 ;;
  add-instance) add_instance "$instance_name"; exit 0 ;;
  remove-instance) remove_instance "$instance_name"; exit 0 ;;
  restart) stop_all; detach=true ;;
esac

if any_service_running; then
  say "The suite is already running (scripts/run.sh status shows it; scripts/run.sh stop stops it)."
  status_all
  exit 0
fi

started=$SECONDS
if [ "${BUILD:-auto}" = skip ]; then
  [ -f "$ROOT/gateway/target/gateway-$VERSION.jar" ] || die "BUILD=skip but nothing is built: run ./mvnw -DskipTests package"
elif needs_build; then
  build
fi
start_infra
start_services
trap 'echo; stop_all; exit 130' INT TERM
await_services
[ "${OBSERVE:-off}" = on ] && start_prometheus
if [ "${SEED:-on}" != off ]; then
  GRAPH_SERVICE_URL=http://127.0.0.1:$(port_of graph-service) "$ROOT/scripts/seed.sh" "http://127.0.0.1:$GATEWAY_PORT" ||
    warn "demo data could not be loaded (see above)"
fi
say ""
say "Twitter-like is up in $((SECONDS - started)) s: http://localhost:$GATEWAY_PORT"
[ -f "$RUN_DIR/demo-login" ] && say "Demo login: $(cat "$RUN_DIR/demo-login")"
[ "${OBSERVE:-off}" = on ] && say "Prometheus: http://127.0.0.1:$PROMETHEUS_PORT (alerts: /alerts, targets: /targets)"
say "Logs: ${RUN_DIR#"$ROOT"/}/logs/   Status: scripts/run.sh status   Stop: scripts/run.sh stop"

if $detach; then
  trap - INT TERM
  exit 0
fi
say "Press Ctrl-C to stop everything."
while any_service_running; do sleep 2; done
warn "a service stopped on its own; stopping the rest"
stop_all
