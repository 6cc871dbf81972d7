"""Companies' yearly figures: import from CSV/XLSX (preview with an error per bad row, then all rows or
none), the company-page panel, and the synthetic demo series 2019–2025 with a planted support effect.

Import columns (the header names are matched loosely, Swedish or English): org nr, year, employees,
net turnover (SEK), optionally source. A row that names an unknown company, a bad year or a negative or
implausible number is listed with the row number and the column; nothing is written while any row is bad.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from spets.companies import orgnr as orgnr_rules
from spets.companies.models import Company
from spets.companies.services.import_files import ImportFileError, open_table
from spets.companies.texts import orgnr_message
from spets.core.audit import log_action
from spets.core.errors import Forbidden, InvalidData
from spets.core.models import AuditEntry
from spets.core.policy import Can, can
from spets.core.scoping import unscoped
from spets.programme.models import CompanyYearFigure

FIRST_YEAR = 1990
MAX_EMPLOYEES = 500_000
MAX_TURNOVER_SEK = 10**13  # 10,000 bn SEK: more than any Swedish company's net turnover
MAX_LISTED = 500

# The demo: 2019–2025 for every demo company, anchored on the register's 2024 figures, with a planted
# effect of support: from the year of a company's first activity on, employment grows 3 % and net
# turnover 5 % a year faster than its own trend. The impact estimate should recover these (tests do).
DEMO_YEARS = range(2019, 2026)
DEMO_ANCHOR_YEAR = 2024  # the register's demo headcount and turnover are 2024 figures
DEMO_EMPLOYMENT_EFFECT = 0.03
DEMO_TURNOVER_EFFECT = 0.05
DEMO_SOURCE = "Syntetiska demodata (Spets): påhittade årssiffror med en inplanterad stödeffekt"

HEADERS = {
    "orgnr": {"orgnr", "organisationsnummer", "orgnummer", "organisationnumber", "orgno", "organisationsnr"},
    "year": {"år", "ar", "year", "räkenskapsår", "rakenskapsar"},
    "employees": {"anställda", "anstallda", "antalanställda", "medelantalanställda", "employees", "staff"},
    "turnover": {
        "omsättning",
        "nettoomsättning",
        "omsättningkr",
        "nettoomsättningkr",
        "nettoomsättningsek",
        "turnover",
        "turnoversek",
        "netturnover",
        "netturnoversek",
    },
    "source": {"källa", "kalla", "source"},
}


def can_import(user) -> bool:
    """Advisors and programme managers import yearly figures (company master data)."""
    return can(user, Can.WRITE_COMPANY_DATA)


def _key(header: str) -> str:
    return re.sub(r"[\s_\-.()/]+", "", header.casefold())


def column_map(headers: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = _key(header)
        for target, names in HEADERS.items():
            if key in names and target not in found:
                found[target] = index
    missing = [name for name in ("orgnr", "year") if name not in found]
    if missing or not ({"employees", "turnover"} & set(found)):
        raise InvalidData(
            {
                "file": _(
                    "the file needs the columns org nr, year and employees or net turnover (found: %(found)s)"
                )
                % {"found": ", ".join(h for h in headers if h) or "–"}
            }
        )
    return found


def _number(text: str, column: str, maximum: int) -> tuple[int | None, str]:
    cleaned = text.replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    if not cleaned:
        return None, ""
    if re.fullmatch(r"-?\d+([.,]0+)?", cleaned) is None:
        return None, _("%(column)s: %(value)r is not a whole number") % {"column": column, "value": text}
    value = int(re.split(r"[.,]", cleaned)[0])
    if value < 0:
        return None, _("%(column)s: %(value)s is negative") % {"column": column, "value": value}
    if value > maximum:
        return None, _("%(column)s: %(value)s is not plausible (at most %(max)s)") % {
            "column": column,
            "value": value,
            "max": maximum,
        }
    return value, ""


@dataclass
class FigureRow:
    row: int
    orgnr: str
    year: int | None = None
    employees: int | None = None
    turnover_sek: int | None = None
    source: str = ""
    company_id: int | None = None
    company_name: str = ""
    action: str = "create"  # create | update | unchanged | reject
    errors: list[str] = field(default_factory=list)


@dataclass
class FigurePreview:
    rows: list[FigureRow]  # the first MAX_LISTED rows with errors, then others
    counts: dict[str, int]
    description: str

    @property
    def rejected(self) -> int:
        return self.counts.get("reject", 0)


def _check(user, path: Path, default_source: str) -> tuple[list[FigureRow], str]:
    try:
        table = open_table(path)
    except ImportFileError as exc:
        raise InvalidData({"file": str(exc)}) from None
    columns = column_map(table.headers)
    rows: list[FigureRow] = []
    this_year = timezone.localdate().year
    for number, cells in table.rows:

        def cell(name: str, cells: list[str] = cells) -> str:
            index = columns.get(name)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        row = FigureRow(row=number, orgnr=cell("orgnr"))
        try:
            row.orgnr = orgnr_rules.parse(row.orgnr).number
        except orgnr_rules.OrgnrError as exc:
            row.errors.append(_("org nr: %(error)s") % {"error": orgnr_message(exc)})
            row.orgnr = ""
        year_text = cell("year")
        if not re.fullmatch(r"\d{4}", year_text) or not FIRST_YEAR <= int(year_text) <= this_year:
            row.errors.append(
                _("year: %(value)r is not a year from %(first)s to %(last)s")
                % {"value": year_text, "first": FIRST_YEAR, "last": this_year}
            )
        else:
            row.year = int(year_text)
        row.employees, error = _number(cell("employees"), _("employees"), MAX_EMPLOYEES)
        if error:
            row.errors.append(error)
        row.turnover_sek, error = _number(cell("turnover"), _("net turnover"), MAX_TURNOVER_SEK)
        if error:
            row.errors.append(error)
        if row.employees is None and row.turnover_sek is None and not row.errors:
            row.errors.append(_("neither employees nor net turnover is given"))
        row.source = (cell("source") or default_source).strip()[:200]
        if not row.source:
            row.errors.append(_("source: say where the figures come from"))
        rows.append(row)
    if not rows:
        raise InvalidData({"file": _("the file has no rows below its header")})
    companies = {
        c.orgnr: c
        for c in Company.objects.for_user(user)
        .filter(orgnr__in={r.orgnr for r in rows})
        .only("pk", "orgnr", "name")
    }
    seen: dict[tuple[str, int], int] = {}
    for row in rows:
        company = companies.get(row.orgnr)
        if company is None and row.orgnr:
            row.errors.append(_("org nr: no company %(orgnr)s in the register") % {"orgnr": row.orgnr})
        elif company is not None:
            row.company_id, row.company_name = company.pk, company.name
        if row.year is not None:
            first = seen.setdefault((row.orgnr, row.year), row.row)
            if first != row.row:
                row.errors.append(
                    _("the company's %(year)s figures are also on row %(row)s")
                    % {"year": row.year, "row": first}
                )
    existing = {}
    with unscoped():
        for f in CompanyYearFigure.objects.filter(company_id__in=[c.pk for c in companies.values()]):
            existing[(f.company_id, f.year)] = f
    for row in rows:
        if row.errors:
            row.action = "reject"
            continue
        old = existing.get((row.company_id, row.year))
        if old is None:
            row.action = "create"
        elif (old.employees, old.turnover_sek, old.source) == (row.employees, row.turnover_sek, row.source):
            row.action = "unchanged"
        else:
            row.action = "update"
    return rows, table.description


def preview_import(user, path: Path, source: str = "") -> FigurePreview:
    """Check every row; nothing is written."""
    if not can_import(user):
        raise Forbidden(_("advisors and programme managers import yearly figures"))
    rows, description = _check(user, path, source)
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.action] = counts.get(row.action, 0) + 1
    listed = [r for r in rows if r.errors][:MAX_LISTED]
    listed += [r for r in rows if not r.errors][: max(0, MAX_LISTED - len(listed))]
    return FigurePreview(listed, counts, description)


@transaction.atomic
def import_figures(user, path: Path, source: str = "", file_name: str = "") -> dict[str, int]:
    """Write the file's figures: every row or, when any row is bad, none (InvalidData names the rows)."""
    if not can_import(user):
        raise Forbidden(_("advisors and programme managers import yearly figures"))
    rows, _description = _check(user, path, source)
    bad = [r for r in rows if r.errors]
    if bad:
        shown = "; ".join(
            _("row %(row)s: %(errors)s") % {"row": r.row, "errors": ", ".join(r.errors)} for r in bad[:5]
        )
        raise InvalidData(
            {
                "file": _("%(n)d rows have errors, nothing was written: %(rows)s")
                % {"n": len(bad), "rows": shown}
            }
        )
    with unscoped():
        existing = {
            (f.company_id, f.year): f
            for f in CompanyYearFigure.objects.select_for_update().filter(
                company_id__in={r.company_id for r in rows}
            )
        }
        new, changed, entries = [], [], []
        by_company: dict[int, list[str]] = {}
        for row in rows:
            old = existing.get((row.company_id, row.year))
            if row.action == "unchanged":
                continue
            if old is None:
                new.append(
                    CompanyYearFigure(
                        company_id=row.company_id,
                        year=row.year,
                        employees=row.employees,
                        turnover_sek=row.turnover_sek,
                        source=row.source,
                    )
                )
            else:
                old.employees, old.turnover_sek, old.source = row.employees, row.turnover_sek, row.source
                changed.append(old)
            by_company.setdefault(row.company_id, []).append(
                f"{row.year}: {row.employees if row.employees is not None else '–'} / "
                f"{row.turnover_sek if row.turnover_sek is not None else '–'}"
            )
        CompanyYearFigure.objects.bulk_create(new, batch_size=2000)
        CompanyYearFigure.objects.bulk_update(
            changed, ["employees", "turnover_sek", "source"], batch_size=2000
        )
        for company_id, years in by_company.items():
            entries.append(
                AuditEntry(
                    user=user,
                    user_repr=user.get_username(),
                    organisation_id=user.organisation_id,
                    action="import",
                    object_type="programme.CompanyYearFigure",
                    object_id=str(company_id),
                    object_repr=_("yearly figures"),
                    changes={"years (employees / turnover SEK)": "; ".join(years)[:2000]},
                    company_id=company_id,
                )
            )
        AuditEntry.objects.bulk_create(entries, batch_size=2000)
    summary = {
        "created": len(new),
        "updated": len(changed),
        "unchanged": sum(r.action == "unchanged" for r in rows),
    }
    log_action(
        user,
        "import",
        object_type="programme.CompanyYearFigure",
        object_repr=file_name[:200],
        changes=summary,
    )
    return summary


