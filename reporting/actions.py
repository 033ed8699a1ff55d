"""Every write to reporting goes through here: one transaction, the acting user, history.

Views, the API, the demo loader and the reminder command call these; none of them writes
reporting models directly. Each action checks accounts.permissions and raises
PermissionDenied, ValidationError (field by field) or StaleReport.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import permissions
from core.filetypes import named_as
from core.history import stamp
from core.money import FundingSource
from core.storage import discarded_on_error
from notifications.actions import notify_report
from orgs.lookup import reference_scope
from orgs.models import Organisation
from plans.models import Assignment, ItemKind, Plan, PlanItem, PlanLevel
from projects.actions import disbursement_problem, record_reported_disbursements
from projects.models import BudgetLine
from reporting.activity_status import activity_status
from reporting.disbursements import lines_to_report
from reporting.files import check_upload
from reporting.models import (
    GENERAL_FIELDS,
    ITEM_FIELDS,
    TEXT_FIELDS,
    AgencyReport,
    Attachment,
    ItemFunding,
    ItemStatus,
    ReportDisbursement,
    ReportEvent,
    ReportingRound,
    ReportItem,
    ReportStatus,
    can_transition,
    default_deadline,
)
from reporting.signals import national_round_opened

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DraftProblem:
    """One thing wrong with a draft: a field of one of its items (`item`, a ReportItem id),
    the disbursement of a budget line (`line`), or a field of the report itself."""

    message: str
    field: str = ""
    item: int | None = None
    line: int | None = None

    @property
    def key(self) -> str:
        """The problem's name in a ValidationError and the API's `errors`: "<item id>-<field>",
        "disbursed_<line id>" or the report's field (an output format, never parsed back)."""
        if self.line is not None:
            return f"disbursed_{self.line}"
        if self.item is not None:
            return f"{self.item}-{self.field}"
        return self.field


class DraftRejected(ValidationError):
    """save_draft's refusal: every problem of the draft (`problems`); nothing was written."""

    def __init__(self, problems: list[DraftProblem]) -> None:
        self.problems = problems
        by_key: dict[str, list[str]] = {}
        for problem in problems:
            by_key.setdefault(problem.key, []).append(problem.message)
        super().__init__(by_key)


class StaleReport(Exception):
    """Someone saved the report since this user loaded it; their save is refused."""

    def __init__(self, report: AgencyReport) -> None:
        self.report = report
        super().__init__(
            _(
                "Someone else saved this report while you were editing it. Your changes were "
                "NOT saved: they are shown below next to the current text; copy what you need "
                "and save again."
            )
        )


class ReportAlreadySubmitted(Exception):
    """A second submission of a report already sent (a double click, or a colleague was
    quicker): nothing is written; the message gives the first submission's time."""

    def __init__(self, report: AgencyReport) -> None:
        self.report = report
        super().__init__(
            _("This report was already submitted on %(when)s; nothing was changed.")
            % {"when": date_format(localtime(report.submitted_at), "SHORT_DATETIME_FORMAT")}
        )


@dataclass
class ItemChanges:
    """What an agency writes for one report item; `funds` maps a FundingSource to VND."""

    values: dict[str, Any]
    funds: dict[str, Decimal | None] = field(default_factory=dict)


def _now(at: datetime.datetime | None) -> datetime.datetime:
    return at or timezone.now()


# The events people are told about (notifications.actions.notify_report: in the app, and by
# email once the action's transaction commits).
NOTIFIED_EVENTS = {
    ReportEvent.Action.SUBMITTED,
    ReportEvent.Action.RETURNED,
    ReportEvent.Action.ACCEPTED,
}


def _event(report: AgencyReport, action: str, user, at=None, comment="", item_comments=None):
    if action in NOTIFIED_EVENTS:
        notify_report(report, action, user=user, detail=comment, at=at)
    return ReportEvent.objects.create(
        report=report,
        action=action,
        actor=user,
        comment=comment,
        item_comments=item_comments or {},
        created_at=_now(at),
    )


def expected_assignments(plan: Plan, year: int):
    """The assignments a round starts from: every assignment on the plan's activities and tasks,
    except priority tasks of other years and organisations outside the plan's territory and the
    central bodies (left by imports made before plans were kept within their province: another
    province's agency writes nothing into this province's round). Who reports on them is read on
    the round's deadline (expected_lines)."""
    return (
        Assignment.objects.filter(
            item__plan=plan,
            item__kind__in=[ItemKind.ACTIVITY, ItemKind.TASK],
            organisation__in=reference_scope(plan.territory),
        )
        .filter(Q(item__priority_year__isnull=True) | Q(item__priority_year=year))
        .select_related("item", "organisation")
        .order_by("item__position", "role")
    )


