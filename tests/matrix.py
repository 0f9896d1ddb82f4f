"""The cross-organisation matrix's registry, filled by each app's ``tests/<app>/matrix.py``.

Each app module may define:

* ``ROUTES``: route name → builder. A builder gets organisation A's personas, creates the
  object the route shows, and returns the URL kwargs (plus optional ``"__post__"``: a dict
  sent as the POST body when the route does not answer GET, and ``"__json__": True`` to
  send it as JSON).
* ``SEED``: functions that fill organisation A with marked data, so that list pages of
  organisation B can be checked for leaks.
* ``SKIP_GET``: route names without ids that are not pages to GET (e.g. sign-out), each
  with the reason in a comment.
* ``PUBLIC``: route names (also in ``ROUTES``) whose id is itself the permission, like the token
  printed on a feedback poster: everyone who holds it gets the page, signed out or signed in to
  any organisation. The matrix checks that each of B's personas gets what a visitor gets.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from .personas import OrgPersonas

Builder = Callable[[OrgPersonas], dict[str, Any]]


def _matrix_modules() -> Iterator[ModuleType]:
    """Each app's ``tests/<app>/matrix.py``, for those that have one."""
    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if not info.ispkg:
            continue
        try:
            yield importlib.import_module(f"tests.{info.name}.matrix")
        except ModuleNotFoundError as exc:
            if exc.name != f"tests.{info.name}.matrix":
                raise


def collect() -> tuple[dict[str, Builder], list[Callable[[OrgPersonas], None]], set[str]]:
    routes: dict[str, Builder] = {}
    seeds: list[Callable[[OrgPersonas], None]] = []
    skip: set[str] = set()
    for module in _matrix_modules():
        duplicated = set(routes) & set(getattr(module, "ROUTES", {}))
        if duplicated:
            raise AssertionError(f"Routes registered twice in the matrix: {sorted(duplicated)}")
        routes.update(getattr(module, "ROUTES", {}))
        seeds.extend(getattr(module, "SEED", []))
        skip.update(getattr(module, "SKIP_GET", set()))
    return routes, seeds, skip


def public_routes() -> set[str]:
    """Every app's ``PUBLIC`` route names (see the module's docstring)."""
    return {name for module in _matrix_modules() for name in getattr(module, "PUBLIC", set())}
