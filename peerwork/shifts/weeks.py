"""Which week to allocate, whether a week is already given out, and what a publish will tell.

Read-only helpers for the allocation pages and the peer's own page (kept out of ``selectors``,
which is long enough).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Q

from peerwork.orgs.models import Organisation, Site
from peerwork.peers.models import PeerWorker

from .models import AllocationDecision, AllocationRun, Outcome, RunStatus, Shift, ShiftStatus, SignUp
from .reasons import reason_text
from .selectors import HOLDING, day_bounds, local_date, monday_of


def next_open_week(organisation: Organisation) -> date:
    """The Monday of the first week, from the organisation's today, with shifts still open for
    sign-up (not yet allocated and published); next week's Monday when there are none."""
    today = organisation.today()
    start, _ = day_bounds(organisation, today)
    first = (
        Shift.objects.filter(
            organisation=organisation,
            status=ShiftStatus.OPEN,
            starts_at__gte=start,
            role__is_day_labour=False,
        )
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    if first is None:
        return monday_of(today) + timedelta(days=7)
    return monday_of(local_date(organisation, first))


def run_holding_week(organisation: Organisation, week_start: date, site: Site | None) -> AllocationRun | None:
    """The published, not re-opened run that covers this week (and site), if any."""
    qs = AllocationRun.objects.filter(
        organisation=organisation,
        week_start=week_start,
        status=RunStatus.PUBLISHED,
        reopened_at__isnull=True,
    )
    if site is not None:
        qs = qs.filter(Q(site=site) | Q(site__isnull=True))
    return qs.select_related("site", "published_by").first()


@dataclass(frozen=True)
class PublishSummary:
    told: int  # peers who asked for something in this run
    placed: int  # of them, peers who got at least one place
    not_placed: int


def publish_summary(run: AllocationRun) -> PublishSummary:
    got: dict[int, bool] = defaultdict(bool)
    for peer_id, outcome in run.decisions.values_list("signup__peer_id", "outcome"):
        got[peer_id] = got[peer_id] or outcome == Outcome.ASSIGNED
    placed = sum(1 for v in got.values() if v)
    return PublishSummary(told=len(got), placed=placed, not_placed=len(got) - placed)


def declined_requests(peer: PeerWorker, signups: list[SignUp]) -> dict[int, dict[str, Any]]:
    """For each of ``signups`` the published run did not give: the reason (to the peer) and the
    shifts the peer was given that week instead. Keyed by sign-up id."""
    if not signups:
        return {}
    decisions = (
        AllocationDecision.objects.filter(
            signup__in=signups, run__status=RunStatus.PUBLISHED, run__reopened_at__isnull=True
        )
        .exclude(outcome=Outcome.ASSIGNED)
        .select_related("run")
    )
    organisation = peer.organisation
    out: dict[int, dict[str, Any]] = {}
    for d in decisions:
        start, end = day_bounds(organisation, d.run.week_start, 7)
        given = list(
            Shift.objects.filter(
                assignments__peer=peer,
                assignments__status__in=HOLDING,
                starts_at__gte=start,
                starts_at__lt=end,
            )
            .select_related("role", "site")
            .order_by("starts_at")
        )
        out[d.signup_id] = {
            "outcome": d.outcome,
            "reason": reason_text(d.reason_code, d.reason_params),
            "instead": given,
        }
    return out