def carriers_on(organisation_ids: set[int], day: datetime.date) -> dict[int, int]:
    """organisation id -> the id of the organisation doing its work on `day`
    (Organisation.carrier_on: itself, or its successor to any depth once it closed before `day`),
    for those whose carrier exists on `day`; one not yet begun, or closed without successor,
    has none. Two queries, whatever the number of organisations and the depth of the chains."""
    if not organisation_ids:
        return {}
    closed = dict(
        Organisation.objects.filter(valid_to__lt=day, successor__isnull=False).values_list(
            "pk", "successor_id"
        )
    )
    carrier: dict[int, int] = {}
    for org_id in organisation_ids:
        current, seen = org_id, {org_id}
        while current in closed and closed[current] not in seen:
            current = closed[current]
            seen.add(current)
        carrier[org_id] = current
    existing = set(
        Organisation.objects.filter(pk__in=set(carrier.values()))
        .valid_on(day)
        .values_list("pk", flat=True)
    )
    return {org: to for org, to in carrier.items() if to in existing}


@dataclass(frozen=True)
class Expected:
    """One line an organisation must report on in a round; `sources`: the organisations
    assigned to it in the plan (closed ones the organisation carries on for, or itself)."""

    organisation_id: int
    item: PlanItem
    role: str
    sources: frozenset[int] = frozenset()


def _merge_line(lines: dict[tuple[int, int], Expected], line: Expected) -> None:
    """One line per (organisation, item): lead wins over coordinating, sources add up."""
    key = (line.organisation_id, line.item.pk)
    known = lines.get(key)
    if known is None:
        lines[key] = line
        return
    role = Assignment.Role.LEAD if Assignment.Role.LEAD in (known.role, line.role) else known.role
    lines[key] = Expected(key[0], known.item, role, known.sources | line.sources)


def expected_lines(
    plan: Plan,
    year: int,
    period_start: datetime.date,
    *,
    deadline: datetime.date | None = None,
) -> list[Expected]:
    """Every (organisation, item) line of a round, one per pair: an agency both lead and
    coordinating on an item reports on it once, as lead. For a national plan, the provinces:
    each province whose provincial plan implements the national plan in `year` reports, as
    lead, on the national activities and tasks its plan adopted (PlanItem.implements).

    Who reports is read from the organisations existing on the round's `deadline` (by default
    the year's): an organisation closed before it is replaced by its carrier (carriers_on), one
    report per carrier with the items merged (a 2025 national round expects Hồ Chí Minh City
    for Bình Dương's plan, a 2025 provincial round the Department of Agriculture and Environment
    for the Department of Natural Resources and Environment); one not yet begun on the deadline,
    or closed without successor, is not expected."""
    deadline = deadline or default_deadline(year)
    raw: list[Expected] = []
    if plan.level == PlanLevel.NATIONAL:
        adopted = (
            PlanItem.objects.filter(
                plan__parent=plan,
                plan__level=PlanLevel.PROVINCIAL,
                plan__period_start__lte=year,
                plan__period_end__gte=year,
                implements__plan=plan,
                implements__kind__in=[ItemKind.ACTIVITY, ItemKind.TASK],
            )
            .select_related("implements", "plan")
            .order_by("implements__position")
        )
        for item in adopted:
            national_item = item.implements
            assert national_item is not None
            territory = item.plan.territory_id
            raw.append(
                Expected(territory, national_item, Assignment.Role.LEAD, frozenset({territory}))
            )
    else:
        for assignment in expected_assignments(plan, year):
            org = assignment.organisation_id
            raw.append(Expected(org, assignment.item, assignment.role, frozenset({org})))
    carriers = carriers_on({line.organisation_id for line in raw}, deadline)
    lines: dict[tuple[int, int], Expected] = {}
    for line in raw:
        carrier = carriers.get(line.organisation_id)
        if carrier is not None:
            _merge_line(lines, Expected(carrier, line.item, line.role, line.sources))
    return list(lines.values())


