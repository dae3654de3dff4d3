#!/usr/bin/env bash
# make backup [DB=name[,name...]]: one archive per database (pg_dump custom format,
# filestore, manifest with checksums) in $HOA_BACKUP_DIR (default .hoa/backups).
# Without DB: every Odoo database of the PostgreSQL server.
source "$(dirname "$0")/common.sh"
bootstrap
BACKUP_DIR="${HOA_BACKUP_DIR:-$STATE/backups}"
dbs=()
[ -n "${DB:-}" ] && IFS=, read -r -a dbs <<< "${DB// /}"
say "Backing up ${DB:-every Odoo database} into $BACKUP_DIR"
exec "$VENV/bin/python" "$ROOT/scripts/hoa_backup.py" backup --conf "$STATE/odoo.conf" \
    --dir "$BACKUP_DIR" "${dbs[@]}"
