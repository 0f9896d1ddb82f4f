from django.urls import reverse

from peerwork.accounts.models import Membership
from peerwork.audit.models import AuditEvent
from peerwork.peers.services import peer_create


def _form(peer, **changes):
    data = {
        "preferred_name": peer.preferred_name,
        "pronouns": "",
        "phone": "",
        "email": "",
        "languages": "",
        "joined_on": peer.joined_on.isoformat(),
        "referral_source": peer.referral_source,
        "payment_preference": peer.payment_preference,
        "payment_timing": peer.payment_timing,
    }
    return {**data, **changes}


def test_editing_normalises_the_phone_and_audits_the_changed_fields_only(org_a, client_for):
    robin = peer_create(organisation=org_a.org, preferred_name="Robin", pin="4817")
    client = client_for(org_a.coordinator)
    response = client.post(
        reverse("peers:edit", args=[robin.pk]),
        _form(robin, preferred_name="Rob", phone="416-555-0144", sites=[org_a.site.pk]),
    )
    assert response.status_code == 302
    robin.refresh_from_db()
    assert (robin.preferred_name, robin.phone) == ("Rob", "+14165550144")
    assert list(robin.sites.all()) == [org_a.site]
    assert list(Membership.objects.get(user=robin.user).sites.all()) == [org_a.site]  # kiosks follow
    assert robin.user.display_name == "Rob"
    event = AuditEvent.objects.filter(action="peer_updated", object_id=str(robin.pk)).latest("id")
    assert event.detail["fields"] == ["phone", "preferred_name", "sites"]
    assert "416" not in str(event.detail)


def test_a_bad_phone_keeps_what_was_typed(org_a, client_for):
    robin = peer_create(organisation=org_a.org, preferred_name="Robin")
    response = client_for(org_a.coordinator).post(
        reverse("peers:edit", args=[robin.pk]), _form(robin, pronouns="she/her", phone="12")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "does not look like a phone number" in body and 'value="she/her"' in body
    robin.refresh_from_db()
    assert robin.pronouns == ""


def test_private_details_are_saved_from_their_own_page(org_a, org_b, client_for):
    robin = peer_create(organisation=org_a.org, preferred_name="Robin")
    url = reverse("peers:sensitive", args=[robin.pk])
    response = client_for(org_a.admin).post(url, {"legal_name": "Roberta Quill", "benefit_details": "ODSP"})
    assert response.status_code == 302
    robin.refresh_from_db()
    assert robin.legal_name == "Roberta Quill"
    assert client_for(org_b.admin).post(url, {"legal_name": "x"}).status_code == 404
    robin.refresh_from_db()
    assert robin.legal_name == "Roberta Quill"
