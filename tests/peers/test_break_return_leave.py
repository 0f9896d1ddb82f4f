import pytest
from django.urls import reverse

from peerwork.accounts.models import Membership
from peerwork.accounts.roles import Role
from peerwork.pathway.models import PeerPosition
from peerwork.peers.models import PeerStatus
from peerwork.peers.services import peer_break_start, peer_create, peer_leave, peer_return


@pytest.fixture
def robin(org_a):
    return peer_create(organisation=org_a.org, preferred_name="Robin", pin="4817")


def test_a_break_keeps_the_stage_and_a_return_is_one_click(org_a, robin, client_for):
    position_before = PeerPosition.objects.get(peer=robin)
    client = client_for(org_a.coordinator)
    response = client.post(reverse("peers:break", args=[robin.pk]))
    assert response.status_code == 302
    robin.refresh_from_db()
    assert robin.status == PeerStatus.ON_BREAK
    assert PeerPosition.objects.get(peer=robin) == position_before
    client.post(reverse("peers:return", args=[robin.pk]))
    robin.refresh_from_db()
    assert robin.status == PeerStatus.ACTIVE
    position = PeerPosition.objects.get(peer=robin)
    assert (position.stage_id, position.since) == (position_before.stage_id, position_before.since)


def test_leaving_narrows_the_sign_in_to_the_work_record_and_coming_back_restores_it(org_a, robin):
    peer_leave(peer=robin, by=org_a.coordinator, reason="Moved away")
    robin.refresh_from_db()
    assert robin.status == PeerStatus.LEFT
    membership = Membership.objects.get(user=robin.user)
    assert membership.role == Role.FORMER_PEER
    assert not membership.can("is_peer") and membership.can("can_read_own_work_record")
    peer_return(peer=robin, by=org_a.coordinator)
    robin.refresh_from_db()
    assert robin.status == PeerStatus.ACTIVE
    assert robin.user.is_active and Membership.objects.get(user=robin.user).can("is_peer")


def test_a_break_can_not_start_for_someone_who_left(org_a, robin):
    peer_leave(peer=robin, by=org_a.coordinator)
    with pytest.raises(Exception, match="left"):
        peer_break_start(peer=robin, by=org_a.coordinator)


def test_an_evaluator_can_not_change_status_and_another_org_gets_404(org_a, org_b, robin, client_for):
    assert client_for(org_a.evaluator).post(reverse("peers:break", args=[robin.pk])).status_code == 403
    assert client_for(org_b.coordinator).post(reverse("peers:break", args=[robin.pk])).status_code == 404
    robin.refresh_from_db()
    assert robin.status == PeerStatus.ACTIVE
