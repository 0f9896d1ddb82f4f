"""Two-way SMS: a freed place offered by text to the waitlist in small waves; the first valid YES takes it.

A new shift made at short notice (starting within SHORT_NOTICE) that nobody has asked for has no
waitlist: its places go out as an open call to the peers who may take it, those with the fewest
hours in the last weeks first, then those who have waited longest since their last shift.

Offers go only to peers with a number and consent who have not replied STOP, and only when the one
rule check (``rules.may_take``) says yes; it is asked again when the YES arrives. Each offer has its own
4-digit code so an old YES never takes a new place. Inbound texts are stored once per provider id
(unique), so a provider's retry is never processed twice. Texts never name the programme's purpose
or a benefit: a role that speaks of harm reduction goes by its neutral title.
"""

from __future__ import annotations

import contextlib
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from peerwork.accounts.models import User
from peerwork.audit.services import audit_record
from peerwork.core.runs import enqueue_after_commit, enqueue_or_wait
from peerwork.core.sms import normalise_phone, send_sms
from peerwork.orgs.models import Organisation
from peerwork.peers.models import PeerStatus, PeerWorker

from . import rules, selectors
from .attendance import pay_text
from .models import (
    Assignment,
    AssignmentSource,
    AssignmentStatus,
    Shift,
    ShiftStatus,
    SignUp,
    SmsDirection,
    SmsMessage,
    SmsOffer,
    SmsOfferStatus,
)

NEUTRAL_TITLE = "Community support work"
# A shift made by hand that starts within this time is offered by text at once (when offers are on).
SHORT_NOTICE = timedelta(hours=48)
# An outgoing text is saved "waiting", then "sending" while a worker sends it; after that its
# status is the provider's ("queued", "delivered", "failed"…).
TEXT_WAITING = "waiting"
TEXT_SENDING = "sending"
REQUEUE_WAITING_AFTER = timedelta(minutes=2)


def can_text(peer: PeerWorker) -> bool:
    """A number, consent to texts, no STOP since, and the number has not failed."""
    return bool(peer.phone and peer.sms_consent_at and not peer.sms_opt_out_at and not peer.sms_failed_at)


def peer_language(peer: PeerWorker) -> str:
    user = peer.user if peer.user_id else None
    return (user.language if user is not None else "") or peer.organisation.language or "en"


def _title(shift: Shift) -> str:
    role = shift.role
    if role.public_title:
        return role.public_title
    return _(NEUTRAL_TITLE) if role.reveals_programme else role.name


def offer_text(offer: SmsOffer) -> str:
    shift = offer.shift
    zone = shift.organisation.zone
    start = timezone.localtime(shift.starts_at, zone)
    end = timezone.localtime(shift.ends_at, zone)
    expires = timezone.localtime(offer.expires_at, zone)
    day = _("today") if start.date() == shift.organisation.today() else formats.date_format(start, "D j M")
    pay = pay_text(shift, offer.peer)
    params = {
        "title": _title(shift),
        "day": day,
        "start": f"{start:%H:%M}",
        "end": f"{end:%H:%M}",
        "site": shift.site.name,
        "pay": f", {pay}" if pay else "",
        "code": offer.code,
        "expires": f"{expires:%H:%M}",
    }
    return (
        _(
            "%(title)s %(day)s %(start)s–%(end)s at %(site)s%(pay)s. Reply YES %(code)s to take it, "
            "NO %(code)s to pass. Offer ends %(expires)s."
        )
        % params
    )


def _send(peer: PeerWorker, body: str, *, offer: SmsOffer | None = None) -> SmsMessage:
    """Save the text and queue it: a worker sends it once the offer is committed (``send_text``)."""
    message = SmsMessage.objects.create(
        organisation=peer.organisation,
        peer=peer,
        offer=offer,
        direction=SmsDirection.OUT,
        phone=peer.phone,
        body=body,
        status=TEXT_WAITING,
    )
    enqueue_after_commit(send_text, message.pk)
    return message


