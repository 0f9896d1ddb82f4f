"""What role fit needs from the apps above support, without importing them.

* ``logged_work`` — callables ``(shift_ids) -> {(shift_id, peer_id): [label, ...]}``: work recorded on
  a worked shift by another app, each label one part of the shift's hours in role fit (described
  when one of the role's duties names it, other work otherwise). One-to-one casework sessions
  held on the day of a worked shift are registered here by support's AppConfig (casework sits below
  support, so it cannot register itself), so that they count in role fit as work done.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from peerwork.core.registry import Collection

logged_work: Collection[Callable[[Iterable[int]], dict[tuple[int, int], list[str]]]] = Collection(
    "support.logged_work"
)
