#!/usr/bin/env bash
# The local infrastructure without Docker: real PostgreSQL 17, Redis and Kafka (KRaft) from
# Maven artifacts, one process each, data kept under .run/data between restarts.
#
#   scripts/stack.sh up     [postgres|redis|kafka]   start (all, or one)
#   scripts/stack.sh down   [postgres|redis|kafka]   stop (all, or one): to watch the services degrade
#   scripts/stack.sh status                          what runs, on which port
#   scripts/stack.sh reset                           stop and delete all data
#
# Ports: POSTGRES_PORT (15432), REDIS_PORT (16379), KAFKA_PORT (19092), each plus PORT_OFFSET.
# CLUSTER=on (scripts/run.sh --cluster): "redis" is a Valkey Cluster of six nodes redis-1..redis-6
# (REDIS_PORT and the five above it; 1-3 start as masters, 4-6 as their replicas), formed once
# (docs/cluster.md); "down redis-1" kills one master, "up redis-1" brings it back as a replica.
# With CLUSTER=on "kafka" is three KRaft nodes kafka-1, kafka-2, kafka-3 too (each a broker and a
# controller of a 3-voter quorum, one process each; KAFKA_PORT, +10, +20, controllers one above;
# topics 3 copies, min.insync.replicas 2): "down kafka-2" kills one, "up kafka-2" restarts it.
# PG_REPLICA=on (scripts/run.sh --pg-replica or --cluster): "postgres" is two nodes, postgres (POSTGRES_PORT)
# and postgres-2 (one above), one primary and one streaming standby ("postgres-1" names the first alone); a node whose data directory is
# empty is cloned from the other while that one is the primary (devstack replication clone), so the
# first start makes postgres the primary and postgres-2 its standby, and after scripts/failover.sh
# the old primary comes back as the new one's standby. Which node is which lives in their data.
# Passwords: .run/secrets (made on the first start, mode 600): db-admin (PostgreSQL's superuser),
# db-<service> (each service's role), valkey (Valkey's user "twitter"); see docs/security.md, "Database roles and secrets".
set -euo pipefail
source "$(dirname "$0")/lib.sh"

POSTGRES_PORT=${POSTGRES_PORT:-$((15432 + PORT_OFFSET))}
REDIS_PORT=${REDIS_PORT:-$((16379 + PORT_OFFSET))}
KAFKA_PORT=${KAFKA_PORT:-$((19092 + PORT_OFFSET))}
JAR="$ROOT/devstack/target/devstack-$VERSION-exec.jar"
REDIS_NODES=(redis)
valkey_cluster && REDIS_NODES=(redis-1 redis-2 redis-3 redis-4 redis-5 redis-6)
KAFKA_NODES=(kafka)
kafka_cluster && KAFKA_NODES=(kafka-1 kafka-2 kafka-3)
POSTGRES_NODES=(postgres)
pg_replica && POSTGRES_NODES=(postgres postgres-2)
PARTS=("${POSTGRES_NODES[@]}" "${REDIS_NODES[@]}" "${KAFKA_NODES[@]}")
# the Kafka cluster's controller quorum: node N's controller listens one above its client port
kafka_voters() { local n v=""; for n in 1 2 3; do v="$v${v:+,}$n@127.0.0.1:$((KAFKA_PORT + (n - 1) * 10 + 1))"; done; echo "$v"; }