@task()
def send_text(message_id: int) -> str:
    """Send one saved outgoing text; the page that made the offer never waits for the provider.

    The text is claimed before it goes (waiting to sending, one UPDATE), so a second run of the
    task (queued again by ``offers_advance``, or run again by RQ after its worker died) never sends
    a copy. One the provider refuses is waiting again, and the task fails, to be tried again.
    """
    claimed = SmsMessage.objects.filter(
        pk=message_id, direction=SmsDirection.OUT, status=TEXT_WAITING
    ).update(status=TEXT_SENDING)
    if not claimed:
        return "already sent"
    message = SmsMessage.objects.get(pk=message_id)
    try:
        provider_id = send_sms(message.phone, message.body)
    except Exception:
        SmsMessage.objects.filter(pk=message_id).update(status=TEXT_WAITING)
        raise
    SmsMessage.objects.filter(pk=message_id).update(
        provider_id=None if provider_id in ("", "console") else provider_id, status="queued"
    )
    return "sent"


def _new_code(peer: PeerWorker) -> str:
    taken = set(SmsOffer.objects.filter(peer=peer).values_list("code", flat=True))
    while True:
        code = f"{secrets.randbelow(9000) + 1000}"
        if code not in taken:
            return code


def _free_places(shift: Shift) -> int:
    return shift.slots - shift.assignments.filter(status__in=selectors.HOLDING).count()


def offers_expire(*, shift: Shift | None = None, now: datetime | None = None) -> int:
    now = now or timezone.now()
    qs = SmsOffer.objects.filter(status=SmsOfferStatus.OPEN, expires_at__lte=now)
    if shift is not None:
        qs = qs.filter(shift=shift)
    return qs.update(status=SmsOfferStatus.EXPIRED)


@transaction.atomic
def offers_send_wave(*, shift: Shift, now: datetime | None = None) -> list[SmsOffer]:
    """Offer a freed place to the next wave of the waitlist, if no offer for it is still open."""
    now = now or timezone.now()
    shift = Shift.objects.select_for_update().select_related("organisation", "role", "site").get(pk=shift.pk)
    if now >= shift.ends_at or shift.status == ShiftStatus.CANCELLED or _free_places(shift) <= 0:
        return []
    offers_expire(shift=shift, now=now)
    if SmsOffer.objects.filter(shift=shift, status=SmsOfferStatus.OPEN).exists():
        return []
    policy = selectors.policy_for(shift.organisation)
    offered = set(SmsOffer.objects.filter(shift=shift).values_list("peer_id", flat=True))
    asked = SignUp.objects.filter(shift=shift).exists()
    candidates = _waitlist(shift) if asked else _open_call(shift, now)
    waiting = [peer for peer in candidates if peer.pk not in offered and can_text(peer)]
    verdicts = rules.may_take_many(shift.organisation, [(peer, shift) for peer in waiting])
    wave = 1 + (
        SmsOffer.objects.filter(shift=shift).order_by("-wave").values_list("wave", flat=True).first() or 0
    )
    made: list[SmsOffer] = []
    for peer in waiting:
        if len(made) >= policy.sms_wave_size:
            break
        if not verdicts[(peer.pk, shift.pk)].ok:
            continue
        offer = SmsOffer.objects.create(
            organisation=shift.organisation,
            shift=shift,
            peer=peer,
            code=_new_code(peer),
            wave=wave,
            sent_at=now,
            expires_at=now + timedelta(minutes=policy.sms_offer_minutes),
        )
        with translation.override(peer_language(peer)):
            _send(peer, offer_text(offer), offer=offer)
        made.append(offer)
    return made


def _waitlist(shift: Shift) -> list[PeerWorker]:
    """The peers waiting for a place on the shift, in waitlist order."""
    return [
        signup.peer
        for signup in SignUp.objects.filter(
            shift=shift, withdrawn_at__isnull=True, waitlist_position__isnull=False
        )
        .exclude(peer__assignments__shift=shift)
        .select_related("peer__user", "peer__organisation")
        .order_by("waitlist_position", "id")
    ]


