"""What the work record says: discreet by default, open only when the peer chooses it."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from peerwork.audit.models import AuditEvent
from peerwork.workrecord.selectors import work_record_for
from peerwork.workrecord.services import reference_write, work_record_choice_set

from .factories import with_history

REVEALING = ("harm reduction", "needle", "naloxone", "overdose", "drug")


def test_the_discreet_record_names_no_drug_use_or_harm_reduction(org_a, client_for):
    with_history(org_a)
    record = work_record_for(org_a.peer)
    assert record.open is False
    titles = {line.title: (line.shifts, line.hours) for line in record.roles}
    assert titles == {
        "Neighbourhood clean-up": (3, Decimal("12.00")),
        "Community kitchen": (1, Decimal("5.00")),
        "Community support work": (1, Decimal("3.00")),
    }
    assert record.total_hours == Decimal("20.00")
    assert [t.title for t in record.trainings] == ["Community health basics", "First aid and CPR"] or {
        t.title for t in record.trainings
    } == {"Community health basics", "First aid and CPR"}
    page = client_for(org_a.peer_user).get(reverse("workrecord:mine")).content.decode().lower()
    record_part = page[page.index('class="work-record"') :]
    for word in REVEALING:
        assert word not in record_part, word
    assert "reliable, kind and always on time." in record_part


def test_an_open_record_names_every_role_and_course_when_the_peer_chooses_it(org_a, client_for):
    with_history(org_a)
    client = client_for(org_a.peer_user)
    preview = client.get(reverse("workrecord:mine") + "?preview=open").content.decode()
    assert "Harm reduction outreach" in preview and "Showing: open record" in preview
    assert work_record_for(org_a.peer).open is False  # a preview changes nothing
    client.post(reverse("workrecord:mine"), {"open_about_programme": "open"})
    record = work_record_for(org_a.peer)
    assert record.open is True
    assert {line.title for line in record.roles} == {
        "Needle recovery",
        "Harm reduction outreach",
        "Community kitchen",
    }
    assert "Naloxone and overdose response" in {t.title for t in record.trainings}
    assert "harm reduction" in record.about


def test_a_reference_that_names_the_programme_shows_only_on_an_open_record(org_a):
    reference_write(
        peer=org_a.peer, text="Great at overdose response.", by=org_a.supervisor, names_programme=True
    )
    assert work_record_for(org_a.peer).reference is None
    work_record_choice_set(peer=org_a.peer, open_about_programme=True)
    reference = work_record_for(org_a.peer).reference
    assert reference is not None and reference.text == "Great at overdose response."


def test_staff_views_are_audited_and_a_supervisor_writes_the_reference(org_a, org_b, client_for):
    with_history(org_a)
    supervisor = client_for(org_a.supervisor)
    page = supervisor.get(reverse("workrecord:peer", args=[org_a.peer.pk]))
    assert page.status_code == 200 and "Neighbourhood clean-up" in page.content.decode()
    assert AuditEvent.objects.filter(action="work_record_viewed", actor=org_a.supervisor).count() == 1
    empty = supervisor.post(reverse("workrecord:reference", args=[org_a.peer.pk]), {"text": "  "})
    assert empty.status_code == 422 and "Write the reference" in empty.content.decode()
    supervisor.post(reverse("workrecord:reference", args=[org_a.peer.pk]), {"text": "Leads by example."})
    assert work_record_for(org_a.peer).reference.text == "Leads by example."  # type: ignore[union-attr]
    assert (
        client_for(org_a.coordinator).get(reverse("workrecord:reference", args=[org_a.peer.pk])).status_code
        == 403
    )
    assert (
        client_for(org_a.evaluator).get(reverse("workrecord:peer", args=[org_a.peer.pk])).status_code == 403
    )
    assert (
        client_for(org_b.supervisor).get(reverse("workrecord:peer", args=[org_a.peer.pk])).status_code == 404
    )


def test_staff_limited_to_another_site_cannot_open_the_record(org_a, client_for):
    from peerwork.accounts.models import Membership
    from peerwork.accounts.roles import Role

    Membership.objects.get(user=org_a.supervisor, role=Role.SUPERVISOR).sites.set([org_a.other_site])
    assert (
        client_for(org_a.supervisor).get(reverse("workrecord:peer", args=[org_a.peer.pk])).status_code == 404
    )
