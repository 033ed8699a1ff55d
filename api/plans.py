"""Plans, their items in tree order, and their coverage of the parent plan (read only)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.utils.translation import gettext
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from accounts.models import User
from accounts.permissions import can_view_plan
from api.auth import ApiRequest
from api.pagination import ChangedSinceIn, PageIn, in_sync_order, page_of, paginate
from api.schemas import (
    CoverageOut,
    ErrorOut,
    PlanDetailOut,
    PlanItemOut,
    PlanOut,
    ShapeErrorOut,
    Text,
)
from plans.coverage import Coverage, coverage_for
from plans.models import ItemKind, LegalDocument, Plan, PlanItem, PlanLevel
from plans.search import search_terms
from plans.tree import build_tree, flatten, with_agencies
from plans.visibility import get_visible_plan

router = Router(tags=["plans"])

ERRORS = {401: ErrorOut, 404: ErrorOut}


class ItemFilters(Schema):
    kind: ItemKind | None = None
    priority_year: int | None = None
    agency: Text | None = None  # organisation code, lead or coordinating
    q: Text | None = None  # words of the code or title, with or without diacritics


def filtered_items(plan: Plan, filters: ItemFilters) -> list[PlanItem]:
    """The plan's items matching `filters`, in tree order (depth first, by position).

    Two queries whatever the plan's size: the tree skeleton, and the matching items with what
    they implement (their agencies are read for the answer's page: plans.tree.with_agencies).
    """
    skeleton = (
        PlanItem.objects.filter(plan=plan).only("id", "parent_id", "position").order_by("position")
    )
    order = {node.item.pk: i for i, node in enumerate(flatten(build_tree(list(skeleton))))}
    # Unordered: sorted below, and the default ordering would join the plans table.
    items: QuerySet[PlanItem] = (
        PlanItem.objects.filter(plan=plan).select_related("implements__plan__territory").order_by()
    )
    if filters.kind:
        items = items.filter(kind=filters.kind)
    if filters.priority_year is not None:
        items = items.filter(priority_year=filters.priority_year)
    if filters.agency:
        items = items.filter(assignments__organisation__code=filters.agency).distinct()
    for term in search_terms(filters.q or ""):
        items = items.filter(search_text__contains=term)
    return sorted(items, key=lambda item: order[item.pk])


def without_hidden_references(user: User, plans: list[Plan]) -> list[Plan]:
    """`plans` with a parent plan `user` may not see left out (in memory, for the answer only:
    a plan imported before imports were kept within their province may name another
    province's plan as parent). The parents' territories must be loaded."""
    for plan in plans:
        if plan.parent is not None and not can_view_plan(user, plan.parent):
            plan.parent = None
    return plans


class PlanFilters(ChangedSinceIn):
    level: PlanLevel | None = None
    territory: Text | None = None  # organisation code


@router.get(
    "",
    response={200: page_of(PlanOut), 401: ErrorOut, 422: ShapeErrorOut},
    summary="Visible plans",
    description=(
        "Ordered by level, period (newest first), number, id; with `changed_since`, by "
        "`updated_at` then id."
    ),
)
def list_plans(
    request: ApiRequest, filters: Query[PlanFilters], page: Query[PageIn]
) -> dict[str, Any]:
    plans = Plan.objects.visible_to(request.auth).select_related("territory", "parent__territory")
    if filters.level:
        plans = plans.filter(level=filters.level)
    if filters.territory:
        plans = plans.filter(territory__code=filters.territory)
    plans = in_sync_order(plans, filters.changed_since, "level", "-period_start", "number", "pk")
    answer = paginate(request, plans, page)
    answer["items"] = without_hidden_references(request.auth, answer["items"])
    return answer


@router.get("/{plan_id}", response={200: PlanDetailOut, **ERRORS}, summary="One plan")
def get_plan(request: ApiRequest, plan_id: int) -> Plan:
    plan = without_hidden_references(request.auth, [get_visible_plan(request.auth, plan_id)])[0]
    documents = LegalDocument.objects.select_related("issuer")
    prefetch_related_objects([plan], Prefetch("legal_documents", queryset=documents))
    return plan


@router.get(
    "/{plan_id}/items",
    # 422: a filter of the wrong shape (an unknown kind, a NUL character in `q`).
    response={200: page_of(PlanItemOut), **ERRORS, 422: ShapeErrorOut},
    summary="A plan's items in tree order",
    description="Pages cut the tree order (depth first, by position): `offset` counts items.",
)
def list_plan_items(
    request: ApiRequest, plan_id: int, filters: Query[ItemFilters], page: Query[PageIn]
) -> dict[str, Any]:
    items = filtered_items(get_visible_plan(request.auth, plan_id), filters)
    answer = paginate(request, items, page)
    with_agencies(answer["items"])  # one query, for the page's items only
    for item in answer["items"]:
        if item.implements is not None and not can_view_plan(request.auth, item.implements.plan):
            item.implements = None  # in memory, for the answer only (older imports, as above)
    return answer


@router.get(
    "/{plan_id}/coverage",
    response={200: CoverageOut, **ERRORS},
    summary="Coverage of the parent plan, per theme",
)
def get_plan_coverage(request: ApiRequest, plan_id: int) -> Coverage:
    plan = get_visible_plan(request.auth, plan_id)
    coverage = coverage_for(request.auth, plan)
    if coverage is None:
        raise HttpError(404, gettext("This plan has no parent plan, so it has no coverage."))
    return coverage
