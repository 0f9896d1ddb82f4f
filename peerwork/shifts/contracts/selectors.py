"""Reads for contracts: lists, a peer's current contract, alerts, and the figures indicators use."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from peerwork.accounts.sites import within_sites
from peerwork.orgs.models import Organisation
from peerwork.pathway.models import PeerPosition
from peerwork.peers.models import PeerStatus, PeerWorker

from .models import Contract, ContractKind, ContractStatus

ENDING_SOON_DAYS = 30
PROBATION_SOON_DAYS = 14


def contracts_for(organisation: Organisation) -> QuerySet[Contract]:
    return (
        within_sites(Contract.objects.filter(organisation=organisation))
        .select_related("peer", "site", "previous")
        .prefetch_related("roles")
    )


def current_contract(peer: PeerWorker, on: date | None = None) -> Contract | None:
    """The peer's signed contract in force on ``on`` (today), else their newest draft or signed one."""
    day = on or peer.organisation.today()
    # A peer has a handful of contracts: one read, the choice made here.
    contracts = list(
        Contract.objects.filter(peer=peer).exclude(status=ContractStatus.ENDED).order_by("-starts_on", "-id")
    )
    in_force = (
        c
        for c in contracts
        if c.status == ContractStatus.ACTIVE
        and c.starts_on <= day
        and (c.ends_on is None or c.ends_on >= day)
    )
    return next(in_force, contracts[0] if contracts else None)


def over_renewal_policy(contract: Contract) -> bool:
    return (
        contract.kind == ContractKind.FIXED_TERM
        and contract.renewal_count > contract.organisation.max_fixed_term_renewals
    )


@dataclass(frozen=True)
class ContractAlert:
    code: str  # ending | probation | renewals | offer
    contract: Contract | None
    text: str
    url: str


def staff_stage_without_contract(organisation: Organisation) -> list[PeerPosition]:
    """The ladder's hand-off: active peers at a stage marked "staff position" who hold no signed
    fixed-term or permanent contract (nor a draft of one) yet."""
    with_contract = (
        Contract.objects.filter(organisation=organisation)
        .exclude(status=ContractStatus.ENDED)
        .exclude(kind=ContractKind.CASUAL)
    )
    return list(
        PeerPosition.objects.filter(
            peer__organisation=organisation, stage__is_staff_stage=True, peer__status=PeerStatus.ACTIVE
        )
        .exclude(peer__in=with_contract.values("peer"))
        .select_related("peer", "stage")
        .order_by("since", "peer_id")
    )


def contract_alerts(organisation: Organisation, on: date | None = None) -> list[ContractAlert]:
    """Signed contracts ending within 30 days, probation reviews due, renewals past the policy."""
    day = on or organisation.today()
    ending_by = day + timedelta(days=ENDING_SOON_DAYS)
    probation_by = day + timedelta(days=PROBATION_SOON_DAYS)
    over_policy = Q(kind=ContractKind.FIXED_TERM, renewal_count__gt=organisation.max_fixed_term_renewals)
    # One read of the contracts any alert is about; which alerts each gets is decided below.
    flagged = list(
        Contract.objects.filter(organisation=organisation)
        .exclude(status=ContractStatus.ENDED)
        .filter(
            Q(status=ContractStatus.ACTIVE, ends_on__range=(day, ending_by))
            | Q(status=ContractStatus.ACTIVE, probation_review_on__lte=probation_by)
            | over_policy
        )
        .annotate(renewed=Exists(Contract.objects.filter(previous=OuterRef("pk"))))
        .select_related("peer")
        .order_by("ends_on", "id")
    )
    alerts: list[ContractAlert] = []
    for c in flagged:
        if c.status != ContractStatus.ACTIVE:
            continue
        if c.ends_on and day <= c.ends_on <= ending_by and not c.renewed:
            alerts.append(
                ContractAlert(
                    "ending",
                    c,
                    _(
                        "%(peer)s's contract ends on %(end)s (in %(days)s days): renew it, offer a post "
                        "or plan the move on."
                    )
                    % {
                        "peer": c.peer,
                        "end": date_format(c.ends_on, "j M Y"),
                        "days": (c.ends_on - day).days,
                    },
                    reverse("shifts:contract", args=[c.pk]),
                )
            )
        if c.probation_review_on and c.probation_review_on <= probation_by:
            alerts.append(
                ContractAlert(
                    "probation",
                    c,
                    _("%(peer)s's probation review is due on %(day)s.")
                    % {"peer": c.peer, "day": date_format(c.probation_review_on, "j M Y")},
                    reverse("shifts:contract", args=[c.pk]),
                )
            )
    for c in flagged:
        if c.kind != ContractKind.FIXED_TERM or c.renewal_count <= organisation.max_fixed_term_renewals:
            continue
        alerts.append(
            ContractAlert(
                "renewals",
                c,
                _(
                    "%(peer)s's fixed-term contract has been renewed %(count)s times; the policy allows "
                    "%(most)s. Offer a permanent post or say why not."
                )
                % {"peer": c.peer, "count": c.renewal_count, "most": organisation.max_fixed_term_renewals},
                reverse("shifts:contract", args=[c.pk]),
            )
        )
    for position in staff_stage_without_contract(organisation):
        alerts.append(
            ContractAlert(
                "offer",
                None,
                _("%(peer)s is at %(stage)s, a staff position, without a contract: offer one.")
                % {"peer": position.peer, "stage": position.stage.name},
                reverse("shifts:contract_new") + f"?peer={position.peer_id}&kind=permanent",
            )
        )
    return alerts


def contracts_by_kind_and_stage(
    organisation: Organisation, on: date | None = None
) -> dict[tuple[str, str], int]:
    """Peers on a signed contract in force on ``on``, counted by contract kind and ladder stage."""
    day = on or organisation.today()
    rows = (
        Contract.objects.filter(organisation=organisation, status=ContractStatus.ACTIVE, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .values_list("kind", "peer__position__stage__name")
    )
    return dict(Counter((kind, stage or "") for kind, stage in rows))


@dataclass(frozen=True)
class Moves:
    casual_to_contract: int  # first signed fixed-term contract in the period, with no contract before
    contract_to_post: int  # first signed permanent contract in the period


def first_contract_days(organisation: Organisation) -> tuple[dict[int, date], dict[int, date]]:
    """Per peer, the start of their first signed fixed-term contract and of their first permanent one."""
    signed = Contract.objects.filter(organisation=organisation, signed_at__isnull=False)
    first_fixed: dict[int, date] = {}
    first_post: dict[int, date] = {}
    for peer_id, kind, starts in signed.order_by("starts_on").values_list("peer_id", "kind", "starts_on"):
        if kind == ContractKind.FIXED_TERM:
            first_fixed.setdefault(peer_id, starts)
        elif kind == ContractKind.PERMANENT:
            first_post.setdefault(peer_id, starts)
    return first_fixed, first_post


def contract_moves(organisation: Organisation, start: date, end: date) -> Moves:
    """Moves up the employment ladder whose contract started in [start, end]: casual → contract → post."""
    first_fixed, first_post = first_contract_days(organisation)
    return Moves(
        casual_to_contract=sum(1 for d in first_fixed.values() if start <= d <= end),
        contract_to_post=sum(1 for d in first_post.values() if start <= d <= end),
    )
