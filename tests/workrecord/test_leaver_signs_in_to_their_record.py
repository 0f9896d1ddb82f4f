"""A peer who has left keeps one door open: they sign in (kiosk PIN, or with any session) and land on
their own work record, can download it, and reach nothing else of the programme. Coming back gives
them a peer's pages again. Another organisation's staff get a 404 for the record."""

from __future__ import annotations

from django.urls import reverse

from peerwork.accounts.models import Membership, PeerCredential
from peerwork.accounts.roles import Role
from peerwork.peers.models import LeavingDestination
from peerwork.peers.services import peer_create, peer_leave, peer_return

from ..foundation.factories import PIN, kiosk_client, make_kiosk
from ..leads.factories import make_lead, paired_phone, phone_client

CLOSED = [
    "peers:my_work",
    "shifts:open",
    "shifts:mine",
    "pay:my_pay",
    "support:mine",
    "assessments:mine",
    "pathway:my_contact",
]


def _leaver(org):
    robin = peer_create(organisation=org.org, preferred_name="Robin", pin=PIN, sites=[org.site])
    peer_leave(peer=robin, by=org.coordinator, destination=LeavingDestination.JOB)
    robin.refresh_from_db()
    return robin


def test_leaving_turns_the_peer_membership_into_a_former_peers_and_keeps_sign_in_on(org_a):
    robin = _leaver(org_a)
    assert robin.user.is_active
    assert list(Membership.objects.filter(user=robin.user).values_list("role", flat=True)) == [
        Role.FORMER_PEER
    ]


def test_a_leaver_lands_on_their_work_record_and_downloads_it(org_a, client_for):
    robin = _leaver(org_a)
    client = client_for(robin.user)
    home = client.get(reverse("home"))
    assert home.status_code == 302 and home["Location"] == reverse("workrecord:mine")
    page = client.get(reverse("workrecord:mine")).content.decode()
    assert "You have left the programme. Your work record stays yours" in page
    assert "Download my work record (PDF)" in page
    nav = page.split("<nav", 1)[1].split("</nav>", 1)[0]
    assert "My work record" in nav and "Open shifts" not in nav and "My work<" not in nav
    pdf = client.get(reverse("workrecord:mine_pdf"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_a_leaver_reaches_nothing_else_of_the_programme(org_a, client_for):
    robin = _leaver(org_a)
    client = client_for(robin.user)
    for name in CLOSED:
        assert client.get(reverse(name)).status_code == 403, name
    assert client.get(reverse("workrecord:peer", args=[robin.pk])).status_code == 403
    assert client.get("/api/v1/shifts/").status_code in (401, 403)
    assert client.get("/api/v1/mentoring/pairings").status_code in (401, 403)


def test_a_leaver_signs_in_at_the_kiosk_with_their_pin(org_a):
    robin = _leaver(org_a)
    _device, raw = make_kiosk(org_a)
    client = kiosk_client(raw)
    assert "Robin" in client.get(reverse("accounts:kiosk")).content.decode()
    credential = PeerCredential.objects.get(user=robin.user)
    signed = client.post(
        reverse("accounts:kiosk_person", kwargs={"pk": credential.pk}), {"pin": PIN}, follow=True
    )
    assert signed.redirect_chain[-1][0] == reverse("workrecord:mine")
    assert "Download my work record (PDF)" in signed.content.decode()


def test_coming_back_gives_the_peer_their_pages_again(org_a, client_for):
    robin = _leaver(org_a)
    peer_return(peer=robin, by=org_a.coordinator)
    robin.refresh_from_db()
    assert Membership.objects.get(user=robin.user).role == Role.PEER
    client = client_for(robin.user)
    assert client.get(reverse("peers:my_work")).status_code == 200


def test_another_organisation_gets_a_404_for_the_leavers_record(org_a, org_b, client_for):
    robin = _leaver(org_a)
    for user in (org_b.coordinator, org_b.supervisor):
        client = client_for(user)
        assert client.get(reverse("workrecord:peer", args=[robin.pk])).status_code == 404
        assert client.get(reverse("workrecord:peer_pdf", args=[robin.pk])).status_code == 404
    other = _leaver(org_b)
    page = client_for(other.user).get(reverse("workrecord:mine")).content.decode()
    assert "Robin" in page and org_a.org.name not in page


def test_a_leaver_signs_in_on_their_own_phone_and_lands_on_their_record(org_a):
    lead, user = make_lead(org_a, name="Lee")
    _phone, raw = paired_phone(org_a, user)  # paired while still a peer
    peer_leave(peer=lead, by=org_a.coordinator, destination=LeavingDestination.EDUCATION)
    client = phone_client(raw)
    assert client.post(reverse("accounts:phone"), {"pin": PIN}).status_code == 302
    landed = client.get(reverse("home"), follow=True)
    assert landed.redirect_chain[-1][0] == reverse("workrecord:mine")
    assert client.get(reverse("shifts:team_week")).status_code == 403
