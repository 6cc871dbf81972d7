"""The de minimis demo (synthetic): ledger rows for the demo's activities inside the project, and a company
group near the ceiling, so that an advisor logging a workshop for it is stopped with the headroom shown.
`spets.programme.demo` calls `load_demo(seed)`."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from spets.companies.models import Activity, ActivityAdvisor, ActivityType, Company
from spets.companies.orgnr import make as make_orgnr
from spets.core.errors import InvalidData
from spets.core.models import User
from spets.core.policy import Can, roles_with
from spets.core.scoping import unscoped
from spets.programme import deminimis as rules
from spets.programme.models import AidDeclaration
from spets.programme.models.deminimis import Currency, Regulation
from spets.programme.services import deminimis as dm
from spets.programme.services.deminimis_ledger import DeclaredAid, record_declaration


def load_demo(seed: int) -> dict:
    """Ledger rows for the demo's activities inside the programme project, then the group near the
    ceiling (synthetic)."""
    return {"aid_rows": dm.backfill()["written"], **load_demo_group(seed)}


# (name, municipality, SNI, employees, size class, index of the parent)
DEMO_GROUP = [
    ("Bergslagens Stålgrupp AB", "2081", "24", 180, "medium", None),
    ("Stålgruppen Härdning AB", "2080", "25", 45, "small", 0),
    ("Stålgruppen Service AB", "2180", "33", 12, "small", 0),
]
DEMO_HEADROOM_EUR = Decimal(400)  # about 4 400 SEK: a workshop for one of the group's companies is refused


def load_demo_group(seed: int) -> dict:
    """A synthetic group of three companies (one single undertaking) whose declared other aid and earlier
    programme support leave about EUR 400 under the ceiling today."""
    rng = random.Random(seed + 2831)
    today = timezone.localdate()
    with unscoped():
        advisors = User.objects.filter(is_active=True, role__in=roles_with(Can.WRITE_COMPANY_DATA))
        anna = advisors.filter(organisation__slug="iuc-dalarna").order_by("username").first()
        gavle = advisors.filter(organisation__slug="iuc-gavleborg").order_by("username").first()
        if anna is None or gavle is None:
            return {"demo_group": 0}
        serial, members = 8_310_000 + rng.randint(0, 999), []
        for name, municipality, sni, employees, size, parent in DEMO_GROUP:
            while Company.objects.filter(orgnr=make_orgnr("55", serial)).exists():
                serial += 1
            members.append(
                Company.objects.create(
                    orgnr=make_orgnr("55", serial),
                    name=name,
                    legal_form="Aktiebolag",
                    sni_id=sni,
                    sni_codes=sni,
                    municipality_id=municipality,
                    employees=employees,
                    size_class=size,
                    parent=members[parent] if parent is not None else None,
                    synthetic=True,
                )
            )
            serial += 1
        earlier = []
        for company, advisor, kind, days, hours in (
            (members[1], anna, ActivityType.ANALYSIS, 75, Decimal(12)),
            (members[2], gavle, ActivityType.COMPANY_VISIT, 30, Decimal(4)),
        ):
            activity = Activity.objects.create(
                type=kind,
                title="Energi- och materialflöden (demo)",
                date=today - datetime.timedelta(days=days),
                organisation_id=advisor.organisation_id,
                created_by=advisor,
                synthetic=True,
            )
            activity.companies.set([company])
            ActivityAdvisor.objects.create(activity=activity, advisor=advisor, hours=hours)
            earlier.append(activity.pk)
        dm.backfill(Activity.objects.filter(pk__in=earlier))
    status = dm.group_status(members[0].pk)
    region_on = today - datetime.timedelta(days=420)
    region_sek = Decimal(1_650_000)
    try:
        region_eur = rules.sek_to_eur(region_sek, dm.rate_on(region_on).eur_sek)
        region = DeclaredAid(
            region_on, "Region Dalarna (demo)", region_sek, Currency.SEK, Regulation.R2023_2831
        )
    except InvalidData:
        region_eur = Decimal(150_000)
        region = DeclaredAid(
            region_on, "Region Dalarna (demo)", region_eur, Currency.EUR, Regulation.R2023_2831
        )
    rest = rules.RULES[rules.REG_2023].ceiling_eur - DEMO_HEADROOM_EUR - status.headroom.used_eur - region_eur
    record_declaration(
        anna,
        members[0].pk,
        declared_on=today - datetime.timedelta(days=100),
        no_other_aid=False,
        entries=[
            region,
            DeclaredAid(
                today - datetime.timedelta(days=240),
                "Energimyndigheten (demo)",
                rest,
                Currency.EUR,
                Regulation.R2023_2831,
            ),
        ],
        note="Syntetiska demodata.",
    )
    with unscoped():
        AidDeclaration.objects.filter(company=members[0]).update(synthetic=True)
    return {
        "demo_group": len(members),
        "demo_group_headroom_eur": str(dm.group_status(members[0].pk).headroom_eur),
    }
