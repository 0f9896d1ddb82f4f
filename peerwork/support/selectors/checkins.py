"""Reads about a peer's own wellbeing check-ins, kept by the questionnaire engine.

A check-in is an assessments response of the shipped ``wellbeing-checkin`` instrument. Sharing
is the engine's own: per check-in (``shared_with_staff``) or a standing choice; both revocable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Q, QuerySet

from peerwork.assessments import selectors as assessments
from peerwork.assessments.definitions import TOTAL, Definition, text_for
from peerwork.assessments.models import AssessmentResponse, Instrument, ResponseStatus
from peerwork.orgs.models import Organisation
from peerwork.peers.models import PeerWorker

CHECKIN_KEY = "wellbeing-checkin"


def checkin_instrument(organisation: Organisation) -> Instrument | None:
    return Instrument.objects.filter(organisation=organisation, key=CHECKIN_KEY).first()


def own_checkins(peer: PeerWorker) -> QuerySet[AssessmentResponse]:
    return assessments.own_responses(peer).filter(
        instrument_version__instrument__key=CHECKIN_KEY, status=ResponseStatus.SUBMITTED
    )


def shared_checkins(peer: PeerWorker) -> QuerySet[AssessmentResponse]:
    """The peer's finished check-ins that they shared, one by one or with a standing choice."""
    return assessments.results_visible_to_staff(peer.organisation).filter(
        peer=peer, instrument_version__instrument__key=CHECKIN_KEY
    )


def shares_checkins_standing(peer: PeerWorker) -> bool:
    """A standing choice made for check-ins in particular (the one support's page can revoke)."""
    instrument = checkin_instrument(peer.organisation)
    return instrument is not None and assessments.has_standing_share(peer, instrument)


def shares_standing(peer: PeerWorker) -> bool:
    """Every check-in is shared: a standing choice for check-ins, or for all questionnaires."""
    for_checkins = Q(instrument__organisation_id=peer.organisation_id, instrument__key=CHECKIN_KEY)
    return assessments.standing_shares(peer).filter(Q(instrument__isnull=True) | for_checkins).exists()


@dataclass(frozen=True)
class CheckInView:
    response: AssessmentResponse
    submitted_at: datetime
    score: Decimal | None
    band: str
    shared: bool
    answers: list[tuple[str, str]]


def describe(response: AssessmentResponse, language: str, *, shared: bool) -> CheckInView:
    """What a person reads about one check-in: its band in words, and each question with its answer."""
    definition: Definition = response.instrument_version.as_definition()
    total = next((score for score in response.scores.all() if score.target == TOTAL), None)
    band = ""
    if total is not None and total.band:
        for group in definition.data.get("bands") or []:
            for entry in group.get("bands", []) if group.get("score") == TOTAL else []:
                if entry["id"] == total.band:
                    band = text_for(entry.get("label"), language)
    answers = []
    for item in definition.items:
        value = response.answers.get(item["id"])
        label = definition.value_label(item["scale"], int(value), language) if value is not None else "—"
        answers.append((definition.item_text(item["id"], language), label))
    assert response.submitted_at is not None
    return CheckInView(
        response=response,
        submitted_at=response.submitted_at,
        score=total.value if total else None,
        band=band,
        shared=shared,
        answers=answers,
    )


def own_checkin_views(peer: PeerWorker, language: str, limit: int = 12) -> list[CheckInView]:
    standing = shares_standing(peer)
    return [
        describe(response, language, shared=standing or response.shared_with_staff)
        for response in own_checkins(peer)[:limit]
    ]
