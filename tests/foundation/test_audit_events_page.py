"""The audit trail page: filter by action, actor, object type and dates; 50 a page; own org only."""

from datetime import timedelta

from django.urls import reverse

from peerwork.audit.models import AuditEvent
from peerwork.audit.services import audit_record


def test_events_are_listed_and_filtered(org_a, org_b, client_for):
    audit_record(
        action="payout_recorded",
        organisation=org_a.org,
        actor=org_a.coordinator,
        object_type="pay.payout",
        object_id=7,
    )
    audit_record(action="sign_in", organisation=org_a.org, actor=org_a.evaluator)
    audit_record(action="hidden_other_org", organisation=org_b.org, actor=org_b.admin)
    client = client_for(org_a.admin)
    url = reverse("orgadmin:audit")
    page = client.get(url).content.decode()
    assert "payout_recorded" in page and "hidden_other_org" not in page
    filtered = client.get(url, {"action": "payout_recorded"}).content.decode()
    assert "pay.payout 7" in filtered and "a_evaluator" not in filtered
    by_actor = client.get(url, {"actor": "evaluator"}).content.decode()
    assert "a_evaluator" in by_actor and "pay.payout 7" not in by_actor
    by_type = client.get(url, {"object_type": "pay.payout"}).content.decode()
    assert "payout_recorded" in by_type
    tomorrow = (org_a.org.today() + timedelta(days=2)).isoformat()
    assert "No events match" in client.get(url, {"since": tomorrow}).content.decode()


def test_a_reversed_date_range_says_so(org_a, client_for):
    response = client_for(org_a.admin).get(
        reverse("orgadmin:audit"), {"since": "2026-05-02", "until": "2026-05-01"}
    )
    assert "end date is before the start date" in response.content.decode()


def test_events_are_paginated(org_a, client_for):
    AuditEvent.objects.bulk_create(
        [AuditEvent(organisation=org_a.org, action="bulk", actor_label=f"x{n}") for n in range(120)]
    )
    client = client_for(org_a.admin)
    first = client.get(reverse("orgadmin:audit"), {"action": "bulk"})
    assert len(first.context["page"].object_list) == 50
    assert "action=bulk&amp;page=2" in first.content.decode()
    last = client.get(reverse("orgadmin:audit"), {"action": "bulk", "page": 3})
    assert len(last.context["page"].object_list) == 20


def test_the_pages_of_a_filtered_trail_keep_the_filter(org_a, org_b, client_for):
    for n in range(55):
        audit_record(action="payout_recorded", organisation=org_a.org, actor=org_a.coordinator, object_id=n)
    audit_record(action="sign_in", organisation=org_a.org, actor=org_a.evaluator)
    client = client_for(org_a.admin)
    url = reverse("orgadmin:audit")
    first = client.get(url, {"action": "payout_recorded", "page": "1"}).content.decode()
    assert "Page 1 of 2" in first and 'aria-label="Pages"' in first
    assert 'href="?action=payout_recorded&amp;page=2">Older</a>' in first
    second = client.get(url, {"action": "payout_recorded", "page": "2"}).content.decode()
    assert "Page 2 of 2" in second and 'href="?action=payout_recorded&amp;page=1">Newer</a>' in second
    assert "a_evaluator" not in second
    # Another organisation's admin sees one page of its own trail, and no pager.
    assert "Page 1 of" not in client_for(org_b.admin).get(url).content.decode()
