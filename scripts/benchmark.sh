#!/usr/bin/env bash
# make benchmark BENCH=name: run benchmarks/<name>.py in the project's environment.
source "$(dirname "$0")/common.sh"
bench="${1:-}"
[ -n "$bench" ] && [ -f "$ROOT/benchmarks/$bench.py" ] \
    || die "Name a benchmark: make benchmark BENCH=<one of: $(cd "$ROOT/benchmarks" && ls ./*.py | xargs -n1 basename | sed 's/\.py$//' | tr '\n' ' ')>"
bootstrap
exec "$VENV/bin/python" "$ROOT/benchmarks/$bench.py"
