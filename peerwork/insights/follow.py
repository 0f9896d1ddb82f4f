"""Rollups that follow the writes: a saved record marks its organisation's rollups as changed from the
record's day on, and one refresh per organisation and transaction is queued after commit.

Insights sits above the apps it reads, so it listens to their models' signals rather than being called
by them. What a signal cannot see (``bulk_create``, ``update()``, raw SQL, an edit to a peer's join
date a year back) the nightly full rebuild (``tasks.refresh_all_rollups_task``) puts right.

The refresh itself is a ``RollupRefresh`` from the earliest changed day to today: while one is still
waiting, later changes only widen it, so a busy morning of check-ins and service entries costs one
refresh, not one per write. ``services.rollups_refresh`` reads the look-back windows it needs.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Min, Model
from django.db.models.signals import post_delete, post_save

from peerwork.assessments.models import Score
from peerwork.casework.models import CaseSession
from peerwork.orgs.models import Organisation
from peerwork.pathway.models import StageChange
from peerwork.pay.models import Payout
from peerwork.peers.models import PeerWorker
from peerwork.services.models import OverdoseResponse, ServiceEntry
from peerwork.shifts.models import Assignment, Shift, SignUp
from peerwork.support.models import DebriefOffer
from peerwork.voice.models import Action, Feedback

from .tasks import rollups_changed


class _Collector:
    """The changes of one transaction: the earliest changed day per organisation (None: today), and
    the shifts whose assignments or sign-ups changed (their days are read in one query at commit)."""

    def __init__(self) -> None:
        self.days: dict[int, date | None] = {}
        self.shifts: set[int] = set()
        self.flushed = False

    def note(self, organisation_id: int, when: date | datetime | None) -> None:
        day = _day(when)
        if organisation_id not in self.days:
            self.days[organisation_id] = day
            return
        known = self.days[organisation_id]  # None (today) is later than any day a record names
        if day is not None and (known is None or day < known):
            self.days[organisation_id] = day

    def flush(self) -> None:
        self.flushed = True
        if self.shifts:
            starts = (
                Shift.objects.filter(pk__in=self.shifts)
                .values("organisation_id")
                .annotate(first=Min("starts_at"))
                .values_list("organisation_id", "first")
            )
            for organisation_id, first in starts:
                self.note(organisation_id, first)
        for organisation in Organisation.objects.filter(pk__in=self.days):
            today = organisation.today()
            day = self.days[organisation.pk] or today
            rollups_changed(organisation=organisation, since=min(day, today))


def _day(when: date | datetime | None) -> date | None:
    """A record's day. A moment's local day is within a day of its UTC date, so the day before its UTC
    date is a safe first day to refresh without looking the organisation's time zone up."""
    if isinstance(when, datetime):
        return when.astimezone(UTC).date() - timedelta(days=1)
    return when


def _collector(using: str) -> _Collector:
    """This transaction's collector, registered to flush once it commits (only inside a transaction:
    a write in autocommit mode is flushed at once by ``_changed``)."""
    connection = connections[using]
    found: _Collector | None = getattr(connection, "_rollup_changes", None)
    # Still waiting to commit? (A rolled-back transaction drops its callbacks, and so its collector.)
    if (
        found is not None
        and not found.flushed
        and any(getattr(item[1], "__self__", None) is found for item in connection.run_on_commit)
    ):
        return found
    collector = _Collector()
    connection._rollup_changes = collector  # type: ignore[attr-defined]
    transaction.on_commit(collector.flush, using=using)
    return collector


def _dated(field: str) -> Callable[[Any], date | datetime | None]:
    return lambda instance: getattr(instance, field)


def _peer_day(instance: PeerWorker) -> date | None:
    # A new peer counts from the day they joined; a leaver on the day they left; any other edit
    # (a phone number, a preferred name) changes no figure before today.
    if instance.left_on is not None:
        return instance.left_on
    return instance.joined_on if getattr(instance, "_rollups_created", False) else None


def _action_day(instance: Action) -> date:
    return min(d for d in (instance.due_on, instance.done_on) if d is not None)


DAY_OF: dict[type[Model], Callable[[Any], date | datetime | None]] = {
    ServiceEntry: _dated("occurred_at"),
    OverdoseResponse: _dated("occurred_at"),
    CaseSession: _dated("held_on"),
    Shift: _dated("starts_at"),
    Payout: _dated("earned_on"),
    DebriefOffer: _dated("due_at"),
    StageChange: _dated("effective_on"),
    PeerWorker: _peer_day,
    Score: lambda instance: None,
    Feedback: _dated("received_on"),
    Action: _action_day,
}
BY_SHIFT: tuple[type[Model], ...] = (Assignment, SignUp)


def _changed(sender: type[Model], instance: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    if not getattr(settings, "PEERWORK_ROLLUPS_FOLLOW_WRITES", True):
        return
    organisation_id = getattr(instance, "organisation_id", None)
    if organisation_id is None:
        return
    if kwargs.get("created") and sender is PeerWorker:
        instance._rollups_created = True
    # In autocommit mode the write is already committed, and on_commit would run before the note.
    in_transaction = connections[using].in_atomic_block
    collector = _collector(using) if in_transaction else _Collector()
    if sender in BY_SHIFT:
        collector.shifts.add(instance.shift_id)
    else:
        collector.note(organisation_id, DAY_OF[sender](instance))
    if not in_transaction:
        collector.flush()


def connect() -> None:
    """Called once from ``InsightsConfig.ready``."""
    for model in (*DAY_OF, *BY_SHIFT):
        post_save.connect(_changed, sender=model, dispatch_uid=f"rollups-follow-save-{model._meta.label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"rollups-follow-delete-{model._meta.label}")
