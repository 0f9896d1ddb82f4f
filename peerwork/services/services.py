"""Writes for services: the catalogue, recording and syncing service records, imports.

Records from the entry page and from devices go through ``records_sync``: upsert by the
device's UUID (a repeated request never duplicates), one result per record, accepted or
rejected with the reason. Supplies given out come off the site's stock (see stock.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from peerwork.accounts.models import User
from peerwork.audit.services import audit_record
from peerwork.core.runs import enqueue_after_commit
from peerwork.orgs.models import Organisation
from peerwork.pathway.models import PeerCapability
from peerwork.pathway.selectors import peer_can
from peerwork.peers.models import PeerWorker
from peerwork.shifts.models import Assignment, AssignmentStatus, Shift, ShiftStatus
from peerwork.shifts.selectors import policy_for
from peerwork.shifts.team import team_shifts

from . import hooks
from .models import (
    EntryKind,
    ImportJob,
    MovementKind,
    OverdoseResponse,
    ServiceEntry,
    Source,
    StockLevel,
    StockMovement,
    SupplyCategory,
    SupplyItem,
)
from .records import (
    Rejected,
    entry_fields,
    id_from,
    overdose_fields,
    owner_matches,
    readable_text,
)
from .tasks import import_run_task

# The BC harm-reduction supply categories the catalogue starts with; each org can add or retire items.
BC_CATALOGUE: list[tuple[str, str]] = [
    (SupplyCategory.SAFER_SEX, "Condoms"),
    (SupplyCategory.SAFER_SEX, "Lubricant"),
    (SupplyCategory.INJECTION, "Syringes"),
    (SupplyCategory.INJECTION, "Sterile water"),
    (SupplyCategory.INJECTION, "Cookers / filters"),
    (SupplyCategory.INJECTION, "Ascorbic acid"),
    (SupplyCategory.INJECTION, "Tourniquets"),
    (SupplyCategory.INJECTION, "Alcohol swabs"),
    (SupplyCategory.INJECTION, "Sharps containers"),
    (SupplyCategory.INHALATION, "Mouthpieces"),
    (SupplyCategory.INHALATION, "Screens"),
    (SupplyCategory.INHALATION, "Push sticks"),
    (SupplyCategory.NALOXONE, "Naloxone kits"),
]

MAX_SYNC_BATCH = 1000
FUTURE_TOLERANCE = timedelta(minutes=10)
PEER_ASSIGNMENT_STATUSES = (
    AssignmentStatus.ASSIGNED,
    AssignmentStatus.CHECKED_IN,
    AssignmentStatus.COMPLETED,
)


def catalogue_ensure(*, organisation: Organisation) -> None:
    """Give an organisation without a catalogue the BC starting catalogue (idempotent)."""
    if SupplyItem.objects.filter(organisation=organisation).exists():
        return
    with transaction.atomic():
        SupplyItem.objects.bulk_create(
            [
                SupplyItem(organisation=organisation, category=category, name=name, position=index)
                for index, (category, name) in enumerate(BC_CATALOGUE, start=1)
            ],
            ignore_conflicts=True,
        )


def supply_item_add(
    *, organisation: Organisation, category: str, name: str, user: User | None = None
) -> SupplyItem:
    with transaction.atomic():
        last = SupplyItem.objects.filter(organisation=organisation).order_by("-position").first()
        item = SupplyItem.objects.create(
            organisation=organisation,
            category=category,
            name=name.strip(),
            position=(last.position + 1) if last else 1,
        )
        audit_record(action="supply_item_added", organisation=organisation, actor=user, obj=item)
    return item


def supply_item_toggle(*, item: SupplyItem, user: User | None = None) -> SupplyItem:
    with transaction.atomic():
        item.is_active = not item.is_active
        item.save(update_fields=["is_active"])
        audit_record(
            action="supply_item_changed",
            organisation=item.organisation,
            actor=user,
            obj=item,
            active=item.is_active,
        )
    return item


# --- recording and syncing -------------------------------------------------------------------


@dataclass
class SyncResult:
    uuid: str
    status: str  # "accepted" or "rejected"
    reason: str = ""
    id: int | None = None
    duplicate: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "uuid": self.uuid,
            "status": self.status,
            "reason": self.reason,
            "id": self.id,
            "duplicate": self.duplicate,
        }


@dataclass
class _Batch:
    """What a batch needs, loaded once: the caller, shifts, who is on them, the catalogue."""

    organisation: Organisation
    user: User | None
    peer: PeerWorker | None
    is_staff: bool
    source: str
    shifts: dict[int, Shift] = field(default_factory=dict)
    on_shift: dict[int, set[int]] = field(default_factory=dict)
    # Shifts of the sender's team, when their stage lets them log services for it (peer leads).
    team_shifts: set[int] = field(default_factory=set)
    items: dict[int, SupplyItem] = field(default_factory=dict)
    peers: dict[int, PeerWorker] = field(default_factory=dict)
    # Records already saved under these UUIDs: their id and who recorded them.
    entries: dict[uuid.UUID, tuple[int, int | None]] = field(default_factory=dict)
    events: dict[uuid.UUID, tuple[int, int | None]] = field(default_factory=dict)
    grace: timedelta = timedelta(0)
    # Stock rows of the batch's sites, locked for the batch; entries are saved together at the end.
    levels: dict[tuple[int, int], StockLevel] = field(default_factory=dict)
    new_entries: dict[uuid.UUID, ServiceEntry] = field(default_factory=dict)
    waiting: list[tuple[SyncResult, ServiceEntry]] = field(default_factory=list)
    moves: list[tuple[ServiceEntry, StockLevel, int, int]] = field(default_factory=list)


def _uuid_from(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise Rejected(_("The record has no valid id (UUID).")) from None


def _load_batch(
    *,
    organisation: Organisation,
    user: User | None,
    is_staff: bool,
    records: Sequence[dict[str, Any]],
    source: str,
) -> _Batch:
    peer = (
        PeerWorker.objects.filter(organisation=organisation, user=user).first() if user is not None else None
    )
    batch = _Batch(
        organisation=organisation,
        user=user,
        peer=peer,
        is_staff=is_staff,
        source=source,
        grace=timedelta(hours=policy_for(organisation).log_grace_hours),
    )
    shift_ids = {sid for sid in (id_from(r.get("shift")) for r in records) if sid is not None}
    for shift in Shift.objects.filter(organisation=organisation, pk__in=shift_ids).select_related("site"):
        batch.shifts[shift.pk] = shift
    for shift_id, peer_id in Assignment.objects.filter(
        organisation=organisation, shift_id__in=batch.shifts, status__in=PEER_ASSIGNMENT_STATUSES
    ).values_list("shift_id", "peer_id"):
        batch.on_shift.setdefault(shift_id, set()).add(peer_id)
    if peer is not None and not is_staff and peer_can(peer, PeerCapability.LOG_TEAM_SERVICES):
        batch.team_shifts = set(team_shifts(peer).filter(pk__in=batch.shifts).values_list("pk", flat=True))
    batch.items = {item.pk: item for item in SupplyItem.objects.filter(organisation=organisation)}
    peer_ids = {
        pid
        for r in records
        if isinstance(r.get("responders"), list)
        for pid in (id_from(p) for p in r["responders"])
        if pid is not None
    }
    batch.peers = {p.pk: p for p in PeerWorker.objects.filter(organisation=organisation, pk__in=peer_ids)}
    uuids = []
    for r in records:
        try:
            uuids.append(_uuid_from(r.get("uuid")))
        except Rejected:
            continue
    for model, known in ((ServiceEntry, batch.entries), (OverdoseResponse, batch.events)):
        for client_uuid, pk, recorded_by in model.objects.filter(
            organisation=organisation, client_uuid__in=uuids
        ).values_list("client_uuid", "pk", "recorded_by"):
            known[client_uuid] = (pk, recorded_by)
    site_ids = {shift.site_id for shift in batch.shifts.values()}
    batch.levels = {
        (level.site_id, level.item_id): level
        for level in StockLevel.objects.select_for_update().filter(
            organisation=organisation, site_id__in=site_ids
        )
    }
    return batch


def _when(batch: _Batch, raw: Any, shift: Shift) -> datetime:
    """When it happened: a readable time, not in the future, within the shift's day and the grace
    the coordinator allows either side of it (so a phone with a wrong clock cannot file it years off)."""
    text = "" if isinstance(raw, datetime) else str(raw or "").strip()
    if not isinstance(raw, datetime) and not text:
        raise Rejected(_("Say when it happened (a date and time)."))
    unreadable = Rejected(
        _("“%(value)s” is not a date and time that can be read; check the phone's clock.")
        % {"value": text[:40]}
    )
    try:
        moment = raw if isinstance(raw, datetime) else parse_datetime(text)
        if moment is None:
            raise unreadable
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, batch.organisation.zone)
        too_late = moment > timezone.now() + FUTURE_TOLERANCE
        first_day = timezone.localtime(shift.starts_at, batch.organisation.zone).date()
        last_day = timezone.localtime(shift.ends_at, batch.organisation.zone).date()
        opens = datetime.combine(first_day, time.min, tzinfo=batch.organisation.zone) - batch.grace
        closes = datetime.combine(last_day, time.max, tzinfo=batch.organisation.zone) + batch.grace
        outside = not opens <= moment <= closes
        shown = timezone.localtime(moment, batch.organisation.zone).strftime("%Y-%m-%d %H:%M")
    except (ValueError, OverflowError):  # an offset of a day or more, a year the clock cannot hold
        raise unreadable from None
    if too_late:
        raise Rejected(_("The time is in the future; check the phone's clock."))
    if outside:
        raise Rejected(
            _(
                "The time %(when)s is outside this shift's day (%(day)s, give or take %(hours)s hours); "
                "check the phone's clock or choose the right shift."
            )
            % {
                "when": shown,
                "day": first_day.isoformat(),
                "hours": int(batch.grace.total_seconds() // 3600),
            }
        )
    return moment


def _shift_for(batch: _Batch, raw: dict[str, Any]) -> Shift:
    shift = batch.shifts.get(id_from(raw.get("shift")) or 0)
    if shift is None:
        raise Rejected(_("This shift does not exist in your organisation."))
    if shift.status == ShiftStatus.CANCELLED:
        raise Rejected(_("This shift was cancelled, so nothing can be logged on it."))
    if (
        not batch.is_staff
        and shift.pk not in batch.team_shifts
        and (batch.peer is None or batch.peer.pk not in batch.on_shift.get(shift.pk, set()))
    ):
        raise Rejected(_("You are not on this shift, so you cannot log services for it."))
    return shift


def _doer(batch: _Batch, raw: dict[str, Any], shift: Shift) -> int | None:
    """Who did the work: the peer sending it, or (staff, or a peer lead on a team shift, logging for
    someone) a peer on the shift."""
    for_others = batch.is_staff or shift.pk in batch.team_shifts
    if not for_others or raw.get("peer") in (None, ""):
        return batch.peer.pk if batch.peer else None
    peer_id = id_from(raw.get("peer"))
    if peer_id is None or peer_id not in batch.on_shift.get(shift.pk, set()):
        raise Rejected(_("The peer named is not on this shift."))
    return peer_id


def _take_from_stock(batch: _Batch, entry: ServiceEntry) -> None:
    """Take supplies given out from the site's stock, when the site keeps stock of that item.

    The check comes before any change, so a refused record leaves the batch's stock as it was.
    """
    if entry.kind != EntryKind.SUPPLIES or entry.item is None:
        return
    level = batch.levels.get((entry.site_id, entry.item.pk))
    if level is None:
        return  # this site does not keep stock of this item
    if level.balance < entry.quantity:
        raise Rejected(
            _(
                "Only %(balance)s %(item)s left in stock at %(site)s, fewer than %(quantity)s. "
                "Ask a coordinator to record the supplies received, then send again."
            )
            % {
                "balance": level.balance,
                "item": entry.item.name,
                "site": entry.site.name,
                "quantity": entry.quantity,
            }
        )
    level.balance -= entry.quantity
    batch.moves.append((entry, level, -entry.quantity, level.balance))


def _record_entry(batch: _Batch, raw: dict[str, Any], client_uuid: uuid.UUID) -> ServiceEntry:
    """Check one entry and queue it for the batch's single insert."""
    shift = _shift_for(batch, raw)
    item = batch.items.get(id_from(raw.get("item")) or 0)
    if raw.get("kind") == EntryKind.SUPPLIES and item is not None and not item.is_active:
        raise Rejected(_("%(item)s is no longer in the catalogue.") % {"item": item.name})
    fields = entry_fields(
        organisation=batch.organisation,
        kind=raw.get("kind"),
        quantity=raw.get("quantity"),
        item=item,
        client_code=raw.get("client_code"),
        place_name=raw.get("place_name"),
        latitude=raw.get("latitude"),
        longitude=raw.get("longitude"),
        referral_to=raw.get("referral_to"),
        referral_for=raw.get("referral_for"),
    )
    entry = ServiceEntry(
        organisation=batch.organisation,
        client_uuid=client_uuid,
        shift=shift,
        site=shift.site,
        peer_id=_doer(batch, raw, shift),
        recorded_by=batch.user,
        occurred_at=_when(batch, raw.get("occurred_at"), shift),
        source=batch.source,
        **fields,
    )
    _take_from_stock(batch, entry)
    batch.new_entries[client_uuid] = entry
    return entry


