"""Every UI string has a Swedish translation, and the compiled catalog matches its source."""

import shutil
import subprocess
import sys
from pathlib import Path

from tools.po import missing

SRC = Path(__file__).resolve().parents[2] / "src" / "spets"
PO = SRC / "locale" / "sv" / "LC_MESSAGES" / "django.po"


def test_every_ui_string_is_translated_to_swedish(tmp_path):
    assert shutil.which("xgettext"), "GNU gettext is needed (make test installs it)"
    copy = tmp_path / "spets"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("__pycache__", "static"))
    # makemessages on a copy: finds strings added since the catalog was last updated.
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "sv", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "PYTHONPATH": str(SRC.parents[1]),
        },
    )
    untranslated = missing(str(copy / "locale" / "sv" / "LC_MESSAGES" / "django.po"))
    assert untranslated == [], "untranslated (run makemessages in src/spets and translate): " + "; ".join(
        untranslated[:20]
    )


def test_compiled_catalog_is_up_to_date(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(compiled), str(PO)], check=True)
    assert compiled.read_bytes() == PO.with_suffix(".mo").read_bytes(), "run msgfmt on django.po"
