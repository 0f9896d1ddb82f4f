"""Send report reads to the read replica when one is configured."""

from __future__ import annotations

from typing import Any

REPORT_APPS = {"insights"}


class ReportReplicaRouter:
    def db_for_read(self, model: type, **hints: Any) -> str | None:
        return "replica" if model._meta.app_label in REPORT_APPS else None  # type: ignore[attr-defined]

    def db_for_write(self, model: type, **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"
