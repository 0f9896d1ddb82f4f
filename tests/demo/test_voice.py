"""Done when: in the demo, poster feedback is tagged, the advisory group's action is done, and
"you said, we did" shows it to a peer."""

from django.test import Client
from django.urls import reverse

from peerwork.core.demo import DEMO_SLUG
from peerwork.orgs.models import Organisation
from peerwork.peers.models import PeerWorker
from peerwork.voice.demo import POSTER_TOKEN
from peerwork.voice.models import Action, Feedback


def test_the_demo_has_poster_feedback_themes_and_a_done_action(db, demo, client_for):
    org = Organisation.objects.get(slug=DEMO_SLUG)
    assert Feedback.objects.filter(organisation=org, themes__name="Waiting times").count() >= 6
    assert Action.objects.filter(organisation=org, done_on__isnull=False).exists()
    poster = Client().get(reverse("voice:feedback_public", kwargs={"token": POSTER_TOKEN}))
    assert poster.status_code == 200
    peer = PeerWorker.objects.filter(organisation=org, user__isnull=False).first()
    page = client_for(peer.user).get(reverse("voice:my_you_said")).content.decode()
    assert "The drop-in now opens at 9:00 on weekdays." in page
