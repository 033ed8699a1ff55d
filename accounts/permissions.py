"""Who may see and change what. Views, the API and commands ask here; nobody else decides.

The rules:
- An administrator sees and manages everything.
- Central bodies (organisations outside any province, e.g. a ministry) see every province,
  and their coordinators manage national and sectoral plans.
- Everyone else sees national/sectoral plans (the reference their province implements) and
  only their own province's plans and organisations.
- A coordinator (DPI) manages everything of their own province.
- Agency staff and leaders work on their own organisation's items; viewers only read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from accounts.models import Role

if TYPE_CHECKING:
    from accounts.models import User
    from orgs.models import Organisation
    from plans.models import Plan


def is_active_user(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def sees_all_provinces(user: User) -> bool:
    return is_active_user(user) and (
        user.is_admin or (user.organisation_id is not None and user.province_id is None)
    )


def province_q(user: User, field: str) -> Q:
    """A filter on `field` (a path to a province id) restricting rows to what `user` may see.

    Rows with no province (central bodies, national plans) are visible to every user.
    """
    if not is_active_user(user):
        return Q(pk__in=[])
    if sees_all_provinces(user):
        return Q()
    central = Q(**{f"{field}__isnull": True})
    if user.province_id is None:
        return central
    return central | Q(**{field: user.province_id})


def visible_plans(user: User) -> QuerySet[Plan]:
    from plans.models import Plan

    return Plan.objects.filter(province_q(user, "territory__province_id"))


def visible_organisations(user: User) -> QuerySet[Organisation]:
    from orgs.models import Organisation

    return Organisation.objects.filter(province_q(user, "province_id"))


def can_view_plan(user: User, plan: Plan) -> bool:
    if not is_active_user(user):
        return False
    province_id = plan.territory.province_id
    return province_id is None or sees_all_provinces(user) or province_id == user.province_id


def can_manage_plan(user: User, plan: Plan) -> bool:
    """Edit the plan, replace it by an import, change its assignments."""
    if not is_active_user(user):
        return False
    if user.is_admin:
        return True
    return user.role == Role.COORDINATOR and plan.territory.province_id == user.province_id


def can_import_plans(user: User) -> bool:
    return is_active_user(user) and (user.is_admin or user.role == Role.COORDINATOR)


def can_manage_plan_for_territory(user: User, territory: Organisation) -> bool:
    """May `user` create (import) a plan whose territory is `territory`?"""
    if not can_import_plans(user):
        return False
    return user.is_admin or territory.province_id == user.province_id


def can_view_organisation(user: User, organisation: Organisation) -> bool:
    if not is_active_user(user):
        return False
    return (
        organisation.province_id is None
        or sees_all_provinces(user)
        or organisation.province_id == user.province_id
    )
