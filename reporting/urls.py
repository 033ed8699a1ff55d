from django.urls import path

from reporting import views

app_name = "reporting"
urlpatterns = [
    path("plans/<int:plan_pk>/", views.round_list, name="rounds"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/live/", views.round_live, name="round_live"),
    path("rounds/<int:pk>/lock/", views.lock, name="lock"),
    path("rounds/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/history/", views.report_history, name="report_history"),
    path("reports/<int:pk>/submit/", views.submit, name="submit"),
    path("reports/<int:pk>/review/", views.review, name="review"),
    path("reports/<int:pk>/exception/", views.grant_exception, name="exception"),
    path("reports/<int:pk>/attachments/", views.upload, name="upload"),
    path("attachments/<int:pk>/", views.download, name="attachment"),
    path("attachments/<int:pk>/remove/", views.remove_attachment, name="remove_attachment"),
    path("attachments/<int:pk>/replace/", views.replace_attachment, name="replace_attachment"),
]
