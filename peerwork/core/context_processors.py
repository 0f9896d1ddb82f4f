from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .navigation import Menu, menu_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu the current membership may use, grouped into sections, current page marked; and
    whether the top bar offers the person's own API tokens (staff, never on a shared kiosk).

    Worked out once per request: a page made of panels renders a template, with this, for each."""
    made = getattr(request, "_navigation", None)
    if made is None:
        made = request._navigation = _navigation(request)  # type: ignore[attr-defined]
    return made


def _navigation(request: HttpRequest) -> dict[str, Any]:
    membership = getattr(request, "membership", None)
    if membership is None or getattr(request, "hide_navigation", False):
        return {"nav": Menu()}
    current = request.resolver_match.view_name if request.resolver_match else ""
    tokens = membership.can("can_create_api_tokens") and not getattr(request, "is_kiosk_session", False)
    return {"nav": menu_for(membership, current), "offers_api_tokens": tokens}
