"""Every write to plans goes through here, inside one transaction."""

from __future__ import annotations

import datetime
import logging
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import CASCADE, DO_NOTHING, PROTECT, RESTRICT
from django.db.models.deletion import get_candidate_relations_to_delete
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import (
    can_import_plans,
    can_manage_plan,
    can_manage_plan_for_territory,
    can_view_plan,
)
from core.bulk_insert import insert_rows, insert_values, update_rows
from core.history import copy_to_history, delete_with_history, stamp
from jobs.actions import queue_import
from jobs.kinds import JobKind, Result
from jobs.models import ImportJob
from orgs.lookup import OrganisationLookup, OrganisationReferenceError, reference_scope
from orgs.models import Organisation
from plans import plan_file
from plans.models import (
    Assignment,
    FocalPointPeriod,
    ItemKind,
    LegalDocument,
    Plan,
    PlanItem,
    PlanLevel,
)
from plans.plan_file import count_rows, parse_plan_file
from plans.plan_import import MAX_DEPTH, ImportProblem, ImportRejected, ItemRow, PlanImport
from plans.tree import build_tree, flatten

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)


def _check_tree(data: PlanImport, problems: list[ImportProblem]) -> dict[str, int]:
    """Append the problems of the item tree to `problems`; return each code's level."""
    sheet = data.sheet_items
    seen: dict[str, ItemRow] = {}
    for row in data.items:
        if row.code in seen:
            problems.append(
                ImportProblem(
                    _("Duplicate code %(code)s (first used in row %(row)s).")
                    % {"code": row.code, "row": seen[row.code].row},
                    sheet,
                    row.row,
                    "code",
                )
            )
        else:
            seen[row.code] = row
        if row.kind not in ItemKind.values:
            problems.append(
                ImportProblem(
                    _("Unknown kind %(kind)s; use one of: %(kinds)s.")
                    % {"kind": row.kind, "kinds": ", ".join(ItemKind.values)},
                    sheet,
                    row.row,
                    "kind",
                )
            )
    for row in data.items:
        if row.parent_code and row.parent_code not in seen:
            problems.append(
                ImportProblem(
                    _("Parent code %(code)s does not exist in this file.")
                    % {"code": row.parent_code},
                    sheet,
                    row.row,
                    "parent_code",
                )
            )
    depths, broken = _levels(seen)
    for row in data.items:
        if row.code in broken:
            problems.append(
                ImportProblem(
                    _("Code %(code)s is its own ancestor (a cycle in parent codes).")
                    % {"code": row.code},
                    sheet,
                    row.row,
                    "parent_code",
                )
            )
        elif depths.get(row.code) == MAX_DEPTH + 1 and seen[row.code] is row:
            # The first item too deep on its branch; those below it would only repeat it.
            problems.append(
                ImportProblem(
                    _(
                        "Code %(code)s would be at level %(level)s of the tree; a plan has at "
                        "most %(max)s levels (theme, group, activity, task...)."
                    )
                    % {"code": row.code, "level": MAX_DEPTH + 1, "max": MAX_DEPTH},
                    sheet,
                    row.row,
                    "parent_code",
                )
            )
    return depths


def _levels(rows: dict[str, ItemRow]) -> tuple[dict[str, int], set[str]]:
    """The level of each code in the tree its parent codes draw (a top-level item is at level
    1), and the codes whose parent chain never reaches the top (a cycle, or leads into one).
    Walked without recursion, each code once: linear in the number of rows whatever the depth.
    """
    levels: dict[str, int] = {}
    broken: set[str] = set()
    for start in rows:
        path: list[str] = []
        on_path: set[str] = set()
        code = start
        base: int | None
        while True:
            if code in levels:
                base = levels[code]
                break
            if code in broken or code in on_path:
                base = None
                break
            path.append(code)
            on_path.add(code)
            parent = rows[code].parent_code
            if not parent or parent not in rows:
                base = 0
                break
            code = parent
        if base is None:
            broken.update(path)
        else:
            for offset, walked in enumerate(reversed(path), start=1):
                levels[walked] = base + offset
    return levels, broken


