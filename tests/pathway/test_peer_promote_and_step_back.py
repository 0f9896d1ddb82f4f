from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from peerwork.audit.models import AuditEvent
from peerwork.participation.services import participation_record
from peerwork.pathway import hooks
from peerwork.pathway.models import PeerPosition, Stage, StageChange
from peerwork.pathway.services import peer_promote, peer_step_back
from peerwork.peers.services import peer_create
from tests.participation.factories import activity


@pytest.fixture
def robin(org_a):
    return peer_create(organisation=org_a.org, preferred_name="Robin")


def test_promotion_with_unmet_criteria_needs_an_override_reason(org_a, robin):
    with pytest.raises(ValidationError) as caught:
        peer_promote(peer=robin, by=org_a.coordinator)
    assert "0 of 8 hours worked" in " ".join(caught.value.message_dict["override_reason"])
    assert PeerPosition.objects.get(peer=robin).stage.order == 1
    change = peer_promote(peer=robin, by=org_a.coordinator, override_reason="Years of outreach work")
    assert change.to_stage.name == "Trainee"
    assert change.override_reason == "Years of outreach work"
    assert AuditEvent.objects.filter(action="stage_promotion", detail__override=True).exists()


def test_promotion_when_every_criterion_is_met_needs_no_override(org_a, robin, monkeypatch):
    Stage.objects.filter(organisation=org_a.org, order=2).update(min_weeks_at_previous=0)
    monkeypatch.setattr(
        hooks.hours_worked_many, "_impl", lambda org, peers, until: {p.pk: Decimal("9") for p in peers}
    )
    for days in (1, 2, 3):  # the default Trainee step asks for taking part in 3 activities
        participation_record(
            activity=activity(org_a, starts=timezone.now() - timedelta(days=days)), peers=[robin]
        )
    change = peer_promote(peer=robin, by=org_a.coordinator, reason="Ready")
    assert change.kind == "promotion" and change.override_reason == ""
    assert PeerPosition.objects.get(peer=robin).stage.name == "Trainee"


def test_step_back_needs_a_reason_and_keeps_history(org_a, robin):
    with pytest.raises(ValidationError):
        peer_step_back(peer=robin, by=org_a.coordinator, reason="")  # first stage and no reason
    peer_promote(peer=robin, by=org_a.coordinator, override_reason="Known to the team")
    with pytest.raises(ValidationError) as caught:
        peer_step_back(peer=robin, by=org_a.coordinator, reason="  ")
    assert "reason" in caught.value.message_dict
    change = peer_step_back(peer=robin, by=org_a.coordinator, reason="Wants fewer shifts for now")
    assert change.to_stage.order == 1 and change.kind == "step_back"
    kinds = list(StageChange.objects.filter(peer=robin).order_by("id").values_list("kind", flat=True))
    assert kinds == ["start", "promotion", "step_back"]


def test_the_promote_page_records_the_override_and_refuses_without_it(org_a, org_b, robin, client_for):
    client = client_for(org_a.supervisor)
    url = reverse("pathway:promote", args=[robin.pk])
    page = client.get(url)
    assert b"0 of 8 hours worked" in page.content
    refused = client.post(url, {"reason": "", "override_reason": ""})
    assert refused.status_code == 200 and b"write why" in refused.content
    done = client.post(url, {"reason": "", "override_reason": "Experienced volunteer"})
    assert done.status_code == 302
    assert StageChange.objects.filter(peer=robin, override_reason="Experienced volunteer").exists()
    assert client_for(org_a.evaluator).get(url).status_code == 403
    assert client_for(org_b.supervisor).get(url).status_code == 404


def test_the_step_back_page_and_sign_off(org_a, robin, client_for):
    peer_promote(peer=robin, by=org_a.coordinator, override_reason="Known to the team")
    client = client_for(org_a.admin)
    refused = client.post(reverse("pathway:step_back", args=[robin.pk]), {"reason": ""})
    assert refused.status_code == 200
    assert (
        client.post(reverse("pathway:sign_off", args=[robin.pk]), {"note": "Good with people"}).status_code
        == 302
    )
    assert robin.stage_sign_offs.get().stage.order == 3
    done = client.post(reverse("pathway:step_back", args=[robin.pk]), {"reason": "Asked for a pause"})
    assert done.status_code == 302
    assert PeerPosition.objects.get(peer=robin).stage.order == 1
