from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from peerwork.pay import services
from peerwork.pay.models import Payout, PayoutSource
from peerwork.training.models import Course, SessionAttendance, TrainingSession


def test_a_payout_by_hand_needs_a_reason_and_a_positive_amount(org_a):
    common = {"organisation": org_a.org, "peer": org_a.peer, "earned_on": date(2026, 11, 3)}
    with pytest.raises(ValidationError):
        services.payout_create_manual(amount="20", reason=" ", **common)
    with pytest.raises(ValidationError):
        services.payout_create_manual(amount="-20", reason="bus", **common)
    payout = services.payout_create_manual(amount="20", reason="Bus fare to the training", **common)
    assert payout.source == PayoutSource.MANUAL and payout.amount == Decimal("20.00")


def test_the_form_keeps_what_was_typed(org_a, org_b, client_for):
    client = client_for(org_a.coordinator)
    response = client.post(
        "/pay/payouts/new",
        {
            "peer": org_a.peer.pk,
            "amount": "-3",
            "reason": "Childcare for the session",
            "earned_on": "2026-11-03",
            "timing": "after",
        },
    )
    assert response.status_code == 200
    assert b"Childcare for the session" in response.content
    assert not Payout.objects.exists()
    other = client_for(org_b.coordinator).post(
        "/pay/payouts/new",
        {"peer": org_a.peer.pk, "amount": "3", "reason": "x", "earned_on": "2026-11-03", "timing": "after"},
    )
    assert other.status_code == 200 and not Payout.objects.exists()


def test_attending_a_paid_training_puts_the_honorarium_on_the_desk(org_a, client_for):
    course = Course.objects.create(
        organisation=org_a.org, name="Naloxone", code="naloxone", honorarium=Decimal("30")
    )
    start = datetime.now(UTC) - timedelta(hours=3)
    session = TrainingSession.objects.create(
        organisation=org_a.org,
        course=course,
        site=org_a.site,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    SessionAttendance.objects.create(session=session, peer=org_a.peer, attended=True)
    client = client_for(org_a.coordinator)
    desk = client.get(f"/pay/?site={org_a.site.pk}")
    assert b"not on the desk yet" in desk.content
    client.post("/pay/payouts/collect")
    payout = Payout.objects.get()
    assert payout.source == PayoutSource.TRAINING and payout.amount == Decimal("30.00")
    client.post("/pay/payouts/collect")
    assert Payout.objects.count() == 1