# Rows per INSERT of the bulk writes: a few round trips for the largest plan, and statements
# of a size both databases take (SQLite lowers it further to its limit of parameters).
BATCH_SIZE = 2000


def _write_items(
    plan: Plan,
    resolved: list[tuple[ItemRow, Organisation | None, list[Organisation], PlanItem | None]],
    depths: dict[str, int],
    *,
    user: User,
    existing: bool,
) -> tuple[dict[str, PlanItem], dict[str, PlanItem]]:
    """Create or update `plan`'s items from `resolved`, in bulk, with their history.

    New items are inserted level by level of the tree (themes first), so that each one's parent
    has its id by then and its history record shows it where it belongs; items found by code
    (on replace) are updated in one bulk update. Returns the items by code, and the plan's items
    before (by code), to delete those the file no longer has.
    """
    now = timezone.now()
    current = {i.code: i for i in PlanItem.objects.filter(plan=plan)} if existing else {}
    by_code: dict[str, PlanItem] = {}
    new_by_level: dict[int, list[tuple[ItemRow, PlanItem]]] = {}
    kept: list[tuple[ItemRow, PlanItem]] = []
    for position, (row, _lead, _coordinating, implements) in enumerate(resolved, start=1):
        item = current.get(row.code)
        if item is None:
            item = PlanItem(plan=plan, code=row.code)
            new_by_level.setdefault(depths.get(row.code, 1), []).append((row, item))
        else:
            item.updated_at = now  # a bulk update does not touch auto_now fields
            kept.append((row, item))
        item.kind = row.kind
        item.number = row.number
        item.position = position
        item.title = row.title
        item.title_en = row.title_en
        item.is_placeholder = row.is_placeholder
        item.timeframe = row.timeframe
        item.on_request = row.on_request
        item.implements = implements
        item.priority_year = row.priority_year
        item.due_date = row.due_date
        item.deliverable = row.deliverable
        item.fold_search_text()
        by_code[row.code] = item
    # Ids only grow: the items created here are those above every item the plan had, and
    # each level's those above the level before.
    newer_than = last = max((item.pk for item in current.values()), default=0)
    for level in sorted(new_by_level):
        batch = new_by_level[level]
        for row, item in batch:
            item.parent = by_code[row.parent_code] if row.parent_code else None
        insert_rows(PlanItem, [item for _row, item in batch])
        created = PlanItem.objects.filter(plan=plan, pk__gt=last).values_list("code", "pk")
        for code, pk in created:
            by_code[code].pk = pk
            by_code[code]._state.adding = False
            last = max(last, pk)
    if new_by_level:
        copy_to_history(PlanItem.objects.filter(plan=plan, pk__gt=newer_than), user=user)
    for row, item in kept:
        item.parent = by_code[row.parent_code] if row.parent_code else None
    if kept:
        # What simple_history's bulk_update_with_history writes, a "~" record for each kept
        # item, without its CASE of every row of a batch for every field.
        kept_items = [item for _row, item in kept]
        update_rows(PlanItem, kept_items, [*ITEM_FIELDS, "parent", "search_text", "updated_at"])
        pks = [item.pk for item in kept_items]
        for start in range(0, len(pks), BATCH_SIZE):
            updated = PlanItem.objects.filter(pk__in=pks[start : start + BATCH_SIZE])
            copy_to_history(updated, user=user, history_type="~")
    return by_code, current


# What an import sets on an item (besides its tree position: parent).
ITEM_FIELDS = (
    *("kind", "number", "position", "title", "title_en", "is_placeholder", "timeframe"),
    *("on_request", "implements", "priority_year", "due_date", "deliverable"),
)


