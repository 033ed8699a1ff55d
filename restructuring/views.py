"""The merger page: choose the successor and the day, see what moves, then confirm."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from accounts import permissions
from accounts.http import AuthenticatedHttpRequest
from orgs.models import Organisation
from restructuring.actions import merge_organisation, plan_merger
from restructuring.forms import MergeForm


@login_required
def merge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """GET: the form. POST: what the merger would do (nothing written); POST with `confirm`:
    the merger itself, all or nothing."""
    if not permissions.can_restructure_organisations(request.user):
        raise PermissionDenied
    source = get_object_or_404(Organisation, pk=pk)
    form = MergeForm(request.POST or None, source=source)
    merger = None
    if request.method == "POST" and form.is_valid():
        successor, effective = form.cleaned_data["successor"], form.cleaned_data["effective"]
        if "confirm" in request.POST:
            try:
                done = merge_organisation(source, successor, effective, user=request.user)
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                messages.success(request, done.reason)
                return redirect("orgs:detail", source.pk)
        merger = plan_merger(source, successor, effective)
    return render(
        request, "restructuring/merge.html", {"org": source, "form": form, "merger": merger}
    )
