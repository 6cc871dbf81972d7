"""Who refers to whom: referral counts between organisations and counties, per year (aggregates only)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from spets.companies.models import Referral
from spets.core.models import Organisation
from spets.core.scoping import unscoped
from spets.geo.models import County
from spets.matching import flowchart
from spets.matching import permissions as perm

LEVELS = ("organisation", "county")


@dataclass(frozen=True)
class Network:
    level: str
    year: int | None
    years: list[int]
    labels: list[str]  # rows and columns, in order
    matrix: list[list[int]]  # matrix[i][j]: referrals from labels[i] to labels[j]
    row_totals: list[int]
    column_totals: list[int]
    total: int
    cross_county: int
    by_year: list[dict]  # {"year", "total", "cross_county", "within_county"}
    svg: str


def network(user, *, level: str = "organisation", year: int | None = None) -> Network:
    perm.require(perm.can_see_network(user), _("The network view is for programme staff."))
    if level not in LEVELS:
        level = "organisation"
    with unscoped():
        base = Referral.objects.annotate(year=ExtractYear("created_at"))
        years = sorted(set(base.values_list("year", flat=True)))
        rows = list(
            (base.filter(year=year) if year else base)
            .values("from_organisation_id", "to_organisation_id")
            .annotate(n=Count("id"))
            .order_by("from_organisation_id", "to_organisation_id")
        )
        per_year = list(
            base.values("year", "from_organisation__county_id", "to_organisation__county_id")
            .annotate(n=Count("id"))
            .order_by("year")
        )
    orgs = {o.pk: o for o in Organisation.objects.filter(in_programme=True).order_by("county_id", "name")}
    counties = {c.code: c.name for c in County.objects.filter(in_programme=True)}

    def label(org_id: int) -> str:
        o = orgs.get(org_id)
        if o is None:
            return _("Other")
        return o.name if level == "organisation" else counties.get(o.county_id, o.county_id or "")

    if level == "organisation":
        labels = [o.name for o in orgs.values()]
    else:
        labels = [counties[c] for c in sorted(counties)]
    index = {name: i for i, name in enumerate(labels)}
    matrix = [[0] * len(labels) for _row in labels]
    flows: dict[tuple[str, str], int] = {}
    cross = 0
    for r in rows:
        a, b = label(r["from_organisation_id"]), label(r["to_organisation_id"])
        for name in (a, b):
            if name not in index:
                index[name] = len(labels)
                labels.append(name)
                for line in matrix:
                    line.append(0)
                matrix.append([0] * len(labels))
        matrix[index[a]][index[b]] += r["n"]
        flows[(a, b)] = flows.get((a, b), 0) + r["n"]
        fa, fb = orgs.get(r["from_organisation_id"]), orgs.get(r["to_organisation_id"])
        if fa and fb and fa.county_id != fb.county_id:
            cross += r["n"]
    by_year: dict[int, dict] = {}
    for r in per_year:
        y = by_year.setdefault(
            r["year"], {"year": r["year"], "total": 0, "cross_county": 0, "within_county": 0}
        )
        y["total"] += r["n"]
        same = r["from_organisation__county_id"] == r["to_organisation__county_id"]
        y["within_county" if same else "cross_county"] += r["n"]
    total = sum(sum(line) for line in matrix)
    title = _("Referrals from (left) to (right)")
    return Network(
        level,
        year,
        years,
        labels,
        matrix,
        [sum(line) for line in matrix],
        [sum(line[j] for line in matrix) for j in range(len(labels))],
        total,
        cross,
        [by_year[y] for y in sorted(by_year)],
        flowchart.render(flows, title, _("referrals")),
    )
