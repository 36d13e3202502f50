# Shared by the scripts: the repository root, the JDK to use, and small helpers.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# RUN_DIR (data, logs, pids) and PORT_OFFSET (added to every port) let a second copy of the
# suite run beside the first, e.g. for the end-to-end tests: PORT_OFFSET=1000 RUN_DIR=/tmp/e2e
RUN_DIR="${RUN_DIR:-$ROOT/.run}"
PORT_OFFSET=${PORT_OFFSET:-0}
export RUN_DIR PORT_OFFSET
VERSION="0.1.0-SNAPSHOT"

# The newest JDK 17+ on the machine (virtual threads need 21+; a Temurin 25 usually lies
# under /usr/lib/jvm), then JAVA_HOME, then whatever java is on the PATH.
pick_java_home() {
  local best="" best_version=0 dir version
  for dir in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home ${JAVA_HOME:+"$JAVA_HOME"}; do
    [ -x "$dir/bin/java" ] && [ -x "$dir/bin/javac" ] || continue
    version=$("$dir/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
    version=${version%%.*}
    if [ -n "$version" ] && [ "$version" -ge 17 ] && [ "$version" -gt "$best_version" ]; then
      best="$dir"; best_version="$version"
    fi
  done
  if [ -n "$best" ]; then
    echo "$best"
  elif command -v java >/dev/null 2>&1; then
    dirname "$(dirname "$(readlink -f "$(command -v java)")")"
  else
    echo "no JDK found: install a JDK 17 or newer" >&2
    return 1
  fi
}

JAVA_HOME="$(pick_java_home)" || exit 1
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"

say() { printf '%s\n' "$*"; }
warn() { printf '\033[33m%s\033[0m\n' "$*" >&2; }
die() { printf '\033[31m%s\033[0m\n' "$*" >&2; exit 1; }

# run_secret NAME: a password of this installation's devstack ($RUN_DIR/secrets/NAME, mode 600,
# made by devstack on its first start): db-admin, db-<service>, valkey
run_secret() { cat "$RUN_DIR/secrets/$1"; }

# port_open PORT: something accepts connections on 127.0.0.1:PORT
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# pid_alive FILE: the pid in FILE is a running process
pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# stop_pid FILE NAME: SIGTERM, wait up to 30 s, then SIGKILL
stop_pid() {
  local file=$1 name=$2 pid i
  pid_alive "$file" || { rm -f "$file"; return 0; }
  pid=$(cat "$file")
  kill -TERM "$pid" 2>/dev/null
  for i in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$file"; say "  stopped $name"; return 0; }
    sleep 0.5
  done
  warn "  $name did not stop in 30 s; killing it"
  kill -KILL "$pid" 2>/dev/null
  rm -f "$file"
}

# wait_http URL SECONDS: until URL answers 200
wait_http() {
  local url=$1 seconds=$2 i
  for i in $(seq 1 $((seconds * 2))); do
    curl -fsS -o /dev/null --max-time 3 "$url" 2>/dev/null && return 0
    sleep 0.5
  done
  return 1
}

# service_port MODULE [N]: the port of instance N (default 1) of a service in this copy of the
# suite: its base port + PORT_OFFSET, + 100 for each further instance (scripts/run.sh --replicas)
service_port() {
  local base
  case $1 in
    tweet-service) base=8081 ;;
    timeline-service) base=8082 ;;
    graph-service) base=8083 ;;
    fanout-worker) base=8084 ;;
    trend-service) base=8085 ;;
    notification-service) base=8086 ;;
    *) die "no service named '$1'" ;;
  esac
  echo $((base + PORT_OFFSET + (${2:-1} - 1) * 100))
}

# service_url MODULE: the base URL of an instance of the service that answers /ready (any
# instance will do; the first that answers); fails when none does
service_url() {
  local n port
  for n in 1 2 3 4 5 6 7 8 9; do
    port=$(service_port "$1" "$n")
    if curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/ready" 2>/dev/null; then
      echo "http://127.0.0.1:$port"
      return 0
    fi
  done
  return 1
}

# json_field NAME JSON: the value of a top-level string, number, boolean or null field of a
# flat JSON object (enough for the services' operations answers and problems)
json_field() {
  printf '%s' "$2" | sed -n 's/.*"'"$1"'":\("\([^"]*\)"\|\([^",}]*\)\).*/\2\3/p' | head -n 1
}

