"""Kiosk, services entry and allocation review work with the keyboard alone, with a visible focus."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.signing import get_cookie_signer
from django.urls import reverse
from django.utils import timezone

from peerwork.accounts.services import kiosk_cookie_salt, peer_credential_set_pin
from peerwork.services.models import ServiceEntry, SupplyItem
from peerwork.services.services import catalogue_ensure
from peerwork.services.stock import stock_receive
from peerwork.shifts import services as shift_services
from peerwork.shifts.models import AllocationRun
from tests.foundation.factories import PIN, make_kiosk
from tests.services.factories import shift_with_peer
from tests.shifts.factories import ShiftFactory, SignUpFactory

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const visible = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
  return {tag: el.tagName, text: (el.getAttribute('aria-label') || el.innerText || el.value || '').trim(),
          name: el.getAttribute('name') || '', visible: visible};
}"""


def tab_to(page, matches, limit: int = 80) -> dict:  # type: ignore[no-untyped-def, type-arg]
    """Press Tab until the focused element matches; every stop on the way must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        assert focused["visible"], f"no visible focus on {focused}"
        if matches(focused):
            return focused
    raise AssertionError("never reached the element by pressing Tab")


@pytest.mark.django_db(transaction=True)
def test_a_peer_signs_in_at_the_kiosk_with_the_keyboard(live_server, page, org_a):  # type: ignore[no-untyped-def]
    org_a.peer_user.display_name = "Robin Keys"
    org_a.peer_user.save(update_fields=["display_name"])
    peer_credential_set_pin(user=org_a.peer_user, pin=PIN)
    _device, raw = make_kiosk(org_a)
    signer = get_cookie_signer(salt=settings.PEERWORK_KIOSK_COOKIE + kiosk_cookie_salt())
    page.context.add_cookies(
        [{"name": settings.PEERWORK_KIOSK_COOKIE, "value": signer.sign(raw), "url": live_server.url}]
    )
    page.goto(live_server.url + reverse("accounts:kiosk"))
    tab_to(page, lambda f: f["tag"] == "A" and f["text"] == "Robin Keys")
    page.keyboard.press("Enter")
    page.wait_for_url("**/kiosk/person/**")
    tab_to(page, lambda f: f["name"] == "pin")
    page.keyboard.type(PIN)
    page.keyboard.press("Enter")
    page.locator("form.kiosk-sign-out button").wait_for()


@pytest.mark.django_db(transaction=True)
def test_a_peer_tallies_services_with_the_keyboard(live_server, page, sign_in_browser, org_a):  # type: ignore[no-untyped-def]
    catalogue_ensure(organisation=org_a.org)
    syringes = SupplyItem.objects.get(organisation=org_a.org, name="Syringes")
    stock_receive(organisation=org_a.org, site=org_a.site, item=syringes, quantity=10, user=None)
    shift = shift_with_peer(org_a)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in_browser(page, org_a.peer_user)
    page.goto(live_server.url + reverse("services:entry", args=[shift.pk]))
    page.locator("#services-entry[data-ready='true']").wait_for()
    tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "One more: Syringes")
    page.keyboard.press("Enter")
    page.keyboard.press(" ")
    tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"].startswith("Save"))
    page.keyboard.press("Enter")
    # Sent records leave the phone's queue: wait for the server to have it, then for the list to empty.
    saved = ServiceEntry.objects.filter(shift=shift, item=syringes, quantity=2)
    for _ in range(150):
        if saved.exists():
            break
        page.wait_for_timeout(100)
    assert saved.exists()
    page.locator("[data-empty]").wait_for()


@pytest.mark.django_db(transaction=True)
def test_a_coordinator_reviews_an_allocation_with_the_keyboard(  # type: ignore[no-untyped-def]
    live_server, page, sign_in_browser, org_a
):
    shift = ShiftFactory(organisation=org_a.org, site=org_a.site, slots=1)
    SignUpFactory(shift=shift, peer=org_a.peer)
    SignUpFactory(shift=shift)
    week = timezone.localtime(shift.starts_at, org_a.org.zone).date()
    week = week.fromordinal(week.toordinal() - week.weekday())
    run = shift_services.allocation_run(organisation=org_a.org, week_start=week, by=org_a.coordinator, seed=5)
    sign_in_browser(page, org_a.coordinator)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + reverse("shifts:run", args=[run.pk]))
    tab_to(page, lambda f: f["tag"] == "INPUT" and f["name"] == "note")
    page.keyboard.type("swap agreed with both")
    tab_to(page, lambda f: f["tag"] == "BUTTON")
    page.keyboard.press("Enter")
    page.get_by_text("Change recorded.").wait_for()
    tab_to(page, lambda f: f["tag"] == "A" and f["text"] == "Publish: tell peers")
    page.keyboard.press("Enter")
    # Publishing asks first, on its own page.
    page.get_by_role("button", name="Yes, publish and tell peers").wait_for()
    tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "Yes, publish and tell peers")
    page.keyboard.press("Enter")
    page.get_by_text("Published. Peers can see").wait_for()
    assert AllocationRun.objects.get(pk=run.pk).status == "published"