@transaction.atomic
def open_round(
    plan: Plan,
    year: int,
    *,
    user: User,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
    deadline: datetime.date | None = None,
    at: datetime.datetime | None = None,
) -> ReportingRound:
    """Open the round and create the expected reports, pre-filled from the last accepted ones.

    A national round expects one report from each province whose plan implements the national
    plan that year; the provinces' People's Committees approved before the round opened have
    their report delivered at once (reporting.signals.national_round_opened)."""
    if not permissions.can_manage_reporting(user, plan):
        raise PermissionDenied(_("Only the plan's coordinator may open a reporting round."))
    period_start = period_start or datetime.date(year, 1, 1)
    period_end = period_end or datetime.date(year, 12, 31)
    deadline = deadline or default_deadline(year)
    errors = {}
    if not plan.period_start <= year <= plan.period_end:
        errors["year"] = _(
            "The plan runs from %(start)s to %(end)s: a round for %(year)s is outside it."
        ) % {"start": plan.period_start, "end": plan.period_end, "year": year}
    elif ReportingRound.objects.filter(plan=plan, year=year).exists():
        errors["year"] = _("A round for %(year)s is already open for this plan.") % {"year": year}
    if period_end < period_start:
        errors["period_end"] = _("The period ends before it starts.")
    if errors:
        raise ValidationError(errors)
    round_ = ReportingRound(
        plan=plan,
        year=year,
        period_start=period_start,
        period_end=period_end,
        deadline=deadline,
        opened_by=user,
    )
    stamp(round_, user, at=at)
    round_.save()

    previous = _last_accepted_items(plan, year)
    reports: dict[int, AgencyReport] = {}
    for line in sorted(
        expected_lines(plan, year, period_start, deadline=deadline),
        key=lambda x: (x.item.position, x.item.pk),
    ):
        org_id = line.organisation_id
        if org_id not in reports:
            report = AgencyReport(round=round_, organisation_id=org_id)
            stamp(report, user, at=at)
            report.save()
            reports[org_id] = report
            _event(report, ReportEvent.Action.OPENED, user, at)
        item = ReportItem(
            report=reports[org_id],
            plan_item=line.item,
            role=line.role,
            position=line.item.position,
        )
        last = previous.get((org_id, line.item.pk)) or next(
            (
                previous[(source, line.item.pk)]
                for source in sorted(line.sources)
                if (source, line.item.pk) in previous
            ),
            None,
        )
        if last is not None:
            item.status, item.progress, item.carried_over = last.status, last.progress, True
        stamp(item, user, at=at)
        item.save()
    if plan.level == PlanLevel.NATIONAL:
        national_round_opened.send(sender=ReportingRound, round=round_, user=user)
    return round_


def _last_accepted_items(plan: Plan, year: int) -> dict[tuple[int, int], ReportItem]:
    """(organisation id, plan item id) -> the item of the most recent accepted report."""
    items = (
        ReportItem.objects.filter(
            report__round__plan=plan,
            report__round__year__lt=year,
            report__status=ReportStatus.ACCEPTED,
        )
        .select_related("report")
        .order_by("report__round__year")
    )
    return {(i.report.organisation_id, i.plan_item_id): i for i in items}


def check_items(report: AgencyReport, items: dict[int, ItemChanges]) -> list[DraftProblem]:
    """What save_draft would refuse in `items`, writing nothing: for a caller that answers
    every problem of a request at once (the API, with its own checks of the rest)."""
    return _check_items(report, items)[0]


def _check_items(
    report: AgencyReport, items: dict[int, ItemChanges]
) -> tuple[list[DraftProblem], list[tuple[ReportItem, ItemChanges]]]:
    """The problems of `items`, and the report's items with the changes applied (unsaved)."""
    # With their funds (save_draft compares and writes them): one query, not one a line.
    lines = report.items.filter(pk__in=list(items)).prefetch_related("funds")
    by_id = {i.pk: i for i in lines}
    problems: list[DraftProblem] = []
    for item_id in items:
        if item_id not in by_id:
            problems.append(
                DraftProblem(
                    _("Item %(id)s is not part of this report.") % {"id": item_id}, "items"
                )
            )
    changed_items = []
    for item_id, changes in items.items():
        item = by_id.get(item_id)
        if item is None:
            continue
        for name, value in changes.values.items():
            if name in ITEM_FIELDS:
                setattr(item, name, "" if value is None and name in TEXT_FIELDS else value)
        try:
            item.full_clean(exclude=["report", "plan_item", "role", "position"])
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                problems += [DraftProblem(m, name, item=item_id) for m in messages]
        for source, amount in changes.funds.items():
            if source not in FundingSource.values:
                message = _("Unknown funding source %(source)s.") % {"source": source}
                problems.append(DraftProblem(message, "funds", item=item_id))
            elif amount is not None and amount < 0:
                message = _("An amount cannot be negative.")
                problems.append(DraftProblem(message, f"fund_{source}", item=item_id))
            elif amount is not None:
                # Whole đồng that fit the column: a fraction would be rounded silently, and an
                # amount of 10^18 or more fails the INSERT (a crash on the Excel upload).
                try:
                    ItemFunding._meta.get_field("amount").clean(amount, None)
                except ValidationError as exc:
                    problems += [
                        DraftProblem(m, f"fund_{source}", item=item_id) for m in exc.messages
                    ]
        changed_items.append((item, changes))
    return problems, changed_items


def check_draft(
    report: AgencyReport,
    *,
    general: dict[str, str] | None = None,
    items: dict[int, ItemChanges] | None = None,
    disbursements: dict[int, Decimal | None] | None = None,
) -> list[DraftProblem]:
    """Every problem save_draft would refuse in these changes, writing nothing (the Excel
    upload lists them with the cells it could not read, all in one answer)."""
    return _check_draft(report, general or {}, items or {}, disbursements or {})[0]


