#!/bin/sh
# Nightly backup of Aula's central server (aula-server-backup.service, run by its timer).
# `aula-server backup FILE` writes a consistent copy (SQLite online backup, or pg_dump -Fc for
# PostgreSQL); backups older than AULA_SERVER_BACKUP_KEEP_DAYS days are deleted afterwards,
# and only when the new one was written. Restore: docs/admin.md, paso 7.
set -eu
dir=${AULA_SERVER_BACKUP_DIR:-/var/backups/aula-server}
keep=${AULA_SERVER_BACKUP_KEEP_DAYS:-30}
file="$dir/aula-server-$(date +%Y%m%d-%H%M%S).backup"
mkdir -p "$dir"
/opt/aula-server/venv/bin/aula-server backup "$file"
[ -s "$file" ] || { echo "aula-server-backup: $file is empty" >&2; exit 1; }
find "$dir" -maxdepth 1 -name 'aula-server-*.backup' -type f -mtime +"$keep" -delete
echo "aula-server-backup: $file ($(du -h "$file" | cut -f1))"
