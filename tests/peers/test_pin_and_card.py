import pytest
from django.urls import reverse

from peerwork.accounts.models import PeerCredential
from peerwork.peers.services import peer_card_issue, peer_create


@pytest.fixture
def robin(org_a):
    return peer_create(organisation=org_a.org, preferred_name="Robin")


def test_a_coordinator_sets_a_pin_on_a_peer_without_a_sign_in(org_a, robin, client_for):
    response = client_for(org_a.coordinator).post(reverse("peers:pin", args=[robin.pk]), {"pin": "90210"})
    assert response.status_code == 302
    robin.refresh_from_db()
    assert PeerCredential.objects.get(user=robin.user).check_pin("90210")


@pytest.mark.parametrize("pin", ["12", "1234567", "abcd"])
def test_a_bad_pin_is_explained_next_to_the_field(org_a, robin, client_for, pin):
    response = client_for(org_a.coordinator).post(reverse("peers:pin", args=[robin.pk]), {"pin": pin})
    assert response.status_code == 200
    assert "4 to 6 digits" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    robin.refresh_from_db()
    assert robin.user is None


def test_the_card_page_shows_a_qr_code_and_the_pdf_prints(org_a, robin, client_for):
    peer_card_issue(peer=robin, issued_by=org_a.coordinator)
    client = client_for(org_a.coordinator)
    page = client.get(reverse("peers:card", args=[robin.pk]))
    assert page.status_code == 200
    assert b"<svg" in page.content and b"Robin" in page.content
    pdf = client.get(reverse("peers:card_pdf", args=[robin.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_a_reissued_card_makes_the_old_one_stop_working(org_a, robin, client_for):
    old = peer_card_issue(peer=robin, issued_by=org_a.coordinator).qr_secret
    response = client_for(org_a.coordinator).post(
        reverse("peers:card_reissue", args=[robin.pk]), {"secret": ""}
    )
    assert response.status_code == 302
    new = PeerCredential.objects.get(user=robin.user_id).qr_secret
    assert new != old
    assert not PeerCredential.objects.filter(qr_secret=old).exists()


def test_a_card_already_given_to_someone_else_is_refused(org_a, robin, client_for):
    other = peer_create(organisation=org_a.org, preferred_name="Sam", with_card=True)
    taken = PeerCredential.objects.get(user=other.user).qr_secret
    peer_card_issue(peer=robin)
    before = PeerCredential.objects.get(user=robin.user).qr_secret
    response = client_for(org_a.coordinator).post(
        reverse("peers:card_reissue", args=[robin.pk]), {"secret": taken}
    )
    assert response.status_code == 422
    assert "already in use" in response.content.decode()
    assert PeerCredential.objects.get(user=robin.user).qr_secret == before


def test_an_evaluator_can_not_see_the_card(org_a, robin, client_for):
    assert client_for(org_a.evaluator).get(reverse("peers:card", args=[robin.pk])).status_code == 403
