import pytest
from django.urls import reverse
from playwright.sync_api import expect


@pytest.mark.django_db(transaction=True)
def test_sign_in_page_is_accessible(live_server, page, axe_check):
    page.goto(live_server.url + reverse("accounts:sign_in"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    axe_check(page)