# --- the company page ----------------------------------------------------------------------------------


def figures_of(user, company_id: int) -> list[CompanyYearFigure]:
    return list(CompanyYearFigure.objects.for_user(user).filter(company_id=company_id).order_by("year"))


def company_panel(user, company_id: int) -> dict | None:
    """Company-page panel (extensions.company_panels): the yearly figures, with their sources."""
    if not can(user, Can.READ_COMPANY_DATA):
        return None
    figures = figures_of(user, company_id)
    return {
        "template": "programme/_company_figures.html",
        "figures": figures,
        "sources": sorted({f.source for f in figures}),
        "import_url": reverse("programme:figures_import") if can_import(user) else None,
    }


# --- demo ----------------------------------------------------------------------------------------------


def _series(
    rng: random.Random,
    anchor: float,
    drift: tuple[float, float],
    shock: float,
    first: int | None,
    effect: float,
) -> dict[int, float]:
    """A random walk in logs with a company drift, the planted effect from the first support year on,
    scaled so that the anchor year equals the register's value."""
    mu = rng.gauss(*drift)
    level, path = 0.0, {}
    for year in DEMO_YEARS:
        if year > DEMO_YEARS[0]:
            level += mu + rng.gauss(0.0, shock)
        boost = (year - first + 1) * math.log1p(effect) if first is not None and year >= first else 0.0
        path[year] = level + boost
    shift = math.log(anchor) - path[DEMO_ANCHOR_YEAR]
    return {year: math.exp(value + shift) for year, value in path.items()}


