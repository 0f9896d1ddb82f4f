"""The honorarium for an overdose response made off shift: services records it, pay holds the
money and the one earnings check; support (above both) joins them through services' hook."""

from __future__ import annotations

from django.utils.translation import gettext as _

from peerwork.core.money import format_money
from peerwork.pay.services import payout_create_off_shift
from peerwork.services.models import OverdoseResponse
from peerwork.shifts.selectors import policy_for


def offshift_response_pay(response: OverdoseResponse) -> list[str]:
    """Pay each responder the organisation's honorarium when their earnings limits allow; one line
    per responder saying what happened. Nothing when the organisation pays none (rate 0)."""
    organisation = response.organisation
    rate = policy_for(organisation).offshift_honorarium
    if rate <= 0 or response.site is None:
        return []
    day = organisation.today(response.occurred_at)
    lines = []
    for peer in response.responders.order_by("pk"):
        payout, _verdict = payout_create_off_shift(
            peer=peer,
            site=response.site,
            amount=rate,
            earned_on=day,
            reference=f"overdose_response:{response.pk}",
            description=_("Overdose response off shift %(day)s") % {"day": day.isoformat()},
            actor=response.recorded_by,
        )
        if payout is not None:
            lines.append(
                _("%(name)s: an honorarium of %(amount)s is owed, paid at the desk.")
                % {"name": peer.preferred_name, "amount": format_money(payout.amount, payout.currency)}
            )
        else:
            lines.append(
                _("%(name)s: no honorarium, because it would take their earnings past their limit.")
                % {"name": peer.preferred_name}
            )
    return lines
