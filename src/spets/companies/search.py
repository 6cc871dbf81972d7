"""Company search: free text over name, org nr, municipality and SNI, with filters and paging.

Two queries per page: the page of rows (with municipality and SNI joined) and a count. Free text is a
case-insensitive substring on the name and the municipality name; a query of digits matches the start of
the org nr; a two-digit code or a section letter matches SNI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Q

from spets.companies.models import Company, CompanyStatus, SizeClass

PAGE_SIZE = 50


@dataclass
class SearchResult:
    rows: list[Company]
    count: int
    page: int
    pages: int


def _text_filter(q: str) -> Q:
    q = q.strip()
    digits = re.sub(r"[\s-]", "", q)
    cond = Q(name__icontains=q) | Q(municipality__name__iexact=q)
    if digits.isdigit():
        cond |= Q(orgnr__startswith=digits)
        if len(digits) <= 5:
            cond |= Q(sni__code__startswith=digits)
    elif len(q) == 1 and q.isalpha():
        cond = Q(sni__parent_id=q.upper()) | Q(name__istartswith=q)
    return cond


def search(user, params: dict[str, str]) -> SearchResult:
    """Search the companies the user may see. Unknown filter values are ignored rather than failing."""
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
        qs = qs.filter(sni__parent_id=sni.upper()) if sni.isalpha() else qs.filter(sni__code__startswith=sni)
    if params.get("size_class") in SizeClass.values:
        qs = qs.filter(size_class=params["size_class"])
    if params.get("status") in CompanyStatus.values:
        qs = qs.filter(status=params["status"])
    count = qs.count()
    pages = max(1, -(-count // PAGE_SIZE))
    try:
        page = min(max(1, int(params.get("page") or 1)), pages)
    except ValueError:
        page = 1
    start = (page - 1) * PAGE_SIZE
    rows = list(qs.select_related("municipality", "sni").order_by("name", "id")[start:start + PAGE_SIZE])
    return SearchResult(rows, count, page, pages)
