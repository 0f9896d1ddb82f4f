"""A peer records needles picked up or an overdose answered outside any shift, afterwards."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from peerwork.accounts.services import peer_credential_set_pin
from peerwork.pay import services as pay_services
from peerwork.pay.models import Payout, PayoutSource
from peerwork.services.models import OverdoseResponse, ServiceEntry
from peerwork.services.offshift import offshift_overdose_record, offshift_sharps_record
from peerwork.shifts.selectors import policy_for
from peerwork.support.models import DebriefOffer

from ..factories import PeerWorkerFactory
from ..foundation.factories import kiosk_client, make_kiosk
from ..leads.factories import PIN as PHONE_PIN
from ..leads.factories import signed_in_phone
from ..pay.factories import EarningsRuleFactory


def _local(org, **delta) -> str:  # type: ignore[no-untyped-def]
    return timezone.localtime(timezone.now() - timedelta(**delta), org.org.zone).strftime("%Y-%m-%dT%H:%M")


def _overdose(p, **changes):  # type: ignore[no-untyped-def]
    data = {
        "organisation": p.org,
        "user": p.peer_user,
        "site": p.site.pk,
        "occurred_at": _local(p, hours=1),
        "place_type": "street",
        "place_name": "Main and Hastings",
        "product": "nasal",
        "doses_given": 2,
        "outcome": "survived",
    }
    data.update(changes)
    return offshift_overdose_record(**data)


def _set_honorarium(p, amount: str) -> None:  # type: ignore[no-untyped-def]
    policy = policy_for(p.org)
    policy.offshift_honorarium = Decimal(amount)
    policy.save()


def test_an_overdose_response_off_shift_is_saved_without_a_shift_and_opens_a_debrief_offer(
    org_a, django_capture_on_commit_callbacks
):
    other = PeerWorkerFactory(organisation=org_a.org, preferred_name="Sam")
    with django_capture_on_commit_callbacks(execute=True):
        result = _overdose(org_a, other_responders=[other])
    event = result.record
    assert isinstance(event, OverdoseResponse)
    assert event.shift is None and event.site == org_a.site and event.recorded_by == org_a.peer_user
    assert set(event.responders.all()) == {org_a.peer, other}
    offered = set(DebriefOffer.objects.filter(response=event).values_list("peer_id", flat=True))
    assert offered == {org_a.peer.pk, other.pk}
    assert result.pay_lines == [], "an organisation with no honorarium pays nothing"
    assert not Payout.objects.exists()


def test_the_supervisor_sees_the_debrief_offer_on_their_support_page(
    org_a, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _overdose(org_a)
    page = client_for(org_a.supervisor).get(reverse("support:dashboard")).content.decode()
    assert org_a.peer.preferred_name in page


def test_an_honorarium_is_owed_to_each_responder_when_the_organisation_pays_one(
    org_a, django_capture_on_commit_callbacks
):
    _set_honorarium(org_a, "40.00")
    with django_capture_on_commit_callbacks(execute=True):
        result = _overdose(org_a)
    payout = Payout.objects.get(peer=org_a.peer)
    assert payout.source == PayoutSource.OFF_SHIFT and payout.amount == Decimal("40.00")
    assert payout.site == org_a.site and payout.reference == f"overdose_response:{result.record.pk}"
    assert "40" in result.pay_lines[0] and "owed" in result.pay_lines[0]


# Mid-month and mid-week, so the payout already made and the response fall in one benefit period.
@time_machine.travel(datetime(2026, 11, 18, 17, 0, tzinfo=UTC), tick=False)
def test_an_honorarium_that_would_pass_the_earnings_limit_is_not_paid_and_says_why(org_a):
    _set_honorarium(org_a, "60.00")
    pay_services.peer_rule_assign(
        peer=org_a.peer,
        rule=EarningsRuleFactory(organisation=org_a.org, exempt_amount=Decimal("100.00")),
        starts_on=date(2020, 1, 1),
        actor=org_a.admin,
    )
    pay_services.payout_create_manual(
        organisation=org_a.org,
        peer=org_a.peer,
        amount="90.00",
        reason="outreach",
        earned_on=org_a.org.today(),
    )
    result = _overdose(org_a, occurred_at=timezone.now() - timedelta(minutes=5))
    assert not Payout.objects.filter(source=PayoutSource.OFF_SHIFT).exists()
    assert "limit" in result.pay_lines[0]
    assert OverdoseResponse.objects.filter(pk=result.record.pk).exists(), "the response itself is kept"


def test_needles_picked_up_off_shift_are_saved_with_where_and_when(org_a):
    result = offshift_sharps_record(
        organisation=org_a.org,
        user=org_a.peer_user,
        site=org_a.site.pk,
        occurred_at=_local(org_a, hours=2),
        quantity=7,
        place_name="Oppenheimer Park",
    )
    entry = result.record
    assert isinstance(entry, ServiceEntry)
    assert (entry.shift, entry.peer, entry.kind, entry.quantity) == (None, org_a.peer, "sharps", 7)
    assert entry.place_name == "Oppenheimer Park"


def test_a_repeated_record_with_the_same_id_is_saved_once(org_a):
    key = "0b4f6c1e-7a1a-4d43-9a51-1a2b3c4d5e6f"
    first = _overdose(org_a, client_uuid=key)
    again = _overdose(org_a, client_uuid=key)
    assert again.duplicate and again.record.pk == first.record.pk
    assert OverdoseResponse.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"occurred_at": ""}, "occurred_at", "Say when"),
        ({"occurred_at": "yesterday-ish"}, "occurred_at", "that can be read"),
        ({"occurred_at": "2099-01-01T10:00"}, "occurred_at", "in the future"),
        ({"occurred_at": "2020-01-01T10:00"}, "occurred_at", "days ago"),
        ({"site": None}, "site", "Choose one of your organisation's sites"),
        ({"place_type": "", "place_name": ""}, "__all__", "Say where it happened"),
        ({"product": "none", "doses_given": 2}, "__all__", "doses given must be 0"),
        ({"other_responders": [999999]}, "other_responders", "active peers of your organisation"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_saved(org_a, changes, field, words):
    _set_honorarium(org_a, "40.00")
    with pytest.raises(ValidationError) as caught:
        _overdose(org_a, **changes)
    assert any(words in m for m in caught.value.message_dict[field])
    assert not OverdoseResponse.objects.exists() and not Payout.objects.exists()
    assert not DebriefOffer.objects.exists()


def test_another_organisations_site_and_peers_are_refused(org_a, org_b):
    with pytest.raises(ValidationError) as caught:
        _overdose(org_a, site=org_b.site.pk)
    assert "site" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        _overdose(org_a, other_responders=[org_b.peer.pk])
    assert "other_responders" in caught.value.message_dict
    with pytest.raises(ValidationError):
        offshift_sharps_record(
            organisation=org_a.org,
            user=org_a.peer_user,
            site=org_b.site.pk,
            occurred_at=_local(org_a, hours=1),
            quantity=3,
            place_name="Alley",
        )
    assert not OverdoseResponse.objects.exists() and not ServiceEntry.objects.exists()


def test_someone_who_is_not_a_peer_cannot_record_off_shift(org_a):
    with pytest.raises(ValidationError):
        _overdose(org_a, user=org_a.coordinator)
    assert not OverdoseResponse.objects.exists()


def test_a_peer_records_an_overdose_response_on_the_page(org_a, client_for):
    page = client_for(org_a.peer_user)
    assert "Record off shift" in page.get(reverse("services:home")).content.decode()
    response = page.post(
        reverse("services:offshift"),
        {
            "form": "overdose",
            "overdose-occurred_at": _local(org_a, minutes=30),
            "overdose-site": org_a.site.pk,
            "overdose-place_type": "park",
            "overdose-product": "nasal",
            "overdose-doses_given": "1",
            "overdose-outcome": "survived",
        },
        follow=True,
    )
    assert "Saved: the overdose response" in response.content.decode()
    assert OverdoseResponse.objects.get().shift is None


def test_the_page_keeps_what_was_typed_and_says_what_is_wrong(org_a, client_for):
    response = client_for(org_a.peer_user).post(
        reverse("services:offshift"),
        {
            "form": "sharps",
            "sharps-occurred_at": "2099-05-01T10:00",
            "sharps-site": org_a.site.pk,
            "sharps-quantity": "4",
            "sharps-place_name": "Behind the library",
        },
    )
    html = response.content.decode()
    assert "in the future" in html and "Behind the library" in html
    assert not ServiceEntry.objects.exists()


def test_the_page_offers_only_the_organisations_own_sites(org_a, org_b, client_for):
    html = client_for(org_a.peer_user).get(reverse("services:offshift")).content.decode()
    assert org_a.site.name in html and org_b.site.name not in html
    assert org_b.peer.preferred_name not in html


def test_a_peer_signed_in_at_the_kiosk_records_afterwards(org_a):
    _device, raw = make_kiosk(org_a, site=org_a.site)
    credential = peer_credential_set_pin(user=org_a.peer_user, pin="4826", organisation=org_a.org)
    client = kiosk_client(raw)
    client.post(reverse("accounts:kiosk_person", kwargs={"pk": credential.pk}), {"pin": "4826"})
    page = client.get(reverse("services:offshift")).content.decode()
    assert 'class="kiosk"' in page
    response = client.post(
        reverse("services:offshift"),
        {
            "form": "sharps",
            "sharps-occurred_at": _local(org_a, hours=3),
            "sharps-site": org_a.site.pk,
            "sharps-quantity": "6",
            "sharps-place_name": "Laneway behind the shelter",
        },
        follow=True,
    )
    assert "Saved: the needles you picked up off shift." in response.content.decode()
    entry = ServiceEntry.objects.get()
    assert (entry.peer, entry.shift, entry.quantity) == (org_a.peer, None, 6)


def test_the_organisation_sets_the_honorarium_and_a_negative_one_is_refused(org_a, org_b, client_for):
    client = client_for(org_a.coordinator)
    page = client.get(reverse("shifts:policy")).content.decode()
    assert "honorarium for an overdose response off shift" in page.lower()
    form = client.get(reverse("shifts:policy")).context["form"]
    values = {name: form[name].value() for name in form.fields}
    refused = client.post(reverse("shifts:policy"), {**values, "offshift_honorarium": "-5"})
    assert refused.status_code == 200 and policy_for(org_a.org).offshift_honorarium == 0
    client.post(reverse("shifts:policy"), {**values, "offshift_honorarium": "30.00"})
    assert policy_for(org_a.org).offshift_honorarium == Decimal("30.00")
    assert policy_for(org_b.org).offshift_honorarium == 0


def test_the_overdose_report_marks_a_response_recorded_off_shift(org_a, client_for):
    _overdose(org_a)
    page = client_for(org_a.supervisor).get(reverse("services:overdoses")).content.decode()
    assert "Recorded off shift" in page


def test_a_peer_on_a_break_cannot_record_off_shift(org_a):
    org_a.peer.status = "on_break"
    org_a.peer.save(update_fields=["status"])
    with pytest.raises(ValidationError) as caught:
        _overdose(org_a)
    assert "active peer" in " ".join(caught.value.messages)
    assert not OverdoseResponse.objects.exists()


def test_someone_elses_record_id_is_refused_without_showing_their_record(org_a):
    key = "7a1c9e7e-2f1b-4c55-9d0a-3b4c5d6e7f80"
    _overdose(org_a, client_uuid=key)
    other = PeerWorkerFactory(organisation=org_a.org, user=org_a.coordinator)
    assert other.pk
    with pytest.raises(ValidationError) as caught:
        _overdose(org_a, user=org_a.coordinator, client_uuid=key)
    assert "already used by another record" in " ".join(caught.value.messages)
    assert OverdoseResponse.objects.count() == 1


def test_a_peer_records_on_their_paired_phone(org_a):
    peer_credential_set_pin(user=org_a.peer_user, pin=PHONE_PIN, organisation=org_a.org)
    _phone, client = signed_in_phone(org_a, org_a.peer_user)
    response = client.post(
        reverse("services:offshift"),
        {
            "form": "overdose",
            "overdose-occurred_at": _local(org_a, minutes=45),
            "overdose-site": org_a.site.pk,
            "overdose-place_type": "washroom",
            "overdose-product": "injectable",
            "overdose-doses_given": "1",
            "overdose-outcome": "survived",
        },
        follow=True,
    )
    assert "Saved: the overdose response" in response.content.decode()
    assert OverdoseResponse.objects.get().recorded_by == org_a.peer_user
