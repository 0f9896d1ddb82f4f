"""A peer's results are theirs: staff see them only by role and the peer's sharing choice, audited."""

from __future__ import annotations

from django.urls import reverse

from peerwork.assessments.services import response_share_set, standing_share_set
from peerwork.audit.models import AuditEvent

from .factories import finished


def test_an_unshared_result_is_invisible_to_staff(org_a, client_for):
    response = finished(org_a.org, peer=org_a.peer)
    for user in (org_a.admin, org_a.supervisor, org_a.evaluator, org_a.coordinator):
        page = client_for(user).get(reverse("assessments:result", args=[response.pk]))
        assert page.status_code in (403, 404), user.username
    person = client_for(org_a.evaluator).get(reverse("assessments:person", args=[org_a.peer.pk]))
    assert person.status_code == 200
    assert b"1 result is private to the peer" in person.content
    assert b"44.00" not in person.content


def test_the_peer_always_sees_their_own_result(org_a, client_for):
    response = finished(org_a.org, peer=org_a.peer)
    page = client_for(org_a.peer_user).get(reverse("assessments:result", args=[response.pk]))
    assert page.status_code == 200
    assert b"44.00" in page.content


def test_a_shared_result_is_visible_to_results_roles_and_every_read_is_audited(org_a, client_for):
    response = finished(org_a.org, peer=org_a.peer, share=True)
    before = AuditEvent.objects.filter(action="read_sensitive").count()
    page = client_for(org_a.supervisor).get(reverse("assessments:result", args=[response.pk]))
    assert page.status_code == 200 and b"44.00" in page.content
    person = client_for(org_a.evaluator).get(reverse("assessments:person", args=[org_a.peer.pk]))
    assert b"44.00" in person.content
    reads = AuditEvent.objects.filter(action="read_sensitive").order_by("id")
    assert reads.count() == before + 2
    assert {e.actor for e in reads[before:]} == {org_a.supervisor, org_a.evaluator}
    # A coordinator runs check-ins but does not read results.
    assert (
        client_for(org_a.coordinator).get(reverse("assessments:result", args=[response.pk])).status_code
        == 403
    )


def test_sharing_can_be_revoked_per_response_and_standing(org_a, client_for):
    response = finished(org_a.org, peer=org_a.peer, share=True)
    url = reverse("assessments:result", args=[response.pk])
    response_share_set(response=response, shared=False)
    assert client_for(org_a.evaluator).get(url).status_code == 404
    standing_share_set(peer=org_a.peer, shared=True)
    assert client_for(org_a.evaluator).get(url).status_code == 200
    standing_share_set(peer=org_a.peer, shared=False)
    assert client_for(org_a.evaluator).get(url).status_code == 404


def test_the_peer_turns_sharing_on_and_off_from_the_result_page(org_a, client_for):
    response = finished(org_a.org, peer=org_a.peer)
    peer = client_for(org_a.peer_user)
    peer.post(reverse("assessments:share", args=[response.pk]), {"shared": "on"})
    response.refresh_from_db()
    assert response.shared_with_staff
    peer.post(reverse("assessments:share", args=[response.pk]), {})
    response.refresh_from_db()
    assert not response.shared_with_staff


def test_another_peer_cannot_see_or_share_a_peers_result(org_a, client_for):
    from tests.factories import MembershipFactory, PeerWorkerFactory, UserFactory

    other_user = UserFactory(username="a_other_peer")
    MembershipFactory(user=other_user, organisation=org_a.org, role="peer")
    PeerWorkerFactory(organisation=org_a.org, user=other_user, preferred_name="Other")
    response = finished(org_a.org, peer=org_a.peer, share=True)
    other = client_for(other_user)
    assert other.get(reverse("assessments:result", args=[response.pk])).status_code == 404
    assert other.post(reverse("assessments:share", args=[response.pk]), {}).status_code == 404


def test_another_organisation_gets_404(org_a, org_b, client_for):
    response = finished(org_a.org, peer=org_a.peer, share=True)
    for user in (org_b.admin, org_b.evaluator, org_b.supervisor, org_b.peer_user):
        assert client_for(user).get(reverse("assessments:result", args=[response.pk])).status_code == 404
    assert (
        client_for(org_b.evaluator).get(reverse("assessments:person", args=[org_a.peer.pk])).status_code
        == 404
    )


def test_the_peer_page_panel_shows_only_shared_results(org_a, rf):
    from peerwork.accounts.models import Membership
    from peerwork.assessments.panels import peer_page_panel
    from peerwork.peers.hooks import PeerPage

    finished(org_a.org, peer=org_a.peer, value=2)
    request = rf.get("/")
    request.user = org_a.evaluator
    request.membership = Membership.objects.get(user=org_a.evaluator)
    request.organisation = org_a.org
    panel = peer_page_panel(PeerPage(request, org_a.peer))
    assert panel["context"]["shared"] == []
    finished(org_a.org, peer=org_a.peer, value=4, share=True)
    panel = peer_page_panel(PeerPage(request, org_a.peer))
    assert len(panel["context"]["shared"]) == 1
    request.user = org_a.coordinator
    request.membership = Membership.objects.get(user=org_a.coordinator)
    assert peer_page_panel(PeerPage(request, org_a.peer)) is None
