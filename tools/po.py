"""Small .po helper for translators: list untranslated entries, or fill them from a JSON dict.

    python tools/po.py missing src/spets/locale/sv/LC_MESSAGES/django.po
    python tools/po.py fill src/spets/locale/sv/LC_MESSAGES/django.po translations.json

`missing` prints one JSON value a line: the msgid, or [msgid, msgid_plural] for a plural entry.
The JSON for `fill` maps msgid to msgstr; for a plural entry the value is a list with one string
per plural form (Swedish: [singular, plural]). Filling an entry drops its fuzzy flag and the
"#|" previous-msgid lines, and refuses a translation whose placeholders differ from the source.
"""

from __future__ import annotations

import json
import re
import sys

STR = r'(?:"(?:[^"\\]|\\.)*"\n?)+'
ENTRY = re.compile(
    rf"((?:#[^\n]*\n)*)(?:msgctxt ({STR}))?msgid ({STR})(?:msgid_plural ({STR}))?((?:msgstr(?:\[\d+\])? {STR})+)"
)
CONTEXT_SEPARATOR = "\x04"  # gettext's key for an entry with a context: context + \x04 + msgid
MSGSTR = re.compile(rf"msgstr(?:\[\d+\])? ({STR})")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


def _unquote(block: str) -> str:
    return "".join(json.loads(line) for line in block.strip().splitlines())


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False) + "\n"


def _fuzzy(comments: str) -> bool:
    return any(
        line.startswith("#,") and "fuzzy" in line[2:].replace(" ", "").split(",")
        for line in comments.splitlines()
    )


def _unfuzzy(comments: str) -> str:
    kept = []
    for line in comments.splitlines():
        if line.startswith("#|"):
            continue
        if line.startswith("#,"):
            flags = [flag for flag in line[2:].replace(" ", "").split(",") if flag and flag != "fuzzy"]
            if not flags:
                continue
            line = "#, " + ", ".join(flags)
        kept.append(line + "\n")
    return "".join(kept)


def entries(text: str):
    """(match, msgid, msgid_plural or None, [msgstr, ...], fuzzy) for each entry."""
    for match in ENTRY.finditer(text):
        plural = _unquote(match.group(4)) if match.group(4) else None
        msgstrs = [_unquote(block) for block in MSGSTR.findall(match.group(5))]
        yield match, _key(match), plural, msgstrs, _fuzzy(match.group(1))


def _key(match) -> str:
    msgid = _unquote(match.group(3))
    return _unquote(match.group(2)) + CONTEXT_SEPARATOR + msgid if match.group(2) else msgid


def untranslated(path: str) -> list[tuple[str, str | None]]:
    text = open(path, encoding="utf-8").read()
    return [
        (msgid, plural)
        for _, msgid, plural, msgstrs, fuzzy in entries(text)
        if msgid and (not all(msgstrs) or fuzzy)
    ]


def missing(path: str) -> list[str]:
    return [msgid for msgid, _ in untranslated(path)]


def _check(source: str, translation: str) -> None:
    if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translation)):
        raise ValueError(f"placeholders differ: {source!r} -> {translation!r}")


def fill(path: str, translations: dict[str, str | list[str]]) -> int:
    text = open(path, encoding="utf-8").read()
    count = 0

    def replace(match):
        nonlocal count
        key, msgid = _key(match), _unquote(match.group(3))
        msgstrs = [_unquote(block) for block in MSGSTR.findall(match.group(5))]
        if key not in translations or (all(msgstrs) and not _fuzzy(match.group(1))):
            return match.group(0)
        value = translations[key]
        if match.group(4):  # plural entry: one string per msgstr[n]
            if not isinstance(value, list) or len(value) != len(msgstrs):
                raise ValueError(f"{msgid!r} needs a list of {len(msgstrs)} plural forms")
            plural = _unquote(match.group(4))
            for n, form in enumerate(value):
                _check(msgid if n == 0 else plural, form)
            body = f"msgid_plural {match.group(4)}" + "".join(
                f"msgstr[{n}] {_quote(form)}" for n, form in enumerate(value)
            )
        else:
            if not isinstance(value, str):
                raise ValueError(f"{msgid!r} is not a plural entry: give one string")
            _check(msgid, value)
            body = f"msgstr {_quote(value)}"
        count += 1
        context = f"msgctxt {match.group(2)}" if match.group(2) else ""
        return f"{_unfuzzy(match.group(1))}{context}msgid {match.group(3)}{body}"

    text = ENTRY.sub(replace, text)
    open(path, "w", encoding="utf-8").write(text)
    return count


if __name__ == "__main__":
    if sys.argv[1] == "missing":
        for msgid, plural in untranslated(sys.argv[2]):
            print(json.dumps(msgid if plural is None else [msgid, plural], ensure_ascii=False))
    else:
        print(fill(sys.argv[2], json.load(open(sys.argv[3], encoding="utf-8"))), "filled")
