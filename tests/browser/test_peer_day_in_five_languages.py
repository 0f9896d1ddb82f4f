"""A peer's day in each of the five languages, on a phone, with 0 serious or critical axe problems.

Kiosk sign-in with a PIN, asking for an open shift, checking in, tallying a service, checking out
and My work. Each page must show text in the peer's own language: the expected text comes from
the catalogues (``gettext`` under ``translation.override``), and for fr/nb/de/nl it must differ
from the English source, so an untranslated string fails the test.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.signing import get_cookie_signer
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from peerwork.accounts.services import kiosk_cookie_salt, peer_credential_set_pin
from peerwork.pathway.services import peer_position_start
from peerwork.services.models import ServiceEntry, SupplyItem
from peerwork.services.services import catalogue_ensure
from peerwork.services.stock import stock_receive
from peerwork.shifts.models import Assignment, AssignmentStatus, SignUp
from tests.clock import today_near_now
from tests.foundation.factories import PIN, make_kiosk
from tests.shifts.factories import RoleFactory, ShiftFactory

PHONE = {"width": 360, "height": 740}
LANGUAGES = ["en", "fr", "nb", "de", "nl"]


def _t(lang: str, message: str, **values: object) -> str:
    """The message as the peer should see it; outside English it must really be translated."""
    with translation.override(lang):
        text = translation.gettext(message)
    if lang != "en":
        assert text != message, f"{message!r} has no {lang} translation"
    return text % values if values else text


def _fits(page, where: str) -> None:  # type: ignore[no-untyped-def]
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 361)"
        ".slice(0, 3).map(e => e.tagName + ' ' + (e.innerText || '').slice(0, 40))"
    )
    assert width <= PHONE["width"], f"{where} scrolls sideways at 360 px ({width} px wide): {wide}"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_peers_day_in_their_language(live_server, page, axe_check, org_a, lang):  # type: ignore[no-untyped-def]
    user = org_a.peer_user
    user.display_name = "Robin Day"
    user.language = lang
    user.save(update_fields=["display_name", "language"])
    peer_credential_set_pin(user=user, pin=PIN)
    peer_position_start(peer=org_a.peer)
    _device, raw = make_kiosk(org_a, name="Front desk")
    role = RoleFactory(organisation=org_a.org, name="Supply distribution", duties=["Hand out supplies"])
    later = ShiftFactory(organisation=org_a.org, site=org_a.site, role=role)
    today = ShiftFactory(
        organisation=org_a.org,
        site=org_a.site,
        role=role,
        status="published",
        starts_at=today_near_now(org_a.org, minutes=-3),
    )
    Assignment.objects.create(organisation=org_a.org, shift=today, peer=org_a.peer)
    catalogue_ensure(organisation=org_a.org)
    syringes = SupplyItem.objects.get(organisation=org_a.org, name="Syringes")
    stock_receive(organisation=org_a.org, site=org_a.site, item=syringes, quantity=20, user=None)

    signer = get_cookie_signer(salt=settings.PEERWORK_KIOSK_COOKIE + kiosk_cookie_salt())
    page.context.add_cookies(
        [
            {"name": settings.PEERWORK_KIOSK_COOKIE, "value": signer.sign(raw), "url": live_server.url},
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": live_server.url},
        ]
    )
    page.set_viewport_size(PHONE)

    # Kiosk: tap your name, type your PIN.
    page.goto(live_server.url + reverse("accounts:kiosk"))
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.get_by_role("heading", name=_t(lang, "Tap your name"))).to_be_visible()
    axe_check(page)
    _fits(page, "the kiosk")
    page.screenshot(path=f"/tmp/i18n-{lang}-1-kiosk.png", full_page=True)
    page.get_by_role("link", name="Robin Day").click()
    expect(page.get_by_role("button", name=_t(lang, "Sign in"))).to_be_visible()
    page.locator("input[name=pin]").fill(PIN)
    axe_check(page)
    page.get_by_role("button", name=_t(lang, "Sign in")).click()
    page.wait_for_load_state()

    # Ask for an open shift.
    page.goto(live_server.url + reverse("shifts:open"))
    expect(page.get_by_role("heading", name=_t(lang, "Open shifts"))).to_be_visible()
    axe_check(page)
    _fits(page, "open shifts")
    page.screenshot(path=f"/tmp/i18n-{lang}-2-open-shifts.png", full_page=True)
    page.get_by_role("button", name=_t(lang, "Ask for this shift")).first.click()
    asked = _t(lang, "You asked for this shift. You will hear when places are given out.")
    expect(page.get_by_text(asked)).to_be_visible()
    assert SignUp.objects.filter(shift=later, peer=org_a.peer).exists()

    # Check in on today's shift.
    page.goto(live_server.url + reverse("shifts:mine"))
    expect(page.get_by_role("heading", name=_t(lang, "My shifts"))).to_be_visible()
    page.get_by_role("button", name=_t(lang, "Check in")).click()
    expect(page.get_by_text(_t(lang, "You are checked in. Have a good shift."))).to_be_visible()
    axe_check(page)
    _fits(page, "my shifts")
    page.screenshot(path=f"/tmp/i18n-{lang}-3-checked-in.png", full_page=True)

    # Tally a service on the entry page (it sends from the phone).
    page.goto(live_server.url + reverse("services:entry", args=[today.pk]))
    page.locator("#services-entry[data-ready='true']").wait_for()
    one_more = _t(lang, "One more: %(name)s", name="Syringes")
    page.get_by_role("button", name=one_more).click()
    page.get_by_role("button", name=one_more).click()
    save = page.locator("#tally-form [data-save]")
    assert save.inner_text().strip().startswith(_t(lang, "Save"))
    axe_check(page)
    _fits(page, "the entry page")
    save.click()
    # Sent records leave the phone's queue: wait for the server to have it, then for the list to empty.
    saved = ServiceEntry.objects.filter(shift=today, quantity=2)
    for _ in range(150):
        if saved.exists():
            break
        page.wait_for_timeout(100)
    assert saved.exists()
    page.locator("[data-empty]").wait_for()
    page.screenshot(path=f"/tmp/i18n-{lang}-4-entry.png", full_page=True)

    # Check out.
    page.goto(live_server.url + reverse("shifts:mine"))
    page.get_by_role("link", name=_t(lang, "Check out")).click()
    expect(page.get_by_role("heading", name=_t(lang, "Check out"))).to_be_visible()
    page.get_by_label("Hand out supplies").check()
    axe_check(page)
    _fits(page, "check-out")
    page.get_by_role("button", name=_t(lang, "Check out")).click()
    expect(page.get_by_text(_t(lang, "Checked out. Thank you for your work today."))).to_be_visible()
    assert Assignment.objects.get(shift=today).status == AssignmentStatus.COMPLETED

    # My work.
    page.goto(live_server.url + reverse("peers:my_work"))
    hello = _t(lang, "Hello, %(name)s", name=org_a.peer.preferred_name)
    expect(page.get_by_role("heading", name=hello)).to_be_visible()
    expect(page.get_by_role("heading", name=_t(lang, "Your step on the ladder"))).to_be_visible()
    axe_check(page)
    _fits(page, "my work")
    page.screenshot(path=f"/tmp/i18n-{lang}-5-my-work.png", full_page=True)