def _save_entries(batch: _Batch) -> None:
    """One insert for the batch's entries, then their stock movements and the new balances."""
    entries = list(batch.new_entries.values())
    if not entries:
        return
    now = timezone.now()
    ServiceEntry.objects.bulk_create(entries, batch_size=500)
    for result, entry in batch.waiting:
        result.id = entry.pk
    StockMovement.objects.bulk_create(
        [
            StockMovement(
                organisation_id=level.organisation_id,
                site_id=level.site_id,
                item_id=level.item_id,
                kind=MovementKind.DISTRIBUTED,
                quantity=change,
                balance_after=after,
                entry=entry,
                created_by=batch.user,
            )
            for entry, level, change, after in batch.moves
        ],
        batch_size=500,
    )
    changed = {id(level): level for _entry, level, _change, _after in batch.moves}
    for level in changed.values():
        level.updated_at = now
    StockLevel.objects.bulk_update(list(changed.values()), ["balance", "updated_at"], batch_size=500)


def _announce(event: OverdoseResponse) -> None:
    for handler in hooks.overdose_response_recorded:
        transaction.on_commit(partial(handler, event), robust=True)


def _record_overdose(batch: _Batch, raw: dict[str, Any], client_uuid: uuid.UUID) -> OverdoseResponse:
    shift = _shift_for(batch, raw)
    fields = overdose_fields(
        organisation=batch.organisation,
        place_name=raw.get("place_name"),
        place_type=raw.get("place_type"),
        product=raw.get("product"),
        doses_given=raw.get("doses_given"),
        emergency_services_called=raw.get("emergency_services_called"),
        conscious_before=raw.get("conscious_before"),
        outcome=raw.get("outcome"),
        client_code=raw.get("client_code"),
    )
    given = raw.get("responders") or []
    responder_ids = {id_from(p) for p in (given if isinstance(given, list) else [given])}
    if not responder_ids:
        raise Rejected(_("Choose who responded (at least one peer on the shift)."))
    on_shift = batch.on_shift.get(shift.pk, set())
    responders = [batch.peers[pid] for pid in responder_ids if pid in batch.peers and pid in on_shift]
    if None in responder_ids or len(responders) != len(responder_ids):
        raise Rejected(_("Responders must be peers on this shift."))
    event = OverdoseResponse.objects.create(
        organisation=batch.organisation,
        client_uuid=client_uuid,
        shift=shift,
        site=shift.site,
        occurred_at=_when(batch, raw.get("occurred_at"), shift),
        recorded_by=batch.user,
        source=batch.source,
        **fields,
    )
    event.responders.set(responders)
    _announce(event)
    return event


