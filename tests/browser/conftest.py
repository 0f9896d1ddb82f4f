"""Browser tests: Playwright drives Debian's Chromium (never a downloaded browser)."""

from __future__ import annotations

import os
import shutil
import threading
import time
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import expect

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Assertions wait for the page (expect, never a one-off is_visible()); CI runs two suites side by side on
# two cores, so a page can take longer than Playwright's 5-second default to arrive.
expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _server_quiet_before_the_database_is_emptied(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """After a browser test: close its browser context, then wait for the live server's requests to end.

    A page's last request (a service worker's sync, a late htmx call) can still be running in the live
    server's thread when the test ends; it then holds the in-memory test database while the next
    test's flush runs ("couldn't be flushed", then rows left over). Set up after the page, this
    fixture is torn down before it, and before the database is emptied.
    """
    page = request.getfixturevalue("page") if "page" in request.fixturenames else None
    yield
    if page is not None:
        page.context.close()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(
        t.is_alive() and "process_request_thread" in t.name for t in threading.enumerate()
    ):
        threading.Event().wait(0.05)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not os.path.exists(CHROMIUM):
        message = "Chromium is not installed (apt-get install chromium); browser tests need it."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture
def axe_check():  # type: ignore[no-untyped-def]
    """Run axe-core on the page; fail on any serious or critical violation, naming them."""
    axe = Axe()

    def check(page) -> None:  # type: ignore[no-untyped-def]
        results = axe.run(page)
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v.get("impact") in {"serious", "critical"}
        ]
        assert bad == [], f"axe found serious or critical problems on {page.url}:\n" + "\n".join(bad)

    return check


@pytest.fixture
def sign_in_browser(live_server, client_for):  # type: ignore[no-untyped-def]
    """Put a signed-in session (2FA satisfied) into the browser context, skipping the forms."""

    def do(page, user) -> None:  # type: ignore[no-untyped-def]
        client = client_for(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )

    return do
