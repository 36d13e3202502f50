#!/usr/bin/env bash
# Restore of a backup made by scripts/backup.sh (docs/operations.md, "Backup and restore").
#
#   scripts/restore.sh FILE --verify   restores FILE into a scratch server (a free port, a temporary
#                                      directory, removed afterwards) and compares every table's row
#                                      count with the suite's database; exit 1 when one differs
#   scripts/restore.sh FILE            restores FILE into the suite: stops devstack's PostgreSQL, keeps
#                                      its data directory as data/postgres.before-restore (the way
#                                      back), starts PostgreSQL on the backup (it replays the backup's
#                                      WAL; devstack sets this installation's role passwords; with a
#                                      replica, postgres is the restored primary and postgres-2 is
#                                      cloned from it again, whichever was the primary before), empties
#                                      Valkey (only copies, now newer than the database), waits for the
#                                      services and rebuilds the trends
#
# Everything written after the backup is lost by a restore into the suite: all schemas go back to
# the backup's point in time together. PORT_OFFSET and RUN_DIR as for scripts/run.sh. Exit status:
# 0 done, 1 counts differ (--verify), 2 refused (the problem is printed).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

file=${1:-}
mode=${2:-}
if [ -z "$file" ] || [ "$file" = -h ] || [ "$file" = --help ] || { [ -n "$mode" ] && [ "$mode" != --verify ]; }; then
  sed -n '2,17p' "$0"
  [ "$file" = -h ] || [ "$file" = --help ] && exit 0
  exit 64
fi
[ -f "$file" ] || die "no backup at $file (scripts/backup.sh makes them in ${BACKUP_DIR:-$RUN_DIR/backups})"
file=$(cd "$(dirname "$file")" && pwd)/$(basename "$file")
JAR=$(devstack_jar)
[ -f "$RUN_DIR/secrets/db-admin" ] || die "no secrets in $RUN_DIR/secrets: start the suite first (scripts/run.sh)"
[ "$(cat "$RUN_DIR/infra" 2>/dev/null)" != compose ] || die "restore.sh restores devstack's PostgreSQL, not docker compose's"
URL=${SPRING_DATASOURCE_URL:-$(pg_url)}
tool() { "$JAVA" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$JAR" backup "$@"; }

if [ "$mode" = --verify ]; then
  tool verify --url "$URL" --secrets "$RUN_DIR/secrets" "$file"
  exit $?
fi

[ -z "${SPRING_DATASOURCE_URL:-}" ] || die "restore.sh restores devstack's PostgreSQL, not the external one at $SPRING_DATASOURCE_URL"
started=$SECONDS
data="$RUN_DIR/data/postgres"
incoming="$RUN_DIR/data/postgres.restoring"
previous="$RUN_DIR/data/postgres.before-restore"
rm -rf "$incoming"
tool extract "$file" "$incoming" || { rm -rf "$incoming"; exit 2; }
say "Stopping PostgreSQL"
"$ROOT/scripts/stack.sh" down postgres
if [ -d "$data" ]; then
  rm -rf "$previous"
  mv "$data" "$previous"
  say "  the data directory it had is kept as $previous"
fi
if pg_replica && [ -d "$RUN_DIR/data/postgres-2" ]; then
  # the standby follows the restored primary from a fresh clone (stack.sh makes it)
  rm -rf "$RUN_DIR/data/postgres-2.before-restore"
  mv "$RUN_DIR/data/postgres-2" "$RUN_DIR/data/postgres-2.before-restore"
  mkdir -p "$RUN_DIR/data/postgres-2"
  say "  postgres-2's data directory is kept as $RUN_DIR/data/postgres-2.before-restore; it is cloned again"
fi
mv "$incoming" "$data"
say "Starting PostgreSQL on the backup (it replays the backup's WAL)"
"$ROOT/scripts/stack.sh" up postgres

if port_open "${SPRING_DATA_REDIS_PORT:-$((16379 + PORT_OFFSET))}"; then
  valkey_flushall && say "Valkey emptied: timelines, recent lists, sessions and trends are made again from the restored database"
else
  warn "Valkey does not answer: empty it (FLUSHALL) before the services use it again"
fi

modules=()
for module in graph-service tweet-service timeline-service fanout-worker trend-service notification-service; do
  compgen -G "$RUN_DIR/pids/$module*.pid" >/dev/null && modules+=("$module")
done
if [ ${#modules[@]} -gt 0 ]; then
  say "Waiting for the services (${modules[*]}) to answer /ready"
  deadline=$((SECONDS + 90))
  for module in "${modules[@]}"; do
    until service_url "$module" >/dev/null; do
      [ $SECONDS -lt $deadline ] || die "$module is not ready 90 s after the restore (see $RUN_DIR/logs/$module.log)"
      sleep 1
    done
  done
  if [[ " ${modules[*]} " == *" trend-service "* ]]; then
    "$ROOT/scripts/rebuild-trends.sh" >/dev/null && say "Trends rebuilt from the restored hashtag activity"
  fi
fi
say "restore: $(basename "$file") restored into the suite in $((SECONDS - started)) s; home timelines are rebuilt as users read them (scripts/rebuild-timelines.sh --all warms them all)"