def _open_call(shift: Shift, now: datetime) -> list[PeerWorker]:
    """Everyone at the shift's site who might take a shift nobody asked for, fairest first: the
    fewest hours worked in the last weeks, then the longest since their last shift (a newcomer who
    has had none comes first), then the longest with the programme."""
    organisation = shift.organisation
    peers = list(
        PeerWorker.objects.filter(organisation=organisation, status=PeerStatus.ACTIVE)
        .filter(Q(sites=shift.site) | Q(sites__isnull=True))
        .exclude(assignments__shift=shift)
        .select_related("user", "organisation")
        .distinct()
    )
    ids = [peer.pk for peer in peers]
    hours = selectors.recent_hours(organisation, ids, now)
    last = selectors.last_shift_dates(organisation, ids)
    peers.sort(
        key=lambda peer: (hours.get(peer.pk, 0.0), last.get(peer.pk, date.min), peer.joined_on, peer.pk)
    )
    return peers


def offers_for_new_shift(*, shift: Shift, now: datetime | None = None) -> list[SmsOffer]:
    """Text the first wave about a shift made at short notice, if offers by text are on and its
    sign-up is open; a shift further off goes through sign-up and the week's allocation."""
    now = now or timezone.now()
    if not selectors.policy_for(shift.organisation).sms_offers:
        return []
    if not now < shift.starts_at <= now + SHORT_NOTICE:
        return []
    if shift.signup_opens_at is not None and shift.signup_opens_at > now:
        return []
    return offers_send_wave(shift=shift, now=now)


# --- inbound -----------------------------------------------------------------------------------

_WORDS = re.compile(r"[^\w]+", re.UNICODE)
YES_WORDS = {"yes", "y", "oui", "ja", "si", "ok"}
NO_WORDS = {"no", "n", "non", "nei", "nein", "nee"}
STOP_WORDS = {"stop", "stopall", "unsubscribe", "cancel", "end", "quit", "arret", "arrêt", "stopp"}
START_WORDS = {"start", "unstop", "begin"}
HELP_WORDS = {"help", "info", "aide", "hjelp", "hilfe", "hulp"}


@dataclass(frozen=True)
class Inbound:
    reply: str | None
    duplicate: bool = False
    message: SmsMessage | None = None


def _peer_for(phone: str) -> PeerWorker | None:
    return (
        PeerWorker.objects.filter(phone=phone)
        .select_related("user", "organisation")
        .order_by("-sms_consent_at", "id")
        .first()
    )


def number_owner() -> Organisation | None:
    """Whose coordinators read a text from a number no peer has (see SMS_INBOX_ORGANISATION)."""
    if settings.SMS_INBOX_ORGANISATION:
        return Organisation.objects.filter(slug=settings.SMS_INBOX_ORGANISATION).first()
    only = list(Organisation.objects.all()[:2])
    return only[0] if len(only) == 1 else None


def help_text() -> str:
    return _("Reply YES and the code to take an offered place, NO and the code to pass, STOP to end texts.")


def sms_inbound(*, phone: str, body: str, provider_id: str, now: datetime | None = None) -> Inbound:
    """Handle one inbound text once; the reply to send back (None: send nothing)."""
    now = now or timezone.now()
    with contextlib.suppress(ValueError):
        phone = normalise_phone(phone)
    peer = _peer_for(phone)
    try:
        with transaction.atomic():
            message = SmsMessage.objects.create(
                organisation=peer.organisation if peer else number_owner(),
                peer=peer,
                direction=SmsDirection.IN,
                phone=phone,
                body=body[:1600],
                provider_id=provider_id or None,
                status="received",
                # A stranger's text (a peer's new phone, a family member) waits for a coordinator.
                needs_coordinator=peer is None,
                created_at=now,
            )
    except IntegrityError:
        return Inbound(reply=None, duplicate=True)
    language = peer_language(peer) if peer else "en"
    with translation.override(language):
        reply = _handle(peer, message, now)
    if reply is not None and peer is not None and not peer.sms_opt_out_at:
        with translation.override(language):
            SmsMessage.objects.create(
                organisation=peer.organisation,
                peer=peer,
                offer=message.offer,
                direction=SmsDirection.OUT,
                phone=phone,
                body=reply,
                status="reply",
                created_at=now,
            )
    return Inbound(reply=reply, message=message)


