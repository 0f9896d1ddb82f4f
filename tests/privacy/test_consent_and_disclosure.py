"""Consent with every 42 CFR Part 2 element; disclosures only while it is in force, each with its notice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from peerwork.audit.models import AuditEvent
from peerwork.privacy.models import ConsentRecord, Disclosure
from peerwork.privacy.services import consent_revoke, disclosure_record

from .factories import consent_for

pytestmark = pytest.mark.django_db


def test_a_consent_names_who_what_to_whom_why_until_when_and_is_audited(org_a):
    consent = consent_for(org_a)
    assert consent.peer == org_a.peer
    assert consent.right_to_revoke_explained is True
    assert consent.is_in_force_on(org_a.org.today())
    assert AuditEvent.objects.filter(action="consent_recorded", object_id=str(consent.pk)).exists()


def test_a_consent_missing_its_elements_lists_each_one_and_saves_nothing(org_a):
    with pytest.raises(ValidationError) as caught:
        consent_for(
            org_a,
            information="",
            recipients=" ",
            purpose="",
            expires_on=None,
            right_to_revoke_explained=False,
        )
    assert set(caught.value.message_dict) == {
        "information",
        "recipients",
        "purpose",
        "expires_on",
        "right_to_revoke_explained",
    }
    assert ConsentRecord.objects.count() == 0


def test_a_client_is_named_by_a_valid_code_only(org_a):
    consent = consent_for(org_a, peer=None, client_code="f abcd 1980")
    assert consent.client_code == "F-ABCD-1980"
    with pytest.raises(ValidationError) as caught:
        consent_for(org_a, peer=None, client_code="Jane Smith")
    assert "client_code" in caught.value.message_dict


def test_a_disclosure_carries_the_part_2_notice(org_a):
    consent = consent_for(org_a)
    disclosure = disclosure_record(
        consent=consent,
        disclosed_on=org_a.org.today(),
        recipient="ODSP",
        what="Earnings for October",
        by=org_a.admin,
    )
    assert "42 CFR part 2" in disclosure.notice


def test_no_disclosure_after_revocation_or_expiry(org_a):
    consent = consent_for(org_a)
    consent_revoke(consent=consent, revoked_on=org_a.org.today(), note="letter", by=org_a.admin)
    with pytest.raises(ValidationError, match="not in force"):
        disclosure_record(
            consent=consent, disclosed_on=org_a.org.today(), recipient="ODSP", what="x", by=org_a.admin
        )
    with pytest.raises(ValidationError, match="already revoked"):
        consent_revoke(consent=consent, revoked_on=org_a.org.today(), note="again", by=org_a.admin)
    expired = consent_for(
        org_a,
        expires_on=org_a.org.today() - timedelta(days=1),
        signed_on=org_a.org.today() - timedelta(days=30),
    )
    with pytest.raises(ValidationError):
        disclosure_record(
            consent=expired, disclosed_on=org_a.org.today(), recipient="x", what="y", by=org_a.admin
        )
    assert Disclosure.objects.count() == 0


@pytest.mark.clock
def test_an_admin_records_a_consent_in_the_browser_form_and_keeps_input_on_error(org_a, client_for):
    client = client_for(org_a.admin)
    response = client.post(
        reverse("privacy:consent_new"),
        {
            "peer": org_a.peer.pk,
            "discloser": "Riverside",
            "information": "Shift dates",
            "recipients": "ODSP caseworker",
            "purpose": "Benefit report",
            "signature_method": "paper",
            "signed_on": org_a.org.today().isoformat(),
            "expires_on": "",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Shift dates" in page and "ODSP caseworker" in page  # what was typed is kept
    assert "Give an expiry date" in page
    assert ConsentRecord.objects.count() == 0
    response = client.post(
        reverse("privacy:consent_new"),
        {
            "peer": org_a.peer.pk,
            "discloser": "Riverside",
            "information": "Shift dates",
            "recipients": "ODSP",
            "purpose": "Benefit report",
            "signature_method": "paper",
            "signed_on": org_a.org.today().isoformat(),
            "expiry_event": "end of this benefit review",
            "right_to_revoke_explained": "on",
        },
    )
    consent = ConsentRecord.objects.get()
    assert response.status_code == 302
    detail = client.get(reverse("privacy:consent_detail", args=[consent.pk])).content.decode()
    assert "end of this benefit review" in detail
    assert "In force" in detail


def test_only_org_admins_manage_privacy(org_a, client_for):
    for user in (org_a.coordinator, org_a.supervisor, org_a.evaluator, org_a.peer_user):
        assert client_for(user).get(reverse("privacy:index")).status_code == 403
    assert client_for(org_a.admin).get(reverse("privacy:index")).status_code == 200


def test_another_organisation_gets_404_for_a_consent(org_a, org_b, client_for):
    consent = consent_for(org_a)
    response = client_for(org_b.admin).get(reverse("privacy:consent_detail", args=[consent.pk]))
    assert response.status_code == 404
