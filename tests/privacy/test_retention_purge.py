"""Retention: a dry run counts what would go and removes nothing; the purge does exactly that."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from peerwork.peers.models import PeerStatus, PeerWorker
from peerwork.privacy.models import PurgeRun, PurgeStatus
from peerwork.privacy.services import retention_dry_run, retention_purge, retention_rule_set
from peerwork.services.models import ServiceEntry
from tests.factories import PeerWorkerFactory
from tests.services.factories import ServiceEntryFactory

from .factories import months_ago

pytestmark = pytest.mark.django_db


def _at(day):  # type: ignore[no-untyped-def]
    return datetime.combine(day, time(12), tzinfo=ZoneInfo("America/Toronto"))


def _old_and_new(org_a):  # type: ignore[no-untyped-def]
    old = ServiceEntryFactory(
        organisation=org_a.org,
        site=org_a.site,
        client_code="F-ABCD-1980",
        occurred_at=_at(months_ago(org_a.org, 30)),
    )
    new = ServiceEntryFactory(
        organisation=org_a.org,
        site=org_a.site,
        client_code="M-WXYZ-1975",
        occurred_at=_at(months_ago(org_a.org, 1)),
    )
    left = PeerWorkerFactory(
        organisation=org_a.org, preferred_name="Robin", status=PeerStatus.LEFT, legal_name="Robin Example"
    )
    PeerWorker.objects.filter(pk=left.pk).update(updated_at=_at(months_ago(org_a.org, 40)))
    return old, new, left


def test_a_dry_run_counts_and_removes_nothing(org_a):
    retention_rule_set(organisation=org_a.org, target="service_client_codes", keep_months=24, by=org_a.admin)
    retention_rule_set(organisation=org_a.org, target="left_peers", keep_months=36, by=org_a.admin)
    old, _new, left = _old_and_new(org_a)
    run = retention_dry_run(organisation=org_a.org, by=org_a.admin)
    assert run.report["counts"]["service_client_codes"]["service entries"] == 1
    assert run.report["counts"]["left_peers"]["peers"] == 1
    old.refresh_from_db()
    assert old.client_code == "F-ABCD-1980"
    assert PeerWorker.objects.get(pk=left.pk).preferred_name == "Robin"


def test_the_purge_carries_out_the_dry_run_and_keeps_the_counts(org_a):
    retention_rule_set(organisation=org_a.org, target="service_client_codes", keep_months=24, by=org_a.admin)
    retention_rule_set(organisation=org_a.org, target="left_peers", keep_months=36, by=org_a.admin)
    old, new, left = _old_and_new(org_a)
    run = retention_purge(run=retention_dry_run(organisation=org_a.org, by=org_a.admin), by=org_a.admin)
    assert run.status == PurgeStatus.DONE
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.client_code == "" and old.quantity == 3  # the count stays, the code goes
    assert new.client_code == "M-WXYZ-1975"
    erased = PeerWorker.objects.get(pk=left.pk)
    assert erased.preferred_name.startswith("Erased peer") and erased.legal_name == ""
    assert ServiceEntry.objects.count() == 2


def test_a_dry_run_can_be_carried_out_once_and_only_while_fresh(org_a):
    run = retention_dry_run(organisation=org_a.org, by=org_a.admin)
    retention_purge(run=run, by=org_a.admin)
    with pytest.raises(ValidationError, match="latest dry run"):
        retention_purge(run=run, by=org_a.admin)
    stale = retention_dry_run(organisation=org_a.org, by=org_a.admin)
    PurgeRun.objects.filter(pk=stale.pk).update(created_at=stale.created_at - timedelta(days=2))
    with pytest.raises(ValidationError, match="more than a day old"):
        retention_purge(run=stale, by=org_a.admin)


def test_a_newer_dry_run_supersedes_the_older_one(org_a):
    first = retention_dry_run(organisation=org_a.org, by=org_a.admin)
    retention_dry_run(organisation=org_a.org, by=org_a.admin)
    first.refresh_from_db()
    assert first.status == PurgeStatus.SUPERSEDED


def test_the_retention_page_runs_a_dry_run_then_purges(org_a, client_for):
    _old_and_new(org_a)
    client = client_for(org_a.admin)
    response = client.post(reverse("privacy:retention"), {"dry_run": "1"})
    run = PurgeRun.objects.get()
    assert response.url == reverse("privacy:purge_run", args=[run.pk])
    page = client.get(response.url).content.decode()
    assert "Carry out this run" in page
    client.post(reverse("privacy:purge_execute", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == PurgeStatus.DONE
