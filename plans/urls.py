from django.urls import path
from django.views.generic import RedirectView

from plans import crosswalk_views, import_views, views

app_name = "plans"
urlpatterns = [
    path("import/", import_views.import_plan_page, name="import"),
    path("import/template.xlsx", import_views.import_template, name="import_template"),
    # The job pages moved to jobs:detail; a page opened before stays reachable.
    path(
        "import/jobs/<int:pk>/",
        RedirectView.as_view(pattern_name="jobs:detail"),
        name="import_job",
    ),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/items/", views.item_list, name="items"),
    path("<int:pk>/coverage/", views.coverage, name="coverage"),
    path("<int:pk>/crosswalk/", crosswalk_views.crosswalk_page, name="crosswalk"),
    path(
        "<int:pk>/crosswalk/template.xlsx",
        crosswalk_views.crosswalk_template,
        name="crosswalk_template",
    ),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("links/<int:pk>/remove/", crosswalk_views.unlink, name="unlink"),
    path("documents/<int:pk>/file/", views.legal_document_file, name="legal_file"),
]
