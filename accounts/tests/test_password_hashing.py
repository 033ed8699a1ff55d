"""Passwords are stored as Argon2id with OWASP's parameters (greenplan.hashers); hashes of the
earlier PBKDF2 default still log in and are upgraded on the way."""

import pytest
from django.contrib.auth.hashers import make_password
from django.urls import reverse

from greenplan import settings as project_settings
from greenplan.testing.factories import UserFactory


@pytest.fixture
def production_hashers(settings):
    # The suite hashes with MD5 for speed (conftest.py); these tests need the real list.
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS


def test_a_new_password_is_an_argon2id_hash_with_owasp_parameters(production_hashers):
    encoded = make_password("mật khẩu đủ dài 2026")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_a_pbkdf2_password_still_logs_in_and_is_upgraded(production_hashers, db, client):
    user = UserFactory(username="lan")
    user.password = make_password("mật khẩu cũ 2018", hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])

    response = client.post(
        reverse("login"),
        {"username": "lan", "password": "mật khẩu cũ 2018"},
        REMOTE_ADDR="10.0.0.1",
    )

    assert response.status_code == 302 and response.url == reverse("home")
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$") and user.check_password("mật khẩu cũ 2018")
