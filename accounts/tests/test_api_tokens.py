"""API tokens: optional expiry, revoked with the password or the account, last use shown."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.contrib.auth.forms import PasswordChangeForm
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import ApiToken

pytestmark = pytest.mark.usefixtures("world")


def _calls_api(key: str) -> int:
    return Client().get("/api/plans", headers={"Authorization": f"Bearer {key}"}).status_code


def test_a_token_with_days_expires(world):
    out = StringIO()

    call_command(
        "create_api_token",
        "coordinator",
        "--name",
        "ERP",
        "--days",
        "30",
        stdout=out,
        stderr=StringIO(),
    )

    token = ApiToken.objects.get(user=world.coordinator)
    expected = timezone.now() + datetime.timedelta(days=30)
    assert abs(token.expires_at - expected) < datetime.timedelta(minutes=1)
    assert _calls_api(out.getvalue().strip()) == 200


def test_days_must_be_positive(world):
    with pytest.raises(CommandError):
        call_command(
            "create_api_token", "coordinator", "--name", "ERP", "--days", "0", stdout=StringIO()
        )

    assert not ApiToken.objects.exists()


def test_a_token_without_days_does_not_expire(world):
    token, key = ApiToken.issue(world.coordinator, "ERP")

    assert token.expires_at is None
    assert _calls_api(key) == 200


def test_an_expired_token_is_refused(world):
    token, key = ApiToken.issue(world.coordinator, "ERP", days=1)
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    assert _calls_api(key) == 401


def test_a_password_change_revokes_the_users_tokens(world):
    _token, key = ApiToken.issue(world.coordinator, "ERP")
    other_token, other_key = ApiToken.issue(world.staff, "ERP")

    world.coordinator.set_password("a new long password 2026")
    world.coordinator.save()

    assert _calls_api(key) == 401
    assert not ApiToken.objects.filter(user=world.coordinator).exists()
    assert _calls_api(other_key) == 200  # nobody else's


def test_a_password_change_through_the_page_revokes_the_tokens(world):
    world.coordinator.set_password("old password 2026")
    world.coordinator.save()
    _token, key = ApiToken.issue(world.coordinator, "ERP")  # issued after that change

    form = PasswordChangeForm(
        world.coordinator,
        {
            "old_password": "old password 2026",
            "new_password1": "brand new password 2026",
            "new_password2": "brand new password 2026",
        },
    )
    assert form.is_valid(), form.errors
    form.save()

    assert _calls_api(key) == 401


def test_deactivating_a_user_revokes_the_tokens(world):
    token, key = ApiToken.issue(world.staff, "ERP")

    world.staff.is_active = False
    world.staff.save(update_fields=["is_active"])

    assert not ApiToken.objects.filter(pk=token.pk).exists()
    world.staff.is_active = True
    world.staff.save(update_fields=["is_active"])
    assert _calls_api(key) == 401  # a reactivated account needs a new token


def test_other_changes_keep_the_tokens(world):
    _token, key = ApiToken.issue(world.staff, "ERP")

    world.staff.phone = "0274 3822 000"
    world.staff.save()
    world.staff.refresh_from_db()
    world.staff.save()

    assert _calls_api(key) == 200


def test_the_revocation_is_in_the_tokens_history(world):
    token, _key = ApiToken.issue(world.staff, "ERP")

    world.staff.is_active = False
    world.staff.save()

    deleted = ApiToken.history.filter(id=token.pk, history_type="-").get()
    assert deleted.history_change_reason


def test_last_use_is_written_at_most_once_a_minute(world):
    token, key = ApiToken.issue(world.staff, "ERP")
    recent = timezone.now() - datetime.timedelta(seconds=20)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recent)

    _calls_api(key)
    token.refresh_from_db()
    assert token.last_used_at == recent

    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recent - datetime.timedelta(minutes=2))
    _calls_api(key)
    token.refresh_from_db()
    assert token.last_used_at > recent


def test_the_admin_lists_expiry_and_last_use(world, client):
    from greenplan.testing.factories import UserFactory

    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    token, _key = ApiToken.issue(world.staff, "ERP", days=7)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    client.force_login(admin)

    html = client.get(reverse("admin:accounts_apitoken_changelist")).content.decode()

    assert "Hết hạn" in html and "Dùng lần cuối" in html
