"""What services tells higher apps, without importing them.

* ``overdose_response_recorded`` — callables run on commit for every overdose response saved,
  whether entered on the page, synced from a device or imported; each gets the saved
  ``OverdoseResponse`` (its ``responders`` are set). Support registers one that offers each
  responder a debrief.
"""

from __future__ import annotations

from collections.abc import Callable

from peerwork.core.registry import Collection

from .models import OverdoseResponse

overdose_response_recorded: Collection[Callable[[OverdoseResponse], None]] = Collection(
    "services.overdose_response_recorded"
)
