from django.urls import path

from .views import cash, desk, peers, setup

app_name = "pay"

urlpatterns = [
    path("", desk.desk, name="desk"),
    path("payouts/new", desk.payout_new, name="payout_new"),
    path("payouts/missing", desk.payouts_missing, name="payouts_missing"),
    path("payouts/collect", desk.payouts_collect, name="payouts_collect"),
    path("salaries/pay", desk.salaries_pay, name="salaries_pay"),
    path("payouts/<int:pk>/", desk.payout_detail, name="payout_detail"),
    path("payouts/<int:pk>/pay", desk.payout_pay, name="payout_pay"),
    path("payouts/<int:pk>/receipt", desk.receipt, name="receipt"),
    path("entries/<int:pk>/reverse", desk.entry_reverse, name="entry_reverse"),
    path("cash-boxes/", cash.cash_boxes, name="cash_boxes"),
    path("cash-boxes/open", cash.cash_box_open, name="cash_box_open"),
    path("cash-boxes/<int:pk>/", cash.cash_box_detail, name="cash_box_detail"),
    path("cash-boxes/<int:pk>/sign-off", cash.cash_box_sign_off, name="cash_box_sign_off"),
    path("peers/<int:pk>/", peers.peer_pay, name="peer_pay"),
    path("peers/<int:pk>/rule", peers.peer_rule, name="peer_rule"),
    path("peers/<int:pk>/choice", peers.peer_choice, name="peer_choice"),
    path("peers/<int:pk>/statement.<str:fmt>", peers.peer_statement, name="peer_statement"),
    path("me/", peers.my_pay, name="my_pay"),
    path("me/statement", peers.my_statement, name="my_statement"),
    path("rates/", setup.rates, name="rates"),
    path("rules/", setup.rules, name="rules"),
    path("rules/seed", setup.rules_seed, name="rules_seed"),
    path("rules/new", setup.rule_new, name="rule_new"),
    path("rules/<int:pk>/", setup.rule_edit, name="rule_edit"),
    path("base-amounts/new", setup.base_amount_new, name="base_amount_new"),
    path("export", setup.export, name="export"),
]
