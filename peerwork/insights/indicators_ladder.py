"""The "stalled" indicator: peers who meet the next stage's criteria (pathway's eligibility) but
have had no next-stage opportunity (pathway's ``next_stage_opportunities`` hook, filled by shifts)
for ``STALLED_WEEKS`` weeks. Judged on the last day of each rebuild: it is a state of today.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from peerwork.pathway.hooks import next_stage_opportunities
from peerwork.pathway.selectors import eligibility_many
from peerwork.peers.models import PeerStatus, PeerWorker

from .registry import COUNT, DOWN, LAST, ORG, SITE, STAGE, Alert, Contribution, Indicator, indicators
from .sources import NONE, RollupData

STALLED_WEEKS = 8


def stalled_peers(data: RollupData) -> Iterator[Contribution]:
    day = data.last_day
    yield Contribution(day=day, numerator=0.0)  # a row even when nobody is stalled
    organisation = data.organisation
    peers = list(
        PeerWorker.objects.filter(organisation=organisation, position__isnull=False)
        .exclude(status=PeerStatus.LEFT)
        .select_related("organisation")
    )
    if not peers:
        return
    since = day - timedelta(weeks=STALLED_WEEKS)
    eligibility = eligibility_many(organisation, peers, on=day)
    index = {pid: i for i, pid in enumerate(data.peer_ids.tolist())}
    sites = data.site_matrix()
    # Who already worked a shift at (or above) some stage in the waiting time: asking the hook
    # about them is unnecessary (a worked next-stage shift is an opportunity), and slow in bulk.
    recent = data.worked_day >= data.index_of(since)
    worked_at: dict[int, int] = {}
    for i, stage_id in zip(
        data.worked_peer[recent].tolist(), data.worked_stage[recent].tolist(), strict=True
    ):
        order = data.stage_order.get(stage_id, 0)
        worked_at[i] = max(worked_at.get(i, 0), order)
    for peer in peers:
        judged = eligibility[peer.pk]
        if not judged.eligible or judged.target is None or judged.current is None:
            continue
        if judged.since is not None and judged.since > since:
            continue  # at this stage for less than the waiting time: too early to call it stalled
        if worked_at.get(index.get(peer.pk, NONE), 0) >= judged.target.order:
            continue
        if next_stage_opportunities(peer, judged.target, since) > 0:
            continue
        site = int(sites[index[peer.pk], -1]) if peer.pk in index else NONE
        yield Contribution(
            day=day, numerator=1.0, site=None if site == NONE else site, stage=judged.current.pk
        )


indicators.register(
    Indicator(
        id="stalled_peers",
        label=_("Stalled peers"),
        description=_(
            "Peers who meet every criterion for their next stage but have had no next-stage shift "
            "offered or worked for 8 weeks or more (as of the last rebuild), by their current stage."
        ),
        unit=COUNT,
        direction=DOWN,
        goal=0,
        compute=stalled_peers,
        applies_to=(ORG, SITE, STAGE),
        aggregation=LAST,
        source="pathway",
        alert=Alert(
            "above",
            2,
            _(
                "{value} peers meet the criteria for their next stage but have had no next-stage shift "
                "for 8 weeks (more than {threshold}). Offer them next-stage work, or they may drift away."
            ),
        ),
    )
)
