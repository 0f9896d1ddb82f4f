from django.urls import path

from .views import allocation, desk, peer, setup, week

app_name = "shifts"

urlpatterns = [
    # the coordinator's week and shifts
    path("", week.week, name="week"),
    path("generate/", week.generate, name="generate"),
    path("new/", week.shift_edit, name="shift_new"),
    path("<int:pk>/", week.shift_detail, name="shift"),
    path("<int:pk>/edit/", week.shift_edit, name="shift_edit"),
    path("<int:pk>/cancel/", week.shift_cancel, name="shift_cancel"),
    path("<int:pk>/draw/", week.draw, name="draw"),
    # set-up
    path("roles/", setup.roles, name="roles"),
    path("roles/new/", setup.role_edit, name="role_new"),
    path("roles/<int:pk>/", setup.role_edit, name="role_edit"),
    path("weekly/", setup.templates, name="templates"),
    path("weekly/<int:pk>/stop/", setup.template_stop, name="template_stop"),
    path("work-orders/", setup.work_orders, name="work_orders"),
    path("work-orders/<int:pk>/", setup.work_order, name="work_order"),
    path("rules/", setup.policy, name="policy"),
    # allocation
    path("allocation/", allocation.runs, name="runs"),
    path("allocation/<int:pk>/", allocation.run_detail, name="run"),
    path("allocation/<int:pk>/publish/", allocation.run_publish, name="run_publish"),
    path("allocation/decision/<int:pk>/", allocation.decision_edit, name="decision_edit"),
    path("fairness/", allocation.fairness, name="fairness"),
    # the check-in desk
    path("desk/", desk.desk, name="desk"),
    path("desk/<int:pk>/in/", desk.desk_check_in, name="desk_check_in"),
    path("desk/<int:pk>/out/", desk.desk_check_out, name="desk_check_out"),
    # a peer's own
    path("open/", peer.open_shifts, name="open"),
    path("open/<int:pk>/ask/", peer.sign_up, name="sign_up"),
    path("mine/", peer.my_shifts, name="mine"),
    path("mine/request/<int:pk>/withdraw/", peer.withdraw, name="withdraw"),
    path("mine/<int:pk>/give-back/", peer.give_back, name="give_back"),
    path("mine/<int:pk>/in/", peer.check_in, name="check_in"),
    path("mine/<int:pk>/out/", peer.check_out, name="check_out"),
]
