"""Writes for mentoring: pair a mentor with a new peer, end a pairing, record a mentoring contact."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from peerwork.accounts.models import User
from peerwork.audit.services import audit_record
from peerwork.orgs.models import Organisation
from peerwork.peers.models import PeerWorker

from ..models import MentoringContact, Mentorship
from .selectors import stage_orders

MAX_NOTE = 140


def _check_pair(organisation: Organisation, mentor: PeerWorker, mentee: PeerWorker) -> None:
    if mentor.organisation_id != organisation.pk or mentee.organisation_id != organisation.pk:
        raise ValidationError({"mentee": [_("Choose peers of this organisation.")]})
    if mentor.pk == mentee.pk:
        raise ValidationError({"mentor": [_("A peer cannot mentor themselves; choose another mentor.")]})
    for field, peer in (("mentor", mentor), ("mentee", mentee)):
        if not peer.is_active:
            raise ValidationError({field: [_("%(name)s is not active right now.") % {"name": peer}]})
    stages = stage_orders([mentor, mentee])
    mentor_stage, mentee_stage = stages.get(mentor.pk), stages.get(mentee.pk)
    if mentor_stage is None or mentee_stage is None:
        raise ValidationError({"mentor": [_("Both peers need a place on the ladder first.")]})
    if mentor_stage[0] <= mentee_stage[0]:
        raise ValidationError(
            {
                "mentor": [
                    _(
                        "A mentor must be at a higher stage than the peer they mentor: %(mentor)s is at "
                        "%(mentor_stage)s, %(mentee)s at %(mentee_stage)s."
                    )
                    % {
                        "mentor": mentor,
                        "mentor_stage": mentor_stage[1],
                        "mentee": mentee,
                        "mentee_stage": mentee_stage[1],
                    }
                ]
            }
        )


@transaction.atomic
def mentorship_start(
    *,
    organisation: Organisation,
    mentor: PeerWorker,
    mentee: PeerWorker,
    by: User | None,
    started_on: date | None = None,
    note: str = "",
) -> Mentorship:
    """Pair ``mentor`` with ``mentee``: the mentor is higher on the ladder, the mentee has no other mentor."""
    today = organisation.today()
    started_on = started_on or today
    _check_pair(organisation, mentor, mentee)
    if started_on > today:
        raise ValidationError({"started_on": [_("A pairing starts today or earlier.")]})
    current = Mentorship.objects.select_for_update().filter(mentee=mentee, ended_on__isnull=True).first()
    if current is not None:
        raise ValidationError(
            {
                "mentee": [
                    _("%(mentee)s already has a mentor: %(mentor)s. End that pairing first.")
                    % {"mentee": mentee, "mentor": current.mentor}
                ]
            }
        )
    try:
        with transaction.atomic():
            pairing = Mentorship.objects.create(
                organisation=organisation,
                mentor=mentor,
                mentee=mentee,
                started_on=started_on,
                note=" ".join((note or "").split())[:200],
                created_by=by,
            )
    except IntegrityError:  # another person paired the same peer a moment ago
        raise ValidationError(
            {"mentee": [_("%(mentee)s already has a mentor. End that pairing first.") % {"mentee": mentee}]}
        ) from None
    audit_record(
        action="mentorship_started", organisation=organisation, actor=by, obj=pairing, mentee=mentee.pk
    )
    return pairing


@transaction.atomic
def mentorship_end(*, mentorship: Mentorship, by: User | None, ended_on: date | None = None) -> Mentorship:
    """End a pairing on ``ended_on`` (today by default): not before it started, not in the future."""
    pairing = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    if pairing.ended_on is not None:
        raise ValidationError(_("This pairing has already ended."))
    today = pairing.organisation.today()
    ended_on = ended_on or today
    if ended_on < pairing.started_on:
        raise ValidationError(
            {"ended_on": [_("The end cannot be before the start (%(day)s).") % {"day": pairing.started_on}]}
        )
    if ended_on > today:
        raise ValidationError({"ended_on": [_("A pairing ends today or earlier.")]})
    pairing.ended_on = ended_on
    pairing.ended_by = by
    pairing.save(update_fields=["ended_on", "ended_by"])
    audit_record(action="mentorship_ended", organisation=pairing.organisation, actor=by, obj=pairing)
    return pairing


@transaction.atomic
def mentoring_contact_record(
    *,
    mentorship: Mentorship,
    happened_on: date,
    minutes: int,
    by: User | None,
    note: str = "",
) -> MentoringContact:
    """A short contact between mentor and mentee, on a day the pairing was running."""
    today = mentorship.organisation.today()
    errors: dict[str, list[str]] = {}
    if happened_on > today:
        errors["happened_on"] = [_("A contact is recorded after it happened: choose today or earlier.")]
    elif happened_on < mentorship.started_on or (mentorship.ended_on and happened_on > mentorship.ended_on):
        errors["happened_on"] = [_("Choose a day while the pairing was running.")]
    if not 5 <= int(minutes) <= 480:
        errors["minutes"] = [_("Between 5 minutes and 8 hours.")]
    note = (note or "").strip()
    if "\n" in note or "\r" in note or len(note) > MAX_NOTE:
        errors["note"] = [_("One short line, at most %(count)s characters.") % {"count": MAX_NOTE}]
    if errors:
        raise ValidationError(errors)
    contact = MentoringContact.objects.create(
        organisation=mentorship.organisation,
        mentorship=mentorship,
        happened_on=happened_on,
        minutes=int(minutes),
        note=note,
        recorded_by=by,
    )
    audit_record(
        action="mentoring_contact_recorded",
        organisation=mentorship.organisation,
        actor=by,
        obj=contact,
        minutes=contact.minutes,
    )
    return contact
