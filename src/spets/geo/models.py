"""Counties (län), municipalities (kommuner) with geometry, and the SNI 2007 classification."""

from django.db import models
from django.utils.translation import gettext_lazy as _

PROGRAMME_COUNTIES = ("17", "20", "21")  # Värmland, Dalarna, Gävleborg = Norra Mellansverige


class County(models.Model):
    code = models.CharField(_("county code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    in_programme = models.BooleanField(default=False)
    svg_path = models.TextField(blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    code = models.CharField(_("municipality code"), max_length=4, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="municipalities")
    in_programme = models.BooleanField(default=False, db_index=True)
    centroid_lon = models.FloatField()
    centroid_lat = models.FloatField()
    area_km2 = models.FloatField()
    # Simplified outline in the national map projection (spets.geo.geometry.project), ready for SVG.
    svg_path = models.TextField(blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class SniCode(models.Model):
    """SNI 2007 section (A–U) or division (01–99)."""

    code = models.CharField(max_length=5, primary_key=True)
    level = models.CharField(max_length=10)  # section | division
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name_sv = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name_sv}"

    @property
    def section_code(self) -> str:
        return self.code if self.level == "section" else (self.parent_id or "")
