"""Demo contract: a peer who has worked day placements (the Mailing draw) is offered a fixed-term
contract at half of full time, with standing shifts Monday, Wednesday and Friday, a monthly salary
paid for last month, a probation review next week and an end date within 30 days, so the dashboard
shows what to act on. Runs after pay (order 60) as it pays the salary through the ledger."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from peerwork.core.demo import DemoContext
from peerwork.peers.models import PeerStatus
from peerwork.shifts.contracts import services as contracts
from peerwork.shifts.contracts.models import Contract
from peerwork.shifts.models import Assignment, AssignmentStatus, Role
from peerwork.shifts.selectors import monday_of

from .models import PeerEarningsRule
from .salary import salary_run

MINIMUM_WAGE = Decimal("17.60")  # Ontario's general minimum wage from October 2025 (check)
STANDING = (time(9, 0), time(15, 0))  # 3 × 6 h = 18 h, within half of a 37.5-hour week


def build(ctx: DemoContext) -> None:
    org = ctx.objects.get("org")
    roles: dict[str, Role] = ctx.objects.get("roles") or {}
    coordinator = (ctx.objects.get("staff") or {}).get("coordinator")
    if org is None or "Mailing" not in roles:
        ctx.notes.append("Contracts: skipped (no Mailing day placements in this demo).")
        return
    org.minimum_wage_hourly = MINIMUM_WAGE
    org.save(update_fields=["minimum_wage_hourly"])
    on_benefits = set(PeerEarningsRule.objects.filter(organisation=org).values_list("peer_id", flat=True))
    day_workers = (
        Assignment.objects.filter(
            organisation=org,
            shift__role__is_day_labour=True,
            status=AssignmentStatus.COMPLETED,
            peer__status=PeerStatus.ACTIVE,
        )
        .exclude(peer_id__in=on_benefits)
        .exclude(peer__contracts__isnull=False)
        .order_by("peer_id")
        .values_list("peer_id", flat=True)
    )
    peer_id = next(iter(day_workers), None)
    if peer_id is None:
        ctx.notes.append("Contracts: skipped (no active peer has worked a day placement).")
        return
    peer = next(p for p in ctx["peers"] if p.pk == peer_id)
    today = ctx.today
    mailing = roles["Mailing"]
    start = (today - relativedelta(months=2)).replace(day=1)
    contract = contracts.contract_draft(
        organisation=org,
        peer=peer,
        site=ctx["sites"][0],
        roles=[mailing],
        by=coordinator,
        kind="fixed_term",
        starts_on=start,
        ends_on=today + timedelta(days=25),
        full_time_share=50,
        pay_basis="salary",
        salary=Decimal("1650.00"),
        salary_period="month",
        probation_review_on=today + timedelta(days=7),
    )
    for weekday in (0, 2, 4):
        contracts.standing_shift_add(
            contract=contract,
            weekday=weekday,
            start_time=STANDING[0],
            end_time=STANDING[1],
            role=mailing,
            site=contract.site,
            by=coordinator,
        )
    contracts.contract_sign(contract=contract, by=coordinator)
    monday = monday_of(today)
    made = []
    for week in (monday, monday + timedelta(days=7)):
        made += contracts.standing_shifts_materialise(organisation=org, week_start=week, by=coordinator).held
    run = salary_run(organisation=org, on=today - relativedelta(months=1), actor=coordinator)
    ctx["contract"] = contract
    ctx.notes.append(
        f"Contracts: {peer.preferred_name} moved from day placements to a fixed-term contract "
        f"({Contract.objects.filter(organisation=org).count()} contract), {len(made)} standing shifts held, "
        f"{len(run.paid)} salary payout paid for last month."
    )