def _write_item_documents(plan: Plan, wanted: set[tuple[int, int]], *, existing: bool) -> None:
    """The items' legal bases: exactly the (item id, document id) pairs of `wanted`, written in
    bulk through the many-to-many table (not audited, as item.legal_documents.set is not)."""
    through = PlanItem.legal_documents.through
    have: dict[tuple[int, int], int] = {}
    if existing:
        have = {
            (item_id, document_id): pk
            for pk, item_id, document_id in through.objects.filter(planitem__plan=plan).values_list(
                "pk", "planitem_id", "legaldocument_id"
            )
        }
    gone = [pk for pair, pk in have.items() if pair not in wanted]
    if gone:
        through.objects.filter(pk__in=gone).delete()
    insert_values(through, ("planitem_id", "legaldocument_id"), sorted(wanted - have.keys()))


def _delete_items(stale: list[PlanItem], *, user: User) -> None:
    """Delete `stale`, the items of a replaced plan its file no longer has, with what hangs
    from them (assignments, links between generations, legal bases), in bulk: a history "-"
    record for each audited row, as a delete one by one would write, naming `user`. None of
    them is the parent of a kept item by now (the kept items hang from the new tree). Raises
    ImportRejected, naming an item, when other records use one (a report, a lower plan's
    item implementing it): nothing is deleted then."""
    if not stale:
        return
    pks = [item.pk for item in stale]
    batches = [pks[start : start + BATCH_SIZE] for start in range(0, len(pks), BATCH_SIZE)]
    cascades: list[tuple[Any, str]] = []
    used: set[int] = set()
    meta: Any = PlanItem._meta  # (django-stubs types the relations too narrowly here)
    for relation in get_candidate_relations_to_delete(meta):
        field: Any = relation.field  # type: ignore[attr-defined]
        model: Any = relation.related_model
        on_delete = field.remote_field.on_delete
        if on_delete is DO_NOTHING or (model is PlanItem and field.name == "parent"):
            continue  # history rows keep their ids; the children of a stale item are stale too
        if on_delete in (PROTECT, RESTRICT):
            for batch in batches:
                users = model._base_manager.filter(**{f"{field.name}__in": batch})
                if model is PlanItem:
                    users = users.exclude(pk__in=batch)
                used.update(users.values_list(field.attname, flat=True))
        elif on_delete is CASCADE and all(
            r.field.remote_field.on_delete is DO_NOTHING  # type: ignore[attr-defined]
            for r in get_candidate_relations_to_delete(model._meta)
        ):
            cascades.append((model, field.name))
        else:  # a relation this bulk delete does not know how to follow
            raise NotImplementedError(f"{model.__name__}.{field.name} ({on_delete.__name__})")
    if used:
        # The item named is the one a delete from the leaves up would have stopped at.
        bottom_up = [node.item for node in reversed(flatten(build_tree(stale)))]
        reached = {item.pk for item in bottom_up}
        first = next(
            item
            for item in bottom_up + [i for i in stale if i.pk not in reached]
            if item.pk in used
        )
        raise ImportRejected(
            [
                ImportProblem(
                    _("Item %(code)s is missing from the file but other records use it.")
                    % {"code": first.code}
                )
            ]
        )
    # What hangs from the items first, then the items: the order of Django's cascade, and of
    # the records in the audit trail.
    for model, name in cascades:
        for batch in batches:
            delete_with_history(model._base_manager.filter(**{f"{name}__in": batch}), user=user)
    for batch in batches:
        delete_with_history(PlanItem._base_manager.filter(pk__in=batch), user=user)


