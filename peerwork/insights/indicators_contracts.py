"""Contracts and posts: peers on a signed contract by kind (and by their stage on the ladder), and the
moves up the employment ladder, casual work → a fixed-term contract → a permanent post."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from peerwork.shifts.contracts.models import Contract, ContractKind, ContractStatus
from peerwork.shifts.contracts.selectors import first_contract_days

from .registry import COUNT, LAST, ORG, STAGE, SUM, UP, Contribution, Indicator, indicators
from .sources import NONE, RollupData

CONTRACTS = _("Contracts and posts")


def _on_contract(kind: str) -> Callable[[RollupData], Iterator[Contribution]]:
    def compute(data: RollupData) -> Iterator[Contribution]:
        signed = (
            Contract.objects.filter(
                organisation=data.organisation,
                kind=kind,
                status__in=[ContractStatus.ACTIVE, ContractStatus.ENDED],
                starts_on__lte=data.last_day,
            )
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=data.first_day))
            .values_list("peer_id", "starts_on", "ends_on", "ended_on")
        )
        rows = list(signed)
        index = {int(pid): i for i, pid in enumerate(data.peer_ids)}
        for d in data.computed_indices():
            day = data.days[d]
            yield Contribution(day=day, numerator=0.0)  # a row even when nobody is on one
            counts: Counter[int | None] = Counter()
            for peer_id, starts, ends, ended in rows:
                last = ended or ends
                if starts <= day and (last is None or day <= last):
                    i = index.get(peer_id)
                    at = int(data.stage_matrix[i, d]) if i is not None else NONE
                    counts[at if at != NONE else None] += 1
            for stage, count in counts.items():
                yield Contribution(day=day, numerator=float(count), stage=stage)

    return compute


def _moves(kind: str) -> Callable[[RollupData], Iterator[Contribution]]:
    def compute(data: RollupData) -> Iterator[Contribution]:
        to_contract, to_post = first_contract_days(data.organisation)
        firsts = to_contract if kind == ContractKind.FIXED_TERM else to_post
        per_day = Counter(day for day in firsts.values() if data.first_day <= day <= data.last_day)
        for day, count in sorted(per_day.items()):
            yield Contribution(day=day, numerator=float(count))

    return compute


for kind, label, description in (
    (
        ContractKind.FIXED_TERM,
        _("Peers on fixed-term contracts"),
        _("Peers holding a signed fixed-term contract on the last day of the period, by stage."),
    ),
    (
        ContractKind.PERMANENT,
        _("Peers in permanent posts"),
        _("Peers holding a signed permanent contract on the last day of the period, by stage."),
    ),
    (
        ContractKind.CASUAL,
        _("Peers on casual contracts"),
        _("Peers holding a signed casual contract on the last day of the period, by stage."),
    ),
):
    indicators.register(
        Indicator(
            id=f"on_contract_{kind}",
            label=label,
            description=description,
            unit=COUNT,
            direction=UP,
            compute=_on_contract(kind),
            applies_to=(ORG, STAGE),
            aggregation=LAST,
            source="shifts",
            group=CONTRACTS,
        )
    )

indicators.register(
    Indicator(
        id="moves_to_contract",
        label=_("Moves from casual work to a contract"),
        description=_("Peers whose first fixed-term contract started in the period."),
        unit=COUNT,
        direction=UP,
        compute=_moves(ContractKind.FIXED_TERM),
        aggregation=SUM,
        source="shifts",
        group=CONTRACTS,
    )
)
indicators.register(
    Indicator(
        id="moves_to_post",
        label=_("Moves from a contract to a post"),
        description=_("Peers whose first permanent contract (a post) started in the period."),
        unit=COUNT,
        direction=UP,
        compute=_moves(ContractKind.PERMANENT),
        aggregation=SUM,
        source="shifts",
        group=CONTRACTS,
    )
)
