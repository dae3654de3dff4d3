# shellcheck shell=bash
# Shared by the make targets (demo, test, stop, shell, lint). Source it; it does nothing by itself.
#
# Settings (all optional, all environment variables):
#   ODOO_SRC        an Odoo 18.0 Community checkout to use (default: the cache below)
#   HOA_CACHE       where a downloaded Odoo checkout is kept
#                   (default: ${XDG_CACHE_HOME:-$HOME/.cache}/hoa-suite)
#   PYTHON          the Python interpreter to build .venv with (3.10 to 3.12)
#   PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE
#                   the PostgreSQL server to use (standard libpq variables)
#   HOA_PORT        HTTP port of the demo server (default 8069)
#   HOA_DB          demo database name (default hoa_demo)

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/.hoa"            # git-ignored: logs, pid files, config, filestore
VENV="$ROOT/.venv"
HOA_CACHE="${HOA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hoa-suite}"
ODOO_DEFAULT_SRC="$HOA_CACHE/odoo-18.0"
ODOO_GIT_URL="${ODOO_GIT_URL:-https://github.com/odoo/odoo.git}"
HOA_PORT="${HOA_PORT:-8069}"
HOA_DB="${HOA_DB:-hoa_demo}"
HOA_MODULES_ALL="hoa_base,hoa_meters,hoa_billing,hoa_portal,hoa_voting"
HOA_LANGS="pl_PL,uk_UA"
mkdir -p "$STATE"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\033[31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

# --- 1. Python and system packages ---------------------------------------------------------
find_python() {
    local candidates=("${PYTHON:-}" python3.12 python3.11 python3.10 python3)
    local py
    for py in "${candidates[@]}"; do
        [ -n "$py" ] || continue
        command -v "$py" >/dev/null 2>&1 || continue
        if "$py" -c 'import sys; sys.exit(not ((3, 10) <= sys.version_info[:2] <= (3, 12)))' 2>/dev/null; then
            command -v "$py"
            return 0
        fi
    done
    return 1
}

pg_bin() {
    # PostgreSQL server binaries are not on PATH in Debian; look in the versioned folder too.
    local name=$1 dir
    if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return 0; fi
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$dir/$name" ] && { echo "$dir/$name"; return 0; }
    done
    return 1
}

check_system() {
    # $1: extra packages the caller needs (e.g. chromium for the browser tests)
    local extra=${1:-} missing=()
    PY=$(find_python) || {
        if is_root && command -v apt-get >/dev/null; then
            missing+=(python3 python3-venv python3-dev)
        else
            die "Python 3.10, 3.11 or 3.12 is needed (set PYTHON=/path/to/python3.x). On Debian/Ubuntu: sudo apt-get install -y python3 python3-venv python3-dev"
        fi
    }
    pg_bin psql >/dev/null || missing+=(postgresql-client)
    pg_bin initdb >/dev/null || missing+=(postgresql)
    command -v pg_config >/dev/null 2>&1 || [ -f /usr/include/postgresql/libpq-fe.h ] || missing+=(libpq-dev)
    [ -f /usr/include/ldap.h ] || missing+=(libldap2-dev)
    [ -f /usr/include/sasl/sasl.h ] || missing+=(libsasl2-dev)
    command -v wkhtmltopdf >/dev/null 2>&1 || missing+=(wkhtmltopdf)
    command -v git >/dev/null 2>&1 || missing+=(git)
    local pkg
    for pkg in $extra; do
        case $pkg in
            chromium) command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
                        || command -v google-chrome >/dev/null 2>&1 || missing+=(chromium) ;;
            *) command -v "$pkg" >/dev/null 2>&1 || missing+=("$pkg") ;;
        esac
    done
    if [ ${#missing[@]} -gt 0 ]; then
        if is_root && command -v apt-get >/dev/null 2>&1; then
            say "Installing missing system packages: ${missing[*]}"
            DEBIAN_FRONTEND=noninteractive apt-get update -q
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
            [ -n "${PY:-}" ] || PY=$(find_python) || die "Python 3.10 to 3.12 still not found."
        else
            die "Missing system packages. Run this, then run make again:
    sudo apt-get install -y ${missing[*]}"
        fi
    fi
}

# --- 2. Odoo 18.0 Community ------------------------------------------------------------------
odoo_series() {
    # prints e.g. "18.0" for the checkout in $1, without importing Odoo
    sed -n 's/^version_info = (\([0-9]*\), \([0-9]*\),.*/\1.\2/p' "$1/odoo/release.py" 2>/dev/null
}

find_odoo() {
    if [ -n "${ODOO_SRC:-}" ]; then
        [ -f "$ODOO_SRC/odoo-bin" ] || die "ODOO_SRC=$ODOO_SRC is not an Odoo checkout (no odoo-bin there)."
    elif [ -f "$ODOO_DEFAULT_SRC/odoo-bin" ]; then
        ODOO_SRC=$ODOO_DEFAULT_SRC
    else
        say "No Odoo checkout found; cloning the official 18.0 branch into $ODOO_DEFAULT_SRC"
        mkdir -p "$HOA_CACHE"
        rm -rf "$ODOO_DEFAULT_SRC.partial"
        git clone --depth 1 --branch 18.0 "$ODOO_GIT_URL" "$ODOO_DEFAULT_SRC.partial" \
            || die "Could not clone Odoo 18.0 from $ODOO_GIT_URL. Set ODOO_SRC to an existing Odoo 18.0 checkout."
        mv "$ODOO_DEFAULT_SRC.partial" "$ODOO_DEFAULT_SRC"
        ODOO_SRC=$ODOO_DEFAULT_SRC
    fi
    ODOO_SRC=$(cd "$ODOO_SRC" && pwd)
    local series
    series=$(odoo_series "$ODOO_SRC")
    [ "$series" = "18.0" ] || die "The Odoo checkout in $ODOO_SRC is version '${series:-unknown}', not 18.0. hoa-suite needs Odoo 18.0 Community: point ODOO_SRC at an 18.0 checkout."
    [ -d "$ODOO_SRC/addons/account" ] || die "The Odoo checkout in $ODOO_SRC has no addons/account: a full Community checkout is needed."
    export ODOO_SRC
}

# --- 3. The virtual environment --------------------------------------------------------------
venv_fingerprint() {
    {
        "$PY" -c 'import sys; print(sys.version)'
        echo "$ODOO_SRC"
        cat "$ODOO_SRC/requirements.txt" "$ROOT/requirements.txt" "$ROOT/requirements-dev.txt" \
            "$ROOT/scripts/build-constraints.txt"
    } | sha256sum | cut -d' ' -f1
}

ensure_venv() {
    local want have=""
    want=$(venv_fingerprint)
    [ -f "$VENV/.hoa-fingerprint" ] && have=$(cat "$VENV/.hoa-fingerprint")
    if [ "$want" = "$have" ] && [ -x "$VENV/bin/python" ]; then
        say "Python environment .venv is up to date"
        return 0
    fi
    say "Building the Python environment in .venv (Odoo's pinned requirements, then ours)"
    [ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
    local pip=("$VENV/bin/python" -m pip --disable-pip-version-check -q)
    # Old sdists pinned by Odoo import pkg_resources at build time: build them with setuptools<70.
    export PIP_CONSTRAINT="$ROOT/scripts/build-constraints.txt"
    "${pip[@]}" install -r "$ODOO_SRC/requirements.txt"
    # compat editable mode keeps `import odoo` working once odoo-addon-* wheels add to the
    # odoo.addons namespace.
    "${pip[@]}" install --no-deps -e "$ODOO_SRC" --config-settings editable_mode=compat
    unset PIP_CONSTRAINT
    # Odoo's requirements as constraints: our packages may not move Odoo's pins.
    "${pip[@]}" install -c "$ODOO_SRC/requirements.txt" -r "$ROOT/requirements.txt" -r "$ROOT/requirements-dev.txt"
    echo "$want" > "$VENV/.hoa-fingerprint"
}

# --- 4. PostgreSQL ---------------------------------------------------------------------------
PGLOCAL_DATA="$ROOT/.pgdata"
PGLOCAL_SOCK="$ROOT/.pgrun"

pg_answers() { "$(pg_bin pg_isready)" -q "$@" >/dev/null 2>&1; }

as_pg_owner() {
    # PostgreSQL refuses to run as root: run the local cluster as the 'postgres' system user then.
    if is_root; then
        local owner=postgres
        id "$owner" >/dev/null 2>&1 || owner=nobody
        runuser -u "$owner" -- "$@"
    else
        "$@"
    fi
}

ensure_postgres() {
    if [ -n "${PGHOST:-}${PGPORT:-}${PGUSER:-}${PGDATABASE:-}" ]; then
        pg_answers || die "No PostgreSQL server answers at the server named by the PG* variables (PGHOST=${PGHOST:-} PGPORT=${PGPORT:-})."
        say "PostgreSQL: using the server named by PG* variables"
    elif [ ! -d "$PGLOCAL_DATA" ] && pg_answers; then
        say "PostgreSQL: using the local server on the default socket"
    else
        local user
        user=$(id -un)
        export PGHOST="$PGLOCAL_SOCK" PGUSER="$user"
        if [ ! -f "$PGLOCAL_DATA/PG_VERSION" ]; then
            say "PostgreSQL: creating a project-local cluster in .pgdata (unix socket in .pgrun only)"
            mkdir -p "$PGLOCAL_DATA" "$PGLOCAL_SOCK"
            is_root && chown "$(as_pg_owner id -u):$(as_pg_owner id -g)" "$PGLOCAL_DATA" "$PGLOCAL_SOCK"
            as_pg_owner "$(pg_bin initdb)" -D "$PGLOCAL_DATA" -U "$user" --auth=trust -E UTF8 \
                --locale=C.UTF-8 >"$STATE/initdb.log" 2>&1 || die "initdb failed, see $STATE/initdb.log"
        fi
        if ! pg_answers; then
            say "PostgreSQL: starting the project-local cluster"
            as_pg_owner "$(pg_bin pg_ctl)" -D "$PGLOCAL_DATA" -l "$PGLOCAL_DATA/server.log" -w \
                -o "-c listen_addresses='' -k $PGLOCAL_SOCK" start >/dev/null \
                || die "The local PostgreSQL cluster did not start, see .pgdata/server.log"
        fi
    fi
    # the role Odoo connects as must be allowed to create databases
    psql_q -d postgres -c 'select 1' >/dev/null || die "Cannot connect to PostgreSQL as $(pg_user)."
}

pg_user() { echo "${PGUSER:-$(id -un)}"; }
psql_q() { "$(pg_bin psql)" -X -q -t -A "$@"; }
db_exists() { [ "$(psql_q -d postgres -c "select 1 from pg_database where datname = '$1'")" = 1 ]; }

# --- Odoo configuration and commands ---------------------------------------------------------
write_odoo_conf() {
    local site
    site=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    cat > "$STATE/odoo.conf" <<EOF
[options]
addons_path = $ROOT/addons,$ODOO_SRC/addons,$ODOO_SRC/odoo/addons,$site/odoo/addons
data_dir = $STATE/data
admin_passwd = ${HOA_MASTER_PASSWORD:-admin}
http_interface = 127.0.0.1
EOF
}

odoo_bin() { "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$STATE/odoo.conf" "$@"; }

bootstrap() {
    check_system "${1:-}"
    find_odoo
    ensure_venv
    ensure_postgres
    write_odoo_conf
}

stop_server() {
    local pidfile="$STATE/odoo.pid" pid
    [ -f "$pidfile" ] || return 0
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
        say "Stopping Odoo (pid $pid)"
        kill "$pid"
        for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    fi
    rm -f "$pidfile"
}

wait_http() {
    # $1 url, $2 timeout seconds
    local url=$1 timeout=${2:-120} i
    for i in $(seq 1 "$timeout"); do
        if "$VENV/bin/python" - "$url" <<'PY' 2>/dev/null; then return 0; fi
import sys, urllib.request
urllib.request.urlopen(sys.argv[1], timeout=5).read()
PY
        sleep 1
    done
    return 1
}

addons_fingerprint() {
    (cd "$ROOT" && find addons -type f ! -name '*.pyc' -print0 | sort -z | xargs -0 sha256sum) \
        | sha256sum | cut -d' ' -f1
}
