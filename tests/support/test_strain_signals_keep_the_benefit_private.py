"""A supervisor sees that a peer is close to their earnings limit, never which benefit it is.

Only a role that may see peers' sensitive fields is shown the programme and the amounts, and
that read is audited, on the page and through the API alike.
"""

from datetime import timedelta

import pytest
from django.urls import reverse

from peerwork.accounts import capabilities
from peerwork.accounts.roles import Role
from peerwork.audit.models import AuditEvent
from peerwork.pay import services as pay_services

from ..pay.factories import EarningsRuleFactory

API = "/api/v1/support/signals"
PROGRAMME = "Disability Support Programme"


@pytest.fixture
def near_the_limit(org_a):  # type: ignore[no-untyped-def]
    rule = EarningsRuleFactory(organisation=org_a.org, name=PROGRAMME, warning_percent=80)
    today = org_a.org.today()
    pay_services.peer_rule_assign(
        peer=org_a.peer, rule=rule, starts_on=today - timedelta(days=400), actor=org_a.coordinator
    )
    pay_services.payout_create_manual(
        organisation=org_a.org,
        peer=org_a.peer,
        amount="850.00",
        reason="outreach",
        earned_on=today,
        actor=org_a.coordinator,
    )
    return org_a


def _earnings_reads(org):  # type: ignore[no-untyped-def]
    return AuditEvent.objects.filter(organisation=org, action="read_sensitive", detail__via="strain signals")


def test_a_supervisor_sees_close_to_the_limit_without_the_programme_or_amounts(near_the_limit, client_for):
    org_a = near_the_limit
    client = client_for(org_a.supervisor)
    pages = [
        client.get(reverse("support:dashboard")).content.decode(),
        client.get(reverse("support:peer_support", args=[org_a.peer.pk])).content.decode(),
    ]
    (api_reason,) = [row["reason"] for row in client.get(API).json() if row["kind"] == "earnings"]

    assert api_reason.startswith("Close to their earnings limit")
    for shown in [*pages, api_reason]:
        assert "close to their earnings limit" in shown.lower()
        assert PROGRAMME not in shown
        assert "850" not in shown and "1,000" not in shown and "85%" not in shown
    assert not _earnings_reads(org_a.org).exists()


def test_with_the_sensitive_fields_capability_the_programme_shows_and_the_read_is_audited(
    near_the_limit, client_for, monkeypatch
):
    org_a = near_the_limit
    monkeypatch.setitem(
        capabilities.CAPABILITIES,
        "can_view_sensitive_peer_fields",
        capabilities.CAPABILITIES["can_view_sensitive_peer_fields"] | {Role.SUPERVISOR},
    )
    client = client_for(org_a.supervisor)

    assert PROGRAMME in client.get(reverse("support:dashboard")).content.decode()
    assert _earnings_reads(org_a.org).count() == 1
    (api_reason,) = [row["reason"] for row in client.get(API).json() if row["kind"] == "earnings"]
    assert PROGRAMME in api_reason and "(85%)" in api_reason
    assert _earnings_reads(org_a.org).count() == 2
    event = _earnings_reads(org_a.org).last()
    assert event is not None
    assert (event.actor, event.object_id, event.detail["fields"]) == (
        org_a.supervisor,
        str(org_a.peer.pk),
        ["earnings_rule"],
    )


def test_another_organisations_supervisor_sees_no_signal_and_gets_404_for_the_peer(
    near_the_limit, org_b, client_for
):
    client = client_for(org_b.supervisor)
    assert client.get(reverse("support:peer_support", args=[near_the_limit.peer.pk])).status_code == 404
    assert [row for row in client.get(API).json() if row["peer_id"] == near_the_limit.peer.pk] == []
    assert "earnings limit" not in client.get(reverse("support:dashboard")).content.decode()
