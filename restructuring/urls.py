from django.urls import path

from restructuring import views

app_name = "restructuring"
urlpatterns = [
    path("organisations/<int:pk>/merge/", views.merge, name="merge"),
]
