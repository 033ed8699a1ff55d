from django.urls import path

from plans import views

app_name = "plans"
urlpatterns = [
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/items/", views.item_list, name="items"),
    path("<int:pk>/coverage/", views.coverage, name="coverage"),
    path("items/<int:pk>/", views.item_detail, name="item"),
]
