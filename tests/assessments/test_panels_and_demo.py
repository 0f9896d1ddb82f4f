"""My work panel ('check-in due', latest result) and the demo builder."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from peerwork.assessments.demo import CLIENT_CODES, build
from peerwork.assessments.models import AssessmentResponse, Schedule
from peerwork.assessments.panels import mywork_panel
from peerwork.assessments.services import schedule_create
from peerwork.core.demo import DemoContext
from peerwork.peers.hooks import PeerPage

from .factories import finished, instrument


def test_my_work_panel_shows_a_due_check_in_and_the_latest_result(org_a, rf):
    request = rf.get("/")
    request.user = org_a.peer_user
    request.organisation = org_a.org
    schedule_create(
        organisation=org_a.org,
        instrument=instrument(org_a.org, "recovery-checkin"),
        peer=org_a.peer,
        starts_on=org_a.org.today() - timedelta(days=1),
    )
    panel = mywork_panel(PeerPage(request, org_a.peer))
    assert panel["template"] == "assessments/mywork_panel.html"
    assert len(panel["context"]["due"]) == 1 and panel["context"]["latest"] is None
    finished(org_a.org, peer=org_a.peer)
    panel = mywork_panel(PeerPage(request, org_a.peer))
    assert panel["context"]["due"] == []
    assert panel["context"]["latest_name"] == "Recovery check-in"


def test_my_work_panel_is_only_for_the_peer_themself(org_a, rf):
    request = rf.get("/")
    request.user = org_a.coordinator
    request.organisation = org_a.org
    assert mywork_panel(PeerPage(request, org_a.peer)) is None


def test_the_demo_gives_a_year_of_check_ins_with_change(org_a):
    ctx = DemoContext(today=org_a.org.today())
    ctx["org"] = org_a.org
    ctx["sites"] = [org_a.site, org_a.other_site]
    ctx["peers"] = [org_a.peer]
    build(ctx)
    peer_responses = AssessmentResponse.objects.filter(
        peer=org_a.peer, instrument_version__instrument__key="recovery-checkin"
    )
    assert peer_responses.count() >= 4
    first = peer_responses.order_by("submitted_at").first()
    assert (timezone.now() - first.submitted_at).days >= 330
    clients = AssessmentResponse.objects.filter(organisation=org_a.org, peer__isnull=True)
    assert {r.client_code for r in clients} == set(CLIENT_CODES)
    assert Schedule.objects.filter(peer=org_a.peer).exists()


def test_the_demo_builder_is_defensive_without_peers(org_a):
    ctx = DemoContext(today=org_a.org.today())
    ctx["org"] = org_a.org
    org_a.peer.delete()
    build(ctx)
    assert AssessmentResponse.objects.filter(peer__isnull=True).exists()
