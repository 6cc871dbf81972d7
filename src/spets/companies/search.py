"""Company search: free text over name, org nr, municipality and SNI, with filters and paging.

`filtered(user, params)` is the one place the search filters live; the search page, the API and the
exports all use it, so an export always has the rows of the search it was started from.

Free text is a case-insensitive substring on the name, an exact municipality name, and, for digits, the
start of the org nr (and of the SNI code for up to five digits); a single letter is an SNI section or the
first letter of the name. Every condition is on the company table itself (municipality names and SNI
sections are turned into codes first), so PostgreSQL can combine its indexes with a BitmapOr: the name's
trigram index (migration 0004; without pg_trgm the name condition is a sequential scan), the org nr and SNI
pattern indexes and the municipality index.

Each result row also shows its last contact — the date of the newest activity with the company that the
user may see — and the organisation of that activity, which the list calls the owner organisation (the
register has no owner field: the organisation that worked with the company last is whom to ask). Both are
correlated subqueries in the rows query (`with_last_contact`), evaluated for the page's rows only, on
the activity–company index; no query per row.

Queries per page: one small municipality lookup when the text could be a municipality name, the page of
rows, and a count only when the rows fill more than the first page. The count stops at COUNT_CAP rows
(beyond the rows already paged past): "more than 1,000 companies" is as useful as an exact 48,213 and does
not read every match of a broad search on every page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import OuterRef, Q, QuerySet, Subquery

from spets.companies.models import Activity, Company, CompanyStatus, SizeClass
from spets.core.validation import clamp_page
from spets.geo.models import Municipality, SniCode

PAGE_SIZE = 50
COUNT_CAP = 1000
# What the result list shows (the template and the page's JSON); the API asks for full rows instead.
LIST_FIELDS = (
    "id",
    "orgnr",
    "name",
    "municipality_id",
    "municipality__name",
    "sni_id",
    "size_class",
    "status",
)


@dataclass
class SearchResult:
    rows: list[Company]
    count: int  # matches; when not `exact`, more than this many match
    exact: bool
    page: int
    pages: int | None  # None when the count is capped: the last page is not known
    has_next: bool


def _municipality_codes(q: str) -> list[str]:
    if q.isdigit() or len(q) < 2:
        return []
    return list(Municipality.objects.filter(name__iexact=q).values_list("code", flat=True))


def _text_filter(q: str) -> Q:
    q = q.strip()
    digits = re.sub(r"[\s-]", "", q)
    if len(q) == 1 and q.isalpha():
        return Q(sni_id__in=SniCode.objects.filter(parent_id=q.upper()).values("code")) | Q(
            name__istartswith=q
        )
    cond = Q(name__icontains=q)
    codes = _municipality_codes(q)
    if codes:
        cond |= Q(municipality_id__in=codes)
    if digits.isdigit():
        cond |= Q(orgnr__startswith=digits)
        if len(digits) <= 5:
            cond |= Q(sni__code__startswith=digits)
    return cond


def filtered(user, params) -> QuerySet:
    """The companies the user may see that match the search parameters (unordered, all columns).

    Unknown filter values are ignored rather than failing: a stale bookmark still opens.
    """
    qs = Company.objects.for_user(user)
    q = (params.get("q") or "").strip()
    if q:
        qs = qs.filter(_text_filter(q))
    if params.get("county"):
        qs = qs.filter(municipality__county_id=params["county"])
    if params.get("municipality"):
        qs = qs.filter(municipality_id=params["municipality"])
    sni = (params.get("sni") or "").strip()
    if sni:
        qs = (
            qs.filter(sni_id__in=SniCode.objects.filter(parent_id=sni.upper()).values("code"))
            if sni.isalpha()
            else qs.filter(sni__code__startswith=sni)
        )
    if params.get("size_class") in SizeClass.values:
        qs = qs.filter(size_class=params["size_class"])
    if params.get("status") in CompanyStatus.values:
        qs = qs.filter(status=params["status"])
    return qs


def with_last_contact(user, qs: QuerySet) -> QuerySet:
    """Annotate each company with `last_contact` (date of the newest activity with it the user may see) and
    `owner_organisation` (that activity's organisation's name); None without one."""
    latest = Activity.objects.for_user(user).filter(companies=OuterRef("pk")).order_by("-date", "-id")
    return qs.annotate(
        last_contact=Subquery(latest.values("date")[:1]),
        owner_organisation=Subquery(latest.values("organisation__name")[:1]),
    )


def _requested_page(params) -> int:
    return clamp_page(params.get("page"))  # 1 when not a number, at most core.validation.MAX_PAGE


def _capped_count(qs: QuerySet, page: int) -> tuple[int, bool]:
    """Count the matches up to the cap (or a little beyond the current page); (count, exact)."""
    limit = max(COUNT_CAP, page * PAGE_SIZE) + 1
    counted = qs.order_by()[:limit].count()
    return (counted, True) if counted < limit else (limit - 1, False)


def search(user, params, *, fields: tuple[str, ...] | None = LIST_FIELDS) -> SearchResult:
    """One page of the companies the user may see, by name. `fields=None` loads full rows (API)."""
    qs = filtered(user, params)
    listing = qs.select_related("municipality").order_by("name", "id")
    if fields:
        listing = with_last_contact(user, listing.only(*fields))
    page = _requested_page(params)

    def rows_of(page: int) -> list[Company]:
        start = (page - 1) * PAGE_SIZE
        return list(listing[start : start + PAGE_SIZE + 1])  # one extra row says whether a next page exists

    rows = rows_of(page)
    if page == 1 and len(rows) <= PAGE_SIZE:
        count, exact = len(rows), True  # everything fits on the first page: no count query
    else:
        count, exact = _capped_count(qs, page)
        if not rows and page > 1:  # past the end (an old link): show the last page instead
            page = max(1, -(-count // PAGE_SIZE))  # the count is exact here: a capped one reaches this page
            rows = rows_of(page)
    has_next = len(rows) > PAGE_SIZE
    pages = max(1, -(-count // PAGE_SIZE)) if exact else None
    return SearchResult(rows[:PAGE_SIZE], count, exact, page, pages, has_next)
