"""The webhook pages: the endpoints one manages (and registering one), an endpoint's
deliveries with every attempt, removing an endpoint."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import permissions
from accounts.http import AuthenticatedHttpRequest
from webhooks import actions
from webhooks.forms import EndpointForm
from webhooks.models import Endpoint

DELIVERIES_SHOWN = 50


def _may_register(request: AuthenticatedHttpRequest) -> bool:
    user = request.user
    return user.is_admin or permissions.can_manage_webhook(user, user.province_id)


@login_required
def endpoint_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not _may_register(request):
        raise PermissionDenied
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = actions.register_endpoint(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                _("Webhook registered. Its signing secret (shown only now): %(secret)s")
                % {"secret": endpoint.secret},
            )
            return redirect("webhooks:detail", endpoint.pk)
    endpoints = Endpoint.objects.managed_by(request.user).select_related("province")
    return render(request, "webhooks/list.html", {"endpoints": endpoints, "form": form})


@login_required
def endpoint_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(Endpoint.objects.managed_by(request.user), pk=pk)
    deliveries = endpoint.deliveries.prefetch_related("attempt_log")[:DELIVERIES_SHOWN]
    return render(request, "webhooks/detail.html", {"endpoint": endpoint, "deliveries": deliveries})


@login_required
@require_POST
def remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(Endpoint.objects.managed_by(request.user), pk=pk)
    actions.remove_endpoint(endpoint, user=request.user)
    messages.success(request, _("Webhook removed: nothing more will be sent to it."))
    return redirect("webhooks:list")
