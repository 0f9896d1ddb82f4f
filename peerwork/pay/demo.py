"""Demo pay: rates, honoraria, eight weeks of payouts through daily cash boxes, benefit rules.

Runs after shifts (order 60). When the shift demo has made no roles or completed shifts it
still adds the earnings rules, training honoraria and their payouts.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from peerwork.accounts.models import Membership
from peerwork.accounts.roles import Role as MemberRole
from peerwork.core.demo import DEMO_SLUG, DemoContext
from peerwork.orgs.models import Organisation
from peerwork.pathway.models import Stage
from peerwork.peers.models import PeerWorker
from peerwork.shifts.models import Assignment, AssignmentStatus, Role
from peerwork.training.models import Course

from . import selectors, services
from .defaults import earnings_rules_seed
from .models import CashBox, EarningsRule, PayMethod, Payout, PayoutStatus, RateKind

WEEKS = 8


def _organisation(ctx: DemoContext) -> Organisation | None:
    for key in ("organisation", "org"):
        found = ctx.objects.get(key)
        if isinstance(found, Organisation):
            return found
    return Organisation.objects.filter(slug=DEMO_SLUG).first()


def _staff(organisation: Organisation, role: str) -> Any:
    membership = (
        Membership.objects.filter(organisation=organisation, role=role).select_related("user").first()
    )
    return membership.user if membership else None


def _rates(organisation: Organisation, today: date, actor: Any) -> None:
    top_stage = (
        Stage.objects.filter(organisation=organisation, is_staff_stage=False).order_by("-order").first()
    )
    for role in Role.objects.filter(organisation=organisation):
        if role.pay_rates.exists():
            continue
        if role.is_day_labour:
            kind, first, second = RateKind.PER_SHIFT, Decimal("60.00"), Decimal("65.00")
        else:
            kind, first, second = RateKind.HOURLY, Decimal("25.00"), Decimal("27.00")
        common = {"organisation": organisation, "role": role, "kind": kind, "actor": actor}
        services.pay_rate_create(
            stage=None, amount=first, effective_from=today - timedelta(days=365), **common
        )
        services.pay_rate_create(
            stage=None,
            amount=second,
            effective_from=today - timedelta(weeks=4),
            note="Yearly raise",
            **common,
        )
        if top_stage is not None and kind == RateKind.HOURLY:
            services.pay_rate_create(
                stage=top_stage,
                amount=Decimal("32.00"),
                effective_from=today - timedelta(days=365),
                note="Senior peers",
                **common,
            )


def _honoraria(organisation: Organisation) -> None:
    for course in Course.objects.filter(organisation=organisation, honorarium=0):
        course.honorarium = Decimal("30.00")
        course.save(update_fields=["honorarium"])


def _pay_history(ctx: DemoContext, organisation: Organisation, coordinator: Any, admin: Any) -> None:
    """Pay every past day's owed payouts from that day's cash box; one box closes $5 short."""
    today = ctx.today
    owed = Payout.objects.filter(organisation=organisation, status=PayoutStatus.PENDING)
    by_day: dict[tuple[date, int], list[Payout]] = defaultdict(list)
    for payout in owed.select_related("peer", "site"):
        if payout.earned_on < today:
            by_day[(payout.earned_on, payout.site_id)].append(payout)
    zone = organisation.zone
    short_done = False
    for (day, _site_id), payouts in sorted(by_day.items(), key=lambda item: item[0]):
        site = payouts[0].site
        cash_total = sum(
            (p.amount for p in payouts if p.peer.payment_preference == PayMethod.CASH), Decimal("0")
        )
        opened = datetime.combine(day, time(8, 30), tzinfo=zone)
        twenties = int(cash_total // 20) + 6
        box = services.cash_box_open(
            organisation=organisation,
            site=site,
            opening_float=Decimal(twenties * 20),
            count={"20": twenties},
            actor=coordinator,
            at=opened,
        )
        for payout in payouts:
            method = payout.peer.payment_preference
            services.payout_pay(
                payout=payout,
                method=method,
                actor=coordinator,
                cash_box=box if method == PayMethod.CASH else None,
                paid_on=day,
            )
        expected = selectors.cash_box_balance(box)
        closing = datetime.combine(day, time(17, 15), tzinfo=zone)
        short = not short_done and day >= today - timedelta(days=10) and expected >= 5
        services.cash_box_close(
            box=box,
            counted=expected - Decimal("5.00") if short else expected,
            explanation="A $5 note went out as change twice; talked through with the team." if short else "",
            actor=coordinator,
            at=closing,
        )
        if admin is not None and admin != coordinator:
            services.cash_box_sign_off(box=box, actor=admin, at=closing + timedelta(minutes=10))
        short_done = short_done or short


def _benefit_rules(ctx: DemoContext, organisation: Organisation, coordinator: Any) -> None:
    """Several peers with rules; the first is near the ODSP limit this month."""
    peers = list(PeerWorker.objects.filter(organisation=organisation).order_by("id"))
    if not peers:
        return
    rules = {rule.key: rule for rule in EarningsRule.objects.filter(organisation=organisation)}
    today = ctx.today
    plan = [("ca-on-odsp", 0.88), ("ca-on-ow", None), ("ca-bc-pwd", None), ("ca-on-odsp", None)]
    for peer, (key, target) in zip(peers[1::3], plan, strict=False):
        services.peer_rule_assign(
            peer=peer, rule=rules[key], starts_on=today - timedelta(days=120), actor=coordinator
        )
        if target is None:
            continue
        headroom = selectors.headroom_for(peer, today)
        wanted = (headroom.limit * Decimal(str(target))).quantize(Decimal("1")) if headroom else Decimal("0")
        if headroom is not None and headroom.earned < wanted:
            services.payout_create_manual(
                organisation=organisation,
                peer=peer,
                amount=wanted - headroom.earned,
                reason="Paid outreach with the mobile team (demo)",
                earned_on=today.replace(day=1),
                actor=coordinator,
            )
        ctx["pay.near_limit_peer"] = peer
        ctx.notes.append(
            f"Pay: {peer.preferred_name} is near their ODSP limit this month "
            "(flagged on People, Payouts and the allocation review; filter 'Near or over a limit')."
        )


def build(ctx: DemoContext) -> None:
    organisation = _organisation(ctx)
    if organisation is None:
        ctx.notes.append("Pay: no demo organisation yet, nothing built.")
        return
    coordinator = _staff(organisation, MemberRole.COORDINATOR)
    admin = _staff(organisation, MemberRole.ORG_ADMIN)
    earnings_rules_seed(organisation=organisation)
    _rates(organisation, ctx.today, admin or coordinator)
    _honoraria(organisation)
    completed = Assignment.objects.filter(
        organisation=organisation, status=AssignmentStatus.COMPLETED, checked_out_at__isnull=False
    )
    since = ctx.today - timedelta(weeks=WEEKS)
    services.payouts_collect(organisation=organisation, until=ctx.today, actor=coordinator)
    if coordinator is not None:
        _pay_history(ctx, organisation, coordinator, admin)
        _benefit_rules(ctx, organisation, coordinator)
        today_site = organisation.sites.filter(is_active=True).first()
        if today_site is not None and selectors.open_cash_box(organisation, today_site) is None:
            services.cash_box_open(
                organisation=organisation,
                site=today_site,
                opening_float=Decimal("400.00"),
                count={"20": 20},
                actor=coordinator,
            )
    ctx.notes.append(
        f"Pay: {Payout.objects.filter(organisation=organisation).count()} payouts "
        f"({completed.filter(shift__starts_at__date__gte=since).count()} shifts worked in {WEEKS} weeks), "
        f"{CashBox.objects.filter(organisation=organisation).count()} cash boxes."
    )
