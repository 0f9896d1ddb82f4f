from django.urls import path

from . import views

app_name = "participation"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.activity_add, name="activity_add"),
    path("<int:pk>/", views.activity, name="activity"),
    path("today/", views.today, name="today"),
    path("today/<int:pk>/here/", views.tap, name="tap"),
]
