"""Closing a reporting period (its figures frozen as reported), reopening one (a programme manager, with a
reason), and the free-text sections of the progress report (optimistic locking)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spets.core.audit import log_action
from spets.core.errors import Conflict, InvalidData
from spets.programme import permissions as perm
from spets.programme.models import ReportingPeriod, ReportSection, SectionKey
from spets.programme.services import indicators as indicator_services

MAX_SECTION_CHARS = 20_000


def _who(user) -> str:
    if user is None:
        return _("someone")
    return user.get_full_name() or user.get_username()


def reported_values(doc: dict[str, Any]) -> dict[str, Any]:
    """Each indicator's value in a figures document, as audit-log fields ("reported:CO01": 12)."""
    return {f"reported:{ident}": ind.get("value") for ident, ind in doc.get("indicators", {}).items()}


@transaction.atomic
def close_period(user, period_id: int) -> ReportingPeriod:
    """Freeze the period's figures, the companies and activities behind them and the report's texts in
    `snapshot`; from now on its report reads the snapshot, whatever is edited later."""
    perm.require(perm.can_manage_programme(user), _("only programme managers close periods"))
    period = (
        ReportingPeriod.objects.select_for_update(of=("self",))
        .select_related("project", "closed_by")
        .get(pk=period_id)
    )
    if period.is_closed:
        raise Conflict(
            _("%(period)s was already closed by %(who)s on %(when)s")
            % {
                "period": period.code,
                "who": _who(period.closed_by),
                "when": timezone.localtime(period.closed_at).strftime("%Y-%m-%d %H:%M"),
            }
        )
    today = timezone.localdate()
    if today <= period.ends_on:
        raise InvalidData(
            {
                "period": _("%(period)s ends on %(end)s: close it after its last day")
                % {
                    "period": period.code,
                    "end": period.ends_on.isoformat(),
                }
            }
        )
    doc = indicator_services.compute(period, with_activities=True)
    if doc["no_orgnr"]:
        names = ", ".join(
            f"{doc['companies'][str(cid)].get('name', '?')} (id {cid})" for cid in doc["no_orgnr"][:20]
        )
        raise InvalidData(
            {
                "period": _("companies counted in the indicators have no organisation number: %(rows)s")
                % {"rows": names}
            }
        )
    now = timezone.now()
    doc["sections"] = {
        s.key: {
            "text": s.text,
            "updated_by": _who(s.updated_by) if s.updated_by_id else "",
            "updated_at": timezone.localtime(s.updated_at).isoformat(),
        }
        for s in ReportSection.objects.filter(period=period).select_related("updated_by")
    }
    doc["closed"] = {"at": now.isoformat(), "by": _who(user), "user_id": user.pk}
    period.snapshot = doc
    period.closed_at = now
    period.closed_by = user
    period.save(update_fields=["snapshot", "closed_at", "closed_by"])
    log_action(
        user,
        "close",
        period,
        object_repr=f"{period.project}: {period.code}",
        changes={**reported_values(doc), "companies": len(doc["companies"])},
    )
    return period


@transaction.atomic
def reopen_period(user, period_id: int, reason: str) -> ReportingPeriod:
    """Open a closed period again (a correction the funder asked for). The figures that were reported stay
    in the audit log with the reason; the period is computed afresh until it is closed again."""
    perm.require(perm.can_manage_programme(user), _("only programme managers reopen periods"))
    period = (
        ReportingPeriod.objects.select_for_update(of=("self",))
        .select_related("project", "closed_by")
        .get(pk=period_id)
    )
    if not period.is_closed:
        raise Conflict(_("%(period)s is not closed") % {"period": period.code})
    if not (reason or "").strip():
        raise InvalidData({"reason": _("say why the period is reopened")})
    log_action(
        user,
        "reopen",
        period,
        object_repr=f"{period.project}: {period.code}",
        changes={
            "reason": reason.strip(),
            "closed_at": period.closed_at.isoformat(),
            "closed_by": _who(period.closed_by),
            **reported_values(period.snapshot or {}),
        },
    )
    period.closed_at = None
    period.closed_by = None
    period.snapshot = {}
    period.save(update_fields=["snapshot", "closed_at", "closed_by"])
    return period


# --- free-text sections ------------------------------------------------------------------------------


def sections(period: ReportingPeriod) -> list[dict[str, Any]]:
    """The report's sections in order: text, version (for the next save) and who wrote it last. A closed
    period's come from its snapshot."""
    frozen = (period.snapshot or {}).get("sections") if period.is_closed else None
    stored = (
        {}
        if frozen is not None
        else {s.key: s for s in ReportSection.objects.filter(period=period).select_related("updated_by")}
    )
    out = []
    for key, label in SectionKey.choices:
        if frozen is not None:
            entry = frozen.get(key, {})
            out.append(
                {
                    "key": key,
                    "label": label,
                    "text": entry.get("text", ""),
                    "version": None,
                    "updated_by": entry.get("updated_by", ""),
                    "updated_at": entry.get("updated_at"),
                }
            )
            continue
        section = stored.get(key)
        out.append(
            {
                "key": key,
                "label": label,
                "text": section.text if section else "",
                "version": section.version if section else 0,
                "updated_by": _who(section.updated_by) if section and section.updated_by_id else "",
                "updated_at": timezone.localtime(section.updated_at).isoformat() if section else None,
            }
        )
    return out


@transaction.atomic
def save_section(user, period_id: int, key: str, text: str, version: int) -> ReportSection:
    """Save a section's text if nobody saved it since `version` was read; otherwise say who did."""
    perm.require(perm.can_manage_programme(user), _("only programme managers write the progress report"))
    period = ReportingPeriod.objects.select_for_update().get(pk=period_id)
    if key not in SectionKey.values:
        raise InvalidData({"key": _("unknown section %(key)s") % {"key": key}})
    if period.is_closed:
        raise Conflict(
            _("%(period)s is closed: its report can no longer be changed") % {"period": period.code}
        )
    if len(text) > MAX_SECTION_CHARS:
        raise InvalidData(
            {
                "text": _("at most %(n)s characters (this text has %(m)s)")
                % {"n": MAX_SECTION_CHARS, "m": len(text)}
            }
        )
    section, _created = ReportSection.objects.select_for_update().get_or_create(period=period, key=key)
    if section.version != version:
        section = ReportSection.objects.select_related("updated_by").get(pk=section.pk)
        raise Conflict(
            _(
                "%(who)s changed this section at %(when)s, after you opened it: copy your text, reload and merge"
            )
            % {
                "who": _who(section.updated_by),
                "when": timezone.localtime(section.updated_at).strftime("%H:%M"),
            }
        )
    old = section.text
    section.text = text
    section.version += 1
    section.updated_by = user
    section.save()
    log_action(
        user,
        "update",
        section,
        object_repr=f"{period.code}: {section.get_key_display()}",
        changes={"text": [old, text], "version": section.version},
    )
    return section
