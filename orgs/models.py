"""Organisations: ministries, People's Committees, departments, districts.

Organisations form a tree (parent) and carry validity dates, so that a merger or a
renaming closes an organisation (valid_to) and names its successor without rewriting
who did what before.
"""

import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts import permissions

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser


class OrganisationKind(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    MINISTRY = "ministry", _("Ministry")
    PROVINCE = "province", _("Provincial People's Committee")
    DEPARTMENT = "department", _("Provincial department or agency")
    DISTRICT = "district", _("District-level People's Committee")
    COMMUNE = "commune", _("Commune-level People's Committee")
    OTHER = "other", _("Other organisation")


class OrganisationQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date) -> "OrganisationQuerySet":
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def visible_to(self, user) -> "OrganisationQuerySet":
        """The organisations `user` may see (accounts.permissions.organisation_scope)."""
        return self.filter(permissions.organisation_scope(user))

    def project_lead_choices(self, user) -> "OrganisationQuerySet":
        """The organisations `user` may register projects for (the list form of
        accounts.permissions.can_lead_project_as): open ones below ministry level."""
        return (
            self.filter(valid_to__isnull=True)
            .exclude(kind__in=[OrganisationKind.GOVERNMENT, OrganisationKind.MINISTRY])
            .filter(permissions.project_lead_scope(user))
        )


class Organisation(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # The provincial People's Committee whose jurisdiction this organisation belongs to
    # (itself for a province); empty for central bodies. Kept in sync from `parent` by
    # save() so that scoping a query to a province is one indexed filter, not a tree walk.
    province = models.ForeignKey(
        "self",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()
    # Who makes the next save, read by simple_history (core.history.stamp sets it).
    _history_user: "AbstractBaseUser | None"

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.short_name or self.name

    def save(self, *args, **kwargs):
        self.province = self._derive_province()
        if self.kind == OrganisationKind.PROVINCE and self.pk is None:
            super().save(*args, **kwargs)  # a province points at itself: needs its pk first
            self.province = self
            kwargs.pop("force_insert", None)
            super().save(update_fields=["province"])
            return
        super().save(*args, **kwargs)

    def _derive_province(self) -> "Organisation | None":
        if self.kind == OrganisationKind.PROVINCE:
            return self if self.pk else None
        if self.parent is None:
            return None
        return self.parent.province

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    @property
    def is_closed(self) -> bool:
        return self.valid_to is not None

    def as_of(self, day: datetime.date) -> "Organisation":
        """The organisation that holds this one's functions on `day`: itself while valid, else
        its successor (followed down the chain of mergers). A national report's "Kính gửi"
        names the Ministry of Planning and Investment until 28/02/2025, the Ministry of
        Finance after. Itself when no successor is valid on `day`."""
        current: Organisation = self
        for _step in range(10):  # a chain of mergers, never a loop in practice
            if current.is_valid_on(day) or current.successor is None:
                return current
            current = current.successor
        return current
