from django.urls import path

from .views import peer, roles, supervisor

app_name = "support"

urlpatterns = [
    path("", supervisor.dashboard, name="dashboard"),
    path("sessions/", supervisor.session_list, name="session_list"),
    path("sessions/new/", supervisor.session_new, name="session_new"),
    path("sessions/<int:pk>/", supervisor.session_detail, name="session_detail"),
    path("schedule/", supervisor.schedules, name="schedules"),
    path("debriefs/", supervisor.debrief_list, name="debrief_list"),
    path("debriefs/<int:pk>/", supervisor.debrief_detail, name="debrief_detail"),
    path("role-fit/", supervisor.role_fit, name="role_fit"),
    path("roles/<int:role_pk>/", roles.role_detail, name="role_detail"),
    path("role-actions/<int:pk>/outcome/", roles.role_action_outcome, name="role_action_outcome"),
    path("me/role-check/", roles.role_check_new, name="role_check_new"),
    path("me/role-checks/<int:pk>/sharing/", roles.role_check_share, name="role_check_share"),
    path("peers/<int:peer_pk>/", supervisor.peer_support, name="peer_support"),
    path("me/", peer.mine, name="mine"),
    path("me/check-in/", peer.checkin_new, name="checkin_new"),
    path("me/check-ins/<int:pk>/sharing/", peer.checkin_share, name="checkin_share"),
    path("me/check-ins/sharing/", peer.checkin_standing, name="checkin_standing"),
]
