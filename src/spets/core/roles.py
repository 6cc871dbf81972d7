"""The roles a user can have (what each may do is `spets.core.policy`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROGRAMME_MANAGER = "programme_manager", _("Programme manager")
    ADVISOR = "advisor", _("Advisor")
    ANALYST = "analyst", _("Analyst")
    VIEWER = "viewer", _("Viewer")
    COMPANY = "company", _("Company user")
