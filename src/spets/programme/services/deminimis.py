"""The de minimis ledger: exchange rates, the single undertaking, the value of support, and the register's
hooks (`spets.companies.extensions`): refuse an activity that would take a single undertaking over the
ceiling, write the aid it grants, show the headroom on the company page, hold aid records 10 years.

The rules themselves (ceilings, windows, conversion, value) are the pure module `spets.programme.deminimis`.
Aid is recorded for activities inside a programme project: dated within a project's period and logged by
an organisation that takes part in it. Declarations, the ledger pages' data and the register export are in
`deminimis_ledger`.
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.db import transaction
from django.db.models import Max, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from spets.companies.extensions import PlannedActivity
from spets.companies.models import Activity, Company, Offer, Visibility
from spets.core.audit import log_action
from spets.core.errors import InvalidData
from spets.core.policy import Can, can
from spets.core.scoping import unscoped
from spets.core.templatetags.spets import num
from spets.programme import deminimis as rules
from spets.programme import permissions
from spets.programme.models import (
    AidDeclaration,
    AidGrant,
    CeilingDecision,
    ExchangeRate,
    Project,
)

DATA = Path(__file__).resolve().parents[1] / "data"
RATES_FILE = DATA / "eur_sek_rates.csv"
SETTINGS_FILE = DATA / "deminimis.yaml"
# SEK per EUR outside this range is a typing error, not a rate (the krona has traded at 8.5–12 since 1999).
PLAUSIBLE_RATE = (Decimal(5), Decimal(30))
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


# --- permissions ---------------------------------------------------------------------------------------


def can_see_ledger(user) -> bool:
    """Headroom, the company ledger and certificates: programme staff who read company records."""
    return permissions.can_see_programme(user)


def can_record_declaration(user) -> bool:
    """A company's declaration of other aid is recorded by advisors and programme managers."""
    return can(user, Can.WRITE_COMPANY_DATA) and can(user, Can.READ_RECORDS)


def can_see_register(user) -> bool:
    """The programme's whole aid register and its export: programme managers."""
    return permissions.can_manage_programme(user)


# --- settings and exchange rates -----------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def settings() -> dict:
    data = yaml.safe_load(SETTINGS_FILE.read_text(encoding="utf-8"))
    return {**data, "default_hourly_rate_sek": Decimal(str(data["default_hourly_rate_sek"]))}


@dataclass(frozen=True)
class Rate:
    month: str  # "YYYY-MM"
    eur_sek: Decimal  # SEK per EUR
    source: str
    provisional: bool = False


def parse_rates(text: str, origin: str) -> list[Rate]:
    """Monthly rates from CSV text: lines starting with '#' are comments (a '# source: …' line names the
    source), then a header with the columns `month` (YYYY-MM) and `eur_sek` (SEK per EUR; a decimal point
    or comma), optionally `note` ('provisional…' marks a provisional rate). Every bad line is named."""
    source, body = origin, []
    for line in text.lstrip("\ufeff").splitlines():
        if line.startswith("#"):
            if line[1:].strip().lower().startswith("source:"):
                source = line[1:].strip()[len("source:") :].strip()[:300]
        elif line.strip():
            body.append(line)
    if not body:
        raise InvalidData({"file": _("The file has no rates (expected the columns month and eur_sek).")})
    delimiter = ";" if body[0].count(";") > body[0].count(",") else ","
    reader = csv.DictReader(io.StringIO("\n".join(body)), delimiter=delimiter)
    columns = [c.strip().lower() for c in reader.fieldnames or []]
    if "month" not in columns or "eur_sek" not in columns:
        raise InvalidData({"file": _("The header must name the columns month and eur_sek.")})
    reader.fieldnames = columns
    rates, errors, seen = [], [], set()
    for number, row in enumerate(reader, start=2):
        month, value = (row.get("month") or "").strip(), (row.get("eur_sek") or "").strip()
        if not _MONTH.match(month):
            errors.append(_("line %(n)d: %(month)r is not a month (YYYY-MM)") % {"n": number, "month": month})
            continue
        if month in seen:
            errors.append(_("line %(n)d: %(month)s appears twice") % {"n": number, "month": month})
            continue
        seen.add(month)
        try:
            rate = Decimal(value.replace(",", "."))
        except InvalidOperation:
            errors.append(_("line %(n)d: %(value)r is not a number") % {"n": number, "value": value})
            continue
        if not PLAUSIBLE_RATE[0] <= rate <= PLAUSIBLE_RATE[1]:
            errors.append(
                _("line %(n)d: %(rate)s SEK per EUR is not a plausible rate (expected %(low)s–%(high)s)")
                % {"n": number, "rate": rate, "low": PLAUSIBLE_RATE[0], "high": PLAUSIBLE_RATE[1]}
            )
            continue
        note = (row.get("note") or "").strip().lower()
        rates.append(Rate(month, rate.quantize(Decimal("0.0001")), source, note.startswith("provisional")))
    if errors:
        shown = "; ".join(errors[:10]) + (" …" if len(errors) > 10 else "")
        raise InvalidData({"file": shown})
    return rates


