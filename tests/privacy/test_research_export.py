"""The research export: months not dates, codes re-keyed for every export, small cells hidden."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from peerwork.audit.models import AuditEvent
from tests.assessments.factories import enable_clients, finished
from tests.services.factories import ServiceEntryFactory

pytestmark = pytest.mark.django_db


def _rows(content: bytes, name: str) -> list[dict[str, str]]:
    text = zipfile.ZipFile(io.BytesIO(content)).read(name).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _export(client, start, end):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("privacy:research_export"), {"start": start.isoformat(), "end": end.isoformat()}
    )


def test_codes_are_rekeyed_per_export_and_dates_become_months(org_a, client_for):
    now = timezone.now()
    for _ in range(2):
        ServiceEntryFactory(
            organisation=org_a.org, site=org_a.site, client_code="F-ABCD-1980", occurred_at=now
        )
    ServiceEntryFactory(organisation=org_a.org, site=org_a.site, client_code="M-WXYZ-1975", occurred_at=now)
    client = client_for(org_a.evaluator)
    start, end = org_a.org.today() - timedelta(days=40), org_a.org.today()
    first = _rows(_export(client, start, end).content, "services.csv")
    second = _rows(_export(client, start, end).content, "services.csv")
    refs = [row["client_ref"] for row in first]
    assert refs[0] == refs[1] != refs[2]  # the same client is the same key within one export
    assert {r["client_ref"] for r in first}.isdisjoint({r["client_ref"] for r in second})
    dumped = str(first)
    assert "ABCD" not in dumped and "1980" not in dumped
    assert all(len(row["month"]) == 7 for row in first)
    datetime.strptime(first[0]["month"], "%Y-%m")  # noqa: DTZ007 - a month label, not a moment
    assert AuditEvent.objects.filter(action="research_export").count() == 2


def test_small_cells_are_hidden_in_the_summary(org_a, client_for):
    now = timezone.now()
    ServiceEntryFactory(organisation=org_a.org, site=org_a.site, quantity=2, occurred_at=now)
    ServiceEntryFactory(organisation=org_a.org, site=org_a.other_site, quantity=40, occurred_at=now)
    content = _export(
        client_for(org_a.admin), org_a.org.today() - timedelta(days=1), org_a.org.today()
    ).content
    summary = _rows(content, "services_by_month_and_site.csv")
    cells = [value for row in summary for key, value in row.items() if key != "month"]
    assert "2" not in cells  # 2 is under the threshold of 5
    assert "40" not in cells  # it would give the 2 away from the total
    assert "" in cells


def test_an_end_before_the_start_is_refused_with_a_message(org_a, client_for):
    response = _export(client_for(org_a.admin), org_a.org.today(), org_a.org.today() - timedelta(days=3))
    assert response.status_code == 200
    assert "The end comes before the start." in response.content.decode()


def test_peers_and_coordinators_cannot_export_research_data(org_a, client_for):
    for user in (org_a.peer_user, org_a.coordinator, org_a.supervisor):
        assert client_for(user).get(reverse("privacy:research_export")).status_code == 403


def test_only_results_staff_may_see_are_exported_and_peer_keys_change_per_export(org_a, client_for):
    enable_clients(org_a.org)
    shared = finished(org_a.org, peer=org_a.peer, value=5, share=True)
    finished(org_a.org, peer=org_a.peer, value=2, share=False)  # told no one
    finished(org_a.org, client_code="F-ABCD-1980", value=3)  # run by staff with a client
    ServiceEntryFactory(organisation=org_a.org, site=org_a.site, peer=org_a.peer, occurred_at=timezone.now())
    client = client_for(org_a.evaluator)
    start, end = org_a.org.today() - timedelta(days=40), org_a.org.today()
    first = _export(client, start, end).content
    totals = _rows(first, "questionnaire_totals.csv")
    shared_total = shared.scores.get(target="total").value
    peer_rows = [row for row in totals if row["peer_ref"]]
    assert [row["total"] for row in peer_rows] == [str(shared_total)]  # the private one is not there
    assert len([row for row in totals if row["client_ref"]]) == 1
    second = _export(client, start, end).content
    peer_refs = {row["peer_ref"] for row in peer_rows} | {r["peer_ref"] for r in _rows(first, "services.csv")}
    again = {r["peer_ref"] for r in _rows(second, "questionnaire_totals.csv") if r["peer_ref"]}
    again |= {r["peer_ref"] for r in _rows(second, "services.csv")}
    assert peer_refs.isdisjoint(again)  # two exports cannot be joined on the peer either
