from django.urls import path

from . import views

app_name = "pathway"

urlpatterns = [
    path("", views.ladder, name="ladder"),
    path("default/", views.ladder_seed, name="ladder_seed"),
    path("stages/new/", views.stage_add, name="stage_add"),
    path("stages/<int:pk>/", views.stage_edit, name="stage_edit"),
    path("peers/<int:peer_pk>/promote/", views.promote, name="promote"),
    path("peers/<int:peer_pk>/step-back/", views.step_back, name="step_back"),
    path("peers/<int:peer_pk>/sign-off/", views.sign_off, name="sign_off"),
]
