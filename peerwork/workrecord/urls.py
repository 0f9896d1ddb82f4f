from django.urls import path

from . import views

app_name = "workrecord"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("work-record.pdf", views.mine_pdf, name="mine_pdf"),
    path("settings/", views.settings, name="settings"),
    path("peers/<int:pk>/", views.peer_record, name="peer"),
    path("peers/<int:pk>/work-record.pdf", views.peer_pdf, name="peer_pdf"),
    path("peers/<int:pk>/reference/", views.reference, name="reference"),
]
