#!/usr/bin/env bash
# make test [MODULES=hoa_billing]: every test, on a fresh throw-away database.
#  1. all hoa modules (or MODULES and what they depend on) installed with --test-enable:
#     at_install and post_install tests, browser tours in headless Chromium;
#  2. the cross-module tests in tests/ (pytest) against an Odoo server on that database
#     (only when all modules are tested).
# Fails on any failed or erroring test and on any ERROR or CRITICAL line in Odoo's log.
# The last line reads "N passed, N failed[, N skipped]".
source "$(dirname "$0")/common.sh"

bootstrap chromium

MODULES="${MODULES:-$HOA_MODULES_ALL}"
MODULES="${MODULES// /}"
TEST_DB="${HOA_TEST_DB:-hoa_test}"
TEST_PORT="${HOA_TEST_PORT:-8169}"
E2E_PORT="${HOA_E2E_PORT:-8269}"
LOG="$STATE/test-odoo.log"
JUNIT="$STATE/test-e2e.xml"
rm -f "$LOG" "$JUNIT"

tags=""
for m in ${MODULES//,/ }; do
    [ -d "$ROOT/addons/$m" ] || die "MODULES: no module '$m' in addons/"
    tags="${tags:+$tags,}/$m"
done

if db_exists "$TEST_DB"; then
    "$(pg_bin dropdb)" --force "$TEST_DB"
fi
rm -rf "$STATE/data/filestore/$TEST_DB"

say "Installing $MODULES on a fresh database '$TEST_DB' and running their tests (log: .hoa/test-odoo.log)"
set +e
odoo_bin -d "$TEST_DB" -i "$MODULES" --load-language="$HOA_LANGS" --test-enable \
    --test-tags="$tags" --stop-after-init --http-port="$TEST_PORT" --max-cron-threads=0 \
    --log-level=info 2>&1 | tee "$LOG" | grep --line-buffered -E " (ERROR|CRITICAL|WARNING) |odoo.tests.result|odoo.tests.stats|post-tests in|: Starting |FAIL: |ERROR: " \
    | cut -c1-300
odoo_rc=${PIPESTATUS[0]}
set -e

pytest_rc=0
if [ "$MODULES" = "$HOA_MODULES_ALL" ] && [ "$odoo_rc" = 0 ] && [ -z "${HOA_SKIP_E2E:-}" ]; then
    say "Running the cross-module tests in tests/ against a server on '$TEST_DB'"
    set +e
    HOA_TEST_DB="$TEST_DB" HOA_E2E_PORT="$E2E_PORT" HOA_ODOO_CONF="$STATE/odoo.conf" \
        "$VENV/bin/python" -m pytest -p no:cacheprovider -q "$ROOT/tests" --junitxml="$JUNIT"
    pytest_rc=$?
    set -e
fi

exec "$VENV/bin/python" "$ROOT/scripts/test_summary.py" "$LOG" "$JUNIT" "$odoo_rc" "$pytest_rc"
