"""The org admin's pages are accessible on a phone and a desktop."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from peerwork.accounts.models import Membership
from peerwork.audit.services import audit_record
from tests.foundation.factories import make_kiosk

PAGES = ["orgadmin:settings", "orgadmin:sites", "orgadmin:members", "orgadmin:kiosks", "orgadmin:audit"]


@pytest.mark.django_db(transaction=True)
def test_admin_pages_pass_axe_at_phone_and_desktop_sizes(
    live_server, page, axe_check, sign_in_browser, org_a
):
    make_kiosk(org_a)
    audit_record(action="sign_in", organisation=org_a.org, actor=org_a.admin)
    sign_in_browser(page, org_a.admin)
    for size in ({"width": 390, "height": 844}, {"width": 1280, "height": 900}):
        page.set_viewport_size(size)
        for name in PAGES:
            page.goto(live_server.url + reverse(name))
            expect(page.locator("h1")).to_be_visible()
            axe_check(page)
            label = "phone" if size["width"] < 500 else "desktop"
            page.screenshot(path=f"/tmp/foundation-{name.split(':')[1]}-{label}.png", full_page=True)


@pytest.mark.django_db(transaction=True)
def test_member_edit_page_is_accessible(live_server, page, axe_check, sign_in_browser, org_a):
    sign_in_browser(page, org_a.admin)
    membership = Membership.objects.get(user=org_a.coordinator)
    page.goto(live_server.url + reverse("orgadmin:member_edit", kwargs={"pk": membership.pk}))
    axe_check(page)
    page.goto(live_server.url + reverse("orgadmin:site_edit", kwargs={"pk": org_a.site.pk}))
    axe_check(page)
