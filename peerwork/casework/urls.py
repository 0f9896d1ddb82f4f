from django.urls import path

from .views import pages

app_name = "casework"

urlpatterns = [
    path("me/", pages.mine, name="mine"),
    path("caseloads/", pages.overview, name="caseloads"),
    path("clients/new/", pages.client_add, name="client_add"),
    path("clients/<int:pk>/", pages.client, name="client"),
    path("clients/<int:pk>/sessions/new/", pages.session_add, name="session_add"),
    path("clients/<int:pk>/plan/", pages.plan_edit, name="plan_edit"),
    path("clients/<int:pk>/handover/", pages.handover, name="handover"),
    path("clients/<int:pk>/referrals/new/", pages.referral_add, name="referral_add"),
    path("clients/<int:pk>/questionnaires/new/", pages.schedule, name="schedule"),
    path("referrals/<int:pk>/follow-up/", pages.referral_follow_up, name="referral_follow_up"),
]
