from django.urls import path

from projects import views

app_name = "projects"
urlpatterns = [
    path("", views.board, name="board"),
    path("export.xlsx", views.export_projects, name="export"),
    path("new/", views.project_create, name="create"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/step/", views.project_step, name="step"),
    path("<int:pk>/allocate/", views.project_allocate, name="allocate"),
    path("<int:pk>/disburse/", views.project_disburse, name="disburse"),
    path("activity/<int:item_id>/", views.activity, name="activity"),
    path("plan/<int:plan_pk>/totals/", views.plan_totals, name="totals"),
    path("plan/<int:plan_pk>/budget.xlsx", views.export_budget, name="budget_export"),
]
