"""Organisations, users with roles, focus areas, the audit log and data-load markers."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from spets.core.policy import Can, can, is_programme_staff
from spets.core.roles import Role


class Organisation(models.Model):
    """One of the programme's support organisations (or another organisation with users)."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=200)
    county = models.ForeignKey(
        "geo.County", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("county")
    )
    town = models.CharField(_("town"), max_length=100, blank=True)
    description_sv = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    in_programme = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who logs in. Belongs to one organisation and has one role there."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.VIEWER)
    # Set for company users only: the company whose data they may see (register issue).
    company_id_scope = models.BigIntegerField(null=True, blank=True)
    language = models.CharField(max_length=8, blank=True, default="")

    # Shorthands for templates and services; the rules are spets.core.policy's.
    @property
    def is_programme_manager(self) -> bool:
        return can(self, Can.MANAGE_PROGRAMME)

    @property
    def is_programme_staff(self) -> bool:
        """Staff of a programme organisation (sees shared company master data)."""
        return is_programme_staff(self)


class FocusArea(models.Model):
    """The programme's focus areas (innovation, digitalisation, …)."""

    code = models.SlugField(unique=True)
    name_sv = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name_sv


class AuditEntry(models.Model):
    """Append-only record of a change: who, when, what and which fields."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    user_repr = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=32)  # create, update, delete, merge, erase, import, …
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64, db_index=True)
    object_repr = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    # Company the change concerns, so the company page can show its history with one indexed query.
    company_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    # An entry about rows not every reader sees (a private activity, a referral) is restricted: only the
    # organisations in `visible_to` and programme managers read it (see spets.core.audit.history_for).
    restricted = models.BooleanField(default=False)
    visible_to = models.ManyToManyField(Organisation, blank=True, related_name="+")

    class Meta:
        ordering = ["-at", "-id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("audit entries are append-only")


class DataLoad(models.Model):
    """Marks a reference or demo data set as loaded, so loading it again adds nothing."""

    name = models.CharField(max_length=100, unique=True)
    version = models.CharField(max_length=40)
    loaded_at = models.DateTimeField(auto_now=True)
    synthetic = models.BooleanField(default=False)
    summary = models.JSONField(default=dict, blank=True)


class ApiToken(models.Model):
    """A personal API token. Only a hash is stored; the token is shown once when created."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, default="api")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    @staticmethod
    def hash(key: str) -> str:
        import hashlib

        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name: str = "api") -> tuple[ApiToken, str]:
        import secrets

        key = "spets_" + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, key_hash=cls.hash(key), prefix=key[6:14]), key


class ThrottleCount(models.Model):
    """Failed attempts per key (an account or an address) in the current window; spets.core.throttle.

    In the database rather than a per-process cache, so every worker and app server counts together."""

    key = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    window_start = models.DateTimeField()


class WorkerBeat(models.Model):
    """A background worker's last sign of life (spets.core.background), for `/health` and the job pages.

    The queue itself is django-tasks' database table; this only says whether anyone is taking from it."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=200, blank=True)
    seen_at = models.DateTimeField(db_index=True)
