#!/usr/bin/env bash
# Failover of devstack's PostgreSQL to its streaming standby (scripts/run.sh --pg-replica or
# --cluster; docs/cluster.md, "PostgreSQL with a replica"; docs/operations.md, "Failover").
#
#   scripts/failover.sh              the standby becomes the primary: the old primary is stopped
#                                    first when it still runs (fenced: two primaries must never both
#                                    take writes; a clean stop sends the standby all its WAL), the
#                                    standby promoted, then the services' next connections find it by
#                                    themselves (their URL names both nodes, pgjdbc picks the primary);
#                                    the script waits until every running service answers /ready.
#                                    Last, the old primary rejoins as the new one's standby: its data
#                                    directory kept as data/<node>.before-failover, the node cloned
#   scripts/failover.sh --no-rejoin  the same, leaving the old primary stopped (rejoin later with
#                                    scripts/stack.sh up <node>, after moving its data directory away)
#   scripts/failover.sh status       each node's role, and the standby's streaming state and lag
#
# Replication is asynchronous: what a failover after a crash can lose is what the standby had not
# received when the primary died (the lag; status shows it). Exit status: 0 done, 1 failed, 2 refused.
# PORT_OFFSET and RUN_DIR as for scripts/run.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

mode=${1:-failover}
case $mode in
  failover | --no-rejoin | status) ;;
  -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
  *) sed -n '2,20p' "$0" >&2; exit 64 ;;
esac
[ -f "$RUN_DIR/secrets/db-admin" ] || die "no secrets in $RUN_DIR/secrets: start the suite first (scripts/run.sh --pg-replica)"
pg_replica || { warn "this suite's PostgreSQL has no standby: start it with scripts/run.sh --pg-replica"; exit 2; }
JAR=$(devstack_jar)
tool() { "$JAVA" -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$JAR" replication "$@" --secrets "$RUN_DIR/secrets"; }
number() { [ "$1" = postgres-2 ] && echo 2 || echo 1; }

role1=$(pg_role postgres)
role2=$(pg_role postgres-2)
if [ "$mode" = status ]; then
  for part in postgres postgres-2; do
    role=$role1
    [ "$part" = postgres-2 ] && role=$role2
    line="$part  127.0.0.1:$(pg_port "$(number "$part")")  $role"
    [ "$role" = standby ] && line="$line  $(tool state --port "$(pg_port "$(number "$part")")")"
    say "$line"
  done
  exit 0
fi

if [ "$role2" = standby ]; then standby=postgres-2; old=postgres
elif [ "$role1" = standby ]; then standby=postgres; old=postgres-2
else
  warn "no standby answers (postgres: $role1, postgres-2: $role2): nothing to promote"
  exit 2
fi
old_role=$role1
[ "$old" = postgres-2 ] && old_role=$role2
started=$(date +%s%N)
ms() { echo $((($(date +%s%N) - started) / 1000000)); }

if [ "$old_role" = primary ]; then
  say "Stopping the primary $old (a planned switchover: it sends the standby its last WAL first)"
else
  say "The primary $old does not answer ($old_role): fencing it (its processes stopped, if any are left)"
fi
node() { [ "$1" = postgres ] && echo postgres-1 || echo "$1"; } # stack.sh's name of one node ("postgres" is both)
"$ROOT/scripts/stack.sh" down "$(node "$old")" >/dev/null
say "  $old stopped at $(ms) ms; the standby had: $(tool state --port "$(pg_port "$(number "$standby")")" || echo '?')"

say "Promoting $standby"
tool promote --port "$(pg_port "$(number "$standby")")" | sed 's/^/  /'
say "  $standby is the primary at $(ms) ms"

modules=()
for module in graph-service tweet-service timeline-service fanout-worker trend-service notification-service; do
  compgen -G "$RUN_DIR/pids/$module*.pid" >/dev/null && modules+=("$module")
done
if [ ${#modules[@]} -gt 0 ]; then
  deadline=$((SECONDS + 90))
  for module in "${modules[@]}"; do
    until service_url "$module" >/dev/null; do
      [ $SECONDS -lt $deadline ] || { warn "$module is not ready 90 s after the promotion (see $RUN_DIR/logs/$module.log)"; exit 1; }
      sleep 0.5
    done
  done
  say "  every service (${modules[*]}) answers /ready at $(ms) ms"
fi

if [ "$mode" = --no-rejoin ]; then
  say "failover: $standby promoted in $(ms) ms; $old stays stopped (--no-rejoin)"
  exit 0
fi
say "Rejoining $old as the standby of $standby"
rm -rf "$RUN_DIR/data/$old.before-failover"
mv "$RUN_DIR/data/$old" "$RUN_DIR/data/$old.before-failover"
"$ROOT/scripts/stack.sh" up "$(node "$old")" | sed 's/^/  /'
say "  its old data directory is kept as $RUN_DIR/data/$old.before-failover (delete it when no longer needed)"
say "failover: $standby promoted, $old its standby, in $(ms) ms"
