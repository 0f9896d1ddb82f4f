"""The foundation's pages are translated into French, Norwegian, German and Dutch."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from ..personas import PASSWORD
from .factories import kiosk_client, make_kiosk

SIGN_IN = {"en": "Sign in", "fr": "Se connecter", "nb": "Logg inn", "de": "Anmelden", "nl": "Inloggen"}


@pytest.mark.parametrize(("language", "heading"), SIGN_IN.items())
def test_the_sign_in_page_speaks_each_language(db, language, heading):
    client = Client()
    response = client.post(
        reverse("set_language"), {"language": language, "next": reverse("accounts:sign_in")}
    )
    page = client.get(response["Location"]).content.decode()
    assert f"<h1>{heading}</h1>" in page
    assert f'lang="{language}"' in page


def test_the_kiosk_message_is_translated(db):
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    assert "kiosque" in client.get(reverse("accounts:kiosk")).content.decode()


def test_a_kiosk_speaks_its_organisations_language_until_someone_chooses(org_a):
    org_a.org.language = "nb"
    org_a.org.save()
    _device, raw = make_kiosk(org_a)
    client = kiosk_client(raw)
    assert "Trykk på navnet ditt" in client.get(reverse("accounts:kiosk")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    assert "Tippen Sie auf Ihren Namen" in client.get(reverse("accounts:kiosk")).content.decode()


def test_signing_in_switches_to_the_persons_own_language(org_a):
    org_a.evaluator.language = "nl"
    org_a.evaluator.save()
    client = Client()
    client.post(reverse("accounts:sign_in"), {"username": org_a.evaluator.username, "password": PASSWORD})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nl"
