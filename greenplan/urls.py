from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from api.api import api
from greenplan import backup_views, error_pages, health
from plans.views import home

urlpatterns = [
    path("", home, name="home"),
    # For the balancer and the process manager: no login, no data (greenplan/health.py).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("backups/", backup_views.backups, name="backups"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jobs/", include("jobs.urls")),
    path("plans/", include("plans.urls")),
    path("orgs/", include("orgs.urls")),
    path("restructuring/", include("restructuring.urls")),
    path("reporting/", include("reporting.urls")),
    path("indicators/", include("indicators.urls")),
    path("projects/", include("projects.urls")),
    path("documents/", include("documents.urls")),
    path("audit/", include("audit.urls")),
    path("accounts/", include("accounts.urls")),
    path("inbox/", include("inbox.urls")),
    path("notifications/", include("notifications.urls")),
    path("webhooks/", include("webhooks.urls")),
    path("help/", include("guide.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

# Uploaded files (MEDIA_ROOT) are never served from a public URL, not even in development:
# each kind has a view that checks who may read it.

# DEBUG=0 error answers: the site's own pages in the user's language, JSON under /api/.
handler400 = error_pages.bad_request
handler403 = error_pages.permission_denied
handler404 = error_pages.page_not_found
handler500 = error_pages.server_error
