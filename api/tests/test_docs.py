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
    }
    schemes = document["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} == {"http", "apiKey"}
    items = document["paths"]["/api/plans/{plan_id}/items"]["get"]
    assert {p["name"] for p in items["parameters"]} >= {"kind", "priority_year", "agency", "q"}


def test_docs_page_loads_and_its_assets_are_served_from_static_files(world, as_user):
    response = as_user(world.viewer).get("/api/docs")

    html = response.content.decode()
    assert response.status_code == 200
    assert "/api/openapi.json" in html
    assets = re.findall(r'(?:href|src)="/static/([^"]+)"', html)
    assert {"ninja/swagger-ui.css", "ninja/swagger-ui-bundle.js"} <= set(assets)
    for asset in assets:
        assert finders.find(asset), asset
