"""Demo: a year of recovery check-ins for most demo peers and some clients, with realistic change."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from peerwork.core.demo import DemoContext
from peerwork.orgs.models import Organisation
from peerwork.peers.models import PeerStatus, PeerWorker

from .definitions import Definition
from .models import AssessmentResponse, AssessmentSettings, Instrument, Mode
from .selectors import current_version
from .services import (
    assessment_start,
    assessment_submit,
    instruments_sync_shipped,
    schedule_create,
    standing_share_set,
)

CLIENT_CODES = (
    "F-ANDE-1984",
    "M-BROW-1979",
    "X-CHAN-1992",
    "M-DESO-1968",
    "F-EKWU-1990",
    "M-FORT-1975",
    "F-GILL-1988",
    "O-HART-1996",
    "M-IBRA-1983",
    "F-JOHN-1971",
    "M-KOWA-1986",
    "F-LAVO-1994",
)


def _answers(definition: Definition, level: float, rng: random.Random) -> dict[str, int]:
    """Answers around ``level`` (1–5 on the item scale), reverse-keyed items answered the other way."""
    answers: dict[str, int] = {}
    for item in definition.items:
        low, high = definition.scale_range(item["scale"])
        value = round(rng.gauss(level, 0.7))
        value = max(low, min(high, value))
        if definition.is_reverse(item["id"]):
            value = low + high - value
        if rng.random() < 0.03:
            continue  # now and then a question is skipped
        answers[item["id"]] = value
    return answers


def _at(organisation: Organisation, day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randint(9, 16), rng.randint(0, 59)), tzinfo=organisation.zone)


def _take(
    *,
    organisation: Organisation,
    instrument: Instrument,
    day: date,
    level: float,
    rng: random.Random,
    peer: PeerWorker | None = None,
    client_code: str = "",
    site: Any = None,
    share: bool | None = None,
) -> AssessmentResponse:
    version = current_version(instrument)
    assert version is not None
    mode = Mode.STAFF if client_code else rng.choice((Mode.KIOSK, Mode.KIOSK, Mode.PHONE))
    response = assessment_start(
        organisation=organisation,
        instrument=instrument,
        peer=peer,
        client_code=client_code,
        mode=mode,
        site=site,
        language="en",
    )
    response = assessment_submit(
        response=response, answers=_answers(version.as_definition(), level, rng), share=share
    )
    when = _at(organisation, day, rng)
    AssessmentResponse.objects.filter(pk=response.pk).update(
        started_at=when - timedelta(minutes=rng.randint(4, 15)), submitted_at=when, updated_at=when
    )
    return response


def build(ctx: DemoContext) -> None:
    organisation = ctx.objects.get("org") or Organisation.objects.filter(slug="riverside").first()
    if organisation is None:
        ctx.notes.append("Assessments demo skipped: no demo organisation.")
        return
    rng = ctx.rng
    today = ctx.today
    sites = list(ctx.objects.get("sites") or organisation.sites.all())
    instruments_sync_shipped(organisation=organisation)
    AssessmentSettings.objects.update_or_create(
        organisation=organisation, defaults={"clients_enabled": True, "reminders_enabled": True}
    )
    recovery = Instrument.objects.get(organisation=organisation, key="recovery-checkin")
    wellbeing = Instrument.objects.get(organisation=organisation, key="wellbeing-checkin")
    peers = list(ctx.objects.get("peers") or PeerWorker.objects.filter(organisation=organisation))
    peers = [p for p in peers if p.status != PeerStatus.LEFT]
    taking = peers[: max(1, int(len(peers) * 0.75))] if peers else []
    for index, peer in enumerate(taking):
        site = peer.sites.first() or (sites[index % len(sites)] if sites else None)
        baseline = today - timedelta(days=rng.randint(340, 365))
        # Most grow slowly; some stay flat; a few slip back for a while.
        level = rng.uniform(2.2, 3.4)
        trend = rng.choice((0.25, 0.2, 0.15, 0.1, 0.0, -0.1))
        shares_all = rng.random() < 0.8
        if shares_all:
            standing_share_set(peer=peer, shared=True)
        day = baseline
        while day <= today - timedelta(days=3):
            _take(
                organisation=organisation,
                instrument=recovery,
                day=day,
                level=level,
                rng=rng,
                peer=peer,
                site=site,
                share=None if shares_all else rng.random() < 0.5,
            )
            level = max(1.2, min(4.8, level + trend + rng.gauss(0, 0.12)))
            day += timedelta(days=rng.randint(84, 98))
        schedule_create(
            organisation=organisation,
            instrument=recovery,
            peer=peer,
            starts_on=baseline,
            every_months=3,
            site=site,
        )
        if index % 3 == 0:
            mood = rng.uniform(2.6, 4.2)
            for months_ago in (3, 2, 1):
                _take(
                    organisation=organisation,
                    instrument=wellbeing,
                    day=today - timedelta(days=30 * months_ago + rng.randint(0, 5)),
                    level=mood + rng.gauss(0, 0.3),
                    rng=rng,
                    peer=peer,
                    site=site,
                    share=shares_all,
                )
    for index, code in enumerate(CLIENT_CODES):
        site = sites[index % len(sites)] if sites else None
        level = rng.uniform(1.8, 3.0)
        day = today - timedelta(days=rng.randint(300, 360))
        while day <= today - timedelta(days=5):
            _take(
                organisation=organisation,
                instrument=recovery,
                day=day,
                level=level,
                rng=rng,
                client_code=code,
                site=site,
            )
            level = max(1.2, min(4.6, level + rng.choice((0.3, 0.2, 0.1, 0.0)) + rng.gauss(0, 0.15)))
            day += timedelta(days=rng.randint(85, 100))
    ctx.notes.append(
        f"  Questionnaires: a year of recovery check-ins for {len(taking)} peers and {len(CLIENT_CODES)} "
        "clients (e.g. client code F-ANDE-1984)."
    )
