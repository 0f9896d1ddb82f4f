"""Casework and role checks follow the privacy rules: a client not seen for the retention period
goes with their whole casework; erasing a peer removes what they said about their own role and
their names from the casework they wrote, while the clients' records stay."""

from __future__ import annotations

from datetime import timedelta

import pytest

from peerwork.casework.models import CaseAssignment, CaseClient, CaseReferral, CaseSession, RecoveryPlan
from peerwork.privacy.services import peer_erase, retention_dry_run, retention_purge, retention_rule_set
from peerwork.support.models import RoleCheck, TimeOnRole
from tests.casework.factories import client_on, plan_for, referral_for, session_for
from tests.support.factories import role_with_duties

from .factories import months_ago

pytestmark = pytest.mark.django_db


def _not_seen_for(org, months):  # type: ignore[no-untyped-def]
    client = client_on(org.peer, "F-OLDC-1970", days_ago=(org.org.today() - months_ago(org.org, months)).days)
    plan_for(client)
    session = session_for(client)
    CaseSession.objects.filter(pk=session.pk).update(held_on=months_ago(org.org, months))
    referral_for(client)
    return client


def test_casework_of_a_client_not_seen_for_the_period_is_counted_then_removed_whole(org_a):
    retention_rule_set(organisation=org_a.org, target="casework", keep_months=24, by=org_a.admin)
    old = _not_seen_for(org_a, 30)
    recent = client_on(org_a.peer, "M-NEWC-1990")
    session_for(recent, days_ago=3)

    run = retention_dry_run(organisation=org_a.org, by=org_a.admin)
    assert run.report["counts"]["casework"] == {"casework clients": 1}
    assert CaseClient.objects.filter(pk=old.pk).exists(), "a dry run removes nothing"

    done = retention_purge(run=run, by=org_a.admin)
    assert done.report["done"]["casework"] == {"casework clients": 1}
    assert list(CaseClient.objects.values_list("client_code", flat=True)) == ["M-NEWC-1990"]
    assert not CaseSession.objects.filter(client_id=old.pk).exists()
    assert not RecoveryPlan.objects.filter(client_id=old.pk).exists()
    assert not CaseReferral.objects.filter(client_id=old.pk).exists()
    assert CaseSession.objects.filter(client=recent).count() == 1


def test_a_client_with_no_session_counts_from_their_first_day_on_a_caseload(org_a):
    retention_rule_set(organisation=org_a.org, target="casework", keep_months=12, by=org_a.admin)
    client_on(org_a.peer, "F-NOSS-1985", days_ago=(org_a.org.today() - months_ago(org_a.org, 14)).days)
    client_on(org_a.peer, "F-RECE-1985", days_ago=20)
    run = retention_dry_run(organisation=org_a.org, by=org_a.admin)
    assert run.report["counts"]["casework"] == {"casework clients": 1}


def test_erasing_a_peer_deletes_their_role_checks_and_takes_their_names_out_of_their_casework(org_a):
    peer = org_a.peer
    name = peer.preferred_name
    RoleCheck.objects.create(
        organisation=org_a.org,
        peer=peer,
        role=role_with_duties(org_a.org, name="Mailing", duties=("Fold letters",)),
        time_on_role=TimeOnRole.values[0],
        spent_on="Mostly mailing",
        would_change="More outreach",
        submitted_on=org_a.org.today() - timedelta(days=3),
    )
    client = client_on(peer)
    session = session_for(client)
    CaseSession.objects.filter(pk=session.pk).update(next_step=f"{name} calls the clinic")
    CaseAssignment.objects.filter(client=client).update(handover_note=f"Handed over by {name}")

    peer_erase(peer=peer, by=org_a.admin, reason="asked")

    assert not RoleCheck.objects.filter(peer=peer).exists()
    session.refresh_from_db()
    assert name not in session.next_step and "[erased]" in session.next_step
    assert all(name not in note for note in CaseAssignment.objects.values_list("handover_note", flat=True))
    assert CaseClient.objects.filter(pk=client.pk).exists(), "the client's record stays"
