"""Locust users for bench/load.py (run by it, as its own process).

BENCH_TARGET=app: staff pages with a signed-in session cookie and API calls with a token.
BENCH_TARGET=hello: the bare Django view only.
Both kinds of user send one request per task with the same think time (0.5–1.5 s), so neither
can go past about one request a second per user: this is a soak at a fixed pace, and the ratio of
their request rates only shows whether Peerwork keeps that pace. Capacity: bench/capacity.py.
"""

from __future__ import annotations

import os
import random

from locust import HttpUser, between, task

TARGET = os.environ.get("BENCH_TARGET", "app")
SESSION = os.environ.get("BENCH_SESSION", "")
TOKEN = os.environ.get("BENCH_TOKEN", "")
PEER_ID = os.environ.get("BENCH_PEER_ID", "1")
PAGES = ["/shifts/desk/", "/peers/", "/shifts/weekly/", "/pay/", "/services/today/", "/insights/", "/ladder/"]
API = [
    "/api/v1/me",
    "/api/v1/peers/",
    "/api/v1/shifts/",
    "/api/v1/pay/payouts",
    "/api/v1/insights/dashboard",
    "/api/v1/services/logs",
]


if TARGET == "hello":

    class HelloUser(HttpUser):
        wait_time = between(0.5, 1.5)

        @task
        def hello(self) -> None:
            self.client.get("/hello", name="hello")

else:

    class StaffUser(HttpUser):
        wait_time = between(0.5, 1.5)

        def on_start(self) -> None:
            self.client.cookies.set("sessionid", SESSION)

        @task(6)
        def page(self) -> None:
            url = random.choice(PAGES)
            self._ok(url, f"page {url}")

        @task(1)
        def peer_page(self) -> None:
            self._ok(f"/peers/{PEER_ID}/", "page /peers/<id>/")

        @task(6)
        def api(self) -> None:
            url = random.choice(API)
            self._ok(url, f"api {url}", {"Authorization": f"Bearer {TOKEN}"})

        def _ok(self, url: str, name: str, headers: dict[str, str] | None = None) -> None:
            """Only a 200 counts: a redirect to sign-in would otherwise look like a fast success."""
            with self.client.get(
                url, name=name, headers=headers, allow_redirects=False, catch_response=True
            ) as response:
                if response.status_code != 200:
                    response.failure(f"status {response.status_code}")
