#!/usr/bin/env bash
# make stop: stop what make demo started (the Odoo server and, if it started one, the local
# PostgreSQL cluster).
source "$(dirname "$0")/common.sh"
stop_server
if [ -f "$PGLOCAL_DATA/postmaster.pid" ]; then
    say "Stopping the project-local PostgreSQL cluster"
    as_pg_owner "$(pg_bin pg_ctl)" -D "$PGLOCAL_DATA" -m fast stop >/dev/null
fi
say "Stopped"
