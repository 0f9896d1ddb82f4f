"""The pages: a peer answers on a phone or kiosk, staff run one for a client, admins load files."""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from peerwork.assessments.models import AssessmentResponse, ResponseStatus

from .factories import enable_clients, instrument, made_up_wording, shipped


def test_a_peer_saves_part_way_then_finishes_and_sees_the_result(org_a, client_for):
    peer = client_for(org_a.peer_user)
    mine = peer.get(reverse("assessments:mine"))
    assert mine.status_code == 200 and b"Recovery check-in" in mine.content
    assert b"BARC-10" not in mine.content  # not usable until its wording is loaded
    start = peer.post(reverse("assessments:start", args=[instrument(org_a.org, "recovery-checkin").pk]))
    response = AssessmentResponse.objects.get(peer=org_a.peer)
    assert start["Location"] == reverse("assessments:respond", args=[response.pk])
    saved = peer.post(start["Location"], {"r01": "4", "r02": "5", "action": "save"}, follow=True)
    assert b"Your answers are saved" in saved.content
    response.refresh_from_db()
    assert response.answers == {"r01": 4, "r02": 5}
    answers = {f"r{n:02d}": "4" for n in range(1, 13)}
    done = peer.post(start["Location"], {**answers, "action": "finish", "share": "on"}, follow=True)
    assert b"44.00" in done.content
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED and response.shared_with_staff


def test_an_off_scale_answer_is_shown_next_to_its_question_and_typed_answers_are_kept(org_a, client_for):
    peer = client_for(org_a.peer_user)
    peer.post(reverse("assessments:start", args=[instrument(org_a.org, "recovery-checkin").pk]))
    response = AssessmentResponse.objects.get(peer=org_a.peer)
    page = peer.post(
        reverse("assessments:respond", args=[response.pk]), {"r01": "3", "r02": "8", "action": "save"}
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="id_r02_error"' in body
    assert 'value="3" id="id_r01_2" checked' in body or ('value="3"' in body and "checked" in body)
    response.refresh_from_db()
    assert response.answers == {}


def test_the_page_says_when_a_newer_version_was_loaded(org_a, client_for):
    peer = client_for(org_a.peer_user)
    peer.post(reverse("assessments:start", args=[instrument(org_a.org, "recovery-checkin").pk]))
    response = AssessmentResponse.objects.get(peer=org_a.peer)
    from peerwork.assessments.services import instrument_load

    instrument_load(organisation=org_a.org, raw=json.dumps(shipped("recovery-checkin") | {"version": "1.1"}))
    page = peer.get(reverse("assessments:respond", args=[response.pk]))
    assert b"A newer version (1.1)" in page.content
    assert b"stay on version 1.0" in page.content


def test_a_coordinator_runs_a_check_in_with_a_client_by_code(org_a, client_for):
    enable_clients(org_a.org)
    staff = client_for(org_a.coordinator)
    recovery = instrument(org_a.org, "recovery-checkin")
    started = staff.post(
        reverse("assessments:staff_start"),
        {"start-instrument": recovery.pk, "start-client_code": "m-wxyz-1975"},
    )
    response = AssessmentResponse.objects.get(client_code="M-WXYZ-1975")
    assert started["Location"] == reverse("assessments:respond", args=[response.pk])
    answers = {f"r{n:02d}": "3" for n in range(1, 13)}
    done = staff.post(started["Location"], {**answers, "action": "finish"})
    assert done["Location"] == reverse("assessments:due")
    response.refresh_from_db()
    assert response.is_submitted and response.administered_by == org_a.coordinator


def test_client_check_ins_are_refused_until_the_organisation_turns_them_on(org_a, client_for):
    staff = client_for(org_a.coordinator)
    recovery = instrument(org_a.org, "recovery-checkin")
    page = staff.post(
        reverse("assessments:staff_start"),
        {"start-instrument": recovery.pk, "start-client_code": "M-WXYZ-1975"},
    )
    assert page.status_code == 200
    assert b"has not turned on questionnaires for clients" in page.content


def test_an_admin_uploads_a_bad_definition_and_sees_every_error(org_a, client_for):
    admin = client_for(org_a.admin)
    data = json.loads(json.dumps(shipped("wellbeing-checkin")))
    data["id"] = "pulse"
    data["items"][0]["scale"] = "stars"
    data["items"][1]["subscale"] = "mood"
    page = admin.post(
        reverse("assessments:instruments"),
        {"action": "load", "file": SimpleUploadedFile("pulse.json", json.dumps(data).encode())},
    )
    body = page.content.decode()
    assert "2 problems" in body
    assert "unknown scale &#x27;stars&#x27;" in body and "unknown subscale &#x27;mood&#x27;" in body


def test_an_admin_uploads_wording_and_the_instrument_becomes_ready(org_a, client_for):
    admin = client_for(org_a.admin)
    listing = admin.get(reverse("assessments:instruments"))
    assert listing.content.decode().count("wording not loaded") == 3
    upload = SimpleUploadedFile("proqol.json", json.dumps(made_up_wording("proqol-5")).encode())
    loaded = admin.post(reverse("assessments:instruments"), {"action": "load", "file": upload}, follow=True)
    assert b"Made-up statement p17" in loaded.content
    assert admin.get(reverse("assessments:instruments")).content.decode().count("wording not loaded") == 2


def test_the_admin_turns_on_client_check_ins(org_a, client_for):
    admin = client_for(org_a.admin)
    admin.post(reverse("assessments:instruments"), {"action": "settings", "clients_enabled": "on"})
    from peerwork.assessments.selectors import settings_for

    assert settings_for(org_a.org).clients_enabled


def test_a_peer_cannot_open_staff_pages(org_a, client_for):
    peer = client_for(org_a.peer_user)
    for name in ("assessments:due", "assessments:cohort", "assessments:instruments"):
        assert peer.get(reverse(name)).status_code == 403


def test_staff_start_a_due_check_in_from_the_due_list(org_a, client_for):

    from peerwork.assessments.services import schedule_create

    schedule_create(
        organisation=org_a.org,
        instrument=instrument(org_a.org, "recovery-checkin"),
        peer=org_a.peer,
        starts_on=org_a.org.today(),
    )
    staff = client_for(org_a.supervisor)
    page = staff.get(reverse("assessments:due"))
    assert b"Recovery check-in" in page.content and b"Start now" in page.content
    started = staff.post(
        reverse("assessments:staff_start"),
        {"start-instrument": instrument(org_a.org, "recovery-checkin").pk, "start-peer": org_a.peer.pk},
    )
    response = AssessmentResponse.objects.get(peer=org_a.peer)
    assert started["Location"] == reverse("assessments:respond", args=[response.pk])
    assert response.mode == "staff"


def test_the_mirc_page_says_its_wording_and_keying_come_from_the_loaded_file(org_a, client_for):
    page = client_for(org_a.admin).get(
        reverse("assessments:instrument", args=[instrument(org_a.org, "mirc").pk])
    )
    body = page.content.decode()
    assert "cannot be used yet" in body
    assert body.count('<span class="muted">set by the wording file</span>') == 28
    assert "Bowen" in body


def test_the_proqol_page_lists_its_bands_with_their_source(org_a, client_for):
    page = client_for(org_a.admin).get(
        reverse("assessments:instrument", args=[instrument(org_a.org, "proqol-5").pk])
    )
    body = page.content.decode()
    assert "Bands and cut-offs" in body
    assert body.count("Stamm BH. The Concise ProQOL Manual") == 9
    assert "≥ 42" in body and "23–41.99" in body
