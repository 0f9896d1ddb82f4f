"""Every domain's router, mounted under /api/v1/<prefix>/. Add a line when a domain gains routes."""

from __future__ import annotations

from ninja import Router

from . import (
    accounts,
    assessments,
    insights,
    pathway,
    pay,
    peers,
    planner,
    privacy,
    services,
    shifts,
    support,
    tokens,
    training,
)

ROUTERS: list[tuple[str, Router]] = [
    ("", accounts.router),
    ("peers/", peers.router),
    ("ladder/", pathway.router),
    ("training/", training.router),
    ("shifts/", shifts.router),
    ("pay/", pay.router),
    ("services/", services.router),
    ("support/", support.router),
    ("assessments/", assessments.router),
    ("insights/", insights.router),
    ("planner/", planner.router),
    ("tokens/", tokens.router),
    ("privacy/", privacy.router),
]
