"""Every route, walked from Django's URL resolver, asked by organisation B for organisation A's data.

A route that takes an id must have a matrix entry (tests/<app>/matrix.py) or this test fails,
so a new route cannot ship without its leak test. A route without an id is opened by each of
B's personas and must not show anything of A.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .matrix import collect, public_routes
from .personas import LEAK_MARKER

ROUTES, SEEDS, SKIP_GET = collect()
PUBLIC = public_routes()
IGNORED_NAMESPACES = {"djdt"}


@dataclass(frozen=True)
class Route:
    name: str
    params: tuple[str, ...]
    pattern: str


def _walk(resolver: URLResolver, namespace: str = "", prefix: str = "") -> list[Route]:
    found: list[Route] = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            found.extend(_walk(entry, ns, prefix + str(entry.pattern)))
        elif isinstance(entry, URLPattern):
            pattern = prefix + str(entry.pattern)
            params = tuple(
                sorted(set(entry.pattern.converters) | set(getattr(resolver.pattern, "converters", {})))
            )
            name = f"{namespace}:{entry.name}" if namespace and entry.name else (entry.name or "")
            found.append(Route(name=name, params=params, pattern=pattern))
    return found


def all_routes() -> list[Route]:
    routes = [r for r in _walk(get_resolver()) if r.name.split(":")[0] not in IGNORED_NAMESPACES]
    return [r for r in routes if not r.pattern.startswith("static/")]


ID_ROUTES = sorted({r.name for r in all_routes() if r.params})
PLAIN_ROUTES = sorted({r.name for r in all_routes() if not r.params and r.name not in SKIP_GET})


def test_every_route_is_named():
    unnamed = [r.pattern for r in all_routes() if not r.name]
    assert unnamed == [], f"Name these routes so the matrix can reach them: {unnamed}"


def test_every_route_with_an_id_has_a_matrix_entry():
    missing = [name for name in ID_ROUTES if name not in ROUTES]
    assert missing == [], (
        "These routes take an id but no tests/<app>/matrix.py says how to build the object, "
        f"so their cross-organisation test cannot run: {missing}"
    )


def test_matrix_has_no_stale_entries():
    stale = sorted(set(ROUTES) - set(ID_ROUTES))
    assert stale == [], f"Matrix entries for routes that no longer exist: {stale}"


def _ask(client, url: str, post: dict | None, as_json: bool):  # type: ignore[no-untyped-def]
    response = client.get(url)
    if response.status_code == 405:
        body = post or {}
        if as_json:
            response = client.post(url, data=json.dumps(body), content_type="application/json")
        else:
            response = client.post(url, data=body)
        if response.status_code == 405:
            for method in ("put", "patch", "delete"):
                response = getattr(client, method)(
                    url, data=json.dumps(body), content_type="application/json"
                )
                if response.status_code != 405:
                    break
    return response


@pytest.mark.parametrize("route_name", ID_ROUTES or ["<none yet>"])
def test_another_organisation_gets_404_and_none_of_the_data(route_name, org_a, org_b, client_for):
    if route_name == "<none yet>":
        assert ID_ROUTES == []
        return
    spec = dict(ROUTES[route_name](org_a))
    post = spec.pop("__post__", None)
    as_json = spec.pop("__json__", False)
    url = reverse(route_name, kwargs=spec)
    if route_name in PUBLIC:
        visitor = _ask(Client(), url, post, as_json).status_code
        assert visitor in (200, 201), f"{route_name} is public but gave {visitor} to a visitor"
        for user in (org_b.admin, org_b.coordinator, org_b.supervisor, org_b.evaluator, org_b.peer_user):
            cache.clear()  # a public write is rate-limited per address, and every client here has one
            status = _ask(client_for(user), url, post, as_json).status_code
            assert status == visitor, (
                f"{route_name} gave {status} to {user.username}, a visitor gets {visitor}"
            )
        return
    for user in (
        org_b.admin,
        org_b.coordinator,
        org_b.supervisor,
        org_b.evaluator,
        org_b.peer_user,
    ):
        response = _ask(client_for(user), url, post, as_json)
        assert response.status_code in (403, 404), (
            f"{route_name} gave {response.status_code} to {user.username} of another organisation"
        )
        assert LEAK_MARKER.encode() not in response.content, f"{route_name} showed organisation A's data"


def test_pages_without_ids_show_nothing_of_another_organisation(org_a, org_b, client_for):
    """Every id-less route, opened by each of B's personas over A's seeded data (seeded once)."""
    for seed in SEEDS:
        seed(org_a)
    clients = [
        (user.username, client_for(user))
        for user in (org_b.admin, org_b.coordinator, org_b.supervisor, org_b.evaluator, org_b.peer_user)
    ]
    problems: list[str] = []
    for route_name in PLAIN_ROUTES:
        url = reverse(route_name)
        for username, client in clients:
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if response.status_code >= 500:
                problems.append(f"{route_name} failed with {response.status_code} for {username}")
            if LEAK_MARKER.encode() in body:
                problems.append(f"{route_name} showed organisation A's data to {username}")
    assert len(PLAIN_ROUTES) > 0
    assert problems == []