@functools.lru_cache(maxsize=1)
def packaged_rates() -> dict[str, Rate]:
    """The rates file shipped with Spets (data/eur_sek_rates.csv)."""
    return {r.month: r for r in parse_rates(RATES_FILE.read_text(encoding="utf-8"), RATES_FILE.name)}


def rates() -> dict[str, Rate]:
    """Every known monthly rate: the packaged file, overridden by rates imported into the database."""
    merged = dict(packaged_rates())
    for row in ExchangeRate.objects.all():
        merged[rules.month_key(row.month)] = Rate(rules.month_key(row.month), row.eur_sek, row.source)
    return merged


def rate_on(day: datetime.date, known: dict[str, Rate] | None = None, field: str = "date") -> Rate:
    """The rate for the month of `day`; a missing month is an InvalidData naming it (on `field`)."""
    known = rates() if known is None else known
    try:
        rules.rate_for({m: r.eur_sek for m, r in known.items()}, day)
    except rules.MissingRate as exc:
        raise InvalidData(
            {
                field: _(
                    "No EUR/SEK exchange rate for %(month)s: de minimis aid is converted at the rate of "
                    "the month it is granted. Import the rate with `spets deminimis-rates import FILE`."
                )
                % {"month": exc.month}
            }
        ) from None
    return known[rules.month_key(day)]


def rate_label(rate: Rate) -> str:
    label = f"{rate.source} ({rate.month})"
    return f"{label}, {_('provisional')}" if rate.provisional else label


@dataclass(frozen=True)
class RateImport:
    added: int
    changed: int
    unchanged: int


def import_rates(text: str, origin: str, user=None, dry_run: bool = False) -> RateImport:
    """Import monthly rates (see `parse_rates`) in one transaction: nothing is written if any line is
    bad. A rate counts as changed when its value differs or the current one is provisional."""
    incoming = parse_rates(text, origin)
    current = rates()
    added = [r for r in incoming if r.month not in current]
    changed = [
        r
        for r in incoming
        if r.month in current and (current[r.month].eur_sek != r.eur_sek or current[r.month].provisional)
    ]
    result = RateImport(len(added), len(changed), len(incoming) - len(added) - len(changed))
    if dry_run or not (added or changed):
        return result
    with transaction.atomic():
        for r in added + changed:
            ExchangeRate.objects.update_or_create(
                month=datetime.date(int(r.month[:4]), int(r.month[5:]), 1),
                defaults={"eur_sek": r.eur_sek, "source": r.source[:300]},
            )
        log_action(
            user,
            "import",
            object_type="programme.ExchangeRate",
            object_repr="EUR/SEK",
            changes={
                "source": incoming[0].source,
                "added": ", ".join(r.month for r in added),
                "changed": ", ".join(f"{r.month}: {current[r.month].eur_sek} → {r.eur_sek}" for r in changed),
            },
        )
    return result