def _apply_one(batch: _Batch, raw: dict[str, Any]) -> SyncResult:
    label = str(raw.get("uuid", ""))[:64]
    try:
        client_uuid = _uuid_from(raw.get("uuid"))
    except Rejected as exc:
        return SyncResult(uuid=label, status="rejected", reason=exc.reason)
    label = str(client_uuid)
    if not owner_matches(batch.user, raw.get("owner")):
        # Queued on a shared device while someone else was signed in: it waits for them.
        return SyncResult(
            uuid=label,
            status="rejected",
            reason=_("This record was made by someone else signed in on this device; it waits for them."),
        )
    is_event = raw.get("type") == "overdose"
    known = batch.events if is_event else batch.entries
    if client_uuid in known:
        pk, recorded_by = known[client_uuid]
        if batch.user is None or recorded_by != batch.user.pk:
            # Someone else's record has this UUID: refuse without saying which record it is.
            return SyncResult(
                uuid=label,
                status="rejected",
                reason=_("This record's id is already used by another record; save the entry again."),
            )
        return SyncResult(uuid=label, status="accepted", id=pk, duplicate=True)
    if not readable_text(raw):
        return SyncResult(
            uuid=label,
            status="rejected",
            reason=_("The record has text with a broken character; type it again."),
        )
    if not is_event and client_uuid in batch.new_entries:
        result = SyncResult(uuid=label, status="accepted", duplicate=True)
        batch.waiting.append((result, batch.new_entries[client_uuid]))
        return result
    try:
        if is_event:
            with transaction.atomic():
                event = _record_overdose(batch, raw, client_uuid)
            known[client_uuid] = (event.pk, batch.user.pk if batch.user else None)
            return SyncResult(uuid=label, status="accepted", id=event.pk)
        entry = _record_entry(batch, raw, client_uuid)
    except Rejected as exc:
        return SyncResult(uuid=label, status="rejected", reason=exc.reason)
    result = SyncResult(uuid=label, status="accepted")
    batch.waiting.append((result, entry))
    return result