def _check_draft(
    report: AgencyReport,
    general: dict[str, str],
    items: dict[int, ItemChanges],
    disbursements: dict[int, Decimal | None],
) -> tuple[list[DraftProblem], list[tuple[ReportItem, ItemChanges]], dict[int, BudgetLine]]:
    problems, changed_items = _check_items(report, items)
    for name in general:
        if name not in GENERAL_FIELDS:
            problems.append(DraftProblem(_("Unknown field."), name))
    lines = _check_disbursements(report, disbursements, problems)
    return problems, changed_items, lines


@transaction.atomic
def save_draft(
    report: AgencyReport,
    *,
    user: User,
    version: int,
    general: dict[str, str] | None = None,
    items: dict[int, ItemChanges] | None = None,
    disbursements: dict[int, Decimal | None] | None = None,
    at: datetime.datetime | None = None,
) -> AgencyReport:
    """Save the agency's text. `version` is the report version the user started from; when
    the report was saved since, StaleReport is raised and nothing is written.

    `items` maps ReportItem ids of this report to their new values. `disbursements` maps
    budget line ids (reporting.disbursements.lines_to_report) to the VND disbursed in the
    round's year, None to clear. Every problem is raised at once, as DraftRejected (a
    ValidationError) listing DraftProblems; nothing is written then.
    """
    report = AgencyReport.objects.select_for_update().select_related("round").get(pk=report.pk)
    if not permissions.can_edit_report(user, report):
        raise PermissionDenied(_("You may not edit this report."))
    if report.version != version:
        raise StaleReport(report)
    general = general or {}
    items = items or {}
    disbursements = disbursements or {}
    problems, changed_items, lines = _check_draft(report, general, items, disbursements)
    if problems:
        raise DraftRejected(problems)

    stored = _stored_values([item.pk for item, _changes in changed_items])
    for item, changes in changed_items:
        # The form posts every item: only those whose values differ are saved, so that the
        # history holds one row per real change, not one per item per save.
        if any(getattr(item, name) != stored[item.pk][name] for name in ITEM_FIELDS):
            stamp(item, user, at=at)
            item.save()
        _save_funds(item, changes.funds, user, at)
    _save_disbursements(report, disbursements, lines, user, at)
    for name, value in general.items():
        setattr(report, name, value or "")
    report.version += 1
    stamp(report, user, at=at)
    report.save(update_fields=[*general.keys(), "version", "updated_at"])
    _event(report, ReportEvent.Action.SAVED, user, at)
    return report


def _stored_values(item_ids: list[int]) -> dict[int, dict[str, Any]]:
    """The saved ITEM_FIELDS of these items, as the database holds them (one query)."""
    rows = ReportItem.objects.filter(pk__in=item_ids).values("pk", *ITEM_FIELDS)
    return {row.pop("pk"): row for row in rows}


def _save_funds(item: ReportItem, funds: dict[str, Decimal | None], user, at) -> None:
    _sync_amounts(
        {f.source: f for f in item.funds.all()},
        # No money from a source is no row for it.
        {source: amount or None for source, amount in funds.items()},
        lambda source, amount: ItemFunding(item=item, source=source, amount=amount),
        user,
        at,
    )


def _sync_amounts(current: dict, amounts: dict, new_row, user, at) -> None:
    """Make the rows `current` (key -> row with an `amount`) say `amounts` (key -> VND, None
    for no row): update, create with `new_row(key, amount)` or delete, each in the history."""
    for key, amount in amounts.items():
        row = current.get(key)
        if amount is None:
            if row is not None:
                stamp(row, user, at=at)
                row.delete()
        elif row is None:
            row = new_row(key, amount)
            stamp(row, user, at=at)
            row.save()
        elif row.amount != amount:
            row.amount = amount
            stamp(row, user, at=at)
            row.save()


def _check_disbursements(
    report: AgencyReport, amounts: dict[int, Decimal | None], problems: list[DraftProblem]
) -> dict[int, BudgetLine]:
    """Add to `problems` what is wrong with the reported disbursements; return the lines."""
    if not amounts:
        return {}
    lines = {line.pk: line for line in lines_to_report(report)}
    column = ReportDisbursement._meta.get_field("amount")
    for line_id, amount in amounts.items():
        line = lines.get(line_id)
        if line is None:
            problems.append(
                DraftProblem(
                    _(
                        "Budget line %(id)s is not a line for %(year)s of a funded project your "
                        "agency leads."
                    )
                    % {"id": line_id, "year": report.round.year},
                    "amount",
                    line=line_id,
                )
            )
            continue
        if amount is None:
            continue
        problem = disbursement_problem(line, amount)
        if problem:
            problems.append(DraftProblem(problem, "amount", line=line_id))
            continue
        try:
            column.clean(amount, None)  # whole đồng that fit the column
        except ValidationError as exc:
            problems += [DraftProblem(m, "amount", line=line_id) for m in exc.messages]
    return lines


