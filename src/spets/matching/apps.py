from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "spets.matching"
    label = "matching"
    # Above programme: a match respects the de minimis headroom the programme's ledger keeps.
    layer = 7
    pure_modules: tuple[str, ...] = ()
    verbose_name = _("Matching and cohorts")
