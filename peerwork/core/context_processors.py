from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .navigation import menu


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Menu entries the current membership may use, split into daily work and set-up."""
    membership = getattr(request, "membership", None)
    if membership is None or getattr(request, "hide_navigation", False):
        return {"nav_work": [], "nav_admin": []}
    entries = [entry for entry in menu if membership.can(entry.capability)]
    current = request.resolver_match.view_name if request.resolver_match else ""
    rows = [{"entry": e, "url": e.url, "current": e.url_name == current} for e in entries]
    return {
        "nav_work": [r for r in rows if r["entry"].section == "work"],
        "nav_admin": [r for r in rows if r["entry"].section == "admin"],
    }
