from orgs.models import Organisation


def codes(response) -> set[str]:
    return {org["code"] for org in response.json()["items"]}


def test_a_coordinator_sees_central_bodies_and_their_own_province(world, as_user):
    response = as_user(world.coordinator).get("/api/orgs")

    assert codes(response) == {"gov", "mpi", "bd", "bd-dpi", "bd-donre", "bd-doit"}


def test_another_province_is_hidden(world, as_user):
    client = as_user(world.other_coordinator)

    assert "bd-dpi" not in codes(client.get("/api/orgs"))
    assert client.get(f"/api/orgs/{world.dpi.pk}").status_code == 404
    assert client.get(f"/api/orgs/{world.other_dpi.pk}").json()["code"] == "dn-dpi"


def test_an_organisation_names_its_parent_province_and_successor(demo, coordinator, as_user):
    mpi = Organisation.objects.get(code="bo-khdt")

    body = as_user(coordinator).get(f"/api/orgs/{mpi.pk}").json()

    assert body["kind"] == "ministry"
    assert body["parent_code"] == "chinh-phu"
    assert body["province_code"] is None
    assert body["valid_to"] == "2025-02-28"
    assert body["successor_code"] == "bo-tc"


def test_a_department_belongs_to_its_province(demo, coordinator, as_user):
    listed = {o["code"]: o for o in as_user(coordinator).get("/api/orgs").json()["items"]}

    assert listed["bd-skhdt"]["parent_code"] == "ubnd-binh-duong"
    assert listed["bd-skhdt"]["province_code"] == "ubnd-binh-duong"
    assert listed["bd-skhdt"]["valid_from"] is None


def test_organisation_list_runs_a_constant_number_of_queries(
    demo, coordinator, as_user, django_assert_max_num_queries
):
    client = as_user(coordinator)
    assert Organisation.objects.count() >= 30

    with django_assert_max_num_queries(5):  # with the page's count
        assert client.get("/api/orgs").status_code == 200
