import pytest

from accounts.models import ApiToken
from greenplan.testing.api_errors import errors_by_field
from reporting.actions import accept_report, submit_report
from reporting.models import ReportStatus


def bearer(user):
    _token, key = ApiToken.issue(user, "agency system")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_an_agency_reads_its_report_with_items(rep, client):
    response = client.get(
        f"/api/reporting/reports/{rep.donre_report.pk}", **bearer(rep.world.staff)
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "draft" and body["organisation_code"] == "bd-donre"
    assert {i["code"] for i in body["items"]} == {"4", "4.1"}


def test_the_round_list_shows_only_what_the_caller_may_see(rep, client):
    url = f"/api/reporting/rounds/{rep.round.pk}/reports"
    coord = client.get(url, **bearer(rep.world.coordinator)).json()["items"]
    assert {r["organisation_code"] for r in coord} == {"bd-donre", "bd-doit", "bd-dpi"}
    staff = client.get(url, **bearer(rep.world.staff)).json()["items"]
    assert [r["organisation_code"] for r in staff] == ["bd-donre"]
    assert client.get(url, **bearer(rep.world.viewer)).json()["items"] == []
    assert client.get(url, **bearer(rep.world.other_coordinator)).status_code == 404
    assert client.get(url).status_code == 401


def test_a_leader_saves_and_submits_as_json(rep, client):
    item = rep.donre_report.items.get(plan_item__code="4")
    response = client.post(
        f"/api/reporting/reports/{rep.donre_report.pk}",
        {
            "version": 1,
            "general_results": "Từ hệ thống của Sở",
            "items": [
                {
                    "id": item.pk,
                    "status": "completed",
                    "progress": 100,
                    "results": "Xong",
                    "funds": {"oda": 2000000},
                }
            ],
            "submit": True,
            "document_number": "12/STNMT",
            "signer": "Lê Quốc Hùng",
        },
        content_type="application/json",
        **bearer(rep.world.leader),
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted"
    rep.donre_report.refresh_from_db()
    item.refresh_from_db()
    assert rep.donre_report.document_number == "12/STNMT"
    assert item.funds.get().amount == 2000000 and item.results == "Xong"


@pytest.mark.parametrize(
    ("values", "key", "refusal"),
    [
        ({"status": "in_progress", "progress": 140}, "progress", "shape"),
        ({"status": "completed", "progress": 100, "results": ""}, "results", "rules"),
        ({"status": "finished"}, "status", "shape"),
        ({"funds": {"lottery": 5}}, "funds", "shape"),
    ],
)
def test_bad_json_is_refused_field_by_field_and_changes_nothing(rep, client, values, key, refusal):
    item = rep.donre_report.items.get(plan_item__code="4")
    response = client.post(
        f"/api/reporting/reports/{rep.donre_report.pk}",
        {"version": 1, "general_results": "không lưu", "items": [{"id": item.pk, **values}]},
        content_type="application/json",
        **bearer(rep.world.staff),
    )
    assert response.status_code == 422
    if refusal == "rules":  # the report's rules, keyed per item and field
        assert f"{item.pk}-{key}" in errors_by_field(response.json())
    else:  # the wrong shape, located by the schema
        assert key in str(response.json()["errors"])
    rep.donre_report.refresh_from_db()
    assert rep.donre_report.version == 1 and rep.donre_report.general_results == ""


def test_denials_through_the_api(rep, client):
    url = f"/api/reporting/reports/{rep.donre_report.pk}"
    body = {"version": 1, "general_results": "x"}
    # another agency and another province: the report does not exist for them
    for user in (rep.world.other_staff, rep.world.other_coordinator):
        assert client.get(url, **bearer(user)).status_code == 404
        assert (
            client.post(url, body, content_type="application/json", **bearer(user)).status_code
            == 404
        )
    # a viewer cannot see a report that is not accepted
    assert client.get(url, **bearer(rep.world.viewer)).status_code == 404
    # staff may save but not submit: the whole request is refused
    response = client.post(
        url, {**body, "submit": True}, content_type="application/json", **bearer(rep.world.staff)
    )
    assert response.status_code == 403
    # a stale version is a conflict
    response = client.post(
        url, {**body, "version": 7}, content_type="application/json", **bearer(rep.world.staff)
    )
    assert response.status_code == 409
    rep.donre_report.refresh_from_db()
    assert rep.donre_report.general_results == "" and rep.donre_report.status == "draft"
    # anonymous
    assert client.post(url, body, content_type="application/json").status_code == 401


def test_a_viewer_reads_an_accepted_report_but_cannot_change_it(rep, client):
    submit_report(rep.donre_report, user=rep.world.leader)
    accept_report(rep.donre_report, user=rep.world.coordinator)
    url = f"/api/reporting/reports/{rep.donre_report.pk}"
    assert client.get(url, **bearer(rep.world.viewer)).json()["status"] == ReportStatus.ACCEPTED
    response = client.post(
        url, {"version": 3}, content_type="application/json", **bearer(rep.world.viewer)
    )
    assert response.status_code == 403


def test_the_operations_are_in_the_openapi_document(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/reporting/reports/{report_id}" in paths
    assert "post" in paths["/api/reporting/reports/{report_id}"]
