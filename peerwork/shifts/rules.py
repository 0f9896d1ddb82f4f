"""May this peer take this paid work, and if not, why? The one rule check every path asks.

The allocation, the day-work draw, waitlist offers, hand edits on a run, sign-up and check-in all
ask it, so a peer meets the same rules with the same reasons whichever way work reaches them:
active, stage and certifications on the day (``selectors.eligibility_table``), then, against the
shifts the peer already holds, overlap, rest, weekly hours and benefit earnings headroom
(``allocation.check_against_commitments``, the engine's own check). A peer's recorded choice to go
over their benefit limit lifts the limit for the period it covers (the pay hooks honour it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from peerwork.orgs.models import Organisation
from peerwork.peers.models import PeerWorker

from . import allocation as A
from . import hooks, selectors
from .models import Shift
from .reasons import fits_text, reason_text


@dataclass(frozen=True)
class Reason:
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, name: str | None = None) -> str:
        """To the peer ("you"), or about them to a coordinator when ``name`` is given."""
        return reason_text(self.code, self.params, name=name)


@dataclass(frozen=True)
class Verdict:
    reasons: tuple[Reason, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.reasons

    @property
    def reason(self) -> Reason | None:
        return self.reasons[0] if self.reasons else None

    def text(self, name: str | None = None) -> str:
        return " ".join(r.text(name) for r in self.reasons)


OK = Verdict()


def may_take_many(
    organisation: Organisation,
    pairs: Iterable[tuple[PeerWorker, Shift]],
    *,
    also: Mapping[int, Iterable[Shift]] | None = None,
) -> dict[tuple[int, int], Verdict]:
    """{(peer id, shift id): Verdict} for many pairs at once, a few queries per week touched.

    ``also`` adds shifts a peer is about to hold though not yet assigned (a draft plan), per peer id.
    """
    pairs = list(pairs)
    if not pairs:
        return {}
    policy = selectors.engine_policy(selectors.policy_for(organisation))
    table = selectors.eligibility_table(
        organisation,
        {p.pk: p for p, _ in pairs}.values(),
        {(s.role, selectors.local_date(organisation, s.starts_at)) for _, s in pairs},
    )
    by_week: dict[Any, list[tuple[PeerWorker, Shift]]] = defaultdict(list)
    for peer, shift in pairs:
        week_start = selectors.monday_of(selectors.local_date(organisation, shift.starts_at))
        by_week[week_start].append((peer, shift))
    verdicts: dict[tuple[int, int], Verdict] = {}
    for week_start, week_pairs in by_week.items():
        peers = {p.pk: p for p, _ in week_pairs}
        limits = selectors.peer_week_limits(organisation, peers, week_start)
        origin = selectors.week_origin(organisation, week_start)
        for peer, shift in week_pairs:
            day = selectors.local_date(organisation, shift.starts_at)
            why = table[(peer.pk, shift.role_id, day)]
            if why is not None:
                verdicts[(peer.pk, shift.pk)] = Verdict((Reason(why.code, why.params),))
                continue
            mine = limits[peer.pk]
            extra = tuple(
                A.Commitment(
                    start=selectors.minutes_from(s.starts_at, origin),
                    end=selectors.minutes_from(s.ends_at, origin),
                    earnings_cents=selectors.cents_of(hooks.shift_earnings(s, peer)) or 0,
                    label=selectors.shift_label(organisation, s),
                    shift_id=s.pk,
                )
                for s in (also or {}).get(peer.pk, ())
            )
            peer_in = A.PeerIn(
                id=peer.pk,
                headroom_cents=mine.headroom_cents,
                commitments=mine.commitments + extra,
                weekly_limit_minutes=mine.weekly_limit_minutes,
                limit_params=mine.limit_params,
            )
            shift_in = A.ShiftIn(
                id=shift.pk,
                start=selectors.minutes_from(shift.starts_at, origin),
                end=selectors.minutes_from(shift.ends_at, origin),
                slots=shift.slots,
            )
            request = A.RequestIn(
                id=0,
                peer_id=peer.pk,
                shift_id=shift.pk,
                earnings_cents=selectors.cents_of(hooks.shift_earnings(shift, peer)) or 0,
            )
            blocked = A.check_against_commitments(policy, peer_in, shift_in, request)
            verdicts[(peer.pk, shift.pk)] = Verdict((Reason(*blocked),)) if blocked else OK
    return verdicts


def may_take(peer: PeerWorker, shift: Shift, *, also: Iterable[Shift] = ()) -> Verdict:
    """May ``peer`` take ``shift`` (a place not already theirs counts as not held), and if not, why?"""
    return may_take_many(shift.organisation, [(peer, shift)], also={peer.pk: list(also)})[(peer.pk, shift.pk)]


def may_be_paid(peer: PeerWorker, amount: Decimal, day: date) -> Verdict:
    """May ``peer`` be paid ``amount`` for work done outside any shift on ``day`` (an honorarium)?

    The earnings part of the same check: what the peer already holds unpaid in that week plus this
    amount must fit the headroom their benefit rule leaves. No hours are added: nothing is booked.
    """
    organisation = peer.organisation
    week_start = selectors.monday_of(day)
    mine = selectors.peer_week_limits(organisation, {peer.pk: peer}, week_start)[peer.pk]
    if mine.headroom_cents is None:
        return OK
    held = sum(c.earnings_cents for c in mine.commitments)
    if held + (selectors.cents_of(amount) or 0) > mine.headroom_cents:
        return Verdict((Reason(A.HEADROOM, dict(mine.limit_params)),))
    return OK


def fit_lines(peer: PeerWorker, shifts: Iterable[Shift]) -> dict[int, tuple[bool, str]]:
    """{shift id: (fits, the line a peer reads)}: within their limits ("Fits your ODSP limit this
    month") or why not, as the sign-up itself would answer."""
    shifts = list(shifts)
    organisation = peer.organisation
    verdicts = may_take_many(organisation, [(peer, s) for s in shifts])
    params_by_week: dict[Any, dict[str, Any]] = {}
    lines: dict[int, tuple[bool, str]] = {}
    for shift in shifts:
        verdict = verdicts[(peer.pk, shift.pk)]
        if not verdict.ok:
            lines[shift.pk] = (False, verdict.text())
            continue
        week_start = selectors.monday_of(selectors.local_date(organisation, shift.starts_at))
        if week_start not in params_by_week:
            limits = selectors.peer_week_limits(organisation, {peer.pk: peer}, week_start)
            params_by_week[week_start] = limits[peer.pk].limit_params
        lines[shift.pk] = (True, fits_text(params_by_week[week_start]))
    return lines