def _sync_once(
    *,
    organisation: Organisation,
    user: User | None,
    is_staff: bool,
    records: Sequence[dict[str, Any]],
    source: str,
) -> list[SyncResult]:
    with transaction.atomic():
        batch = _load_batch(
            organisation=organisation, user=user, is_staff=is_staff, records=records, source=source
        )
        results = [_apply_one(batch, raw) for raw in records]
        _save_entries(batch)
        accepted = sum(1 for r in results if r.status == "accepted" and not r.duplicate)
        if accepted:
            audit_record(
                action="service_records_synced",
                organisation=organisation,
                actor=user,
                accepted=accepted,
                rejected=sum(1 for r in results if r.status == "rejected"),
            )
    return results


def records_sync(
    *,
    organisation: Organisation,
    user: User | None,
    is_staff: bool,
    records: Sequence[dict[str, Any]],
    source: str = Source.SYNC,
) -> list[SyncResult]:
    """Upsert service records and overdose responses by their device UUID; one result per record.

    Staff may log on any shift of the organisation; a peer only on shifts they are on. The batch is
    one transaction. If another request saved some of the same UUIDs at the same moment, the
    unique constraint stops the insert; the batch then runs once more and finds them already saved.
    """
    if len(records) > MAX_SYNC_BATCH:
        raise Rejected(_("Send at most %(n)s records at a time.") % {"n": MAX_SYNC_BATCH})
    try:
        return _sync_once(
            organisation=organisation, user=user, is_staff=is_staff, records=records, source=source
        )
    except IntegrityError:
        return _sync_once(
            organisation=organisation, user=user, is_staff=is_staff, records=records, source=source
        )


# --- import -----------------------------------------------------------------------------------


def import_start(
    *, organisation: Organisation, user: User | None, file_name: str, content: bytes
) -> ImportJob:
    """Queue a CSV import; the task checks and saves it while the page polls for progress."""
    with transaction.atomic():
        job = ImportJob.objects.create(
            organisation=organisation, created_by=user, file_name=file_name[:200], content=content
        )
        audit_record(action="service_import_started", organisation=organisation, actor=user, obj=job)
        enqueue_after_commit(import_run_task, job_id=job.pk)
    return job
