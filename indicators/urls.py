from django.urls import path

from indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("catalogue.xlsx", views.catalogue_export, name="catalogue_export"),
    path("import/", views.catalogue_import, name="catalogue_import"),
    path("scorecard/", views.my_scorecard, name="my_scorecard"),
    path("values/<int:pk>/accept/", views.accept_value, name="accept_value"),
    path("values/<int:pk>/return/", views.return_value, name="return_value"),
    path("<slug:territory>/", views.scorecard, name="scorecard"),
    path("<slug:territory>/scorecard.xlsx", views.scorecard_export, name="scorecard_export"),
    path("<slug:territory>/<str:code>/", views.indicator_detail, name="indicator"),
    path("<slug:territory>/<str:code>/values/", views.enter_value, name="enter_value"),
    path(
        "<slug:territory>/<str:code>/baseline/",
        views.set_baseline_or_target,
        {"what": "baseline"},
        name="set_baseline",
    ),
    path(
        "<slug:territory>/<str:code>/responsibility/",
        views.set_responsibility,
        name="set_responsibility",
    ),
    path(
        "<slug:territory>/<str:code>/targets/",
        views.set_baseline_or_target,
        {"what": "target"},
        name="set_target",
    ),
]
