"""Translator's helper on top of polib: list untranslated entries, or fill them from a JSON dict.

    python tools/po.py missing src/spets/locale/sv/LC_MESSAGES/django.po
    python tools/po.py fill src/spets/locale/sv/LC_MESSAGES/django.po translations.json

`missing` prints one JSON value a line: the msgid (prefixed by "context\\x04" for an entry with a context),
or [msgid, msgid_plural] for a plural entry. The JSON for `fill` maps that key to the msgstr; for a plural
entry the value is a list with one string per plural form (Swedish: [singular, plural]). What polib does
not do is kept here: filling drops the fuzzy flag and the previous msgid, and refuses a translation whose
placeholders differ from the source. Then run `msgfmt` (see CONTRIBUTING.md).
"""

from __future__ import annotations

import json
import re
import sys

import polib

CONTEXT_SEPARATOR = "\x04"  # gettext's key for an entry with a context: context + \x04 + msgid
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


def _key(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}{CONTEXT_SEPARATOR}{entry.msgid}" if entry.msgctxt else entry.msgid


def _open(path: str) -> polib.POFile:
    return polib.pofile(path, wrapwidth=0)


def _todo(catalog: polib.POFile) -> list[polib.POEntry]:
    return [e for e in catalog if not e.obsolete and e.msgid and (e.fuzzy or not e.translated())]


def untranslated(path: str) -> list[tuple[str, str | None]]:
    """(key, msgid_plural or None) of every empty or fuzzy entry."""
    return [(_key(e), e.msgid_plural or None) for e in _todo(_open(path))]


def missing(path: str) -> list[str]:
    return [key for key, _plural in untranslated(path)]


def _check(source: str, translation: str) -> None:
    if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translation)):
        raise ValueError(f"placeholders differ: {source!r} -> {translation!r}")


def fill(path: str, translations: dict[str, str | list[str]]) -> int:
    """Write the translations of untranslated entries; all or nothing. Returns how many were filled."""
    catalog = _open(path)
    filled = 0
    for entry in _todo(catalog):
        value = translations.get(_key(entry))
        if value is None:
            continue
        if entry.msgid_plural:
            if not isinstance(value, list):
                raise ValueError(f"{entry.msgid!r} is a plural entry: give a list of plural forms")
            for i, form in enumerate(value):
                _check(entry.msgid_plural if i else entry.msgid, form)
            entry.msgstr_plural = dict(enumerate(value))
        else:
            if not isinstance(value, str):
                raise ValueError(f"{entry.msgid!r} takes one string")
            _check(entry.msgid, value)
            entry.msgstr = value
        if entry.fuzzy:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        filled += 1
    catalog.save(path)
    return filled


if __name__ == "__main__":
    command, po_path = sys.argv[1], sys.argv[2]
    if command == "missing":
        for key, plural in untranslated(po_path):
            print(json.dumps([key, plural] if plural else key, ensure_ascii=False))
    elif command == "fill":
        with open(sys.argv[3], encoding="utf-8") as f:
            print(f"filled {fill(po_path, json.load(f))} entries")
    else:
        sys.exit("usage: python tools/po.py missing|fill PO [JSON]")