# --- the single undertaking ----------------------------------------------------------------------------


def group_of(company_id: int) -> list[int]:
    """The single undertaking of a company: the group from the register's parent-company links (its top
    parent first, then everything below it). A system question: not scoped to a user. A company without
    parent or subsidiaries (the usual case) costs one query."""
    with unscoped():
        companies = Company.objects.all()
        first = list(
            companies.filter(Q(pk=company_id) | Q(parent_id=company_id)).values_list("pk", "parent_id")
        )
        parents = dict(first)  # the company's own parent, and its subsidiaries' (the company)
        children = {company_id: [pk for pk, parent in first if parent == company_id]}

        def parent_of(pk: int) -> int | None:
            if pk not in parents:
                parents[pk] = companies.filter(pk=pk).values_list("parent_id", flat=True).first()
            return parents[pk]

        def children_of(level: set[int]) -> list[int]:
            unknown = level - children.keys()
            if unknown:
                for pk in unknown:
                    children[pk] = []
                for pk, parent in companies.filter(parent_id__in=unknown).values_list("pk", "parent_id"):
                    children[parent].append(pk)
            return [c for pk in level for c in children[pk]]

        members = rules.group_members(company_id, parent_of, children_of)
        top = rules.top_of(company_id, parent_of)
        return [top] + sorted(members - {top})


def latest_declarations(member_ids: Iterable[int]) -> dict[int, AidDeclaration]:
    """Each company's newest declaration (a newer one replaces the earlier)."""
    with unscoped():
        found: dict[int, AidDeclaration] = {}
        for d in (
            AidDeclaration.objects.filter(company_id__in=list(member_ids))
            .prefetch_related("entries")
            .order_by("company_id", "-declared_on", "-id")
        ):
            found.setdefault(d.company_id, d)
        return found


def group_grants(
    member_ids: list[int], declarations: dict[int, AidDeclaration] | None = None
) -> tuple[list[rules.Grant], list[rules.Grant]]:
    """The group's de minimis aid as the rules see it: (the programme's grants, declared other aid)."""
    with unscoped():
        ours = [
            rules.Grant(day, value, "programme")
            for day, value in AidGrant.objects.filter(company_id__in=member_ids).values_list(
                "granted_on", "value_eur"
            )
        ]
    if declarations is None:
        declarations = latest_declarations(member_ids)
    declared = [
        rules.Grant(e.granted_on, e.amount_eur, e.grantor)
        for d in declarations.values()
        for e in d.entries.all()
    ]
    return ours, declared


def group_label(member_ids: list[int], names: dict[int, str]) -> str:
    if len(member_ids) == 1:
        return names[member_ids[0]]
    listed = ", ".join(names[m] for m in member_ids[:5]) + (" …" if len(member_ids) > 5 else "")
    return _("the group %(names)s (%(n)d companies, one single undertaking)") % {
        "names": listed,
        "n": len(member_ids),
    }


# --- the value of an activity and the ceiling ----------------------------------------------------------


def project_for(organisation_id: int, day: datetime.date) -> Project | None:
    """The programme project an activity counts in: dated within its period, by a participant."""
    return (
        Project.objects.filter(
            starts_on__lte=day, ends_on__gte=day, participants__organisation_id=organisation_id
        )
        .order_by("starts_on")
        .first()
    )


@dataclass(frozen=True)
class GroupCheck:
    """One single undertaking touched by a planned activity: its planned aid and the ceiling test."""

    members: list[int]
    label: str
    company_ids: list[int]  # the activity's companies in this group
    value: rules.Value  # per company
    value_eur: Decimal  # per company
    rate: Rate
    assessment: rules.Assessment
    declared: set[int]  # members with a declaration recorded on or before the activity date

    @property
    def amount_sek(self) -> Decimal:
        return self.value.value_sek * len(self.company_ids)


