import pytest
from django.core.exceptions import ValidationError

from peerwork.accounts.models import Membership, PeerCredential
from peerwork.audit.models import AuditEvent
from peerwork.pathway.models import PeerPosition, StageChange
from peerwork.peers.models import PeerWorker
from peerwork.peers.services import peer_create


def test_only_the_preferred_name_is_needed(org_a):
    peer = peer_create(organisation=org_a.org, preferred_name="  Robin ", created_by=org_a.coordinator)
    assert peer.preferred_name == "Robin"
    assert peer.user is None
    assert AuditEvent.objects.filter(action="peer_created", object_id=str(peer.pk)).exists()


def test_a_new_peer_starts_on_the_first_stage_of_the_default_ladder(org_a):
    peer = peer_create(organisation=org_a.org, preferred_name="Robin")
    position = PeerPosition.objects.get(peer=peer)
    assert position.stage.order == 1
    assert position.stage.name == "Participant"
    assert position.since == peer.joined_on
    assert StageChange.objects.get(peer=peer).kind == "start"


def test_the_phone_is_read_with_the_organisations_country_and_stored_in_e164(org_a):
    peer = peer_create(organisation=org_a.org, preferred_name="Robin", phone="(416) 555-0199")
    assert peer.phone == "+14165550199"


def test_a_phone_that_is_not_a_number_is_refused_with_a_message(org_a):
    with pytest.raises(ValidationError) as caught:
        peer_create(organisation=org_a.org, preferred_name="Robin", phone="12")
    assert "phone" in caught.value.message_dict
    assert not PeerWorker.objects.filter(preferred_name="Robin").exists()


def test_an_empty_name_is_refused(org_a):
    with pytest.raises(ValidationError) as caught:
        peer_create(organisation=org_a.org, preferred_name="   ")
    assert "preferred_name" in caught.value.message_dict


def test_a_pin_gives_the_peer_a_sign_in(org_a):
    peer = peer_create(organisation=org_a.org, preferred_name="Robin", pin="4821")
    credential = PeerCredential.objects.get(user=peer.user)
    assert credential.check_pin("4821")
    assert Membership.objects.get(user=peer.user).role == "peer"


@pytest.mark.parametrize("pin", ["123", "1234567", "12a4", "12 34x"])
def test_a_pin_that_is_not_4_to_6_digits_saves_nothing(org_a, pin):
    before = PeerWorker.objects.count()
    with pytest.raises(ValidationError) as caught:
        peer_create(organisation=org_a.org, preferred_name="Robin", pin=pin)
    assert "4 to 6 digits" in " ".join(caught.value.message_dict["pin"])
    assert PeerWorker.objects.count() == before
