"""The crosswalk between plan generations: which items of a later plan carry on which items of
an earlier one (403/QĐ-TTg -> 882/QĐ-TTg, 1847/KH-UBND -> 3961/KH-UBND).

Every write of links goes through here (`link_items`, `unlink`, `import_crosswalk`), checked
first (`check_crosswalk` returns the problems, writes nothing). Whoever may edit the successor
plan (accounts.permissions.can_manage_plan) links its items to the items of an earlier plan
they may see. What was reported on linked items (the reporting app's data, which this app may
not import) is asked for through the `progress_wanted` signal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.dispatch import Signal
from django.utils.translation import gettext as _

from accounts.permissions import can_manage_plan, can_view_plan
from core.history import history_user, stamp
from core.spreadsheet import ImportProblem, ImportRejected
from plans.crosswalk_file import CrosswalkFile, LinkRow, parse_crosswalk_file
from plans.models import ItemLink, Plan, PlanItem, link_problem

if TYPE_CHECKING:
    from accounts.models import User

# Sent by `reported_progress` with `user` and `item_ids`; a receiver returns a list of
# `ReportedProgress` (the reporting app connects one, reporting.crosswalk_progress).
progress_wanted = Signal()


@dataclass(frozen=True)
class ReportedProgress:
    """What the accepted reports of one year's round say of one item."""

    year: int
    item_id: int
    status: str  # an ItemStatus value
    status_label: str
    progress: int | None


@dataclass(frozen=True)
class PlannedLink:
    """A row of an import, resolved: what applying it does."""

    row: int
    predecessor: PlanItem
    successor: PlanItem
    note: str
    existing: ItemLink | None  # the link is already there (its note is then replaced)


def may_link(user: User, successor_plan: Plan) -> bool:
    """Link items of `successor_plan` to earlier items: whoever may edit it."""
    return can_manage_plan(user, successor_plan)


def predecessor_plans(user: User, successor_plan: Plan) -> QuerySet[Plan]:
    """The plans whose items `successor_plan`'s may carry on: those `user` sees, other than
    it, starting no later, national or sectoral or of its own province."""
    province = successor_plan.territory.province_id
    same_place = Q(territory__province_id__isnull=True)
    if province is not None:
        same_place |= Q(territory__province_id=province)
    return (
        Plan.objects.visible_to(user)
        .filter(same_place, period_start__lte=successor_plan.period_start)
        .exclude(pk=successor_plan.pk)
        .order_by("-period_start", "number")
    )


def _require(user: User, successor_plan: Plan) -> None:
    if not may_link(user, successor_plan):
        raise PermissionDenied(
            _("You may not change plan %(number)s.") % {"number": successor_plan}
        )


@transaction.atomic
def link_items(
    predecessor: PlanItem, successor: PlanItem, *, user: User, note: str = ""
) -> ItemLink:
    """Link `successor` to `predecessor` (or replace the note of the link there is). Raises
    PermissionDenied, or ImportRejected with the rule the pair breaks."""
    _require(user, successor.plan)
    if not can_view_plan(user, predecessor.plan):
        raise PermissionDenied
    problem = link_problem(predecessor, successor)
    if problem:
        raise ImportRejected([ImportProblem(problem)])
    link = ItemLink.objects.filter(predecessor=predecessor, successor=successor).first()
    if link is None:
        link = ItemLink(predecessor=predecessor, successor=successor, created_by=history_user(user))
    elif link.note == note:
        return link
    link.note = note
    stamp(link, user)
    link.save()
    return link


@transaction.atomic
def unlink(link: ItemLink, *, user: User) -> None:
    _require(user, link.successor.plan)
    stamp(link, user)
    link.delete()


def _lookup(items: Iterable[PlanItem]) -> dict[str, PlanItem]:
    """Label -> item: by code, and by number where the number names one item only and is no
    other item's code."""
    items = list(items)
    by_code = {i.code.casefold(): i for i in items}
    numbers: dict[str, list[PlanItem]] = {}
    for item in items:
        if item.number:
            numbers.setdefault(item.number.casefold(), []).append(item)
    lookup = dict(by_code)
    for number, found in numbers.items():
        if len(found) == 1 and number not in by_code:
            lookup[number] = found[0]
    return lookup


