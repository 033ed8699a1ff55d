"""Organisations the caller may see: ministries, People's Committees, departments (read only)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from ninja import Router

from api.auth import ApiRequest
from api.schemas import ErrorOut, OrganisationDetailOut, OrganisationOut
from orgs.models import Organisation

router = Router(tags=["organisations"])


def _organisations(request: ApiRequest) -> QuerySet[Organisation]:
    return Organisation.objects.visible_to(request.auth).select_related(
        "parent", "province", "successor"
    )


@router.get(
    "", response={200: list[OrganisationOut], 401: ErrorOut}, summary="Visible organisations"
)
def list_organisations(request: ApiRequest) -> QuerySet[Organisation]:
    return _organisations(request)


@router.get(
    "/{org_id}",
    response={200: OrganisationDetailOut, 401: ErrorOut, 404: ErrorOut},
    summary="One organisation",
)
def get_organisation(request: ApiRequest, org_id: int) -> Organisation:
    return get_object_or_404(_organisations(request), pk=org_id)