def activity_value(planned: PlannedActivity, offer: Offer | None = None) -> rules.Value:
    """The value of a planned activity to each of its companies (see `rules.support_value`)."""
    if offer is None and planned.offer_id:
        with unscoped():
            offer = Offer.objects.filter(pk=planned.offer_id).only("value_sek", "typical_hours").first()
    total_hours = sum((Decimal(h) for _a, h in planned.advisor_hours), Decimal(0))
    return rules.support_value(
        total_hours,
        len(planned.company_ids),
        offer_value_sek=Decimal(offer.value_sek) if offer and offer.value_sek else None,
        offer_typical_hours=offer.typical_hours if offer else None,
        default_rate_sek=settings()["default_hourly_rate_sek"],
    )


def plan_aid(planned: PlannedActivity, lock: bool = False) -> list[GroupCheck]:
    """The aid a planned activity grants, per single undertaking, with the ceiling test. Empty when the
    activity is outside every programme project or has no value. `lock` (inside the activity's
    transaction) locks the groups' company rows first, so concurrent activities are tested one by one."""
    if not planned.company_ids or project_for(planned.organisation_id, planned.date) is None:
        return []
    value = activity_value(planned)
    if value.value_sek <= 0:
        return []
    rate = rate_on(planned.date)
    value_eur = rules.sek_to_eur(value.value_sek, rate.eur_sek)
    groups: list[list[int]] = []
    for company_id in planned.company_ids:
        if not any(company_id in g for g in groups):
            groups.append(group_of(company_id))
    with unscoped():
        every = sorted({m for g in groups for m in g})
        if lock:
            list(Company.objects.select_for_update().filter(pk__in=every).values_list("pk", flat=True))
        names = dict(Company.objects.filter(pk__in=every).values_list("pk", "name"))
    checks = []
    for members in groups:
        in_group = [c for c in planned.company_ids if c in members]
        declarations = latest_declarations(members)
        ours, declared = group_grants(members, declarations)
        checks.append(
            GroupCheck(
                members=members,
                label=group_label(members, names),
                company_ids=in_group,
                value=value,
                value_eur=value_eur,
                rate=rate,
                assessment=rules.assess(ours + declared, planned.date, value_eur * len(in_group)),
                declared={m for m, d in declarations.items() if d.declared_on <= planned.date},
            )
        )
    return checks


def sek(amount: Decimal) -> str:
    return num(amount, 0)


def refusal(check: GroupCheck) -> str:
    """Why an activity is refused at the ceiling, with the amount and the headroom in EUR and SEK."""
    h = check.assessment.headroom
    left = max(h.headroom_eur, Decimal(0))
    return _(
        "Over the de minimis ceiling: this activity would give %(group)s aid worth %(eur)s EUR "
        "(%(sek)s SEK), but only %(left_eur)s EUR (%(left_sek)s SEK) remains under Regulation (EU) "
        "%(regulation)s: ceiling %(ceiling)s EUR for %(start)s – %(end)s, of which %(used)s EUR is used."
    ) % {
        "group": check.label,
        "eur": num(check.assessment.amount_eur, 0),
        "sek": sek(check.amount_sek),
        "left_eur": num(left, 0),
        "left_sek": sek(rules.eur_to_sek(left, check.rate.eur_sek)),
        "regulation": h.rule.regulation,
        "ceiling": num(h.ceiling_eur, 0),
        "start": h.window_start.isoformat(),
        "end": h.window_end.isoformat(),
        "used": num(h.used_eur, 0),
    }


def override_allowed(planned: PlannedActivity) -> bool:
    return bool(planned.override_reason.strip()) and permissions.can_manage_programme(planned.user)


def check_activity(planned: PlannedActivity) -> None:
    """Activity check (extensions.activity_checks): refuse aid over the ceiling unless a programme manager
    gives a reason for going ahead (recorded as a CeilingDecision when the activity is written)."""
    over = [c for c in plan_aid(planned) if c.assessment.exceeds]
    if not over or override_allowed(planned):
        return
    messages = [refusal(c) for c in over]
    if planned.override_reason.strip():
        messages.append(_("Only a programme manager may decide to exceed the ceiling."))
    else:
        messages.append(_("A programme manager may go ahead by recording the reason for the decision."))
    raise InvalidData({"companies": " ".join(messages)})


