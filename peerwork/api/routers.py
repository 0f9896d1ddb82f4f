"""Every domain's router, mounted under /api/v1/<prefix>/. Add a line when a domain gains routes."""

from __future__ import annotations

from ninja import Router

from . import accounts, assessments, pay, support

ROUTERS: list[tuple[str, Router]] = [
    ("", accounts.router),
    ("pay/", pay.router),
    ("support/", support.router),
    ("assessments/", assessments.router),
]
