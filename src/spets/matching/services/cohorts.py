"""Cohorts: proposals (matching.cohorting on the companies' gap profiles), then the advisor's work on a
cohort — name it, assign responsible organisations, add, move, lock and remove companies, invite the
contacts by e-mail — each change in one transaction with a history entry and an audit entry."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from spets.assessment.frameworks import DMA_FRAMEWORK_ID
from spets.assessment.recommend import load_rules
from spets.companies.models import Company, Contact
from spets.core.audit import log_action
from spets.core.errors import Conflict, InvalidData
from spets.core.models import Organisation
from spets.core.scoping import unscoped
from spets.matching import cohorting
from spets.matching import permissions as perm
from spets.matching.models import Cohort, CohortEntry, CohortInvitation, CohortMember, CohortStatus
from spets.matching.services.gaps import gap_profiles


def member_company_ids(cohort_id: int) -> list[int]:
    """The ids of a cohort's companies, by id (for other apps: inviting a cohort to an event)."""
    with unscoped():
        return list(
            CohortMember.objects.filter(cohort_id=cohort_id)
            .order_by("company_id")
            .values_list("company_id", flat=True)
        )


# --- proposals ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposedCohort:
    companies: list[Company]
    counties: tuple[str, ...]
    challenge: str  # dimension id
    mean_gap: float
    industry: str  # SNI division (or section)


@dataclass(frozen=True)
class CohortProposals:
    framework_id: str
    cohorts: list[ProposedCohort]
    eligible: int
    left_out_small: int
    left_out_county: int


def _industry(company: Company) -> str:
    return company.sni_id or ""


def locked_company_ids() -> set[int]:
    """Companies locked into an active cohort: proposals leave them out."""
    with unscoped():
        return set(
            CohortMember.objects.filter(locked=True)
            .exclude(cohort__status=CohortStatus.CLOSED)
            .values_list("company_id", flat=True)
        )


def build_proposals(
    framework_id: str,
    profiles: dict,
    *,
    focus_area: str = "",
    sni_prefix: str = "",
    sizes: tuple[str, ...] = (),
    target: int = cohorting.DEFAULT_TARGET,
) -> tuple[cohorting.Proposals, CohortProposals]:
    """Proposals among `profiles` (company id → GapProfile) that pass the filters, leaving out companies
    locked in a cohort. A system question: the caller decides which companies may be considered."""
    rules = [r for r in load_rules().rules if r.framework == framework_id]
    dims = sorted({r.dimension for r in rules if not focus_area or r.focus_area == focus_area})
    locked = locked_company_ids()
    rows = []
    for cid in sorted(profiles):
        p = profiles[cid]
        c = p.company
        if cid in locked:
            continue
        if sni_prefix and not (c.sni_id or "").startswith(sni_prefix):
            continue
        if sizes and c.size_class not in sizes:
            continue
        gaps = [p.dimensions[d].gap if d in p.dimensions else None for d in dims]
        if focus_area and not any(g for g in gaps):
            continue  # no gap in the shared challenge
        rows.append((p, gaps))
    industries = sorted({_industry(p.company) for p, _g in rows})
    codes = {k: i for i, k in enumerate(industries)}
    found = cohorting.propose(
        [p.company.pk for p, _g in rows],
        [int(p.company.municipality.county_id) for p, _g in rows],
        [codes[_industry(p.company)] for p, _g in rows],
        [[g if g is not None else float("nan") for g in gaps] for _p, gaps in rows] or [[]],
        target=target,
    )
    by_id = {p.company.pk: p.company for p, _g in rows}
    cohorts = [
        ProposedCohort(
            [by_id[i] for i in prop.company_ids],
            tuple(f"{c:02d}" for c in prop.counties),
            dims[prop.challenge],
            prop.mean_gap,
            industries[prop.industry],
        )
        for prop in found.cohorts
    ]
    return found, CohortProposals(
        framework_id, cohorts, found.eligible, found.left_out_small, found.left_out_county
    )


def propose(
    user,
    *,
    focus_area: str = "",
    sni_prefix: str = "",
    sizes: tuple[str, ...] = (),
    target: int = cohorting.DEFAULT_TARGET,
    framework_id: str = DMA_FRAMEWORK_ID,
) -> CohortProposals:
    """Proposals among the companies with a completed assessment of the framework that pass the filters."""
    perm.require(perm.can_see_cohorts(user), _("Only programme staff who read records see cohorts."))
    if not cohorting.MIN_SIZE <= target <= cohorting.MAX_SIZE:
        raise InvalidData(
            {
                "target": _("The cohort size must be between %(min)d and %(max)d companies.")
                % {"min": cohorting.MIN_SIZE, "max": cohorting.MAX_SIZE}
            }
        )
    rules = [r for r in load_rules().rules if r.framework == framework_id]
    if focus_area and not any(r.focus_area == focus_area for r in rules):
        raise InvalidData({"focus_area": _("No assessment dimension belongs to this focus area.")})
    profiles = gap_profiles(framework_id)
    visible = set(Company.objects.for_user(user).filter(pk__in=list(profiles)).values_list("pk", flat=True))
    found, result = build_proposals(
        framework_id,
        {cid: p for cid, p in profiles.items() if cid in visible},
        focus_area=focus_area,
        sni_prefix=sni_prefix,
        sizes=sizes,
        target=target,
    )
    if found.too_few:
        raise InvalidData(
            {
                "companies": _(
                    "Too few eligible companies for a cohort: %(n)d match the choice, and a cohort needs at "
                    "least %(min)d companies from at least two counties with the same largest gap and a "
                    "compatible industry."
                )
                % {"n": found.eligible, "min": cohorting.MIN_SIZE}
            }
        )
    return result


