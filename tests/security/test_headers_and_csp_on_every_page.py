"""Every id-less route, opened by an admin: strict CSP, secure headers, no inline script or style,
and nothing a signed-in person sees is kept by the browser or a proxy (Cache-Control: no-store)."""

from __future__ import annotations

import re

from django.urls import reverse

from tests.test_cross_org_matrix import PLAIN_ROUTES

INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
STYLE_ATTRIBUTE = re.compile(rb"<[a-z][^>]*\sstyle=", re.I)


def _directives(policy: str) -> dict[str, list[str]]:
    found = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            found[words[0]] = words[1:]
    return found


def test_every_page_has_the_strict_policy_and_secure_headers(org_a, client_for):
    client = client_for(org_a.admin)
    problems: list[str] = []
    checked = 0
    for name in PLAIN_ROUTES:
        response = client.get(reverse(name))
        if response.status_code >= 500:
            problems.append(f"{name}: {response.status_code}")
            continue
        checked += 1
        policy = response.get("Content-Security-Policy", "")
        directives = _directives(policy)
        if "'unsafe-inline'" in policy or "'unsafe-eval'" in policy:
            problems.append(f"{name}: CSP allows unsafe-inline/eval")
        if directives.get("frame-ancestors") != ["'none'"]:
            problems.append(f"{name}: frame-ancestors is {directives.get('frame-ancestors')}")
        if directives.get("object-src") != ["'none'"] or "default-src" not in directives:
            problems.append(f"{name}: CSP lacks default-src or object-src 'none'")
        for header, value in (
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "same-origin"),
            ("X-Frame-Options", "DENY"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
        ):
            if response.get(header) != value:
                problems.append(f"{name}: {header} is {response.get(header)!r}")
        if "no-store" not in response.get("Cache-Control", ""):
            problems.append(f"{name}: Cache-Control is {response.get('Cache-Control')!r}, not no-store")
        if "text/html" in response.get("Content-Type", "") and not response.streaming:
            if INLINE_SCRIPT.search(response.content):
                problems.append(f"{name}: inline <script> without src")
            if STYLE_ATTRIBUTE.search(response.content):
                problems.append(f"{name}: style= attribute")
    assert checked > 50
    assert problems == []
