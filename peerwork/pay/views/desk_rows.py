"""What each row of the payout desk shows, worked out in one pass for the whole list.

A busy desk lists a couple of hundred payouts, and most rows repeat the same few amounts, labels and
sentences: each is translated and formatted once per page here, so the template only places them.
Rows are plain dicts because the template reads a dict's keys faster than an object's attributes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, TypedDict

from django.utils.formats import localize
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from peerwork.core.links import row_links
from peerwork.core.money import format_money
from peerwork.peers.hooks import EarningsFlag
from peerwork.peers.models import PaymentPreference, PaymentTiming

from ..models import PayoutStatus
from ..selectors import LimitCheck
from ..services import CashShortfall
from ..templatetags.pay_tags import half

OWED = (PayoutStatus.PENDING, PayoutStatus.PART_PAID)


class DeskRow(TypedDict):
    """One payout on the desk, as shown; the last four are the answer to a payment just tried."""

    pk: str  # as text: the template writes it several times, and a number is localised each time
    site_id: int
    name: str
    flag: EarningsFlag | None  # near or over a benefit limit (the People list's flag)
    description: str
    hours: str  # "4.00 h", or "" when the payout is not for hours
    timing: str
    timing_badge: str  # how the peer chose to be paid, when it is not all after the work
    amount: str
    owed: bool
    part_paid: str  # "… paid so far; … still owed.", for a part-paid payout
    preference: str
    pay: str  # the one-tap button: "Pay CA$100.00 · Cash"; "" when a cash shortfall offers another way
    half: str  # half the amount, unlocalised, for paying half now; "" when not offered
    pay_half: str
    pay_url: str
    receipt_url: str
    error: str
    limit: LimitCheck | None
    shortfall: CashShortfall | None
    method: str


def desk_rows(
    lines: Iterable[dict[str, Any]], flags: Mapping[int, EarningsFlag] | None = None
) -> list[DeskRow]:
    """The desk's rows for ``lines`` (``selectors.desk_lines``), with each peer's limit flag if any."""
    flags = flags or {}
    language = get_language() or "en"
    formatted: dict[tuple[str, str], str] = {}

    def money(amount: Decimal, currency: str) -> str:
        # str(amount), not amount: Decimal("0.00") == Decimal("-0.00"), but they read differently.
        key = (str(amount), currency)
        if key not in formatted:
            formatted[key] = format_money(amount, currency, language)
        return formatted[key]

    methods = {value: str(label) for value, label in PaymentPreference.choices}
    timings = {value: str(label) for value, label in PaymentTiming.choices}
    # The row template's own words, so the catalogues keep their translations.
    hours_phrase = _("%(h)s h")
    pay_phrase = _("Pay %(amount)s · %(how)s")
    half_phrase = _("Pay half now (%(amount)s); the rest after")
    part_paid_phrase = _("%(paid)s paid so far; %(left)s still owed.")
    pay_url, receipt_url = row_links("pay:payout_pay"), row_links("pay:receipt")

    rows: list[DeskRow] = []
    for line in lines:
        pk, currency, status, timing = line["id"], line["currency"], line["status"], line["timing"]
        preference = line["peer__payment_preference"]
        owed = status in OWED
        halves = status == PayoutStatus.PENDING and timing == PaymentTiming.HALF
        half_amount = half(line["amount"]) if halves else None
        rows.append(
            {
                "pk": str(pk),
                "site_id": line["site_id"],
                "name": line["peer__preferred_name"],
                "flag": flags.get(line["peer_id"]),
                "description": line["description"],
                "hours": hours_phrase % {"h": localize(line["hours"])} if line["hours"] else "",
                "timing": timing,
                "timing_badge": "" if timing == PaymentTiming.AFTER else timings.get(timing, timing),
                "amount": money(line["amount"], currency),
                "owed": owed,
                "part_paid": part_paid_phrase
                % {"paid": money(line["paid_so_far"], currency), "left": money(line["still_owed"], currency)}
                if status == PayoutStatus.PART_PAID
                else "",
                "preference": preference,
                "pay": pay_phrase
                % {"amount": money(line["still_owed"], currency), "how": methods.get(preference, preference)}
                if owed
                else "",
                "half": "" if half_amount is None else str(half_amount),
                "pay_half": ""
                if half_amount is None
                else half_phrase % {"amount": money(half_amount, currency)},
                "pay_url": pay_url(pk),
                "receipt_url": receipt_url(pk),
                "error": "",
                "limit": None,
                "shortfall": None,
                "method": "",
            }
        )
    return rows
