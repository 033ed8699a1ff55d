"""Green growth indicators: the catalogue, baselines and targets per territory, yearly values.

A territory is an Organisation (normally a provincial People's Committee, but any level
works). Only accepted values count; derived indicators are computed from accepted inputs
by indicators.actions and stored as accepted values marked `is_computed`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.history import HistoricalRecords

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from orgs.models import Organisation


class DecimalDigits(TypedDict):
    """The size of a DecimalField, unpacked into its keyword arguments."""

    max_digits: int
    decimal_places: int


# Statistics up to 10^17 with 6 decimals: GRDP in VND, populations, tiny per-capita ratios.
VALUE_DIGITS: DecimalDigits = {"max_digits": 24, "decimal_places": 6}

code_validator = RegexValidator(
    r"^[A-Z][A-Z0-9_]*$",
    _("Use capital letters, digits and underscores, starting with a letter (e.g. GHG_TOTAL)."),
)


class Objective(models.Model):
    """One of the objectives of the green growth statistical indicator set."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class IndicatorKind(models.TextChoices):
    ENTERED = "entered", _("Entered")
    DERIVED = "derived", _("Derived (formula)")


class Frequency(models.TextChoices):
    ANNUAL = "annual", _("Annual")
    TWO_YEARLY = "two_yearly", _("Every two years")
    FIVE_YEARLY = "five_yearly", _("Every five years")
    OTHER = "other", _("Other")


class Indicator(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(_("name (Vietnamese)"), max_length=500)
    name_en = models.CharField(_("name (English)"), max_length=500, blank=True)
    unit = models.CharField(
        _("unit"),
        max_length=60,
        blank=True,
        help_text=_(
            'A unit the system can read, e.g. "tCO2e/billion_VND", "percent", "m²/person".'
        ),
    )
    objective = models.ForeignKey(
        Objective,
        verbose_name=_("objective"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    sector = models.CharField(_("sector"), max_length=120, blank=True)
    definition = models.TextField(_("definition"), blank=True)
    method = models.TextField(_("calculation method"), blank=True)
    data_source = models.TextField(_("data source"), blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=120, blank=True)
    frequency = models.CharField(
        _("frequency"), max_length=20, choices=Frequency.choices, default=Frequency.ANNUAL
    )
    responsible_agency = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("responsible agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsible_indicators",
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    # Whether the values of two territories add up to the value of their union: emissions,
    # areas and counts do; intensities, ratios and percentages do not. A province that
    # absorbed others shows their summed series only for an additive indicator.
    additive = models.BooleanField(
        _("additive across territories"),
        default=False,
        help_text=_(
            "Tick for totals (emissions, areas, counts) whose values of two territories add "
            "up; leave empty for intensities, ratios and percentages."
        ),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=IndicatorKind.choices, default=IndicatorKind.ENTERED
    )
    formula = models.CharField(
        _("formula"),
        max_length=500,
        blank=True,
        help_text=_(
            "For derived indicators: other indicator codes with + - * / ( ), e.g. GHG_TOTAL / GRDP."
        ),
    )
    # The codes the formula reads, kept in step with `formula` by indicators.actions so that
    # "what must be recomputed when X changes" is a query, not a parse of every formula.
    inputs = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="dependents", editable=False
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()
    # Who makes the next save, read by simple_history (core.history.stamp sets it).
    _history_user: AbstractBaseUser | None

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    def responsible_agency_id_in(
        self, territory: Organisation, on: datetime.date | None = None
    ) -> int | None:
        """The agency answering for this indicator in `territory` on `on` (today): see
        indicators.responsibility (what accounts.permissions asks, importing no domain app)."""
        from indicators.responsibility import responsible_agency_id

        return responsible_agency_id(self, territory, on)

    @property
    def is_derived(self) -> bool:
        return self.kind == IndicatorKind.DERIVED


class Responsibility(models.Model):
    """The agency answering for an indicator in a territory over a period: it enters the
    territory's values. Without one, the catalogue's `Indicator.responsible_agency` answers
    (indicators.responsibility.responsible_agency). A merger closes a row on the merger's last
    day and opens one for the successor (indicators.actions.hand_over_indicators)."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="responsibilities",
    )
    territory = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("territory"),
        on_delete=models.PROTECT,
        related_name="indicator_responsibilities",
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("responsible agency"),
        on_delete=models.PROTECT,
        related_name="indicator_duties",
    )
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()
    # Who makes the next save, read by simple_history (core.history.stamp sets it).
    _history_user: AbstractBaseUser | None

    class Meta:
        ordering = ["indicator", "territory", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "territory", "valid_from"],
                name="responsibility_one_per_start",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="responsibility_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["territory", "indicator"])]
        verbose_name = _("responsibility for an indicator")
        verbose_name_plural = _("responsibilities for indicators")

    def __str__(self) -> str:
        return f"{self.indicator.code} · {self.territory}: {self.organisation}"

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class Baseline(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="baselines")
    territory = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("territory"),
        on_delete=models.PROTECT,
        related_name="indicator_baselines",
    )
    year = models.PositiveSmallIntegerField(_("baseline year"))
    value = models.DecimalField(_("baseline value"), **VALUE_DIGITS)
    source = models.CharField(_("source"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()
    # Who makes the next save, read by simple_history (core.history.stamp sets it).
    _history_user: AbstractBaseUser | None

    class Meta:
        ordering = ["indicator", "territory"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "territory"], name="baseline_one_per_territory"
            ),
        ]
        verbose_name = _("baseline")
        verbose_name_plural = _("baselines")

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}: {self.value}"


class TargetKind(models.TextChoices):
    ABSOLUTE = "absolute", _("Absolute value")
    RELATIVE = "relative", _("Change vs baseline (%)")


class Target(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    territory = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("territory"),
        on_delete=models.PROTECT,
        related_name="indicator_targets",
    )
    year = models.PositiveSmallIntegerField(_("target year"))
    kind = models.CharField(
        _("kind"), max_length=10, choices=TargetKind.choices, default=TargetKind.ABSOLUTE
    )
    # Absolute: in the indicator's unit. Relative: percent change vs the baseline (-15 = -15%).
    value = models.DecimalField(_("value"), **VALUE_DIGITS)
    source = models.CharField(
        _("source"), max_length=255, blank=True, help_text=_("E.g. Decision 1658/QĐ-TTg.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()
    # Who makes the next save, read by simple_history (core.history.stamp sets it).
    _history_user: AbstractBaseUser | None

    class Meta:
        ordering = ["indicator", "territory", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "territory", "year"], name="target_one_per_year"
            ),
        ]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self) -> str:
        suffix = "%" if self.kind == TargetKind.RELATIVE else ""
        return f"{self.indicator.code} {self.year}: {self.value}{suffix}"

    def resolved_value(self, baseline: Baseline | None) -> Decimal | None:
        """The target in the indicator's unit; None for a relative target without baseline."""
        if self.kind == TargetKind.ABSOLUTE:
            return self.value
        if baseline is None:
            return None
        return baseline.value * (1 + self.value / 100)


class ValueStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")


# The review workflow, in one place (the same steps as agency reports).
VALUE_TRANSITIONS: dict[str, set[str]] = {
    ValueStatus.DRAFT: {ValueStatus.SUBMITTED},
    ValueStatus.SUBMITTED: {ValueStatus.ACCEPTED, ValueStatus.RETURNED},
    ValueStatus.RETURNED: {ValueStatus.SUBMITTED},
    # An accepted value is corrected by returning it to the agency first.
    ValueStatus.ACCEPTED: {ValueStatus.RETURNED},
}
EDITABLE_STATUSES = {ValueStatus.DRAFT, ValueStatus.RETURNED, ValueStatus.SUBMITTED}


class IndicatorValueQuerySet(models.QuerySet):
    def accepted(self) -> IndicatorValueQuerySet:
        return self.filter(status=ValueStatus.ACCEPTED)


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    territory = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("territory"),
        on_delete=models.PROTECT,
        related_name="indicator_values",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), **VALUE_DIGITS)
    source = models.CharField(_("source"), max_length=255, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ValueStatus.choices, default=ValueStatus.DRAFT
    )
    is_computed = models.BooleanField(_("computed from the formula"), default=False, editable=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()
    # Who makes the next save, read by simple_history (core.history.stamp sets it).
    _history_user: AbstractBaseUser | None

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "territory", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "territory", "year"], name="value_one_per_year"
            ),
        ]
        indexes = [models.Index(fields=["territory", "status"])]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}: {self.value}"

    @property
    def counts(self) -> bool:
        return self.status == ValueStatus.ACCEPTED


