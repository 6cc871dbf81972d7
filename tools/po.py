"""Small .po helper for translators: list untranslated entries, or fill them from a JSON dict.

    python tools/po.py missing src/spets/locale/sv/LC_MESSAGES/django.po
    python tools/po.py fill src/spets/locale/sv/LC_MESSAGES/django.po translations.json
"""

from __future__ import annotations

import json
import re
import sys

ENTRY = re.compile(r'((?:#[^\n]*\n)*)msgid ((?:"(?:[^"\\]|\\.)*"\n?)+)msgstr ((?:"(?:[^"\\]|\\.)*"\n?)+)')


def _unquote(block: str) -> str:
    return "".join(json.loads(line) for line in block.strip().splitlines())


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False) + "\n"


def entries(text: str):
    for match in ENTRY.finditer(text):
        yield match, _unquote(match.group(2)), _unquote(match.group(3)), "fuzzy" in match.group(1)


def missing(path: str) -> list[str]:
    text = open(path, encoding="utf-8").read()
    return [msgid for _, msgid, msgstr, fuzzy in entries(text) if msgid and (not msgstr or fuzzy)]


def fill(path: str, translations: dict[str, str]) -> int:
    text = open(path, encoding="utf-8").read()
    count = 0

    def replace(match):
        nonlocal count
        comments, msgid = match.group(1), _unquote(match.group(2))
        if msgid in translations and (not _unquote(match.group(3)) or "fuzzy" in comments):
            count += 1
            comments = "".join(line + "\n" for line in comments.splitlines() if "fuzzy" not in line)
            return f"{comments}msgid {match.group(2)}msgstr {_quote(translations[msgid])}"
        return match.group(0)

    text = ENTRY.sub(replace, text)
    open(path, "w", encoding="utf-8").write(text)
    return count


if __name__ == "__main__":
    if sys.argv[1] == "missing":
        for msgid in missing(sys.argv[2]):
            print(json.dumps(msgid, ensure_ascii=False))
    else:
        print(fill(sys.argv[2], json.load(open(sys.argv[3], encoding="utf-8"))), "filled")
