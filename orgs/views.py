from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from accounts.permissions import can_restructure_organisations, can_view_organisation, plan_scope
from orgs.models import Organisation


@login_required
def organisation_list(request):
    organisations = list(
        Organisation.objects.visible_to(request.user).select_related("parent", "successor")
    )
    children: dict[int | None, list[Organisation]] = {}
    for org in organisations:
        children.setdefault(org.parent_id, []).append(org)
    known = {o.pk for o in organisations}
    rows = []

    def walk(org: Organisation, depth: int) -> None:
        rows.append((org, depth))
        for child in children.get(org.pk, []):
            walk(child, depth + 1)

    for org in organisations:
        if org.parent_id is None or org.parent_id not in known:
            walk(org, 0)
    return render(
        request,
        "orgs/organisation_list.html",
        {"rows": rows, "can_restructure": can_restructure_organisations(request.user)},
    )


@login_required
def organisation_detail(request, pk: int):
    org = get_object_or_404(Organisation.objects.select_related("parent", "successor"), pk=pk)
    if not can_view_organisation(request.user, org):
        raise Http404
    assignments = (
        org.assignments.filter(plan_scope(request.user, "item__plan__"))
        .select_related("item__plan")
        .order_by("item__plan", "item__position")
    )
    return render(
        request,
        "orgs/organisation_detail.html",
        {
            "org": org,
            "assignments": assignments,
            "children": org.children.all(),
            "predecessors": org.predecessors.all(),
            "periods": org.periods.select_related("parent").order_by("valid_to"),
            "can_merge": org.valid_to is None and can_restructure_organisations(request.user),
        },
    )
