"""Writes for wellbeing check-ins, through the questionnaire engine's services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from peerwork.accounts.models import User
from peerwork.assessments import services as assessments
from peerwork.assessments.models import AssessmentResponse, Instrument, Mode
from peerwork.peers.models import PeerWorker

from .selectors.checkins import CHECKIN_KEY, checkin_instrument


def checkin_instrument_ensure(*, peer: PeerWorker) -> Instrument:
    instrument = checkin_instrument(peer.organisation)
    if instrument is None:
        assessments.instruments_sync_shipped(organisation=peer.organisation)
        instrument = checkin_instrument(peer.organisation)
    if instrument is None:
        raise ValidationError(_("The wellbeing check-in is not available in this organisation."))
    return instrument


def checkin_record(
    *,
    peer: PeerWorker,
    answers: dict[str, Any],
    share: bool,
    mode: str = Mode.PHONE,
    user: User | None = None,
    language: str = "",
) -> AssessmentResponse:
    """A peer's own check-in: every question answered, private unless ``share`` is chosen."""
    with transaction.atomic():
        instrument = checkin_instrument_ensure(peer=peer)
        response = assessments.assessment_start(
            organisation=peer.organisation,
            instrument=instrument,
            peer=peer,
            mode=mode,
            user=user,
            language=language,
        )
        definition = response.instrument_version.as_definition()
        missing = [item_id for item_id in definition.item_ids if answers.get(item_id) in (None, "")]
        if missing:
            raise ValidationError({item_id: [_("Choose an answer to this question.")] for item_id in missing})
        unknown = sorted(set(answers) - set(definition.item_ids))
        if unknown:
            raise ValidationError(
                {item_id: [_("This is not a question of the check-in.")] for item_id in unknown}
            )
        return assessments.assessment_submit(response=response, answers=answers, share=share, user=user)


def checkin_share_set(*, response: AssessmentResponse, shared: bool, user: User | None = None) -> None:
    """Share one check-in with the supervisor, or take the sharing back."""
    if response.instrument_version.instrument.key != CHECKIN_KEY:
        raise ValidationError(_("This is not a wellbeing check-in."))
    assessments.response_share_set(response=response, shared=shared, user=user)


def checkin_standing_share_set(*, peer: PeerWorker, shared: bool, user: User | None = None) -> None:
    """Share every check-in (past and future) until the peer says stop; or stop."""
    instrument = checkin_instrument_ensure(peer=peer)
    assessments.standing_share_set(peer=peer, shared=shared, instrument=instrument, user=user)
