from django.urls import path

from . import views
from .mentoring import views as mentoring

app_name = "pathway"

urlpatterns = [
    path("", views.ladder, name="ladder"),
    path("default/", views.ladder_seed, name="ladder_seed"),
    path("stages/new/", views.stage_add, name="stage_add"),
    path("stages/<int:pk>/", views.stage_edit, name="stage_edit"),
    path("peers/<int:peer_pk>/promote/", views.promote, name="promote"),
    path("peers/<int:peer_pk>/step-back/", views.step_back, name="step_back"),
    path("peers/<int:peer_pk>/sign-off/", views.sign_off, name="sign_off"),
    path("mentoring/", mentoring.mentoring, name="mentoring"),
    path("mentoring/<int:pk>/end/", mentoring.mentorship_end, name="mentorship_end"),
    path("mentoring/contacts/new/", mentoring.contact_add, name="mentoring_contact_add"),
    path("mentoring/mine/", mentoring.my_contact, name="my_contact"),
]
