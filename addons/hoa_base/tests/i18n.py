"""Check that every user-facing string of a module ships in Polish and Ukrainian.

The terms come from Odoo's own exporter run on the installed module (so a string
added in code but missing from the .pot is caught too), then are looked up in
i18n/pl.po and uk.po.
"""

from pathlib import Path

import polib

from odoo.modules.module import get_module_path
from odoo.tools.translate import TranslationModuleReader

LANGS = ("pl", "uk")


def untranslated_terms(env, module):
    reader = TranslationModuleReader(env.cr, modules=[module])
    terms = {row[4] for row in reader if row[0] == module and row[4] and row[4].strip()}
    missing = {}
    for lang in LANGS:
        path = Path(get_module_path(module)) / "i18n" / f"{lang}.po"
        done = set()
        if path.exists():
            done = {entry.msgid for entry in polib.pofile(str(path)) if entry.msgstr}
        missing[lang] = sorted(terms - done)
    return terms, missing
