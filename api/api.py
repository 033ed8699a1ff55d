"""The JSON API: /api/, its OpenAPI document at /api/openapi.json, docs at /api/docs."""

from ninja import NinjaAPI

api = NinjaAPI(title="greenplan API", version="1", urls_namespace="api")
