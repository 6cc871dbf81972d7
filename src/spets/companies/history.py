"""A company's change history for people: each audit entry as a sentence ("Anna Berg changed status from
Active to Ceased"), the many entries of one thing (the answer saves of a self-assessment) as one line with a
link to it (`extensions.history_groups`), and never a raw structure: a dict or list value, or a text that
is one, is said as "changed" without printing it.

`company_history(user, company_id)` reads the newest `FETCHED` entries the user may read
(`core.audit.history_for`, one query with the users joined), lets the registered apps group them (a few
queries each) and returns the newest `shown` lines.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from spets.companies import extensions
from spets.companies.texts import field_label, type_label
from spets.core.audit import history_for

FETCHED = 400  # entries read: enough that one self-assessment's ~60 saves do not crowd out older lines
SHOWN = 50  # lines shown on the company page
LONG_TEXT = 120  # longer values are cut with "…"


@dataclass
class HistoryLine:
    at: datetime.datetime  # the newest entry's time
    text: str  # the sentence, who included
    details: list[str] = field(default_factory=list)  # one phrase per changed field
    url: str = ""  # a grouped line links to what it is about
    link_text: str = ""
    since: datetime.datetime | None = None  # a grouped line: its oldest entry's time
    count: int = 1  # entries behind the line
    who: list[str] = field(default_factory=list)


def _who(entry, anonymous: str = "") -> str:
    user = entry.user
    if user is not None:
        return user.get_full_name() or user.get_username()
    if entry.user_repr and entry.user_repr != "system":
        return entry.user_repr
    return anonymous or _("Spets (automatic)")


def _model(object_type: str):
    from django.apps import apps

    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model, name: str):
    if model is not None:
        for f in model._meta.concrete_fields:
            if name in (f.name, f.attname):
                return f
    return None


def is_structure(value) -> bool:
    """A dict or list (other than an [old, new] pair), or text that is one (an old entry's Python repr)."""
    if isinstance(value, (dict, list, tuple)):
        return True
    if isinstance(value, str):
        text = value.strip()
        return len(text) > 1 and (text[0], text[-1]) in (("{", "}"), ("[", "]"))
    return False


def say(value, model_field=None) -> str:
    """One stored value in words: a choice's label, yes/no, "–" for empty, long text cut."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if model_field is not None and model_field.choices:
        labels = {str(k): str(v) for k, v in model_field.flatchoices}
        value = labels.get(str(value), value)
    text = str(value)
    return text if len(text) <= LONG_TEXT else text[: LONG_TEXT - 1] + "…"


def change_phrase(model, key: str, value, action: str) -> str | None:
    """One changed field in words, or None for what the sentence already says (the GDPR marker)."""
    if action == "export" and key == "gdpr":
        return None
    f = _field(model, key)
    label = field_label(model, key)
    if isinstance(value, list) and len(value) == 2 and not any(is_structure(v) for v in value):
        old, new = value
        if old in (None, ""):
            return _("%(field)s to %(new)s") % {"field": label, "new": say(new, f)}
        if new in (None, ""):
            return _("%(field)s from %(old)s to empty") % {"field": label, "old": say(old, f)}
        return _("%(field)s from %(old)s to %(new)s") % {
            "field": label,
            "old": say(old, f),
            "new": say(new, f),
        }
    if is_structure(value) or (isinstance(value, list) and len(value) == 2):
        return _("%(field)s changed") % {"field": label}
    return _("%(field)s: %(value)s") % {"field": label, "value": say(value, f)}


def sentence(entry, who: str) -> str:
    """What the entry says, as a sentence with who did it."""
    what = " ".join(part for part in (type_label(entry.object_type), entry.object_repr) if part)
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    names = {"who": who, "what": what}
    if entry.action == "export" and changes.get("gdpr"):
        return _("%(who)s answered a GDPR access request (register extract) about %(what)s") % names
    sentences = {
        "create": lambda: pgettext("history", "%(who)s created %(what)s"),
        "update": lambda: pgettext("history", "%(who)s changed %(what)s"),
        "delete": lambda: pgettext("history", "%(who)s deleted %(what)s"),
        "merge": lambda: pgettext("history", "%(who)s merged another record into %(what)s"),
        "erase": lambda: pgettext("history", "%(who)s anonymised %(what)s"),
        "import": lambda: pgettext("history", "%(who)s imported %(what)s"),
        "export": lambda: pgettext("history", "%(who)s exported %(what)s"),
        "accept": lambda: pgettext("history", "%(who)s accepted %(what)s"),
        "decline": lambda: pgettext("history", "%(who)s declined %(what)s"),
        "complete": lambda: pgettext("history", "%(who)s completed %(what)s"),
        "remind": lambda: pgettext("history", "%(who)s sent a reminder about %(what)s"),
        "send": lambda: pgettext("history", "%(who)s sent %(what)s"),
        "revoke": lambda: pgettext("history", "%(who)s revoked %(what)s"),
    }
    template = sentences.get(entry.action)
    if template is None:
        return pgettext("history", "%(who)s: %(action)s %(what)s") % {**names, "action": entry.action}
    return template() % names


def describe(entry) -> HistoryLine:
    model = _model(entry.object_type)
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    details = [
        phrase
        for key, value in changes.items()
        if (phrase := change_phrase(model, key, value, entry.action)) is not None
    ]
    who = _who(entry)
    return HistoryLine(at=entry.at, text=sentence(entry, who), details=details, who=[who])


def _grouped(entries: list, group: extensions.HistoryGroup) -> HistoryLine:
    """One line for a group's entries (newest first)."""
    who: list[str] = []
    for entry in entries:
        name = _who(entry, group.anonymous)
        if name not in who:
            who.append(name)
    people = ", ".join(who)
    text = ngettext(
        "%(who)s worked on %(title)s (%(count)s change)",
        "%(who)s worked on %(title)s (%(count)s changes)",
        len(entries),
    ) % {"who": people, "title": group.title, "count": len(entries)}
    return HistoryLine(
        at=entries[0].at,
        text=text,
        details=[group.summary] if group.summary else [],
        url=group.url,
        link_text=group.title,
        since=entries[-1].at,
        count=len(entries),
        who=who,
    )


def company_history(user, company_id: int, shown: int = SHOWN) -> list[HistoryLine]:
    """The newest `shown` lines of the company's change history as the user may read it, newest first."""
    entries = list(
        history_for(user, company_id)
        .select_related("user")
        .only(
            "id",
            "at",
            "user_repr",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "changes",
            "company_id",
            "user__username",
            "user__first_name",
            "user__last_name",
        )
        .order_by("-at", "-id")[:FETCHED]
    )
    groups = extensions.history_groups_for(user, entries) if entries else {}
    members: dict[str, list] = {}
    order: list[tuple[str, object]] = []  # ("group", key) or ("entry", entry), newest first
    for entry in entries:
        group = groups.get(entry.pk)
        if group is None:
            order.append(("entry", entry))
        elif group.key not in members:
            members[group.key] = [entry]
            order.append(("group", group))
        else:
            members[group.key].append(entry)
    lines = []
    for kind, item in order[:shown]:
        lines.append(describe(item) if kind == "entry" else _grouped(members[item.key], item))
    return lines
