"""The atlas form: what the atlas page reads from its query (the same choices as the API's AtlasQuery)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _

from . import atlas
from .services import InvalidChoice

DOWNLOADS = ("csv", "xlsx", "json")


def _text() -> forms.CharField:
    return forms.CharField(required=False, strip=False)


class AtlasForm(forms.Form):
    """GET /atlas/: measure, industry, year, start, level, area, version (and the series that version
    belongs to), and an optional download format. Whether a choice exists is decided by the atlas, which
    lists the valid choices."""

    measure = _text()
    industry = _text()
    year = _text()
    start = _text()
    level = _text()
    area = _text()
    version = _text()
    version_of = _text()
    format = _text()

    def clean_format(self) -> str | None:
        return self.cleaned_data["format"] if self.cleaned_data["format"] in DOWNLOADS else None

    def params(self, *, lenient: bool = False) -> atlas.Params:
        """The atlas's parameters (call after ``is_valid()``); a version that is not a number raises
        InvalidChoice, or with ``lenient`` (the page) is dropped with a notice in ``self.notices``."""
        self.notices: list[str] = []
        given = {k: v or None for k, v in self.cleaned_data.items()}
        version = given["version"]
        # the form sends the series its version belongs to: after the user picks another measure, the old
        # version choice means nothing, so the new measure opens at its newest version
        if (
            version is not None
            and given["version_of"]
            and given["version_of"] != (given["measure"] or "").split(":")[0]
        ):
            version = None
        try:
            number = int(version) if version is not None else None
        except ValueError:
            if not lenient:
                raise InvalidChoice(
                    "version", f"unknown version {version!r}; expected a version number"
                ) from None
            self.notices.append(
                _("“%(given)s” is not a version number; showing the newest version.") % {"given": version}
            )
            number = None
        return atlas.Params(
            measure=given["measure"],
            industry=given["industry"],
            year=given["year"],
            start=given["start"],
            level=given["level"] or "municipality",
            area=given["area"] or "programme",
            version=number,
        )
