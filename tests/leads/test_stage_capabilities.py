"""Stages grant peer capabilities, set per organisation on the ladder; ``peer_can`` is the one check."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from peerwork.pathway import services
from peerwork.pathway.models import PeerCapability, Stage
from peerwork.pathway.selectors import peer_can
from peerwork.peers.models import PeerStatus
from tests.pathway.factories import ladder

from .factories import make_lead

pytestmark = pytest.mark.django_db


def test_the_default_ladder_lets_peer_leads_lead_and_senior_peers_mentor(org_a):
    stages = {stage.order: stage for stage in ladder(org_a.org)}
    assert stages[5].peer_capabilities == sorted(PeerCapability.values)
    assert stages[4].peer_capabilities == ["record_mentoring"]
    assert stages[3].peer_capabilities == []


def test_a_peer_holds_the_capabilities_of_their_current_stage_only(org_a):
    lead, _user = make_lead(org_a, capabilities=("run_team_desk", "record_mentoring"))
    assert peer_can(lead, "run_team_desk")
    assert peer_can(lead, "record_mentoring")
    assert not peer_can(lead, "log_team_services")
    assert not peer_can(org_a.peer, "run_team_desk")  # not on the ladder at all
    assert not peer_can(None, "run_team_desk")
    lead.status = PeerStatus.ON_BREAK
    lead.save()
    assert not peer_can(lead, "run_team_desk")


def test_an_unknown_capability_name_is_a_programming_error(org_a):
    lead, _user = make_lead(org_a)
    with pytest.raises(KeyError):
        peer_can(lead, "run_everything")


def test_the_admin_sets_capabilities_on_the_stage_form(org_a, client_for):
    stage = Stage.objects.create(organisation=org_a.org, name="Senior", order=4)
    response = client_for(org_a.admin).post(
        reverse("pathway:stage_edit", kwargs={"pk": stage.pk}),
        {
            "name": "Senior",
            "description": "",
            "min_hours_worked": "0",
            "min_supervision_hours": "0",
            "min_weeks_at_previous": "0",
            "peer_capabilities": ["see_team_week", "record_mentoring"],
        },
    )
    assert response.status_code == 302
    stage.refresh_from_db()
    assert stage.peer_capabilities == ["record_mentoring", "see_team_week"]
    page = client_for(org_a.admin).get(reverse("pathway:ladder")).content.decode()
    assert "See their team&#x27;s week" in page or "See their team's week" in page


def test_a_made_up_capability_is_refused_and_nothing_is_saved(org_a):
    stage = Stage.objects.create(organisation=org_a.org, name="Senior", order=4)
    with pytest.raises(ValidationError):
        services.stage_update(stage=stage, peer_capabilities=["run_payroll"])
    stage.refresh_from_db()
    assert stage.peer_capabilities == []


def test_the_stage_schema_carries_its_capabilities(org_a, org_b, client_for):
    stage = Stage.objects.create(
        organisation=org_a.org, name="Peer lead", order=5, peer_capabilities=["run_team_desk"]
    )
    body = client_for(org_a.coordinator).get(f"/api/v1/ladder/stages/{stage.pk}").json()
    assert body["peer_capabilities"] == ["run_team_desk"]
    assert client_for(org_b.coordinator).get(f"/api/v1/ladder/stages/{stage.pk}").status_code == 404


def test_an_admin_sets_a_stages_capabilities_through_the_api(org_a, org_b, client_for):
    stage = Stage.objects.create(organisation=org_a.org, name="Peer lead", order=5)
    url = f"/api/v1/ladder/stages/{stage.pk}/capabilities"
    body = {"peer_capabilities": ["see_team_week", "run_team_desk"]}
    ok = client_for(org_a.admin).put(url, data=body, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["peer_capabilities"] == ["run_team_desk", "see_team_week"]
    bad = client_for(org_a.admin).put(
        url, data={"peer_capabilities": ["run_payroll"]}, content_type="application/json"
    )
    assert bad.status_code == 422 and "peer_capabilities.0" in bad.json()["errors"]
    stage.refresh_from_db()
    assert stage.peer_capabilities == ["run_team_desk", "see_team_week"]
    assert (
        client_for(org_a.coordinator).put(url, data=body, content_type="application/json").status_code == 403
    )
    assert client_for(org_b.admin).put(url, data=body, content_type="application/json").status_code == 404