def method_note(value: rules.Value, offer_name: str | None) -> str:
    if value.method == rules.OFFER_RATE:
        return _("%(hours)s h × %(rate)s SEK/h (market rate of the offer %(offer)s)") % {
            "hours": num(value.hours, 2),
            "rate": num(value.hourly_rate_sek, 2),
            "offer": offer_name,
        }
    if value.method == rules.STATED_AMOUNT:
        return _("stated value of the offer %(offer)s") % {"offer": offer_name}
    return _("%(hours)s h × %(rate)s SEK/h (the programme's standard rate)") % {
        "hours": num(value.hours, 2),
        "rate": num(value.hourly_rate_sek, 2),
    }


def value_text(grant: AidGrant) -> str:
    """How a recorded aid was valued, in the active language (the stored `method_note` keeps the words
    used when it was recorded)."""
    offer = grant.activity.offer.name if grant.activity.offer_id else None
    return method_note(rules.Value(grant.method, grant.value_sek, grant.hours, grant.hourly_rate_sek), offer)


def record_aid(activity: Activity, planned: PlannedActivity) -> None:
    """Activity-recorded hook: write the ledger rows (and a programme manager's decision), inside the
    activity's transaction. The ceiling is tested again with the groups locked."""
    checks = plan_aid(planned, lock=True)
    if not checks:
        return
    user = planned.user
    with unscoped():
        recipients = {c.pk: c for c in Company.objects.filter(pk__in=planned.company_ids)}
        for check in checks:
            decision = None
            if check.assessment.exceeds:
                if not override_allowed(planned):
                    raise InvalidData({"companies": refusal(check)})
                decision = CeilingDecision.objects.create(
                    company_id=check.company_ids[0],
                    activity=activity,
                    decided_by=user,
                    reason=planned.override_reason.strip(),
                    regulation=check.assessment.headroom.rule.regulation,
                    amount_eur=check.assessment.amount_eur,
                    headroom_eur=check.assessment.headroom.headroom_eur,
                )
                log_action(
                    user,
                    "decide",
                    decision,
                    company_id=check.company_ids[0],
                    object_repr=_("Decision to exceed the de minimis ceiling"),
                    changes={
                        "reason": decision.reason,
                        "amount_eur": str(decision.amount_eur),
                        "headroom_eur": str(decision.headroom_eur),
                        "activity": activity.pk,
                    },
                )
            grants = [
                new_grant(activity, recipients[c], check.value, check.value_eur, check.rate)
                for c in check.company_ids
            ]
            for grant in grants:
                grant.declaration_missing = not check.declared
                grant.decision = decision
                grant.save()
                log_grant(user, grant, activity)


def new_grant(activity: Activity, company: Company, value: rules.Value, value_eur: Decimal, rate: Rate):
    """An unsaved ledger row: the aid `activity` grants `company`, valued and converted."""
    offer_name = activity.offer.name if activity.offer_id else None
    return AidGrant(
        company=company,
        recipient_orgnr=company.orgnr,
        recipient_name=company.name,
        activity=activity,
        organisation_id=activity.organisation_id,
        granted_on=activity.date,
        method=value.method,
        hours=value.hours,
        hourly_rate_sek=value.hourly_rate_sek,
        value_sek=value.value_sek,
        method_note=method_note(value, offer_name)[:300],
        eur_rate=rate.eur_sek,
        eur_rate_source=rate_label(rate)[:300],
        value_eur=value_eur,
        regulation=rules.rule_for(activity.date).regulation,
        synthetic=activity.synthetic,
    )


