"""Organisations: ministries, People's Committees, departments, districts.

Organisations form a tree (parent) and carry validity dates, so that a merger or a
renaming closes an organisation (valid_to) and names its successor without rewriting
who did what before.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from core.history import HistoricalRecords

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
    # The open organisation at the end of the successor chain (A merged into B merged into C:
    # C for A and B), empty for an open one. Derived in save() from `successor`, so that
    # "C's people carry on A's work" is one join in accounts.permissions, whatever the depth.
    heir = models.ForeignKey(
        "self",
        verbose_name=_("carried on by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
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
        self.heir = self._derive_heir()
        if self.kind == OrganisationKind.PROVINCE and self.pk is None:
            super().save(*args, **kwargs)  # a province points at itself: needs its pk first
            self.province = self
            kwargs.pop("force_insert", None)
            super().save(update_fields=["province"])
            return
        super().save(*args, **kwargs)
        self._propagate()

    def _derive_province(self) -> "Organisation | None":
        if self.kind == OrganisationKind.PROVINCE:
            # A province merged into another (Bình Dương into Hồ Chí Minh City, 01/07/2025)
            # belongs to its successor's jurisdiction from then on: the city's people carry on
            # its plans, rounds and records.
            if self.valid_to is not None and self.successor is not None and self.pk:
                if self.successor.province_id != self.pk:
                    return self.successor.province
            return self if self.pk else None
        if self.parent is None:
            return None
        return self.parent.province

    def _derive_heir(self) -> "Organisation | None":
        if self.valid_to is None or self.successor is None or self.successor_id == self.pk:
            return None
        return self.successor.heir or self.successor

    def _propagate(self) -> None:
        """Keep the derived fields of the organisations below and before this one in step:
        the province of its units (any depth) and the heir of its predecessors."""
        heir_id = self.heir_id or self.pk
        Organisation.objects.filter(heir_id=self.pk).exclude(pk=heir_id).update(heir_id=heir_id)
        Organisation.objects.filter(successor_id=self.pk, valid_to__isnull=False).exclude(
            pk=heir_id
        ).update(heir_id=heir_id)
        frontier, seen = [self.pk], {self.pk}
        while frontier:
            children = list(
                Organisation.objects.filter(parent_id__in=frontier)
                .exclude(pk__in=seen)
                .values_list("pk", "kind", "province_id", "parent__province_id")
            )
            frontier = []
            for pk, kind, current, parent_province in children:
                seen.add(pk)
                if kind == OrganisationKind.PROVINCE:
                    continue  # a province keeps its own jurisdiction
                if current != parent_province:
                    Organisation.objects.filter(pk=pk).update(province_id=parent_province)
                frontier.append(pk)

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    @property
    def is_closed(self) -> bool:
        return self.valid_to is not None

    def as_of(self, day: datetime.date) -> "Organisation":
        """The organisation that holds this one's functions on `day` (carrier_on): a national
        report's "Kính gửi" names the Ministry of Planning and Investment until 28/02/2025,
        the Ministry of Finance after."""
        return self.carrier_on(day)

    def carrier_on(self, day: datetime.date) -> "Organisation":
        """The organisation doing this one's work on `day`: itself while it exists, then its
        successor (to any depth) once it closed before `day`."""
        org, seen = self, {self.pk}
        while org.valid_to is not None and org.valid_to < day and org.successor_id:
            if org.successor_id in seen:
                break
            seen.add(org.successor_id)
            assert org.successor is not None
            org = org.successor
        return org

    def as_on(self, day: datetime.date) -> "OrganisationOnDay":
        """The organisation as it was on `day`: its name and parent then (its dated names,
        OrganisationPeriod), or, when it had already closed, its successor's as on that day.
        Every page, document and export about a past period names organisations this way."""
        org = self.carrier_on(day)
        period = org.period_on(day)
        if period is None:
            return OrganisationOnDay(
                org, org.name, org.name_en, org.short_name, org.parent_id, org.kind
            )
        return OrganisationOnDay(
            org, period.name, period.name_en, period.short_name, period.parent_id, org.kind
        )

    def name_on(self, day: datetime.date) -> str:
        return self.as_on(day).name

    def period_on(self, day: datetime.date) -> "OrganisationPeriod | None":
        """The earlier name (and parent) the organisation had on `day`, None when it already
        had its present one. Reads the prefetched periods when there are some."""
        periods = sorted(self.periods.all(), key=lambda p: p.valid_to)
        for period in periods:
            if day <= period.valid_to:
                return period
        return None


@dataclass(frozen=True)
class OrganisationOnDay:
    """An organisation with the name and parent it had on a day (Organisation.as_on)."""

    organisation: Organisation
    name: str
    name_en: str
    short_name: str
    parent_id: int | None
    kind: str

    @property
    def pk(self) -> int:
        return self.organisation.pk

    @property
    def code(self) -> str:
        return self.organisation.code

    @property
    def parent(self) -> Organisation | None:
        if self.parent_id is None:
            return None
        if self.parent_id == self.organisation.parent_id:
            return self.organisation.parent
        return Organisation.objects.get(pk=self.parent_id)

    def __str__(self) -> str:
        return self.short_name or self.name


class OrganisationPeriod(models.Model):
    """A name (and parent) an organisation had until a day: written when it is renamed or
    moved under another parent, so that what was done then is shown under the names of then.
    The organisation's own fields are its present name and parent; a period row holds an
    earlier state, from the day after the previous row's `valid_to` (or its beginning)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="periods",
    )
    valid_to = models.DateField(_("last day under this name"))
    name = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    parent = models.ForeignKey(
        Organisation,
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    history = HistoricalRecords()
    _history_user: "AbstractBaseUser | None"

    class Meta:
        ordering = ["organisation", "valid_to"]
        verbose_name = _("earlier name of an organisation")
        verbose_name_plural = _("earlier names of organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "valid_to"], name="one_period_per_last_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (→ {self.valid_to:%d/%m/%Y})"


class NamesOn:
    """The names organisations had on `day`, read with one query of the earlier names: the
    form of Organisation.as_on for a page or a document naming many organisations."""

    def __init__(
        self, day: datetime.date, periods: Iterable["OrganisationPeriod"] | None = None
    ) -> None:
        """`periods`: earlier names already read (NamesOn.over), instead of a query."""
        self.day = day
        self._periods: dict[int, OrganisationPeriod] = {}
        if periods is None:
            rows = list(OrganisationPeriod.objects.filter(valid_to__gte=day))
        else:
            rows = [period for period in periods if period.valid_to >= day]
        for period in sorted(rows, key=lambda p: p.valid_to, reverse=True):
            self._periods[period.organisation_id] = period  # the earliest one covering `day`

    @classmethod
    def over(cls, days: Iterable[datetime.date]) -> "dict[datetime.date, NamesOn]":
        """The names on each of `days` (a list of rounds of several years), one query."""
        days = set(days)
        if not days:
            return {}
        periods = list(OrganisationPeriod.objects.filter(valid_to__gte=min(days)))
        return {day: cls(day, periods) for day in days}

    def of(self, org: Organisation) -> OrganisationOnDay:
        period = self._periods.get(org.pk)
        if period is None:
            return OrganisationOnDay(
                org, org.name, org.name_en, org.short_name, org.parent_id, org.kind
            )
        return OrganisationOnDay(
            org, period.name, period.name_en, period.short_name, period.parent_id, org.kind
        )

    def name(self, org: Organisation) -> str:
        return self.of(org).name

    def short(self, org: Organisation) -> str:
        on_day = self.of(org)
        return on_day.short_name or on_day.name

    def short_of(self, pk: int, name: str, short_name: str) -> str:
        """`short` for an organisation read as plain values (its id, today's names)."""
        period = self._periods.get(pk)
        if period is not None:
            return period.short_name or period.name
        return short_name or name