# ops_post MODULE PATH: POST to a service's operations endpoint (/internal/ops/..., loopback
# only, not routed by the gateway) on any ready instance, trying another once a connection
# fails (the rebuilds are idempotent). Prints the JSON answer; on a 4xx/5xx prints the
# problem's detail (and field errors) and returns 1; returns 2 when no instance answers.
ops_post() {
  local module=$1 path=$2 base out status body attempt errors
  for attempt in 1 2 3; do
    base=$(service_url "$module") || { warn "no instance of $module answers /ready (PORT_OFFSET=$PORT_OFFSET; scripts/run.sh status)"; return 2; }
    if out=$(curl -sS -X POST --max-time "${OPS_TIMEOUT:-300}" -w '\n%{http_code}' "$base$path" 2>&1); then
      status=${out##*$'\n'}
      body=${out%$'\n'*}
      if [ "${status:0:1}" = 2 ]; then
        printf '%s\n' "$body"
        return 0
      fi
      errors=$(printf '%s' "$body" | sed -n 's/.*"errors":\({[^}]*}\).*/ \1/p')
      printf '\033[31m%s\033[0m\n' "$module answered $status: $(json_field detail "$body")$errors" >&2
      return 1
    fi
    warn "  $base$path: ${out##*$'\n'} (attempt $attempt)"
    sleep 1
  done
  return 2
}

# kafka_cluster: the local Kafka is devstack's three-node cluster (kafka-1..3, scripts/stack.sh):
# CLUSTER=on (scripts/run.sh --cluster), or a stack started so still runs (its pid files say it)
kafka_cluster() { [ "${CLUSTER:-off}" = on ] || ls "$RUN_DIR"/pids/kafka-[1-3].pid >/dev/null 2>&1; }

# kafka_bootstrap: the local Kafka's client addresses: 127.0.0.1:19092 + PORT_OFFSET, in cluster
# mode each node's (+0, +10, +20)
kafka_bootstrap() {
  local port=$((19092 + PORT_OFFSET))
  if kafka_cluster; then echo "127.0.0.1:$port,127.0.0.1:$((port + 10)),127.0.0.1:$((port + 20))"; else echo "127.0.0.1:$port"; fi
}

# kafka_ops COMMAND ARGS...: devstack's Kafka operations tool (devstack/.../Ops.java: lag, replay,
# dlt-list, dlt-redrive) against the suite's Kafka (SPRING_KAFKA_BOOTSTRAP_SERVERS, else the
# local one, kafka_bootstrap); exits as the tool does (2: refused, 64: bad usage)
kafka_ops() {
  local jar="$ROOT/devstack/target/devstack-$VERSION-exec.jar"
  [ -f "$jar" ] || die "devstack is not built: run ./mvnw -DskipTests package"
  "$JAVA" -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$jar" ops "$1" \
    --bootstrap "${SPRING_KAFKA_BOOTSTRAP_SERVERS:-$(kafka_bootstrap)}" "${@:2}"
}

# devstack_jar: the path of devstack's stand-alone jar (migrations, backups, Kafka operations); dies when not built
devstack_jar() {
  local jar="$ROOT/devstack/target/devstack-$VERSION-exec.jar"
  [ -f "$jar" ] || die "devstack is not built: run ./mvnw -DskipTests package (scripts/run.sh does it for you)"
  echo "$jar"
}

# pg_replica: devstack's PostgreSQL has a streaming standby (postgres-2, one port above; docs/cluster.md,
# "PostgreSQL with a replica"): PG_REPLICA=on (scripts/run.sh --pg-replica, or --cluster), or this
# installation was started so (stack.sh leaves data/pg-replica: after a failover postgres-2 may be the primary)
pg_replica() { [ "${PG_REPLICA:-off}" = on ] || [ "${CLUSTER:-off}" = on ] || [ -f "$RUN_DIR/data/pg-replica" ]; }
# pg_port [N]: the port of devstack's PostgreSQL node N (1: postgres, 2: postgres-2)
pg_port() { echo $((${POSTGRES_PORT:-$((15432 + PORT_OFFSET))} + ${1:-1} - 1)); }
# pg_url [TARGET]: the JDBC URL of devstack's PostgreSQL; with a replica both nodes, pgjdbc picking
# the one that is TARGET (primary, the default; preferSecondary for the lag-tolerant reads), so
# that a promotion (scripts/failover.sh) needs no configuration change
pg_url() {
  if pg_replica; then
    echo "jdbc:postgresql://127.0.0.1:$(pg_port 1),127.0.0.1:$(pg_port 2)/twitter?targetServerType=${1:-primary}&hostRecheckSeconds=2"
  else
    echo "jdbc:postgresql://127.0.0.1:$(pg_port 1)/twitter"
  fi
}
# pg_role PART: primary, standby or down (devstack asks the server on PART's port)
pg_role() {
  local n=1
  [ "$1" = postgres-2 ] && n=2
  "$JAVA" -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$(devstack_jar)" replication role \
    --port "$(pg_port $n)" --secrets "$RUN_DIR/secrets" 2>/dev/null || true
}
# pg_primary_part: the devstack PostgreSQL node that is the primary now (postgres when none answers)
pg_primary_part() {
  if pg_replica && [ "$(pg_role postgres-2)" = primary ]; then echo postgres-2; else echo postgres; fi
}

# bench_env: what the bench harness needs to reach this suite, unless already set: the primary,
# wherever it is now (a standby beside it after run.sh --pg-replica), seeded as PostgreSQL's
# superuser; Valkey as the suite's user; the reads straight to timeline-service signed as the
# gateway signs them (devstack's secrets). bench.sh, capacity.sh and lab.sh call it.
bench_env() {
  export BENCH_JDBC_URL=${BENCH_JDBC_URL:-$(pg_url)}
  if [ -z "${BENCH_JDBC_PASSWORD:-}" ] && [ -s "$RUN_DIR/secrets/db-admin" ]; then export BENCH_JDBC_PASSWORD=$(run_secret db-admin); fi
  if [ -z "${BENCH_REDIS_PASSWORD:-}" ] && [ -s "$RUN_DIR/secrets/valkey" ]; then export BENCH_REDIS_PASSWORD=$(run_secret valkey); fi
  if [ -z "${BENCH_INTERNAL_SECRET:-}" ] && [ -s "$RUN_DIR/secret" ]; then export BENCH_INTERNAL_SECRET=$(cat "$RUN_DIR/secret"); fi
  return 0
}

# The services' JVM options in the end-to-end and fault-injection runs (scripts/e2e.sh, chaos.sh):
# the JIT stopped at C1, which starts and restarts instances fastest on two cores
CHECK_JAVA_OPTS="-Xms64m -Xmx320m -XX:+UseSerialGC -Xss512k -XX:TieredStopAtLevel=1"

# valkey_cluster: the local Valkey is devstack's Valkey Cluster (redis-1..6, scripts/stack.sh;
# docs/cluster.md): CLUSTER=on (scripts/run.sh --cluster), or a stack started so still runs
valkey_cluster() { [ "${CLUSTER:-off}" = on ] || ls "$RUN_DIR"/pids/redis-[1-6].pid >/dev/null 2>&1; }
# valkey_ports: the port of each local Valkey node (one, or the cluster's six: 16379 + PORT_OFFSET and up)
valkey_ports() {
  local port=${SPRING_DATA_REDIS_PORT:-$((16379 + PORT_OFFSET))} n
  if valkey_cluster; then for n in 0 1 2 3 4 5; do echo $((port + n)); done; else echo "$port"; fi
}

# valkey_flushall: empties the suite's Valkey (user twitter, the password in $RUN_DIR/secrets/valkey,
# port 16379 + PORT_OFFSET or SPRING_DATA_REDIS_PORT). Valkey holds only copies of what PostgreSQL
# records (docs/data-ownership.md): after PostgreSQL went back in time they must not outlive it.
# Two RESP commands over bash's /dev/tcp, so no client is needed.
# On a cluster, every master is emptied (a replica answers READONLY and follows its master).
valkey_flushall() {
  local port password auth flush emptied=0
  password=$(run_secret valkey) || return 1
  for port in $(valkey_ports); do
    exec 3<>"/dev/tcp/${SPRING_DATA_REDIS_HOST:-127.0.0.1}/$port" || return 1
    printf '*3\r\n$4\r\nAUTH\r\n$7\r\ntwitter\r\n$%d\r\n%s\r\n*1\r\n$8\r\nFLUSHALL\r\n' "${#password}" "$password" >&3
    IFS= read -r -t 10 auth <&3 || auth=""
    IFS= read -r -t 10 flush <&3 || flush=""
    exec 3<&-
    [ "${auth%$'\r'}" = "+OK" ] || { warn "Valkey on $port answered '${auth%$'\r'}' to AUTH"; return 1; }
    case ${flush%$'\r'} in
      +OK) emptied=$((emptied + 1)) ;;
      -READONLY*) ;;
      *) warn "Valkey on $port answered '${flush%$'\r'}' to FLUSHALL"; return 1 ;;
    esac
  done
  [ "$emptied" -gt 0 ]
}
