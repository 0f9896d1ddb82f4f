"""A service user leaves feedback through a poster link: no account, nothing that identifies them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from peerwork.voice.models import Feedback, Status

from .factories import poster

pytestmark = pytest.mark.django_db


def _send(client: Client, token: str, **data):  # type: ignore[no-untyped-def]
    body = {"rating": "4", "mattered": ["listened"], "text": ""}
    body.update(data)
    return client.post(reverse("voice:feedback_public", kwargs={"token": token}), body)


def test_a_visitor_without_an_account_leaves_anonymous_feedback(org_a):
    link = poster(org_a.org, org_a.site)
    client = Client(REMOTE_ADDR="203.0.113.7")
    page = client.get(reverse("voice:feedback_public", kwargs={"token": link.token}))
    assert page.status_code == 200
    assert "How was it?" in page.content.decode()

    response = _send(client, link.token, text="The tea was cold but people were kind.")

    assert response.status_code == 302
    thanks = client.get(response["Location"])
    assert "Your feedback is in" in thanks.content.decode()
    saved = Feedback.objects.get()
    assert (saved.organisation, saved.site, saved.rating) == (org_a.org, org_a.site, 4)
    assert saved.mattered == ["listened"]
    assert saved.named_peer is None
    assert saved.status == Status.PUBLISHED
    stored = " ".join(str(value) for value in Feedback.objects.values().get().values())
    assert "203.0.113.7" not in stored


def test_markup_is_kept_as_plain_text(org_a):
    link = poster(org_a.org)
    _send(Client(), link.token, text="<script>alert(1)</script><b>Good</b> staff")
    assert Feedback.objects.get().text == "alert(1)Good staff"


@pytest.mark.parametrize(
    "text", ["Call me on 0412 345 678", "Ask for John Smith at the desk", "Mrs Berg was lovely"]
)
def test_a_name_or_number_asks_to_reword_and_keeps_what_was_typed(org_a, text):
    link = poster(org_a.org)
    response = _send(Client(), link.token, text=text)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Please don&#x27;t include names or numbers" in body
    assert text.split()[-1] in body  # the text is still in the box
    assert Feedback.objects.count() == 0


def test_empty_or_oversized_feedback_is_refused_clearly(org_a):
    link = poster(org_a.org)
    empty = _send(Client(), link.token, rating="")
    assert "Choose how it was." in empty.content.decode()
    long = _send(Client(), link.token, text="word " * 120)
    assert "Please keep it to 500 characters." in long.content.decode()
    assert Feedback.objects.count() == 0


def test_a_link_in_the_text_is_held_for_review(org_a):
    link = poster(org_a.org)
    _send(Client(), link.token, text="cheap pills at www.spam.example.com")
    assert Feedback.objects.get().status == Status.HELD


def test_a_flood_from_one_address_is_held_then_refused(org_a):
    link = poster(org_a.org)
    client = Client(REMOTE_ADDR="198.51.100.9")
    statuses = [_send(client, link.token).status_code for _ in range(6)]
    assert statuses == [302, 302, 302, 302, 302, 429]
    assert "Please try again in an hour" in _send(client, link.token).content.decode()
    kept = list(Feedback.objects.order_by("id").values_list("status", flat=True))
    assert kept == [Status.PUBLISHED, Status.PUBLISHED] + [Status.HELD] * 3
    # Another address is not held back by the first one's flood.
    assert _send(Client(REMOTE_ADDR="198.51.100.10"), link.token).status_code == 302


def test_an_unknown_or_retired_link_is_404_and_a_public_link_works_for_anyone(org_a, org_b, client_for):
    """Someone signed in to another organisation (a peer there, a service user here) may use the
    poster: what they leave is anonymous and goes to the poster's organisation, not theirs."""
    link = poster(org_a.org)
    assert Client().get(reverse("voice:feedback_public", kwargs={"token": "nope"})).status_code == 404
    other = client_for(org_b.peer_user)
    page = other.get(reverse("voice:feedback_public", kwargs={"token": link.token}))
    assert page.status_code == 200
    assert org_a.org.name in page.content.decode()
    assert _send(other, link.token).status_code == 302
    sent = Feedback.objects.get()
    assert (sent.organisation, sent.named_peer, sent.source) == (org_a.org, None, "link")
    link.is_active = False
    link.save()
    assert Client().get(reverse("voice:feedback_public", kwargs={"token": link.token})).status_code == 404


def test_behind_the_proxy_one_visitors_flood_does_not_hold_back_the_next(org_a, settings):
    """Every request arrives from the proxy's address; the limit counts the visitor's (X-Forwarded-For)."""
    settings.PEERWORK_TRUSTED_PROXIES = ["10.0.0.2"]
    link = poster(org_a.org)
    flooder = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert [_send(flooder, link.token).status_code for _ in range(6)][-1] == 429
    neighbour = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.10")
    assert _send(neighbour, link.token).status_code == 302
