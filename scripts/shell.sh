#!/usr/bin/env bash
# make shell: odoo shell on the demo database.
source "$(dirname "$0")/common.sh"
bootstrap
exec "$VENV/bin/python" "$ODOO_SRC/odoo-bin" shell -c "$STATE/odoo.conf" -d "$HOA_DB" --no-http
