from django.urls import path

from documents import views

app_name = "documents"
urlpatterns = [
    path("rounds/<int:round_pk>/", views.consolidation, name="consolidation"),
    path("versions/<int:pk>/row/", views.version_row, name="version_row"),
    path("versions/<int:pk>/sent/", views.mark_sent, name="mark_sent"),
    path("versions/<int:pk>/retry/", views.retry, name="retry"),
    path("versions/<int:pk>/submit/", views.submit_to_leader, name="submit_to_leader"),
    path("versions/<int:pk>/approval/", views.approval, name="approval"),
    path("versions/<int:pk>/approve/", views.approve, name="approve"),
    path("versions/<int:pk>/return/", views.return_version, name="return_version"),
    path("versions/<int:pk>/<str:kind>/", views.download, name="download"),
    path("reports/<int:pk>/workbook/", views.report_workbook, name="report_workbook"),
    path(
        "reports/<int:pk>/workbook/download/",
        views.report_workbook_download,
        name="report_workbook_download",
    ),
]
