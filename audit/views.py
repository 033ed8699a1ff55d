"""The audit page: who changed what, when, across plans, organisations, reports, indicators,
projects and users. Read only: it lists history, it never edits it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.http import AuthenticatedHttpRequest
from accounts.permissions import can_view_audit
from audit.forms import AuditFilterForm
from audit.trail import Position, page_of

# The parameters that say where a page is; the filters are every other parameter.
POSITION_PARAMETERS = ("after", "before", "last", "page")


@login_required
@require_safe
def audit_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_view_audit(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    page = page_of(
        form.filters(),
        after=Position.parse(request.GET.get("after")),
        before=Position.parse(request.GET.get("before")),
        last=request.GET.get("last") == "1",
    )
    query = request.GET.copy()
    for name in POSITION_PARAMETERS:
        query.pop(name, None)
    return render(
        request,
        "audit/audit_list.html",
        {
            "form": form,
            "page": page,
            "entries": page.entries,
            "query": query.urlencode(),
        },
    )
