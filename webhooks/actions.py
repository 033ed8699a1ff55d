"""Every write of the webhooks app: register an endpoint, remove it. (Deliveries and their
attempts are a log written by webhooks.delivery.)"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import permissions
from core.history import stamp
from orgs.models import Organisation
from webhooks.models import Endpoint, Event

if TYPE_CHECKING:
    from accounts.models import User

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


def check_url(url: str) -> None:
    """HTTPS only: deliveries carry reports. (Plain HTTP to this machine only where
    settings.WEBHOOKS_ALLOW_LOCAL_HTTP says so: tests, development.)"""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme == "http" and host in LOCAL_HOSTS:
        if getattr(settings, "WEBHOOKS_ALLOW_LOCAL_HTTP", False):
            return
    if parts.scheme != "https" or not host:
        raise ValidationError({"url": _("Enter an HTTPS address (https://…).")})
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return
    if address.is_private or address.is_loopback or address.is_link_local:
        raise ValidationError({"url": _("The address must be reachable from the internet.")})


def _province_for(user: User, province: Organisation | None) -> Organisation | None:
    """A coordinator's endpoint is of their province; an administrator chooses (or none)."""
    if province is None and not user.is_admin and user.province_id is not None:
        return Organisation.objects.get(pk=user.province_id)
    return province


@transaction.atomic
def register_endpoint(
    *,
    user: User,
    url: str,
    events: list[str],
    description: str = "",
    province: Organisation | None = None,
) -> Endpoint:
    province = _province_for(user, province)
    if not permissions.can_manage_webhook(user, province.pk if province else None):
        raise PermissionDenied(
            _("Only an administrator, or a province's coordinator, may register a webhook.")
        )
    url = url.strip()
    errors: dict[str, list[str]] = {}
    try:
        check_url(url)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    chosen = list(dict.fromkeys(events))
    unknown = [e for e in chosen if e not in Event.values]
    if not chosen or unknown:
        errors["events"] = [_("Choose one or more of the events listed.")]
    if len(url) > 500:
        errors.setdefault("url", []).append(_("At most 500 characters."))
    if errors:
        raise ValidationError(errors)
    endpoint = Endpoint(
        owner=user, province=province, url=url, events=chosen, description=description.strip()
    )
    stamp(endpoint, user)
    endpoint.save()
    return endpoint


@transaction.atomic
def remove_endpoint(endpoint: Endpoint, *, user: User) -> None:
    """Stop deliveries to the endpoint (its log of deliveries is kept)."""
    endpoint = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
    if not permissions.can_manage_webhook(user, endpoint.province_id):
        raise PermissionDenied(_("You may not change this webhook."))
    endpoint.active = False
    stamp(endpoint, user)
    endpoint.save(update_fields=["active", "updated_at"])
