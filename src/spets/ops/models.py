from django.db import models
from django.utils.translation import gettext_lazy as _


class JobRun(models.Model):
    """The last run of one scheduled job: what `spets jobs run-due` reads to know what is due, and the
    claim that keeps two servers from running the same job at once."""

    name = models.CharField(_("job"), max_length=60, unique=True)
    started = models.DateTimeField(_("started"), null=True)
    finished = models.DateTimeField(_("finished"), null=True)
    ok = models.BooleanField(_("succeeded"), default=False)
    output = models.TextField(_("output"), blank=True)

    def __str__(self) -> str:
        return self.name
