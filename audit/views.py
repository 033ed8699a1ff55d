"""The audit page: who changed what, when, across plans, organisations, reports, indicators,
projects and users. Read only: it lists history, it never edits it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.http import AuthenticatedHttpRequest
from accounts.permissions import can_view_audit
from audit.forms import AuditFilterForm
from audit.trail import entries, entry_keys

PAGE_SIZE = 50


@login_required
@require_safe
def audit_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_view_audit(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    page = Paginator(entry_keys(form.filters()), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/audit_list.html",
        {
            "form": form,
            "page": page,
            "entries": entries(list(page.object_list)),
            "query": query.urlencode(),
        },
    )
