"""Proposals, projects and their budgets: from a plan activity to funded work.

A Project (đề án, dự án, ...) serves one or more plan items, is led by one organisation and
moves through ProjectStatus along STATUS_TRANSITIONS, each move recorded as a StatusStep
with its deciding document. Its money is a BudgetLine per (year, funding source): estimate,
allocated, disbursed, in VND. DevelopmentPlan is the catalogue of SEDPs and public investment
plans a project can be listed in. Totals are computed (projects.totals), never stored.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TypedDict

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from core.history import HistoricalRecords
from core.money import FundingSource


class DecimalDigits(TypedDict):
    """The size of a DecimalField, unpacked into its keyword arguments."""

    max_digits: int
    decimal_places: int


# VND has no minor unit; 18 digits hold any provincial budget.
MONEY: DecimalDigits = {"max_digits": 18, "decimal_places": 0}


class DevelopmentPlan(models.Model):
    """A socio-economic development plan or public investment plan of a territory."""

    class Kind(models.TextChoices):
        SEDP_5_YEAR = "sedp_5_year", _("5-year socio-economic development plan")
        SEDP_ANNUAL = "sedp_annual", _("Annual socio-economic development plan")
        INVESTMENT_MEDIUM_TERM = "investment_medium_term", _("Medium-term public investment plan")
        INVESTMENT_ANNUAL = "investment_annual", _("Annual public investment plan")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.TextField(_("title"))
    title_en = models.TextField(_("title (English)"), blank=True)
    number = models.CharField(_("decision number"), max_length=60, blank=True)
    territory = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("territory"),
        on_delete=models.PROTECT,
        related_name="development_plans",
    )
    period_start = models.PositiveSmallIntegerField(_("period start"))
    period_end = models.PositiveSmallIntegerField(_("period end"))
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["territory", "-period_start", "kind", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="developmentplan_period_order",
            )
        ]
        verbose_name = _("development plan")
        verbose_name_plural = _("development plans")

    def __str__(self) -> str:
        return f"{self.title} ({self.period})"

    @property
    def period(self) -> str:
        if self.period_start == self.period_end:
            return str(self.period_start)
        return f"{self.period_start}-{self.period_end}"


class ProjectKind(models.TextChoices):
    PROPOSAL = "proposal", _("Proposal")
    PROJECT = "project", _("Project")
    PROGRAMME = "programme", _("Programme")
    STUDY = "study", _("Study")
    CAMPAIGN = "campaign", _("Communication campaign")
    OTHER = "other", _("Other")


class ProjectStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    PROPOSED = "proposed", _("Proposed")
    APPRAISED = "appraised", _("Appraised")
    APPROVED = "approved", _("Approved")
    FUNDED = "funded", _("Funded")
    IMPLEMENTING = "implementing", _("Implementing")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


# The one place that says which status may follow which.
STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    ProjectStatus.IDEA: frozenset({ProjectStatus.PROPOSED, ProjectStatus.CANCELLED}),
    ProjectStatus.PROPOSED: frozenset({ProjectStatus.APPRAISED, ProjectStatus.CANCELLED}),
    ProjectStatus.APPRAISED: frozenset({ProjectStatus.APPROVED, ProjectStatus.CANCELLED}),
    ProjectStatus.APPROVED: frozenset({ProjectStatus.FUNDED, ProjectStatus.CANCELLED}),
    ProjectStatus.FUNDED: frozenset({ProjectStatus.IMPLEMENTING, ProjectStatus.CANCELLED}),
    ProjectStatus.IMPLEMENTING: frozenset({ProjectStatus.COMPLETED, ProjectStatus.CANCELLED}),
    ProjectStatus.COMPLETED: frozenset(),
    ProjectStatus.CANCELLED: frozenset(),
}

# Steps that are decisions of the province (appraisal, approval, allocation of funds): only
# the province's coordinator records them, and each names its deciding document.
PROVINCE_DECISIONS: frozenset[str] = frozenset(
    {ProjectStatus.APPRAISED, ProjectStatus.APPROVED, ProjectStatus.FUNDED}
)

# Money may be allocated once a project is approved, and disbursed once it is funded.
ALLOCATION_STATUSES: frozenset[str] = frozenset(
    {
        ProjectStatus.APPROVED,
        ProjectStatus.FUNDED,
        ProjectStatus.IMPLEMENTING,
        ProjectStatus.COMPLETED,
    }
)
DISBURSEMENT_STATUSES: frozenset[str] = frozenset(
    {ProjectStatus.FUNDED, ProjectStatus.IMPLEMENTING, ProjectStatus.COMPLETED}
)


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in STATUS_TRANSITIONS.get(from_status, frozenset())


# The links of a project are part of its history: each historical record keeps the plan
# activities, partners and development plans the project had then. Kept by name so that
# projects.actions can write one record for a save and its link changes together.
PROJECT_LINKS = ("plan_items", "partners", "development_plans")
PROJECT_HISTORY = HistoricalRecords(m2m_fields=PROJECT_LINKS)


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user) -> ProjectQuerySet:
        """The projects `user` may read (accounts.permissions.project_scope)."""
        return self.filter(permissions.project_scope(user))


class Project(models.Model):
    # Read by simple_history: set while projects.actions saves and writes one record itself.
    skip_history_when_saving: bool
    kind = models.CharField(_("kind"), max_length=20, choices=ProjectKind.choices)
    title = models.TextField(_("title"))
    description = models.TextField(_("description"), blank=True)
    plan_items = models.ManyToManyField(
        "plans.PlanItem", verbose_name=_("plan activities served"), related_name="projects"
    )
    lead_organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        related_name="led_projects",
    )
    partners = models.ManyToManyField(
        "orgs.Organisation",
        verbose_name=_("partner organisations"),
        blank=True,
        related_name="partner_projects",
    )
    location_organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("location (province, district or commune)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="located_projects",
    )
    location_text = models.CharField(_("location (details)"), max_length=255, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    total_estimate = models.DecimalField(_("total budget estimate (VND)"), default=0, **MONEY)
    transitional = models.BooleanField(
        _("transitional"),
        default=False,
        help_text=_("Carried over from an earlier period."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.IDEA
    )
    development_plans = models.ManyToManyField(
        DevelopmentPlan,
        verbose_name=_("listed in development plans"),
        blank=True,
        related_name="projects",
    )
    notes = models.TextField(_("notes"), blank=True)
    # Optimistic locking: each write names the version it started from.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = PROJECT_HISTORY
    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "title"]
        indexes = [models.Index(fields=["status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_estimate__gte=0), name="project_estimate_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="project_dates_order",
            ),
        ]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.title

    @property
    def province_id(self) -> int | None:
        """The province the project belongs to: its lead organisation's."""
        return self.lead_organisation.province_id

    @staticmethod
    def is_province_decision(to_status: str) -> bool:
        """A step that only the province's coordinator records (PROVINCE_DECISIONS)."""
        return to_status in PROVINCE_DECISIONS

    @property
    def allowed_next(self) -> list[str]:
        """The statuses that may follow, in workflow order."""
        following = STATUS_TRANSITIONS[self.status]
        return [s for s in ProjectStatus.values if s in following]


