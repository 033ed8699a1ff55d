import json
import re

from django.contrib.staticfiles import finders


def test_openapi_document_lists_every_path_and_both_authentications(client):
    response = client.get("/api/openapi.json")

    document = json.loads(response.content)
    assert set(document["paths"]) >= {
        "/api/plans",
        "/api/plans/{plan_id}",
        "/api/plans/{plan_id}/items",
        "/api/plans/{plan_id}/coverage",
        "/api/orgs",
        "/api/orgs/{org_id}",
        "/api/reporting/rounds",
        "/api/reporting/rounds/{round_id}/board",
        "/api/reporting/reports/{report_id}/accept",
        "/api/reporting/reports/{report_id}/return",
        "/api/documents/consolidated-reports/{report_id}/docx",
        "/api/webhooks",
    }
    schemes = document["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} == {"http", "apiKey"}
    items = document["paths"]["/api/plans/{plan_id}/items"]["get"]
    assert {p["name"] for p in items["parameters"]} >= {"kind", "priority_year", "agency", "q"}
    reports = document["paths"]["/api/reporting/reports"]["get"]
    assert {p["name"] for p in reports["parameters"]} >= {
        "plan_id",
        "year",
        "organisation",
        "status",
        "changed_since",
        "limit",
        "offset",
    }


def test_every_operation_documents_its_errors_in_the_one_shape(client):
    document = json.loads(client.get("/api/openapi.json").content)
    schemas = document["components"]["schemas"]

    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            assert operation.get("summary"), (method, path)
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    properties = schemas[ref.rsplit("/", 1)[-1]]["properties"]
                    assert properties["detail"]["type"] == "string", (method, path, status)


def test_docs_page_loads_and_its_assets_are_served_from_static_files(world, as_user):
    response = as_user(world.viewer).get("/api/docs")

    html = response.content.decode()
    assert response.status_code == 200
    assert "/api/openapi.json" in html
    assets = re.findall(r'(?:href|src)="/static/([^"]+)"', html)
    assert {"ninja/swagger-ui.css", "ninja/swagger-ui-bundle.js"} <= set(assets)
    for asset in assets:
        assert finders.find(asset), asset
