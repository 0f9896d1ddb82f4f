"""Writes for pay. Every service runs in one transaction; money only moves through the ledger."""

from .cash import cash_box_close, cash_box_open, cash_box_sign_off
from .common import money
from .limits import earnings_rule_save, over_limit_choice_record, peer_rule_assign
from .payouts import (
    CashShortfall,
    OverLimit,
    ledger_entry_reverse,
    pay_rate_create,
    payout_create_for_assignment,
    payout_create_for_training,
    payout_create_manual,
    payout_create_off_shift,
    payout_pay,
    payout_pay_cash_then_rest,
    payouts_collect,
)

__all__ = [
    "CashShortfall",
    "OverLimit",
    "cash_box_close",
    "cash_box_open",
    "cash_box_sign_off",
    "earnings_rule_save",
    "ledger_entry_reverse",
    "money",
    "over_limit_choice_record",
    "pay_rate_create",
    "payout_create_for_assignment",
    "payout_create_for_training",
    "payout_create_manual",
    "payout_create_off_shift",
    "payout_pay",
    "payout_pay_cash_then_rest",
    "payouts_collect",
    "peer_rule_assign",
]
