"""Organisations the caller may see: ministries, People's Committees, departments (read only)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from ninja import Query, Router

from api.auth import ApiRequest
from api.pagination import ChangedSinceIn, PageIn, in_sync_order, page_of, paginate
from api.schemas import ErrorOut, OrganisationDetailOut, OrganisationOut, ShapeErrorOut
from orgs.models import Organisation, OrganisationKind

router = Router(tags=["organisations"])


def _organisations(request: ApiRequest) -> QuerySet[Organisation]:
    return Organisation.objects.visible_to(request.auth).select_related(
        "parent", "province", "successor"
    )


class OrganisationFilters(ChangedSinceIn):
    kind: OrganisationKind | None = None


@router.get(
    "",
    response={200: page_of(OrganisationOut), 401: ErrorOut, 422: ShapeErrorOut},
    summary="Visible organisations",
    description="Ordered by kind, name, id; with `changed_since`, by `updated_at` then id.",
)
def list_organisations(
    request: ApiRequest, filters: Query[OrganisationFilters], page: Query[PageIn]
) -> dict[str, Any]:
    organisations = _organisations(request)
    if filters.kind:
        organisations = organisations.filter(kind=filters.kind)
    organisations = in_sync_order(organisations, filters.changed_since, "kind", "name", "pk")
    return paginate(request, organisations, page)


@router.get(
    "/{org_id}",
    response={200: OrganisationDetailOut, 401: ErrorOut, 404: ErrorOut},
    summary="One organisation",
)
def get_organisation(request: ApiRequest, org_id: int) -> Organisation:
    return get_object_or_404(_organisations(request), pk=org_id)