def _handle(peer: PeerWorker | None, message: SmsMessage, now: datetime) -> str | None:
    words = [w for w in _WORDS.split(message.body.strip().lower()) if w]
    keyword = words[0] if words else ""
    code = next((w for w in words[1:] if w.isdigit()), "")
    if keyword in STOP_WORDS:
        if peer is not None:
            PeerWorker.objects.filter(phone=peer.phone).update(sms_opt_out_at=now)
            SmsOffer.objects.filter(peer__phone=peer.phone, status=SmsOfferStatus.OPEN).update(
                status=SmsOfferStatus.PASSED, answered_at=now
            )
        return _("You will get no more texts from us. Reply START to get them again.")
    if keyword in START_WORDS:
        if peer is None:
            return _("We do not know this number. Please ask at the desk.")
        PeerWorker.objects.filter(phone=peer.phone).update(sms_opt_out_at=None)
        peer.sms_opt_out_at = None
        return _("Texts are back on. Reply STOP to end them.")
    if peer is None:
        return _("We do not know this number. Please ask at the desk.")
    if peer.sms_opt_out_at:
        return None  # opted out: nothing goes back until START
    if keyword in HELP_WORDS:
        return help_text()
    if keyword in YES_WORDS or keyword in NO_WORDS:
        offer = (
            SmsOffer.objects.filter(peer__phone=peer.phone, code=code).select_related("shift").first()
            if code
            else None
        )
        if offer is None:
            if not code:
                offer = SmsOffer.objects.filter(peer__phone=peer.phone, status=SmsOfferStatus.OPEN).first()
                if offer is not None:
                    return _("Please reply %(word)s with the code, for example %(word)s %(code)s.") % {
                        "word": "YES" if keyword in YES_WORDS else "NO",
                        "code": offer.code,
                    }
            return _("That code does not match an offer. Check the number in our text.")
        SmsMessage.objects.filter(pk=message.pk).update(offer=offer)
        message.offer = offer
        if keyword in NO_WORDS:
            return _offer_pass(offer, now)
        return offer_accept(offer=offer, now=now)
    SmsMessage.objects.filter(pk=message.pk).update(needs_coordinator=True)
    return _("Thanks, a coordinator will read this.") + " " + help_text()


def _offer_pass(offer: SmsOffer, now: datetime) -> str:
    updated = SmsOffer.objects.filter(pk=offer.pk, status=SmsOfferStatus.OPEN, expires_at__gt=now).update(
        status=SmsOfferStatus.PASSED, answered_at=now
    )
    if updated:
        transaction.on_commit(lambda: _next_wave_if_none_open(offer.shift_id, now))
    return _("Thanks, you passed. We will text you about other places.")


def _next_wave_if_none_open(shift_id: int, now: datetime) -> None:
    shift = Shift.objects.filter(pk=shift_id).first()
    if shift is not None:
        offers_send_wave(shift=shift, now=now)


