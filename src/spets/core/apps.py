from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _load_reference(sender, using="default", **kwargs):
    # `spets migrate` (and test database creation) leaves the reference data in place, offline.
    from spets.core.models import DataLoad
    from spets.core.reference import load_reference
    from spets.geo.reference import REFERENCE_VERSION

    if not DataLoad.objects.using(using).filter(name="reference", version=REFERENCE_VERSION).exists():
        load_reference()


class CoreConfig(AppConfig):
    name = "spets.core"
    label = "core"
    layer = 2
    url_prefix = ""  # the account pages (API tokens), names "core:…"
    api_router = "spets.core.api.router"
    demo_order = 10  # demo users and their organisations come first
    pure_modules = ("numbers",)
    verbose_name = _("Core")

    def ready(self):
        post_migrate.connect(_load_reference, sender=self, dispatch_uid="spets-reference")