# --- a cohort's life ----------------------------------------------------------------------------------


def _entry(cohort: Cohort, user, action: str, company_id: int | None = None, detail: str = "") -> None:
    CohortEntry.objects.for_user(user).create(
        cohort=cohort, user=user, action=action, company_id=company_id, detail=detail[:300]
    )
    log_action(user, f"cohort_{action}", cohort, changes={"company": company_id, "detail": detail})


def _writable(user, cohort_id: int, version: int | None = None) -> Cohort:
    perm.require(perm.can_manage_cohorts(user), _("Only advisors and programme managers change cohorts."))
    cohort = Cohort.objects.for_user(user).select_for_update().get(pk=cohort_id)
    if version is not None and cohort.version != version:
        raise Conflict(_("Someone changed the cohort meanwhile: reload the page and try again."))
    return cohort


def _companies(user, company_ids: list[int]) -> list[Company]:
    found = {c.pk: c for c in Company.objects.for_user(user).filter(pk__in=company_ids)}
    missing = [i for i in company_ids if i not in found]
    if missing:
        raise InvalidData(
            {"companies": _("Unknown companies: %(ids)s") % {"ids": ", ".join(map(str, missing))}}
        )
    return [found[i] for i in company_ids]


def _locked_elsewhere(company_ids: list[int], cohort_id: int | None) -> list[str]:
    with unscoped():
        qs = CohortMember.objects.filter(company_id__in=company_ids, locked=True).exclude(
            cohort__status=CohortStatus.CLOSED
        )
        if cohort_id is not None:
            qs = qs.exclude(cohort_id=cohort_id)
        return sorted(set(qs.values_list("company__name", flat=True)))


def create_cohort(
    user, name: str, company_ids: list[int], *, theme: str = "", organisation_ids: list[int] | None = None
) -> Cohort:
    perm.require(perm.can_manage_cohorts(user), _("Only advisors and programme managers create cohorts."))
    errors = {}
    if not name.strip():
        errors["name"] = _("Give the cohort a name.")
    ids = list(dict.fromkeys(company_ids))
    if not ids:
        errors["companies"] = _("A cohort needs at least one company.")
    if errors:
        raise InvalidData(errors)
    companies = _companies(user, ids)
    locked = _locked_elsewhere(ids, None)
    if locked:
        raise InvalidData(
            {"companies": _("Locked in another cohort: %(names)s") % {"names": ", ".join(locked)}}
        )
    orgs = list(
        Organisation.objects.filter(pk__in=organisation_ids or [user.organisation_id], in_programme=True)
    )
    with transaction.atomic():
        cohort = Cohort.objects.for_user(user).create(name=name.strip(), theme=theme.strip(), created_by=user)
        cohort.organisations.set(orgs)
        for c in companies:
            CohortMember.objects.for_user(user).create(cohort=cohort, company=c)
        _entry(cohort, user, "create", detail=", ".join(c.name for c in companies))
    return cohort


def update_cohort(
    user, cohort_id: int, version: int, *, name: str, theme: str, status: str, organisation_ids: list[int]
) -> Cohort:
    errors = {}
    if not name.strip():
        errors["name"] = _("Give the cohort a name.")
    if status not in CohortStatus.values:
        errors["status"] = _("Choose a status.")
    orgs = list(Organisation.objects.filter(pk__in=organisation_ids, in_programme=True).order_by("name"))
    if not orgs:
        errors["organisations"] = _("Assign at least one responsible organisation.")
    if errors:
        raise InvalidData(errors)
    with transaction.atomic():
        cohort = _writable(user, cohort_id, version)
        before = (
            cohort.name,
            cohort.theme,
            cohort.status,
            sorted(cohort.organisations.values_list("pk", flat=True)),
        )
        cohort.name, cohort.theme, cohort.status = name.strip(), theme.strip(), status
        cohort.version += 1
        cohort.save()
        cohort.organisations.set(orgs)
        if before[0] != cohort.name:
            _entry(cohort, user, "rename", detail=cohort.name)
        if before[2] != status:
            _entry(cohort, user, "status", detail=CohortStatus(status).label)
        if before[3] != [o.pk for o in sorted(orgs, key=lambda o: o.pk)]:
            _entry(cohort, user, "organisations", detail=", ".join(o.name for o in orgs))
        if before[1] != cohort.theme:
            _entry(cohort, user, "theme", detail=cohort.theme)
    return cohort


