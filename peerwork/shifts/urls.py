from django.urls import path

from .contracts import views as contracts
from .views import allocation, desk, peer, setup, sms, team, week

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
    # two-way SMS: the provider's webhooks (signed, no session)
    path("sms/inbound/", sms.inbound, name="sms_inbound"),
    path("sms/status/", sms.status, name="sms_status"),
    path("sms/peer/<int:pk>/", sms.conversation, name="sms_conversation"),
    path("sms/simulator/", sms.simulator, name="sms_simulator"),
    path("sms/inbox/", sms.inbox, name="sms_inbox"),
    path("sms/inbox/<int:pk>/done/", sms.inbox_handled, name="sms_handled"),
    path("assignment/<int:pk>/give-back/", sms.assignment_give_back, name="assignment_give_back"),
    # set-up
    path("roles/", setup.roles, name="roles"),
    path("roles/new/", setup.role_edit, name="role_new"),
    path("roles/<int:pk>/", setup.role_edit, name="role_edit"),
    path("weekly/", setup.templates, name="templates"),
    path("weekly/<int:pk>/stop/", setup.template_stop, name="template_stop"),
    path("work-orders/", setup.work_orders, name="work_orders"),
    path("work-orders/<int:pk>/", setup.work_order, name="work_order"),
    path("streams/<int:pk>/business/", setup.business_line, name="business_line"),
    path("rules/", setup.policy, name="policy"),
    # allocation
    path("allocation/", allocation.runs, name="runs"),
    path("allocation/<int:pk>/", allocation.run_detail, name="run"),
    path("allocation/<int:pk>/publish/", allocation.run_publish, name="run_publish"),
    path("allocation/<int:pk>/reopen/", allocation.run_reopen, name="run_reopen"),
    path("allocation/decision/<int:pk>/", allocation.decision_edit, name="decision_edit"),
    path("fairness/", allocation.fairness, name="fairness"),
    # the check-in desk
    path("desk/", desk.desk, name="desk"),
    path("desk/<int:pk>/in/", desk.desk_check_in, name="desk_check_in"),
    path("desk/<int:pk>/out/", desk.desk_check_out, name="desk_check_out"),
    # a peer lead's team (stage capabilities) and who leads which work stream
    path("team/", team.team_week, name="team_week"),
    path("team/desk/", team.team_desk, name="team_desk"),
    path("team/desk/<int:pk>/in/", team.team_desk_check_in, name="team_desk_check_in"),
    path("team/desk/<int:pk>/out/", team.team_desk_check_out, name="team_desk_check_out"),
    path("streams/<int:pk>/leads/", team.stream_leads, name="stream_leads"),
    # contracts and their standing shifts
    path("contracts/", contracts.contract_list, name="contracts"),
    path("contracts/new/", contracts.contract_edit, name="contract_new"),
    path("contracts/<int:pk>/", contracts.contract_detail, name="contract"),
    path("contracts/<int:pk>/edit/", contracts.contract_edit, name="contract_edit"),
    path("contracts/<int:pk>/standing/", contracts.standing_add, name="standing_add"),
    path("contracts/standing/<int:pk>/remove/", contracts.standing_remove, name="standing_remove"),
    path("contracts/<int:pk>/sign/", contracts.contract_sign, name="contract_sign"),
    path("contracts/<int:pk>/renew/", contracts.contract_renew, name="contract_renew"),
    path("contracts/<int:pk>/end/", contracts.contract_end, name="contract_end"),
    path("contracts/<int:pk>/pdf/", contracts.contract_pdf, name="contract_pdf"),
    path("mine/contract/", contracts.my_contract, name="my_contract"),
    path("mine/contract/<int:pk>/pdf/", contracts.my_contract_pdf, name="my_contract_pdf"),
    # a peer's own
    path("open/", peer.open_shifts, name="open"),
    path("open/<int:pk>/ask/", peer.sign_up, name="sign_up"),
    path("mine/", peer.my_shifts, name="mine"),
    path("mine/request/<int:pk>/withdraw/", peer.withdraw, name="withdraw"),
    path("mine/<int:pk>/give-back/", peer.give_back, name="give_back"),
    path("mine/<int:pk>/in/", peer.check_in, name="check_in"),
    path("mine/<int:pk>/out/", peer.check_out, name="check_out"),
]
