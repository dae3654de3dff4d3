#!/usr/bin/env bash
# make lint: the pre-commit hooks over every file (tools from .venv, no network needed).
source "$(dirname "$0")/common.sh"
check_system
find_odoo
ensure_venv
export PATH="$VENV/bin:$PATH"
cd "$ROOT"
exec pre-commit run --all-files --show-diff-on-failure
