import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.utils import timezone
from ninja.errors import HttpError

from accounts.models import ApiToken
from api.auth import SessionAuth


def endpoints(world) -> list[str]:
    plan, org = world.plan.pk, world.dpi.pk
    return [
        "/api/plans",
        f"/api/plans/{plan}",
        f"/api/plans/{plan}/items",
        f"/api/plans/{plan}/coverage",
        "/api/orgs",
        f"/api/orgs/{org}",
    ]


def test_every_endpoint_refuses_an_anonymous_caller(world, client):
    for url in endpoints(world):
        response = client.get(url, headers={"Accept-Language": "en"})

        assert response.status_code == 401, url
        assert response.json() == {
            "detail": 'Log in, or send an API token as "Authorization: Bearer <key>".'
        }
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_every_endpoint_answers_a_logged_in_user(world, as_user):
    client = as_user(world.coordinator)

    for url in endpoints(world):
        assert client.get(url).status_code == 200, url


def test_every_endpoint_answers_a_valid_token(world, bearer):
    headers = bearer(world.coordinator)

    for url in endpoints(world):
        assert Client().get(url, headers=headers).status_code == 200, url


def test_a_token_acts_as_its_user_and_records_its_use(world):
    token, key = ApiToken.issue(world.coordinator, "agency system")
    before = timezone.now()

    response = Client().get("/api/plans", headers={"Authorization": f"Bearer {key}"})

    assert {p["number"] for p in response.json()["items"]} == {"403/QĐ-TTg", "1847/KH-UBND"}
    token.refresh_from_db()
    assert token.last_used_at >= before


def test_a_token_is_scoped_like_its_user(world, bearer):
    headers = bearer(world.other_coordinator)

    numbers = {p["number"] for p in Client().get("/api/plans", headers=headers).json()["items"]}

    assert numbers == {"403/QĐ-TTg", "99/KH-UBND"}
    assert Client().get(f"/api/plans/{world.plan.pk}", headers=headers).status_code == 404


@pytest.mark.parametrize(
    "authorization",
    ["Bearer not-a-key", "Bearer ", "Token abc", "Basic Y29vcmRpbmF0b3I6cHc="],
)
def test_a_wrong_token_is_refused(world, authorization):
    ApiToken.issue(world.coordinator, "agency system")

    response = Client().get("/api/plans", headers={"Authorization": authorization})

    assert response.status_code == 401


def test_a_revoked_token_is_refused(world):
    token, key = ApiToken.issue(world.coordinator, "agency system")
    headers = {"Authorization": f"Bearer {key}"}
    assert Client().get("/api/plans", headers=headers).status_code == 200

    token.delete()  # revoking a token is deleting it (admin)

    assert Client().get("/api/plans", headers=headers).status_code == 401


def test_the_token_of_an_inactive_user_is_refused(world, bearer):
    headers = bearer(world.staff)
    world.staff.is_active = False
    world.staff.save(update_fields=["is_active"])

    assert Client().get("/api/plans", headers=headers).status_code == 401


def test_the_session_of_an_inactive_user_is_refused(world, as_user):
    client = as_user(world.staff)
    world.staff.is_active = False
    world.staff.save(update_fields=["is_active"])

    assert client.get("/api/plans").status_code == 401


def test_only_the_hash_of_a_key_is_stored(world):
    token, key = ApiToken.issue(world.coordinator, "agency system")

    assert key not in token.key_hash
    assert token.key_hash == ApiToken.hash_key(key)


def test_a_session_must_pass_the_csrf_check_on_unsafe_methods(world):
    request = RequestFactory().post("/api/plans")
    request.user = world.coordinator
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "session-key"

    with pytest.raises(HttpError) as refused:
        SessionAuth()(request)

    assert refused.value.status_code == 403
