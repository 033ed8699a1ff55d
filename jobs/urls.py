from django.urls import path

from jobs import views

app_name = "jobs"
urlpatterns = [
    path("<int:pk>/", views.job_page, name="detail"),
    path("<int:pk>/again/", views.try_again, name="again"),
]
