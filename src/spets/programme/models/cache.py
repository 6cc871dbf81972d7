"""The figures document of an open period, kept between requests (`services.figures_cache`)."""

from django.db import models


class FiguresCache(models.Model):
    """The last computed figures document of an open period (without its de minimis and cost sections,
    which are read fresh) and the fingerprint of the register data it was computed from. A report reads it
    only while the fingerprint is unchanged; anything that changes the inputs changes the fingerprint."""

    period = models.OneToOneField("programme.ReportingPeriod", on_delete=models.CASCADE, related_name="+")
    inputs_key = models.CharField(max_length=64)
    document = models.BinaryField()  # zlib-compressed JSON
    computed_at = models.DateTimeField()
    seconds = models.FloatField(default=0)  # how long computing it took

    def __str__(self) -> str:
        return f"figures of period {self.period_id} ({self.computed_at:%Y-%m-%d %H:%M})"
