import pytest
from django.test import Client

from accounts.models import ApiToken, Role, User
from greenplan.testing.factories import OrganisationFactory, UserFactory
from orgs.models import Organisation, OrganisationKind
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


@pytest.fixture
def api(bearer, demo):
    """A token client of the user named, asking for English: `api("donre.staff").get(...)`."""

    def client_for(username: str) -> Client:
        user = User.objects.get(username=username)
        return Client(headers={**bearer(user), "Accept-Language": "en"})

    return client_for


@pytest.fixture
def other_province(demo) -> Organisation:
    """Đồng Nai, beside the demo's Bình Dương, with its coordinator "dn.coordinator"."""
    province = OrganisationFactory(
        code="ubnd-dong-nai", name="UBND tỉnh Đồng Nai", kind=OrganisationKind.PROVINCE
    )
    dpi = OrganisationFactory(code="dn-skhdt", name="Sở KH&ĐT Đồng Nai", parent=province)
    UserFactory(username="dn.coordinator", organisation=dpi, role=Role.COORDINATOR)
    return province
