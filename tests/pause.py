"""Waiting in tests that must also pass under libfaketime (CI's clock pass and the night run).

``time.sleep`` fails there with ``OSError: [Errno 22]``: CPython sleeps with ``clock_nanosleep`` on an
absolute monotonic deadline, which libfaketime rewrites when the monotonic clock is left real. A timed
wait on an event sleeps through another call that libfaketime leaves alone.
"""

from __future__ import annotations

import subprocess
import threading
import time


def pause(seconds: float) -> None:
    threading.Event().wait(seconds)


def reap(process: subprocess.Popen[bytes], seconds: float) -> int:
    """``process.wait(timeout=seconds)`` without ``time.sleep`` (which Popen's timed wait uses)."""
    deadline = time.monotonic() + seconds
    while process.poll() is None:
        if time.monotonic() > deadline:
            raise subprocess.TimeoutExpired(process.args, seconds)
        pause(0.05)
    return process.returncode