def check_crosswalk(
    data: CrosswalkFile, predecessor_plan: Plan, successor_plan: Plan, *, user: User
) -> list[PlannedLink]:
    """The links `data` asks for, resolved against the two plans. Raises ImportRejected with
    every problem (unknown item, repeated row, a pair the rules refuse); writes nothing."""
    problems: list[ImportProblem] = list(data.problems)
    sheet = data.sheet
    col_pred, col_succ, _col_note = data.columns
    if not may_link(user, successor_plan):
        problems.append(
            ImportProblem(_("You may not change plan %(number)s.") % {"number": successor_plan})
        )
    if not predecessor_plans(user, successor_plan).filter(pk=predecessor_plan.pk).exists():
        plan_problem = link_problem(
            PlanItem(plan=predecessor_plan), PlanItem(plan=successor_plan)
        ) or _("Plan %(number)s cannot be the earlier plan of %(successor)s.") % {
            "number": predecessor_plan.number,
            "successor": successor_plan.number,
        }
        raise ImportRejected([*problems, ImportProblem(plan_problem)])
    earlier = _lookup(PlanItem.objects.filter(plan=predecessor_plan).select_related("plan"))
    later = _lookup(PlanItem.objects.filter(plan=successor_plan).select_related("plan"))
    existing = {
        (link.predecessor_id, link.successor_id): link
        for link in ItemLink.objects.filter(successor__plan=successor_plan)
    }
    seen: dict[tuple[int, int], LinkRow] = {}
    planned: list[PlannedLink] = []
    for row in data.rows:
        if not (row.predecessor and row.successor):
            continue  # an empty cell: in data.problems
        predecessor = earlier.get(row.predecessor.casefold())
        successor = later.get(row.successor.casefold())
        if predecessor is None:
            problems.append(
                ImportProblem(
                    _("Plan %(plan)s has no item %(label)s.")
                    % {"plan": predecessor_plan.number, "label": row.predecessor},
                    sheet,
                    row.row,
                    col_pred,
                )
            )
        if successor is None:
            problems.append(
                ImportProblem(
                    _("Plan %(plan)s has no item %(label)s.")
                    % {"plan": successor_plan.number, "label": row.successor},
                    sheet,
                    row.row,
                    col_succ,
                )
            )
        if predecessor is None or successor is None:
            continue
        pair = (predecessor.pk, successor.pk)
        if pair in seen:
            problems.append(
                ImportProblem(
                    _("Items %(predecessor)s and %(successor)s are already linked in row %(row)s.")
                    % {
                        "predecessor": row.predecessor,
                        "successor": row.successor,
                        "row": seen[pair].row,
                    },
                    sheet,
                    row.row,
                    col_succ,
                )
            )
            continue
        seen[pair] = row
        problem = link_problem(predecessor, successor)
        if problem:
            problems.append(ImportProblem(problem, sheet, row.row, col_succ))
            continue
        planned.append(PlannedLink(row.row, predecessor, successor, row.note, existing.get(pair)))
    if problems:
        # In the file's order; problems of no row (who may link) first.
        raise ImportRejected(sorted(problems, key=lambda p: p.row or 0))
    return planned


@transaction.atomic
def import_crosswalk(
    data: CrosswalkFile, predecessor_plan: Plan, successor_plan: Plan, *, user: User
) -> list[PlannedLink]:
    """Write every link of `data` (new ones created, the notes of existing ones replaced), or
    none: raises ImportRejected with every problem found."""
    planned = check_crosswalk(data, predecessor_plan, successor_plan, user=user)
    for link in planned:
        current = link.existing
        if current is None:
            current = ItemLink(
                predecessor=link.predecessor,
                successor=link.successor,
                created_by=history_user(user),
            )
        elif current.note == link.note:
            continue
        current.note = link.note
        stamp(current, user, _("Crosswalk import"))
        current.save()
    return planned


def import_crosswalk_file(
    name: str, content: bytes, predecessor_plan: Plan, successor_plan: Plan, *, user: User
) -> list[PlannedLink]:
    return import_crosswalk(
        parse_crosswalk_file(name, content), predecessor_plan, successor_plan, user=user
    )


# --- Reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Generations:
    """An item's links to the generations before and after it, as a user may see them."""

    predecessors: list[ItemLink]
    successors: list[ItemLink]
    progress: list[tuple[ReportedProgress, PlanItem]]  # by year, then plan, then item


def generations(item: PlanItem, user: User) -> Generations:
    """What the item page shows of the crosswalk: links whose other end the user may see, and
    what was reported on the item and on the linked items, year by year. Three queries plus
    the progress receivers' (one for reporting's), whatever the number of links."""
    visible = Plan.objects.visible_to(user)
    links = (
        ItemLink.objects.filter(
            Q(successor=item, predecessor__plan__in=visible)
            | Q(predecessor=item, successor__plan__in=visible)
        )
        .select_related("predecessor__plan", "successor__plan")
        .order_by("predecessor__plan__period_start", "predecessor__position", "successor__position")
    )
    predecessors: list[ItemLink] = []
    successors: list[ItemLink] = []
    for link in links:
        (predecessors if link.successor_id == item.pk else successors).append(link)
    items = {item.pk: item}
    items.update({link.predecessor_id: link.predecessor for link in predecessors})
    items.update({link.successor_id: link.successor for link in successors})
    rows = [
        (line, items[line.item_id])
        for line in reported_progress(user, list(items))
        if line.item_id in items
    ]
    rows.sort(key=lambda r: (r[0].year, r[1].plan.period_start, r[1].plan.number, r[1].position))
    return Generations(predecessors, successors, rows)


def reported_progress(user: User, item_ids: Sequence[int]) -> list[ReportedProgress]:
    """What the apps that hold reports (reporting) say was reported on `item_ids`."""
    found: list[ReportedProgress] = []
    for _receiver, answer in progress_wanted.send(sender=PlanItem, user=user, item_ids=item_ids):
        found.extend(cast("list[ReportedProgress]", answer) or [])
    return found