def log_grant(user, grant: AidGrant, activity: Activity) -> None:
    # A private activity's aid entry is for its organisation (as the activity's own entry).
    readers = [activity.organisation_id] if activity.visibility == Visibility.ORGANISATION else None
    log_action(
        user,
        "create",
        grant,
        company_id=grant.company_id,
        visible_to=readers,
        object_repr=_("De minimis aid %(sek)s SEK") % {"sek": sek(grant.value_sek)},
        changes={
            "activity": activity.pk,
            "granted_on": activity.date.isoformat(),
            "value_sek": str(grant.value_sek),
            "value_eur": str(grant.value_eur),
            "eur_rate": str(grant.eur_rate),
            "regulation": grant.regulation,
            "method": grant.method,
        },
    )


def backfill(activities=None, user=None) -> dict[str, int]:
    """Write the ledger rows of activities recorded without them (logged before the ledger existed, or
    imported): every activity inside a programme project that has no aid row yet. No ceiling test: these
    are past facts, and the company page then shows a group over the ceiling as such. System work."""
    with unscoped():
        qs = Activity.objects.all() if activities is None else activities
        qs = (
            qs.exclude(pk__in=AidGrant.objects.values("activity_id"))
            .select_related("offer")
            .prefetch_related("companies", "advisors")
        )
        projects = [
            (p.starts_on, p.ends_on, {pt.organisation_id for pt in p.participants.all()})
            for p in Project.objects.prefetch_related("participants")
        ]
        known = rates()
        declared = set(AidDeclaration.objects.values_list("company_id", flat=True))
        written, skipped, missing_rate = [], 0, 0
        for activity in qs.order_by("date", "pk").iterator(chunk_size=500):
            companies = list(activity.companies.all())
            inside = any(s <= activity.date <= e and activity.organisation_id in o for s, e, o in projects)
            if not companies or not inside:
                skipped += 1
                continue
            planned = PlannedActivity(
                user=user,
                organisation_id=activity.organisation_id,
                type=activity.type,
                date=activity.date,
                company_ids=tuple(c.pk for c in companies),
                advisor_hours=tuple((a.advisor_id, a.hours) for a in activity.advisors.all()),
                offer_id=activity.offer_id,
            )
            value = activity_value(planned, activity.offer)
            if value.value_sek <= 0:
                skipped += 1
                continue
            try:
                rate = rate_on(activity.date, known)
            except InvalidData:
                missing_rate += 1
                continue
            value_eur = rules.sek_to_eur(value.value_sek, rate.eur_sek)
            for company in companies:
                grant = new_grant(activity, company, value, value_eur, rate)
                grant.declaration_missing = company.pk not in declared
                written.append(grant)
        AidGrant.objects.bulk_create(written, batch_size=1000)
        if written:
            log_action(
                user,
                "import",
                object_type="programme.AidGrant",
                object_repr=_("De minimis ledger: rows for earlier activities"),
                changes={"written": len(written), "missing_rate": missing_rate},
            )
    return {"written": len(written), "skipped": skipped, "missing_rate": missing_rate}


# --- the aid per company, for the participant list --------------------------------------------------------


def aid_by_company(project_id: int, end: datetime.date) -> dict[int, Decimal]:
    """The de minimis aid (SEK) the project granted each company up to `end`: the ledger's rows dated from
    the project's start to `end`, by the project's organisations. Companies without aid are left out (the
    list shows 0). One grouped query; a system question (callers scope the rows they show)."""
    project = Project.objects.filter(pk=project_id).first()
    if project is None:
        return {}
    organisations = list(project.participants.values_list("organisation_id", flat=True))
    with unscoped():
        rows = (
            AidGrant.objects.filter(
                granted_on__gte=project.starts_on,
                granted_on__lte=min(end, project.ends_on),
                organisation_id__in=organisations,
            )
            .values("company_id")
            .annotate(total=Sum("value_sek"))
            .order_by()
            .values_list("company_id", "total")
        )
        return {company_id: total for company_id, total in rows if total}


# --- headroom on the company page ----------------------------------------------------------------------


