"""Notes are seen only by supervisors and the peer; every reading is audited."""

from django.urls import reverse

from peerwork.audit.models import AuditEvent
from peerwork.peers.hooks import PeerPage, peer_page_panels
from peerwork.support.panels import peer_page_panel

from .factories import session_for

NOTES = "Housing worry is back"


def _note_reads(session):  # type: ignore[no-untyped-def]
    return AuditEvent.objects.filter(
        action="read_sensitive", object_type="support.supervisionsession", object_id=str(session.pk)
    )


def test_the_supervisor_sees_the_notes_and_the_reading_is_audited(org_a, client_for):
    session = session_for([org_a.peer], org_a.supervisor, notes=NOTES)

    response = client_for(org_a.supervisor).get(reverse("support:session_detail", args=[session.pk]))

    assert NOTES in response.content.decode()
    read = _note_reads(session).get()
    assert read.actor == org_a.supervisor
    assert read.detail["fields"] == ["notes"]


def test_an_admin_who_may_supervise_still_does_not_see_notes(org_a, client_for):
    session = session_for([org_a.peer], org_a.supervisor, notes=NOTES)

    response = client_for(org_a.admin).get(reverse("support:session_detail", args=[session.pk]))

    assert response.status_code == 200
    assert NOTES not in response.content.decode()
    assert not _note_reads(session).exists()


def test_a_coordinator_cannot_open_a_session_or_see_its_notes(org_a, client_for):
    session = session_for([org_a.peer], org_a.supervisor, notes=NOTES)

    response = client_for(org_a.coordinator).get(reverse("support:session_detail", args=[session.pk]))

    assert response.status_code == 403
    assert NOTES not in response.content.decode()


def test_the_peer_page_panel_hides_notes_from_a_coordinator(org_a, rf):
    session = session_for([org_a.peer], org_a.supervisor, notes=NOTES)
    request = rf.get("/")
    request.user = org_a.coordinator
    request.membership = org_a.coordinator.memberships.get()
    request.organisation = org_a.org

    panel = peer_page_panel(PeerPage(request, org_a.peer))

    assert panel is not None and panel["context"]["show_notes"] is False
    assert panel["context"]["sessions"] == [session]
    assert not _note_reads(session).exists()
    assert dict(peer_page_panels.items())["support"] is peer_page_panel


def test_the_peer_page_panel_shows_notes_to_the_supervisor_and_audits(org_a, rf):
    session = session_for([org_a.peer], org_a.supervisor, notes=NOTES)
    request = rf.get("/")
    request.user = org_a.supervisor
    request.membership = org_a.supervisor.memberships.get()
    request.organisation = org_a.org

    panel = peer_page_panel(PeerPage(request, org_a.peer))

    assert panel is not None and panel["context"]["show_notes"] is True
    assert _note_reads(session).count() == 1


def test_the_peer_sees_their_own_notes_and_the_reading_is_audited(org_a, client_for):
    session = session_for([org_a.peer], org_a.supervisor, notes=NOTES)

    response = client_for(org_a.peer_user).get(reverse("support:mine"))

    assert NOTES in response.content.decode()
    assert _note_reads(session).get().actor == org_a.peer_user


def test_another_peer_never_sees_the_notes(org_a, client_for):
    from ..factories import PeerWorkerFactory

    other = PeerWorkerFactory(organisation=org_a.org)
    session_for([other], org_a.supervisor, notes=NOTES)

    response = client_for(org_a.peer_user).get(reverse("support:mine"))

    assert NOTES not in response.content.decode()


def test_another_organisation_gets_404_for_the_session(org_a, org_b, client_for):
    session = session_for([org_a.peer], org_a.supervisor, notes=NOTES)

    for user in (org_b.supervisor, org_b.admin):
        response = client_for(user).get(reverse("support:session_detail", args=[session.pk]))
        assert response.status_code == 404
        assert NOTES not in response.content.decode()
    assert not _note_reads(session).exists()


def test_the_staff_page_of_a_peer_shows_supervision_without_notes_to_a_coordinator(org_a, client_for):
    session_for([org_a.peer], org_a.supervisor, notes=NOTES)
    url = reverse("peers:detail", args=[org_a.peer.pk])

    coordinator_page = client_for(org_a.coordinator).get(url).content.decode()
    supervisor_page = client_for(org_a.supervisor).get(url).content.decode()

    assert "hours received" in coordinator_page
    assert NOTES not in coordinator_page
    assert NOTES in supervisor_page
