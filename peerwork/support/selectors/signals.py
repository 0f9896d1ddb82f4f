"""Strain signals for supervisors: each names a peer and says why, in plain words.

A signal prompts a conversation. Nothing else reads them: no shift, payout or promotion depends
on a signal. A signal's ``reason`` is safe for every supervisor; ``private_reason`` (the benefit
programme and the amounts) is shown only to those who may see peers' sensitive fields, and that
read is audited (``signals_for_viewer``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count
from django.http import HttpRequest
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from peerwork.accounts.sites import within_sites
from peerwork.audit.services import audit_read
from peerwork.core.money import format_money
from peerwork.orgs.models import Organisation
from peerwork.pay import selectors as pay_selectors
from peerwork.peers.models import PeerStatus, PeerWorker
from peerwork.services.models import OverdoseResponse

from ..models import DebriefOffer, DebriefStatus
from .rolefit import hours_by_week
from .supervision import supervision_due

RESPONSES_IN_A_WEEK = 2
HOURS_ABOVE_AVERAGE = Decimal("1.5")
DEBRIEF_LOOKBACK_DAYS = 28


@dataclass(frozen=True)
class StrainSignal:
    peer: PeerWorker
    kind: str
    reason: str
    private_reason: str = ""


def _day(value: date | datetime, organisation: Organisation) -> str:
    if isinstance(value, datetime):
        value = value.astimezone(organisation.zone).date()
    return formats.date_format(value, "j M")


def _overdose_signals(
    organisation: Organisation, peers: dict[int, PeerWorker], today: date
) -> list[StrainSignal]:
    since = datetime.combine(today - timedelta(days=6), time.min, tzinfo=organisation.zone)
    rows = (
        OverdoseResponse.objects.filter(organisation=organisation, occurred_at__gte=since)
        .values("responders")
        .annotate(count=Count("id"))
        .filter(count__gte=RESPONSES_IN_A_WEEK)
    )
    signals = []
    for row in rows:
        peer = peers.get(row["responders"])
        if peer is None:
            continue
        reason = _("Responded to %(count)d overdoses in the last 7 days.") % {"count": row["count"]}
        signals.append(StrainSignal(peer=peer, kind="overdoses", reason=reason))
    return signals


def _debrief_signals(
    organisation: Organisation, peers: dict[int, PeerWorker], today: date, now: datetime
) -> list[StrainSignal]:
    since = datetime.combine(
        today - timedelta(days=DEBRIEF_LOOKBACK_DAYS), time.min, tzinfo=organisation.zone
    )
    offers = DebriefOffer.objects.filter(
        organisation=organisation, peer_id__in=list(peers), response__occurred_at__gte=since
    ).select_related("response")
    signals = []
    for offer in offers:
        when = _day(offer.response.occurred_at, organisation)
        if offer.status == DebriefStatus.DECLINED:
            reason = _("Declined the debrief after the overdose response on %(day)s.") % {"day": when}
        elif offer.status == DebriefStatus.NOT_REACHED:
            reason = _("Could not be reached for a debrief after the overdose response on %(day)s.") % {
                "day": when
            }
        elif offer.status == DebriefStatus.OFFERED and offer.due_at < now:
            reason = _("No debrief yet after the overdose response on %(day)s; it was due by %(due)s.") % {
                "day": when,
                "due": _day(offer.due_at, organisation),
            }
        else:
            continue
        signals.append(StrainSignal(peer=peers[offer.peer_id], kind="debrief", reason=reason))
    return signals


def _hours_signals(
    organisation: Organisation, peers: dict[int, PeerWorker], today: date
) -> list[StrainSignal]:
    signals = []
    for peer_id, weeks in hours_by_week(list(peers), organisation, today).items():
        average = sum(weeks[:4], Decimal("0")) / 4
        last = weeks[4]
        if average > 0 and last > average * HOURS_ABOVE_AVERAGE:
            reason = _(
                "Worked %(last)s hours in the last 7 days, more than 50%% above their own "
                "4-week average of %(average)s hours."
            ) % {"last": last.quantize(Decimal("0.1")), "average": average.quantize(Decimal("0.1"))}
            signals.append(StrainSignal(peer=peers[peer_id], kind="hours", reason=reason))
    return signals


def _supervision_signals(
    organisation: Organisation, peers: dict[int, PeerWorker], today: date
) -> list[StrainSignal]:
    signals = []
    for row in supervision_due(organisation, today):
        if row.due_on >= today or row.peer.pk not in peers:
            continue
        if row.last_on is None:
            reason = _(
                "No supervision recorded since starting at %(stage)s; that stage calls for supervision "
                "every %(every)d days."
            ) % {"stage": row.stage_name, "every": row.every_days}
        else:
            days = (today - row.last_on).days
            reason = ngettext(
                "No supervision for %(days)d day; %(stage)s calls for supervision every %(every)d days.",
                "No supervision for %(days)d days; %(stage)s calls for supervision every %(every)d days.",
                days,
            ) % {"days": days, "stage": row.stage_name, "every": row.every_days}
        signals.append(StrainSignal(peer=peers[row.peer.pk], kind="supervision", reason=reason))
    return signals


def _earnings_signals(
    organisation: Organisation, peers: dict[int, PeerWorker], today: date
) -> list[StrainSignal]:
    """Peers whose earnings reached the warning line of their benefit's limit (pay's own rule)."""
    signals = []
    for assigned in pay_selectors.peers_with_rules(organisation, today):
        peer = peers.get(assigned.peer_id)
        if peer is None:
            continue
        headroom = pay_selectors.headroom_for(peer, today)
        if headroom is None or not headroom.warning:
            continue
        values = {
            "earned": format_money(headroom.earned, headroom.currency),
            "limit": format_money(headroom.limit, headroom.currency),
            "percent": headroom.percent,
            "rule": headroom.rule.name,
            "end": _day(headroom.period_end, organisation),
        }
        # The plain reason names no programme and no amount: either would tell a supervisor which
        # benefit the peer receives, a field only some roles may see.
        if headroom.over:
            reason = _("Over their earnings limit for the period ending %(end)s.") % values
            private = (
                _(
                    "Has earned %(earned)s, over the %(limit)s limit of %(rule)s "
                    "for the period ending %(end)s."
                )
                % values
            )
        else:
            reason = _("Close to their earnings limit for the period ending %(end)s.") % values
            private = (
                _(
                    "Has earned %(earned)s of the %(limit)s limit of %(rule)s (%(percent)d%%) "
                    "for the period ending %(end)s."
                )
                % values
            )
        signals.append(StrainSignal(peer=peer, kind="earnings", reason=reason, private_reason=private))
    return signals


def strain_signals(organisation: Organisation, today: date, now: datetime) -> list[StrainSignal]:
    """Every signal for the organisation's active peers, grouped by peer name."""
    # A person limited to some sites sees only their sites' peers (accounts/sites.py).
    active = PeerWorker.objects.filter(organisation=organisation, status=PeerStatus.ACTIVE)
    peers = {peer.pk: peer for peer in within_sites(active)}
    signals = [
        *_overdose_signals(organisation, peers, today),
        *_debrief_signals(organisation, peers, today, now),
        *_hours_signals(organisation, peers, today),
        *_supervision_signals(organisation, peers, today),
        *_earnings_signals(organisation, peers, today),
    ]
    signals.sort(key=lambda signal: (signal.peer.preferred_name, signal.peer.pk, signal.kind))
    return signals


def signals_for_viewer(request: HttpRequest, found: list[StrainSignal]) -> list[StrainSignal]:
    """``found`` as the request's user may see them: private reasons only with the capability, audited."""
    membership = getattr(request, "membership", None)
    if membership is None or not membership.can("can_view_sensitive_peer_fields"):
        return found
    shown = []
    for signal in found:
        if signal.private_reason:
            audit_read(request, signal.peer, ["earnings_rule"], via="strain signals")
            signal = replace(signal, reason=signal.private_reason)
        shown.append(signal)
    return shown


def signals_by_peer(signals: list[StrainSignal]) -> list[tuple[PeerWorker, list[StrainSignal]]]:
    grouped: dict[int, list[StrainSignal]] = defaultdict(list)
    for signal in signals:
        grouped[signal.peer.pk].append(signal)
    return [(items[0].peer, items) for items in grouped.values()]