@transaction.atomic
def import_plan(data: PlanImport, *, user: User, replace: bool = False) -> Plan:
    """Create (or, with `replace`, update) a plan and its item tree from `data`.

    Items are matched by code on replace, so what other records point at survives.
    Raises ImportRejected listing every problem; nothing is written then.
    """
    problems: list[ImportProblem] = []
    p = data.plan
    psheet = data.sheet_plan
    # What the importing user may see (a command acts as the system user, who sees everything).
    seen_orgs = Organisation.objects.visible_to(user)
    seen_plans = Plan.objects.visible_to(user)

    def org_ref(
        orgs: OrganisationLookup, ref: str, sheet: str, row: int | None, column: str
    ) -> Organisation | None:
        if not ref:
            return None
        try:
            return orgs.resolve(ref)
        except OrganisationReferenceError as exc:
            problems.append(ImportProblem(exc.message, sheet, row, column))
            return None

    territory = org_ref(OrganisationLookup(seen_orgs), p.territory, psheet, None, "territory")
    if not p.territory:
        problems.append(
            ImportProblem(_("The plan's territory is missing."), psheet, None, "territory")
        )
    # Everything else the plan names lies within its territory's province or is central: short
    # names repeat between provinces, and another province's agency has no place in this plan.
    in_scope = seen_orgs if territory is None else reference_scope(territory) & seen_orgs
    orgs = OrganisationLookup(in_scope)
    issuer = org_ref(orgs, p.issuer, psheet, None, "issuer")
    focal_point = org_ref(orgs, p.focal_point, psheet, None, "focal_point")
    if p.level not in PlanLevel.values:
        problems.append(
            ImportProblem(
                _("Unknown plan level %(level)s; use one of: %(levels)s.")
                % {"level": p.level, "levels": ", ".join(PlanLevel.values)},
                psheet,
                None,
                "level",
            )
        )
    if p.period_end < p.period_start:
        problems.append(
            ImportProblem(_("The period ends before it starts."), psheet, None, "period_end")
        )
    parent_plan = None
    if p.parent_number:
        # Among the plans the user may see only: another province's plan answers as one that
        # does not exist, so that the message does not tell that it does.
        parent_plan = seen_plans.filter(number=p.parent_number).select_related("territory").first()
        if parent_plan is None:
            problems.append(
                ImportProblem(
                    _("Parent plan %(number)s does not exist; import it first.")
                    % {"number": p.parent_number},
                    psheet,
                    None,
                    "parent_plan",
                )
            )
        elif territory is not None and parent_plan.territory.province_id not in {
            None,
            territory.province_id,
        }:
            problems.append(
                ImportProblem(
                    _(
                        "Parent plan %(number)s is another province's plan; a plan implements a "
                        "national or sectoral plan, or a plan of its own province."
                    )
                    % {"number": p.parent_number},
                    psheet,
                    None,
                    "parent_plan",
                )
            )
            parent_plan = None
    existing = Plan.objects.filter(number=p.number).select_related("territory").first()
    # Plan numbers are unique across provinces, so a number another province uses cannot be
    # taken; the message says no more than that (not whose it is, nor "replace it").
    hidden = existing is not None and user is not None and not can_view_plan(user, existing)
    if hidden:
        problems.append(
            ImportProblem(
                _("Plan number %(number)s cannot be used; check the number.")
                % {"number": p.number},
                psheet,
                None,
                "number",
            )
        )
    elif existing is not None and not replace:
        problems.append(
            ImportProblem(
                _("Plan %(number)s already exists; import with replace to update it.")
                % {"number": p.number},
                psheet,
                None,
                "number",
            )
        )
    if existing is not None and not hidden and not can_manage_plan(user, existing):
        problems.append(
            ImportProblem(_("You may not change plan %(number)s.") % {"number": p.number})
        )
    elif territory is not None and not can_manage_plan_for_territory(user, territory):
        problems.append(
            ImportProblem(
                _("You may not import plans for %(territory)s.") % {"territory": territory}
            )
        )

    doc_numbers = {n for n in p.legal_documents} | {
        n for r in data.items for n in r.legal_documents
    }
    documents = {d.number: d for d in LegalDocument.objects.filter(number__in=doc_numbers)}
    for n in p.legal_documents:
        if n not in documents:
            problems.append(
                ImportProblem(
                    _("Unknown legal document %(number)s.") % {"number": n},
                    psheet,
                    None,
                    "legal_documents",
                )
            )

    depths = _check_tree(data, problems)

    parent_items: dict[str, PlanItem] = {}
    if parent_plan is not None:
        parent_items = {i.code: i for i in PlanItem.objects.filter(plan=parent_plan)}
    isheet = data.sheet_items
    resolved = []
    for row in data.items:
        lead = org_ref(orgs, row.lead, isheet, row.row, "lead")
        coordinating = [
            org_ref(orgs, ref, isheet, row.row, "coordinating") for ref in row.coordinating
        ]
        implements = None
        if row.implements:
            if parent_plan is None:
                problems.append(
                    ImportProblem(
                        _("Item implements %(code)s but the plan has no parent plan.")
                        % {"code": row.implements},
                        isheet,
                        row.row,
                        "implements",
                    )
                )
            else:
                implements = parent_items.get(row.implements)
                if implements is None:
                    problems.append(
                        ImportProblem(
                            _("Code %(code)s does not exist in parent plan %(plan)s.")
                            % {"code": row.implements, "plan": parent_plan.number},
                            isheet,
                            row.row,
                            "implements",
                        )
                    )
        for n in row.legal_documents:
            if n not in documents:
                problems.append(
                    ImportProblem(
                        _("Unknown legal document %(number)s.") % {"number": n},
                        isheet,
                        row.row,
                        "legal_documents",
                    )
                )
        resolved.append((row, lead, [c for c in coordinating if c], implements))

    if not data.items:
        problems.append(ImportProblem(_("The file has no plan items."), isheet))
    if problems:
        raise ImportRejected(problems)

    plan = existing or Plan(number=p.number)
    plan.title = p.title
    plan.title_en = p.title_en
    plan.level = p.level
    assert territory is not None  # a missing or unknown territory is a problem, raised above
    plan.territory = territory
    plan.period_start = p.period_start
    plan.period_end = p.period_end
    plan.parent = parent_plan
    plan.issuer = issuer
    plan.issued_on = p.issued_on
    plan.focal_point = focal_point
    plan.description = p.description
    stamp(plan, user)
    plan.save()
    plan.legal_documents.set([documents[n] for n in p.legal_documents])

    by_code, current = _write_items(
        plan, resolved, depths, user=user, existing=existing is not None
    )
    _delete_items([i for code, i in current.items() if code not in by_code], user=user)

    wanted: set[tuple[int, int, str]] = set()
    for row, lead, coordinators, _implements in resolved:
        item = by_code[row.code]
        if lead is not None:
            wanted.add((item.pk, lead.pk, Assignment.Role.LEAD))
        for org in coordinators:
            if org != lead:
                wanted.add((item.pk, org.pk, Assignment.Role.COORDINATING))
    _write_item_documents(
        plan,
        {
            (by_code[row.code].pk, documents[n].pk)
            for row, *_ in resolved
            for n in row.legal_documents
        },
        existing=existing is not None,
    )
    have: dict[tuple[int, int, str], int] = {}
    if existing is not None:
        have = {
            (item_id, organisation_id, role): pk
            for pk, item_id, organisation_id, role in Assignment.objects.filter(
                item__plan=plan
            ).values_list("pk", "item_id", "organisation_id", "role")
        }
    newer_than = max(have.values(), default=0)
    dropped = [pk for key, pk in have.items() if key not in wanted]
    for start in range(0, len(dropped), BATCH_SIZE):
        batch = dropped[start : start + BATCH_SIZE]
        delete_with_history(Assignment.objects.filter(pk__in=batch), user=user)
    added = insert_values(
        Assignment, ("item_id", "organisation_id", "role"), sorted(wanted - have.keys())
    )
    if added:
        copy_to_history(Assignment.objects.filter(item__plan=plan, pk__gt=newer_than), user=user)
    return plan


