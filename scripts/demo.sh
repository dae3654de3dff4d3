#!/usr/bin/env bash
# make demo: prepare everything, create or update the demo database, start Odoo.
source "$(dirname "$0")/common.sh"

bootstrap
stop_server

stamp="$STATE/$HOA_DB.addons-fingerprint"
want=$(addons_fingerprint)
if ! db_exists "$HOA_DB"; then
    say "Creating database $HOA_DB with every hoa module, demo data, Polish and Ukrainian"
    odoo_bin -d "$HOA_DB" -i "$HOA_MODULES_ALL" --load-language="$HOA_LANGS" \
        --stop-after-init --logfile="$STATE/demo-install.log" \
        || die "Installing the modules failed, see $STATE/demo-install.log"
    echo "$want" > "$stamp"
elif [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "Updating database $HOA_DB (the addons changed since it was last updated)"
    odoo_bin -d "$HOA_DB" -i "$HOA_MODULES_ALL" -u "$HOA_MODULES_ALL" --load-language="$HOA_LANGS" \
        --stop-after-init --logfile="$STATE/demo-install.log" \
        || die "Updating the modules failed, see $STATE/demo-install.log"
    echo "$want" > "$stamp"
else
    say "Database $HOA_DB is up to date"
fi

say "Starting Odoo on http://127.0.0.1:$HOA_PORT"
nohup "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$STATE/odoo.conf" -d "$HOA_DB" \
    --db-filter="^$HOA_DB\$" --http-port="$HOA_PORT" --logfile="$STATE/odoo.log" \
    >/dev/null 2>&1 &
echo $! > "$STATE/odoo.pid"
wait_http "http://127.0.0.1:$HOA_PORT/web/login" 120 \
    || die "Odoo did not answer within 120 s, see $STATE/odoo.log"

cat <<MSG

  hoa-suite is running: http://127.0.0.1:$HOA_PORT   (log: .hoa/odoo.log, stop: make stop)

  Demo logins (login / password):
    administrator        admin / admin
    office accountant    accountant / accountant
    community manager    manager / manager
    caretaker            caretaker / caretaker
    board member         board / board
    resident (portal)    resident / resident

MSG
