"""The JSON API: /api/, its OpenAPI document at /api/openapi.json, docs at /api/docs.

This module only assembles: authentication and error answers apply to every operation,
and each domain brings its own router module (`router = Router(...)`), mounted below.
"""

from ninja import NinjaAPI

from api.auth import api_auth
from api.errors import install_error_handlers
from api.renderers import UnicodeJSONRenderer

api = NinjaAPI(
    title="greenplan API",
    version="1",
    description=(
        "The green growth action plans, organisations, reporting rounds and reports, "
        "indicators and projects visible to the caller. Agency systems also save and submit "
        "their reports, enter indicator values and manage their projects, under the same "
        "rules and permissions as the pages. Authenticate with a logged-in session or an "
        "`Authorization: Bearer <key>` header (keys: `manage.py create_api_token`)."
    ),
    urls_namespace="api",
    auth=api_auth,
    renderer=UnicodeJSONRenderer(),
)
install_error_handlers(api)

# Domain routers, one line each: a module of api/ holding `router = Router(tags=[...])`.
api.add_router("/plans", "api.plans.router")
api.add_router("/orgs", "api.orgs.router")
api.add_router("/reporting", "api.reporting.router")
api.add_router("/reporting/rounds", "api.rounds.router")
api.add_router("/reporting/reports", "api.reviews.router")
api.add_router("/documents/consolidated-reports", "api.consolidated.router")
api.add_router("/indicators", "api.indicators.router")
api.add_router("/projects", "api.projects.router")
api.add_router("/webhooks", "api.webhooks.router")