def _save_disbursements(
    report: AgencyReport,
    amounts: dict[int, Decimal | None],
    lines: dict[int, BudgetLine],
    user,
    at,
) -> None:
    # Here 0 is a figure ("nothing was disbursed"), kept as a row.
    _sync_amounts(
        {row.budget_line_id: row for row in report.disbursements.all()},
        amounts,
        lambda line_id, amount: ReportDisbursement(
            report=report, budget_line=lines[line_id], amount=amount
        ),
        user,
        at,
    )


def _transition(report: AgencyReport, new: str) -> None:
    if not can_transition(report.status, new):
        raise ValidationError(
            {
                "status": _("A report that is %(current)s cannot become %(new)s.")
                % {
                    "current": report.get_status_display(),
                    "new": ReportStatus(new).label,
                }
            }
        )
    report.status = new


def _record_submission(
    report: AgencyReport,
    *,
    user: User,
    submitted_by: User,
    document_number: str,
    signer: str,
    at: datetime.datetime | None,
) -> None:
    """The one submission step (an agency's, or a province's delivery to the ministry): the
    transition, who and when, the signature, a new version; history signed by `user`."""
    _transition(report, ReportStatus.SUBMITTED)
    now = _now(at)
    report.submitted_at = now
    report.first_submitted_at = report.first_submitted_at or now
    report.submitted_by = submitted_by
    report.document_number = document_number.strip()
    report.signer = signer.strip()
    report.version += 1
    stamp(report, user, at=at)
    report.save(
        update_fields=[
            "status",
            "submitted_at",
            "first_submitted_at",
            "submitted_by",
            "document_number",
            "signer",
            "version",
            "updated_at",
        ]
    )


@transaction.atomic
def submit_report(
    report: AgencyReport,
    *,
    user: User,
    document_number: str = "",
    signer: str = "",
    at: datetime.datetime | None = None,
) -> AgencyReport:
    """The leader approves and sends the report to the focal point; it becomes read-only."""
    # The row lock makes a second, concurrent submission wait for the first and then read the
    # report as submitted: it is told so, instead of being refused as not editable.
    report = AgencyReport.objects.select_for_update().select_related("round").get(pk=report.pk)
    if (
        report.submitted_at
        and not report.is_editable
        and permissions.works_for_reporting_agency(user, report)
    ):
        raise ReportAlreadySubmitted(report)
    if not permissions.can_submit_report(user, report):
        raise PermissionDenied(_("Only the agency's leader may submit this report."))
    errors: dict[str, list[str]] = {}
    for item in report.items.select_related("plan_item"):
        try:
            item.full_clean(exclude=["report", "plan_item", "role", "position"])
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors.setdefault(f"{item.pk}-{name}", []).extend(
                    f"{item.plan_item.label}: {m}" for m in messages
                )
    if errors:
        raise ValidationError(errors)
    _record_submission(
        report, user=user, submitted_by=user, document_number=document_number, signer=signer, at=at
    )
    _event(report, ReportEvent.Action.SUBMITTED, user, at)
    return report


@transaction.atomic
def return_report(
    report: AgencyReport,
    *,
    user: User,
    comment: str = "",
    item_comments: dict[int, str] | None = None,
    at: datetime.datetime | None = None,
) -> AgencyReport:
    """Send the report back to the agency with comments (on the whole and per item)."""
    report = (
        AgencyReport.objects.select_for_update().select_related("round__plan").get(pk=report.pk)
    )
    if not permissions.can_review_report(user, report):
        raise PermissionDenied(_("Only the coordinator may review a submitted report."))
    item_comments = {k: v.strip() for k, v in (item_comments or {}).items() if v and v.strip()}
    if not comment.strip() and not item_comments:
        raise ValidationError({"comment": _("Say what the agency must change: write a comment.")})
    items = {i.pk: i for i in report.items.select_related("plan_item")}
    labelled = {}
    for item in items.values():
        new = item_comments.get(item.pk, "")
        if item.review_comment != new:
            item.review_comment = new
            stamp(item, user, at=at)
            item.save(update_fields=["review_comment", "updated_at"])
        if new:
            labelled[item.plan_item.label] = new
    _record_review(report, ReportStatus.RETURNED, user=user, at=at, comment=comment)
    _event(report, ReportEvent.Action.RETURNED, user, at, comment.strip(), labelled)
    return report


def _record_review(report: AgencyReport, status: str, *, user: User, at, comment: str) -> None:
    """Move a submitted report to `status` (returned or accepted) as the coordinator's review."""
    _transition(report, status)
    report.review_comment = comment.strip()
    report.reviewed_at = _now(at)
    report.reviewed_by = user
    report.version += 1
    stamp(report, user, at=at)
    report.save(
        update_fields=[
            "status",
            "review_comment",
            "reviewed_at",
            "reviewed_by",
            "version",
            "updated_at",
        ]
    )