def import_plan_file(name: str, content: bytes, *, user: User, replace: bool = False) -> Plan:
    """Read a plan file (.xlsx or .csv, see plans/plan_file.py) and import it.

    Raises ImportRejected, every problem naming the file's own sheet, row and column; nothing
    is written then.
    """
    data = parse_plan_file(name, content)
    try:
        return import_plan(data, user=user, replace=replace)
    except ImportRejected as exc:
        raise ImportRejected([data.locate(problem) for problem in exc.problems]) from exc


def running_assignments(org: Organisation, from_year: int):
    """`org`'s assignments in plans whose period runs to `from_year` or later."""
    return Assignment.objects.filter(organisation=org, item__plan__period_end__gte=from_year)


def running_plans_coordinated_by(org: Organisation, from_year: int):
    """The plans `org` is focal point of whose period runs to `from_year` or later."""
    return Plan.objects.filter(focal_point=org, period_end__gte=from_year)


def hand_over_running_plans(
    source: Organisation,
    successor: Organisation,
    *,
    from_year: int,
    user: User,
    reason: str,
    last_day: datetime.date | None = None,
) -> tuple[list[Assignment], list[Plan]]:
    """On a merger: `source`'s assignments in plans still running in `from_year` go to
    `successor` (who keeps the stronger role when it already has one on the same item), and so
    does the focal point of such plans. Plans that ended keep their assignments: they tell who
    was in charge then. Returns the assignments handed over and the plans whose focal point
    changed. The caller holds the transaction."""
    moved = list(
        running_assignments(source, from_year)
        .select_related("item")
        .order_by("item__plan_id", "item__position", "role")
    )
    for assignment in moved:
        theirs = list(Assignment.objects.filter(item=assignment.item, organisation=successor))
        stamp(assignment, user, reason)
        if not theirs:
            assignment.organisation = successor
            assignment.save()
            continue
        if assignment.role == Assignment.Role.LEAD and all(
            a.role != Assignment.Role.LEAD for a in theirs
        ):
            upgraded = theirs[0]
            upgraded.role = Assignment.Role.LEAD
            stamp(upgraded, user, reason)
            upgraded.save()
        assignment.delete()
    plans = list(running_plans_coordinated_by(source, from_year))
    for plan in plans:
        if last_day is not None:  # who was focal point until then (Plan.focal_point_on)
            FocalPointPeriod.objects.create(plan=plan, organisation=source, valid_to=last_day)
        plan.focal_point = successor
        stamp(plan, user, reason)
        plan.save()
    return moved, plans


