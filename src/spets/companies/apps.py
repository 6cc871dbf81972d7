from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from spets.core.policy import Can


class CompaniesConfig(AppConfig):
    name = "spets.companies"
    label = "companies"
    nav = [
        (40, "companies:search", _("Companies"), Can.READ_COMPANY_DATA),
        # The badge: open referrals to the user's organisation (spets.core.context draws it).
        (
            45,
            "companies:referrals",
            _("Referrals"),
            Can.READ_RECORDS,
            "spets.companies.services.referrals.incoming_count",
        ),
    ]
    layer = 3
    url_prefix = "companies/"
    api_router = "spets.companies.api.router"
    demo_order = 20
    pure_modules = ("orgnr", "sizeclass")
    verbose_name = _("Company register")
