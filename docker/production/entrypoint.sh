#!/bin/bash
# Production entrypoint: writes the Odoo configuration with the master password taken
# from the Docker secret (never from the image or the compose file), then hands over to
# the official image's entrypoint (which reads the database password from PASSWORD_FILE).
set -euo pipefail
conf=/tmp/odoo.conf
cp /etc/odoo/production.conf "$conf"
secret=${ODOO_MASTER_PASSWORD_FILE:-/run/secrets/odoo_master_password}
if [ ! -s "$secret" ]; then
    echo "ERROR: no master password in $secret (the odoo_master_password secret)" >&2
    exit 1
fi
printf 'admin_passwd = %s\n' "$(head -n1 "$secret")" > "$conf.secret"
sed -i "/^\[options\]/r $conf.secret" "$conf"
rm -f "$conf.secret"
if [ -n "${ODOO_DBFILTER:-}" ]; then
    sed -i "s|^dbfilter = .*|dbfilter = ${ODOO_DBFILTER}|" "$conf"
fi
if [ -n "${ODOO_WORKERS:-}" ]; then
    sed -i "s|^workers = .*|workers = ${ODOO_WORKERS}|" "$conf"
fi
chmod 600 "$conf"
export ODOO_RC=$conf
exec /entrypoint.sh "$@"
