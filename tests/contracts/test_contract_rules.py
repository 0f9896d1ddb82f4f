"""A contract's rules: every bad input is refused with a clear message, and nothing is half-saved."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from peerwork.shifts.contracts import services
from peerwork.shifts.contracts.models import Contract, ContractStatus, StandingShift

from .helpers import END, START, add_standing, draft, role_for


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_a_fixed_term_draft_keeps_its_terms(org_a):
    contract = draft(org_a)
    assert contract.status == ContractStatus.DRAFT
    assert contract.weekly_hours == Decimal("20")
    assert list(contract.roles.values_list("name", flat=True)) == ["Mailing"]


def test_share_of_full_time_gives_the_hours(org_a):
    contract = draft(org_a, hours_per_week=None, full_time_share=50)
    assert contract.weekly_hours == Decimal("18.8")  # half of 37.5, to a tenth


def test_a_contract_ending_before_it_starts_is_refused(org_a):
    with pytest.raises(ValidationError) as error:
        draft(org_a, ends_on=START - timedelta(days=1))
    assert "cannot end before it starts" in messages_of(error.value)
    assert not Contract.objects.exists()


def test_a_fixed_term_contract_needs_an_end(org_a):
    with pytest.raises(ValidationError) as error:
        draft(org_a, ends_on=None)
    assert "needs an end date" in messages_of(error.value)


def test_hours_and_share_together_are_refused(org_a):
    with pytest.raises(ValidationError) as error:
        draft(org_a, full_time_share=50)
    assert "not both" in messages_of(error.value)


def test_a_salary_needs_its_period(org_a):
    with pytest.raises(ValidationError) as error:
        draft(org_a, pay_basis="salary", hourly_rate=None, salary=Decimal("2000"), salary_period="")
    assert "pay period" in messages_of(error.value)


def test_an_hourly_rate_below_the_minimum_wage_is_refused(org_a):
    org_a.org.minimum_wage_hourly = Decimal("17.20")
    org_a.org.save()
    with pytest.raises(ValidationError) as error:
        draft(org_a, hourly_rate=Decimal("15.00"))
    assert "below the organisation's minimum wage" in messages_of(error.value)
    assert not Contract.objects.exists()


def test_a_salary_below_the_minimum_wage_is_refused(org_a):
    org_a.org.minimum_wage_hourly = Decimal("17.20")
    org_a.org.save()
    # 20 h a week, 1,000 a month is about 11.54 an hour
    with pytest.raises(ValidationError) as error:
        draft(org_a, pay_basis="salary", hourly_rate=None, salary=Decimal("1000"), salary_period="month")
    assert "below the organisation's minimum wage" in messages_of(error.value)
    ok = draft(org_a, pay_basis="salary", hourly_rate=None, salary=Decimal("1600"), salary_period="month")
    assert ok.effective_hourly == Decimal("18.46")


def test_standing_shifts_that_overlap_are_refused(org_a):
    contract = draft(org_a)
    add_standing(contract, weekday=0, start=9, end=13)
    with pytest.raises(ValidationError) as error:
        add_standing(contract, weekday=0, start=12, end=16)
    assert "overlap" in messages_of(error.value)
    assert StandingShift.objects.count() == 1


def test_standing_shifts_beyond_the_contract_hours_are_refused(org_a):
    contract = draft(org_a, hours_per_week=Decimal("10"))
    add_standing(contract, weekday=0, start=9, end=15)
    with pytest.raises(ValidationError) as error:
        add_standing(contract, weekday=1, start=9, end=15)
    assert "12 hours a week, more than the contract's 10" in messages_of(error.value)
    assert StandingShift.objects.count() == 1


def test_a_standing_shift_for_a_role_the_contract_does_not_cover_is_refused(org_a):
    contract = draft(org_a)
    other = role_for(org_a, "Outreach")
    with pytest.raises(ValidationError) as error:
        add_standing(contract, role=other)
    assert "not one of the roles" in messages_of(error.value)


def test_cutting_hours_below_the_standing_shifts_is_refused(org_a):
    contract = draft(org_a)
    add_standing(contract, weekday=0, start=9, end=17)
    contract.hours_per_week = Decimal("6")
    with pytest.raises(ValidationError):
        services.contract_save(contract=contract, roles=contract.roles.all())
    contract.refresh_from_db()
    assert contract.hours_per_week == Decimal("20")


def test_signing_makes_it_the_peers_contract_and_freezes_it(org_a):
    contract = draft(org_a)
    add_standing(contract)
    signed = services.contract_sign(contract=contract, by=org_a.coordinator)
    assert signed.status == ContractStatus.ACTIVE and signed.signed_by == org_a.coordinator
    with pytest.raises(ValidationError) as error:
        add_standing(signed, weekday=2)
    assert "Only a draft" in messages_of(error.value)


def test_a_second_overlapping_signed_contract_is_refused(org_a):
    services.contract_sign(contract=draft(org_a))
    second = draft(org_a, starts_on=START + timedelta(days=30), ends_on=END + timedelta(days=30))
    with pytest.raises(ValidationError) as error:
        services.contract_sign(contract=second)
    assert "already has a signed contract" in messages_of(error.value)
    second.refresh_from_db()
    assert second.status == ContractStatus.DRAFT


def test_renewing_makes_a_linked_draft_with_the_same_standing_shifts(org_a):
    first = services.contract_sign(contract=draft(org_a))
    add_count = StandingShift.objects.count()
    renewal = services.contract_renew(contract=first, ends_on=date(2027, 12, 31))
    assert renewal.previous == first and renewal.renewal_count == 1
    assert renewal.starts_on == END + timedelta(days=1)
    assert renewal.status == ContractStatus.DRAFT
    assert StandingShift.objects.count() == add_count * 2
    with pytest.raises(ValidationError) as error:
        services.contract_renew(contract=first, ends_on=date(2028, 6, 30))
    assert "already been renewed" in messages_of(error.value)


def test_a_renewal_ending_before_it_starts_is_refused(org_a):
    first = services.contract_sign(contract=draft(org_a))
    with pytest.raises(ValidationError):
        services.contract_renew(contract=first, ends_on=END - timedelta(days=3))
    assert Contract.objects.count() == 1


def test_ending_a_contract_needs_a_reason_and_a_day_after_the_start(org_a):
    contract = services.contract_sign(contract=draft(org_a))
    with pytest.raises(ValidationError):
        services.contract_end(contract=contract, ended_on=START + timedelta(days=10), reason=" ")
    with pytest.raises(ValidationError):
        services.contract_end(contract=contract, ended_on=START - timedelta(days=1), reason="moved")
    ended = services.contract_end(contract=contract, ended_on=START + timedelta(days=10), reason="moved on")
    assert ended.status == ContractStatus.ENDED and ended.ended_on == START + timedelta(days=10)


def test_the_admin_sets_the_minimum_wage_and_renewal_policy_in_the_settings(org_a, client_for):
    from django.urls import reverse

    org = org_a.org
    data = {
        "name": org.name, "slug": org.slug, "country": org.country, "currency": org.currency,
        "time_zone": org.time_zone, "language": org.language,
        "small_cell_threshold": org.small_cell_threshold,
        "client_code_scheme": org.client_code_scheme, "retention_months": org.retention_months,
        "role_check_every_weeks": org.role_check_every_weeks,
        "minimum_wage_hourly": "17.60", "max_fixed_term_renewals": "1", "full_time_hours": "",
    }  # fmt: skip
    response = client_for(org_a.admin).post(reverse("orgadmin:settings"), data)
    assert response.status_code == 302
    org.refresh_from_db()
    assert (org.minimum_wage_hourly, org.max_fixed_term_renewals, org.full_time_hours) == (
        Decimal("17.60"),
        1,
        Decimal("37.5"),
    )
    with pytest.raises(ValidationError) as error:
        draft(org_a, hourly_rate=Decimal("17.00"))
    assert "below the organisation's minimum wage of" in messages_of(error.value)
