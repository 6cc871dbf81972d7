"""Project set-up: the project's dates and rates, targets per indicator and county, budget lines per
participant, the support-type mapping and the reporting periods. Programme managers only; every change
audited; bad values refused with the field named."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from spets.companies.models import ActivityType
from spets.core.audit import log_action
from spets.core.errors import InvalidData
from spets.programme import permissions as perm
from spets.programme.models import (
    BudgetLine,
    BudgetLineKind,
    Participant,
    PeriodKind,
    Project,
    ReportingPeriod,
    SupportType,
    SupportTypeMapping,
    Target,
)

# The largest plausible values: above them a figure is a typing mistake, not a target or a budget.
MAX_TARGET = {"enterprises": Decimal(100_000), "fte": Decimal(100_000), "sek": Decimal(10_000_000_000)}
MAX_BUDGET_SEK = Decimal(1_000_000_000)
MAX_INDIRECT_PERCENT = Decimal(40)
MAX_INKIND_RATE = Decimal(5_000)


def current_project() -> Project:
    """The project reports are about: the latest started one (raises Project.DoesNotExist when none)."""
    return Project.objects.order_by("-starts_on", "-id")[:1].get()


def require_manager(user) -> None:
    perm.require(perm.can_manage_programme(user), _("only programme managers change the project set-up"))


def parse_amount(value: Any, field: str, *, maximum: Decimal, allow_blank: bool = True) -> Decimal | None:
    """A non-negative number no larger than `maximum` (Swedish "1 234,5" accepted); blank → None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if allow_blank:
            return None
        raise InvalidData({field: _("a value is required")})
    text = str(value).replace("\u202f", "").replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise InvalidData({field: _("%(value)s is not a number") % {"value": value}}) from None
    if not amount.is_finite():
        raise InvalidData({field: _("%(value)s is not a number") % {"value": value}})
    if amount < 0:
        raise InvalidData({field: _("must not be negative (%(value)s)") % {"value": value}})
    if amount > maximum:
        raise InvalidData(
            {field: _("%(value)s is not plausible (at most %(max)s)") % {"value": value, "max": maximum}}
        )
    return amount


@transaction.atomic
def create_project(user, data: dict) -> Project:
    """A new project with every programme organisation as a co-beneficiary (the user's as lead)."""
    from django.utils.text import slugify

    from spets.core.models import Organisation

    require_manager(user)
    code = slugify(str(data.get("name") or ""))[:50] or "project"
    if Project.objects.filter(code=code).exists():
        raise InvalidData({"name": _("a project with this name exists already")})
    project = Project.objects.create(
        code=code,
        name=str(data.get("name") or code),
        starts_on=datetime.date.today(),
        ends_on=datetime.date.today() + datetime.timedelta(days=1),
        indirect_rate_percent=Decimal(0),
        inkind_rate_sek=Decimal(0),
    )
    update_project(user, project.pk, data)  # validates everything; an error rolls the creation back
    for org in Organisation.objects.filter(in_programme=True):
        Participant.objects.create(project=project, organisation=org, lead=org.pk == user.organisation_id)
    log_action(user, "create", project, changes={"code": code, "name": project.name})
    return Project.objects.get(pk=project.pk)


