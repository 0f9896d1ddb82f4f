from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.urls import reverse

from peerwork.pay import selectors, services
from peerwork.pay.defaults import earnings_rules_seed
from peerwork.pay.models import BaseAmount, EarningsRule
from peerwork.pay.periods import period_bounds
from peerwork.shifts import hooks as shift_hooks

from .factories import EarningsRuleFactory


def _earn(p, amount: str, on: date) -> None:
    services.payout_create_manual(
        organisation=p.org, peer=p.peer, amount=amount, reason="outreach", earned_on=on, actor=p.coordinator
    )


def test_headroom_is_earnings_so_far_in_the_rules_period(org_a):
    rule = EarningsRuleFactory(organisation=org_a.org)
    services.peer_rule_assign(peer=org_a.peer, rule=rule, starts_on=date(2026, 1, 1), actor=org_a.coordinator)
    _earn(org_a, "640.00", date(2026, 11, 3))
    _earn(org_a, "300.00", date(2026, 10, 30))  # last month: does not count
    headroom = selectors.headroom_for(org_a.peer, date(2026, 11, 20))
    assert (headroom.period_start, headroom.period_end) == (date(2026, 11, 1), date(2026, 11, 30))
    assert headroom.earned == Decimal("640.00")
    assert headroom.left == Decimal("360.00")
    assert headroom.percent == 64
    assert not headroom.warning


def test_a_warning_at_the_threshold(org_a):
    rule = EarningsRuleFactory(organisation=org_a.org, warning_percent=80)
    services.peer_rule_assign(peer=org_a.peer, rule=rule, starts_on=date(2026, 1, 1), actor=org_a.coordinator)
    _earn(org_a, "800.00", date(2026, 11, 3))
    assert selectors.headroom_for(org_a.peer, date(2026, 11, 3)).warning


def test_no_rule_means_no_headroom_and_no_limit(org_a):
    assert selectors.headroom_for(org_a.peer, date(2026, 11, 3)) is None
    assert shift_hooks.earnings_headroom(org_a.org, [org_a.peer.pk], date(2026, 11, 2)) == {
        org_a.peer.pk: None
    }


def test_the_week_gets_the_smaller_headroom_of_the_months_it_straddles(org_a):
    rule = EarningsRuleFactory(organisation=org_a.org)
    services.peer_rule_assign(peer=org_a.peer, rule=rule, starts_on=date(2026, 1, 1), actor=org_a.coordinator)
    _earn(org_a, "900.00", date(2026, 11, 2))
    week = date(2026, 11, 30)  # Monday 30 Nov to Sunday 6 Dec
    assert shift_hooks.earnings_headroom(org_a.org, [org_a.peer.pk], week) == {
        org_a.peer.pk: Decimal("100.00")
    }
    assert shift_hooks.earnings_headroom(org_a.org, [org_a.peer.pk], date(2026, 12, 7)) == {
        org_a.peer.pk: Decimal("1000.00")
    }


def test_over_the_limit_the_week_allows_nothing_unless_the_peer_chose(org_a):
    rule = EarningsRuleFactory(organisation=org_a.org)
    services.peer_rule_assign(peer=org_a.peer, rule=rule, starts_on=date(2026, 1, 1), actor=org_a.coordinator)
    _earn(org_a, "1100.00", date(2026, 11, 2))
    headroom = selectors.headroom_for(org_a.peer, date(2026, 11, 10))
    assert headroom.over and headroom.left == Decimal("-100.00")
    assert shift_hooks.earnings_headroom(org_a.org, [org_a.peer.pk], date(2026, 11, 9)) == {
        org_a.peer.pk: Decimal("0.00")
    }
    services.over_limit_choice_record(peer=org_a.peer, chosen_on=date(2026, 11, 5), actor=org_a.coordinator)
    assert shift_hooks.earnings_headroom(org_a.org, [org_a.peer.pk], date(2026, 11, 9)) == {
        org_a.peer.pk: None
    }
    assert selectors.headroom_for(org_a.peer, date(2026, 11, 10)).chose_to_go_over


