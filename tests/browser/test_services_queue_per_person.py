"""A shared tablet: the offline queue follows the person who made the records, not the device.

Records one person queued wait for them (sign-out says so); the next person never sends them.
A sync batch with one bad record keeps the bad one on the page with its reason.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from peerwork.services.models import EntryKind, OverdoseResponse, ServiceEntry
from peerwork.services.services import catalogue_ensure
from tests.services.factories import new_uuid, shift_with_peer


def _open_entry(page, live_server, shift):  # type: ignore[no-untyped-def]
    page.goto(live_server.url + reverse("services:entry", args=[shift.pk]))
    page.locator("#services-entry[data-ready='true']").wait_for(timeout=15000)


def _records(org):  # type: ignore[no-untyped-def]
    return ServiceEntry.objects.filter(organisation=org)


# page.route() cannot stop a request the service worker forwards once it controls the page, so
# "no signal" here is a routed abort with the worker blocked (the offline cache is tested elsewhere).
@pytest.mark.browser_context_args(service_workers="block")
@pytest.mark.django_db(transaction=True)
def test_records_queued_by_one_peer_wait_for_them_and_are_never_sent_as_the_next(
    live_server, page, sign_in_browser, org_a
):
    catalogue_ensure(organisation=org_a.org)
    shift = shift_with_peer(org_a)
    sync_url = reverse("api:services_sync")
    sign_in_browser(page, org_a.peer_user)
    _open_entry(page, live_server, shift)

    # Peer A has no signal: the record stays on the tablet.
    page.route("**" + sync_url, lambda route: route.abort())
    page.get_by_role("button", name="One more: Contacts").click()
    page.locator("#tally-form [data-save]").click()
    page.locator("[data-entry-list] li[data-status='waiting']").wait_for()
    expect(page.locator("strong[data-unsent]")).to_have_text("1")

    # Signing out says what waits, and keeps it; a second press signs out.
    sign_out = page.locator("form[action='" + reverse("accounts:sign_out") + "'] button").first
    sign_out.click()
    notice = page.locator("#held-notice")
    notice.wait_for()
    expect(notice).to_contain_text("1 record waits to be sent")
    assert "/sign-in/" not in page.url
    sign_out.click()
    page.wait_for_url("**" + reverse("accounts:sign_in") + "*")
    page.unroute("**" + sync_url)

    # Peer B signs in on the same browser, online: nothing of A's is sent or shown.
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.post_data or "") if r.url.endswith(sync_url) else None)
    sign_in_browser(page, org_a.coordinator)
    _open_entry(page, live_server, shift)
    expect(page.locator("[data-entry-list] li")).to_have_count(0)
    expect(page.locator("strong[data-unsent]")).to_have_text("0")
    assert sent == []
    assert not _records(org_a.org).filter(recorded_by=org_a.coordinator).exists()
    assert not _records(org_a.org).exists()

    # A signs in again on the tablet: the record is sent under A.
    page.context.clear_cookies()
    sign_in_browser(page, org_a.peer_user)
    # The page reads "0" before its script has looked at the queue: wait for the first sync to end.
    _open_entry(page, live_server, shift)
    expect(page.locator("strong[data-unsent]")).to_have_text("0")
    entry = _records(org_a.org).get()
    assert entry.recorded_by == org_a.peer_user
    assert entry.kind == EntryKind.CONTACT
    expect(page.locator("[data-entry-list] li"), message="accepted records leave the queue").to_have_count(0)


@pytest.mark.django_db(transaction=True)
def test_one_bad_record_stays_on_the_page_with_its_reason_and_the_good_ones_go(
    live_server, page, sign_in_browser, org_a
):
    catalogue_ensure(organisation=org_a.org)
    shift = shift_with_peer(org_a)
    sign_in_browser(page, org_a.peer_user)
    _open_entry(page, live_server, shift)
    page.context.set_offline(True)
    page.get_by_role("button", name="One more: Contacts").click()
    page.get_by_role("button", name="One more: Syringes").click()
    page.locator("#tally-form [data-save]").click()
    page.locator("[data-entry-list] li[data-status='waiting']").nth(1).wait_for()
    # A record the server refuses (an unknown kind), queued like the others by this person.
    page.evaluate(
        """([uuid, shift]) => new Promise((resolve, reject) => {
          const root = document.getElementById("services-entry");
          const open = indexedDB.open("peerwork-services", 1);
          open.onsuccess = () => {
            const tx = open.result.transaction("entries", "readwrite");
            const record = {uuid, shift: Number(shift), owner: root.dataset.owner, type: "entry",
                            kind: "nonsense", quantity: 1, occurred_at: new Date().toISOString()};
            tx.objectStore("entries").put({uuid, shift, owner: root.dataset.owner, label: "Bad one",
                                           status: "waiting", reason: "", created: 0, record});
            tx.oncomplete = resolve;
            tx.onerror = reject;
          };
        })""",
        [new_uuid(), str(shift.pk)],
    )
    page.context.set_offline(False)
    bad = page.locator("[data-entry-list] li[data-status='rejected']")
    bad.wait_for(timeout=15000)
    assert _records(org_a.org).count() == 2
    expect(page.locator("[data-entry-list] li")).to_have_count(1)
    expect(bad).to_contain_text("Bad one")
    assert bad.locator(".reason").inner_text().strip() != ""
    expect(page.locator("strong[data-unsent]")).to_have_text("0")
    assert not OverdoseResponse.objects.exists()


@pytest.mark.browser_context_args(service_workers="block")
@pytest.mark.django_db(transaction=True)
def test_signing_out_from_any_page_says_what_still_waits_on_the_device(
    live_server, page, sign_in_browser, org_a
):
    catalogue_ensure(organisation=org_a.org)
    shift = shift_with_peer(org_a)
    sync_url = reverse("api:services_sync")
    sign_in_browser(page, org_a.peer_user)

    # Away from the entry page, with nothing queued, signing out is one press.
    page.goto(live_server.url + reverse("peers:my_work"))
    sign_out = page.locator("form[action='" + reverse("accounts:sign_out") + "'] button").first
    sign_out.click()
    page.wait_for_url("**" + reverse("accounts:sign_in") + "*")

    sign_in_browser(page, org_a.peer_user)
    _open_entry(page, live_server, shift)
    page.route("**" + sync_url, lambda route: route.abort())
    page.get_by_role("button", name="One more: Contacts").click()
    page.get_by_role("button", name="One more: Contacts").click()
    page.locator("#tally-form [data-save]").click()
    page.locator("[data-entry-list] li[data-status='waiting']").first.wait_for()

    # On My work, the first press of Sign out says what waits on this device; the second signs out.
    page.goto(live_server.url + reverse("peers:my_work"))
    sign_out = page.locator("form[action='" + reverse("accounts:sign_out") + "'] button").first
    sign_out.click()
    expect(page.locator("#held-on-device")).to_contain_text("1 record waits to be sent.")
    expect(page.locator("#held-on-device")).to_contain_text("sent when you sign in again")
    assert "/sign-in/" not in page.url
    sign_out.click()
    page.wait_for_url("**" + reverse("accounts:sign_in") + "*")
    assert not _records(org_a.org).exists()
