"""Merge two company records: every related row moves to the survivor, the person chooses conflicting values.

Related rows are found through `Company._meta.related_objects`, so a model added later by another app
(assessments, cohorts, …) that points at Company is moved too without changing this module. Many-to-many
links (an activity with several companies) are re-pointed through their link table, dropping a link the
survivor already has. Both records' versions are checked (optimistic locking) inside the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from spets.companies import extensions
from spets.companies import permissions as perm
from spets.companies.models import Company
from spets.companies.services.companies import last_change, stale
from spets.companies.sizeclass import size_class
from spets.core.audit import log_action, plain_value
from spets.core.models import User
from spets.core.scoping import unscoped

# Master-data fields a person chooses between when the two records differ.
MERGE_FIELDS = (
    "orgnr",
    "name",
    "legal_form",
    "personal_data",
    "sni_id",
    "sni_codes",
    "municipality_id",
    "employees",
    "turnover_sek",
    "balance_sheet_sek",
    "website",
    "parent_id",
    "status",
)


class MergeError(ValueError):
    """The merge cannot be done as asked; the message says why."""


@dataclass
class ValueConflict:
    """A field whose value differs between the two records; the person chooses which to keep."""

    field: str
    label: str
    survivor_value: object
    other_value: object


def conflicts(survivor: Company, other: Company) -> list[ValueConflict]:
    """Fields whose values differ, for the merge form. An empty value on one side is not a conflict."""
    found = []
    for name in MERGE_FIELDS:
        mine, theirs = getattr(survivor, name), getattr(other, name)
        if mine != theirs and mine not in (None, "") and theirs not in (None, ""):
            label = Company._meta.get_field(name.removesuffix("_id")).verbose_name
            found.append(ValueConflict(name, str(label), mine, theirs))
    return found


def _move_related(survivor: Company, other: Company) -> dict[str, int]:
    moved: dict[str, int] = {}
    for relation in Company._meta.related_objects:
        model = relation.related_model
        if relation.many_to_many:
            through = relation.through
            # In the link table: the column pointing at Company and the one pointing at the other model.
            to_company = through._meta.get_field(relation.field.m2m_reverse_field_name())
            other_side = through._meta.get_field(relation.field.m2m_field_name())
            links = through._base_manager.filter(**{to_company.attname: other.pk})
            already = set(
                through._base_manager.filter(**{to_company.attname: survivor.pk}).values_list(
                    other_side.attname, flat=True
                )
            )
            links.filter(**{f"{other_side.attname}__in": already}).delete()
            count = links.update(**{to_company.attname: survivor.pk})
        elif relation.one_to_many or relation.one_to_one:
            field = relation.field
            if model is Company:  # subsidiaries: re-parent, and never make the survivor its own parent
                count = (
                    model._base_manager.filter(**{field.attname: other.pk})
                    .exclude(pk=survivor.pk)
                    .update(**{field.attname: survivor.pk})
                )
            else:
                if (
                    relation.one_to_one
                    and model._base_manager.filter(**{field.attname: survivor.pk}).exists()
                ):
                    raise MergeError(
                        _("Both companies have a %(model)s; remove one before merging")
                        % {"model": model._meta.verbose_name}
                    )
                count = model._base_manager.filter(**{field.attname: other.pk}).update(
                    **{field.attname: survivor.pk}
                )
        else:  # pragma: no cover - no other relation kinds point at Company
            continue
        if count:
            moved[model._meta.label] = moved.get(model._meta.label, 0) + count
    # Company users are scoped by id (not a foreign key): point them at the survivor too.
    users = User.objects.filter(company_id_scope=other.pk).update(company_id_scope=survivor.pk)
    if users:
        moved["core.User"] = users
    return moved


def merge(
    user, survivor_id: int, other_id: int, choices: dict[str, str], survivor_version: int, other_version: int
) -> Company:
    """Merge `other` into `survivor`. `choices[field]` is "survivor" or "other" for every conflict.

    Raises StaleVersion if either record changed since the form was shown, MergeError for a bad request.
    """
    perm.require(perm.can_edit_company(user), _("only advisors and programme managers merge companies"))
    if survivor_id == other_id:
        raise MergeError(_("Choose two different companies"))
    with transaction.atomic(), unscoped():
        locked = {c.pk: c for c in Company.objects.select_for_update().filter(pk__in=[survivor_id, other_id])}
        if len(locked) != 2:
            raise MergeError(_("One of the companies no longer exists (merged or deleted meanwhile)"))
        survivor, other = locked[survivor_id], locked[other_id]
        for company, expected in ((survivor, survivor_version), (other, other_version)):
            if company.version != expected:
                raise stale(company.version, last_change(company.pk))
        decided: dict[str, list] = {}
        for conflict in conflicts(survivor, other):
            choice = choices.get(conflict.field)
            if choice not in ("survivor", "other"):
                raise MergeError(_("Choose which value of '%(field)s' to keep") % {"field": conflict.label})
            decided[conflict.field] = [
                plain_value(conflict.survivor_value),
                plain_value(conflict.other_value),
                choice,
            ]
        values = {}
        for name in MERGE_FIELDS:  # empty fields take the other record's value; conflicts as chosen
            mine, theirs = getattr(survivor, name), getattr(other, name)
            keep_other = decided.get(name, [None, None, ""])[2] == "other" or (
                mine in (None, "") and theirs not in (None, "")
            )
            values[name] = theirs if keep_other else mine
        if values["parent_id"] in (survivor.pk, other.pk):
            values["parent_id"] = None
        try:
            with transaction.atomic():
                extensions.prepare_merge(survivor.pk, other.pk)  # higher layers settle their rows first
                moved = _move_related(survivor, other)
        except IntegrityError as exc:
            raise MergeError(
                _("The related records cannot be combined: %(error)s") % {"error": exc}
            ) from None
        other_repr = {"id": other.pk, "orgnr": other.orgnr, "name": other.name}
        # Delete first: the survivor may take over the other record's org nr (unique).
        Company._base_manager.filter(pk=other.pk).delete()
        for name, value in values.items():
            setattr(survivor, name, value)
        survivor.size_class = size_class(
            survivor.employees, survivor.turnover_sek, survivor.balance_sheet_sek
        )
        survivor.version += 1
        survivor.save()
        # log_action keeps lists of plain values: each choice is [survivor's, other's, which won].
        changes = {
            "merged_id": other_repr["id"],
            "merged_orgnr": other_repr["orgnr"],
            "merged_name": other_repr["name"],
            **{f"choice:{name}": value for name, value in decided.items()},
            **{f"moved:{label}": count for label, count in moved.items()},
        }
        log_action(user, "merge", survivor, company_id=survivor.pk, changes=changes)
        log_action(
            user,
            "merge",
            object_type="companies.Company",
            object_id=other_repr["id"],
            object_repr=other_repr["name"],
            company_id=other_repr["id"],
            changes={
                "merged_into_id": survivor.pk,
                "merged_into_orgnr": survivor.orgnr,
                "merged_into_name": survivor.name,
            },
        )
    return survivor


def related_counts(company: Company) -> dict[str, int]:
    """How many rows of each related model point at the company (shown on the merge page)."""
    counts = {}
    with unscoped():
        for relation in Company._meta.related_objects:
            if relation.many_to_many:
                column = relation.through._meta.get_field(relation.field.m2m_reverse_field_name()).attname
                count = relation.through._base_manager.filter(**{column: company.pk}).count()
            else:
                count = relation.related_model._base_manager.filter(
                    **{relation.field.attname: company.pk}
                ).count()
            if count:
                counts[str(relation.related_model._meta.verbose_name_plural)] = count
    return counts
