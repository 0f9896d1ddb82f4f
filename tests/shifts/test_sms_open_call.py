"""A shift made at short notice that nobody asked for goes out by text as an open call: fairest
first (fewest recent hours, then longest since a last shift), through the one rule check, and
only to peers at its site who agreed to texts. A shift further off waits for sign-up and the
week's allocation."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from twilio.request_validator import RequestValidator

from peerwork.peers.services import peer_sms_consent
from peerwork.shifts.models import (
    Assignment,
    AssignmentSource,
    AssignmentStatus,
    ShiftPolicy,
    SmsOffer,
    WeeklyTemplate,
)
from peerwork.shifts.services import shift_create
from tests.factories import PeerWorkerFactory, SiteFactory

from .factories import AssignmentFactory, RoleFactory, ShiftFactory

TOKEN = "test-auth-token"


@pytest.fixture
def open_call(org_a, settings, tmp_path):
    settings.SMS_FILE_PATH = tmp_path / "sms"
    settings.TWILIO_AUTH_TOKEN = TOKEN
    org_a.org.country = "CA"
    org_a.org.save()
    ShiftPolicy.objects.update_or_create(
        organisation=org_a.org, defaults={"sms_offers": True, "sms_wave_size": 3, "sms_offer_minutes": 30}
    )
    role = RoleFactory(organisation=org_a.org)
    now = timezone.now().replace(microsecond=0)
    people = {}
    for number, name in enumerate(("veteran", "idle", "newcomer", "busy", "elsewhere", "silent"), start=1):
        peer = PeerWorkerFactory(organisation=org_a.org, preferred_name=name.title())
        peer.sites.add(SiteFactory(organisation=org_a.org) if name == "elsewhere" else org_a.site)
        peer_sms_consent(
            peer=peer, phone=f"41655502{number:02}", consent=name != "silent", by=org_a.coordinator
        )
        people[name] = peer

    def worked(peer, days_ago):
        shift = ShiftFactory(
            organisation=org_a.org, site=org_a.site, role=role, starts_at=now - timedelta(days=days_ago)
        )
        AssignmentFactory(shift=shift, peer=peer, organisation=org_a.org, status=AssignmentStatus.COMPLETED)

    worked(people["veteran"], 10)  # four hours in the last four weeks
    worked(people["idle"], 40)  # none in the last four weeks, a last shift long ago
    # Busy already holds a place at the very time of the new shift: the rules refuse a second.
    at = now + timedelta(hours=5)
    clash = ShiftFactory(organisation=org_a.org, site=org_a.site, role=role, starts_at=at)
    AssignmentFactory(shift=clash, peer=people["busy"], organisation=org_a.org)
    return role, at, people


def _outbox(tmp_path):
    folder = tmp_path / "sms"
    return [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))] if folder.exists() else []


def _reply(client, phone, body, sid):
    url = "http://testserver" + reverse("shifts:sms_inbound")
    data = {"From": phone, "Body": body, "MessageSid": sid}
    signature = RequestValidator(TOKEN).compute_signature(url, data)
    return client.post(url, data, HTTP_X_TWILIO_SIGNATURE=signature).content.decode()


def test_a_short_notice_shift_made_through_the_api_is_offered_fairest_first(
    open_call, org_a, client_for, tmp_path, django_capture_on_commit_callbacks
):
    role, at, people = open_call
    with django_capture_on_commit_callbacks(execute=True):
        made = client_for(org_a.coordinator).post(
            "/api/v1/shifts/",
            data={
                "site_id": org_a.site.pk,
                "role_id": role.pk,
                "starts_at": at.isoformat(),
                "ends_at": (at + timedelta(hours=4)).isoformat(),
                "slots": 1,
            },
            content_type="application/json",
        )
    assert made.status_code == 201, made.content
    offered = SmsOffer.objects.filter(shift_id=made.json()["id"]).order_by("id")
    # The newcomer (no shift yet), then the idle peer (none for weeks), then the veteran; never the
    # peer the rules refuse, one at another site, or one who did not agree to texts.
    assert [o.peer.preferred_name for o in offered] == ["Newcomer", "Idle", "Veteran"]
    assert {o.wave for o in offered} == {1}
    texts = {m["to"]: m["body"] for m in _outbox(tmp_path)}
    assert set(texts) == {people[n].phone for n in ("newcomer", "idle", "veteran")}
    assert f"Reply YES {offered[0].code}" in texts[people["newcomer"].phone]


def test_the_first_yes_to_an_open_call_takes_the_place_as_a_text_offer(open_call, org_a, client):
    role, at, people = open_call
    shift = shift_create(
        organisation=org_a.org,
        site=org_a.site,
        role=role,
        starts_at=at,
        ends_at=at + timedelta(hours=4),
        slots=1,
        by=org_a.coordinator,
    )
    idle = SmsOffer.objects.get(shift=shift, peer=people["idle"])
    newcomer = SmsOffer.objects.get(shift=shift, peer=people["newcomer"])
    assert "It's yours" in _reply(client, people["idle"].phone, f"YES {idle.code}", "SM-open-1")
    assert "Sorry, it's taken" in _reply(
        client, people["newcomer"].phone, f"YES {newcomer.code}", "SM-open-2"
    )
    taken = Assignment.objects.get(shift=shift, status=AssignmentStatus.ASSIGNED)
    assert (taken.peer, taken.source) == (people["idle"], AssignmentSource.TEXT_OFFER)


@pytest.mark.parametrize(
    "situation",
    ["starts in three days", "sign-up not open yet", "offers by text are off", "made from a template"],
)
def test_no_open_call_for_a_shift_that_is_not_short_notice_or_not_open(open_call, org_a, situation):
    role, at, _people = open_call
    starts = at + timedelta(days=3) if situation == "starts in three days" else at
    if situation == "offers by text are off":
        ShiftPolicy.objects.filter(organisation=org_a.org).update(sms_offers=False)
    extra = {}
    if situation == "sign-up not open yet":
        extra["signup_opens_at"] = timezone.now() + timedelta(hours=1)
    if situation == "made from a template":
        extra["template"] = WeeklyTemplate.objects.create(
            organisation=org_a.org,
            site=org_a.site,
            role=role,
            weekday=0,
            start_time="09:00",
            end_time="13:00",
        )
    shift = shift_create(
        organisation=org_a.org,
        site=org_a.site,
        role=role,
        starts_at=starts,
        ends_at=starts + timedelta(hours=4),
        slots=1,
        by=org_a.coordinator,
        **extra,
    )
    assert not SmsOffer.objects.filter(shift=shift).exists()


def test_a_coordinator_adding_a_shift_for_today_on_the_page_is_told_it_went_out_by_text(
    open_call, org_a, client_for
):
    role, at, _people = open_call
    local = timezone.localtime(at, org_a.org.zone)
    response = client_for(org_a.coordinator).post(
        reverse("shifts:shift_new"),
        {
            "site": org_a.site.pk,
            "role": role.pk,
            "starts_at": f"{local:%Y-%m-%dT%H:%M}",
            "ends_at": f"{local + timedelta(hours=4):%Y-%m-%dT%H:%M}",
            "slots": "1",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Shift saved." in page
    assert "It starts soon: offered by text to 3 peers; the first YES takes it." in page