class BudgetLine(models.Model):
    """The money of a project for one year and one funding source, in VND."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budget_lines")
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("funding source"), max_length=30, choices=FundingSource.choices)
    estimate = models.DecimalField(_("estimate (VND)"), default=0, **MONEY)
    allocated = models.DecimalField(_("allocated (VND)"), default=0, **MONEY)
    disbursed = models.DecimalField(_("disbursed (VND)"), default=0, **MONEY)
    # Why the allocation exceeds the estimate, when it does (the override is also in history).
    override_reason = models.TextField(_("reason for allocating above the estimate"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "year", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year", "source"], name="budgetline_unique_year_source"
            ),
            models.CheckConstraint(
                condition=Q(estimate__gte=0) & Q(allocated__gte=0) & Q(disbursed__gte=0),
                name="budgetline_amounts_not_negative",
            ),
        ]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self) -> str:
        return f"{self.project_id} / {self.year} / {self.source}"

    @property
    def over_estimate(self) -> bool:
        return self.allocated > self.estimate

    @property
    def remaining(self) -> Decimal:
        """Allocated but not yet disbursed."""
        return self.allocated - self.disbursed


class StatusStep(models.Model):
    """One move of a project along the workflow: who, when, on which decision."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(
        _("from status"), max_length=20, choices=ProjectStatus.choices, blank=True
    )
    to_status = models.CharField(_("to status"), max_length=20, choices=ProjectStatus.choices)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["project", "created_at", "pk"]
        verbose_name = _("status step")
        verbose_name_plural = _("status steps")

    def __str__(self) -> str:
        return f"{self.project_id}: {self.from_status} -> {self.to_status}"