def add_company(user, cohort_id: int, company_id: int) -> CohortMember:
    with transaction.atomic():
        cohort = _writable(user, cohort_id)
        (company,) = _companies(user, [company_id])
        if CohortMember.objects.for_user(user).filter(cohort=cohort, company=company).exists():
            raise InvalidData({"company": _("%(name)s is already in the cohort.") % {"name": company.name}})
        if _locked_elsewhere([company.pk], cohort.pk):
            raise InvalidData(
                {"company": _("%(name)s is locked in another cohort.") % {"name": company.name}}
            )
        member = CohortMember.objects.for_user(user).create(cohort=cohort, company=company)
        _entry(cohort, user, "add", company.pk)
    return member


def _member(user, cohort: Cohort, company_id: int) -> CohortMember:
    return (
        CohortMember.objects.for_user(user)
        .select_related("company")
        .get(cohort=cohort, company_id=company_id)
    )


def set_locked(user, cohort_id: int, company_id: int, locked: bool) -> CohortMember:
    with transaction.atomic():
        cohort = _writable(user, cohort_id)
        member = _member(user, cohort, company_id)
        if member.locked != locked:
            member.locked = locked
            member.save(update_fields=["locked"])
            _entry(cohort, user, "lock" if locked else "unlock", company_id)
    return member


def _refuse_locked(member: CohortMember) -> None:
    if member.locked:
        raise InvalidData(
            {
                "company": _("%(name)s is locked in the cohort: unlock it first.")
                % {"name": member.company.name}
            }
        )


def remove_company(user, cohort_id: int, company_id: int) -> None:
    with transaction.atomic():
        cohort = _writable(user, cohort_id)
        member = _member(user, cohort, company_id)
        _refuse_locked(member)
        member.delete()
        _entry(cohort, user, "remove", company_id)


def move_company(user, cohort_id: int, company_id: int, to_cohort_id: int) -> CohortMember:
    if to_cohort_id == cohort_id:
        raise InvalidData({"to_cohort": _("Choose another cohort to move the company to.")})
    with transaction.atomic():
        source = _writable(user, cohort_id)
        target = _writable(user, to_cohort_id)
        member = _member(user, source, company_id)
        _refuse_locked(member)
        if CohortMember.objects.for_user(user).filter(cohort=target, company_id=company_id).exists():
            raise InvalidData(
                {
                    "to_cohort": _("%(name)s is already in %(cohort)s.")
                    % {"name": member.company.name, "cohort": target}
                }
            )
        member.delete()
        moved = CohortMember.objects.for_user(user).create(cohort=target, company_id=company_id)
        _entry(source, user, "move_out", company_id, target.name)
        _entry(target, user, "move_in", company_id, source.name)
    return moved


def invite(user, cohort_id: int, message: str, *, base_url: str | None = None) -> int:
    """E-mail every member company's contacts (with an address, not anonymised); returns how many."""
    perm.require(perm.can_invite(user), _("Only advisors and programme managers invite contacts."))
    if not message.strip():
        raise InvalidData({"message": _("Write the invitation's text.")})
    with transaction.atomic():
        cohort = _writable(user, cohort_id)
        company_ids = member_company_ids(cohort.pk)
        contacts = list(
            Contact.objects.for_user(user)
            .filter(company_id__in=company_ids, anonymised=False)
            .exclude(email="")
            .select_related("company")
            .order_by("company__name", "name", "pk")
        )
        if not contacts:
            raise InvalidData({"message": _("No contact at the cohort's companies has an e-mail address.")})
        organisers = ", ".join(cohort.organisations.order_by("name").values_list("name", flat=True))
        for contact in contacts:
            CohortInvitation.objects.for_user(user).create(
                cohort=cohort, contact=contact, email=contact.email, sent_by=user
            )
        _entry(cohort, user, "invite", detail=str(len(contacts)))
        subject = _("Invitation: %(cohort)s") % {"cohort": cohort.name}
        mails = [
            (
                contact.email,
                f"{message.strip()}\n\n{cohort.name} — {cohort.theme}\n{organisers}\n\n"
                + _("You receive this as the contact of %(company)s.") % {"company": contact.company.name},
            )
            for contact in contacts
        ]
        transaction.on_commit(
            lambda: [
                send_mail(f"[Spets] {subject}", body, settings.DEFAULT_FROM_EMAIL, [to]) for to, body in mails
            ]
        )
    return len(contacts)


def company_by_orgnr(user, orgnr: str) -> Company:
    digits = "".join(ch for ch in orgnr if ch.isdigit())[-10:]
    company = Company.objects.for_user(user).filter(orgnr=digits).first() if len(digits) == 10 else None
    if company is None:
        raise InvalidData(
            {"orgnr": _("No company with organisation number %(orgnr)s in the register.") % {"orgnr": orgnr}}
        )
    return company


def cohorts_for_company(user, company_id: int) -> list[Cohort]:
    return list(Cohort.objects.for_user(user).filter(members__company_id=company_id).order_by("name", "pk"))