@dataclass(frozen=True)
class GroupStatus:
    """A single undertaking's de minimis position on a day, for the company page and the ledger."""

    members: list[Company]
    headroom: rules.Headroom
    ours_eur: Decimal  # the programme's aid in the window
    declared_eur: Decimal  # other aid declared, in the window
    rate: Rate | None  # this month's rate (None: missing)
    declarations: dict[int, AidDeclaration]

    @property
    def headroom_eur(self) -> Decimal:
        return self.headroom.headroom_eur

    @property
    def headroom_sek(self) -> Decimal | None:
        return None if self.rate is None else rules.eur_to_sek(self.headroom_eur, self.rate.eur_sek)

    @property
    def over(self) -> bool:
        return self.headroom_eur < 0

    @property
    def declaration(self) -> AidDeclaration | None:
        """The newest declaration of any member of the group."""
        found = sorted(self.declarations.values(), key=lambda d: (d.declared_on, d.pk), reverse=True)
        return found[0] if found else None

    @property
    def is_group(self) -> bool:
        return len(self.members) > 1


def group_status(company_id: int, on: datetime.date | None = None) -> GroupStatus:
    on = on or timezone.localdate()
    members = group_of(company_id)
    declarations = latest_declarations(members)
    ours, declared = group_grants(members, declarations)
    h = rules.headroom(ours + declared, on)
    try:
        rate: Rate | None = rate_on(on)
    except InvalidData:
        rate = None
    with unscoped():
        found = Company.objects.filter(pk__in=members).only("pk", "name", "orgnr", "parent_id")
        by_pk = {c.pk: c for c in found}
        companies = [by_pk[m] for m in members]
    return GroupStatus(
        members=companies,
        headroom=h,
        ours_eur=rules.total_in(ours, h.window_start, h.window_end),
        declared_eur=rules.total_in(declared, h.window_start, h.window_end),
        rate=rate,
        declarations=declarations,
    )


def headroom_eur(company_id: int, day: datetime.date) -> Decimal | None:
    """The company's single undertaking's remaining de minimis headroom in EUR for a grant on `day`
    (negative when already over the ceiling), counting the programme's grants and the declared other aid
    of every member of its group. None when nothing is known: the company does not exist, or no member has
    a programme grant or a declaration (its other aid is unknown). A system question for other apps (the
    matching app's eligibility test); not scoped to a user."""
    with unscoped():
        if not Company.objects.filter(pk=company_id).exists():
            return None
    members = group_of(company_id)
    declarations = latest_declarations(members)
    ours, declared = group_grants(members, declarations)
    if not ours and not declarations:
        return None
    return rules.headroom(ours + declared, day).headroom_eur


def company_panel(user, company_id: int) -> dict | None:
    """Company-page panel (extensions.company_panels): the group's headroom and declaration status."""
    if not can_see_ledger(user):
        return None
    return {
        "template": "programme/_deminimis_panel.html",
        "status": group_status(company_id),
        "ledger_url": reverse("programme:deminimis_company", args=[company_id]),
        "declare_url": (
            reverse("programme:deminimis_declaration", args=[company_id])
            if can_record_declaration(user)
            else None
        ),
    }


# --- retention -----------------------------------------------------------------------------------------


def retention_hold(company_id: int, today: datetime.date) -> str | None:
    """Retention hold (extensions.retention_holds): a company with de minimis records younger than 10
    years keeps them (Regulation (EU) 2023/2831 Art. 6(4): 10 years from the grant)."""
    with unscoped():
        latest = [
            AidGrant.objects.filter(company_id=company_id).aggregate(d=Max("granted_on"))["d"],
            AidDeclaration.objects.filter(company_id=company_id).aggregate(d=Max("declared_on"))["d"],
        ]
    dates = [d for d in latest if d is not None]
    if not dates:
        return None
    until = rules.retained_until(max(dates))
    if until < today:
        return None
    return _(
        "de minimis aid records are kept until %(until)s (10 years from the grant, Regulation (EU) "
        "2023/2831 Art. 6(4))"
    ) % {"until": until.isoformat()}
