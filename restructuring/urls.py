from django.urls import path

from restructuring import file_views, views

app_name = "restructuring"
urlpatterns = [
    path("organisations/<int:pk>/merge/", views.merge, name="merge"),
    path("file/", file_views.restructuring_file, name="file"),
    path("file/template.xlsx", file_views.restructuring_template, name="template"),
]
