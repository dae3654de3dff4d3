"""Write each addon's README.rst from its readme/*.md fragments (OCA layout).

Run: .venv/bin/python scripts/gen_readme.py  (make lint checks the result is current)
"""

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = [
    ("DESCRIPTION.md", None),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
    ("ROADMAP.md", "Known issues / Roadmap"),
    ("CONTRIBUTORS.md", "Contributors"),
]


def md_to_rst(text):
    lines = []
    for line in text.strip().splitlines():
        heading = re.match(r"^(#+)\s+(.*)$", line)
        if heading:
            title = heading.group(2)
            lines += [title, "~" * len(title)]
            continue
        line = re.sub(r"(?<!`)`([^`]+)`(?!`)", r"``\1``", line)
        lines.append(line)
    return "\n".join(lines)


def render(addon):
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
    title = manifest["name"]
    out = ["=" * len(title), title, "=" * len(title), ""]
    out += [
        f"|license| Version {manifest['version']}",
        "",
        ".. |license| image:: https://img.shields.io/badge/licence-LGPL--3-blue.png",
        "    :target: http://www.gnu.org/licenses/lgpl-3.0-standalone.html",
        "    :alt: License: LGPL-3",
        "",
    ]
    for filename, heading in SECTIONS:
        fragment = addon / "readme" / filename
        if not fragment.exists():
            continue
        if heading:
            out += [heading, "=" * len(heading), ""]
        out += [md_to_rst(fragment.read_text()), ""]
    out += [
        "Maintainers",
        "===========",
        "",
        f"This module is part of {manifest['author']}.",
    ]
    return "\n".join(out) + "\n"


def main(check=False):
    stale = []
    for manifest in sorted(ROOT.glob("addons/*/__manifest__.py")):
        addon = manifest.parent
        target = addon / "README.rst"
        content = render(addon)
        if not target.exists() or target.read_text() != content:
            stale.append(str(target.relative_to(ROOT)))
            if not check:
                target.write_text(content)
    if check and stale:
        print("README.rst out of date (run scripts/gen_readme.py):", *stale)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(check="--check" in sys.argv))
