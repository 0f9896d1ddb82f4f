from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("sharing/", views.sharing, name="sharing"),
    path("start/<int:instrument_pk>/", views.start, name="start"),
    path("responses/<int:pk>/", views.respond, name="respond"),
    path("responses/<int:pk>/result/", views.result, name="result"),
    path("responses/<int:pk>/share/", views.share, name="share"),
    path("staff/", views.due, name="due"),
    path("staff/start/", views.staff_start, name="staff_start"),
    path("staff/schedules/new/", views.schedule_add, name="schedule_add"),
    path("results/people/<int:peer_pk>/", views.person, name="person"),
    path("results/clients/", views.client, name="client"),
    path("results/cohort/", views.cohort, name="cohort"),
    path("instruments/", views.instruments, name="instruments"),
    path("instruments/<int:pk>/", views.instrument, name="instrument"),
]
