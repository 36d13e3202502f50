#!/usr/bin/env bash
# Backup of the suite's PostgreSQL: every service's schema, at one point in time (docs/operations.md,
# "Backup and restore").
#
#   scripts/backup.sh        a new backup in $BACKUP_DIR (default $RUN_DIR/backups), named by time
#                            (twitter-20261201T193012Z.tar.gz); only the newest $BACKUP_KEEP (7) are kept
#
# A PostgreSQL-native physical base backup (pg_backup_start/pg_backup_stop: the data directory, the
# WAL from start to end and the backup_label), read by the same major version at restore: there is
# no PostgreSQL 17 pg_dump to be had here (devstack's Backups says why). The services keep running
# and writing; the backup is consistent as of its end. Prints the file, its size and how long it
# took. Connects as the superuser (db-admin in $RUN_DIR/secrets) to devstack's PostgreSQL, whose
# data directory it reads: PORT_OFFSET and RUN_DIR as for scripts/run.sh. Exit status: 0 done,
# 2 refused (the problem is printed).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

case ${1:-} in
  "") ;;
  *) sed -n '2,14p' "$0"; [ "$1" = -h ] || [ "$1" = --help ] && exit 0; exit 64 ;;
esac
JAR=$(devstack_jar)
[ -f "$RUN_DIR/secrets/db-admin" ] || die "no secrets in $RUN_DIR/secrets: start the suite first (scripts/run.sh)"
[ "$(cat "$RUN_DIR/infra" 2>/dev/null)" != compose ] ||
  die "backup.sh reads devstack's data directory; with --compose PostgreSQL's data is in a Docker volume (use the image's pg_dump there)"
URL=${SPRING_DATASOURCE_URL:-$(pg_url)}
exec "$JAVA" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$JAR" backup --url "$URL" \
  --secrets "$RUN_DIR/secrets" --dir "${BACKUP_DIR:-$RUN_DIR/backups}" --keep "${BACKUP_KEEP:-7}"