@transaction.atomic
def accept_report(
    report: AgencyReport, *, user: User, comment: str = "", at: datetime.datetime | None = None
) -> AgencyReport:
    report = (
        AgencyReport.objects.select_for_update()
        .select_related("round__plan", "organisation")
        .get(pk=report.pk)
    )
    if not permissions.can_review_report(user, report):
        raise PermissionDenied(_("Only the coordinator may review a submitted report."))
    _record_review(report, ReportStatus.ACCEPTED, user=user, at=at, comment=comment)
    report.items.exclude(review_comment="").update(review_comment="")
    reported = {
        row.budget_line: row.amount for row in report.disbursements.select_related("budget_line")
    }
    if reported:
        record_reported_disbursements(
            reported,
            user=user,
            reason=_("Disbursement reported in the accepted %(year)s report of %(org)s")
            % {"year": report.round.year, "org": report.organisation},
        )
    _event(report, ReportEvent.Action.ACCEPTED, user, at, comment.strip())
    return report


@dataclass
class NationalFigures:
    """What a province reports on one national activity, read from its accepted reports."""

    status: str = ItemStatus.NOT_STARTED
    progress: int | None = None
    results: str = ""
    difficulties: str = ""
    proposals: str = ""
    funds: dict[str, Decimal] = field(default_factory=dict)


def _combined_status(statuses: list[str]) -> str:
    """One national activity's status from the province's activities implementing it."""
    reported = [s for s in statuses if s != ItemStatus.NOT_APPLICABLE]
    if not reported:
        return ItemStatus.NOT_APPLICABLE if statuses else ItemStatus.NOT_STARTED
    if all(s == ItemStatus.COMPLETED for s in reported):
        return ItemStatus.COMPLETED
    if any(s in (ItemStatus.COMPLETED, ItemStatus.IN_PROGRESS) for s in reported):
        return ItemStatus.IN_PROGRESS
    if any(s == ItemStatus.ON_HOLD for s in reported):
        return ItemStatus.ON_HOLD
    return ItemStatus.NOT_STARTED


