import pytest

from accounts.models import ApiToken, User
from plans.models import Plan


@pytest.fixture
def bearer():
    """Headers authenticating as `user` with a freshly issued API token: `bearer(user)`."""

    def headers(user: User) -> dict[str, str]:
        _token, key = ApiToken.issue(user, "test")
        return {"Authorization": f"Bearer {key}"}

    return headers


@pytest.fixture
def coordinator(demo) -> User:
    return User.objects.get(username="dpi.coordinator")


@pytest.fixture
def provincial_plan(demo) -> Plan:
    return Plan.objects.get(number="1847/KH-UBND")


@pytest.fixture
def national_plan(demo) -> Plan:
    return Plan.objects.get(number="403/QĐ-TTg")