def first_support_years() -> dict[int, int]:
    """Company id → the year of its first activity in the register."""
    with unscoped():
        rows = (
            Company.objects.filter(activities__isnull=False)
            .annotate(first=Min("activities__date"))
            .values_list("pk", "first")
        )
        return {pk: first.year for pk, first in rows}


def load_demo(seed: int) -> dict:
    """2019–2025 figures for every demo company (synthetic, deterministic for a seed and the demo's
    activities), with the planted effect DEMO_EMPLOYMENT_EFFECT / DEMO_TURNOVER_EFFECT on supported ones."""
    rng = random.Random(seed + 60)
    first = first_support_years()
    figures = []
    with unscoped():
        companies = (
            Company.objects.filter(synthetic=True).order_by("orgnr").only("pk", "employees", "turnover_sek")
        )
        for company in companies:
            year0 = first.get(company.pk)
            employees = turnover = None
            if company.employees:
                employees = _series(rng, company.employees, (0.01, 0.03), 0.08, year0, DEMO_EMPLOYMENT_EFFECT)
            if company.turnover_sek and company.turnover_sek > 0:
                turnover = _series(rng, company.turnover_sek, (0.03, 0.04), 0.10, year0, DEMO_TURNOVER_EFFECT)
            for year in DEMO_YEARS:
                figures.append(
                    CompanyYearFigure(
                        company_id=company.pk,
                        year=year,
                        employees=round(employees[year]) if employees else company.employees,
                        turnover_sek=round(turnover[year]) if turnover else company.turnover_sek,
                        source=DEMO_SOURCE,
                        synthetic=True,
                    )
                )
        CompanyYearFigure.objects.bulk_create(figures, batch_size=5000)
    return {
        "year_figures": len(figures),
        "supported_in_years": sum(1 for y in first.values() if y <= DEMO_YEARS[-1]),
        "planted_employment_effect": DEMO_EMPLOYMENT_EFFECT,
        "planted_turnover_effect": DEMO_TURNOVER_EFFECT,
    }


def settle_merge(survivor_id: int, other_id: int) -> None:
    """Before two company records merge: the survivor keeps its own figure for a year both have (the
    other record's figure for that year is dropped); the other record's remaining years move with it."""
    with unscoped():
        kept_years = CompanyYearFigure.objects.filter(company_id=survivor_id).values("year")
        CompanyYearFigure.objects.filter(company_id=other_id, year__in=kept_years).delete()
