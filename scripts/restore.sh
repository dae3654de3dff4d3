#!/usr/bin/env bash
# make restore FILE=archive DB=newname: verify every checksum of the archive, then restore
# it into the NEW database DB (an existing name is refused) and its filestore.
source "$(dirname "$0")/common.sh"
[ -n "${FILE:-}" ] || die "FILE=path/to/archive.hoabackup is needed"
[ -n "${DB:-}" ] || die "DB=name of the new database is needed"
bootstrap
say "Restoring $FILE into the new database $DB"
exec "$VENV/bin/python" "$ROOT/scripts/hoa_backup.py" restore --conf "$STATE/odoo.conf" \
    "$FILE" "$DB"
