"""Send reads of the dashboard's rollups to the read replica when one is configured.

Only figures that may be a few seconds old go there: the daily rollups (``IndicatorValue``), which
the dashboard and funder reports read in bulk. Everything a page has just written and reads back
(a rollup refresh it queued, a report run it asked for) is read from the primary: a replica that
lags would not have it yet. A read for an instance (``refresh_from_db``) stays on the database the
instance came from.
"""

from __future__ import annotations

from typing import Any

REPLICA_MODELS = {"insights.indicatorvalue"}


class ReportReplicaRouter:
    def db_for_read(self, model: type, **hints: Any) -> str | None:
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            return str(instance._state.db)
        return "replica" if model._meta.label_lower in REPLICA_MODELS else None  # type: ignore[attr-defined]

    def db_for_write(self, model: type, **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"