def test_a_rule_in_multiples_of_g_uses_the_g_in_force(org_a):
    earnings_rules_seed(organisation=org_a.org, countries=["NO"])
    rule = EarningsRule.objects.get(organisation=org_a.org, key="no-uforetrygd")
    assert (rule.region, rule.currency) == ("NO", "NOK")
    assert selectors.rule_amount(rule, date(2026, 1, 1)) == Decimal("52064.00")
    BaseAmount.objects.create(
        organisation=org_a.org,
        code="no-g",
        name="G",
        amount=Decimal("135000"),
        effective_from=date(2026, 5, 1),
    )
    assert selectors.rule_amount(rule, date(2026, 6, 1)) == Decimal("54000.00")


def test_the_shipped_rules_are_seeded_once_and_editable(org_a, client_for):
    assert earnings_rules_seed(organisation=org_a.org) == 3  # a Canadian organisation: Canada's rules
    assert earnings_rules_seed(organisation=org_a.org) == 0
    assert earnings_rules_seed(organisation=org_a.org, countries=["AU"]) == 1
    odsp = EarningsRule.objects.get(organisation=org_a.org, key="ca-on-odsp")
    assert odsp.exempt_amount == Decimal("1000.00") and "check" in odsp.source_note
    dsp = EarningsRule.objects.get(organisation=org_a.org, key="au-dsp")
    assert dsp.period == "fortnight" and dsp.hours_per_week == Decimal("30.00")
    client = client_for(org_a.admin)
    form = {
        "jurisdiction": odsp.jurisdiction,
        "name": odsp.name,
        "period": "month",
        "exempt_amount": "1100.00",
        "warning_percent": "75",
        "effective_from": "2026-04-01",
        "source_note": "checked 2026",
    }
    assert client.post(f"/pay/rules/{odsp.pk}/", form).status_code == 302
    odsp.refresh_from_db()
    assert odsp.exempt_amount == Decimal("1100.00") and odsp.warning_percent == 75
    bad = client.post("/pay/rules/new", {**form, "exempt_amount": "", "name": "Own rule"})
    assert bad.status_code == 200 and b"Own rule" in bad.content
    assert not EarningsRule.objects.filter(name="Own rule").exists()


def test_periods():
    assert period_bounds("week", date(2026, 11, 29)) == (date(2026, 11, 23), date(2026, 11, 29))
    assert period_bounds("fortnight", date(2024, 1, 15)) == (date(2024, 1, 15), date(2024, 1, 28))
    assert period_bounds("fortnight", date(2024, 1, 14)) == (date(2024, 1, 1), date(2024, 1, 14))
    assert period_bounds("month", date(2026, 2, 10)) == (date(2026, 2, 1), date(2026, 2, 28))
    assert period_bounds("year", date(2026, 2, 10)) == (date(2026, 1, 1), date(2026, 12, 31))


def test_a_rule_applies_only_between_its_effective_dates(org_a):
    rule = EarningsRuleFactory(
        organisation=org_a.org, effective_from=date(2026, 1, 1), effective_until=date(2026, 6, 30)
    )
    services.peer_rule_assign(peer=org_a.peer, rule=rule, starts_on=date(2025, 1, 1), actor=org_a.coordinator)
    assert selectors.headroom_for(org_a.peer, date(2025, 12, 1)) is None
    assert selectors.headroom_for(org_a.peer, date(2026, 3, 1)) is not None
    assert selectors.headroom_for(org_a.peer, date(2026, 7, 1)) is None
    week = shift_hooks.earnings_headroom(org_a.org, [org_a.peer.pk], date(2026, 7, 6))
    assert week == {org_a.peer.pk: None}


def test_an_organisation_is_offered_its_own_countrys_rules_and_adds_others_explicitly(org_a, client_for):
    client = client_for(org_a.admin)
    page = client.get(reverse("pay:rules")).content.decode()
    assert "Add any missing standard rules for CA" in page
    assert '<option value="AU">AU</option>' in page
    client.post(reverse("pay:rules_seed"))
    assert set(EarningsRule.objects.filter(organisation=org_a.org).values_list("region", flat=True)) == {
        "CA-ON",
        "CA-BC",
    }
    client.post(reverse("pay:rules_seed"), {"country": "US"})
    ssi = EarningsRule.objects.get(organisation=org_a.org, key="us-ssi")
    assert ssi.currency == "USD"
    page = client.get(reverse("pay:rules")).content.decode()
    # Each amount in its rule's own currency: dollars (US) for SSI, never the organisation's CA$.
    assert "$85.00" in page and "CA$85.00" not in page
    assert "CA$1,000.00" in page  # ODSP, a Canadian rule
