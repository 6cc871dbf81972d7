"""Förteckning över deltagande företag: the participant list of a period (and optionally one organisation)
as XLSX or CSV, with the Swedish column names the funder's templates use.

Rows come from the period's figures document, so a closed period's list is the one that was reported. A
company takes part in a period when it had programme support (an activity of a mapped type) dated within
the period; filtered by organisation, the hours, dates and support types are that organisation's. The de
minimis column is the aid the project granted the company from its start to the period's end (the de
minimis ledger, `deminimis.aid_by_company`; all the project's organisations' aid, also in a list filtered
by organisation), "–" in a period closed before the ledger existed.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spets.core.audit import log_read
from spets.core.errors import InvalidData
from spets.core.models import Organisation
from spets.core.spreadsheet import safe_row
from spets.geo.models import County, Municipality
from spets.programme import permissions as perm
from spets.programme import xlsx
from spets.programme.models import ReportingPeriod, SupportType
from spets.programme.services import indicators as indicator_services

# Column headers in the user's language (Swedish: the funder's template's words).
COLUMNS = (
    gettext_lazy("Organisation number"),
    gettext_lazy("Company name"),
    gettext_lazy("Municipality"),
    gettext_lazy("County"),
    gettext_lazy("Size class"),
    gettext_lazy("SNI"),
    gettext_lazy("Support types"),
    gettext_lazy("Hours"),
    gettext_lazy("De minimis aid (SEK)"),
    gettext_lazy("First date"),
    gettext_lazy("Last date"),
    gettext_lazy("Organisations"),
)


def header() -> list[str]:
    """The column headers in the active language."""
    return [str(c) for c in COLUMNS]


# The cells and the "Om" sheet are in Swedish whatever the user's language (the funder's template).
SUPPORT_SV = {
    "advice": "Rådgivning",
    "workshop": "Workshop",
    "study_visit": "Studiebesök",
    "matchmaking": "Matchning",
    "analysis": "Analys",
    "grant": "Bidrag",
}
SIZE_SV = {
    "micro": "Mikroföretag",
    "small": "Litet företag",
    "medium": "Medelstort företag",
    "large": "Stort företag",
}
MISSING = "–"
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Participant:
    orgnr: str
    name: str
    municipality: str
    county: str
    size_class: str
    sni: str
    support_types: str
    hours: float
    aid_sek: float | None
    first: datetime.date
    last: datetime.date
    organisations: str

    def values(self) -> list[Any]:
        return [
            self.orgnr,
            self.name,
            self.municipality,
            self.county,
            self.size_class,
            self.sni,
            self.support_types,
            self.hours,
            self.aid_sek,
            self.first,
            self.last,
            self.organisations,
        ]


@dataclass(frozen=True)
class ParticipantList:
    period: ReportingPeriod
    organisation: Organisation | None
    rows: list[Participant]
    closed: bool
    synthetic: bool
    aid_known: bool


def participants(user, period_id: int, organisation_slug: str | None = None) -> ParticipantList:
    """The period's participating companies (sorted by name). A company without an organisation number
    stops the list with an error naming its row: the funder identifies companies by it."""
    perm.require(perm.can_export_participants(user), _("the participant list is for programme staff"))
    organisation = None
    if organisation_slug:
        organisation = Organisation.objects.filter(slug=organisation_slug).first()
        if organisation is None:
            raise InvalidData(
                {"organisation": _("unknown organisation %(org)s") % {"org": organisation_slug}}
            )
    period, figs = indicator_services.figures(
        user, period_id, indicators=False, participants_of=organisation.pk if organisation else None
    )
    doc = figs.data
    names = {slug: o.get("name", slug) for slug, o in doc.get("organisations", {}).items()}
    municipalities = dict(Municipality.objects.values_list("code", "name"))
    counties = dict(County.objects.values_list("code", "name"))
    aid = doc.get("aid")
    support_labels = {k: SUPPORT_SV.get(k, str(v)) for k, v in SupportType.choices}
    chosen = []
    for cid, facts in figs.companies.items():
        within = facts.get("p")
        if not within:
            continue
        if organisation is not None:
            own = within["orgs"].get(organisation.slug)
            if own is None:
                continue
            hours, first, last, types, orgs = own[0], own[1], own[2], own[3], [organisation.slug]
        else:
            hours, first, last = within["hours"], within["first"], within["last"]
            types, orgs = within["types"], sorted(within["orgs"])
        chosen.append((facts.get("name") or "", int(cid), facts, hours, first, last, types, orgs))
    chosen.sort(key=lambda r: (r[0].casefold(), r[1]))
    errors = {}
    rows = []
    for number, (name, cid, facts, hours, first, last, types, orgs) in enumerate(chosen, start=2):
        if not (facts.get("orgnr") or "").strip():
            errors[f"row {number}"] = _("%(name)s (company id %(id)s) has no organisation number") % {
                "name": name or "?",
                "id": cid,
            }
            continue
        rows.append(
            Participant(
                orgnr=facts["orgnr"],
                name=name,
                municipality=municipalities.get(facts.get("municipality", ""), facts.get("municipality", "")),
                county=counties.get(facts.get("county", ""), facts.get("county", "")),
                size_class=SIZE_SV.get(facts.get("size", ""), MISSING),
                sni=facts.get("sni", ""),
                support_types=", ".join(support_labels.get(t, t) for t in types),
                hours=float(hours or 0),
                aid_sek=None if aid is None else float(aid.get(str(cid), 0.0)),
                first=datetime.date.fromisoformat(first),
                last=datetime.date.fromisoformat(last),
                organisations=", ".join(names.get(o, o) for o in orgs),
            )
        )
    if errors:
        raise InvalidData(errors)
    return ParticipantList(
        period,
        organisation,
        rows,
        closed=period.is_closed,
        synthetic=bool(doc.get("project", {}).get("synthetic")),
        aid_known=aid is not None,
    )


def _filename(listing: ParticipantList, fmt: str) -> str:
    org = f"-{listing.organisation.slug}" if listing.organisation else ""
    return f"deltagande-foretag-{listing.period.code}{org}.{fmt}"


def _note(listing: ParticipantList) -> str:
    return "Syntetiska demodata – påhittade företag, inte verkliga." if listing.synthetic else ""


def _sv_number(value: float | None) -> str:
    if value is None:
        return MISSING
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def to_csv(listing: ParticipantList) -> bytes:
    """UTF-8 with BOM, semicolons and decimal commas (Swedish Excel opens it directly); text that a
    spreadsheet would run as a formula is neutralised (`spets.core.spreadsheet`)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header())
    for p in listing.rows:
        values = p.values()
        values[7] = _sv_number(p.hours)
        values[8] = _sv_number(p.aid_sek)
        values[9], values[10] = p.first.isoformat(), p.last.isoformat()
        writer.writerow(safe_row(values))
    if listing.synthetic:
        writer.writerow([_note(listing)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(listing: ParticipantList) -> bytes:
    """Typed cells (org nr and SNI as text, hours and aid as numbers shown with grouped thousands, dates as
    dates), the header in bold, and an "Om" sheet; written by `spets.programme.xlsx` (10,000 rows in a
    fraction of a second). Text is always an inline string, never a formula."""
    period = listing.period
    about: list[list[Any]] = [
        ["Förteckning över deltagande företag", ""],
        ["Projekt", str(period.project)],
        ["Period", f"{period.code} ({period.starts_on.isoformat()} – {period.ends_on.isoformat()})"],
        ["Organisation", listing.organisation.name if listing.organisation else "Alla"],
        ["Antal företag", len(listing.rows)],
    ]
    if period.is_closed:
        by = period.closed_by.get_full_name() or period.closed_by.get_username() if period.closed_by else ""
        about.append(["Stängd", f"{period.closed_at:%Y-%m-%d %H:%M} av {by}"])
    else:
        about.append(["Status", "Öppen period: uppgifterna kan ändras tills perioden stängs"])
    about.append(
        ["Timmar", "Rådgivarnas timmar på aktiviteterna, delade lika mellan företagen på en aktivitet"]
    )
    if listing.aid_known:
        about.append(
            [
                "Stöd av mindre betydelse",
                "Stöd som projektet beviljat företaget från projektets start till periodens slut, i kronor "
                "(stödregistret: timmar × offertens marknadspris eller programmets standardpris)",
            ]
        )
    else:
        about.append(["Stöd av mindre betydelse", "Stödregistret är inte tillgängligt: visas som –"])
    if listing.synthetic:
        about.append(["Obs", _note(listing)])
    rows = ([MISSING if value is None else value for value in p.values()] for p in listing.rows)
    return xlsx.workbook(
        [
            xlsx.Sheet(
                "Deltagande företag",
                header(),
                rows,
                decimals={7: 1, 8: 0},
                widths={0: 14, 1: 32, 2: 14, 3: 16, 4: 16, 6: 28, 9: 11, 10: 11, 11: 32},
            ),
            xlsx.Sheet("Om", (), about, widths={0: 26, 1: 90}),
        ]
    )


def export(user, period_id: int, fmt: str, organisation_slug: str | None = None) -> tuple[str, str, bytes]:
    """(file name, content type, content) of the participant list in `fmt` (csv or xlsx)."""
    if fmt not in FORMATS:
        raise InvalidData({"format": _("choose csv or xlsx")})
    listing = participants(user, period_id, organisation_slug)
    log_read(
        user,
        f"programme.participants.{fmt}",
        filters={"period": period_id, "organisation": organisation_slug},
        rows=len(listing.rows),
    )
    content = to_xlsx(listing) if fmt == "xlsx" else to_csv(listing)
    return _filename(listing, fmt), FORMATS[fmt], content
