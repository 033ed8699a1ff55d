from django.urls import path

from documents import views

app_name = "documents"
urlpatterns = [
    path("rounds/<int:round_pk>/", views.consolidation, name="consolidation"),
    path("versions/<int:pk>/row/", views.version_row, name="version_row"),
    path("versions/<int:pk>/sent/", views.mark_sent, name="mark_sent"),
    path("versions/<int:pk>/retry/", views.retry, name="retry"),
    path("versions/<int:pk>/<str:kind>/", views.download, name="download"),
    path("reports/<int:pk>/workbook/", views.report_workbook, name="report_workbook"),
    path(
        "reports/<int:pk>/workbook/download/",
        views.report_workbook_download,
        name="report_workbook_download",
    ),
]
