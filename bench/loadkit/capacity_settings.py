"""Peerwork's own settings for bench/capacity.py's gunicorn, plus the bench's floor view and query counter.

Selected with DJANGO_SETTINGS_MODULE=capacity_settings (bench/loadkit on PYTHONPATH); everything
else (PEERWORK_MODE=production, the database, middleware, sessions) is read as peerwork.settings reads it.
"""

from __future__ import annotations

import os

from peerwork.settings import *  # noqa: F403
from peerwork.settings import CACHES, MIDDLEWARE

ROOT_URLCONF = "capacity_site"
# Outermost, so that the count includes the session, authentication and organisation queries.
MIDDLEWARE = ["capacity_site.QueryCountMiddleware", *MIDDLEWARE]
# A shared Redis holds other processes' keys too: keep this run's apart.
CACHES["default"]["KEY_PREFIX"] = os.environ.get("BENCH_CACHE_PREFIX", "")
