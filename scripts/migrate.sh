#!/usr/bin/env bash
# Schema migrations, and the way back (docs/operations.md, "Migrations with a way back").
#
#   scripts/migrate.sh status [SERVICE]            every migration of each schema-owning service:
#                                                  applied or pending, and whether its down script exists
#   scripts/migrate.sh rollback SERVICE VERSION    undoes V<VERSION> and every newer migration of
#                                                  SERVICE (its db/rollback/U<n>__*.sql, newest first,
#                                                  each in a transaction with removing its history row)
#   scripts/migrate.sh migrate SERVICE             applies what is pending again: restarts the
#                                                  service's instances (Flyway runs at start)
#
# SERVICE: graph-service, tweet-service, trend-service or notification-service (timeline-service
# and fanout-worker own no schema). Connects as the service's own role with the password in
# $RUN_DIR/secrets (the suite of scripts/run.sh; PORT_OFFSET and RUN_DIR as for run.sh). Roll the
# code back first: a service that is still running the newer code may need what is undone.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

JAR="$ROOT/devstack/target/devstack-$VERSION-exec.jar"
[ -f "$JAR" ] || die "devstack is not built: run ./mvnw -DskipTests package (scripts/run.sh does it for you)"
[ -d "$RUN_DIR/secrets" ] || die "no secrets in $RUN_DIR/secrets: start the suite first (scripts/run.sh)"
URL=${SPRING_DATASOURCE_URL:-$(pg_url)}

case ${1:-} in
  status | rollback)
    exec "$JAVA" -jar "$JAR" migrate --url "$URL" --secrets "$RUN_DIR/secrets" --root "$ROOT" "$@" ;;
  migrate)
    service=${2:-}
    [ -n "$service" ] || die "usage: scripts/migrate.sh migrate SERVICE"
    found=false
    for pidfile in "$RUN_DIR"/pids/"$service".pid "$RUN_DIR"/pids/"$service"-[0-9].pid; do
      [ -f "$pidfile" ] || continue
      found=true
      instance=$(basename "$pidfile" .pid)
      say "Restarting $instance (Flyway applies what is pending at start) ..."
      stop_pid "$pidfile" "$instance"
      "$ROOT/scripts/run.sh" start-instance "$instance"
    done
    $found || die "no instance of $service under $RUN_DIR (start the suite: scripts/run.sh)"
    status() { "$JAVA" -jar "$JAR" migrate --url "$URL" --secrets "$RUN_DIR/secrets" --root "$ROOT" status "$service"; }
    deadline=$((SECONDS + 180))
    until report=$(status 2>/dev/null) && ! grep -q pending <<<"$report"; do
      [ $SECONDS -lt $deadline ] || die "still pending after 180 s; see $RUN_DIR/logs/$service.log"
      sleep 1
    done
    say "$report" ;;
  *)
    sed -n '2,17p' "$0"
    [ -z "${1:-}" ] || exit 2 ;;
esac
