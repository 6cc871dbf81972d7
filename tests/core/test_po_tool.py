"""tools/po.py: the translator's helper lists and fills plain and plural entries, and checks placeholders."""

import shutil
import subprocess

import pytest

from tools.po import fill, missing, untranslated

CATALOG = r"""msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

#: companies/models.py:1
msgid "Done"
msgstr "Klar"

#: companies/models.py:2
msgid "referral"
msgstr ""

#: companies/templates/companies/_results.html:2
#, fuzzy, python-format
#| msgid "parent company"
msgid "%(counter)s company"
msgid_plural "%(counter)s companies"
msgstr[0] "moderbolag"
msgstr[1] "moderbolag"

#: companies/templates/companies/io/preview.html:16
#, python-format
msgid ""
"%(n)s row is rejected, so the file cannot be imported as it is. Fix the file "
"and upload it again."
msgid_plural ""
"%(n)s rows are rejected, so the file cannot be imported as it is. Fix the "
"file and upload it again."
msgstr[0] ""
msgstr[1] ""
"""

RAD = "%(n)s rad är avvisad, så filen kan inte importeras som den är. Rätta filen och ladda upp den igen."
RADER = (
    "%(n)s rader är avvisade, så filen kan inte importeras som den är. Rätta filen och ladda upp den igen."
)


@pytest.fixture
def po(tmp_path):
    path = tmp_path / "django.po"
    path.write_text(CATALOG, encoding="utf-8")
    return path


def test_missing_lists_empty_fuzzy_and_plural_entries(po):
    assert untranslated(str(po)) == [
        ("referral", None),
        ("%(counter)s company", "%(counter)s companies"),
        (
            "%(n)s row is rejected, so the file cannot be imported as it is. "
            "Fix the file and upload it again.",
            "%(n)s rows are rejected, so the file cannot be imported as it is. "
            "Fix the file and upload it again.",
        ),
    ]
    assert "Done" not in missing(str(po))


def test_fill_writes_both_plural_forms_and_drops_only_the_fuzzy_flag(po):
    rejected = (
        "%(n)s row is rejected, so the file cannot be imported as it is. Fix the file and upload it again."
    )
    count = fill(
        str(po),
        {
            "referral": "överlämning",
            "%(counter)s company": ["%(counter)s företag", "%(counter)s företag"],
            rejected: [RAD, RADER],
        },
    )
    assert count == 3
    text = po.read_text(encoding="utf-8")
    assert missing(str(po)) == []
    assert 'msgstr "överlämning"' in text
    assert f'msgstr[0] "{RAD}"\nmsgstr[1] "{RADER}"' in text
    assert "fuzzy" not in text and "#|" not in text
    assert text.count("#, python-format") == 2  # the fuzzy entry keeps its format flag
    assert 'msgstr "Klar"' in text  # translated entries are left alone
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "--check", "-o", str(po.with_suffix(".mo")), str(po)], check=True)


def test_fill_refuses_a_plural_entry_without_its_list_of_forms(po):
    with pytest.raises(ValueError, match="plural forms"):
        fill(str(po), {"%(counter)s company": "%(counter)s företag"})
    with pytest.raises(ValueError, match="one string"):
        fill(str(po), {"referral": ["överlämning", "överlämningar"]})


def test_fill_refuses_a_translation_that_loses_a_placeholder(po):
    with pytest.raises(ValueError, match="placeholders differ"):
        fill(str(po), {"%(counter)s company": ["ett företag", "%(count)s företag"]})
    assert "moderbolag" in po.read_text(encoding="utf-8")  # nothing written


def test_entries_with_a_context_are_listed_and_filled_by_context(tmp_path):
    from tools import po as po_tool

    path = tmp_path / "django.po"
    path.write_text(
        'msgctxt "statistics"\nmsgid "Measure"\nmsgstr ""\n\nmsgid "Measure"\nmsgstr "Åtgärd"\n',
        encoding="utf-8",
    )
    assert po_tool.missing(str(path)) == ["statistics\x04Measure"]
    assert po_tool.fill(str(path), {"statistics\x04Measure": "Mått"}) == 1
    text = path.read_text(encoding="utf-8")
    assert 'msgctxt "statistics"\nmsgid "Measure"\nmsgstr "Mått"' in text
    assert 'msgid "Measure"\nmsgstr "Åtgärd"' in text
