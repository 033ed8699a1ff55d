"""Plans are trees of items of any depth: theme > group > activity > task (or other shapes)."""

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from core.history import HistoricalRecords
from plans.search import fold_vietnamese

if TYPE_CHECKING:
    from collections.abc import Sequence

    from django.contrib.auth.base_user import AbstractBaseUser

    from orgs.models import Organisation
    from plans.tree import Agencies


class LegalDocument(models.Model):
    class Kind(models.TextChoices):
        DECISION = "decision", _("Decision")
        PLAN = "plan", _("Plan")
        RESOLUTION = "resolution", _("Resolution")
        CIRCULAR = "circular", _("Circular")
        DECREE = "decree", _("Decree")
        LAW = "law", _("Law")
        OTHER = "other", _("Other document")

    number = models.CharField(_("number"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DECISION)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    issuer = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("issuer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_documents",
    )
    issuer_name = models.CharField(_("issuer (text)"), max_length=255, blank=True)
    title = models.TextField(_("title"))
    file = models.FileField(_("file"), upload_to="legal/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["issued_on", "number"]
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")

    def __str__(self) -> str:
        return self.number


class PlanLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    SECTORAL = "sectoral", _("Sectoral")
    PROVINCIAL = "provincial", _("Provincial")


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PlanQuerySet":
        """The plans `user` may see (accounts.permissions.plan_scope)."""
        return self.filter(permissions.plan_scope(user))


class Plan(models.Model):
    number = models.CharField(_("number"), max_length=60, unique=True)
    title = models.TextField(_("title"))
    title_en = models.TextField(_("title (English)"), blank=True)
    level = models.CharField(_("level"), max_length=20, choices=PlanLevel.choices)
    # The People's Committee (or the Government) whose territory the plan covers.
    territory = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("territory"),
        on_delete=models.PROTECT,
        related_name="plans",
    )
    period_start = models.PositiveSmallIntegerField(_("period start"))
    period_end = models.PositiveSmallIntegerField(_("period end"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    issuer = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("issuer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    focal_point = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("focal point"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The agency that coordinates, monitors and consolidates the plan."),
    )
    legal_documents = models.ManyToManyField(
        LegalDocument, verbose_name=_("legal basis"), blank=True, related_name="plans"
    )
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()
    objects = PlanQuerySet.as_manager()

    # Who makes the next save, read by simple_history (core.history.stamp sets it).
    _history_user: "AbstractBaseUser | None"

    class Meta:
        ordering = ["level", "-period_start", "number"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return self.number

    def focal_point_on(self, day: datetime.date):
        """The focal point the plan had on `day`: an earlier one kept when a merger handed the
        plan over (FocalPointPeriod), else the present one."""
        earlier = (
            self.focal_point_periods.filter(valid_to__gte=day)
            .select_related("organisation")
            .order_by("valid_to")
            .first()
        )
        return earlier.organisation if earlier else self.focal_point

    @property
    def province_id(self) -> int | None:
        return self.territory.province_id

    @property
    def period(self) -> str:
        return f"{self.period_start}-{self.period_end}"


class ItemKind(models.TextChoices):
    THEME = "theme", _("Theme")
    GROUP = "group", _("Group")
    ACTIVITY = "activity", _("Activity")
    TASK = "task", _("Task")


class PlanItem(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices)
    code = models.CharField(_("code"), max_length=40)
    number = models.CharField(
        _("number"), max_length=20, blank=True, help_text=_('Official number, e.g. "5".')
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.TextField(_("title"))
    title_en = models.TextField(_("title (English)"), blank=True)
    is_placeholder = models.BooleanField(
        _("placeholder title"),
        default=False,
        help_text=_("The real title is not known yet; import the official text to replace it."),
    )
    timeframe = models.CharField(_("timeframe"), max_length=120, blank=True)
    on_request = models.BooleanField(_("when requested"), default=False)
    implements = models.ForeignKey(
        "self",
        verbose_name=_("implements national item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="implementations",
    )
    priority_year = models.PositiveSmallIntegerField(_("priority year"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    deliverable = models.TextField(_("deliverable"), blank=True)
    legal_documents = models.ManyToManyField(
        LegalDocument, verbose_name=_("legal basis"), blank=True, related_name="items"
    )
    # Title and code folded to plain lower-case ASCII, for diacritic-insensitive search.
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()
    # Who makes the next save, read by simple_history (core.history.stamp sets it).
    # The item's agencies when read by plans.tree.with_agencies (plain values, no instances).
    agencies: "Agencies"
    _history_user: "AbstractBaseUser | None"

    class Meta:
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="planitem_unique_code"),
        ]
        indexes = [models.Index(fields=["plan", "kind"]), models.Index(fields=["priority_year"])]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")

    def __str__(self) -> str:
        return f"{self.label}. {self.title}"

    def save(self, *args, **kwargs):
        self.fold_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def fold_search_text(self) -> None:
        """Set search_text from the code, number and titles (save() does it; bulk writes,
        which skip save(), call it themselves)."""
        self.search_text = fold_vietnamese(
            f"{self.code} {self.number} {self.title} {self.title_en}"
        )

    @property
    def label(self) -> str:
        return self.number or self.code


class Assignment(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("Lead agency")
        COORDINATING = "coordinating", _("Coordinating agency")

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="assignments")
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()
    # Who makes the next save, read by simple_history (core.history.stamp sets it).
    _history_user: "AbstractBaseUser | None"

    class Meta:
        ordering = ["item", "role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "organisation", "role"], name="assignment_unique_role"
            ),
        ]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return f"{self.item.code} / {self.organisation} ({self.role})"


class FocalPointPeriod(models.Model):
    """The focal point a plan had until a day, kept when a merger hands the plan over to the
    successor (so that a report of that time names the body that issued it then)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="focal_point_periods"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("focal point"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    valid_to = models.DateField(_("last day as focal point"))

    class Meta:
        ordering = ["plan", "valid_to"]
        verbose_name = _("earlier focal point")
        verbose_name_plural = _("earlier focal points")

    def __str__(self) -> str:
        return f"{self.plan} / {self.organisation} (→ {self.valid_to:%d/%m/%Y})"


class ItemLink(models.Model):
    """A crosswalk between plan generations: `successor`, an item of a later plan, carries on
    `predecessor` (403/QĐ-TTg -> 882/QĐ-TTg, 1847/KH-UBND -> 3961/KH-UBND). Many to many: an
    item may be split into several, several merged into one. Written by plans.crosswalk."""

    predecessor = models.ForeignKey(
        PlanItem,
        verbose_name=_("predecessor item"),
        on_delete=models.CASCADE,
        related_name="successor_links",
    )
    successor = models.ForeignKey(
        PlanItem,
        verbose_name=_("successor item"),
        on_delete=models.CASCADE,
        related_name="predecessor_links",
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()
    # Who makes the next save, read by simple_history (core.history.stamp sets it).
    _history_user: "AbstractBaseUser | None"

    class Meta:
        ordering = ["predecessor", "successor"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="itemlink_unique"),
            models.CheckConstraint(
                condition=~models.Q(predecessor=models.F("successor")), name="itemlink_not_self"
            ),
        ]
        verbose_name = _("link between plan generations")
        verbose_name_plural = _("links between plan generations")

    def __str__(self) -> str:
        return f"{self.predecessor_id} → {self.successor_id}"

    def clean(self) -> None:
        problem = link_problem(self.predecessor, self.successor)
        if problem:
            raise ValidationError(problem)


def link_problem(predecessor: PlanItem, successor: PlanItem) -> str:
    """Why `successor` cannot carry on `predecessor` (a message for the user), or "".

    The item's plans must be two different plans, the successor's starting no earlier than
    the predecessor's; both of the same province, or national / sectoral.
    """
    if predecessor.pk is not None and predecessor.pk == successor.pk:
        return str(_("An item cannot be linked to itself."))
    if predecessor.plan_id == successor.plan_id:
        return str(
            _("Both items belong to plan %(plan)s; a link joins items of two generations.")
            % {"plan": successor.plan.number}
        )
    earlier, later = predecessor.plan, successor.plan
    if later.period_start < earlier.period_start:
        return str(
            _(
                "Plan %(successor)s starts in %(start)s, before plan %(predecessor)s "
                "(%(predecessor_start)s): the successor plan cannot be the earlier one."
            )
            % {
                "successor": later.number,
                "start": later.period_start,
                "predecessor": earlier.number,
                "predecessor_start": earlier.period_start,
            }
        )
    provinces = {earlier.territory.province_id, later.territory.province_id} - {None}
    if len(provinces) > 1:
        return str(_("The two plans belong to different provinces."))
    return ""


def focal_points_on(
    plans: "Sequence[Plan]", day: datetime.date
) -> "dict[int, Organisation | None]":
    """Plan.focal_point_on for many plans with one query (their focal points selected with
    them): plan id -> the focal point each had on `day`."""
    earlier: dict[int, Organisation] = {}
    periods = FocalPointPeriod.objects.filter(
        plan_id__in=[plan.pk for plan in plans], valid_to__gte=day
    ).select_related("organisation__successor")
    for period in sorted(periods, key=lambda p: p.valid_to, reverse=True):
        earlier[period.plan_id] = period.organisation  # the earliest one covering `day`
    return {plan.pk: earlier.get(plan.pk, plan.focal_point) for plan in plans}
