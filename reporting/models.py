"""Reporting rounds: each year the agencies report on their assigned items to the focal point.

A ReportingRound (plan, year) expects one AgencyReport per organisation assigned to the plan's
activities and tasks; each report has one ReportItem per (organisation, item). The report's
status follows STATUS_TRANSITIONS; "missing" and "late" are derived, never stored.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from core.history import HistoricalRecords
from core.money import FundingSource
from plans.models import Assignment


def default_deadline(year: int) -> datetime.date:
    """Agencies report before 25 October of the year (Kế hoạch 1847/KH-UBND)."""
    return datetime.date(year, 10, 25)


class ReportingRound(models.Model):
    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("plan"), on_delete=models.PROTECT, related_name="rounds"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    deadline = models.DateField(_("deadline"))
    locked = models.BooleanField(
        _("locked"),
        default=False,
        help_text=_(
            "A locked round accepts no more reports, except from agencies granted an exception."
        ),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="round_unique_plan_year")
        ]
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")

    def __str__(self) -> str:
        return f"{self.plan} / {self.year}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    ACCEPTED = "accepted", _("Accepted")


# The one place that says which status may follow which.
STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    ReportStatus.DRAFT: frozenset({ReportStatus.SUBMITTED}),
    ReportStatus.SUBMITTED: frozenset({ReportStatus.ACCEPTED, ReportStatus.RETURNED}),
    ReportStatus.RETURNED: frozenset({ReportStatus.SUBMITTED}),
    ReportStatus.ACCEPTED: frozenset(),
}
# The agency may write while the report is in one of these.
EDITABLE_STATUSES = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})


def can_transition(current: str, new: str) -> bool:
    return new in STATUS_TRANSITIONS.get(current, frozenset())


class AgencyReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> AgencyReportQuerySet:
        """The reports `user` may read (accounts.permissions.report_scope)."""
        return self.filter(
            permissions.report_scope(user, accepted=ReportStatus.ACCEPTED, draft=ReportStatus.DRAFT)
        )


class AgencyReport(models.Model):
    round = models.ForeignKey(
        ReportingRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="reports"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    # Optimistic locking: each save must name the version it started from.
    version = models.PositiveIntegerField(default=1)
    general_results = models.TextField(_("general results"), blank=True)
    general_difficulties = models.TextField(_("general difficulties"), blank=True)
    general_proposals = models.TextField(_("proposals to the province"), blank=True)
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    document_number = models.CharField(_("official document number"), max_length=60, blank=True)
    signer = models.CharField(_("signer"), max_length=120, blank=True)
    deadline_override = models.DateField(
        _("extended deadline"),
        null=True,
        blank=True,
        help_text=_("An exception granted to this agency by the coordinator."),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()
    objects = AgencyReportQuerySet.as_manager()

    class Meta:
        ordering = ["round", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation"], name="report_unique_round_organisation"
            )
        ]
        verbose_name = _("agency report")
        verbose_name_plural = _("agency reports")

    def __str__(self) -> str:
        return f"{self.round} / {self.organisation}"

    @property
    def deadline(self) -> datetime.date:
        """The deadline that applies to this agency: its exception, else the round's."""
        return self.deadline_override or self.round.deadline

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def awaits_review(self) -> bool:
        """Submitted, neither accepted nor returned yet."""
        return self.status == ReportStatus.SUBMITTED

    @property
    def is_missing(self) -> bool:
        """Expected but never submitted."""
        return self.first_submitted_at is None

    @property
    def is_late(self) -> bool:
        """First submitted after its deadline (the deadline day itself is on time)."""
        if self.first_submitted_at is None:
            return False
        return timezone.localdate(self.first_submitted_at) > self.deadline

    @property
    def days_late(self) -> int | None:
        """How many days late the report is (AgencyReport.days_late_on), as of today."""
        return self.days_late_on(timezone.localdate())

    def days_late_on(self, today: datetime.date) -> int | None:
        """The one rule of lateness: the days past the deadline (the agency's extension, else
        the round's), counted at the first submission for a submitted report; for one never
        submitted, counted to `today` while its round is open (not locked, its year not
        over), and None after: a round of a closed year is no countdown. None when on time."""
        if self.first_submitted_at is not None:
            day = timezone.localdate(self.first_submitted_at)
        elif self.round.locked or today.year > self.round.year:
            return None
        else:
            day = today
        late = (day - self.deadline).days
        return late if late > 0 else None

    def is_open_on(self, day: datetime.date) -> bool:
        """May the agency still submit on `day`? Late reports are welcome until the round is
        locked; after that only with an exception whose date has not passed."""
        if not self.round.locked:
            return True
        return self.deadline_override is not None and day <= self.deadline_override

    def days_to_deadline(self, today: datetime.date | None = None) -> int:
        return (self.deadline - (today or timezone.localdate())).days


# What an agency writes: on each line of its report, and in the report's general part. The
# draft form, the Excel workbook, the history and the consolidation read these lists.
ITEM_FIELDS = (
    "status",
    "progress",
    "results",
    "outputs",
    "document_number",
    "document_date",
    "difficulties",
    "proposals",
)
TEXT_FIELDS = frozenset(ITEM_FIELDS) - {"progress", "document_date"}
GENERAL_FIELDS = ("general_results", "general_difficulties", "general_proposals")
# What the history of a report shows: the agency's writing, the signature, the review.
REPORT_HISTORY_FIELDS = (
    "status",
    *GENERAL_FIELDS,
    "document_number",
    "signer",
    "deadline_override",
    "review_comment",
)
ITEM_HISTORY_FIELDS = (*ITEM_FIELDS, "review_comment")


class ItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")
    ON_HOLD = "on_hold", _("On hold")


class ReportItem(models.Model):
    report = models.ForeignKey(
        AgencyReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="items"
    )
    plan_item = models.ForeignKey(
        "plans.PlanItem",
        verbose_name=_("plan item"),
        on_delete=models.PROTECT,
        related_name="report_items",
    )
    role = models.CharField(_("role"), max_length=20, choices=Assignment.Role.choices)
    position = models.PositiveIntegerField(default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    results = models.TextField(_("results achieved"), blank=True)
    outputs = models.TextField(_("outputs"), blank=True)
    document_number = models.CharField(_("document issued: number"), max_length=60, blank=True)
    document_date = models.DateField(_("document issued: date"), null=True, blank=True)
    difficulties = models.TextField(_("difficulties"), blank=True)
    proposals = models.TextField(_("proposals to the province"), blank=True)
    carried_over = models.BooleanField(
        _("carried over"),
        default=False,
        help_text=_("Status and progress pre-filled from the last accepted report."),
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "plan_item"], name="reportitem_unique_item")
        ]
        verbose_name = _("report item")
        verbose_name_plural = _("report items")

    def __str__(self) -> str:
        return f"{self.report} / {self.plan_item.label}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = {}
        if self.status == ItemStatus.COMPLETED and not self.results.strip():
            errors["results"] = _("A completed item needs the results achieved.")
        if self.status == ItemStatus.COMPLETED and self.progress not in (None, 100):
            errors["progress"] = _("A completed item is 100% done.")
        if errors:
            raise ValidationError(errors)


class ItemFunding(models.Model):
    """Funds used for one report item from one source, in VND."""

    item = models.ForeignKey(ReportItem, on_delete=models.CASCADE, related_name="funds")
    source = models.CharField(_("funding source"), max_length=30, choices=FundingSource.choices)
    amount = models.DecimalField(
        _("amount (VND)"), max_digits=18, decimal_places=0, validators=[MinValueValidator(0)]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "source"]
        constraints = [
            models.UniqueConstraint(fields=["item", "source"], name="funding_unique_source")
        ]
        verbose_name = _("funds used")
        verbose_name_plural = _("funds used")

    def __str__(self) -> str:
        return f"{self.item} / {self.source}: {self.amount}"


class ReportDisbursement(models.Model):
    """What the agency reports as disbursed, in the round's year, on one budget line of a
    project it leads. Written with the draft; copied onto the budget line when the coordinator
    accepts the report (reporting.actions.accept_report), so that the yearly report round is
    where disbursements are reported."""

    report = models.ForeignKey(AgencyReport, on_delete=models.CASCADE, related_name="disbursements")
    budget_line = models.ForeignKey(
        "projects.BudgetLine",
        verbose_name=_("budget line"),
        on_delete=models.CASCADE,
        related_name="reported_disbursements",
    )
    amount = models.DecimalField(
        _("disbursed in the year (VND)"),
        max_digits=18,
        decimal_places=0,
        validators=[MinValueValidator(0)],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "budget_line"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "budget_line"], name="disbursement_unique_line"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="disbursement_not_negative"
            ),
        ]
        verbose_name = _("reported disbursement")
        verbose_name_plural = _("reported disbursements")

    def __str__(self) -> str:
        return f"{self.report} / {self.budget_line}: {self.amount}"


class ReportEvent(models.Model):
    """One step of a report's life: who did what, when, with which comment."""

    class Action(models.TextChoices):
        OPENED = "opened", _("Round opened")
        SAVED = "saved", _("Draft saved")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        ACCEPTED = "accepted", _("Accepted")
        EXCEPTION = "exception", _("Exception granted")
        ATTACHED = "attached", _("File attached")
        FILE_REPLACED = "file_replaced", _("File replaced")
        FILE_REMOVED = "file_removed", _("File removed")

    report = models.ForeignKey(AgencyReport, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)
    # Per-item review comments: {"<item label>": "<comment>"}.
    item_comments = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["report", "created_at", "pk"]
        verbose_name = _("report event")
        verbose_name_plural = _("report events")

    def __str__(self) -> str:
        return f"{self.report} / {self.action}"


def attachment_path(instance: Attachment, filename: str) -> str:
    # Never the user's file name on disk: it may carry path tricks or odd characters. The
    # extension is the one of the type read from the content (core.filetypes), never the name's.
    import uuid

    from core.filetypes import EXTENSIONS

    extension = EXTENSIONS.get(instance.content_type, "")
    return (
        f"reporting/{instance.report.round_id}/{instance.report_id}/{uuid.uuid4().hex}{extension}"
    )


class Attachment(models.Model):
    """Evidence for a report, stored under MEDIA_ROOT and served by a permission-checked view."""

    report = models.ForeignKey(AgencyReport, on_delete=models.CASCADE, related_name="attachments")
    item = models.ForeignKey(
        ReportItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "created_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class ReminderSent(models.Model):
    """A reminder sent for a report at an offset from its deadline; unique, so never twice.

    `offset` counts days before the deadline (14, 7, 1) and negative days after it (-1, -7).
    """

    report = models.ForeignKey(AgencyReport, on_delete=models.CASCADE, related_name="reminders")
    offset = models.SmallIntegerField(_("days before the deadline"))
    sent_on = models.DateField(_("sent on"))
    recipients = models.TextField(_("recipients"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "-offset"]
        constraints = [
            models.UniqueConstraint(fields=["report", "offset"], name="reminder_once_per_offset")
        ]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")

    def __str__(self) -> str:
        return f"{self.report} / {self.offset}"
