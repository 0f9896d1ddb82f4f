"""The foundation's pages are translated into French, Norwegian, German and Dutch."""

import pytest
from django.test import Client
from django.urls import reverse

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
