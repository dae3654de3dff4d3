"""Summarise a `make test` run: Odoo's test log plus pytest's JUnit file.

Prints every ERROR/CRITICAL line of Odoo's log, then, as the very last line,
``N passed, N failed[, N skipped]``. Exits non-zero when anything failed, errored,
was logged at ERROR/CRITICAL level, or when a runner exited non-zero without a report.
"""

import os
import re
import sys
import xml.etree.ElementTree as ET

LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (\w+) ")
RESULT = re.compile(
    r"odoo\.tests\.result: (\d+) failed, (\d+) error\(s\) of (\d+) tests"
)
SKIPPED = re.compile(r" INFO \S+ \S+: skipped ")


def odoo_figures(path):
    failed = errors = total = skipped = 0
    bad_lines = []
    found = False
    if not os.path.exists(path):
        return None, [f"no Odoo log at {path}"]
    with open(path, encoding="utf-8", errors="replace") as log:
        for line in log:
            match = LOG_LINE.match(line)
            if match and match.group(1) in ("ERROR", "CRITICAL"):
                bad_lines.append(line.rstrip())
            match = RESULT.search(line)
            if match:
                found = True
                failed, errors, total = map(int, match.groups())
            if SKIPPED.search(line):
                skipped += 1
    if not found:
        return None, bad_lines or ["Odoo printed no test result line"]
    return (total - failed - errors - skipped, failed + errors, skipped), bad_lines


def junit_figures(path):
    if not os.path.exists(path):
        return (0, 0, 0)
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    total = failed = skipped = 0
    for suite in suites:
        total += int(suite.get("tests", 0))
        failed += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skipped += int(suite.get("skipped", 0))
    return (total - failed - skipped, failed, skipped)


def main(log_path, junit_path, odoo_rc, pytest_rc):
    odoo, bad_lines = odoo_figures(log_path)
    e2e = junit_figures(junit_path)
    passed, failed, skipped = (0, 0, 0) if odoo is None else odoo
    passed += e2e[0]
    failed += e2e[1]
    skipped += e2e[2]
    problems = []
    if odoo is None:
        problems.append("Odoo's tests did not complete")
        failed = max(failed, 1)
    if bad_lines:
        problems.append(f"{len(bad_lines)} ERROR/CRITICAL line(s) in Odoo's log")
    if int(odoo_rc) and not failed:
        problems.append(f"Odoo exited with status {odoo_rc}")
    if int(pytest_rc) and not e2e[1]:
        problems.append(f"pytest exited with status {pytest_rc}")
    if bad_lines:
        print("\nERROR/CRITICAL lines in Odoo's log:")
        for line in bad_lines[:50]:
            print("  " + line[:400])
    for problem in problems:
        print("FAILED: " + problem)
    summary = f"{passed} passed, {failed} failed"
    if skipped:
        summary += f", {skipped} skipped"
    print(summary)
    return 1 if (failed or problems) else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
