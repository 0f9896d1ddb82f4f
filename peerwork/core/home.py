"""Where each role lands after signing in; apps register their landing page in ready()."""

from __future__ import annotations

from .registry import Collection

# (capability, url name): the first entry the member's role grants wins.
landing_pages: Collection[tuple[str, str]] = Collection("landing pages")  # type: ignore[type-var]
