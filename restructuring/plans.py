"""Restructuring plans: a whole file of changes (merge, rename, close, move, create), applied in
one transaction or refused whole with each problem at its row and column.

Each change goes through the one hand-over code: a merger is `merge_organisation` (people,
running assignments, focal points, indicators, unfinished projects), a rename or a move keeps
the earlier name and parent (orgs.actions), a closure refuses to leave anything behind, a
creation is `upsert_organisation`. The changes are applied in the order of their dates (file
order within a day), each seeing the ones before it: a department merged on 01/07/2025 is no
longer in the way when its province merges the same day. The preview runs the same code in a
transaction that is always rolled back, so it lists exactly what the application would move.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import User
from core.spreadsheet import ImportProblem, ImportRejected
from indicators.models import Indicator, Responsibility
from jobs.actions import queue_import
from jobs.kinds import JobKind, Result
from jobs.models import ImportJob
from orgs.actions import (
    close_organisation,
    move_organisation,
    rename_organisation,
    upsert_organisation,
)
from orgs.models import Organisation
from orgs.territory import place_name
from plans.actions import running_assignments, running_plans_coordinated_by
from plans.models import Plan
from projects.actions import unfinished_projects_of
from restructuring.actions import merge_organisation, unsubmitted_report_problems
from restructuring.restructuring_file import (
    CLOSE,
    CREATE,
    MERGE,
    MOVE,
    RENAME,
    Change,
    parse_restructuring_file,
)


@dataclass
class Outcome:
    """What one row does: a sentence, and the lists of what moves (as text, so that a preview
    can be shown after its transaction was rolled back)."""

    change: Change
    summary: str
    moves: list[tuple[str, list[str]]] = field(default_factory=list)


@dataclass
class Restructuring:
    outcomes: list[Outcome]
    problems: list[ImportProblem]

    @property
    def ok(self) -> bool:
        return not self.problems


class _Preview(Exception):
    def __init__(self, result: Restructuring) -> None:
        self.result = result


def _day(value: datetime.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def preview_restructuring(changes: list[Change], *, user: User) -> Restructuring:
    """What the file would do and what stands in its way; writes nothing."""
    _check_permission(user)
    try:
        with transaction.atomic():
            raise _Preview(_run(changes, user))
    except _Preview as preview:
        return preview.result


def apply_in_background(changes: list[Change]) -> bool:
    """Whether a confirmed file has enough changes to be applied by a task of the queue."""
    return len(changes) > settings.RESTRUCTURING_BACKGROUND_ROWS


def queue_restructuring(
    name: str, content: bytes, *, user: User, changes: list[Change]
) -> ImportJob:
    """Store the confirmed file and queue its application (jobs, the kind below): the same
    apply_restructuring, whole or not at all, as the uploader."""
    _check_permission(user)
    return queue_import(RESTRUCTURING_JOB, name, content, user=user, rows=len(changes))


@transaction.atomic
def apply_restructuring(changes: list[Change], *, user: User) -> Restructuring:
    """Apply every change, or none: raises ImportRejected with every problem."""
    _check_permission(user)
    result = _run(changes, user)
    if result.problems:
        raise ImportRejected(result.problems)
    return result


RESTRUCTURING_JOB = "restructuring.file"


def _read_job(job: ImportJob, content: bytes) -> tuple[list[Change], int]:
    changes = parse_restructuring_file(job.file_name, content)
    return changes, len(changes)


def _write_job(job: ImportJob, changes: list[Change]) -> Result:
    done = apply_restructuring(changes, user=job.created_by)
    return Result(
        reverse("orgs:list"),
        _("Open the organisations: %(count)s changes applied") % {"count": len(done.outcomes)},
    )


RESTRUCTURING_KIND = JobKind(
    name=RESTRUCTURING_JOB,
    title=lambda: _("Restructuring file"),
    read=_read_job,
    write=_write_job,
    may_see=lambda user, job: permissions.can_restructure_organisations(user),
    upload_again=lambda job: reverse("restructuring:file"),
)


def _check_permission(user: User) -> None:
    if not permissions.can_restructure_organisations(user):
        raise PermissionDenied(_("Only an administrator may restructure organisations."))


def _run(changes: list[Change], user: User) -> Restructuring:
    outcomes: list[Outcome] = []
    problems: list[ImportProblem] = []
    for change in sorted(changes, key=lambda c: (c.effective, c.row)):
        try:
            with transaction.atomic():  # a refused row leaves nothing of itself
                outcomes.append(_apply(change, user))
        except ValidationError as exc:
            problems.extend(change.problem(message, _column(change)) for message in exc.messages)
        except _RowProblem as exc:
            problems.append(change.problem(exc.message, exc.column))
    problems.sort(key=lambda p: p.row or 0)
    return Restructuring(outcomes, problems)


class _RowProblem(Exception):
    def __init__(self, message: str, column: str = "") -> None:
        self.message, self.column = message, column


def _column(change: Change) -> str:
    return "target" if change.change in {MERGE, MOVE} else "effective"


def _organisation(reference: str, column: str) -> Organisation:
    org = Organisation.objects.filter(code=reference.strip()).first()
    if org is None:
        raise _RowProblem(_("Unknown organisation %(ref)s.") % {"ref": reference}, column)
    return org


def _already_in_effect(change: Change) -> bool:
    """The row says what the database already holds (the file, or part of it, was applied
    before, or the organisations were loaded so): nothing to do, and no reason to refuse."""
    org = Organisation.objects.filter(code=change.code.strip()).first()
    if org is None:
        return False
    if change.change == CREATE:
        parent = (
            Organisation.objects.filter(code=change.target.strip()).first()
            if change.target
            else None
        )
        return org.valid_from == change.effective and org.parent_id == (
            parent.pk if parent else None
        )
    last_day = change.effective - datetime.timedelta(days=1)
    if change.change == MERGE:
        return (
            org.valid_to == last_day
            and org.successor is not None
            and org.successor.code == change.target.strip()
        )
    if change.change == CLOSE:
        return org.valid_to == last_day and org.successor_id is None
    return False


def _apply(change: Change, user: User) -> Outcome:
    reason = change.legal_basis
    if _already_in_effect(change):
        return Outcome(
            change,
            _("%(org)s: already in effect since %(day)s, nothing to change")
            % {"org": change.code, "day": _day(change.effective)},
        )
    if change.change == CREATE:
        return _create(change, user)
    org = _organisation(change.code, "code")
    if org.valid_from is not None and change.effective <= org.valid_from:
        raise _RowProblem(
            _("%(org)s only began on %(day)s: the change must come after.")
            % {"org": org.code, "day": _day(org.valid_from)},
            "effective",
        )
    if org.valid_to is not None and org.valid_to < change.effective:
        raise _RowProblem(
            _("%(org)s already stopped on %(day)s.") % {"org": org.code, "day": _day(org.valid_to)},
            "code",
        )
    if change.change == MERGE:
        successor = _organisation(change.target, "target")
        if _leads_back(successor, org):
            raise _RowProblem(
                _("%(org)s cannot be merged into %(target)s: that would make a cycle.")
                % {"org": org.code, "target": successor.code},
                "target",
            )
        merger = merge_organisation(org, successor, change.effective, user=user)
        return Outcome(
            change,
            merger.reason,
            [
                (_("People"), [f"{u.username} ({u.get_full_name()})" for u in merger.users]),
                (
                    _("Assignments in plans still running"),
                    [f"{a.item.plan.number} / {a.item.code}" for a in merger.assignments],
                ),
                (_("Plans it coordinates"), [p.number for p in merger.focal_plans]),
                (_("Indicators it answers for"), [f"{i.code} {i.name}" for i in merger.indicators]),
                (
                    _("Indicators by territory, from the merger on"),
                    [_responsibility_line(r) for r in merger.responsibilities],
                ),
                (_("Unfinished projects"), [p.title for p in merger.projects]),
                (
                    _("Plans and their rounds"),
                    [
                        f"{p.number} ({', '.join(str(r.year) for r in p.rounds.all()) or '—'})"
                        for p in _plans_of_territory(org)
                    ],
                ),
            ],
        )
    if change.change == RENAME:
        old = org.name
        rename_organisation(
            org,
            effective=change.effective,
            name=change.name,
            name_en=change.name_en,
            short_name=change.short_name,
            legal_basis=change.legal_basis,
            user=user,
            reason=reason,
        )
        return Outcome(
            change,
            _("%(old)s is called %(new)s from %(day)s")
            % {"old": old, "new": change.name, "day": _day(change.effective)},
        )
    if change.change == MOVE:
        parent = _organisation(change.target, "target")
        if parent.pk == org.pk or _is_below(parent, org):
            raise _RowProblem(
                _("%(org)s cannot be placed under %(target)s: that would make a cycle.")
                % {"org": org.code, "target": parent.code},
                "target",
            )
        if not parent.is_valid_on(change.effective):
            raise _RowProblem(
                _("%(org)s does not exist on %(day)s.")
                % {"org": parent.code, "day": _day(change.effective)},
                "target",
            )
        move_organisation(
            org,
            effective=change.effective,
            parent=parent,
            legal_basis=change.legal_basis,
            user=user,
            reason=reason,
        )
        return Outcome(
            change,
            _("%(org)s is placed under %(parent)s from %(day)s")
            % {"org": org.name, "parent": parent.name, "day": _day(change.effective)},
        )
    assert change.change == CLOSE
    _check_nothing_left(org, change.effective)
    close_organisation(
        org,
        last_day=change.effective - datetime.timedelta(days=1),
        successor=None,
        user=user,
        reason=reason or _("closed"),
    )
    return Outcome(
        change,
        _("%(org)s stops on %(day)s")
        % {"org": org.name, "day": _day(change.effective - datetime.timedelta(days=1))},
    )


def _create(change: Change, user: User) -> Outcome:
    if Organisation.objects.filter(code=change.code).exists():
        raise _RowProblem(
            _("An organisation with the code %(code)s already exists.") % {"code": change.code},
            "code",
        )
    parent = _organisation(change.target, "target") if change.target else None
    if parent is not None and not parent.is_valid_on(change.effective):
        raise _RowProblem(
            _("%(org)s does not exist on %(day)s.")
            % {"org": parent.code, "day": _day(change.effective)},
            "target",
        )
    org = upsert_organisation(
        change.code,
        user=user,
        kind=change.kind,
        name=change.name,
        name_en=change.name_en,
        short_name=change.short_name,
        parent=parent,
        valid_from=change.effective,
    )
    return Outcome(
        change,
        _("%(org)s is created from %(day)s") % {"org": org.name, "day": _day(change.effective)},
    )


def _check_nothing_left(org: Organisation, effective: datetime.date) -> None:
    """A closure (no successor) may leave nothing running behind."""
    left = []
    if org.users.exists():
        left.append(_("people"))
    if running_assignments(org, effective.year).exists():
        left.append(_("assignments in running plans"))
    if running_plans_coordinated_by(org, effective.year).exists():
        left.append(_("plans it is focal point of"))
    if Indicator.objects.filter(responsible_agency=org).exists() or (
        Responsibility.objects.filter(organisation=org)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=effective))
        .exists()
    ):
        left.append(_("indicators"))
    if unfinished_projects_of(org).exists():
        left.append(_("unfinished projects"))
    if any(c.valid_to is None for c in org.children.all()):
        left.append(_("units of its own"))
    if left:
        raise _RowProblem(
            _("%(org)s still has %(what)s: merge it into a successor instead of closing it.")
            % {"org": org.code, "what": ", ".join(str(w) for w in left)},
            "change",
        )
    unsubmitted = unsubmitted_report_problems(org)
    if unsubmitted:
        raise ValidationError(unsubmitted)


def _responsibility_line(row: Responsibility) -> str:
    """ "GHG_TOTAL: Thành phố Hồ Chí Minh: Sở NN&MT", as a preview lists it."""
    return _("%(code)s in %(territory)s: %(organisation)s") % {
        "code": row.indicator.code,
        "territory": place_name(row.territory),
        "organisation": row.organisation,
    }


def _leads_back(successor: Organisation, org: Organisation) -> bool:
    """Does `successor`'s chain of successors come back to `org`?"""
    current: Organisation | None = successor
    seen: set[int] = set()
    while current is not None and current.pk not in seen:
        if current.pk == org.pk:
            return True
        seen.add(current.pk)
        current = current.successor
    return False


def _is_below(candidate: Organisation, org: Organisation) -> bool:
    """Is `candidate` one of `org`'s units, at any depth?"""
    current: Organisation | None = candidate.parent
    seen: set[int] = set()
    while current is not None and current.pk not in seen:
        if current.pk == org.pk:
            return True
        seen.add(current.pk)
        current = current.parent
    return False


def _plans_of_territory(org: Organisation):
    return Plan.objects.filter(territory=org).prefetch_related("rounds").order_by("number")
