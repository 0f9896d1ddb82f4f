"""Named hooks that let a higher app plug data into a lower one without an upward import.

A lower app declares a hook (``hours_worked = Hook("pathway.hours_worked")``) and calls it;
a higher app registers its implementation in ``AppConfig.ready()``. The dependency graph
keeps pointing one way, and the lower app still works (with its documented fallback) when
the higher app is absent.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class Hook(Generic[F]):
    """One replaceable implementation with a fallback."""

    def __init__(self, name: str, fallback: F) -> None:
        self.name = name
        self.fallback = fallback
        self._impl: F | None = None

    def register(self, impl: F) -> F:
        self._impl = impl
        return impl

    @property
    def implementation(self) -> F:
        return self._impl or self.fallback

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.implementation(*args, **kwargs)


class Collection(Generic[F]):
    """Many contributions (panels, menu entries, demo builders), kept in order of ``order``."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._items: list[tuple[int, str, F]] = []

    def register(self, key: str, item: F, *, order: int = 100) -> F:
        self._items = [entry for entry in self._items if entry[1] != key]
        self._items.append((order, key, item))
        self._items.sort(key=lambda entry: (entry[0], entry[1]))
        return item

    def items(self) -> list[tuple[str, F]]:
        return [(key, item) for _, key, item in self._items]

    def __iter__(self):
        return iter(item for _, _, item in self._items)