def national_figures(source_round: ReportingRound) -> dict[int, NationalFigures]:
    """National item id -> what the province's round says of it: the status of each of the
    province's activities implementing it (reporting.activity_status, the lead's accepted
    line), combined; the texts of every accepted line, each with its agency; the funds of
    those lines summed by source. Three queries, whatever the size of the round."""
    lines = list(
        ReportItem.objects.filter(
            report__round=source_round,
            report__status=ReportStatus.ACCEPTED,
            plan_item__implements__isnull=False,
        )
        .select_related("report__organisation", "plan_item")
        .order_by("position", "report_id")
    )
    by_item: dict[int, list[ReportItem]] = {}
    national_of: dict[int, int] = {}
    for line in lines:
        by_item.setdefault(line.plan_item_id, []).append(line)
        assert line.plan_item.implements_id is not None
        national_of[line.plan_item_id] = line.plan_item.implements_id
    grouped: dict[int, list[int]] = {}
    for item_id, national_id in national_of.items():
        grouped.setdefault(national_id, []).append(item_id)
    figures: dict[int, NationalFigures] = {}
    for national_id, item_ids in grouped.items():
        statuses: list[str] = []
        progress: list[int] = []
        texts: dict[str, list[str]] = {"results": [], "difficulties": [], "proposals": []}
        for item_id in item_ids:
            state = activity_status(by_item[item_id])
            if state.line is not None:
                statuses.append(state.status)
                if state.progress is not None:
                    progress.append(state.progress)
            for line in by_item[item_id]:
                agency = str(line.report.organisation)
                for name, collected in texts.items():
                    text = getattr(line, name).strip()
                    if text:
                        collected.append(f"- {agency}: {text}")
        figures[national_id] = NationalFigures(
            status=_combined_status(statuses),
            progress=round(sum(progress) / len(progress)) if progress else None,
            results="\n".join(texts["results"]),
            difficulties="\n".join(texts["difficulties"]),
            proposals="\n".join(texts["proposals"]),
        )
    sums = (
        ItemFunding.objects.filter(item__in=[line.pk for line in lines])
        .values_list("item__plan_item__implements_id", "source")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for national_id, source, total in sums:
        if total:
            figures[national_id].funds[source] = total
    return figures


@transaction.atomic
def deliver_national_report(
    report: AgencyReport,
    *,
    user: User,
    source_round: ReportingRound,
    approved_by: User,
    document_number: str,
    signer: str,
    comment: str = "",
    at: datetime.datetime | None = None,
) -> AgencyReport:
    """Put the province's approved figures (read from its round `source_round`) into its
    report of a national round and submit it to the ministry, through the same transitions
    as an agency's report: a draft or a report the ministry returned becomes submitted, its
    items and funds refreshed. `approved_by` is the province leader who approved; `user` is
    who acts (that leader, or the ministry opening the round after the approval)."""
    report = (
        AgencyReport.objects.select_for_update()
        .select_related("round__plan", "organisation")
        .get(pk=report.pk)
    )
    if report.round.plan.level != PlanLevel.NATIONAL:
        raise ValidationError(_("Only a report of a national round is delivered this way."))
    if not permissions.can_deliver_national_report(user, report):
        raise PermissionDenied(_("Only the province's leader may send its report."))
    if not report.is_editable:
        raise ValidationError(
            {
                "status": _(
                    "The province's report to the ministry is %(status)s: it cannot be sent "
                    "again now."
                )
                % {"status": report.get_status_display()}
            }
        )
    if not document_number.strip() or not signer.strip():
        raise ValidationError(_("The report needs its issued number and its signer."))
    figures = national_figures(source_round)
    for item in report.items.prefetch_related("funds"):
        values = figures.get(item.plan_item_id, NationalFigures())
        changed = False
        for name in ("status", "progress", "results", "difficulties", "proposals"):
            if getattr(item, name) != getattr(values, name):
                setattr(item, name, getattr(values, name))
                changed = True
        if changed or item.review_comment or item.carried_over:
            item.review_comment = ""
            item.carried_over = False
            stamp(item, user, at=at)
            item.save()
        current = {f.source: f for f in item.funds.all()}
        amounts: dict[str, Decimal | None] = dict.fromkeys(current)
        amounts.update(values.funds)
        _sync_amounts(
            current,
            amounts,
            lambda source, amount, item=item: ItemFunding(item=item, source=source, amount=amount),
            user,
            at,
        )
    _record_submission(
        report,
        user=user,
        submitted_by=approved_by,
        document_number=document_number,
        signer=signer,
        at=at,
    )
    _event(report, ReportEvent.Action.SUBMITTED, approved_by, at, comment)
    return report


def national_report_of(provincial_round: ReportingRound) -> AgencyReport | None:
    """The province's report in the national round of the same year, if that round is open."""
    plan = provincial_round.plan
    if plan.parent_id is None:
        return None
    return (
        AgencyReport.objects.filter(
            round__plan_id=plan.parent_id,
            round__plan__level=PlanLevel.NATIONAL,
            round__year=provincial_round.year,
            organisation_id=plan.territory_id,
        )
        .select_related("round__plan", "organisation")
        .first()
    )


@transaction.atomic
def lock_round(round_: ReportingRound, *, user: User, locked: bool = True) -> ReportingRound:
    """Close (or reopen) the round to further submissions."""
    if not permissions.can_manage_reporting(user, round_.plan):
        raise PermissionDenied(_("Only the plan's coordinator may lock a round."))
    round_.locked = locked
    stamp(round_, user)
    round_.save(update_fields=["locked", "updated_at"])
    return round_


def cancel_problem(round_: ReportingRound) -> str:
    """Why `round_` cannot be cancelled any more, "" while it can: a report in it was submitted
    (even if returned since), or a consolidated report was made from it."""
    submitted = round_.reports.filter(
        Q(first_submitted_at__isnull=False) | ~Q(status=ReportStatus.DRAFT)
    ).count()
    if submitted:
        return ngettext(
            "The %(year)s round cannot be cancelled: %(count)s report in it was already "
            "submitted. Lock the round instead.",
            "The %(year)s round cannot be cancelled: %(count)s reports in it were already "
            "submitted. Lock the round instead.",
            submitted,
        ) % {"year": round_.year, "count": submitted}
    if round_.consolidated_reports.exists():
        return _(
            "The %(year)s round cannot be cancelled: a consolidated report was made from it."
        ) % {"year": round_.year}
    return ""


@transaction.atomic
def cancel_round(round_: ReportingRound, *, user: User) -> None:
    """Delete a round opened by mistake, with its draft reports, while nothing in it was
    submitted. No ReportEvent can outlive its report: the trace is the history of the round
    and of its reports (simple_history keeps deleted records, signed by `user`, the round's
    with the reason naming what was deleted); the audit trail shows them."""
    if not permissions.can_manage_reporting(user, round_.plan):
        raise PermissionDenied(_("Only the plan's coordinator may cancel a round."))
    round_ = ReportingRound.objects.select_for_update().select_related("plan").get(pk=round_.pk)
    problem = cancel_problem(round_)
    if problem:
        raise ValidationError(problem)
    reports = list(round_.reports.select_related("organisation"))
    reason = _("Round %(year)s of %(plan)s cancelled: %(count)s draft reports deleted") % {
        "year": round_.year,
        "plan": round_.plan.number,
        "count": len(reports),
    }
    for attachment in Attachment.objects.filter(report__round=round_):
        if attachment.file.name:
            _discard_after_commit(attachment.file.name, attachment.file.storage)
        stamp(attachment, user, reason)
        attachment.delete()
    rows: list[Any] = [
        *ItemFunding.objects.filter(item__report__round=round_),
        *ReportItem.objects.filter(report__round=round_),
        *ReportDisbursement.objects.filter(report__round=round_),
    ]
    for row in rows:  # each deletion signed in its model's history
        stamp(row, user, reason)
        row.delete()
    for report in reports:
        stamp(report, user, reason)
        report.delete()  # its events and reminders with it
    pk = round_.pk
    stamp(round_, user, reason)
    round_.delete()
    logger.info("round cancelled", extra={"round": pk, "reports": len(reports)})


@transaction.atomic
def grant_exception(
    report: AgencyReport, *, user: User, until: datetime.date, comment: str = ""
) -> AgencyReport:
    """Give one agency a later deadline; it may submit even when the round is locked."""
    if not permissions.can_manage_reporting(user, report.round.plan):
        raise PermissionDenied(_("Only the plan's coordinator may grant an exception."))
    if until < report.round.deadline:
        raise ValidationError(
            {"until": _("The extended deadline must be on or after the round's deadline.")}
        )
    report.deadline_override = until
    stamp(report, user)
    report.save(update_fields=["deadline_override", "updated_at"])
    _event(
        report,
        ReportEvent.Action.EXCEPTION,
        user,
        comment=comment
        or _("Deadline extended to %(date)s.") % {"date": until.strftime("%d/%m/%Y")},
    )
    return report


@transaction.atomic
def add_attachment(
    report: AgencyReport, *, user: User, upload: UploadedFile, item: ReportItem | None = None
) -> Attachment:
    """Attach an evidence file, checked on its content (type) and size."""
    if not permissions.can_edit_report(user, report):
        raise PermissionDenied(_("You may not edit this report."))
    if item is not None and item.report_id != report.pk:
        raise ValidationError({"item": _("This item is not part of this report.")})
    content_type = check_upload(upload, max_bytes=settings.UPLOAD_MAX_BYTES)
    # Django names and measures every uploaded file (the stubs allow a bare File's None).
    assert upload.name is not None and upload.size is not None
    attachment = Attachment(
        report=report,
        item=item,
        # Named as what it is: a PDF called polyglot.html is kept as polyglot.pdf.
        original_name=named_as(upload.name[:240], content_type),
        content_type=content_type,
        size=upload.size,
        uploaded_by=user,
    )
    attachment.file.save(upload.name, upload, save=False)
    with discarded_on_error(attachment.file):  # no file left without its row
        attachment.save()
        _event(report, ReportEvent.Action.ATTACHED, user, comment=attachment.original_name)
    return attachment


def _discard_after_commit(name: str, storage: Any) -> None:
    """Delete a stored file once the row that named it is gone for good (after the commit):
    a rolled-back removal keeps its file."""

    def discard() -> None:
        try:
            storage.delete(name)
        except OSError:
            logger.exception("could not remove the replaced or removed file %s", name)

    transaction.on_commit(discard)


def _locked_attachment(attachment: Attachment, user: User) -> Attachment:
    attachment = (
        Attachment.objects.select_for_update().select_related("report__round").get(pk=attachment.pk)
    )
    if not permissions.can_change_attachment(user, attachment):
        raise PermissionDenied(_("You may not change the files of this report."))
    return attachment


@transaction.atomic
def remove_attachment(attachment: Attachment, *, user: User) -> None:
    """Take an evidence file off the draft: the row (its history keeps who and when), the
    stored file after the commit, and a step in the report's events."""
    attachment = _locked_attachment(attachment, user)
    name, storage = attachment.file.name, attachment.file.storage
    stamp(attachment, user)
    attachment.delete()
    _event(
        attachment.report, ReportEvent.Action.FILE_REMOVED, user, comment=attachment.original_name
    )
    if name:
        _discard_after_commit(name, storage)


@transaction.atomic
def replace_attachment(attachment: Attachment, *, user: User, upload: UploadedFile) -> Attachment:
    """Put a new version of an evidence file in place of the old one, about the same item;
    checked like a new file (type from the content, size). The old file goes after the commit."""
    attachment = _locked_attachment(attachment, user)
    content_type = check_upload(upload, max_bytes=settings.UPLOAD_MAX_BYTES)
    assert upload.name is not None and upload.size is not None
    old_name, old_file, storage = (
        attachment.original_name,
        attachment.file.name,
        attachment.file.storage,
    )
    attachment.original_name = named_as(upload.name[:240], content_type)
    attachment.content_type = content_type
    attachment.size = upload.size
    attachment.uploaded_by = user
    attachment.file.save(upload.name, upload, save=False)
    with discarded_on_error(attachment.file):
        stamp(attachment, user)
        attachment.save()
        _event(
            attachment.report,
            ReportEvent.Action.FILE_REPLACED,
            user,
            comment=f"{old_name} → {attachment.original_name}",
        )
    if old_file:
        _discard_after_commit(old_file, storage)
    return attachment
