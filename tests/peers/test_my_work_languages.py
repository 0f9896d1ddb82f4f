import pytest
from django.conf import settings
from django.urls import reverse

from peerwork.pathway.services import peer_position_start


@pytest.mark.parametrize(
    ("language", "heading", "hours"),
    [
        ("fr", "Votre échelon", "0 sur 8 heures travaillées"),
        ("nb", "Ditt trinn på stigen", "0 av 8 timer arbeidet"),
        ("de", "Ihre Stufe", "0 von 8 Arbeitsstunden"),
        ("nl", "Jouw trede op de ladder", "0 van 8 uur gewerkt"),
    ],
)
def test_my_work_speaks_the_peers_language(org_a, client_for, language, heading, hours):
    peer_position_start(peer=org_a.peer)
    client = client_for(org_a.peer_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    body = client.get(reverse("peers:my_work")).content.decode()
    assert heading in body
    assert hours in body
