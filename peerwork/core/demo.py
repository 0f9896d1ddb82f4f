"""The demo organisation, composed from one builder per app.

Each app registers ``build(ctx)`` in its ``AppConfig.ready()``; ``peerwork demo`` runs them
in order on one seeded random generator, so the demo is the same on every machine.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .registry import Collection, Hook

DEMO_SEED = 20261129
DEMO_SLUG = "riverside"
DEMO_TIME_ZONE = "America/Toronto"
DEMO_PASSWORD = "riverside-demo-2026"  # noqa: S105 - printed on purpose: it is the demo's sign-in


@dataclass
class DemoContext:
    """What builders share: the organisations, people made so far and the sign-ins to print."""

    today: date
    rng: random.Random = field(default_factory=lambda: random.Random(DEMO_SEED))
    objects: dict[str, Any] = field(default_factory=dict)
    sign_ins: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def __getitem__(self, key: str) -> Any:
        return self.objects[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.objects[key] = value


builders: Collection[Callable[[DemoContext], None]] = Collection("demo builders")


def _no_sign_ins() -> list[str]:
    return []


# Lines that tell how to sign in to an existing demo (accounts registers the real one).
sign_in_help: Hook[Callable[[], list[str]]] = Hook("demo sign-in help", _no_sign_ins)
