"""Taking a check-in: partial answers kept, off-scale answers refused, scores stored with the version."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from peerwork.assessments.models import ResponseStatus, Score
from peerwork.assessments.services import (
    assessment_answer,
    assessment_start,
    assessment_submit,
    instrument_load,
)

from .factories import enable_clients, instrument, shipped


def test_partial_answers_are_saved_and_the_check_in_resumes(org_a):
    recovery = instrument(org_a.org, "recovery-checkin")
    response = assessment_start(organisation=org_a.org, instrument=recovery, peer=org_a.peer)
    assessment_answer(response=response, answers={"r01": 4, "r02": "3"})
    again = assessment_start(organisation=org_a.org, instrument=recovery, peer=org_a.peer)
    assert again.pk == response.pk
    again.refresh_from_db()
    assert again.answers == {"r01": 4, "r02": 3}
    assert again.status == ResponseStatus.IN_PROGRESS


def test_an_off_scale_answer_is_refused_and_nothing_is_changed(org_a):
    recovery = instrument(org_a.org, "recovery-checkin")
    response = assessment_start(organisation=org_a.org, instrument=recovery, peer=org_a.peer)
    assessment_answer(response=response, answers={"r01": 4})
    with pytest.raises(ValidationError) as caught:
        assessment_answer(response=response, answers={"r02": 2, "r03": 9})
    assert "r03" in caught.value.message_dict
    assert "choose from 1 to 5" in caught.value.message_dict["r03"][0]
    response.refresh_from_db()
    assert response.answers == {"r01": 4}


def test_submitting_stores_scores_with_the_instrument_version(org_a):
    recovery = instrument(org_a.org, "recovery-checkin")
    response = assessment_start(organisation=org_a.org, instrument=recovery, peer=org_a.peer)
    answers = {f"r{n:02d}": 4 for n in range(1, 13)}
    done = assessment_submit(response=response, answers=answers)
    assert done.status == ResponseStatus.SUBMITTED and done.submitted_at is not None
    scores = {s.target: s for s in Score.objects.filter(response=done)}
    assert set(scores) == {"total", "personal", "social", "community"}
    assert scores["total"].value == Decimal("44.00")  # r07 and r12 reversed: 4 counts as 2
    assert scores["total"].version == "1.0" and scores["total"].instrument_key == "recovery-checkin"
    with pytest.raises(ValidationError):
        assessment_answer(response=done, answers={"r01": 1})


def test_a_version_loaded_mid_check_in_leaves_the_started_one_on_its_version(org_a):
    recovery = instrument(org_a.org, "recovery-checkin")
    response = assessment_start(organisation=org_a.org, instrument=recovery, peer=org_a.peer)
    assessment_answer(response=response, answers={"r01": 5})
    newer = shipped("recovery-checkin") | {"version": "1.1"}
    newer = json.loads(json.dumps(newer))
    newer["items"][0]["reverse"] = True  # the new version scores r01 the other way
    instrument_load(organisation=org_a.org, raw=json.dumps(newer))
    done = assessment_submit(response=response, answers={f"r{n:02d}": 5 for n in range(2, 13)})
    assert done.instrument_version.version == "1.0"
    personal = Score.objects.get(response=done, target="personal")
    assert personal.version == "1.0" and personal.value == Decimal("20.00")
    fresh = assessment_start(organisation=org_a.org, instrument=recovery, peer=org_a.peer)
    assert fresh.instrument_version.version == "1.1"


def test_a_licensed_instrument_cannot_be_started_until_its_wording_is_loaded(org_a):
    barc = instrument(org_a.org, "barc-10")
    with pytest.raises(ValidationError, match="has not been loaded"):
        assessment_start(organisation=org_a.org, instrument=barc, peer=org_a.peer)


def test_clients_need_the_organisation_setting_and_a_valid_code(org_a):
    recovery = instrument(org_a.org, "recovery-checkin")
    with pytest.raises(ValidationError) as caught:
        assessment_start(organisation=org_a.org, instrument=recovery, client_code="F-ABCD-1980")
    assert "not turned on" in str(caught.value)
    enable_clients(org_a.org)
    with pytest.raises(ValidationError) as caught:
        assessment_start(organisation=org_a.org, instrument=recovery, client_code="Jane Doe")
    assert "client_code" in caught.value.message_dict
    response = assessment_start(organisation=org_a.org, instrument=recovery, client_code="f abcd 1980")
    assert response.client_code == "F-ABCD-1980" and response.peer is None


def test_an_instrument_of_another_organisation_is_refused(org_a, org_b):
    recovery_b = instrument(org_b.org, "recovery-checkin")
    with pytest.raises(ValidationError):
        assessment_start(organisation=org_a.org, instrument=recovery_b, peer=org_a.peer)