class UrbanClass(models.TextChoices):
    SPECIAL = "special", _("Special class")
    I = "I", _("Class I")  # noqa: E741
    II = "II", _("Class II")
    III = "III", _("Class III")
    IV = "IV", _("Class IV")
    V = "V", _("Class V")


class ReferenceStandard(models.Model):
    """A per-capita reference value by urban class, e.g. public green space per person."""

    name = models.CharField(_("standard (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("standard (English)"), max_length=255, blank=True)
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("compared indicator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="standards",
    )
    urban_class = models.CharField(_("urban class"), max_length=10, choices=UrbanClass.choices)
    value = models.DecimalField(_("value"), **VALUE_DIGITS)
    unit = models.CharField(_("unit"), max_length=60)
    source = models.CharField(_("source"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "urban_class"]
        constraints = [
            models.UniqueConstraint(fields=["name", "urban_class"], name="standard_per_class"),
        ]
        verbose_name = _("reference standard")
        verbose_name_plural = _("reference standards")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_urban_class_display()}): {self.value} {self.unit}"


class UrbanClassification(models.Model):
    """Which urban class a city (or a territory) is, by which decision: data, not code."""

    organisation = models.OneToOneField(
        "orgs.Organisation",
        verbose_name=_("city or territory"),
        on_delete=models.CASCADE,
        related_name="urban_classification",
    )
    urban_class = models.CharField(_("urban class"), max_length=10, choices=UrbanClass.choices)
    decided_by = models.CharField(_("recognised by"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation"]
        verbose_name = _("urban classification")
        verbose_name_plural = _("urban classifications")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_urban_class_display()}"
