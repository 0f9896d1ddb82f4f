from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .navigation import Menu, menu_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu the current membership may use, grouped into sections, current page marked; and
    whether the top bar offers the person's own API tokens (staff, never on a shared kiosk)."""
    membership = getattr(request, "membership", None)
    if membership is None or getattr(request, "hide_navigation", False):
        return {"nav": Menu()}
    current = request.resolver_match.view_name if request.resolver_match else ""
    tokens = membership.can("can_create_api_tokens") and not getattr(request, "is_kiosk_session", False)
    return {"nav": menu_for(membership, current), "offers_api_tokens": tokens}
