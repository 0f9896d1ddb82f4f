from django.urls import reverse

from peerwork.peers.hooks import mywork_panels
from peerwork.support.checkins import checkin_record

ANSWERS = {"w1": 4, "w2": 2, "w3": 5, "w4": 4, "w5": 3, "w6": 5}


def test_my_work_shows_the_last_check_in_and_its_sharing_choice(org_a, client_for):
    checkin_record(peer=org_a.peer, answers=ANSWERS, share=False)

    page = client_for(org_a.peer_user).get(reverse("peers:my_work")).content.decode()

    assert "Your last check-in" in page
    assert "private" in page
    assert reverse("support:checkin_new") in page
    assert "support" in dict(mywork_panels.items())