# Plan imports on the queue (jobs: the one job model and task of every import) --------------

PLAN_JOB = "plans.plan"


def import_in_background(name: str, content: bytes) -> bool:
    """Whether the file is large enough to be imported by a task of the queue."""
    threshold = settings.PLAN_IMPORT_BACKGROUND_ROWS
    return count_rows(name, content, stop_above=threshold) > threshold


def queue_plan_import(name: str, content: bytes, *, user: User, replace: bool = False) -> ImportJob:
    """Store the file and queue its import (jobs.actions.run_job, with the kind below)."""
    if not can_import_plans(user):
        raise PermissionDenied
    return queue_import(
        PLAN_JOB,
        name,
        content,
        user=user,
        rows=count_rows(name, content, stop_above=plan_file.MAX_ROWS),
        options={"replace": replace},
    )


def _read_plan_job(job: ImportJob, content: bytes) -> tuple[PlanImport, int]:
    data = parse_plan_file(job.file_name, content)
    return data, len(data.items)


def _write_plan_job(job: ImportJob, data: PlanImport) -> Result:
    try:
        plan = import_plan(data, user=job.created_by, replace=bool(job.options.get("replace")))
    except ImportRejected as exc:
        raise ImportRejected([data.locate(problem) for problem in exc.problems]) from exc
    return Result(
        reverse("plans:detail", args=[plan.pk]), _("Open plan %(number)s") % {"number": plan.number}
    )


PLAN_IMPORT_KIND = JobKind(
    name=PLAN_JOB,
    title=lambda: _("Plan import"),
    read=_read_plan_job,
    write=_write_plan_job,
    may_see=lambda user, job: can_import_plans(user),
    upload_again=lambda job: reverse("plans:import"),
)
