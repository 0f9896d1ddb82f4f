"""Demo services: stock at both sites and eight weeks of work logged on the demo's past shifts,
with a few overdose responses (some by two peers). Everything goes through ``records_sync``,
the path a phone uses, so stock, hooks and audit behave as in real use."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from peerwork.accounts.models import Membership
from peerwork.accounts.roles import Role
from peerwork.core.demo import DemoContext
from peerwork.orgs.models import Organisation
from peerwork.shifts.models import Assignment, Shift, ShiftStatus

from .models import (
    EntryKind,
    NaloxoneProduct,
    Outcome,
    PlaceType,
    ReferralFor,
    ReferralTo,
    Source,
    SupplyItem,
)
from .offshift import offshift_overdose_record, offshift_sharps_record
from .services import PEER_ASSIGNMENT_STATUSES, catalogue_ensure, records_sync
from .stock import stock_receive, stock_threshold_set

# Places near the demo's Toronto sites where peers pick up sharps, with rough coordinates.
SHARPS_PLACES = [
    ("Moss Park", "43.6545", "-79.3687"),
    ("Allan Gardens", "43.6622", "-79.3749"),
    ("Queen & Sherbourne laneway", "43.6546", "-79.3701"),
    ("Riverdale Park West", "43.6676", "-79.3567"),
    ("Don River trail", "43.6640", "-79.3530"),
    ("Sumach St alley", "43.6580", "-79.3610"),
]
STOCK_START = {
    "Syringes": 6000,
    "Sterile water": 5000,
    "Alcohol swabs": 6000,
    "Naloxone kits": 400,
    "Mouthpieces": 3000,
}
# Kits are handed out one to three at a time; everything else by the handful.
SMALL_ITEMS = {"Naloxone kits", "Sharps containers"}


def _coordinator(organisation: Organisation) -> Any:
    membership = (
        Membership.objects.filter(organisation=organisation, role__in=[Role.COORDINATOR, Role.ORG_ADMIN])
        .select_related("user")
        .order_by("role", "id")
        .first()
    )
    return membership.user if membership else None


# What each demo role logs (by role name); other roles log contacts only. Every draw is still made,
# so the demo's random stream stays the same; records of other kinds are dropped. The Mailing crew
# is also sent out for sharps around the building: the drift role fit must show.
ROLE_LOGS: dict[str, frozenset[str]] = {
    "Needle recovery": frozenset({EntryKind.SHARPS, EntryKind.SUPPLIES, EntryKind.CONTACT}),
    "Overdose response": frozenset({EntryKind.CONTACT, EntryKind.NALOXONE_TRAINING}),
    "Supply distribution": frozenset({EntryKind.SUPPLIES, EntryKind.CONTACT}),
    "Drop-in host": frozenset({EntryKind.CONTACT, EntryKind.SUPPLIES}),
    "Outreach": frozenset({EntryKind.CONTACT, EntryKind.SHARPS}),  # sharps: not in its description
    "Mailing": frozenset({EntryKind.SHARPS}),
    "Peer support": frozenset({EntryKind.CONTACT}),
    "Trainer": frozenset({EntryKind.NALOXONE_TRAINING}),
}
DEFAULT_LOGS = frozenset({EntryKind.CONTACT})


def _records_for_shift(
    ctx: DemoContext, shift: Shift, peer_ids: list[int], items: list[SupplyItem]
) -> list[dict]:
    rng = ctx.rng
    records: list[dict[str, Any]] = []

    def at() -> str:
        span = max(60, int((shift.ends_at - shift.starts_at).total_seconds()) - 60)
        return (shift.starts_at + timedelta(seconds=rng.randrange(60, span))).isoformat()

    def add(**values: Any) -> None:
        records.append(
            {
                "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "shift": shift.pk,
                "occurred_at": at(),
                **values,
            }
        )

    for item in rng.sample(items, k=min(len(items), rng.randint(3, 6))):
        add(
            type="entry",
            kind=EntryKind.SUPPLIES,
            item=item.pk,
            quantity=rng.randint(1, 3) if item.name in SMALL_ITEMS else rng.randint(2, 25),
            peer=rng.choice(peer_ids),
        )
    add(type="entry", kind=EntryKind.CONTACT, quantity=rng.randint(4, 30), peer=rng.choice(peer_ids))
    if rng.random() < 0.6:
        place, lat, lon = rng.choice(SHARPS_PLACES)
        add(
            type="entry",
            kind=EntryKind.SHARPS,
            quantity=rng.randint(1, 40),
            place_name=place,
            latitude=lat,
            longitude=lon,
            peer=rng.choice(peer_ids),
        )
    if rng.random() < 0.4:
        add(
            type="entry",
            kind=EntryKind.REFERRAL,
            referral_to=rng.choice(ReferralTo.values),
            referral_for=rng.choice(ReferralFor.values),
            client_code=rng.choice(["", "F-ABCD-1984", "M-JKLR-1991", "X-TRWE-1978"]),
            peer=rng.choice(peer_ids),
        )
    if rng.random() < 0.3:
        add(
            type="entry",
            kind=EntryKind.NALOXONE_TRAINING,
            quantity=rng.randint(1, 4),
            peer=rng.choice(peer_ids),
        )
    logs = ROLE_LOGS.get(shift.role.name, DEFAULT_LOGS)
    return [record for record in records if record["kind"] in logs]


def build(ctx: DemoContext) -> None:
    organisation: Organisation = ctx["org"]
    catalogue_ensure(organisation=organisation)
    coordinator = _coordinator(organisation)
    items = list(SupplyItem.objects.filter(organisation=organisation, is_active=True))
    by_name = {item.name: item for item in items}
    for site in organisation.sites.all():
        for name, amount in STOCK_START.items():
            stock_receive(
                organisation=organisation, site=site, item=by_name[name], quantity=amount, user=coordinator
            )
            stock_threshold_set(
                organisation=organisation,
                site=site,
                item=by_name[name],
                threshold=amount // 10,
                user=coordinator,
            )
    now = timezone.now()
    shifts = list(
        Shift.objects.filter(
            organisation=organisation, starts_at__gte=now - timedelta(weeks=8), ends_at__lte=now
        )
        .exclude(status=ShiftStatus.CANCELLED)
        .select_related("role")
    )
    on_shift: dict[int, list[int]] = {}
    for shift_id, peer_id in Assignment.objects.filter(
        shift__in=shifts, status__in=PEER_ASSIGNMENT_STATUSES
    ).values_list("shift_id", "peer_id"):
        on_shift.setdefault(shift_id, []).append(peer_id)
    worked = [s for s in shifts if on_shift.get(s.pk)]
    records: list[dict[str, Any]] = []
    for shift in worked:
        records.extend(_records_for_shift(ctx, shift, on_shift[shift.pk], items))
    paired = [s for s in worked if len(on_shift[s.pk]) >= 2]
    singles = [s for s in worked if len(on_shift[s.pk]) == 1]
    chosen = ctx.rng.sample(paired, k=min(3, len(paired))) + ctx.rng.sample(singles, k=min(2, len(singles)))
    for shift in chosen:
        peers = on_shift[shift.pk]
        records.append(
            {
                "uuid": str(uuid.UUID(int=ctx.rng.getrandbits(128), version=4)),
                "type": "overdose",
                "shift": shift.pk,
                "occurred_at": (shift.starts_at + timedelta(minutes=ctx.rng.randint(20, 150))).isoformat(),
                "place_type": ctx.rng.choice(
                    [PlaceType.STREET, PlaceType.PARK, PlaceType.WASHROOM, PlaceType.SHELTER]
                ),
                "product": ctx.rng.choice([NaloxoneProduct.INJECTABLE, NaloxoneProduct.NASAL]),
                "doses_given": ctx.rng.randint(1, 3),
                "emergency_services_called": ctx.rng.random() < 0.7,
                "conscious_before": False,
                "outcome": Outcome.SURVIVED,
                "responders": peers[:2],
            }
        )
    accepted = rejected = 0
    for start in range(0, len(records), 500):
        results = records_sync(
            organisation=organisation,
            user=coordinator,
            is_staff=True,
            records=records[start : start + 500],
            source=Source.SYNC,
        )
        accepted += sum(1 for r in results if r.status == "accepted")
        rejected += sum(1 for r in results if r.status == "rejected")
    ctx.notes.append(
        f"Services: {accepted} records on {len(worked)} worked shifts ({rejected} refused), "
        f"{len(chosen)} overdose responses; stock and low-stock alerts at /services/stock/."
    )


def build_offshift(ctx: DemoContext) -> None:
    """The first kiosk peer answered an overdose on the way home last night and picked up needles
    on the way in this week; both recorded afterwards at the kiosk. The organisation pays an
    honorarium for a response off shift. Runs after support's builder, so the debrief offer comes
    from the same hook as on a shift (on commit) and stays open for the supervisor."""
    organisation: Organisation = ctx["org"]
    peer = ctx["kiosk_peers"][0]
    policy = ctx["shift_policy"]
    policy.offshift_honorarium = Decimal("25.00")
    policy.save(update_fields=["offshift_honorarium"])
    site = organisation.sites.order_by("pk").first()
    now = timezone.localtime(timezone.now(), organisation.zone)
    evening = (now - timedelta(days=1)).replace(hour=19, minute=40, second=0, microsecond=0)
    result = offshift_overdose_record(
        organisation=organisation,
        user=peer.user,
        site=site,
        occurred_at=evening,
        place_type=PlaceType.STREET,
        place_name="Bus shelter, Queen & Parliament",
        product=NaloxoneProduct.NASAL,
        doses_given=2,
        emergency_services_called=True,
        outcome=Outcome.SURVIVED,
        source=Source.PAGE,
    )
    offshift_sharps_record(
        organisation=organisation,
        user=peer.user,
        site=site,
        occurred_at=(now - timedelta(days=3)).replace(hour=8, minute=15, second=0, microsecond=0),
        quantity=9,
        place_name="Moss Park, by the tennis courts",
        source=Source.PAGE,
    )
    paid = " ".join(result.pay_lines) or "no honorarium"
    ctx.notes.append(
        f"Off shift: {peer.preferred_name} recorded an overdose response on the way home last night "
        f"(the supervisor's dashboard shows the debrief offer; {paid}) and 9 needles picked up; "
        "their contribution is on My work → My contribution."
    )
