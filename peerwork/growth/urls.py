from django.urls import path

from .views import peer, staff

app_name = "growth"

urlpatterns = [
    path("competences/", staff.framework, name="framework"),
    path("competences/new/", staff.competence_add, name="competence_add"),
    path("competences/<int:pk>/", staff.competence_edit, name="competence_edit"),
    path("plans/", staff.plans, name="plans"),
    path("plans/new/", staff.plan_add, name="plan_add"),
    path("plans/<int:pk>/", staff.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/review/<slug:moment>/", staff.plan_review, name="plan_review"),
    path("peers/<int:peer_pk>/", staff.peer_growth, name="peer_growth"),
    path("peers/<int:peer_pk>/rate/", staff.peer_rate, name="peer_rate"),
    path("me/", peer.mine, name="mine"),
    path("me/plans/<int:pk>/review/<slug:moment>/", peer.my_review, name="my_review"),
]
