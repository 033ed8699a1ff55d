from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from accounts.models import ApiToken


def test_the_command_prints_a_key_that_authenticates_as_the_user(world):
    out, err = StringIO(), StringIO()

    call_command("create_api_token", "coordinator", "--name", "ERP", stdout=out, stderr=err)

    key = out.getvalue().strip()
    token = ApiToken.objects.get(user=world.coordinator)
    assert token.name == "ERP"
    assert token.key_hash == ApiToken.hash_key(key)
    response = Client().get("/api/plans", headers={"Authorization": f"Bearer {key}"})
    assert {p["number"] for p in response.json()["items"]} == {"403/QĐ-TTg", "1847/KH-UBND"}


def test_an_unknown_user_gets_no_token(world):
    with pytest.raises(CommandError):
        call_command("create_api_token", "nobody", "--name", "ERP", stdout=StringIO())

    assert not ApiToken.objects.exists()


def test_an_inactive_user_gets_no_token(world):
    world.staff.is_active = False
    world.staff.save(update_fields=["is_active"])

    with pytest.raises(CommandError):
        call_command("create_api_token", "staff", "--name", "ERP", stdout=StringIO())

    assert not ApiToken.objects.exists()
