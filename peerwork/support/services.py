"""Writes for support: supervision sessions, schedules, debrief offers and their outcomes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from peerwork.accounts.models import Membership, User
from peerwork.audit.services import audit_record
from peerwork.orgs.models import Organisation
from peerwork.pathway.models import Stage
from peerwork.peers.models import PeerWorker
from peerwork.services.models import OverdoseResponse

from .models import (
    OUTCOME_STATUSES,
    DebriefOffer,
    DebriefStatus,
    SessionKind,
    SupervisionSchedule,
    SupervisionSession,
)
from .selectors.supervision import org_supervisors, usual_supervisor

DEBRIEF_DUE = timedelta(hours=72)
# Records older than this (e.g. imported history) get no offer: a debrief weeks later is not one.
DEBRIEF_OFFER_WINDOW = timedelta(days=14)


def _can_supervise(user: User, organisation: Organisation) -> bool:
    memberships = Membership.objects.filter(user=user, organisation=organisation, is_active=True)
    return any(membership.can("can_supervise") for membership in memberships)


def supervision_session_record(
    *,
    organisation: Organisation,
    supervisor: User,
    kind: str,
    held_on: date,
    duration_minutes: int,
    peers: Iterable[PeerWorker],
    notes: str = "",
    debriefs: Iterable[DebriefOffer] = (),
    created_by: User | None = None,
    request: HttpRequest | None = None,
) -> SupervisionSession:
    """Record a held session. Refuses a session with no peers, or one-to-one with several.

    ``debriefs``: open offers this session was the debrief for; each is recorded as held (one to
    one or in the group) — only for peers who were in the session.
    """
    peers = list(peers)
    debriefs = list(debriefs)
    errors: dict[str, list[str]] = {}
    if not peers:
        errors["peers"] = [_("Choose at least one peer who was in the session.")]
    elif kind == SessionKind.INDIVIDUAL and len(peers) > 1:
        errors["peers"] = [_("A one-to-one session has exactly one peer. Choose 'Group' for several.")]
    if any(peer.organisation_id != organisation.pk for peer in peers):
        errors["peers"] = [_("Choose peers of your own organisation.")]
    if kind not in SessionKind.values:
        errors["kind"] = [_("Choose one-to-one or group.")]
    if held_on > organisation.today():
        errors["held_on"] = [_("Record a session once it has been held; this date is in the future.")]
    if not _can_supervise(supervisor, organisation):
        errors["supervisor"] = [_("The supervisor must be a supervisor of this organisation.")]
    peer_ids = {peer.pk for peer in peers}
    strangers = [offer.peer.preferred_name for offer in debriefs if offer.peer_id not in peer_ids]
    if strangers:
        errors["debriefs"] = [
            _("A debrief can be recorded here only for a peer in the session: %(names)s.")
            % {"names": ", ".join(strangers)}
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        session = SupervisionSession(
            organisation=organisation,
            kind=kind,
            held_on=held_on,
            supervisor=supervisor,
            duration_minutes=duration_minutes,
            notes=notes.strip(),
            created_by=created_by,
        )
        session.full_clean(exclude=["peers"])
        session.save()
        session.peers.set(peers)
        audit_record(
            action="supervision_recorded",
            request=request,
            organisation=organisation,
            actor=created_by,
            obj=session,
            peers=[peer.pk for peer in peers],
            kind=kind,
        )
        held = DebriefStatus.HELD_GROUP if kind == SessionKind.GROUP else DebriefStatus.HELD_INDIVIDUAL
        for offer in debriefs:
            debrief_outcome_record(
                organisation=organisation,
                response=offer.response,
                peer=offer.peer,
                status=held,
                outcome_on=held_on,
                group_session=session if kind == SessionKind.GROUP else None,
                recorded_by=created_by,
                request=request,
            )
    return session


def supervision_schedule_set(
    *, organisation: Organisation, stage: Stage, every_days: int | None, request: HttpRequest | None = None
) -> SupervisionSchedule | None:
    """Set how often peers at ``stage`` should have supervision; ``None`` removes the schedule."""
    if stage.organisation_id != organisation.pk:
        raise ValidationError({"stage": [_("Choose a stage of your own organisation's ladder.")]})
    with transaction.atomic():
        if every_days is None:
            SupervisionSchedule.objects.filter(organisation=organisation, stage=stage).delete()
            schedule = None
        else:
            if not 1 <= every_days <= 366:
                raise ValidationError({"every_days": [_("Give a number of days from 1 to 366.")]})
            schedule, _created = SupervisionSchedule.objects.update_or_create(
                stage=stage, defaults={"organisation": organisation, "every_days": every_days}
            )
        audit_record(
            action="supervision_schedule_set",
            request=request,
            organisation=organisation,
            obj=stage,
            every_days=every_days,
        )
    return schedule


def _round_robin_supervisor(organisation: Organisation) -> User | None:
    supervisors = list(org_supervisors(organisation))
    if not supervisors:
        return None
    last = (
        DebriefOffer.objects.filter(organisation=organisation, supervisor__isnull=False)
        .order_by("-created_at", "-id")
        .values_list("supervisor_id", flat=True)
        .first()
    )
    ids = [user.pk for user in supervisors]
    if last in ids:
        return supervisors[(ids.index(last) + 1) % len(supervisors)]
    return supervisors[0]


def debrief_offers_create(*, response: OverdoseResponse) -> list[DebriefOffer]:
    """Offer each responder a debrief, due 72 hours after the event, assigned to a supervisor.

    The peer's usual supervisor takes it; otherwise the organisation's supervisors in turn.
    Safe to call again for the same response (a re-synced record): existing offers stay.
    """
    if response.occurred_at < timezone.now() - DEBRIEF_OFFER_WINDOW:
        return []
    created = []
    with transaction.atomic():
        for peer in response.responders.filter(organisation_id=response.organisation_id):
            if DebriefOffer.objects.filter(response=response, peer=peer).exists():
                continue
            supervisor = usual_supervisor(peer) or _round_robin_supervisor(response.organisation)
            offer = DebriefOffer.objects.create(
                organisation=response.organisation,
                response=response,
                peer=peer,
                supervisor=supervisor,
                due_at=response.occurred_at + DEBRIEF_DUE,
            )
            audit_record(
                action="debrief_offered",
                organisation=response.organisation,
                obj=offer,
                peer=peer.pk,
                supervisor=supervisor.pk if supervisor else None,
            )
            created.append(offer)
    return created


def debrief_offers_on_response(response: OverdoseResponse) -> None:
    """The ``overdose_response_recorded`` hook: offers for every responder (run on commit)."""
    debrief_offers_create(response=response)


def debrief_outcome_record(
    *,
    organisation: Organisation,
    response: OverdoseResponse,
    peer: PeerWorker,
    status: str,
    outcome_on: date,
    note: str = "",
    group_session: SupervisionSession | None = None,
    recorded_by: User | None = None,
    request: HttpRequest | None = None,
) -> DebriefOffer:
    """Record how a debrief offer ended: held (one to one or in a group), declined, not reached.

    Refused with a clear message when ``peer`` did not respond to ``response``.
    """
    if response.organisation_id != organisation.pk or peer.organisation_id != organisation.pk:
        raise ValidationError(_("That overdose response or peer is not part of your organisation."))
    if not response.responders.filter(pk=peer.pk).exists():
        raise ValidationError(
            {
                "peer": [
                    _(
                        "%(peer)s is not recorded as a responder to this overdose response, so there is "
                        "no debrief to record for them. If they did respond, add them to the response first."
                    )
                    % {"peer": peer.preferred_name}
                ]
            }
        )
    if status not in OUTCOME_STATUSES:
        raise ValidationError({"status": [_("Choose held, declined or could not reach.")]})
    if outcome_on > organisation.today():
        raise ValidationError({"outcome_on": [_("The date cannot be in the future.")]})
    if outcome_on < organisation.today(response.occurred_at):
        raise ValidationError({"outcome_on": [_("The date cannot be before the overdose response.")]})
    if group_session is not None and (
        status != DebriefStatus.HELD_GROUP or not group_session.peers.filter(pk=peer.pk).exists()
    ):
        raise ValidationError(
            {"group_session": [_("Link a group session only for a group debrief the peer was in.")]}
        )
    with transaction.atomic():
        offer, _created = DebriefOffer.objects.select_for_update().get_or_create(
            response=response,
            peer=peer,
            defaults={
                "organisation": organisation,
                "supervisor": recorded_by,
                "due_at": response.occurred_at + DEBRIEF_DUE,
            },
        )
        offer.status = status
        offer.outcome_on = outcome_on
        offer.outcome_note = note.strip()[:300]
        offer.group_session = group_session
        offer.recorded_by = recorded_by
        offer.recorded_at = timezone.now()
        offer.save()
        audit_record(
            action="debrief_outcome_recorded",
            request=request,
            organisation=organisation,
            actor=recorded_by,
            obj=offer,
            status=status,
        )
    return offer