@transaction.atomic
def update_project(user, project_id: int, data: dict) -> Project:
    require_manager(user)
    project = Project.objects.select_for_update().get(pk=project_id)
    errors = {}
    starts, ends = data.get("starts_on"), data.get("ends_on")
    if not isinstance(starts, datetime.date) or not isinstance(ends, datetime.date):
        errors["starts_on"] = _("give the project's start and end dates")
    elif ends <= starts:
        errors["ends_on"] = _("the project ends after it starts")
    if not str(data.get("name") or "").strip():
        errors["name"] = _("give the project a name")
    if errors:
        raise InvalidData(errors)
    rate = parse_amount(
        data.get("indirect_rate_percent"),
        "indirect_rate_percent",
        maximum=MAX_INDIRECT_PERCENT,
        allow_blank=False,
    )
    inkind = parse_amount(
        data.get("inkind_rate_sek"), "inkind_rate_sek", maximum=MAX_INKIND_RATE, allow_blank=False
    )
    before = {
        f: getattr(project, f)
        for f in ("name", "funder", "starts_on", "ends_on", "indirect_rate_percent", "inkind_rate_sek")
    }
    project.name = data["name"].strip()
    project.funder = str(data.get("funder") or "").strip()
    project.starts_on, project.ends_on = starts, ends
    project.indirect_rate_percent, project.inkind_rate_sek = rate, inkind
    project.save()
    after = {f: getattr(project, f) for f in before}
    changes = {k: [str(before[k]), str(after[k])] for k in before if before[k] != after[k]}
    if changes:
        log_action(user, "update", project, changes=changes)
    return project


@transaction.atomic
def set_targets(
    user, project_id: int, values: dict[tuple[str, str | None], Any], units: dict[str, str]
) -> int:
    """Set targets: `values[(indicator, county code or None)]` is a number or blank (no target).
    `units[indicator]` bounds the plausible value. Returns the number of targets changed."""
    require_manager(user)
    project = Project.objects.select_for_update().get(pk=project_id)
    parsed: dict[tuple[str, str | None], Decimal | None] = {}
    errors: dict[str, str] = {}
    for (indicator, county), raw in values.items():
        field = f"target_{indicator}_{county or 'total'}"
        if indicator not in units:
            errors[field] = _("unknown indicator %(id)s") % {"id": indicator}
            continue
        try:
            parsed[(indicator, county)] = parse_amount(raw, field, maximum=MAX_TARGET[units[indicator]])
        except InvalidData as exc:
            errors.update(exc.errors)
    if errors:
        raise InvalidData(errors)
    existing = {(t.indicator, t.county_id): t for t in Target.objects.filter(project=project)}
    changed = {}
    for key, value in parsed.items():
        target = existing.get(key)
        old = target.value if target else None
        if value == old:
            continue
        if value is None:
            target.delete()
        elif target is None:
            Target.objects.create(project=project, indicator=key[0], county_id=key[1], value=value)
        else:
            target.value = value
            target.save(update_fields=["value"])
        changed[f"{key[0]}:{key[1] or 'total'}"] = [
            None if old is None else str(old),
            None if value is None else str(value),
        ]
    if changed:
        log_action(user, "update", project, object_repr=f"{project}: targets", changes=changed)
    return len(changed)


@transaction.atomic
def set_budget(user, project_id: int, values: dict[tuple[int, str], Any]) -> int:
    """Set budget lines: `values[(participant id, kind)]` in SEK, blank = no line."""
    require_manager(user)
    project = Project.objects.select_for_update().get(pk=project_id)
    participants = {
        p.pk: p for p in Participant.objects.filter(project=project).select_related("organisation")
    }
    parsed: dict[tuple[int, str], Decimal | None] = {}
    errors: dict[str, str] = {}
    for (participant_id, kind), raw in values.items():
        field = f"budget_{participant_id}_{kind}"
        if participant_id not in participants or kind not in BudgetLineKind.values:
            errors[field] = _("unknown participant or budget line")
            continue
        try:
            parsed[(participant_id, kind)] = parse_amount(raw, field, maximum=MAX_BUDGET_SEK)
        except InvalidData as exc:
            errors.update(exc.errors)
    if errors:
        raise InvalidData(errors)
    existing = {
        (b.participant_id, b.kind): b for b in BudgetLine.objects.filter(participant__project=project)
    }
    changed = {}
    for (participant_id, kind), value in parsed.items():
        line = existing.get((participant_id, kind))
        old = line.amount_sek if line else None
        if value == old:
            continue
        if value is None:
            line.delete()
        elif line is None:
            BudgetLine.objects.create(participant_id=participant_id, kind=kind, amount_sek=value)
        else:
            line.amount_sek = value
            line.save(update_fields=["amount_sek"])
        slug = participants[participant_id].organisation.slug
        changed[f"{slug}:{kind}"] = [None if old is None else str(old), None if value is None else str(value)]
    if changed:
        log_action(user, "update", project, object_repr=f"{project}: budget", changes=changed)
    return len(changed)


