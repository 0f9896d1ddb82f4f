"""Switching language with the footer's switcher changes the page text."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("language", "heading"),
    [("fr", "Se connecter"), ("nb", "Logg inn"), ("de", "Anmelden"), ("nl", "Inloggen")],
)
def test_switching_language_translates_the_sign_in_page(live_server, page, axe_check, language, heading):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("accounts:sign_in"))
    page.get_by_label("Language").select_option(language)
    page.get_by_role("button", name="Change").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", language)
    axe_check(page)
    if language == "fr":
        page.screenshot(path="/tmp/foundation-sign-in-fr-phone.png", full_page=True)