@transaction.atomic
def offer_accept(*, offer: SmsOffer, now: datetime | None = None) -> str:
    """The YES: lock the shift, check the place is free and the rules allow it, then take it."""
    now = now or timezone.now()
    shift = (
        Shift.objects.select_for_update()
        .select_related("organisation", "role", "site")
        .get(pk=offer.shift_id)
    )
    offer = SmsOffer.objects.select_for_update().select_related("peer").get(pk=offer.pk)
    local = timezone.localtime(shift.starts_at, shift.organisation.zone)
    params = {"title": _title(shift), "time": f"{local:%H:%M}", "site": shift.site.name}
    if offer.status == SmsOfferStatus.TAKEN:
        return _("You already have this place: %(title)s at %(time)s, %(site)s.") % params
    if offer.status == SmsOfferStatus.LOST:
        return _("Sorry, it's taken. Thank you for replying so fast; we will text you about the next one.")
    if offer.status in (SmsOfferStatus.PASSED, SmsOfferStatus.REFUSED):
        return _("This offer is closed. We will text you about other places.")
    if offer.expires_at <= now or shift.status == ShiftStatus.CANCELLED or now >= shift.ends_at:
        SmsOffer.objects.filter(pk=offer.pk).update(status=SmsOfferStatus.EXPIRED)
        return _("Sorry, this offer has ended. Thank you for replying; we will text you about the next one.")
    if _free_places(shift) <= 0:
        SmsOffer.objects.filter(pk=offer.pk).update(status=SmsOfferStatus.LOST, answered_at=now)
        return _("Sorry, it's taken. Thank you for replying so fast; we will text you about the next one.")
    verdict = rules.may_take(offer.peer, shift)
    if not verdict.ok:
        SmsOffer.objects.filter(pk=offer.pk).update(status=SmsOfferStatus.REFUSED, answered_at=now)
        return _("Sorry, you cannot take this place: %(why)s") % {"why": verdict.text()}
    asked = SignUp.objects.filter(shift=shift, peer=offer.peer).exists()
    source = AssignmentSource.WAITLIST if asked else AssignmentSource.TEXT_OFFER
    existing = Assignment.objects.filter(shift=shift, peer=offer.peer).first()
    if existing is not None:
        existing.status = AssignmentStatus.ASSIGNED
        existing.source = source
        existing.save(update_fields=["status", "source"])
    else:
        Assignment.objects.create(
            organisation=shift.organisation,
            shift=shift,
            peer=offer.peer,
            status=AssignmentStatus.ASSIGNED,
            source=source,
        )
    SmsOffer.objects.filter(pk=offer.pk).update(status=SmsOfferStatus.TAKEN, answered_at=now)
    SignUp.objects.filter(shift=shift, peer=offer.peer).update(
        waitlist_position=None, outcome_reason=_("A place opened and it is yours.")
    )
    if _free_places(shift) <= 0:
        SmsOffer.objects.filter(shift=shift, status=SmsOfferStatus.OPEN).exclude(pk=offer.pk).update(
            status=SmsOfferStatus.LOST
        )
    return _("It's yours: %(title)s at %(time)s, %(site)s. See you there.") % params


@transaction.atomic
def sms_message_handled(*, message: SmsMessage, by: User) -> SmsMessage:
    """A coordinator has dealt with a text that waited for one; the audit trail says who and when."""
    SmsMessage.objects.filter(pk=message.pk).update(needs_coordinator=False)
    message.needs_coordinator = False
    audit_record(action="sms_handled", organisation=message.organisation, actor=by, obj=message)
    return message


def sms_status(*, provider_id: str, status: str, now: datetime | None = None) -> bool:
    """The provider's delivery callback; a failed number is flagged for the coordinator."""
    now = now or timezone.now()
    message = SmsMessage.objects.filter(provider_id=provider_id).select_related("peer").first()
    if message is None:
        return False
    SmsMessage.objects.filter(pk=message.pk).update(status=status[:16])
    if status in ("failed", "undelivered") and message.peer_id:
        PeerWorker.objects.filter(pk=message.peer_id).update(sms_failed_at=now)
    return True


def offers_advance(*, now: datetime | None = None) -> int:
    """Expire offers past their time and text the next wave where a place is still free (periodic).

    Texts of open offers still waiting to go (the queue was down when they were saved) are queued
    again.
    """
    now = now or timezone.now()
    offers_expire(now=now)
    waiting = SmsMessage.objects.filter(
        direction=SmsDirection.OUT,
        status=TEXT_WAITING,
        created_at__lt=now - REQUEUE_WAITING_AFTER,
        offer__status=SmsOfferStatus.OPEN,
    )
    for message_id in waiting.values_list("pk", flat=True):
        enqueue_or_wait(send_text, message_id)
    shift_ids = (
        SmsOffer.objects.filter(shift__ends_at__gt=now, shift__organisation__shift_policy__sms_offers=True)
        .exclude(shift__sms_offers__status=SmsOfferStatus.OPEN)
        .values_list("shift_id", flat=True)
        .distinct()
    )
    sent = 0
    for shift in Shift.objects.filter(pk__in=list(shift_ids)):
        sent += len(offers_send_wave(shift=shift, now=now))
    return sent
