"""Records a peer makes outside any shift: needles picked up, or an overdose answered on the way
home, entered afterwards on their paired phone or at the kiosk, with when and where.

The on-shift rules (``services.records_sync``) are untouched: these records carry no shift, only
the peer, the site whose area it was in, the time and the place. An overdose response opens debrief
offers for its responders exactly as one on a shift, and is paid when the organisation sets an
honorarium (``hooks.offshift_response_paid``), within each responder's earnings limits.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from peerwork.accounts.models import User
from peerwork.audit.services import audit_record
from peerwork.orgs.models import Organisation, Site
from peerwork.peers.models import PeerStatus, PeerWorker

from . import hooks
from .models import EntryKind, OverdoseResponse, ServiceEntry, Source
from .records import Rejected, entry_fields, overdose_fields

FUTURE_TOLERANCE = timedelta(minutes=10)
# "Afterwards" means days, not months: older events belong with a coordinator's correction.
OFFSHIFT_MAX_AGE = timedelta(days=14)


@dataclass
class OffShiftResult:
    record: ServiceEntry | OverdoseResponse
    duplicate: bool = False
    pay_lines: list[str] = field(default_factory=list)


def _invalid(name: str, message: str) -> ValidationError:
    return ValidationError({name: [message]})


def _moment(organisation: Organisation, raw: Any) -> datetime:
    text = "" if isinstance(raw, datetime) else str(raw or "").strip()
    if not isinstance(raw, datetime) and not text:
        raise _invalid("occurred_at", _("Say when it happened (a date and time)."))
    try:
        moment = raw if isinstance(raw, datetime) else parse_datetime(text)
    except (ValueError, OverflowError):
        moment = None
    if moment is None:
        raise _invalid(
            "occurred_at", _("“%(value)s” is not a date and time that can be read.") % {"value": text[:40]}
        )
    now = timezone.now()
    try:
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, organisation.zone)
        future = moment > now + FUTURE_TOLERANCE
        old = moment < now - OFFSHIFT_MAX_AGE
    except (ValueError, OverflowError):  # a year or an offset no clock can hold
        raise _invalid("occurred_at", _("That date and time cannot be used; check it.")) from None
    if future:
        raise _invalid("occurred_at", _("The time is in the future; say when it happened."))
    if old:
        raise _invalid(
            "occurred_at",
            _("That was more than %(days)s days ago; ask a coordinator to record it.")
            % {"days": OFFSHIFT_MAX_AGE.days},
        )
    return moment


def _site(organisation: Organisation, raw: Any) -> Site:
    try:
        site_id = int(getattr(raw, "pk", raw) or 0)
    except (TypeError, ValueError):
        site_id = 0
    site = (
        Site.objects.filter(organisation=organisation, pk=site_id, is_active=True).first()
        if site_id
        else None
    )
    if site is None:
        raise _invalid("site", _("Choose one of your organisation's sites: the area where it happened."))
    return site


def _peer(organisation: Organisation, user: User) -> PeerWorker:
    peer = PeerWorker.objects.filter(organisation=organisation, user=user).first()
    if peer is None or peer.status != PeerStatus.ACTIVE:
        raise ValidationError(_("Only an active peer can record work done off shift."))
    return peer


def _client_uuid(raw: Any) -> uuid.UUID:
    if raw in (None, ""):
        return uuid.uuid4()
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        raise _invalid("uuid", _("The record has no valid id (UUID).")) from None


def _rejected(exc: Rejected, name: str = "__all__") -> ValidationError:
    return ValidationError({name: [exc.reason]})


def offshift_sharps_record(
    *,
    organisation: Organisation,
    user: User,
    site: Any,
    occurred_at: Any,
    quantity: Any,
    place_name: Any = "",
    latitude: Any = None,
    longitude: Any = None,
    client_uuid: Any = None,
    source: str = Source.PAGE,
) -> OffShiftResult:
    """Needles a peer picked up outside a shift. Raises ValidationError (by field) and saves nothing."""
    peer = _peer(organisation, user)
    key = _client_uuid(client_uuid)
    known = ServiceEntry.objects.filter(organisation=organisation, client_uuid=key).first()
    if known is not None:
        if known.recorded_by_id != user.pk:
            raise _invalid("uuid", _("This record's id is already used by another record; save it again."))
        return OffShiftResult(record=known, duplicate=True)
    where = _site(organisation, site)
    when = _moment(organisation, occurred_at)
    try:
        fields = entry_fields(
            organisation=organisation,
            kind=EntryKind.SHARPS,
            quantity=quantity,
            item=None,
            place_name=place_name,
            latitude=latitude,
            longitude=longitude,
        )
    except Rejected as exc:
        raise _rejected(exc) from None
    with transaction.atomic():
        entry = ServiceEntry.objects.create(
            organisation=organisation,
            client_uuid=key,
            shift=None,
            site=where,
            peer=peer,
            recorded_by=user,
            occurred_at=when,
            source=source,
            **fields,
        )
        audit_record(action="sharps_recorded_off_shift", organisation=organisation, actor=user, obj=entry)
    return OffShiftResult(record=entry)


def offshift_overdose_record(
    *,
    organisation: Organisation,
    user: User,
    site: Any,
    occurred_at: Any,
    place_name: Any = "",
    place_type: Any = "",
    product: Any = "",
    doses_given: Any = 1,
    emergency_services_called: Any = False,
    conscious_before: Any = False,
    outcome: Any = "",
    client_code: Any = "",
    other_responders: Any = (),
    client_uuid: Any = None,
    source: str = Source.PAGE,
) -> OffShiftResult:
    """An overdose response a peer made outside a shift; the peer and any named active peers of
    the organisation responded. Opens debrief offers (on commit) and pays the honorarium if set."""
    peer = _peer(organisation, user)
    key = _client_uuid(client_uuid)
    known = OverdoseResponse.objects.filter(organisation=organisation, client_uuid=key).first()
    if known is not None:
        if known.recorded_by_id != user.pk:
            raise _invalid("uuid", _("This record's id is already used by another record; save it again."))
        return OffShiftResult(record=known, duplicate=True)
    where = _site(organisation, site)
    when = _moment(organisation, occurred_at)
    try:
        fields = overdose_fields(
            organisation=organisation,
            place_name=place_name,
            place_type=place_type,
            product=product,
            doses_given=doses_given,
            emergency_services_called=emergency_services_called,
            conscious_before=conscious_before,
            outcome=outcome,
            client_code=client_code,
        )
    except Rejected as exc:
        raise _rejected(exc) from None
    others = _other_responders(organisation, peer, other_responders)
    with transaction.atomic():
        event = OverdoseResponse.objects.create(
            organisation=organisation,
            client_uuid=key,
            shift=None,
            site=where,
            occurred_at=when,
            recorded_by=user,
            source=source,
            **fields,
        )
        event.responders.set([peer, *others])
        audit_record(action="overdose_recorded_off_shift", organisation=organisation, actor=user, obj=event)
        pay_lines = hooks.offshift_response_paid(event)
        for handler in hooks.overdose_response_recorded:
            transaction.on_commit(partial(handler, event), robust=True)
    return OffShiftResult(record=event, pay_lines=pay_lines)


def _other_responders(organisation: Organisation, peer: PeerWorker, raw: Any) -> list[PeerWorker]:
    values = [raw] if raw is None or isinstance(raw, str | int) else list(raw)
    ids: set[int] = set()
    for value in values:
        if value in (None, ""):
            continue
        try:
            ids.add(int(getattr(value, "pk", value)))
        except (TypeError, ValueError):
            raise _invalid("other_responders", _("Choose the other responders from the list.")) from None
    ids.discard(peer.pk)
    found = list(PeerWorker.objects.filter(organisation=organisation, pk__in=ids, status=PeerStatus.ACTIVE))
    if len(found) != len(ids):
        raise _invalid("other_responders", _("Other responders must be active peers of your organisation."))
    return found