@transaction.atomic
def set_mapping(user, project_id: int, values: dict[str, tuple[str, bool]]) -> int:
    """Map activity types to support types: `values[activity type] = (support type or "", financial)`;
    an empty support type means the activity type is not programme support."""
    require_manager(user)
    project = Project.objects.select_for_update().get(pk=project_id)
    errors = {}
    for activity_type, (support_type, _financial) in values.items():
        if activity_type not in ActivityType.values:
            errors[f"map_{activity_type}"] = _("unknown activity type %(type)s") % {"type": activity_type}
        elif support_type and support_type not in SupportType.values:
            errors[f"map_{activity_type}"] = _("unknown support type %(type)s") % {"type": support_type}
    if errors:
        raise InvalidData(errors)
    existing = {m.activity_type: m for m in SupportTypeMapping.objects.filter(project=project)}
    changed = {}
    for activity_type, (support_type, financial) in values.items():
        mapping = existing.get(activity_type)
        old = (mapping.support_type, mapping.financial) if mapping else ("", False)
        new = (support_type, bool(financial) if support_type else False)
        if new == old:
            continue
        if not support_type:
            mapping.delete()
        elif mapping is None:
            SupportTypeMapping.objects.create(
                project=project, activity_type=activity_type, support_type=new[0], financial=new[1]
            )
        else:
            mapping.support_type, mapping.financial = new
            mapping.save(update_fields=["support_type", "financial"])
        changed[activity_type] = [
            f"{old[0]}{' (financial)' if old[1] else ''}",
            f"{new[0]}{' (financial)' if new[1] else ''}",
        ]
    if changed:
        log_action(user, "update", project, object_repr=f"{project}: support types", changes=changed)
    return len(changed)


def half_years(
    starts_on: datetime.date, ends_on: datetime.date
) -> list[tuple[str, datetime.date, datetime.date]]:
    """(code, start, end) of each calendar half-year the project touches, cut to the project's dates."""
    out = []
    year, half = starts_on.year, 1 if starts_on.month <= 6 else 2
    while True:
        first = datetime.date(year, 1 if half == 1 else 7, 1)
        last = datetime.date(year, 6, 30) if half == 1 else datetime.date(year, 12, 31)
        if first > ends_on:
            return out
        out.append((f"{year}H{half}", max(first, starts_on), min(last, ends_on)))
        year, half = (year, 2) if half == 1 else (year + 1, 1)


@transaction.atomic
def create_periods(user, project_id: int) -> list[ReportingPeriod]:
    """The project's half-year periods and its final report (whole project); existing codes are kept."""
    require_manager(user)
    project = Project.objects.select_for_update().get(pk=project_id)
    have = set(ReportingPeriod.objects.filter(project=project).values_list("code", flat=True))
    wanted = [(c, s, e, PeriodKind.HALF_YEAR) for c, s, e in half_years(project.starts_on, project.ends_on)]
    wanted.append(("final", project.starts_on, project.ends_on, PeriodKind.FINAL))
    created = []
    for code, starts, ends, kind in wanted:
        if code in have:
            continue
        period = ReportingPeriod.objects.create(
            project=project, code=code, kind=kind, starts_on=starts, ends_on=ends
        )
        created.append(period)
    if created:
        log_action(
            user,
            "create",
            project,
            object_repr=f"{project}: periods",
            changes={"periods": [p.code for p in created]},
        )
    return created
