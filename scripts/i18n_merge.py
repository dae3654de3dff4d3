"""Merge a module's .pot into pl.po and uk.po, keeping translations; list gaps.

Run: .venv/bin/python scripts/i18n_merge.py addons/<module>
     .venv/bin/python scripts/i18n_merge.py --check   (every addon; run by make lint)
Exits 1 and prints the untranslated msgids when a language file is incomplete.
"""

import sys
from pathlib import Path

import polib

LANGS = {
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20)"
    " ? 1 : 2);",
    "uk": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
}


def check(module):
    module = Path(module)
    pot_path = module / "i18n" / f"{module.name}.pot"
    if not pot_path.exists():
        return 0
    msgids = {entry.msgid for entry in polib.pofile(str(pot_path))}
    missing = 0
    for lang in LANGS:
        path = module / "i18n" / f"{lang}.po"
        done = set()
        if path.exists():
            entries = polib.pofile(str(path))
            done = {entry.msgid for entry in entries if entry.msgstr}
            seen = set()
            for entry in entries:  # a merge of two branches can define one twice
                key = (entry.msgctxt, entry.msgid)
                if key in seen:
                    missing += 1
                    print(f"{path}: defined twice: {entry.msgid!r}")
                seen.add(key)
        for msgid in sorted(msgids - done):
            missing += 1
            print(f"{path}: untranslated: {msgid!r}")
    return 1 if missing else 0


def merge(module):
    module = Path(module)
    pot = polib.pofile(str(module / "i18n" / f"{module.name}.pot"))
    missing = 0
    for lang, plural in LANGS.items():
        path = module / "i18n" / f"{lang}.po"
        old = polib.pofile(str(path)) if path.exists() else polib.POFile()
        known = {entry.msgid: entry.msgstr for entry in old if entry.msgstr}
        new = polib.POFile(wrapwidth=78)
        new.metadata = dict(pot.metadata)
        new.metadata.update(
            {
                "Language": lang,
                "Plural-Forms": plural,
                "Content-Transfer-Encoding": "8bit",
            }
        )
        for entry in pot:
            copy = polib.POEntry(
                msgid=entry.msgid,
                msgstr=known.get(entry.msgid, ""),
                occurrences=entry.occurrences,
                comment=entry.comment,
                flags=entry.flags,
            )
            new.append(copy)
            if not copy.msgstr:
                missing += 1
                print(f"{path}: untranslated: {entry.msgid!r}")
        new.save(str(path))
    return 1 if missing else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--check"]:
        root = Path(__file__).resolve().parent.parent
        addons = sorted(p.parent for p in root.glob("addons/*/__manifest__.py"))
        sys.exit(max(check(addon) for addon in addons))
    sys.exit(max(merge(module) for module in sys.argv[1:]))