port_of() {
  case $1 in
    postgres) echo "$POSTGRES_PORT" ;;
    postgres-2) echo $((POSTGRES_PORT + 1)) ;;
    redis) echo "$REDIS_PORT" ;;
    redis-[1-6]) echo $((REDIS_PORT + ${1#redis-} - 1)) ;;
    kafka) echo "$KAFKA_PORT" ;;
    kafka-[1-3]) echo $((KAFKA_PORT + (${1#kafka-} - 1) * 10)) ;;
    *) die "unknown part: $1 (postgres, redis or kafka; redis-1..6 and kafka-1..3 with CLUSTER=on, postgres-2 with PG_REPLICA=on)" ;;
  esac
}

up_one() {
  local part=$1 port pidfile log heap secrets
  port=$(port_of "$part")
  pidfile="$RUN_DIR/pids/$part.pid"
  log="$RUN_DIR/logs/$part.log"
  if pid_alive "$pidfile"; then
    say "  $part already running (pid $(cat "$pidfile"), port $port)"
    return 0
  fi
  if port_open "$port"; then
    die "port $port is busy but not by this stack's $part; stop whatever listens there or set ${part^^}_PORT"
  fi
  [ -f "$JAR" ] || die "devstack is not built: run ./mvnw -DskipTests package (scripts/run.sh does it for you)"
  mkdir -p "$RUN_DIR/pids" "$RUN_DIR/logs" "$RUN_DIR/data/$part"
  heap=128m
  secrets=(--secrets "$RUN_DIR/secrets")
  [ "$part" = kafka ] && heap=320m && secrets=()
  local command=$part
  [ "$part" = postgres-2 ] && command=postgres
  [[ $part = redis-? ]] && command=redis && secrets+=(--cluster-node)
  [[ $part = kafka-? ]] && command=kafka && heap=256m && secrets=(--node "${part#kafka-}" --voters "$(kafka_voters)" --cluster-id "$RUN_DIR/data/kafka-cluster-id")
  nohup "$JAVA" -Xmx$heap -XX:+UseSerialGC -jar "$JAR" "$command" --port "$port" --data "$RUN_DIR/data/$part" \
    "${secrets[@]}" >"$log" 2>&1 &
  echo $! >"$pidfile"
}

await_one() {
  local part=$1 port i
  port=$(port_of "$part")
  for i in $(seq 1 240); do
    if grep -qE "devstack: ($part|${part%-[1-6]}) ready" "$RUN_DIR/logs/$part.log" 2>/dev/null; then
      say "  $part ready on 127.0.0.1:$port"
      return 0
    fi
    pid_alive "$RUN_DIR/pids/$part.pid" || { tail -n 20 "$RUN_DIR/logs/$part.log" >&2; die "$part failed to start (log: .run/logs/$part.log)"; }
    sleep 0.25
  done
  die "$part not ready after 60 s (log: .run/logs/$part.log)"
}

down_one() {
  local part=$1 pidfile pgpid
  pidfile="$RUN_DIR/pids/$part.pid"
  stop_pid "$pidfile" "$part"
  # a postgres left behind by a killed wrapper: stop it through its own pid file
  if [[ $part = postgres* ]] && [ -f "$RUN_DIR/data/$part/postmaster.pid" ]; then
    pgpid=$(head -n 1 "$RUN_DIR/data/$part/postmaster.pid")
    if kill -0 "$pgpid" 2>/dev/null; then
      kill -INT "$pgpid" 2>/dev/null || true
      for _ in $(seq 1 40); do kill -0 "$pgpid" 2>/dev/null || break; sleep 0.25; done
    fi
  fi
}

status() {
  local part port state
  for part in "${PARTS[@]}"; do
    port=$(port_of "$part")
    if pid_alive "$RUN_DIR/pids/$part.pid"; then
      state="running (pid $(cat "$RUN_DIR/pids/$part.pid"))"
      port_open "$port" || state="$state, port $port not answering yet"
    else
      state="stopped"
    fi
    printf '  %-9s %-6s %s\n' "$part" "$port" "$state"
  done
}

command=${1:-status}
shift || true
parts=("${@:-${PARTS[@]}}")
[ $# -eq 0 ] && parts=("${PARTS[@]}")
# in cluster mode "redis" means all six nodes
[ "${REDIS_NODES[0]}" = redis ] || parts=($(printf '%s\n' "${parts[@]}" | sed "s/^redis\$/${REDIS_NODES[*]}/"))
# with a replica "postgres" means both nodes, and "postgres-1" the first alone
[ "${#POSTGRES_NODES[@]}" = 1 ] || parts=($(printf '%s\n' "${parts[@]}" | sed "s/^postgres\$/${POSTGRES_NODES[*]}/"))
parts=($(printf '%s\n' "${parts[@]}" | sed "s/^postgres-1\$/postgres/" | awk '!seen[$0]++'))
# and "kafka" all three Kafka nodes
[ "${KAFKA_NODES[0]}" = kafka ] || parts=($(printf '%s\n' "${parts[@]}" | sed "s/^kafka\$/${KAFKA_NODES[*]}/"))

# forms the six nodes into a cluster, once; on later starts only waits until it is healthy again
form_valkey_cluster() {
  local ports
  ports=$(valkey_ports | paste -sd, -)
  "$JAVA" -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$JAR" redis-cluster --ports "$ports" \
    --secrets "$RUN_DIR/secrets" >>"$RUN_DIR/logs/redis-cluster.log" 2>&1 ||
    { tail -n 20 "$RUN_DIR/logs/redis-cluster.log" >&2; die "the Valkey Cluster did not form (log: $RUN_DIR/logs/redis-cluster.log)"; }
  say "  valkey cluster ready: 3 masters, 3 replicas on ports ${ports}"
}
# up_postgres PART: one PostgreSQL node, started and ready; with a replica, an empty data directory
# is first cloned from the other node while that one is the primary (it becomes its standby)
up_postgres() {
  local part=$1 peer=postgres-2 peer_n=2 log="$RUN_DIR/logs/$1-clone.log"
  [ "$part" = postgres-2 ] && peer=postgres && peer_n=1
  if pg_replica && ! pid_alive "$RUN_DIR/pids/$part.pid" && [ ! -f "$RUN_DIR/data/$part/PG_VERSION" ]; then
    if [ "$(pg_role "$peer")" = primary ]; then
      say "  $part: cloning the primary $peer as its standby"
      rm -rf "$RUN_DIR/data/$part"
      mkdir -p "$RUN_DIR/logs"
      "$JAVA" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$JAR" replication clone --from "$(pg_port $peer_n)" \
        --port "$(port_of "$part")" --data "$RUN_DIR/data/$part" --secrets "$RUN_DIR/secrets" >"$log" 2>&1 ||
        { tail -n 20 "$log" >&2; die "$part could not be cloned from $peer (log: $log)"; }
    elif [ "$part" = postgres-2 ]; then
      die "postgres-2 is cloned from a running primary: start postgres first (scripts/stack.sh up postgres)"
    fi
  fi
  up_one "$part"
  await_one "$part"
}
case $command in
  up)
    if pg_replica; then mkdir -p "$RUN_DIR/data" && touch "$RUN_DIR/data/pg-replica"; fi
    # PostgreSQL's nodes one after the other (a standby is cloned from a primary that is up), then the rest together
    for part in "${parts[@]}"; do [[ $part = postgres* ]] && up_postgres "$part"; done
    parts=($(printf '%s\n' "${parts[@]}" | grep -v '^postgres' || true))
    for part in "${parts[@]}"; do up_one "$part"; done
    for part in "${parts[@]}"; do await_one "$part"; done
    if [ "${REDIS_NODES[0]}" != redis ] && printf '%s\n' "${parts[@]}" | grep -q '^redis-'; then form_valkey_cluster; fi
    ;;
  down)
    for ((i = ${#parts[@]} - 1; i >= 0; i--)); do down_one "${parts[$i]}"; done
    ;;
  status) status ;;
  reset)
    for part in "${KAFKA_NODES[@]}" "${REDIS_NODES[@]}" postgres-2 postgres; do down_one "$part"; done
    rm -rf "$RUN_DIR/data"
    say "  data deleted"
    ;;
  *) die "usage: scripts/stack.sh up|down|status|reset [postgres|redis|kafka|redis-1..6|kafka-1..3|postgres-2]" ;;
esac
